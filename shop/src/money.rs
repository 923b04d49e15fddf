//! Prices for people: minor units formatted with `Intl.NumberFormat` for the viewer's locale
//! and the product's currency (symbol, digits, separators and numerals all from the browser).

use std::cell::RefCell;
use std::collections::BTreeMap;

use glue::intl::{self, options, plain, NumberFormat};
use wasm_bindgen::JsValue;
use widgets::Tr;

/// How one currency is formatted: by Intl as a currency, or — a code the browser refuses —
/// as a plain number in the locale's digits put into the catalog's `price.fallback`.
enum Format {
    Currency(intl::Money),
    Plain(Option<NumberFormat>),
}

/// Digits of a currency the browser does not know: two, as most have.
const FALLBACK_DIGITS: u32 = 2;

/// One formatter per currency, made on first use, for the locale of the overlay's words.
pub struct Money {
    tr: Tr,
    locale: JsValue,
    formats: RefCell<BTreeMap<String, Format>>,
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
        match intl::Money::new(&self.locale, currency) {
            Some(m) => Format::Currency(m),
            None => {
                let digits = JsValue::from(FALLBACK_DIGITS);
                let plain = options(&[
                    ("minimumFractionDigits", digits.clone()),
                    ("maximumFractionDigits", digits),
                ]);
                Format::Plain(NumberFormat::new(&self.locale, &plain).ok())
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
        match entry {
            Format::Currency(m) => m.format(minor),
            Format::Plain(f) => {
                let amount = f.as_ref().map_or_else(
                    || plain(minor, FALLBACK_DIGITS),
                    |f| f.format(intl::to_major(minor, FALLBACK_DIGITS)),
                );
                self.tr.fmt(
                    "price.fallback",
                    &[("amount", &amount), ("currency", currency)],
                )
            }
        }
    }
}
