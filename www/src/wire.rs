//! What the bridge answers, checked for shape: every answer is `{ ok: true, value }` or
//! `{ ok: false, reason }`, and each value is read into a typed struct. An answer of the wrong
//! shape becomes a failure that says what was wrong, never a crash.

use overlay::{Failure, ServerCart};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// A product as the commerce API describes it.
#[derive(Clone, Debug, Deserialize)]
pub struct Product {
    pub id: String,
    pub title: String,
    pub currency: String,
    #[serde(default)]
    pub image: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    pub variants: Vec<Variant>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct Variant {
    pub id: String,
    #[serde(default)]
    pub options: Options,
    pub price: i64,
    #[serde(default)]
    pub compare_at: Option<i64>,
    pub available: i64,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct Options {
    #[serde(default)]
    pub size: Option<String>,
    #[serde(default)]
    pub color: Option<String>,
}

impl Options {
    /// "M · Black", or "One size".
    pub fn label(&self) -> String {
        let parts: Vec<&str> = [self.size.as_deref(), self.color.as_deref()]
            .into_iter()
            .flatten()
            .filter(|s| !s.trim().is_empty())
            .collect();
        if parts.is_empty() {
            "One size".into()
        } else {
            parts.join(" · ")
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct Products {
    pub products: Vec<Product>,
    #[serde(default)]
    pub missing: Vec<String>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct CartLine {
    pub variant_id: String,
    pub product_id: String,
    pub title: String,
    #[serde(default)]
    pub options: Options,
    pub quantity: u32,
    pub unit_price: i64,
    pub available: i64,
}

#[derive(Debug, Deserialize)]
pub struct Cart {
    pub id: String,
    pub revision: u64,
    pub currency: String,
    pub lines: Vec<CartLine>,
    #[serde(default)]
    pub order_id: Option<String>,
}

impl Cart {
    pub fn server_cart(&self) -> ServerCart {
        ServerCart {
            revision: self.revision,
            lines: self
                .lines
                .iter()
                .map(|l| (l.variant_id.clone(), l.quantity))
                .collect(),
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct Order {
    pub id: String,
    pub total: i64,
    pub currency: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Reason {
    kind: String,
    #[serde(default)]
    available: Option<u32>,
    #[serde(default)]
    max: Option<u32>,
    #[serde(default)]
    retry_after_ms: Option<f64>,
    #[serde(default)]
    message: Option<String>,
}

/// Why a bridge call did not produce a value: the bridge's own typed reason, or an answer the
/// engine could not read (`Malformed`, reported as an `error` event by the caller).
#[derive(Clone, Debug, PartialEq)]
pub enum CallError {
    Failed(Failure),
    Malformed(String),
}

impl CallError {
    pub fn failure(&self) -> Failure {
        match self {
            CallError::Failed(f) => f.clone(),
            CallError::Malformed(m) => Failure::Invalid(m.clone()),
        }
    }
}

fn reason(v: JsValue) -> CallError {
    let r: Reason = match serde_wasm_bindgen::from_value(v) {
        Ok(r) => r,
        Err(e) => return CallError::Malformed(format!("bridge answer: reason: {e}")),
    };
    let message = r.message.unwrap_or_default();
    CallError::Failed(match r.kind.as_str() {
        "network" => Failure::Network,
        "throttled" => Failure::Throttled {
            retry_after_ms: r
                .retry_after_ms
                .filter(|ms| ms.is_finite() && *ms >= 0.0)
                .map(|ms| ms.min(3_600_000.0) as u64),
        },
        "server" => Failure::Server,
        "out_of_stock" => Failure::OutOfStock {
            available: r.available.unwrap_or(0),
        },
        "limit" => Failure::Limit {
            max: r.max.unwrap_or(0),
        },
        "not_found" => Failure::NotFound,
        "invalid" => Failure::Invalid(message),
        other => {
            return CallError::Malformed(format!(
                "bridge answer: reason.kind \"{other}\" is not one of network, throttled, \
                 server, out_of_stock, limit, not_found, invalid"
            ))
        }
    })
}

fn message_of(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "an exception".into())
}

/// Awaits what a bridge method returned (a promise or a plain answer) and reads it as `T`.
pub async fn answer<T: DeserializeOwned>(
    method: &str,
    returned: Result<JsValue, JsValue>,
) -> Result<T, CallError> {
    let returned = returned
        .map_err(|e| CallError::Malformed(format!("bridge.{method} threw: {}", message_of(&e))))?;
    let settled = JsFuture::from(js_sys::Promise::resolve(&returned))
        .await
        .map_err(|e| {
            CallError::Malformed(format!("bridge.{method} rejected: {}", message_of(&e)))
        })?;
    if !settled.is_object() {
        return Err(CallError::Malformed(format!(
            "bridge.{method} answered {}, not {{ ok, value }} or {{ ok, reason }}",
            settled.js_typeof().as_string().unwrap_or_default()
        )));
    }
    let get = |k: &str| js_sys::Reflect::get(&settled, &JsValue::from_str(k)).unwrap_or_default();
    match get("ok").as_bool() {
        Some(true) => serde_wasm_bindgen::from_value(get("value"))
            .map_err(|e| CallError::Malformed(format!("bridge.{method} value: {e}"))),
        Some(false) => Err(match reason(get("reason")) {
            CallError::Malformed(m) => CallError::Malformed(format!("bridge.{method}: {m}")),
            f => f,
        }),
        None => Err(CallError::Malformed(format!(
            "bridge.{method} answer: \"ok\" must be true or false"
        ))),
    }
}
