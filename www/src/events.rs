//! The JS-facing event protocol: subscribers per event type and the shapes of the events the
//! viewer raises (the shop module raises `order`, `live-event` and its own `error`s through
//! [`Emitter::emit_value`]). Payloads are plain objects built here (no serde in the first load).

use std::cell::RefCell;

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
    /// "manifest", "options", "mount", "shop" (the shop module could not be loaded), "locale"
    /// (a message fell back to English) or "panic" here; the shop adds "bridge", "clock",
    /// "live", "deal" and its own "locale".
    pub kind: &'static str,
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
        set(&o, "kind", &JsValue::from_str(self.kind));
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

/// Subscribers by event type.
#[derive(Default)]
pub struct Emitter {
    listeners: RefCell<Vec<(String, Vec<js_sys::Function>)>>,
    pending: RefCell<Vec<(String, JsValue)>>,
}

impl Emitter {
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

    /// Sends `payload` to every listener of `kind`. A listener that throws is reported on the
    /// console and does not stop the others.
    pub fn emit(&self, kind: &'static str, payload: &impl Payload) {
        self.emit_value(kind, payload.to_js());
    }

    /// Sends a payload built elsewhere (the shop module's events) to `kind`'s listeners.
    pub fn emit_value(&self, kind: &str, value: JsValue) {
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

    pub fn clear(&self) {
        self.listeners.borrow_mut().clear();
        self.pending.borrow_mut().clear();
    }
}

fn call(f: &js_sys::Function, v: &JsValue) {
    if let Err(e) = f.call1(&JsValue::NULL, v) {
        web_sys::console::error_2(&JsValue::from_str("shoppable-overlay: listener threw"), &e);
    }
}
