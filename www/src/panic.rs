//! The panic hook: a panic is reported once, as an `error` event to every live overlay and on
//! the console; afterwards every entry point returns early, and the video plays on.

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use wasm_bindgen::prelude::wasm_bindgen;

use overlay::contract::ErrorKind;

use crate::events::{Emitter, ErrorEvent};

thread_local! {
    static PANICKED: Cell<bool> = const { Cell::new(false) };
    static MESSAGE: RefCell<Option<String>> = const { RefCell::new(None) };
    static EMITTERS: RefCell<Vec<Weak<Emitter>>> = const { RefCell::new(Vec::new()) };
    static INSTALLED: Cell<bool> = const { Cell::new(false) };
}

/// Installs the hook (once) and registers an overlay's emitter to hear about panics.
pub fn watch(emitter: &Rc<Emitter>) {
    if !INSTALLED.with(|i| i.replace(true)) {
        std::panic::set_hook(Box::new(on_panic));
    }
    EMITTERS.with(|e| {
        let mut list = e.borrow_mut();
        list.retain(|w| w.strong_count() > 0);
        list.push(Rc::downgrade(emitter));
    });
}

pub fn has_panicked() -> bool {
    PANICKED.with(Cell::get)
}

/// Whether this Wasm instance has panicked: the package's `init()` then loads a fresh one.
#[wasm_bindgen(js_name = hasPanicked)]
pub fn instance_panicked() -> bool {
    has_panicked()
}

/// The test-only panic switch (feature `panic-switch`): a frame at or past
/// `globalThis.__shoppablePanicAt` seconds panics, as a bug would, mid-playback.
#[cfg(feature = "panic-switch")]
pub fn switch(t: f64) {
    let at = js_sys::Reflect::get(&js_sys::global(), &"__shoppablePanicAt".into())
        .ok()
        .and_then(|v| v.as_f64());
    if at.is_some_and(|at| t >= at) {
        panic!("the test-only panic switch fired at {t:.3} s");
    }
}

pub fn message() -> Option<String> {
    MESSAGE.with(|m| m.try_borrow().ok().and_then(|m| m.clone()))
}

fn on_panic(info: &std::panic::PanicHookInfo<'_>) {
    if PANICKED.with(|p| p.replace(true)) {
        return;
    }
    let message = format!("shoppable-overlay stopped after an internal error: {info}");
    web_sys::console::error_1(&message.as_str().into());
    MESSAGE.with(|m| {
        if let Ok(mut m) = m.try_borrow_mut() {
            *m = Some(message.clone());
        }
    });
    let emitters: Vec<Rc<Emitter>> = EMITTERS.with(|e| {
        e.try_borrow()
            .map(|l| l.iter().filter_map(Weak::upgrade).collect())
            .unwrap_or_default()
    });
    for em in emitters {
        em.emit_now(
            "error",
            &ErrorEvent {
                kind: ErrorKind::Panic,
                message: message.clone(),
                problems: Vec::new(),
            },
        );
    }
}
