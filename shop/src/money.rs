//! Prices for people: minor units formatted with `Intl.NumberFormat` for the viewer's locale
//! and the product's currency (symbol, digits, separators and numerals all from the browser).

use std::cell::RefCell;
use std::collections::BTreeMap;

use wasm_bindgen::JsValue;
use widgets::Tr;

use crate::bindings::NumberFormat;

/// How one currency is formatted: by Intl as a currency, or — a code the browser refuses —
/// as a plain number in the locale's digits put into the catalog's `price.fallback`.
enum Format {
    Currency(NumberFormat, u32),
    Plain(Option<NumberFormat>, u32),
}

/// One formatter per currency, made on first use, for the locale of the overlay's words.
pub struct Money {
    tr: Tr,
    locale: JsValue,
    formats: RefCell<BTreeMap<String, Format>>,
}

fn options(pairs: &[(&str, JsValue)]) -> Option<js_sys::Object> {
    let o = js_sys::Object::new();
    for (k, v) in pairs {
        js_sys::Reflect::set(&o, &JsValue::from_str(k), v).ok()?;
    }
    Some(o)
}

impl Money {
    /// Prices in `tr`'s locale (the one the viewer resolved for the words too).
    pub fn new(tr: &Tr) -> Money {
        Money {
            tr: tr.clone(),
            locale: JsValue::from_str(tr.locale()),
            formats: RefCell::default(),
        }
    }

    fn make(&self, currency: &str) -> Format {
        let currency_format = || {
            let o = options(&[
                ("style", JsValue::from_str("currency")),
                ("currency", JsValue::from_str(currency)),
            ])?;
            let f = NumberFormat::new(&self.locale, &o).ok()?;
            let digits = js_sys::Reflect::get(
                &f.resolved_options(),
                &JsValue::from_str("maximumFractionDigits"),
            )
            .ok()
            .and_then(|d| d.as_f64())
            .map_or(2, |d| d.clamp(0.0, 4.0) as u32);
            Some((f, digits))
        };
        match currency_format() {
            Some((f, digits)) => Format::Currency(f, digits),
            None => {
                let digits = 2;
                let plain = options(&[
                    ("minimumFractionDigits", JsValue::from(digits)),
                    ("maximumFractionDigits", JsValue::from(digits)),
                ])
                .and_then(|o| NumberFormat::new(&self.locale, &o).ok());
                Format::Plain(plain, digits)
            }
        }
    }

    /// `minor` units of `currency` (ISO 4217) as the viewer reads them: 3400 USD → "$34.00"
    /// in en-US, "US$ 34,00" in pt-BR. A code the browser refuses falls back to "34.00 XYZ"
    /// (the catalog's `price.fallback`, the number still in the locale's digits).
    pub fn format(&self, minor: i64, currency: &str) -> String {
        let mut formats = self.formats.borrow_mut();
        let entry = formats
            .entry(currency.to_string())
            .or_insert_with(|| self.make(currency));
        let digits = match entry {
            Format::Currency(_, d) | Format::Plain(_, d) => *d,
        };
        let amount = minor as f64 / 10f64.powi(digits as i32);
        match entry {
            Format::Currency(f, _) => f.format(amount),
            Format::Plain(f, _) => {
                let amount = f.as_ref().map_or_else(
                    || {
                        let scale = 10i64.pow(digits);
                        let sign = if minor < 0 { "-" } else { "" };
                        let (int, frac) = (minor.abs() / scale, minor.abs() % scale);
                        format!("{sign}{int}.{frac:0w$}", w = digits as usize)
                    },
                    |f| f.format(amount),
                );
                self.tr.fmt(
                    "price.fallback",
                    &[("amount", &amount), ("currency", currency)],
                )
            }
        }
    }
}
