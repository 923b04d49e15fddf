//! The one handle JS holds: `mount(video, options)` → `{ on, off, relayout, back, destroy,
//! hasPanicked, panicMessage }`.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use glue::panic::OnPanic;
use overlay::contract::{ErrorKind, EVENTS};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlVideoElement;

use crate::events::{Emitter, ErrorEvent, Problem, Ready};
use crate::mounted::Mounted;
use crate::options::Options;
use crate::panic;
use crate::registry;

/// A mounted overlay. Errors (an invalid manifest or options, a panic) arrive as `error` events;
/// `error` and `ready` events that fire before anyone listens are kept for the first listener.
#[wasm_bindgen]
///
/// The handle only looks at the overlay: [`registry`] keeps it alive until `destroy()` or until
/// its video leaves the document, so a handle nobody keeps (and the garbage collector frees)
/// takes nothing with it.
pub struct OverlayHandle {
    emitter: Rc<Emitter>,
    mounted: Option<Weak<RefCell<Mounted>>>,
    /// The registry's id for this overlay, while it is kept.
    kept: Option<u32>,
}

/// Mounts the overlay on an existing `<video>` without moving or replacing it. Throws only when
/// `video` is not a video element; every other problem is an `error` event on the handle, and
/// the video keeps playing.
#[wasm_bindgen]
pub fn mount(video: JsValue, options: JsValue) -> Result<OverlayHandle, JsValue> {
    let video: HtmlVideoElement = video.dyn_into().map_err(|_| {
        js_sys::TypeError::new("shoppable-overlay: mount(video, options) needs a <video> element")
    })?;
    let emitter = Emitter::new();
    panic::watch(&emitter);
    let mut handle = OverlayHandle {
        emitter: emitter.clone(),
        mounted: None,
        kept: None,
    };
    let fail = |kind, message: String, problems| {
        emitter.emit(
            "error",
            &ErrorEvent {
                kind,
                message,
                problems,
            },
        )
    };
    if panic::has_panicked() {
        // Nothing runs in an instance that panicked (the package's init() loads a fresh one):
        // the new handle hears why, in the panic's own words.
        emitter.panicked(&panic::message().unwrap_or_default());
        return Ok(handle);
    }
    let options = match Options::read(&options) {
        Ok(o) => o,
        Err(message) => {
            fail(ErrorKind::Options, message, Vec::new());
            return Ok(handle);
        }
    };
    if let Some(message) = options.unknown_message() {
        // Said, not fatal: the overlay mounts with the options it knows.
        let problems = options
            .unknown
            .iter()
            .map(|(key, _)| Problem {
                path: format!("options.{key}"),
                message: "is not an option".into(),
            })
            .collect();
        fail(ErrorKind::Options, message, problems);
    }
    let parsed = match crate::json::manifest(&options.manifest) {
        Ok(p) => p,
        Err(errors) => {
            let problems = errors.0.iter().map(Problem::from).collect();
            fail(ErrorKind::Manifest, errors.to_string(), problems);
            return Ok(handle);
        }
    };
    let ready = Ready {
        tags: parsed.manifest.tags.len(),
        products: parsed.manifest.products.len(),
        warnings: parsed.warnings.iter().map(Problem::from).collect(),
    };
    let text = options.manifest.clone();
    match Mounted::start(video, parsed.manifest, text, options, emitter.clone()) {
        Ok(m) => {
            let video = m.borrow().video();
            handle.kept = Some(registry::keep(&video, m.clone(), emitter.clone()));
            handle.mounted = Some(Rc::downgrade(&m));
            emitter.emit("ready", &ready);
        }
        Err(e) => {
            let message = e
                .as_string()
                .or_else(|| {
                    e.dyn_ref::<js_sys::Error>()
                        .map(|e| String::from(e.message()))
                })
                .unwrap_or_else(|| "could not attach to the video".into());
            fail(ErrorKind::Mount, message, Vec::new());
        }
    }
    Ok(handle)
}

impl OverlayHandle {
    /// The overlay, while it is alive.
    fn overlay(&self) -> Option<Rc<RefCell<Mounted>>> {
        self.mounted.as_ref().and_then(Weak::upgrade)
    }
}

#[wasm_bindgen]
impl OverlayHandle {
    /// Subscribes `listener` to `type`: "ready", "error", "tag-activate", "order" or
    /// "live-event". Throws a
    /// TypeError for any other type, so a misspelt name fails loudly instead of never firing.
    pub fn on(&self, kind: &str, listener: js_sys::Function) -> Result<(), JsValue> {
        if !EVENTS.contains(&kind) {
            return Err(js_sys::TypeError::new(&format!(
                "shoppable-overlay: unknown event \"{kind}\"; use {}",
                overlay::small::join(&EVENTS, ", ")
            ))
            .into());
        }
        self.emitter.on(kind, listener);
        Ok(())
    }

