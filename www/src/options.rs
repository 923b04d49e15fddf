//! The `options` object of `mount`, read and checked.

use wasm_bindgen::{JsCast, JsValue};

/// What `mount` accepts: `{ manifest: string | object, name?: string, measure?: boolean }`.
pub struct Options {
    /// The manifest as JSON text (an object is serialized first, so the engine's byte limit and
    /// error messages apply the same way).
    pub manifest: String,
    /// Accessible name of the tag group.
    pub name: Option<String>,
    /// Record per-frame script time (`handle.takeFrameTimes()`), for the benchmark.
    pub measure: bool,
}

fn get(obj: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

impl Options {
    pub fn read(v: &JsValue) -> Result<Options, String> {
        if !v.is_object() {
            return Err("options: must be an object like { manifest }".into());
        }
        let m = get(v, "manifest");
        let manifest = if let Some(s) = m.as_string() {
            s
        } else if m.is_object() {
            js_sys::JSON::stringify(&m)
                .ok()
                .and_then(|s| s.as_string())
                .ok_or("options.manifest: could not be serialized to JSON")?
        } else {
            return Err("options.manifest: is required (JSON text or an object)".into());
        };
        let name = get(v, "name");
        let name = if name.is_undefined() || name.is_null() {
            None
        } else {
            Some(name.as_string().ok_or("options.name: must be a string")?)
        };
        let measure = get(v, "measure");
        let measure = measure
            .dyn_ref::<js_sys::Boolean>()
            .is_some_and(|b| b.value_of());
        Ok(Options {
            manifest,
            name,
            measure,
        })
    }
}
