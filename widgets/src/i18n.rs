//! The shop UI's words in the viewer's language: messages from `overlay::i18n` (built-in
//! catalogs, an integrator's over them, English under both), numbers, plural categories,
//! lists and durations through the browser's `Intl` for that locale (its own digits too). The
//! shop builds one `Tr` per overlay and hands it down as a yew context; components call
//! [`use_tr`].

use std::rc::Rc;

use glue::intl::{options, NumberFormat};
use overlay::i18n::{Custom, Found, Messages};
use wasm_bindgen::prelude::*;
use yew::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = Intl, js_name = PluralRules)]
    type PluralRules;
    #[wasm_bindgen(constructor, js_namespace = Intl, js_class = "PluralRules", catch)]
    fn new(locale: &str) -> Result<PluralRules, JsValue>;
    #[wasm_bindgen(method)]
    fn select(this: &PluralRules, n: f64) -> String;

    #[wasm_bindgen(js_namespace = Intl, js_name = ListFormat)]
    type ListFormat;
    #[wasm_bindgen(constructor, js_namespace = Intl, js_class = "ListFormat", catch)]
    fn new(locale: &str, options: &JsValue) -> Result<ListFormat, JsValue>;
    #[wasm_bindgen(method)]
    fn format(this: &ListFormat, items: &js_sys::Array) -> String;
}

/// Told each message key that fell back to English.
pub type OnMissing = Box<dyn Fn(&str)>;

struct Inner {
    messages: Messages,
    numbers: Option<NumberFormat>,
    two_digits: Option<NumberFormat>,
    percent: Option<NumberFormat>,
    plurals: Option<PluralRules>,
    and_list: Option<ListFormat>,
    unit_list: Option<ListFormat>,
    /// Spoken durations: hours, minutes, seconds in words ("2 hours").
    units: [Option<NumberFormat>; 3],
    /// Told each key that fell back to English, once.
    on_missing: Option<OnMissing>,
}

/// The translator one overlay's shop UI uses. Cheap to clone; equal when it is the same one.
#[derive(Clone)]
pub struct Tr(Rc<Inner>);

impl PartialEq for Tr {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl Default for Tr {
    /// English with no integrator messages (components rendered outside a shop).
    fn default() -> Self {
        Tr::new("en", Vec::new(), None)
    }
}

impl std::fmt::Debug for Tr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Tr({})", self.0.messages.locale())
    }
}

impl Tr {
    /// `locale`: a BCP 47 tag the browser knows (checked by the viewer); `custom`: the
    /// integrator's messages for it; `on_missing`: told each key that fell back to English.
    pub fn new(locale: &str, custom: Vec<(String, Custom)>, on_missing: Option<OnMissing>) -> Tr {
        let tag = JsValue::from_str(locale);
        let number = |o: JsValue| NumberFormat::new(&tag, &o).ok();
        let unit = |u: &str| {
            number(options(&[
                ("style", "unit".into()),
                ("unit", u.into()),
                ("unitDisplay", "long".into()),
            ]))
        };
        Tr(Rc::new(Inner {
            messages: Messages::new(locale, custom),
            numbers: number(JsValue::UNDEFINED),
            two_digits: number(options(&[("minimumIntegerDigits", 2.into())])),
            percent: number(options(&[
                ("style", "percent".into()),
                ("maximumFractionDigits", 0.into()),
            ])),
            plurals: PluralRules::new(locale).ok(),
            and_list: ListFormat::new(locale, &options(&[("type", "conjunction".into())])).ok(),
            unit_list: ListFormat::new(locale, &options(&[("type", "unit".into())])).ok(),
            units: [unit("hour"), unit("minute"), unit("second")],
            on_missing,
        }))
    }

    /// The locale the words and numbers are for.
    pub fn locale(&self) -> &str {
        self.0.messages.locale()
    }

    /// Whether the locale is written right to left.
    pub fn rtl(&self) -> bool {
        overlay::i18n::is_rtl(self.locale())
    }

