//! The authoring player: the video, and over it the draft's tags on the current frame as real
//! buttons (drag to move; arrow keys nudge, Shift for 10%; Delete removes), the box being drawn
//! for tracking, and drop / tap targets for placing products. Pointer positions become
//! fractions of the video picture through the inverse of the viewer's object-fit mapping, so a
//! tag lands where it is shown whatever the studio's player size.

use authoring::words;
use overlay::geometry::to_normalized;
use overlay::{Point, Rect};
use wasm_bindgen::JsCast;
use web_sys::{DragEvent, HtmlElement, KeyboardEvent, PointerEvent};
use yew::prelude::*;

/// A tag shown on the stage.
#[derive(Clone, Debug, PartialEq)]
pub struct Marker {
    pub id: String,
    pub name: String,
    /// Centre in the element's pixels.
    pub x: f64,
    pub y: f64,
    pub selected: bool,
}

/// Input on the stage, in fractions of the picture.
#[derive(Clone, Debug, PartialEq)]
pub enum StageEvent {
    /// Pointer down on the picture (not on a tag).
    Down {
        x: f64,
        y: f64,
    },
    Move {
        x: f64,
        y: f64,
    },
    Up {
        x: f64,
        y: f64,
    },
    /// Pointer down on a tag.
    TagDown {
        tag: String,
        x: f64,
        y: f64,
    },
    /// A key on a focused tag.
    TagKey {
        tag: String,
        key: String,
        shift: bool,
    },
    /// A product dropped on the picture.
    Drop {
        product: String,
        x: f64,
        y: f64,
    },
}

#[derive(Properties, PartialEq)]
pub struct Props {
    pub video: NodeRef,
    pub layer: NodeRef,
    pub markers: Vec<Marker>,
    /// Where the picture is inside the element (for the inverse mapping).
    pub picture: Rect,
    /// A box being drawn or tracked, in element pixels.
    pub boxed: Option<Rect>,
    /// Placing, drawing or moving: the picture takes taps.
    pub mode: &'static str,
    pub error: Option<String>,
    pub onevent: Callback<StageEvent>,
}

fn norm(layer: &NodeRef, picture: Rect, cx: i32, cy: i32) -> (f64, f64) {
    let Some(el) = layer.cast::<HtmlElement>() else {
        return (0.5, 0.5);
    };
    let r = el.get_bounding_client_rect();
    to_normalized(
        picture,
        Point {
            x: cx as f64 - r.left(),
            y: cy as f64 - r.top(),
        },
    )
}

#[function_component(Stage)]
pub fn stage(p: &Props) -> Html {
    let pointer = |kind: u8| {
        let (layer, picture, cb) = (p.layer.clone(), p.picture, p.onevent.clone());
        Callback::from(move |e: PointerEvent| {
            let (x, y) = norm(&layer, picture, e.client_x(), e.client_y());
            match kind {
                0 => {
                    if e.button() != 0 {
                        return;
                    }
                    if let Some(el) = layer.cast::<HtmlElement>() {
                        let _ = el.set_pointer_capture(e.pointer_id());
                        // Leave any text field, so the studio's keys (undo, frame steps) apply.
                        let _ = el.focus();
                    }
                    e.prevent_default();
                    cb.emit(StageEvent::Down { x, y })
                }
                1 => cb.emit(StageEvent::Move { x, y }),
                _ => cb.emit(StageEvent::Up { x, y }),
            }
        })
    };
    let ondragover = Callback::from(|e: DragEvent| e.prevent_default());
    let ondrop = {
        let (layer, picture, cb) = (p.layer.clone(), p.picture, p.onevent.clone());
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            let product = e
                .data_transfer()
                .and_then(|d| d.get_data("text/x-shoppable-product").ok())
                .filter(|s| !s.is_empty());
            if let Some(product) = product {
                let (x, y) = norm(&layer, picture, e.client_x(), e.client_y());
                cb.emit(StageEvent::Drop { product, x, y });
            }
        })
    };
    let markers = p.markers.iter().map(|m| {
        let ondown = {
            let (layer, picture, cb, tag) =
                (p.layer.clone(), p.picture, p.onevent.clone(), m.id.clone());
            Callback::from(move |e: PointerEvent| {
                if e.button() != 0 {
                    return;
                }
                e.stop_propagation();
                e.prevent_default();
                // The tag takes focus, so the arrow keys nudge what was just touched.
                // (yew delegates events: the target's own button, not the current target.)
                if let Some(b) = e
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                    .and_then(|t| t.closest(".st-marker").ok().flatten())
                    .and_then(|t| t.dyn_into::<HtmlElement>().ok())
                {
                    let _ = b.focus();
                }
                if let Some(el) = layer.cast::<HtmlElement>() {
                    let _ = el.set_pointer_capture(e.pointer_id());
                }
                let (x, y) = norm(&layer, picture, e.client_x(), e.client_y());
                cb.emit(StageEvent::TagDown {
                    tag: tag.clone(),
                    x,
                    y,
                });
            })
        };
        let onkeydown = {
            let (cb, tag) = (p.onevent.clone(), m.id.clone());
            Callback::from(move |e: KeyboardEvent| {
                let key = e.key();
                if matches!(
                    key.as_str(),
                    "ArrowLeft" | "ArrowRight" | "ArrowUp" | "ArrowDown" | "Delete" | "Backspace"
                ) {
                    e.prevent_default();
                    e.stop_propagation();
                    cb.emit(StageEvent::TagKey {
                        tag: tag.clone(),
                        key,
                        shift: e.shift_key(),
                    });
                }
            })
        };
        html! {
            <button type="button" key={m.id.clone()}
                class={classes!("st-marker", m.selected.then_some("st-marker--selected"))}
                data-tag={m.id.clone()} data-px={m.x.to_string()} data-py={m.y.to_string()}
                aria-pressed={m.selected.to_string()}
                aria-label={words::f("stage.marker", &[("tag", &m.name)])}
                onpointerdown={ondown} {onkeydown}>
                <span class="st-marker-dot" aria-hidden="true"></span>
                <bdi class="st-marker-name">{ m.name.clone() }</bdi>
            </button>
        }
    });
    let boxed = p.boxed.map(|b| {
        html! {
            <div class="st-box" aria-hidden="true" data-px={b.x.to_string()} data-py={b.y.to_string()}
                 data-pw={b.w.to_string()} data-ph={b.h.to_string()}></div>
        }
    });
    html! {
        <div class="st-stage">
            <video ref={p.video.clone()} class="st-video" playsinline=true preload="auto" muted=true
                   aria-label={words::t("stage.video")}></video>
            <div ref={p.layer.clone()} class={classes!("st-layer", format!("st-layer--{}", p.mode))} tabindex="-1"
                 onpointerdown={pointer(0)} onpointermove={pointer(1)} onpointerup={pointer(2)}
                 {ondragover} {ondrop}>
                { for markers }
                { for boxed }
            </div>
            if let Some(e) = &p.error {
                <p class="st-video-error" role="alert">{ e.clone() }</p>
            }
        </div>
    }
}
