//! The events the shop raises, handed to the viewer's handle (which owns the listeners) through
//! the `emit(type, detail)` function it gave at start. These serde structs are the only DTOs
//! the shop sends into JS.

use overlay::contract::ErrorKind;
use serde::Serialize;
use wasm_bindgen::JsValue;

/// `order`: checkout made an order (the host can show its own confirmation or track it).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderPlaced<'a> {
    pub order_id: &'a str,
    /// The number the viewer was shown (the bridge's order number, else the id).
    pub order_number: &'a str,
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

/// `error`: something the shop met; the tags and the video go on.
#[derive(Serialize)]
pub struct ErrorEvent {
    /// bridge (an answer of the wrong shape, or a refusal in the bridge's own words, which
    /// viewers never see), clock, live, deal, options (an integrator message of the wrong
    /// shape, skipped), locale (a message the viewer's language lacks, shown in English) or
    /// panic; serialized by its name.
    #[serde(serialize_with = "kind_name")]
    pub kind: ErrorKind,
    pub message: String,
    /// Always empty from the shop (the manifest's problems are the viewer's).
    pub problems: Vec<()>,
}

fn kind_name<S: serde::Serializer>(kind: &ErrorKind, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(kind.as_str())
}

/// The viewer's `emit(type, detail)`.
pub struct Emitter {
    emit: js_sys::Function,
}

impl Emitter {
    pub fn new(emit: js_sys::Function) -> Emitter {
        Emitter { emit }
    }

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
        if let Err(e) = self
            .emit
            .call2(&JsValue::NULL, &JsValue::from_str(kind), &value)
        {
            web_sys::console::error_2(&JsValue::from_str("shoppable-overlay: emit threw"), &e);
        }
    }
}

#[cfg(test)]
mod tests {
    use overlay::contract::{payload_keys, LIVE_EVENT_KINDS};
    use serde_json::Value;

    use super::*;

    fn keys(v: &impl Serialize) -> Vec<String> {
        match serde_json::to_value(v) {
            Ok(Value::Object(m)) => m.keys().cloned().collect(),
            other => panic!("not an object: {other:?}"),
        }
    }

    fn sorted(list: &[&str]) -> Vec<String> {
        let mut v: Vec<String> = list.iter().map(|s| s.to_string()).collect();
        v.sort();
        v
    }

    /// What `index.d.ts` promises (through `overlay::contract`, which xtask checks against it)
    /// is what the shop's payloads serialize to.
    #[test]
    fn payloads_serialize_to_the_keys_the_contract_names() {
        let order = OrderPlaced {
            order_id: "o1",
            order_number: "7KQ2-M9XD",
            total: "$1.00",
        };
        assert_eq!(keys(&order), sorted(payload_keys("order")));
        for kind in LIVE_EVENT_KINDS {
            let e = LiveEvent {
                id: 3,
                kind,
                product_id: "p",
            };
            assert_eq!(keys(&e), sorted(payload_keys("live-event")));
        }
        let error = ErrorEvent {
            kind: ErrorKind::Bridge,
            message: "m".into(),
            problems: Vec::new(),
        };
        assert_eq!(keys(&error), sorted(payload_keys("error")));
        let v = serde_json::to_value(&error).unwrap_or_default();
        assert_eq!(v["kind"], "bridge");
    }
}
