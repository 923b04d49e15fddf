//! The `options` object of `mount`, read and checked.

use glue::js::get;
use overlay::contract::{BRIDGE_METHODS, LIVE_METHODS, MOUNT_OPTIONS};
use wasm_bindgen::JsValue;

use crate::bindings::canonical_locales;

/// What `mount` accepts: `{ manifest: string | object, name?: string, measure?: boolean,
/// bridge?: object, locale?: string, pauseOnOpen?: boolean, live?: { room }, messages?:
/// object }`.
pub struct Options {
    /// The manifest as JSON text (an object is serialized first, so the engine's byte limit and
    /// error messages apply the same way).
    pub manifest: String,
    /// Accessible name of the tag group.
    pub name: Option<String>,
    /// Record per-frame script time (`handle.takeFrameTimes()`), for the benchmark.
    pub measure: bool,
    /// The commerce bridge (checked to have every method; the shop module calls it).
    /// Without one, tags only emit `tag-activate` and the host shows its own product UI.
    pub bridge: Option<JsValue>,
    /// The locale words, numbers and prices are for (BCP 47); when absent, the page's `lang`,
    /// else the browser's language.
    pub locale: Option<String>,
    /// Pause the video while the product card is open, and resume it on close (default on).
    pub pause_on_open: bool,
    /// The LIVE room whose pins and flash deals this overlay shows (`live: { room }`).
    pub live_room: Option<String>,
    /// The integrator's message catalogs, `{[locale]: {[key]: string | {[category]: string}}}`
    /// (the tags' own keys read by [`crate::locale`]; checked entry by entry, and every wrong
    /// one reported, by the shop module).
    pub messages: JsValue,
    /// Keys the overlay does not know (a misspelt option), each with the known key it is
    /// closest to: reported as an `error` of kind "options", and the overlay mounts without
    /// them.
    pub unknown: Vec<(String, Option<&'static str>)>,
}

/// Edits (insert, delete, replace, ignoring ASCII case: the keys are ASCII, and Unicode's case
/// tables would weigh on the first load) from `a` to `b`.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<u8> = b.bytes().map(|c| c.to_ascii_lowercase()).collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.bytes().map(|c| c.to_ascii_lowercase()).enumerate() {
        let mut diag = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let up = row[j + 1];
            row[j + 1] = (up + 1).min(row[j] + 1).min(diag + usize::from(ca != *cb));
            diag = up;
        }
    }
    row[b.len()]
}

/// The known key `key` was most likely meant to be, when one is close.
fn closest(key: &str) -> Option<&'static str> {
    MOUNT_OPTIONS
        .iter()
        .map(|k| (distance(key, k), *k))
        .min()
        .filter(|(d, k)| *d <= 2.max(k.len() / 2))
        .map(|(_, k)| k)
}

impl Options {
    /// What `unknown` says, as one message.
    pub fn unknown_message(&self) -> Option<String> {
        if self.unknown.is_empty() {
            return None;
        }
        let mut m = String::new();
        for (key, near) in &self.unknown {
            if !m.is_empty() {
                m.push_str("; ");
            }
            m.push_str("options.");
            m.push_str(key);
            m.push_str(": is not an option");
            if let Some(near) = near {
                m.push_str(" (did you mean ");
                m.push_str(near);
                m.push_str("?)");
            }
        }
        m.push_str(", so it was ignored");
        Some(m)
    }

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
        let flag = |key: &str, default: bool| -> Result<bool, String> {
            let f = get(v, key);
            if f.is_undefined() || f.is_null() {
                Ok(default)
            } else {
                f.as_bool()
                    .ok_or_else(|| format!("options.{key}: must be true or false"))
            }
        };
        let measure = flag("measure", false)?;
        let pause_on_open = flag("pauseOnOpen", true)?;
        let bridge = get(v, "bridge");
        let bridge = if bridge.is_undefined() || bridge.is_null() {
            None
        } else if !bridge.is_object() {
            return Err("options.bridge: must be an object (see bridge/rest.js)".into());
        } else {
            for m in BRIDGE_METHODS {
                if !get(&bridge, m).is_function() {
                    return Err(format!("options.bridge.{m}: must be a function"));
                }
            }
            Some(bridge)
        };
        let live = get(v, "live");
        let live_room = if live.is_undefined() || live.is_null() {
            None
        } else {
            let room = get(&live, "room")
                .as_string()
                .filter(|r| !r.trim().is_empty() && r.len() <= 64)
                .ok_or("options.live.room: must be a room id (a string)")?;
            let b = bridge
                .as_ref()
                .ok_or("options.live: needs options.bridge to receive the room's events")?;
            for m in LIVE_METHODS {
                if !get(b, m).is_function() {
                    return Err(format!(
                        "options.bridge.{m}: must be a function for options.live"
                    ));
                }
            }
            Some(room)
        };
        let locale = get(v, "locale");
        let locale = if locale.is_undefined() || locale.is_null() {
            None
        } else {
            let l = locale
                .as_string()
                .ok_or("options.locale: must be a string such as \"en-US\"")?;
            if canonical_locales(&l).is_err() {
                return Err(format!(
                    "options.locale: \"{l}\" is not a locale this browser knows"
                ));
            }
            Some(l)
        };
        let messages = get(v, "messages");
        let unknown = js_sys::Object::keys(&js_sys::Object::from(v.clone()))
            .iter()
            .filter_map(|k| k.as_string())
            .filter(|k| !MOUNT_OPTIONS.contains(&k.as_str()))
            .map(|k| {
                let near = closest(&k);
                (k, near)
            })
            .collect();
        Ok(Options {
            unknown,
            messages,
            manifest,
            name,
            measure,
            bridge,
            locale,
            pause_on_open,
            live_room,
        })
    }
}
