//! The manifest as the browser parses it: `JSON.parse` (no JSON parser in the first load),
//! flattened by `js/tape.js` into one tape the engine reads in one call, into the engine's own
//! `json::Value`, which the validator reads. When the text is not JSON, the engine's grammar
//! check says where (the browser does not).

use overlay::json::{syntax_error, Map, Value};
use overlay::{Manifest, ManifestErrors, Parsed};
use wasm_bindgen::prelude::*;

use crate::bindings::tape;
use wasm_bindgen::JsCast;

fn message(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .unwrap_or_else(|| "an unknown place".into())
}

/// Parses and validates a manifest, with the same errors and paths as the native parser.
pub fn manifest(text: &str) -> Result<Parsed, ManifestErrors> {
    Manifest::check_size(text.len())?;
    let parsed = js_sys::JSON::parse(text).map_err(|e| {
        let why = match syntax_error(text) {
            Some((line, column, what)) => format!("line {line}, column {column}: {what}"),
            None => message(&e),
        };
        ManifestErrors::malformed(&why)
    })?;
    let t = tape(&parsed).map_err(|e| ManifestErrors::malformed(&message(&e)))?;
    let get = |k: &str| js_sys::Reflect::get(&t, &JsValue::from_str(k)).unwrap_or_default();
    let kinds = js_sys::Uint8Array::new(&get("kinds")).to_vec();
    let nums = js_sys::Float64Array::new(&get("nums")).to_vec();
    let text_all = get("text").as_string().unwrap_or_default();
    let mut r = Reader {
        kinds: &kinds,
        nums: &nums,
        chars: text_all.chars(),
        k: 0,
        n: 0,
    };
    let value = r
        .value()
        .ok_or_else(|| ManifestErrors::malformed("a value the browser gave in a shape not JSON"))?;
    Manifest::from_value(&value, text.len())
}

/// Reads the tape back into a value.
struct Reader<'a> {
    kinds: &'a [u8],
    nums: &'a [f64],
    chars: std::str::Chars<'a>,
    k: usize,
    n: usize,
}

impl Reader<'_> {
    fn num(&mut self) -> Option<f64> {
        let v = *self.nums.get(self.n)?;
        self.n += 1;
        Some(v)
    }

    /// A string of `units` UTF-16 code units from the joined text.
    fn string(&mut self) -> Option<String> {
        let mut units = self.num()? as usize;
        let mut s = String::new();
        while units > 0 {
            let c = self.chars.next()?;
            units = units.checked_sub(c.len_utf16())?;
            s.push(c);
        }
        Some(s)
    }

    fn value(&mut self) -> Option<Value> {
        let kind = *self.kinds.get(self.k)?;
        self.k += 1;
        Some(match kind {
            0 => Value::Null,
            1 => Value::Bool(false),
            2 => Value::Bool(true),
            3 => Value::Number(self.num()?),
            4 => Value::String(self.string()?),
            5 => {
                let len = self.num()? as usize;
                let mut a = Vec::with_capacity(len.min(self.kinds.len()));
                for _ in 0..len {
                    a.push(self.value()?);
                }
                Value::Array(a)
            }
            6 => {
                let len = self.num()? as usize;
                let mut m = Map::new();
                for _ in 0..len {
                    // A key is a string entry of its own.
                    if self.kinds.get(self.k) != Some(&4) {
                        return None;
                    }
                    self.k += 1;
                    let key = self.string()?;
                    m.insert(key, self.value()?);
                }
                Value::Object(m)
            }
            _ => return None,
        })
    }
}
