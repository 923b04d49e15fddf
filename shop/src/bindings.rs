//! The shop's JS imports, declared in one place: the host's commerce bridge, each method with
//! `catch` (`Intl.NumberFormat` is `glue`'s).

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// The commerce bridge the host passes as `options.bridge` (see `static/bridge/rest.js`).
    /// Every method returns a promise of `{ ok: true, value }` or `{ ok: false, reason }`;
    /// `catch` keeps a host bridge that throws from unwinding through the engine.
    #[derive(Clone)]
    pub type Bridge;

    #[wasm_bindgen(method, catch)]
    pub fn products(this: &Bridge, ids: &js_sys::Array) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(method, catch, js_name = createCart)]
    pub fn create_cart(this: &Bridge, key: &str, customer: &str) -> Result<JsValue, JsValue>;

    /// `{ now_ms }`: the server's clock.
    #[wasm_bindgen(method, catch, js_name = serverTime)]
    pub fn server_time(this: &Bridge) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(method, catch)]
    pub fn cart(this: &Bridge, cart_id: &str) -> Result<JsValue, JsValue>;

    /// `{ cartId, variant, quantity, key, attribution }`.
    #[wasm_bindgen(method, catch, js_name = setQuantity)]
    pub fn set_quantity(this: &Bridge, request: &JsValue) -> Result<JsValue, JsValue>;

    /// `{ cartId, key }`.
    #[wasm_bindgen(method, catch)]
    pub fn checkout(this: &Bridge, request: &JsValue) -> Result<JsValue, JsValue>;

    /// `{ id, title, pinned, last_event_id }` of a LIVE room.
    #[wasm_bindgen(method, catch)]
    pub fn room(this: &Bridge, room: &str) -> Result<JsValue, JsValue>;

    /// Subscribes to a LIVE room's events after id `after`; `on_event` gets `{ id, type, data }`
    /// for each event and `{ type: "closed" }` when the connection gave up. Returns a
    /// subscription with `close()`.
    #[wasm_bindgen(method, catch, js_name = liveEvents)]
    pub fn live_events(
        this: &Bridge,
        room: &str,
        after: f64,
        on_event: &js_sys::Function,
    ) -> Result<Subscription, JsValue>;

    pub type Subscription;

    #[wasm_bindgen(method, catch)]
    pub fn close(this: &Subscription) -> Result<(), JsValue>;

    /// `(batch, events, { beacon })`.
    #[wasm_bindgen(method, catch)]
    pub fn analytics(
        this: &Bridge,
        batch: &str,
        events: &JsValue,
        options: &JsValue,
    ) -> Result<JsValue, JsValue>;
}
