//! The shopping UI, a second Wasm module: the viewer's first load shows the tags without it and
//! imports it on the first tap, or when the page is idle after the tags are up. One export,
//! `startShop(setup)` → `ShopHandle`, which the viewer's handle keeps and drives.
//!
//! Module map: [`shop`] drives the card, the cart machine and checkout through the host's
//! bridge; [`wire`] checks the bridge's answers; [`money`] formats prices with Intl;
//! [`analytics`] batches events; [`bindings`] declares the JS imports; [`events`] hands events
//! to the viewer; [`panic`] reports this module's panics once; [`seen`] hands the tags that
//! came and went to the shop in order, even while it is busy. Here: the setup is read, and
//! the overlay's one translator (`widgets::Tr`) made for the locale the viewer resolved.

mod analytics;
mod bindings;
mod events;
mod money;
mod panic;
mod seen;
mod shop;
pub mod wire;

use std::cell::RefCell;
use std::rc::Rc;

use glue::js::get;
use overlay::contract::{setup as keys, ErrorKind};
use overlay::i18n::{is_key, lookup_tags, Custom, WHOLE_LOCALE};
use overlay::Manifest;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, HtmlVideoElement};
use widgets::Tr;

use crate::bindings::Bridge;
use crate::events::{Emitter, ErrorEvent};
use crate::shop::{Shop, ShopSetup};

fn opt_string(obj: &JsValue, key: &str) -> Option<String> {
    get(obj, key).as_string()
}

/// The plural categories a message may have (CLDR).
/// The viewer's locale: the one it resolved (option, page, browser), else the browser's,
/// else English.
fn locale_of(setup: &JsValue) -> String {
    opt_string(setup, keys::LOCALE)
        .filter(|l| !l.trim().is_empty())
        .or_else(|| opt_string(&get(&js_sys::global(), "navigator"), "language"))
        .unwrap_or_else(|| "en".to_string())
}

/// One integrator message: a string, or an object of plural forms with at least `other`
/// (the rules are `overlay::i18n`'s; this reads the JS value).
fn message(value: &JsValue) -> Result<Custom, String> {
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
        let Some(text) = pair.get(1).as_string() else {
            return Err(format!("the \"{category}\" form must be a string"));
        };
        forms.push((category, text));
    }
    Custom::plural(forms)
}

/// The integrator's messages for `locale` from `setup.messages` (`{[locale]: {[key]: string
/// | {[category]: string}}}`): the exact tag's, then its primary language's under them.
/// Entries of the wrong shape are skipped and described in the second list.
fn custom_messages(messages: &JsValue, locale: &str) -> (Vec<(String, Custom)>, Vec<String>) {
    let mut custom = Vec::new();
    let mut problems = Vec::new();
    if messages.is_undefined() || messages.is_null() {
        return (custom, problems);
    }
    if !messages.is_object() {
        problems.push("options.messages: must be an object of messages by locale".to_string());
        return (custom, problems);
    }
    for tag in lookup_tags(locale) {
        let table = get(messages, tag);
        if table.is_undefined() || table.is_null() {
            continue;
        }
        let Some(table) = table.dyn_ref::<js_sys::Object>() else {
            problems.push(format!(
                "options.messages[\"{tag}\"]: must be an object of messages"
            ));
            continue;
        };
        for entry in js_sys::Object::entries(table).iter() {
            let pair: js_sys::Array = entry.unchecked_into();
            let Some(key) = pair.get(0).as_string() else {
                continue;
            };
            if !is_key(&key) {
                problems.push(format!(
                    "options.messages[\"{tag}\"][\"{key}\"]: no such message (the keys are those of overlay/src/i18n/en.rs; skipped)"
                ));
                continue;
            }
            match message(&pair.get(1)) {
                // The exact tag's come first and win (`Messages` keeps the first of a key).
                Ok(m) => custom.push((key, m)),
                Err(why) => problems.push(format!(
                    "options.messages[\"{tag}\"][\"{key}\"]: {why} (skipped)"
                )),
            }
        }
    }
    (custom, problems)
}

