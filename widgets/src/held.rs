//! The corners the shop's own controls hold over the video — its buttons at the top, the LIVE
//! pin at the bottom — measured whenever one of their border boxes changes size (a
//! `ResizeObserver`: after layout, so reading their boxes costs nothing) and reported, so the
//! tags' badges and labels keep clear of them instead of being covered.

use std::rc::Rc;

use glue::observe::ResizeWatch;
use overlay::Corner;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};
use yew::prelude::*;

/// The controls that hold a corner, found inside the layer.
const CONTROLS: [&str; 2] = [".so-corner", ".so-pin"];

/// Watches the controls inside `layer` while it is mounted, again whenever the pin comes or
/// goes, and tells `on_held` (the latest one given) the corners they hold.
#[hook]
pub fn use_held_corners(layer: NodeRef, pin: bool, on_held: Callback<Vec<Corner>>) {
    let latest = use_mut_ref(|| on_held.clone());
    *latest.borrow_mut() = on_held;
    use_effect_with(pin, move |_| {
        let watch = layer.cast::<Element>().and_then(|layer| {
            let controls: Vec<Element> = CONTROLS
                .iter()
                .filter_map(|s| layer.query_selector(s).ok().flatten())
                .collect();
            let controls = Rc::new(controls);
            let measure = {
                let controls = Rc::clone(&controls);
                move || {
                    let tell = latest.borrow().clone();
                    tell.emit(held(&controls));
                }
            };
            let targets: Vec<&Element> = controls.iter().collect();
            ResizeWatch::border_box(&targets, measure).ok()
        });
        move || drop(watch)
    });
}

/// Each control's corner: from the nearest corner of the box it is placed in (the overlay's
/// root, its offset parent) to its far edges. A control not laid out holds nothing.
fn held(controls: &[Element]) -> Vec<Corner> {
    controls
        .iter()
        .filter_map(|c| {
            let parent = c.dyn_ref::<HtmlElement>()?.offset_parent()?;
            let (r, p) = (
                c.get_bounding_client_rect(),
                parent.get_bounding_client_rect(),
            );
            if r.width() <= 0.0 || r.height() <= 0.0 {
                return None;
            }
            let top = r.top() + r.height() / 2.0 < p.top() + p.height() / 2.0;
            let right = r.left() + r.width() / 2.0 > p.left() + p.width() / 2.0;
            Some(Corner {
                top,
                right,
                w: if right {
                    p.right() - r.left()
                } else {
                    r.right() - p.left()
                },
                h: if top {
                    r.bottom() - p.top()
                } else {
                    p.bottom() - r.top()
                },
            })
        })
        .collect()
}