    fn found(&self, key: &str) -> Option<Found<'_>> {
        let found = self.0.messages.shop(key);
        for missing in self.0.messages.take_missing() {
            if let Some(report) = &self.0.on_missing {
                report(&missing);
            }
        }
        found
    }

    /// The plain message `key`.
    pub fn t(&self, key: &str) -> String {
        self.fmt(key, &[])
    }

    /// The message `key` with its placeholders filled (values already formatted).
    pub fn fmt(&self, key: &str, args: &[(&str, &str)]) -> String {
        match self.found(key) {
            Some(f) => overlay::i18n::fill(f.form("other"), args),
            None => key.to_string(),
        }
    }

    /// The plural message `key` for `n`: its form for `n`'s category in this locale, with
    /// `{count}` the number in the locale's digits and `args` filled too.
    pub fn count(&self, key: &str, n: f64, args: &[(&str, &str)]) -> String {
        let Some(f) = self.found(key) else {
            return key.to_string();
        };
        let category = self.0.plurals.as_ref().map_or_else(
            || {
                if n == 1.0 {
                    "one".into()
                } else {
                    "other".into()
                }
            },
            |p| p.select(n),
        );
        let count = self.number(n);
        let mut all: Vec<(&str, &str)> = vec![("count", &count)];
        all.extend_from_slice(args);
        overlay::i18n::fill(f.form(&category), &all)
    }

    /// `n` in the locale's digits and grouping.
    pub fn number(&self, n: f64) -> String {
        self.0
            .numbers
            .as_ref()
            .map_or_else(|| n.to_string(), |f| f.format(n))
    }

    /// `n` with at least two digits (a countdown's minutes and seconds).
    pub fn two_digits(&self, n: f64) -> String {
        self.0
            .two_digits
            .as_ref()
            .map_or_else(|| format!("{n:02}"), |f| f.format(n))
    }

    /// `percent` (0–100) as a whole percentage ("25%", "٪٢٥").
    pub fn percent(&self, percent: f64) -> String {
        self.0
            .percent
            .as_ref()
            .map_or_else(|| format!("{percent}%"), |f| f.format(percent / 100.0))
    }

    /// "A, B and C" in the locale's words.
    pub fn list(&self, items: &[String]) -> String {
        let array: js_sys::Array = items.iter().map(|s| JsValue::from_str(s)).collect();
        self.0
            .and_list
            .as_ref()
            .map_or_else(|| items.join(", "), |l| l.format(&array))
    }

    /// A countdown's digits: "1:05:09" or "05:09", in the locale's digits.
    pub fn clock(&self, seconds: u64) -> String {
        let (h, m, s) = (seconds / 3600, (seconds / 60) % 60, seconds % 60);
        let (m2, s2) = (self.two_digits(m as f64), self.two_digits(s as f64));
        if h > 0 {
            let h = self.number(h as f64);
            self.fmt("deal.clock.hms", &[("h", &h), ("m", &m2), ("s", &s2)])
        } else {
            self.fmt("deal.clock.ms", &[("m", &m2), ("s", &s2)])
        }
    }

    /// A duration in words for screen readers ("1 hour, 5 minutes, 9 seconds"), leading
    /// zero units left out.
    pub fn spoken(&self, seconds: u64) -> String {
        let parts = [seconds / 3600, (seconds / 60) % 60, seconds % 60];
        let words: Vec<String> = parts
            .iter()
            .zip(&self.0.units)
            .enumerate()
            .filter(|(i, (n, _))| **n > 0 || (*i == 2 && seconds == 0))
            .map(|(_, (n, f))| {
                f.as_ref()
                    .map_or_else(|| n.to_string(), |f| f.format(*n as f64))
            })
            .collect();
        let array: js_sys::Array = words.iter().map(|s| JsValue::from_str(s)).collect();
        self.0
            .unit_list
            .as_ref()
            .map_or_else(|| words.join(", "), |l| l.format(&array))
    }
}

/// The overlay's translator from the yew context, English when rendered outside a shop.
#[hook]
pub fn use_tr() -> Tr {
    use_context::<Tr>().unwrap_or_default()
}
