//! The shop module's panic hook (it is a Wasm module of its own): a panic is reported once, as
//! an `error` event to every overlay's shop and on the console; afterwards every entry point of
//! the shop returns early, and the tags and the video play on.

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

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

fn on_panic(info: &std::panic::PanicHookInfo<'_>) {
    if PANICKED.with(|p| p.replace(true)) {
        return;
    }
    let message = format!("shoppable-overlay's shop stopped after an internal error: {info}");
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
        em.emit(
            "error",
            &ErrorEvent {
                kind: overlay::contract::ErrorKind::Panic,
                message: message.clone(),
                problems: Vec::new(),
            },
        );
    }
}
