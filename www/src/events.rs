//! The JS-facing event protocol: subscribers per event type and the shapes of the events.
//! These serde structs are the only DTOs that cross into JS.

use std::cell::RefCell;

use serde::Serialize;
use wasm_bindgen::JsValue;

/// `tag-activate`: a viewer tapped, clicked or pressed a tag.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TagActivate<'a> {
    pub tag_id: &'a str,
    pub product_id: &'a str,
    pub media_time: f64,
    /// "pointer" or "keyboard".
    pub input: &'static str,
}

/// `order`: checkout made an order (the host can show its own confirmation or track it).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderPlaced<'a> {
    pub order_id: &'a str,
    /// Formatted for the viewer's locale.
    pub total: &'a str,
}

/// `live-event`: a LIVE room event was applied (a pin, an unpin, a flash deal).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LiveEvent<'a> {
    pub id: u64,
    /// "pin", "unpin", "deal" or "stock".
    pub kind: &'static str,
    pub product_id: &'a str,
}

/// One problem, with its JSON path when it has one.
#[derive(Serialize)]
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

/// `error`: the overlay cannot do what was asked; the video plays on.
#[derive(Serialize)]
pub struct ErrorEvent {
    /// "manifest", "options", "mount", "bridge" (an answer of the wrong shape), "clock" (a
    /// server time that makes no sense), "live" (a malformed LIVE event), "deal" (a manifest
    /// deal the shop does not offer) or "panic".
    pub kind: &'static str,
    /// One readable message with every problem in it.
    pub message: String,
    pub problems: Vec<Problem>,
}

/// `ready`: the manifest is valid and the overlay is live.
#[derive(Serialize)]
pub struct Ready {
    pub tags: usize,
    pub products: usize,
    /// Fields the engine ignored, with their paths.
    pub warnings: Vec<Problem>,
}

/// Event types that are kept until someone listens, because they can fire inside `mount`,
/// before the page had a chance to subscribe.
const STICKY: [&str; 2] = ["error", "ready"];

/// Subscribers by event type.
#[derive(Default)]
pub struct Emitter {
    listeners: RefCell<Vec<(String, Vec<js_sys::Function>)>>,
    pending: RefCell<Vec<(&'static str, JsValue)>>,
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
    pub fn emit<T: Serialize>(&self, kind: &'static str, payload: &T) {
        let value = match payload.serialize(&serde_wasm_bindgen::Serializer::json_compatible()) {
            Ok(v) => v,
            Err(e) => {
                web_sys::console::error_2(
                    &JsValue::from_str("shoppable-overlay: event"),
                    &e.into(),
                );
                return;
            }
        };
        self.emit_value(kind, value);
    }

    fn emit_value(&self, kind: &'static str, value: JsValue) {
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
                    p.push((kind, value));
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