/// An `error` event through the viewer's emitter, if the overlay is still there.
pub(crate) fn report(emitter: &std::rc::Weak<Emitter>, kind: ErrorKind, message: String) {
    if let Some(em) = emitter.upgrade() {
        em.emit(
            "error",
            &ErrorEvent {
                kind,
                message,
                problems: Vec::new(),
            },
        );
    }
}

/// The overlay's translator: the viewer's locale, the integrator's messages for it, and a
/// report (kind "locale") for each key that falls back to English. Reports are sent a
/// microtask later: lookups happen while the shop renders.
fn translator(setup: &JsValue, emitter: &std::rc::Weak<Emitter>) -> Tr {
    let locale = locale_of(setup);
    let (custom, problems) = custom_messages(&get(setup, keys::MESSAGES), &locale);
    for p in problems {
        report(emitter, ErrorKind::Options, p);
    }
    let on_missing: widgets::i18n::OnMissing = {
        let emitter = emitter.clone();
        let tag = locale.clone();
        Box::new(move |key: &str| {
            // A language with no messages at all: the viewer said so already, once.
            if key == WHOLE_LOCALE {
                return;
            }
            let emitter = emitter.clone();
            let message = format!("no \"{tag}\" message for \"{key}\"; showing English");
            wasm_bindgen_futures::spawn_local(async move {
                report(&emitter, ErrorKind::Locale, message);
            });
        })
    };
    Tr::new(&locale, custom, Some(on_missing))
}

/// One overlay's shop, alive until `destroy()`.
#[wasm_bindgen]
pub struct ShopHandle {
    shop: Option<Rc<RefCell<Shop>>>,
    seen: seen::Seen,
    _emitter: Rc<Emitter>,
}

