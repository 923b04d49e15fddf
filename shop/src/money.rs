//! Prices for people: minor units formatted with `Intl.NumberFormat` for the viewer's locale
//! and the product's currency (symbol, digits, separators and numerals all from the browser).

use std::cell::RefCell;
use std::collections::BTreeMap;

use wasm_bindgen::JsValue;

use crate::bindings::NumberFormat;

/// One formatter per currency, made on first use.
pub struct Money {
    locale: JsValue,
    formats: RefCell<BTreeMap<String, Option<(NumberFormat, u32)>>>,
}

impl Money {
    /// `locale`: a BCP 47 tag; `None` uses the browser's default.
    pub fn new(locale: Option<&str>) -> Money {
        Money {
            locale: locale.map_or(JsValue::UNDEFINED, JsValue::from_str),
            formats: RefCell::default(),
        }
    }

    fn make(&self, currency: &str) -> Option<(NumberFormat, u32)> {
        let options = js_sys::Object::new();
        let set = |k: &str, v: &JsValue| js_sys::Reflect::set(&options, &JsValue::from_str(k), v);
        set("style", &JsValue::from_str("currency")).ok()?;
        set("currency", &JsValue::from_str(currency)).ok()?;
        let f = NumberFormat::new(&self.locale, &options).ok()?;
        let digits = js_sys::Reflect::get(
            &f.resolved_options(),
            &JsValue::from_str("maximumFractionDigits"),
        )
        .ok()
        .and_then(|d| d.as_f64())
        .map_or(2, |d| d.clamp(0.0, 4.0) as u32);
        Some((f, digits))
    }

    /// `minor` units of `currency` (ISO 4217) as the viewer reads them: 3400 USD → "$34.00"
    /// in en-US, "US$ 34,00" in pt-BR. A code the browser refuses falls back to "34.00 XYZ".
    pub fn format(&self, minor: i64, currency: &str) -> String {
        let mut formats = self.formats.borrow_mut();
        let entry = formats
            .entry(currency.to_string())
            .or_insert_with(|| self.make(currency));
        let digits = entry.as_ref().map_or(2, |(_, d)| *d);
        let amount = minor as f64 / 10f64.powi(digits as i32);
        match entry {
            Some((f, _)) => f.format(amount),
            None => {
                let scale = 10i64.pow(digits);
                let sign = if minor < 0 { "-" } else { "" };
                let (int, frac) = (minor.abs() / scale, minor.abs() % scale);
                if digits == 0 {
                    format!("{sign}{int} {currency}")
                } else {
                    format!("{sign}{int}.{frac:0w$} {currency}", w = digits as usize)
                }
            }
        }
    }
}
