//! The shop module's panic hook (it is a Wasm module of its own, with its own `glue` hook): a
//! panic is reported once, as an `error` event to every overlay's shop and on the console;
//! afterwards every entry point of the shop returns early, and the tags and the video play on.

use std::rc::Rc;

use glue::panic::OnPanic;
use overlay::contract::ErrorKind;

use crate::events::{Emitter, ErrorEvent};

pub use glue::panic::has_panicked;

/// Installs the hook (once) and registers an overlay's emitter to hear about panics.
pub fn watch(emitter: &Rc<Emitter>) {
    glue::panic::watch("shoppable-overlay's shop", emitter);
}

impl OnPanic for Emitter {
    fn panicked(&self, message: &str) {
        self.emit(
            "error",
            &ErrorEvent {
                kind: ErrorKind::Panic,
                message: message.to_string(),
                problems: Vec::new(),
            },
        );
    }
}
