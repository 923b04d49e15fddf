//! The panic hook: a panic is reported once, as an `error` event to every live overlay and on
//! the console; afterwards every entry point returns early, and the video plays on.

use std::rc::Rc;

use glue::panic::OnPanic;
use overlay::contract::ErrorKind;
use wasm_bindgen::prelude::wasm_bindgen;

use crate::events::{Emitter, ErrorEvent};

pub use glue::panic::{has_panicked, message};

/// Installs the hook (once) and registers an overlay's emitter to hear about panics.
pub fn watch(emitter: &Rc<Emitter>) {
    glue::panic::watch("shoppable-overlay", emitter);
}

impl OnPanic for Emitter {
    fn panicked(&self, message: &str) {
        // At once: after a panic nothing scheduled for later can be trusted to run.
        self.emit_now(
            "error",
            &ErrorEvent {
                kind: ErrorKind::Panic,
                message: message.to_string(),
                problems: Vec::new(),
            },
        );
    }
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
