//! Every JS import of the crate, declared in one place, with `catch` where they can throw:
//! the manifest's tape, the shop module once it is loaded, `Intl`'s locale check. (The frame
//! callback is `glue`'s.)

use wasm_bindgen::prelude::*;
use web_sys::HtmlVideoElement;

#[wasm_bindgen(module = "/js/tape.js")]
extern "C" {
    /// The parsed manifest flattened for the engine (`json.rs`): `{ kinds: Uint8Array, nums:
    /// Float64Array, text: string }`; throws past 64 levels.
    #[wasm_bindgen(catch)]
    pub fn tape(value: &JsValue) -> Result<JsValue, JsValue>;
}

#[wasm_bindgen(module = "/js/load-shop.js")]
extern "C" {
    /// Imports the shop module (once per page); resolves to its exports, or rejects with why.
    #[wasm_bindgen(js_name = loadShop)]
    pub fn load_shop() -> js_sys::Promise;

}

#[wasm_bindgen]
extern "C" {
    /// One overlay's shop in the shop module (`ShopHandle` there).
    #[derive(Clone)]
    pub type RemoteShop;

    #[wasm_bindgen(method, catch)]
    pub fn open(this: &RemoteShop, tag_id: &str, product_id: &str) -> Result<(), JsValue>;

    #[wasm_bindgen(method, catch)]
    pub fn visible(this: &RemoteShop, entered: &[u32], left: &[u32]) -> Result<(), JsValue>;

    #[wasm_bindgen(method, catch)]
    pub fn back(this: &RemoteShop) -> Result<bool, JsValue>;

    #[wasm_bindgen(method, catch, js_name = serverNow)]
    pub fn server_now(this: &RemoteShop) -> Result<Option<f64>, JsValue>;

    #[wasm_bindgen(method, catch)]
    pub fn destroy(this: &RemoteShop) -> Result<(), JsValue>;

    /// Releases the handle's memory in the shop module.
    #[wasm_bindgen(method, catch)]
    pub fn free(this: &RemoteShop) -> Result<(), JsValue>;
}

#[wasm_bindgen]
extern "C" {
    /// `Intl.getCanonicalLocales`: throws a RangeError for a tag that is not a locale.
    #[wasm_bindgen(catch, js_namespace = Intl, js_name = getCanonicalLocales)]
    pub fn canonical_locales(locales: &str) -> Result<JsValue, JsValue>;
}

#[wasm_bindgen]
extern "C" {
    /// `requestIdleCallback(callback, { timeout })` (Chromium, Firefox; not Safari).
    #[wasm_bindgen(catch, js_name = requestIdleCallback)]
    pub fn request_idle_callback(
        callback: &js_sys::Function,
        options: &JsValue,
    ) -> Result<u32, JsValue>;

    #[wasm_bindgen(js_name = cancelIdleCallback)]
    pub fn cancel_idle_callback(id: u32);
}

#[wasm_bindgen]
extern "C" {
    /// A Web Animation: a tag's span and path, run by the browser (on the compositor), so the
    /// main thread does nothing for it per frame.
    pub type Animation;

    #[wasm_bindgen(method, getter, js_name = currentTime)]
    pub fn current_time(this: &Animation) -> Option<f64>;

    #[wasm_bindgen(method)]
    pub fn cancel(this: &Animation);
}

#[wasm_bindgen(module = "/js/motion.js")]
extern "C" {
    /// Shows `el` over media time `[from, to)` and moves it along a path over that span (four
    /// numbers per point: offset, x px, y px, ease; none for a tag that stays), on a timeline
    /// from media time 0 (see `js/motion.js`).
    #[wasm_bindgen(catch, js_name = animateTag)]
    pub fn animate_tag(
        el: &web_sys::Element,
        points: &[f64],
        from: f64,
        to: f64,
    ) -> Result<Animation, JsValue>;

    /// Puts a tag's animation at `ms` of its timeline, at `rate`, playing or paused.
    #[wasm_bindgen(catch, js_name = syncTag)]
    pub fn sync_tag(a: &Animation, ms: f64, rate: f64, playing: bool) -> Result<(), JsValue>;
}

#[wasm_bindgen(module = "/js/captions.js")]
extern "C" {
    /// The cues the browser shows over `video` now: four values each (see `js/captions.js`).
    #[wasm_bindgen(js_name = shownCues)]
    pub fn shown_cues(video: &HtmlVideoElement) -> js_sys::Array;

    /// Calls `changed` whenever the cues shown may have changed; returns the function that
    /// stops listening.
    #[wasm_bindgen(js_name = watchCues)]
    pub fn watch_cues(video: &HtmlVideoElement, changed: &js_sys::Function) -> js_sys::Function;
}
