//! The JS-facing event protocol: subscribers per event type and the shapes of the events the
//! viewer raises (the shop module raises `order`, `live-event` and its own `error`s through
//! [`Emitter::emit_value`]). Payloads are plain objects built here (no serde in the first load).

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use overlay::contract::ErrorKind;
use wasm_bindgen::JsValue;

fn set(o: &js_sys::Object, key: &str, v: &JsValue) {
    let _ = js_sys::Reflect::set(o, &JsValue::from_str(key), v);
}

/// `tag-activate`: a viewer tapped, clicked or pressed a tag.
pub struct TagActivate<'a> {
    pub tag_id: &'a str,
    pub product_id: &'a str,
    pub media_time: f64,
    /// "pointer" or "keyboard".
    pub input: &'static str,
}

/// One problem, with its JSON path when it has one.
pub struct Problem {
    pub path: String,
    pub message: String,
}

impl From<&overlay::ManifestError> for Problem {
    fn from(e: &overlay::ManifestError) -> Self {
        Problem {
            path: e.path.clone(),
            message: e.message.clone(),
        }
    }
}

fn problems(list: &[Problem]) -> JsValue {
    list.iter()
        .map(|p| {
            let o = js_sys::Object::new();
            set(&o, "path", &JsValue::from_str(&p.path));
            set(&o, "message", &JsValue::from_str(&p.message));
            JsValue::from(o)
        })
        .collect::<js_sys::Array>()
        .into()
}

/// `error`: the overlay cannot do what was asked; the video plays on.
pub struct ErrorEvent {
    /// The viewer raises manifest, options, mount, shop, locale and panic; the shop module
    /// the rest.
    pub kind: ErrorKind,
    /// One readable message with every problem in it.
    pub message: String,
    pub problems: Vec<Problem>,
}

/// `ready`: the manifest is valid and the overlay is live.
pub struct Ready {
    pub tags: usize,
    pub products: usize,
    /// Fields the engine ignored, with their paths.
    pub warnings: Vec<Problem>,
}

/// What an event's payload is, as a plain JS object.
pub trait Payload {
    fn to_js(&self) -> JsValue;
}

impl Payload for TagActivate<'_> {
    fn to_js(&self) -> JsValue {
        let o = js_sys::Object::new();
        set(&o, "tagId", &JsValue::from_str(self.tag_id));
        set(&o, "productId", &JsValue::from_str(self.product_id));
        set(&o, "mediaTime", &JsValue::from_f64(self.media_time));
        set(&o, "input", &JsValue::from_str(self.input));
        o.into()
    }
}

impl Payload for ErrorEvent {
    fn to_js(&self) -> JsValue {
        let o = js_sys::Object::new();
        set(&o, "kind", &JsValue::from_str(self.kind.as_str()));
        set(&o, "message", &JsValue::from_str(&self.message));
        set(&o, "problems", &problems(&self.problems));
        o.into()
    }
}

impl Payload for Ready {
    fn to_js(&self) -> JsValue {
        let o = js_sys::Object::new();
        set(&o, "tags", &JsValue::from_f64(self.tags as f64));
        set(&o, "products", &JsValue::from_f64(self.products as f64));
        set(&o, "warnings", &problems(&self.warnings));
        o.into()
    }
}

/// Event types that are kept until someone listens, because they can fire inside `mount`,
/// before the page had a chance to subscribe.
const STICKY: [&str; 2] = ["error", "ready"];

/// Subscribers by event type, and the events raised and not yet delivered.
///
/// Events go out from a microtask, never from inside the code that raised them: that code
/// holds the overlay (a tap is handled with the overlay borrowed), and a listener calling
/// back into the handle — `back()` from `tag-activate`, the first thing an app does — must
/// find it free. So every event reaches its listeners after the call that raised it has
/// returned, in the order raised, before the browser does anything else.
pub struct Emitter {
    listeners: RefCell<Vec<(String, Vec<js_sys::Function>)>>,
    pending: RefCell<Vec<(String, JsValue)>>,
    outbox: RefCell<Vec<(String, JsValue)>>,
    /// Bumped by `clear()`: a batch being delivered stops there.
    cleared: Cell<u32>,
    me: Weak<Emitter>,
}

impl Emitter {
    pub fn new() -> Rc<Emitter> {
        Rc::new_cyclic(|me| Emitter {
            listeners: RefCell::default(),
            pending: RefCell::default(),
            outbox: RefCell::default(),
            cleared: Cell::new(0),
            me: me.clone(),
        })
    }

    pub fn on(&self, kind: &str, f: js_sys::Function) {
        {
            let mut all = self.listeners.borrow_mut();
            match all.iter_mut().find(|(k, _)| k == kind) {
                Some((_, list)) => list.push(f.clone()),
                None => all.push((kind.to_string(), vec![f.clone()])),
            }
        }
        let due: Vec<JsValue> = {
            let mut pending = self.pending.borrow_mut();
            let (due, keep): (Vec<_>, Vec<_>) = pending.drain(..).partition(|(k, _)| *k == kind);
            *pending = keep;
            due.into_iter().map(|(_, v)| v).collect()
        };
        for v in due {
            call(&f, &v);
        }
    }

