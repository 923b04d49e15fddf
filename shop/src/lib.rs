//! The shopping UI, a second Wasm module: the viewer's first load shows the tags without it and
//! imports it on the first tap, or when the page is idle after the tags are up. One export,
//! `startShop(setup)` → `ShopHandle`, which the viewer's handle keeps and drives.
//!
//! Module map: [`shop`] drives the card, the cart machine and checkout through the host's
//! bridge; [`wire`] checks the bridge's answers; [`money`] formats prices with Intl;
//! [`analytics`] batches events; [`bindings`] declares the JS imports; [`events`] hands events
//! to the viewer; [`panic`] reports this module's panics once.

mod analytics;
mod bindings;
mod events;
mod money;
mod panic;
mod shop;
mod wire;

use std::cell::RefCell;
use std::rc::Rc;

use overlay::Manifest;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, HtmlVideoElement};

use crate::bindings::Bridge;
use crate::events::Emitter;
use crate::shop::{Shop, ShopSetup};

fn get(obj: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn opt_string(obj: &JsValue, key: &str) -> Option<String> {
    get(obj, key).as_string()
}

/// One overlay's shop, alive until `destroy()`.
#[wasm_bindgen]
pub struct ShopHandle {
    shop: Option<Rc<RefCell<Shop>>>,
    _emitter: Rc<Emitter>,
}

/// Starts the shop of one overlay. `setup`: `{ video, root, bridge, manifest (the JSON text
/// the viewer validated), locale?, pauseOnOpen, liveRoom?, emit(type, detail),
/// setBadges({productId: text}) }`. Throws when the setup is not what the viewer passes.
#[wasm_bindgen(js_name = startShop)]
pub fn start_shop(setup: JsValue) -> Result<ShopHandle, JsValue> {
    let video: HtmlVideoElement = get(&setup, "video")
        .dyn_into()
        .map_err(|_| JsValue::from_str("startShop: setup.video must be a <video>"))?;
    let root: HtmlElement = get(&setup, "root")
        .dyn_into()
        .map_err(|_| JsValue::from_str("startShop: setup.root must be an element"))?;
    let emit: js_sys::Function = get(&setup, "emit")
        .dyn_into()
        .map_err(|_| JsValue::from_str("startShop: setup.emit must be a function"))?;
    let set_badges: js_sys::Function = get(&setup, "setBadges")
        .dyn_into()
        .map_err(|_| JsValue::from_str("startShop: setup.setBadges must be a function"))?;
    let bridge = get(&setup, "bridge");
    if !bridge.is_object() {
        return Err(JsValue::from_str(
            "startShop: setup.bridge must be an object",
        ));
    }
    let text = opt_string(&setup, "manifest")
        .ok_or_else(|| JsValue::from_str("startShop: setup.manifest must be JSON text"))?;
    // The viewer validated the same text with the same rules; this cannot fail unless the
    // two modules come from different builds.
    let manifest = Manifest::parse(&text)
        .map_err(|e| JsValue::from_str(&format!("startShop: {e}")))?
        .manifest;
    let emitter = Rc::new(Emitter::new(emit));
    panic::watch(&emitter);
    let shop = Shop::start(ShopSetup {
        bridge: bridge.unchecked_into::<Bridge>(),
        emitter: Rc::downgrade(&emitter),
        video,
        root,
        locale: opt_string(&setup, "locale"),
        pause_on_open: get(&setup, "pauseOnOpen").as_bool().unwrap_or(true),
        attribution: manifest.attribution.clone(),
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
        live_room: opt_string(&setup, "liveRoom"),
        manifest_deals: manifest.deals.clone(),
    })?;
    if let Ok(mut s) = shop.try_borrow_mut() {
        s.set_on_badges(Box::new(move |badges| {
            let o = js_sys::Object::new();
            for (product, text) in badges {
                let _ =
                    js_sys::Reflect::set(&o, &JsValue::from_str(product), &JsValue::from_str(text));
            }
            let _ = set_badges.call1(&JsValue::NULL, &o);
        }));
    }
    Ok(ShopHandle {
        shop: Some(shop),
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

    /// Tags that came into view and left it (impressions).
    pub fn visible(&self, entered: Vec<u32>, left: Vec<u32>) {
        self.with(|s| s.visible(&entered, &left));
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