    pub fn off(&self, kind: &str, listener: &js_sys::Function) {
        self.emitter.off(kind, listener);
    }

    /// Measures the video again; call after changing its `object-fit`, `object-position` or
    /// padding (size and position changes are followed without it).
    pub fn relayout(&self) {
        if panic::has_panicked() {
            return;
        }
        if let Some(m) = self.overlay() {
            if let Ok(mut m) = m.try_borrow_mut() {
                m.relayout();
            }
        }
    }

    /// Tells the overlay which bands along the video's edges the player's own controls cover
    /// (`{top, right, bottom, left}` in CSS pixels, each optional): a tag whose point falls in
    /// one moves out of it until the band is given back (`setSafeArea({})`). The video.js plugin calls
    /// it as its control bar shows and hides. Throws a TypeError for a side that is not a
    /// number of pixels, 0 or more.
    #[wasm_bindgen(js_name = setSafeArea)]
    pub fn set_safe_area(&self, insets: &JsValue) -> Result<(), JsValue> {
        if !insets.is_object() {
            return Err(js_sys::TypeError::new(
                "shoppable-overlay: setSafeArea({ top, right, bottom, left }) takes an object",
            )
            .into());
        }
        let mut sides = [0.0; 4];
        for (name, side) in ["top", "right", "bottom", "left"]
            .iter()
            .zip(sides.iter_mut())
        {
            let v = js_sys::Reflect::get(insets, &JsValue::from_str(name)).unwrap_or_default();
            if v.is_undefined() || v.is_null() {
                continue;
            }
            match v.as_f64().filter(|n| n.is_finite() && *n >= 0.0) {
                Some(n) => *side = n,
                None => {
                    let mut m = String::from("shoppable-overlay: setSafeArea: ");
                    m.push_str(name);
                    m.push_str(" must be a number of pixels, 0 or more");
                    return Err(js_sys::TypeError::new(&m).into());
                }
            }
        }
        let [top, right, bottom, left] = sides;
        let safe = overlay::Insets {
            top,
            right,
            bottom,
            left,
        };
        if panic::has_panicked() {
            return Ok(());
        }
        if let Some(m) = self.overlay() {
            if let Ok(mut m) = m.try_borrow_mut() {
                m.set_safe_area(safe);
            }
        }
        Ok(())
    }

    /// Whether tags follow exact presented-frame times (`requestVideoFrameCallback`).
    #[wasm_bindgen(js_name = exactFrames)]
    pub fn exact_frames(&self) -> bool {
        self.overlay()
            .and_then(|m| m.try_borrow().ok().map(|m| m.exact_frames()))
            .unwrap_or(false)
    }

    /// For an app's back button or gesture: closes what the overlay opened (the product
    /// card, the cart, the shelf — the topmost one) and answers whether it closed something.
    /// When it answers false the app navigates back itself.
    pub fn back(&self) -> bool {
        if panic::has_panicked() {
            return false;
        }
        self.overlay()
            .and_then(|m| m.try_borrow().ok().map(|m| m.back()))
            .unwrap_or(false)
    }

    /// The server's time (Unix ms) as the overlay estimates it from round-trips, once it has;
    /// deals count down on this clock, never the device's.
    #[wasm_bindgen(js_name = serverNow)]
    pub fn server_now(&self) -> Option<f64> {
        self.overlay()
            .and_then(|m| m.try_borrow().ok().and_then(|m| m.server_now()))
    }

    /// Per-frame script times in milliseconds since the last call (with `measure: true`).
    #[wasm_bindgen(js_name = takeFrameTimes)]
    pub fn take_frame_times(&self) -> Vec<f64> {
        self.overlay()
            .and_then(|m| m.try_borrow_mut().ok().map(|mut m| m.take_samples()))
            .unwrap_or_default()
    }

    /// Removes every node, listener and callback the overlay made. Safe to call twice, and
    /// from inside an event listener: the overlay is torn down when the last reference to it
    /// goes, at the latest when the running callback returns.
    pub fn destroy(&mut self) {
        self.mounted = None;
        if let Some(id) = self.kept.take() {
            registry::release(id);
        }
        self.emitter.clear();
    }

    #[wasm_bindgen(js_name = hasPanicked)]
    pub fn has_panicked(&self) -> bool {
        panic::has_panicked()
    }

    #[wasm_bindgen(js_name = panicMessage)]
    pub fn panic_message(&self) -> Option<String> {
        panic::message()
    }
}