    pub fn off(&self, kind: &str, f: &js_sys::Function) {
        if let Some((_, list)) = self
            .listeners
            .borrow_mut()
            .iter_mut()
            .find(|(k, _)| k == kind)
        {
            list.retain(|g| g != f);
        }
    }

    /// Sends `payload` to every listener of `kind`, once the running call has returned. A
    /// listener that throws is reported on the console and does not stop the others.
    pub fn emit(&self, kind: &'static str, payload: &impl Payload) {
        self.emit_value(kind, payload.to_js());
    }

    /// Sends a payload built elsewhere (the shop module's events) to `kind`'s listeners, once
    /// the running call has returned.
    pub fn emit_value(&self, kind: &str, value: JsValue) {
        let first = match self.outbox.try_borrow_mut() {
            Ok(mut out) => {
                out.push((kind.to_string(), value));
                out.len() == 1
            }
            Err(_) => return,
        };
        if first {
            let me = self.me.clone();
            wasm_bindgen_futures::spawn_local(async move {
                if let Some(em) = me.upgrade() {
                    em.flush();
                }
            });
        }
    }

    /// Sends at once, for the panic hook: after a panic nothing else of ours will run.
    pub fn emit_now(&self, kind: &'static str, payload: &impl Payload) {
        self.deliver(kind, payload.to_js());
    }

    /// Delivers what was raised, and what the listeners raise meanwhile.
    fn flush(&self) {
        let era = self.cleared.get();
        loop {
            let batch = match self.outbox.try_borrow_mut() {
                Ok(mut out) => std::mem::take(&mut *out),
                Err(_) => return,
            };
            if batch.is_empty() {
                return;
            }
            for (kind, value) in batch {
                if self.cleared.get() != era {
                    return;
                }
                self.deliver(&kind, value);
            }
        }
    }

    fn deliver(&self, kind: &str, value: JsValue) {
        // Clone the list: a listener may subscribe or unsubscribe while we call it.
        let list: Vec<js_sys::Function> = match self.listeners.try_borrow() {
            Ok(l) => l
                .iter()
                .find(|(k, _)| k == kind)
                .map(|(_, list)| list.clone())
                .unwrap_or_default(),
            Err(_) => return,
        };
        if list.is_empty() {
            if STICKY.contains(&kind) {
                if let Ok(mut p) = self.pending.try_borrow_mut() {
                    p.push((kind.to_string(), value));
                }
            }
            return;
        }
        for f in &list {
            call(f, &value);
        }
    }

    /// Forgets every listener and every event not yet delivered (`destroy()`).
    pub fn clear(&self) {
        self.listeners.borrow_mut().clear();
        self.pending.borrow_mut().clear();
        self.outbox.borrow_mut().clear();
        self.cleared.set(self.cleared.get().wrapping_add(1));
    }
}

fn call(f: &js_sys::Function, v: &JsValue) {
    if let Err(e) = f.call1(&JsValue::NULL, v) {
        web_sys::console::error_2(&JsValue::from_str("shoppable-overlay: listener threw"), &e);
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use overlay::contract::{payload_keys, INPUTS, PROBLEM_KEYS};
    use wasm_bindgen_test::*;

    use super::*;

    wasm_bindgen_test_configure!(run_in_browser);

    fn keys(v: &JsValue) -> Vec<String> {
        js_sys::Object::keys(&js_sys::Object::from(v.clone()))
            .iter()
            .filter_map(|k| k.as_string())
            .collect()
    }

    /// What `index.d.ts` promises (through `overlay::contract`, which xtask checks against it)
    /// is what the viewer's payload objects carry.
    #[wasm_bindgen_test]
    fn payloads_carry_the_keys_the_contract_names() {
        let problem = || Problem {
            path: "tags[0]".into(),
            message: "m".into(),
        };
        let ready = Ready {
            tags: 1,
            products: 1,
            warnings: vec![problem()],
        }
        .to_js();
        assert_eq!(keys(&ready), payload_keys("ready"));
        let warnings = js_sys::Reflect::get(&ready, &"warnings".into()).unwrap_or_default();
        let first = js_sys::Array::from(&warnings).get(0);
        assert_eq!(keys(&first), PROBLEM_KEYS);
        let error = ErrorEvent {
            kind: ErrorKind::Manifest,
            message: "m".into(),
            problems: vec![problem()],
        };
        assert_eq!(keys(&error.to_js()), payload_keys("error"));
        for input in INPUTS {
            let tap = TagActivate {
                tag_id: "t",
                product_id: "p",
                media_time: 1.0,
                input,
            };
            assert_eq!(keys(&tap.to_js()), payload_keys("tag-activate"));
        }
    }
}
