//! The manifest as the browser parses it: `JSON.parse` (no JSON parser in the first load) and
//! a walk of the result into the engine's own `json::Value`, which the validator reads. When
//! the text is not JSON, the engine's grammar check says where (the browser does not).

use overlay::json::{syntax_error, Map, Value};
use overlay::{Manifest, ManifestErrors, Parsed};
use wasm_bindgen::{JsCast, JsValue};

/// Nesting deeper than this is refused (a manifest is a few levels deep).
const MAX_DEPTH: usize = 64;

/// Parses and validates a manifest, with the same errors and paths as the native parser.
pub fn manifest(text: &str) -> Result<Parsed, ManifestErrors> {
    Manifest::check_size(text.len())?;
    let parsed = js_sys::JSON::parse(text).map_err(|e| {
        let why = match syntax_error(text) {
            Some((line, column, what)) => format!("line {line}, column {column}: {what}"),
            None => e
                .dyn_ref::<js_sys::Error>()
                .map(|e| String::from(e.message()))
                .unwrap_or_else(|| "an unknown place".into()),
        };
        ManifestErrors::malformed(&why)
    })?;
    let value = read(&parsed, 0).ok_or_else(|| {
        ManifestErrors::malformed(&format!("a depth over {MAX_DEPTH}: nested too deeply"))
    })?;
    Manifest::from_value(&value, text.len())
}

fn read(v: &JsValue, depth: usize) -> Option<Value> {
    if depth > MAX_DEPTH {
        return None;
    }
    if v.is_null() || v.is_undefined() {
        return Some(Value::Null);
    }
    if let Some(b) = v.as_bool() {
        return Some(Value::Bool(b));
    }
    if let Some(n) = v.as_f64() {
        return Some(Value::Number(n));
    }
    if let Some(s) = v.as_string() {
        return Some(Value::String(s));
    }
    if let Some(a) = v.dyn_ref::<js_sys::Array>() {
        let mut out = Vec::with_capacity(a.length() as usize);
        for item in a.iter() {
            out.push(read(&item, depth + 1)?);
        }
        return Some(Value::Array(out));
    }
    let o = v.dyn_ref::<js_sys::Object>()?;
    let mut m = Map::new();
    for entry in js_sys::Object::entries(o).iter() {
        let pair: js_sys::Array = entry.unchecked_into();
        let key = pair.get(0).as_string().unwrap_or_default();
        m.insert(key, read(&pair.get(1), depth + 1)?);
    }
    Some(Value::Object(m))
}