/// Starts the shop of one overlay. `setup`: `{ video, root, bridge, manifest (the JSON text
/// the viewer validated), locale (the viewer's resolved language), messages? ({[locale]:
/// {[key]: string | {[category]: string}}}), pauseOnOpen, liveRoom?, emit(type, detail),
/// setBadges({productId: {badge, price, name}}), setHeld(Float64Array [top, right, w, h, …])
/// }`. Throws when the setup is not what the viewer passes.
#[wasm_bindgen(js_name = startShop)]
pub fn start_shop(setup: JsValue) -> Result<ShopHandle, JsValue> {
    let video: HtmlVideoElement = get(&setup, keys::VIDEO)
        .dyn_into()
        .map_err(|_| JsValue::from_str("startShop: setup.video must be a <video>"))?;
    let root: HtmlElement = get(&setup, keys::ROOT)
        .dyn_into()
        .map_err(|_| JsValue::from_str("startShop: setup.root must be an element"))?;
    let emit: js_sys::Function = get(&setup, keys::EMIT)
        .dyn_into()
        .map_err(|_| JsValue::from_str("startShop: setup.emit must be a function"))?;
    let set_badges: js_sys::Function = get(&setup, keys::SET_BADGES)
        .dyn_into()
        .map_err(|_| JsValue::from_str("startShop: setup.setBadges must be a function"))?;
    let set_held: js_sys::Function = get(&setup, keys::SET_HELD)
        .dyn_into()
        .map_err(|_| JsValue::from_str("startShop: setup.setHeld must be a function"))?;
    let bridge = get(&setup, keys::BRIDGE);
    if !bridge.is_object() {
        return Err(JsValue::from_str(
            "startShop: setup.bridge must be an object",
        ));
    }
    let text = opt_string(&setup, keys::MANIFEST)
        .ok_or_else(|| JsValue::from_str("startShop: setup.manifest must be JSON text"))?;
    // The viewer validated the same text with the same rules; this cannot fail unless the
    // two modules come from different builds.
    let manifest = Manifest::parse(&text)
        .map_err(|e| JsValue::from_str(&format!("startShop: {e}")))?
        .manifest;
    let emitter = Rc::new(Emitter::new(emit));
    panic::watch(&emitter);
    let tr = translator(&setup, &Rc::downgrade(&emitter));
    let shop = Shop::start(ShopSetup {
        bridge: bridge.unchecked_into::<Bridge>(),
        emitter: Rc::downgrade(&emitter),
        video,
        root,
        tr,
        pause_on_open: get(&setup, keys::PAUSE_ON_OPEN).as_bool().unwrap_or(true),
        attribution: overlay::Attribution {
            video: Some(manifest.video.id.clone()),
            ..manifest.attribution.clone()
        },
        products: manifest
            .products
            .iter()
            .map(|p| (p.id.clone(), p.name.clone().unwrap_or_else(|| p.id.clone())))
            .collect(),
        tags: manifest
            .tags
            .iter()
            .map(|t| {
                let product = manifest
                    .products
                    .get(t.product)
                    .map(|p| p.id.clone())
                    .unwrap_or_default();
                (t.id.clone(), product)
            })
            .collect(),
        live_room: opt_string(&setup, keys::LIVE_ROOM),
        manifest_deals: manifest.deals.clone(),
    })?;
    if let Ok(mut s) = shop.try_borrow_mut() {
        s.set_on_badges(Box::new(move |fields| {
            let o = js_sys::Object::new();
            for product in fields.iter().flat_map(|(_, of)| of.keys()) {
                let key = JsValue::from_str(product);
                if js_sys::Reflect::has(&o, &key).unwrap_or(false) {
                    continue;
                }
                let facts = js_sys::Object::new();
                for (name, of) in fields {
                    if let Some(text) = of.get(product) {
                        let _ = js_sys::Reflect::set(
                            &facts,
                            &JsValue::from_str(name),
                            &JsValue::from_str(text),
                        );
                    }
                }
                let _ = js_sys::Reflect::set(&o, &key, &facts);
            }
            let _ = set_badges.call1(&JsValue::NULL, &o);
        }));
        s.set_on_held(Box::new(move |corners| {
            let held: Vec<f64> = corners
                .iter()
                .flat_map(|c| {
                    [
                        f64::from(u8::from(c.top)),
                        f64::from(u8::from(c.right)),
                        c.w,
                        c.h,
                    ]
                })
                .collect();
            let _ = set_held.call1(&JsValue::NULL, &js_sys::Float64Array::from(held.as_slice()));
        }));
    }
    Ok(ShopHandle {
        shop: Some(shop),
        seen: seen::Seen::default(),
        _emitter: emitter,
    })
}

#[wasm_bindgen]
impl ShopHandle {
    fn with<R>(&self, f: impl FnOnce(&mut Shop) -> R) -> Option<R> {
        if panic::has_panicked() {
            return None;
        }
        let shop = self.shop.as_ref()?;
        let mut s = shop.try_borrow_mut().ok()?;
        Some(f(&mut s))
    }

    /// A tag was tapped: the card opens on its product.
    pub fn open(&self, tag_id: &str, product_id: &str) {
        self.with(|s| {
            s.tapped(tag_id, product_id);
            s.open_card(product_id, Some(tag_id));
        });
    }

    /// Tags that came into view and left it (impressions, the live region); heard in order,
    /// even when they come while the shop is busy (see [`seen`]).
    pub fn visible(&self, entered: Vec<u32>, left: Vec<u32>) {
        if panic::has_panicked() {
            return;
        }
        if let Some(shop) = &self.shop {
            self.seen.hand(shop, entered, left);
        }
    }

    /// The app's back button: closes the card, the cart or the shelf; whether it did.
    pub fn back(&self) -> bool {
        self.with(|s| s.back()).unwrap_or(false)
    }

    /// The server's time as estimated, once it is.
    #[wasm_bindgen(js_name = serverNow)]
    pub fn server_now(&self) -> Option<f64> {
        self.with(|s| s.server_now()).flatten()
    }

    /// Removes the shop's nodes, listeners and timers.
    pub fn destroy(&mut self) {
        self.shop = None;
    }
}
