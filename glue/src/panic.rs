//! The panic hook of one Wasm module (each module has its own memory, so its own hook): a
//! panic is written to the console once, kept as the module's message, and told to every
//! listener still alive (the overlays' emitters, which raise an `error` of kind "panic");
//! afterwards [`has_panicked`] is true and every entry point of the module returns early.

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

/// Hears about the module's panic (once).
pub trait OnPanic {
    fn panicked(&self, message: &str);
}

thread_local! {
    static PANICKED: Cell<bool> = const { Cell::new(false) };
    static MESSAGE: RefCell<Option<String>> = const { RefCell::new(None) };
    static WHO: Cell<&'static str> = const { Cell::new("shoppable-overlay") };
    static LISTENERS: RefCell<Vec<Weak<dyn OnPanic>>> = const { RefCell::new(Vec::new()) };
    static INSTALLED: Cell<bool> = const { Cell::new(false) };
}

/// Installs the hook (once per module); `who` starts the message ("shoppable-overlay",
/// "shoppable-overlay's shop"). Then `listener` hears about a panic while it is alive.
pub fn watch<L: OnPanic + 'static>(who: &'static str, listener: &Rc<L>) {
    let listener: Weak<dyn OnPanic> = Rc::downgrade(listener) as Weak<dyn OnPanic>;
    if !INSTALLED.with(|i| i.replace(true)) {
        WHO.with(|w| w.set(who));
        std::panic::set_hook(Box::new(on_panic));
    }
    LISTENERS.with(|l| {
        if let Ok(mut list) = l.try_borrow_mut() {
            list.retain(|w| w.strong_count() > 0);
            list.push(listener);
        }
    });
}

/// Whether this module panicked.
pub fn has_panicked() -> bool {
    PANICKED.with(Cell::get)
}

/// The panic's message, once there was one.
pub fn message() -> Option<String> {
    MESSAGE.with(|m| m.try_borrow().ok().and_then(|m| m.clone()))
}

fn on_panic(info: &std::panic::PanicHookInfo<'_>) {
    if PANICKED.with(|p| p.replace(true)) {
        return;
    }
    let who = WHO.with(Cell::get);
    let message = format!("{who} stopped after an internal error: {info}");
    web_sys::console::error_1(&message.as_str().into());
    MESSAGE.with(|m| {
        if let Ok(mut m) = m.try_borrow_mut() {
            *m = Some(message.clone());
        }
    });
    let alive: Vec<_> = LISTENERS.with(|l| {
        l.try_borrow()
            .map(|list| list.iter().filter_map(Weak::upgrade).collect())
            .unwrap_or_default()
    });
    for l in alive {
        l.panicked(&message);
    }
}
