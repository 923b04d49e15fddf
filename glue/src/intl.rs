//! Numbers and money for people, through one binding of `Intl.NumberFormat`. Prices travel in
//! a currency's minor units (cents); how many digits a currency has is the browser's answer
//! (`resolvedOptions().maximumFractionDigits`: 2 for dollars, 0 for yen, 3 for dinars), never
//! a fixed 100.

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// `Intl.NumberFormat`, constructed with `catch`: a currency code or locale the browser
    /// does not accept is a RangeError to handle, not an exception through the engine.
    #[wasm_bindgen(js_namespace = Intl, js_name = NumberFormat)]
    #[derive(Clone)]
    pub type NumberFormat;

    #[wasm_bindgen(catch, constructor, js_namespace = Intl, js_class = "NumberFormat")]
    pub fn new(locales: &JsValue, options: &JsValue) -> Result<NumberFormat, JsValue>;

    #[wasm_bindgen(method, js_class = "NumberFormat")]
    pub fn format(this: &NumberFormat, n: f64) -> String;

    #[wasm_bindgen(method, js_class = "NumberFormat", js_name = resolvedOptions)]
    pub fn resolved_options(this: &NumberFormat) -> JsValue;
}

/// A plain object of `pairs` (the options `Intl` constructors take).
pub fn options(pairs: &[(&str, JsValue)]) -> JsValue {
    let o = js_sys::Object::new();
    for (k, v) in pairs {
        let _ = js_sys::Reflect::set(&o, &JsValue::from_str(k), v);
    }
    o.into()
}

/// Amounts of one currency in one locale.
#[derive(Clone)]
pub struct Money {
    format: NumberFormat,
    digits: u32,
}

impl Money {
    /// The format for `currency` in `locales` (a tag, or `undefined` for the browser's own);
    /// `None` when the browser refuses the code (it throws a RangeError, caught) or the locale.
    pub fn new(locales: &JsValue, currency: &str) -> Option<Money> {
        let o = options(&[
            ("style", JsValue::from_str("currency")),
            ("currency", JsValue::from_str(currency)),
        ]);
        let format = NumberFormat::new(locales, &o).ok()?;
        let digits = js_sys::Reflect::get(
            &format.resolved_options(),
            &JsValue::from_str("maximumFractionDigits"),
        )
        .ok()
        .and_then(|d| d.as_f64())
        .map_or(2, |d| d.clamp(0.0, 4.0) as u32);
        Some(Money { format, digits })
    }

    /// Digits after the decimal point the currency has.
    pub fn digits(&self) -> u32 {
        self.digits
    }

    /// `minor` units as the viewer reads them: 3400 USD → "$34.00" in en-US, ¥3,400 for 3400
    /// JPY.
    pub fn format(&self, minor: i64) -> String {
        self.format.format(to_major(minor, self.digits))
    }
}

/// `minor` units as a number of major units with `digits` decimals.
pub fn to_major(minor: i64, digits: u32) -> f64 {
    minor as f64 / 10f64.powi(digits as i32)
}

/// `minor` units written with `digits` decimals and an ASCII point, for where no `Intl`
/// format could be made: -3405 with 2 digits → "-34.05".
pub fn plain(minor: i64, digits: u32) -> String {
    let scale = 10i64.pow(digits);
    let sign = if minor < 0 { "-" } else { "" };
    let (int, frac) = (minor.abs() / scale, minor.abs() % scale);
    if digits == 0 {
        format!("{sign}{int}")
    } else {
        format!("{sign}{int}.{frac:0w$}", w = digits as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minor_units_by_the_currency_s_digits() {
        assert_eq!(to_major(3400, 2), 34.0);
        assert_eq!(to_major(3400, 0), 3400.0);
        assert_eq!(to_major(3405, 3), 3.405);
        assert_eq!(plain(3405, 2), "34.05");
        assert_eq!(plain(-5, 2), "-0.05");
        assert_eq!(plain(3400, 0), "3400");
        assert_eq!(plain(7, 3), "0.007");
    }
}
