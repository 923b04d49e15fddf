//! The viewer's language: the `locale` option, else the page's `<html lang>`, else the
//! browser's language, else English; and the integrator's messages for what the tags say.
//! The whole `messages` option goes on to the shop module, which checks every entry and reports
//! the wrong ones (kind `options`): the first load only reads its own few keys, with no
//! catalog machinery (the budget).

use glue::js::get;
use overlay::i18n::{Lang, Text, WHOLE_LOCALE};
use wasm_bindgen::JsValue;

use crate::bindings::canonical_locales;
use crate::events::{Emitter, ErrorEvent};

fn known(tag: &str) -> bool {
    !tag.trim().is_empty() && canonical_locales(tag).is_ok()
}

/// The locale to use: `option` (already checked by `Options`), else the page's, else the
/// browser's, else English.
pub fn pick(option: Option<&str>) -> String {
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

/// The integrator's messages for `tag`: `messages[tag]`, else `messages[primary language]`.
fn table(messages: &JsValue, tag: &str) -> Option<JsValue> {
    if !messages.is_object() {
        return None;
    }
    let primary = overlay::i18n::primary(tag);
    [tag, primary]
        .into_iter()
        .map(|k| get(messages, k))
        .find(JsValue::is_object)
}

/// One of the tags' own messages in the viewer's language.
pub struct ViewerText {
    pub text: String,
    /// It fell back to English: what to report (once, at mount), if anything.
    pub fell_back: Option<String>,
}

/// The tags' message `key` for `tag`: the integrator's (a plain string: the tags' messages have
/// no plural forms), else the built-in language's, else English. Without a built-in language or
/// any messages of the integrator's for it, the whole language is missing (reported once, by
/// the caller, as [`overlay::i18n::WHOLE_LOCALE`]).
pub fn viewer_text(messages: &JsValue, tag: &str, key: &str) -> ViewerText {
    let custom = table(messages, tag);
    if let Some(text) = custom.as_ref().and_then(|t| get(t, key).as_string()) {
        return ViewerText {
            text,
            fell_back: None,
        };
    }
    let find = |lang: Lang| {
        let list = lang.viewer();
        list.iter().find(|(k, _)| *k == key).map(|(_, t)| match t {
            Text::Plain(s) => s.to_string(),
            Text::Plural(forms) => forms.last().map_or(String::new(), |f| f.1.to_string()),
        })
    };
    if let Some(text) = Lang::of(tag).and_then(find) {
        return ViewerText {
            text,
            fell_back: None,
        };
    }
    let missing = if custom.is_some() {
        key
    } else {
        overlay::i18n::WHOLE_LOCALE
    };
    ViewerText {
        text: find(Lang::En).unwrap_or_default(),
        fell_back: Some(missing.to_string()),
    }
}

/// Reports, once each, a language with no messages at all (English shows) or a tag message
/// that fell back to English (`fell_back` of [`viewer_text`]), as `error` events; the overlay
/// goes on.
pub fn report(emitter: &Emitter, tag: &str, fell_back: [&Option<String>; 2]) {
    let mut reported: Vec<&String> = Vec::new();
    for missing in fell_back.into_iter().flatten() {
        if reported.contains(&missing) {
            continue;
        }
        reported.push(missing);
        let message = if missing == WHOLE_LOCALE {
            format!(
                "no messages for \"{tag}\" (built in: en, ar, es; add yours with options.messages); showing English"
            )
        } else {
            format!("no \"{tag}\" message for \"{missing}\"; showing English")
        };
        emitter.emit(
            "error",
            &ErrorEvent {
                kind: overlay::contract::ErrorKind::Locale,
                message,
                problems: Vec::new(),
            },
        );
    }
}
