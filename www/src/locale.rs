//! The viewer's language: the `locale` option, else the page's `<html lang>`, else the
//! browser's language, else English; and the integrator's `messages` for it, checked entry by
//! entry. A wrong entry is reported (what, where) and skipped — the rest of the messages and
//! the overlay go on. The shop module gets the resolved locale and the checked messages.

use overlay::i18n::Custom;
use wasm_bindgen::{JsCast, JsValue};

use crate::bindings::canonical_locales;

/// The plural categories a message may have (CLDR).
const CATEGORIES: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];

pub struct Locale {
    /// The BCP 47 tag words, numbers and prices are for.
    pub tag: String,
    /// The integrator's messages for it.
    pub custom: Vec<(String, Custom)>,
    /// The same for the shop module, as `{[tag]: {key: string | {category: string}}}` (only
    /// the checked entries, under the resolved tag).
    pub custom_js: JsValue,
    /// What was wrong in `messages` (each skipped).
    pub problems: Vec<String>,
}

fn known(tag: &str) -> bool {
    !tag.trim().is_empty() && canonical_locales(tag).is_ok()
}

/// The locale to use: `option` (already checked by `Options`), else the page's, else the
/// browser's.
fn pick(option: Option<&str>) -> String {
    if let Some(l) = option {
        return l.to_string();
    }
    let window = web_sys::window();
    let page = window
        .as_ref()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .and_then(|e| e.get_attribute("lang"))
        .filter(|l| known(l));
    page.or_else(|| {
        window
            .and_then(|w| w.navigator().language())
            .filter(|l| known(l))
    })
    .unwrap_or_else(|| "en".to_string())
}

fn get(obj: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// `messages[tag]`, else `messages[primary language]`.
fn for_locale(messages: &JsValue, tag: &str) -> Option<(String, JsValue)> {
    let primary = tag.split('-').next().unwrap_or(tag);
    [tag, primary]
        .into_iter()
        .map(|k| (k.to_string(), get(messages, k)))
        .find(|(_, v)| !v.is_undefined() && !v.is_null())
}

/// Resolves the locale and reads `messages` (`{[locale]: {[key]: string | {[category]:
/// string}}}`, or undefined).
pub fn resolve(option: Option<&str>, messages: &JsValue) -> Locale {
    let tag = pick(option);
    let mut out = Locale {
        tag,
        custom: Vec::new(),
        custom_js: JsValue::UNDEFINED,
        problems: Vec::new(),
    };
    if messages.is_undefined() || messages.is_null() {
        return out;
    }
    if !messages.is_object() {
        out.problems.push(
            "options.messages: must be an object like { \"ar\": { \"card.add\": \"…\" } }".into(),
        );
        return out;
    }
    let Some((lang, table)) = for_locale(messages, &out.tag) else {
        return out;
    };
    let Some(table) = table.dyn_ref::<js_sys::Object>() else {
        out.problems.push(format!(
            "options.messages.{lang}: must be an object of messages"
        ));
        return out;
    };
    let clean = js_sys::Object::new();
    for entry in js_sys::Object::entries(table).iter() {
        let pair: js_sys::Array = entry.unchecked_into();
        let (Some(key), value) = (pair.get(0).as_string(), pair.get(1)) else {
            continue;
        };
        let at = format!("options.messages.{lang}[\"{key}\"]");
        match read(&value) {
            Ok(message) => {
                let _ = js_sys::Reflect::set(&clean, &JsValue::from_str(&key), &value);
                out.custom.push((key, message));
            }
            Err(why) => out.problems.push(format!("{at}: {why}")),
        }
    }
    let shaped = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&shaped, &JsValue::from_str(&out.tag), &clean);
    out.custom_js = shaped.into();
    out
}

/// One message: a string, or an object of plural forms with at least `other`.
fn read(value: &JsValue) -> Result<Custom, String> {
    if let Some(s) = value.as_string() {
        return Ok(Custom::Plain(s));
    }
    let Some(obj) = value.dyn_ref::<js_sys::Object>() else {
        return Err("must be a string or an object of plural forms".into());
    };
    let mut forms = Vec::new();
    for entry in js_sys::Object::entries(obj).iter() {
        let pair: js_sys::Array = entry.unchecked_into();
        let category = pair.get(0).as_string().unwrap_or_default();
        if !CATEGORIES.contains(&category.as_str()) {
            return Err(format!(
                "\"{category}\" is not a plural category (use {})",
                CATEGORIES.join(", ")
            ));
        }
        let text = pair
            .get(1)
            .as_string()
            .ok_or_else(|| format!("the \"{category}\" form must be a string"))?;
        forms.push((category, text));
    }
    if !forms.iter().any(|(c, _)| c == "other") {
        return Err("plural forms need \"other\"".into());
    }
    Ok(Custom::Plural(forms))
}
