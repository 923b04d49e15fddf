//! A bottom sheet's drag to close: a finger (or pen, or mouse) on its grip pulls the sheet
//! down; let go far enough down, or fast enough, and it closes; otherwise it springs back.

use web_sys::{Element, HtmlElement, PointerEvent};

/// How far down (px) a release closes the sheet, at the least: a quarter of its height when
/// that is more.
const CLOSE_AT: f64 = 80.0;
/// A flick this fast downwards (px per ms) closes it from any distance.
const FLICK: f64 = 0.6;

/// The grip's ref and pointer listeners.
pub struct Drag {
    pub grip: yew::NodeRef,
    pub onpointerdown: yew::Callback<PointerEvent>,
    pub onpointermove: yew::Callback<PointerEvent>,
    pub onpointerup: yew::Callback<PointerEvent>,
    pub onpointercancel: yew::Callback<PointerEvent>,
}

/// Where a drag stands: the pointer, where it started (y), its last point (y, time) and its
/// speed then (px per ms, downwards).
#[derive(Clone, Copy, Default)]
struct Track {
    pointer: Option<i32>,
    start: f64,
    last: (f64, f64),
    speed: f64,
}

fn set_offset(sheet: &yew::NodeRef, dy: Option<f64>) {
    let Some(el) = sheet.cast::<HtmlElement>() else {
        return;
    };
    let style = el.style();
    match dy {
        Some(dy) => {
            let _ = style.set_property("transform", &format!("translateY({dy}px)"));
            let _ = el.class_list().add_1("so-dragging");
        }
        None => {
            let _ = style.remove_property("transform");
            let _ = el.class_list().remove_1("so-dragging");
        }
    }
}

/// The drag of `sheet` by its grip; `on_close` when released far or fast enough.
#[yew::hook]
pub fn use_sheet_drag(sheet: yew::NodeRef, on_close: yew::Callback<()>) -> Drag {
    let track = yew::use_mut_ref(Track::default);
    let grip = yew::use_node_ref();
    let onpointerdown = {
        let (track, grip) = (track.clone(), grip.clone());
        yew::Callback::from(move |e: PointerEvent| {
            if e.button() != 0 {
                return;
            }
            // The rest of the drag comes to the grip wherever the finger goes. (Not the
            // event's current target: yew listens at its root.)
            if let Some(g) = grip.cast::<Element>() {
                let _ = g.set_pointer_capture(e.pointer_id());
            }
            let y = f64::from(e.client_y());
            *track.borrow_mut() = Track {
                pointer: Some(e.pointer_id()),
                start: y,
                last: (y, e.time_stamp()),
                speed: 0.0,
            };
        })
    };
    let onpointermove = {
        let (track, sheet) = (track.clone(), sheet.clone());
        yew::Callback::from(move |e: PointerEvent| {
            let mut t = track.borrow_mut();
            if t.pointer != Some(e.pointer_id()) {
                return;
            }
            let (y, at) = (f64::from(e.client_y()), e.time_stamp());
            let dt = at - t.last.1;
            if dt > 0.0 {
                t.speed = (y - t.last.0) / dt;
            }
            t.last = (y, at);
            set_offset(&sheet, Some((y - t.start).max(0.0)));
        })
    };
    let end = move |cancelled: bool| {
        let (track, sheet, on_close) = (track.clone(), sheet.clone(), on_close.clone());
        yew::Callback::from(move |e: PointerEvent| {
            let t = *track.borrow();
            if t.pointer != Some(e.pointer_id()) {
                return;
            }
            *track.borrow_mut() = Track::default();
            let dy = f64::from(e.client_y()) - t.start;
            let height = sheet
                .cast::<HtmlElement>()
                .map_or(0.0, |s| s.get_bounding_client_rect().height());
            let far = dy > CLOSE_AT.max(height / 4.0);
            if !cancelled && (far || (dy > 16.0 && t.speed > FLICK)) {
                on_close.emit(());
            } else {
                set_offset(&sheet, None);
            }
        })
    };
    Drag {
        grip,
        onpointerdown,
        onpointermove,
        onpointerup: end(false),
        onpointercancel: end(true),
    }
}
