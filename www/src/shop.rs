//! The shopping loop of one overlay: product data through the bridge, the product card, the
//! cart (the engine's `CartMachine` driven with real timers and bridge calls), checkout and the
//! order confirmation. The widgets render what this decides; nothing here touches the DOM
//! beyond focus, the video's play state and the stored cart id.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::rc::{Rc, Weak};

use gloo::events::EventListener;
use gloo::timers::callback::Timeout;
use overlay::{
    countdown, offered, safe_href, Applied, Attribution, Backoff, CartMachine, Deal, Failure,
    LiveFeed, Op, Phase, Reply, Request, ServerClock,
};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{HtmlElement, HtmlVideoElement};
use widgets::{
    AddState, CardView, CartLineView, CartView, CheckoutView, DealView, PinView, ProductView,
    ShelfItem, ShelfView, ShopAction, ShopLayer, ShopLayerProps, VariantView,
};
use yew::{AppHandle, AttrValue, Callback};

use crate::analytics::{Analytics, Event};
use crate::bindings::{Bridge, Subscription};
use crate::events::{Emitter, ErrorEvent, LiveEvent, OrderPlaced};
use crate::money::Money;
use crate::panic;
use crate::wire::{self, answer, CallError};

/// The API's per-line limit.
const MAX_PER_LINE: u32 = 10;
/// Product ids per bridge call.
const IDS_PER_CALL: usize = 100;
/// Where the cart id survives a reload (same origin only, no cookie).
const CART_KEY: &str = "shoppable-overlay.cart";
/// This browser's anonymous customer id (per-customer deal limits count by it).
const CUSTOMER_KEY: &str = "shoppable-overlay.customer";
/// Round-trips to the server's clock at mount, and again when the page comes back.
const CLOCK_SAMPLES: u32 = 5;
/// Timers fire at or a little after their time; this margin puts a countdown tick safely
/// past the second it shows.
const TICK_MARGIN_MS: f64 = 5.0;

fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

/// A random id for this page session: idempotency keys and analytics batches start with it.
fn session_id() -> String {
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.random_uuid())
        .unwrap_or_else(|| format!("s{}", (js_sys::Math::random() * 1e16) as u64))
}

/// The anonymous customer id of this browser, made once.
fn customer_id() -> String {
    let stored = storage().and_then(|s| s.get_item(CUSTOMER_KEY).ok().flatten());
    stored.unwrap_or_else(|| {
        let id = format!("c-{}", session_id());
        if let Some(s) = storage() {
            let _ = s.set_item(CUSTOMER_KEY, &id);
        }
        id
    })
}

/// Whole percent off, rounded: 14900 → 11900 is 20.
fn percent_off(regular: i64, price: i64) -> i64 {
    if regular <= 0 {
        0
    } else {
        ((regular - price) * 100 + regular / 2) / regular
    }
}

/// Why an undone change was undone, for the viewer.
fn explain(reason: &Failure, title: &str) -> String {
    match reason {
        Failure::OutOfStock { available: 0 } => format!("{title} is sold out."),
        Failure::OutOfStock { available } => format!("Only {available} left of {title}."),
        Failure::Limit { max } => format!("At most {max} of {title} per order."),
        Failure::NotFound => format!("{title} is no longer available."),
        Failure::Network => "Couldn't reach the shop. Check your connection and try again.".into(),
        Failure::Throttled { .. } | Failure::Server => {
            "The shop is busy right now. Please try again.".into()
        }
        Failure::Invalid(m) if m.is_empty() => "The shop refused the change.".into(),
        Failure::Invalid(m) => format!("The shop refused the change: {m}"),
    }
}

/// Deal badges by product id, handed to the tag layer.
pub type Badges = BTreeMap<String, AttrValue>;
/// Where badges go when they change.
pub type BadgeSink = Box<dyn Fn(&Badges)>;

/// The product card while open.
struct Card {
    product: String,
    tag: Option<String>,
    selected: Option<String>,
    quantity: u32,
    state: AddState,
    /// The variant whose add is waiting for the shop's answer.
    adding: Option<String>,
    /// Where focus goes back to on close when the tag is gone.
    opener: Option<HtmlElement>,
}

/// What is known of one variant, for cart lines.
#[derive(Clone)]
struct LineInfo {
    product: String,
    title: String,
    options: String,
    price: i64,
    currency: String,
    available: i64,
}

/// Products by id, and what could not be loaded.
#[derive(Default)]
struct Catalog {
    products: BTreeMap<String, wire::Product>,
    missing: BTreeSet<String>,
    loading: BTreeSet<String>,
    failed: Option<Failure>,
    /// Variant facts from the server's cart lines (products not loaded yet).
    lines: BTreeMap<String, LineInfo>,
}

impl Catalog {
    fn variant(&self, id: &str) -> Option<LineInfo> {
        for p in self.products.values() {
            if let Some(v) = p.variants.iter().find(|v| v.id == id) {
                return Some(LineInfo {
                    product: p.id.clone(),
                    title: p.title.clone(),
                    options: v.options.label(),
                    price: v.price,
                    currency: p.currency.clone(),
                    available: v.available,
                });
            }
        }
        self.lines.get(id).cloned()
    }

    fn set_available(&mut self, variant: &str, available: i64) {
        for p in self.products.values_mut() {
            if let Some(v) = p.variants.iter_mut().find(|v| v.id == variant) {
                v.available = available;
            }
        }
        if let Some(l) = self.lines.get_mut(variant) {
            l.available = available;
        }
    }
}

pub struct Shop {
    me: Weak<RefCell<Shop>>,
    bridge: Bridge,
    emitter: Weak<Emitter>,
    video: HtmlVideoElement,
    /// The overlay's root: tags are found here to return focus to them.
    root: HtmlElement,
    host: HtmlElement,
    app: Option<AppHandle<ShopLayer>>,
    money: Money,
    origin: String,
    pause_on_open: bool,
    /// The manifest's product names, for the card's title while loading.
    names: BTreeMap<String, String>,
    catalog: Catalog,
    card: Option<Card>,
    drawer: bool,
    machine: CartMachine,
    cart_id: Option<String>,
    /// A cart is being created or restored.
    cart_busy: bool,
    cart_failures: u32,
    cart_retry_at: Option<f64>,
    session: String,
    carts_made: u32,
    notice: Option<String>,
    placed: Option<(String, String)>,
    /// The lines being ordered, shown while checkout is in flight (the cart view is empty
    /// by then: those lines belong to the order).
    checking_out: Option<BTreeMap<String, u32>>,
    _keys: Option<EventListener>,
    resume: bool,
    wake: Option<Timeout>,
    analytics: Analytics,
    customer: String,
    /// The server's clock; deals are shown on it, never on the device's.
    clock: ServerClock,
    /// A fresh estimate being sampled after the page came back (the monotonic clock may have
    /// paused while the device slept); it replaces `clock` once sampled.
    fresh_clock: Option<ServerClock>,
    deal_tick: Option<Timeout>,
    /// Deal badges by product id, as last handed to the tag layer.
    badges: Badges,
    on_badges: Option<BadgeSink>,
    _visibility: Option<EventListener>,
    live: Option<Live>,
    /// The manifest's products in order, for the shelf.
    product_order: Vec<String>,
    /// Tag index → (tag id, product id).
    tag_products: Rc<[(String, String)]>,
    /// The shelf while open: its search text and whether only deals show.
    shelf: Option<(String, bool)>,
    /// What the polite live region says next.
    announcement: String,
    announce_timer: Option<Timeout>,
    /// A pinned product to announce once its data arrives.
    announce_pin: Option<String>,
}

/// Following a LIVE room: the feed, and the subscription with its callback (closed on drop).
struct Live {
    room: String,
    feed: LiveFeed,
    subscription: Option<Subscription>,
    _on_event: Option<Closure<dyn FnMut(JsValue)>>,
    retry: Option<Timeout>,
    reload: Option<Timeout>,
}

impl Drop for Live {
    fn drop(&mut self) {
        if let Some(s) = self.subscription.take() {
            let _ = s.close();
        }
    }
}

/// What `Shop::start` needs from the mount.
pub struct ShopSetup {
    pub bridge: Bridge,
    pub emitter: Weak<Emitter>,
    pub video: HtmlVideoElement,
    pub root: HtmlElement,
    pub locale: Option<String>,
    pub pause_on_open: bool,
    pub attribution: Attribution,
    /// Product id → the manifest's name.
    pub names: BTreeMap<String, String>,
    /// Tag index → (tag id, product id).
    pub tags: Rc<[(String, String)]>,
    /// The LIVE room to follow.
    pub live_room: Option<String>,
    /// The manifest's product ids in order.
    pub product_order: Vec<String>,
}

impl Shop {
    pub fn start(s: ShopSetup) -> Result<Rc<RefCell<Shop>>, JsValue> {
        let document = s
            .root
            .owner_document()
            .ok_or_else(|| JsValue::from_str("the overlay is not in a document"))?;
        let host: HtmlElement = document.create_element("div")?.dyn_into()?;
        host.set_class_name("so-shop-host");
        s.root.append_child(&host)?;
        let origin = web_sys::window()
            .and_then(|w| w.location().origin().ok())
            .unwrap_or_default();
        let session = session_id();
        let seed = (js_sys::Math::random() * 9e15) as u64;
        let machine = CartMachine::new(&session, s.attribution.clone(), Backoff::default(), seed);
        let analytics = Analytics::new(
            s.bridge.clone(),
            &session,
            s.tags.clone(),
            s.attribution,
            Box::new({
                let v = s.video.clone();
                move || v.current_time()
            }),
        );
        let shop = Rc::new_cyclic(|me: &Weak<RefCell<Shop>>| {
            RefCell::new(Shop {
                me: me.clone(),
                bridge: s.bridge,
                emitter: s.emitter,
                video: s.video,
                root: s.root,
                host,
                app: None,
                money: Money::new(s.locale.as_deref()),
                origin,
                pause_on_open: s.pause_on_open,
                catalog: Catalog::default(),
                names: s.names,
                card: None,
                drawer: false,
                machine,
                cart_id: None,
                cart_busy: false,
                cart_failures: 0,
                cart_retry_at: None,
                session,
                carts_made: 0,
                notice: None,
                placed: None,
                checking_out: None,
                _keys: None,
                resume: false,
                wake: None,
                analytics,
                customer: customer_id(),
                clock: ServerClock::default(),
                fresh_clock: None,
                deal_tick: None,
                badges: BTreeMap::new(),
                on_badges: None,
                _visibility: None,
                product_order: s.product_order,
                tag_products: s.tags,
                shelf: None,
                announcement: String::new(),
                announce_timer: None,
                announce_pin: None,
                live: s.live_room.map(|room| Live {
                    room,
                    feed: LiveFeed::default(),
                    subscription: None,
                    _on_event: None,
                    retry: None,
                    reload: None,
                }),
            })
        });
        {
            let mut m = shop.borrow_mut();
            let props = m.props();
            m.app = Some(
                yew::Renderer::<ShopLayer>::with_root_and_props(m.host.clone().into(), props)
                    .render(),
            );
            // Escape closes the open dialog even when focus fell out of it.
            m._keys = document.default_view().map(|w| {
                let me = m.me.clone();
                EventListener::new(&w, "keydown", move |e| {
                    let Some(e) = e.dyn_ref::<web_sys::KeyboardEvent>() else {
                        return;
                    };
                    if e.key() == "Escape" && !e.default_prevented() {
                        with(&me, |s| {
                            if s.card.is_some() {
                                s.close_card();
                            } else if s.drawer {
                                s.act(ShopAction::CloseCart);
                            } else if s.shelf.is_some() {
                                s.act(ShopAction::CloseShelf);
                            }
                        });
                    }
                })
            });
            // Back from the background: the clock is sampled afresh and the display catches up.
            m._visibility = Some({
                let me = m.me.clone();
                let d = document.clone();
                EventListener::new(&document, "visibilitychange", move |_| {
                    if !d.hidden() {
                        with(&me, |s| {
                            s.fresh_clock = Some(ServerClock::default());
                            s.sample_clock(CLOCK_SAMPLES);
                            s.on_deal_tick();
                        });
                    }
                })
            });
            let ids: Vec<String> = m.names.keys().cloned().collect();
            m.load(ids);
            m.restore_cart();
            m.sample_clock(CLOCK_SAMPLES);
            m.join_room();
        }
        Ok(shop)
    }

    fn later(&self, f: impl FnOnce(&mut Shop) + 'static) -> impl FnOnce() + 'static {
        let me = self.me.clone();
        move || with(&me, f)
    }

    /// Awaits what a bridge method returned and hands the checked answer to `then`, if the
    /// shop is still alive by then.
    fn on_answer<T: wire::FromBridge + 'static>(
        &self,
        method: &'static str,
        returned: Result<JsValue, JsValue>,
        then: impl FnOnce(&mut Shop, Result<T, CallError>) + 'static,
    ) {
        let me = self.me.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let got = answer::<T>(method, returned).await;
            with(&me, |s| then(s, got));
        });
    }

    fn report(&self, message: String) {
        self.report_kind("bridge", message);
    }

    fn report_kind(&self, kind: &'static str, message: String) {
        if let Some(em) = self.emitter.upgrade() {
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

    fn failure(&self, e: &CallError) -> Failure {
        if let CallError::Malformed(m) = e {
            self.report(m.clone());
        }
        e.failure()
    }

    // ---- products ------------------------------------------------------------------------

    /// Fetches products not loaded yet (all of the manifest's at mount, so a tap shows the
    /// card at once).
    fn load(&mut self, ids: Vec<String>) {
        let ids: Vec<String> = ids
            .into_iter()
            .filter(|id| {
                !self.catalog.products.contains_key(id)
                    && !self.catalog.missing.contains(id)
                    && !self.catalog.loading.contains(id)
            })
            .collect();
        for chunk in ids.chunks(IDS_PER_CALL) {
            let list: js_sys::Array = chunk.iter().map(|s| JsValue::from_str(s)).collect();
            self.catalog.loading.extend(chunk.iter().cloned());
            let chunk = chunk.to_vec();
            self.on_answer("products", self.bridge.products(&list), move |s, got| {
                s.on_products(chunk, got)
            });
        }
    }

    fn on_products(&mut self, asked: Vec<String>, got: Result<wire::Products, CallError>) {
        for id in &asked {
            self.catalog.loading.remove(id);
        }
        match got {
            Ok(p) => {
                self.catalog.failed = None;
                for id in p.missing {
                    self.catalog.missing.insert(id);
                }
                for p in p.products {
                    for m in &p.problems {
                        self.report(format!("bridge.products value: {m}"));
                    }
                    self.catalog.products.insert(p.id.clone(), p);
                }
                // An id the answer neither had nor called missing is missing too.
                for id in asked {
                    if !self.catalog.products.contains_key(&id) {
                        self.catalog.missing.insert(id);
                    }
                }
                if let Some(c) = self.card.as_mut() {
                    if c.selected.is_none() {
                        c.selected = first_available(self.catalog.products.get(&c.product));
                    }
                }
                if let Some(p) = self
                    .announce_pin
                    .take_if(|p| self.catalog.products.contains_key(p))
                {
                    self.announce(format!("Pinned by the host: {}", self.title_of(&p)));
                }
            }
            Err(e) => {
                self.catalog.failed = Some(self.failure(&e));
                // Pinned products must show once the network is back: try again shortly.
                let pinned = self
                    .live
                    .as_ref()
                    .is_some_and(|l| asked.iter().any(|id| l.feed.pinned().contains(id)));
                if pinned {
                    let again = Timeout::new(2_000, self.later(move |s| s.load(asked)));
                    if let Some(l) = self.live.as_mut() {
                        l.reload = Some(again);
                    }
                }
            }
        }
        self.on_deal_tick();
    }

    // ---- the server's clock and deals -----------------------------------------------------

    /// Takes `left` more round-trips to the server's clock, one after another.
    fn sample_clock(&mut self, left: u32) {
        if left == 0 {
            return;
        }
        let sent = now();
        self.on_answer(
            "serverTime",
            self.bridge.server_time(),
            move |s, got: Result<wire::ServerTime, _>| {
                let received = now();
                match got {
                    Ok(wire::ServerTime(server)) => {
                        let clock = s.fresh_clock.as_mut().unwrap_or(&mut s.clock);
                        if let Err(e) = clock.add(sent, server, received) {
                            s.report_kind("clock", e.to_string());
                        }
                    }
                    Err(e) => {
                        let _ = s.failure(&e);
                    }
                }
                if left > 1 {
                    s.sample_clock(left - 1);
                } else {
                    if let Some(fresh) = s.fresh_clock.take().filter(ServerClock::is_synced) {
                        s.clock = fresh;
                    }
                    s.on_deal_tick();
                }
            },
        );
    }

    /// The server's time now, once the clock is sampled.
    pub fn server_now(&self) -> Option<f64> {
        self.clock.server_now(now())
    }

    fn deals_of(&self, product: &str) -> &[Deal] {
        self.catalog
            .products
            .get(product)
            .map_or(&[], |p| p.deals.as_slice())
    }

    /// Something about deals may have changed (a second passed, a phase ended, new data):
    /// re-render, refresh the tag badges, and set the timer for the next change.
    fn on_deal_tick(&mut self) {
        self.render();
        self.update_badges();
        let Some(server) = self.server_now() else {
            self.deal_tick = None;
            return;
        };
        let next = self
            .catalog
            .products
            .values()
            .flat_map(|p| p.deals.iter())
            .filter_map(|d| d.next_tick(server))
            .reduce(f64::min);
        self.deal_tick = next.map(|at| {
            let delay = (at - server + TICK_MARGIN_MS)
                .clamp(0.0, 3_600_000.0)
                .ceil() as u32;
            Timeout::new(delay, self.later(|s| s.on_deal_tick()))
        });
    }

    /// "−20% · 04:59" while live, "Starts 01:30" when announced, per product.
    fn badge_of(&self, p: &wire::Product, server: f64) -> Option<String> {
        let regular = p.variants.iter().map(|v| v.price).min()?;
        let mut best: Option<(u8, f64, String)> = None;
        for d in &p.deals {
            let (rank, text) = match d.phase(server) {
                Phase::Live { ends_in_ms } => (
                    0,
                    format!(
                        "−{}% · {}",
                        percent_off(regular, d.price),
                        countdown(ends_in_ms)
                    ),
                ),
                Phase::Upcoming { starts_in_ms } => {
                    (1, format!("Starts {}", countdown(starts_in_ms)))
                }
                _ => continue,
            };
            if best
                .as_ref()
                .is_none_or(|(r, p, _)| (rank, d.price as f64) < (*r, *p))
            {
                best = Some((rank, d.price as f64, text));
            }
        }
        best.map(|(_, _, t)| t)
    }

    fn update_badges(&mut self) {
        let Some(server) = self.server_now() else {
            return;
        };
        let badges: Badges = self
            .catalog
            .products
            .values()
            .filter_map(|p| Some((p.id.clone(), AttrValue::from(self.badge_of(p, server)?))))
            .collect();
        if badges != self.badges {
            self.badges = badges;
            if let Some(f) = &self.on_badges {
                f(&self.badges);
            }
        }
    }

    /// Where the tag layer learns of deal badges.
    pub fn set_on_badges(&mut self, f: BadgeSink) {
        self.on_badges = Some(f);
        if let Some(f) = &self.on_badges {
            f(&self.badges);
        }
    }

    /// What the card says of the deals on `variant`.
    fn deal_view(&self, p: &wire::Product, variant: &str, server: Option<f64>) -> Option<DealView> {
        let server = server?;
        let covering = p.deals.iter().filter(|d| d.covers(&p.id, variant));
        let mut live = None;
        let mut upcoming = None;
        let mut ended = false;
        for d in covering {
            match d.phase(server) {
                Phase::Live { ends_in_ms } if d.stock_left != Some(0) => {
                    if live
                        .as_ref()
                        .is_none_or(|(l, _): &(&Deal, f64)| d.price < l.price)
                    {
                        live = Some((d, ends_in_ms));
                    }
                }
                Phase::Upcoming { starts_in_ms } => {
                    if upcoming.is_none() {
                        upcoming = Some((d, starts_in_ms));
                    }
                }
                Phase::Live { .. } | Phase::Ended => ended = true,
                Phase::Hidden => {}
            }
        }
        let name = |d: &Deal| d.title.clone().unwrap_or_else(|| "Deal".into());
        if let Some((d, ends_in)) = live {
            let mut note = Vec::new();
            if let Some(n) = d.stock_left {
                note.push(format!("{n} left at this price"));
            }
            if let Some(l) = d.limit {
                note.push(format!("{l} per customer"));
            }
            return Some(DealView {
                headline: AttrValue::from(format!("{} · ends in {}", name(d), countdown(ends_in))),
                note: (!note.is_empty()).then(|| AttrValue::from(note.join(" · "))),
                ended: false,
            });
        }
        if let Some((d, starts_in)) = upcoming {
            return Some(DealView {
                headline: AttrValue::from(format!(
                    "{} starts in {}",
                    name(d),
                    countdown(starts_in)
                )),
                note: Some(AttrValue::from(format!(
                    "{} during the deal",
                    self.money.format(d.price, &p.currency)
                ))),
                ended: false,
            });
        }
        ended.then_some(DealView {
            headline: AttrValue::Static("Deal ended"),
            note: Some(AttrValue::Static("The regular price applies.")),
            ended: true,
        })
    }

    // ---- LIVE ----------------------------------------------------------------------------

    /// Reads the room (what is pinned, its last event) and subscribes to what comes next.
    fn join_room(&mut self) {
        let Some(room) = self.live.as_ref().map(|l| l.room.clone()) else {
            return;
        };
        self.on_answer(
            "room",
            self.bridge.room(&room),
            |s, got: Result<wire::Room, _>| {
                match got {
                    Ok(r) => {
                        let pinned = r.pinned.clone();
                        if let Some(l) = s.live.as_mut() {
                            l.feed = LiveFeed::new(r.pinned, r.last_event_id);
                        }
                        s.load(pinned);
                        s.subscribe();
                    }
                    Err(e) => {
                        let _ = s.failure(&e);
                        s.retry_live();
                    }
                }
                s.render();
            },
        );
    }

    fn subscribe(&mut self) {
        let me = self.me.clone();
        let Some(l) = self.live.as_mut() else { return };
        let on_event = Closure::<dyn FnMut(JsValue)>::new(move |e: JsValue| {
            with(&me, |s| s.on_live_event(&e));
        });
        match self.bridge.live_events(
            &l.room,
            l.feed.last_id() as f64,
            on_event.as_ref().unchecked_ref(),
        ) {
            Ok(sub) => {
                l.subscription = Some(sub);
                l._on_event = Some(on_event);
            }
            Err(_) => {
                self.report_kind("bridge", "bridge.liveEvents threw; retrying".into());
                self.retry_live();
            }
        }
    }

    /// The connection gave up (or never came): subscribe again after a pause, from the last
    /// event applied.
    fn retry_live(&mut self) {
        let retry = Timeout::new(
            2_000,
            self.later(|s| {
                if let Some(l) = s.live.as_mut() {
                    if let Some(sub) = l.subscription.take() {
                        let _ = sub.close();
                    }
                }
                s.subscribe();
            }),
        );
        if let Some(l) = self.live.as_mut() {
            l.retry = Some(retry);
        }
    }

    fn on_live_event(&mut self, e: &JsValue) {
        let get = |k: &str| {
            js_sys::Reflect::get(e, &JsValue::from_str(k))
                .ok()
                .and_then(|v| v.as_string())
                .unwrap_or_default()
        };
        let (id, kind, data) = (get("id"), get("type"), get("data"));
        if kind == "closed" {
            self.retry_live();
            return;
        }
        let Some(l) = self.live.as_mut() else { return };
        let applied = l.feed.apply(&id, &kind, &data);
        let gaps = l.feed.take_gaps();
        let seq = l.feed.last_id();
        let tell = |kind: &'static str, product: &str| {
            if let Some(em) = self.emitter.upgrade() {
                em.emit(
                    "live-event",
                    &LiveEvent {
                        id: seq,
                        kind,
                        product_id: product,
                    },
                );
            }
        };
        match &applied {
            Ok(Applied::Pinned(p)) => tell("pin", p),
            Ok(Applied::Unpinned(p)) => tell("unpin", p),
            Ok(Applied::Deal(d)) => tell("deal", &d.product),
            _ => {}
        }
        match applied {
            Ok(Applied::Pinned(p)) => {
                if self.catalog.products.contains_key(&p) {
                    self.announce(format!("Pinned by the host: {}", self.title_of(&p)));
                } else {
                    // Said once its title is known.
                    self.announce_pin = Some(p.clone());
                    self.load(vec![p]);
                }
            }
            Ok(Applied::Deal(d)) => {
                let d = *d;
                match self.catalog.products.get_mut(&d.product) {
                    Some(p) => {
                        p.deals.retain(|x| x.id != d.id);
                        p.deals.push(d);
                    }
                    // Its product data comes with the deal in it.
                    None => self.load(vec![d.product]),
                }
            }
            Ok(Applied::Unpinned(_) | Applied::Duplicate) => {}
            Err(err) => {
                if let Some(l) = self.live.as_mut() {
                    l.feed.skip(&id);
                }
                self.report_kind("live", err.to_string());
            }
        }
        if !gaps.is_empty() {
            self.report_kind(
                "live",
                format!("live events {gaps:?} never arrived; re-reading the room"),
            );
            self.join_room();
        }
        self.on_deal_tick();
    }

    fn pin_view(&self) -> Option<PinView> {
        let pinned = self.live.as_ref()?.feed.pinned();
        let id = pinned.last()?;
        let p = self.catalog.products.get(id)?;
        let v = p
            .variants
            .iter()
            .find(|v| v.available > 0)
            .or_else(|| p.variants.first())?;
        let server = self.server_now();
        let (price, deal) = offered(&p.deals, &p.id, &v.id, v.price, server);
        Some(PinView {
            product: AttrValue::from(p.id.clone()),
            title: AttrValue::from(p.title.clone()),
            image: p
                .image
                .as_deref()
                .and_then(|u| safe_href(u, &self.origin))
                .map(AttrValue::from),
            price: AttrValue::from(self.money.format(price, &p.currency)),
            compare_at: deal.map(|_| AttrValue::from(self.money.format(v.price, &p.currency))),
            deal: self
                .deal_view(p, &v.id, server)
                .filter(|d| !d.ended)
                .map(|d| d.headline),
            more: (pinned.len() - 1) as u32,
        })
    }

    // ---- card ----------------------------------------------------------------------------

    /// A tag was activated: open its product's card.
    pub fn open_card(&mut self, product: &str, tag: Option<&str>) {
        let opener = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.active_element())
            .and_then(|e| e.dyn_into::<HtmlElement>().ok());
        if self.pause_on_open && !self.video.paused() && self.card.is_none() {
            self.resume = self.video.pause().is_ok();
        }
        self.drawer = false;
        self.card = Some(Card {
            product: product.to_string(),
            tag: tag.map(str::to_string),
            selected: first_available(self.catalog.products.get(product)),
            quantity: 1,
            state: AddState::Idle,
            adding: None,
            opener,
        });
        if !self.catalog.products.contains_key(product) {
            self.load(vec![product.to_string()]);
        }
        let mut e = self.event("card_open");
        e.tag = tag.map(str::to_string);
        e.product = Some(product.to_string());
        self.analytics.track(e);
        self.render();
    }

    fn close_card(&mut self) {
        let Some(card) = self.card.take() else { return };
        self.render();
        if std::mem::take(&mut self.resume) {
            if let Ok(p) = self.video.play() {
                // Autoplay rules can refuse; the viewer still has the controls.
                wasm_bindgen_futures::spawn_local(async move {
                    let _ = wasm_bindgen_futures::JsFuture::from(p).await;
                });
            }
        }
        // Focus goes back to the tag that opened the card (or whatever had it before).
        let tag = card.tag.as_deref().and_then(|id| self.tag_button(id));
        if let Some(el) = tag.or(card.opener.filter(|o| o.is_connected())) {
            let _ = el.focus();
        }
    }

    fn tag_button(&self, tag: &str) -> Option<HtmlElement> {
        let list = self.root.query_selector_all(".so-tag").ok()?;
        (0..list.length())
            .filter_map(|i| list.item(i))
            .filter_map(|n| n.dyn_into::<HtmlElement>().ok())
            .find(|e| e.get_attribute("data-tag-id").as_deref() == Some(tag))
    }

    fn event(&self, kind: &'static str) -> Event {
        Event::new(
            kind,
            self.video.current_time(),
            &self.analytics.attribution(),
        )
    }

    fn add(&mut self) {
        let Some(card) = self.card.as_ref() else {
            return;
        };
        let Some(variant) = card.selected.clone() else {
            return;
        };
        let info = self.catalog.variant(&variant);
        let available = info.as_ref().map_or(0, |i| i.available.max(0) as u32);
        let have = self.machine.view().get(&variant).copied().unwrap_or(0);
        let cap = available.min(MAX_PER_LINE);
        let want = (have + card.quantity).min(cap);
        let title = info.map(|i| i.title).unwrap_or_default();
        let product = card.product.clone();
        let tag = card.tag.clone();
        let quantity = card.quantity;
        let Some(card) = self.card.as_mut() else {
            return;
        };
        if want <= have {
            card.state = AddState::Failed(AttrValue::from(if cap == available {
                format!("You already have all {available} left of {title} in your cart.")
            } else {
                format!("At most {MAX_PER_LINE} of {title} per order.")
            }));
            self.render();
            return;
        }
        card.state = AddState::Pending;
        card.adding = Some(variant.clone());
        self.notice = None;
        self.placed = None;
        self.machine.set_quantity(&variant, want);
        let mut e = self.event("add_to_cart");
        e.tag = tag;
        e.product = Some(product);
        e.variant = Some(variant);
        e.quantity = Some(quantity);
        self.analytics.track(e);
        self.pump();
        self.render();
    }

    // ---- cart ----------------------------------------------------------------------------

    /// Picks up the cart a previous page view left, unless it became an order.
    fn restore_cart(&mut self) {
        let Some(id) = storage().and_then(|s| s.get_item(CART_KEY).ok().flatten()) else {
            return;
        };
        self.cart_busy = true;
        self.on_answer(
            "cart",
            self.bridge.cart(&id),
            |s, got: Result<wire::Cart, _>| {
                s.cart_busy = false;
                match got {
                    Ok(c) if c.order_id.is_none() => s.adopt(c),
                    Ok(_) | Err(CallError::Failed(Failure::NotFound)) => {
                        if let Some(st) = storage() {
                            let _ = st.remove_item(CART_KEY);
                        }
                    }
                    Err(e) => {
                        // Unreachable now; the stored id stays for the next visit.
                        let _ = s.failure(&e);
                    }
                }
                s.pump();
                s.render();
            },
        );
    }

    /// Takes a cart the server sent as this overlay's cart.
    fn adopt(&mut self, c: wire::Cart) {
        for l in &c.lines {
            self.catalog.lines.insert(
                l.variant_id.clone(),
                LineInfo {
                    product: l.product_id.clone(),
                    title: l.title.clone(),
                    options: l.options.label(),
                    price: l.unit_price,
                    currency: c.currency.clone(),
                    available: l.available,
                },
            );
        }
        let products: Vec<String> = c.lines.iter().map(|l| l.product_id.clone()).collect();
        self.machine.reconcile(c.server_cart());
        if self.cart_id.as_deref() != Some(c.id.as_str()) {
            if let Some(st) = storage() {
                let _ = st.set_item(CART_KEY, &c.id);
            }
            self.cart_id = Some(c.id);
        }
        self.load(products);
    }

    fn create_cart(&mut self) {
        self.cart_busy = true;
        self.carts_made += 1;
        let key = format!("{}-cart-{}", self.session, self.carts_made);
        self.on_answer(
            "createCart",
            self.bridge.create_cart(&key, &self.customer),
            |s, got: Result<wire::Cart, _>| {
                s.cart_busy = false;
                match got {
                    Ok(c) => {
                        s.cart_failures = 0;
                        s.cart_retry_at = None;
                        s.adopt(c);
                    }
                    Err(e) => {
                        let f = s.failure(&e);
                        s.cart_failures += 1;
                        // The same key on retry: a cart made before a lost reply is reused.
                        s.carts_made -= 1;
                        let delay = (250.0 * 2f64.powi(s.cart_failures.min(5) as i32)).min(8_000.0);
                        s.cart_retry_at = Some(now() + delay);
                        if s.cart_failures == 3 {
                            s.notice = Some(explain(&f, ""));
                        }
                    }
                }
                s.pump();
                s.render();
            },
        );
    }

    /// Sends what the cart machine says is due, and sets a timer for what is due later.
    fn pump(&mut self) {
        if panic::has_panicked() {
            return;
        }
        let t = now();
        if self.cart_id.is_none() {
            let work = !self.machine.is_settled();
            if work && !self.cart_busy && self.cart_retry_at.is_none_or(|at| at <= t) {
                self.create_cart();
            }
        } else if let Some(req) = self.machine.poll(t) {
            self.send(req);
        }
        self.schedule(t);
    }

    fn schedule(&mut self, t: f64) {
        let next = if self.cart_id.is_some() {
            self.machine.next_wake()
        } else if !self.cart_busy && !self.machine.is_settled() {
            self.cart_retry_at
        } else {
            None
        };
        self.wake = next.map(|at| {
            let delay = (at - t).clamp(0.0, 60_000.0).ceil() as u32;
            Timeout::new(delay, self.later(|s| s.pump()))
        });
    }

    fn send(&mut self, req: Request) {
        let Some(cart_id) = self.cart_id.clone() else {
            return;
        };
        let body = js_sys::Object::new();
        let set = |k: &str, v: JsValue| {
            let _ = js_sys::Reflect::set(&body, &JsValue::from_str(k), &v);
        };
        set("cartId", JsValue::from_str(&cart_id));
        set("key", JsValue::from_str(&req.key));
        let seq = req.seq;
        match req.op {
            Op::Set { variant, quantity } => {
                set("variant", JsValue::from_str(&variant));
                set("quantity", JsValue::from(quantity));
                let a = js_sys::Object::new();
                let opt =
                    |v: &Option<String>| v.as_deref().map_or(JsValue::NULL, JsValue::from_str);
                let _ = js_sys::Reflect::set(&a, &"creator".into(), &opt(&req.attribution.creator));
                let _ =
                    js_sys::Reflect::set(&a, &"campaign".into(), &opt(&req.attribution.campaign));
                set("attribution", a.into());
                self.on_answer(
                    "setQuantity",
                    self.bridge.set_quantity(&body),
                    move |s, got: Result<wire::Cart, _>| {
                        let reply = match got {
                            Ok(c) => {
                                let cart = c.server_cart();
                                s.adopt(c);
                                Reply::Ok(cart)
                            }
                            Err(e) => Reply::Err(s.failure(&e)),
                        };
                        s.on_reply(seq, reply);
                    },
                );
            }
            Op::Checkout => {
                self.on_answer(
                    "checkout",
                    self.bridge.checkout(&body),
                    move |s, got: Result<wire::Order, _>| {
                        let reply = match got {
                            Ok(o) => {
                                let total = s.money.format(o.total, &o.currency);
                                s.placed = Some((o.id.clone(), total));
                                Reply::Ordered(o.id)
                            }
                            Err(e) => Reply::Err(s.failure(&e)),
                        };
                        s.on_reply(seq, reply);
                    },
                );
            }
        }
    }

    fn on_reply(&mut self, seq: u64, reply: Reply) {
        self.machine.on_reply(seq, reply, now());
        for order in self.machine.take_orders() {
            self.checking_out = None;
            self.cart_id = None;
            if let Some(st) = storage() {
                let _ = st.remove_item(CART_KEY);
            }
            let total = self
                .placed
                .as_ref()
                .filter(|(id, _)| *id == order)
                .map(|(_, t)| t.clone())
                .unwrap_or_default();
            if let Some(em) = self.emitter.upgrade() {
                em.emit(
                    "order",
                    &OrderPlaced {
                        order_id: &order,
                        total: &total,
                    },
                );
            }
        }
        for r in self.machine.take_rollbacks() {
            match &r.op {
                Op::Set { variant, .. } => {
                    let info = self.catalog.variant(variant);
                    if let Failure::OutOfStock { available } = r.reason {
                        self.catalog.set_available(variant, i64::from(available));
                    }
                    let title = info.map(|i| i.title).unwrap_or_else(|| "this item".into());
                    let why = explain(&r.reason, &title);
                    if let Some(c) = self.card.as_mut() {
                        if c.adding.as_deref() == Some(variant.as_str()) {
                            c.adding = None;
                            c.state = AddState::Failed(AttrValue::from(why.clone()));
                        }
                        // The quantity picker follows what is left.
                        if let (Some(v), Failure::OutOfStock { available }) =
                            (c.selected.as_deref(), &r.reason)
                        {
                            if v == variant {
                                c.quantity = c.quantity.min((*available).max(1));
                            }
                        }
                    }
                    self.notice = Some(why);
                }
                Op::Checkout => {
                    self.checking_out = None;
                    self.placed = None;
                    let title = match &r.reason {
                        Failure::OutOfStock { .. } => "an item in your cart",
                        _ => "",
                    };
                    self.notice = Some(format!(
                        "Your order was not placed. {}",
                        explain(&r.reason, title)
                    ));
                }
            }
        }
        if let Some(c) = self.card.as_mut() {
            if let Some(v) = c.adding.clone() {
                if !self.machine.is_pending(&v) {
                    c.adding = None;
                    c.state = AddState::Added;
                }
            }
        }
        self.pump();
        self.render();
    }

    fn set_line(&mut self, variant: &str, quantity: u32) {
        self.notice = None;
        self.placed = None;
        self.machine.set_quantity(variant, quantity);
        self.pump();
        self.render();
    }

    fn checkout(&mut self) {
        let lines = self.machine.view();
        if lines.is_empty() || self.checking_out.is_some() {
            return;
        }
        self.notice = None;
        self.checking_out = Some(lines);
        self.machine.checkout();
        self.analytics.track(self.event("checkout"));
        self.pump();
        self.render();
    }

    // ---- view ----------------------------------------------------------------------------

    fn act(&mut self, a: ShopAction) {
        match a {
            ShopAction::SelectVariant(v) => {
                let mut e = self.event("variant_select");
                if let Some(c) = self.card.as_mut() {
                    e.tag = c.tag.clone();
                    e.product = Some(c.product.clone());
                    c.selected = Some(v.to_string());
                    c.quantity = 1;
                    if !matches!(c.state, AddState::Pending) {
                        c.state = AddState::Idle;
                    }
                }
                e.variant = Some(v.to_string());
                self.analytics.track(e);
            }
            ShopAction::CardQuantity(q) => {
                if let Some(c) = self.card.as_mut() {
                    c.quantity = q.clamp(1, MAX_PER_LINE);
                    if matches!(c.state, AddState::Added | AddState::Failed(_)) {
                        c.state = AddState::Idle;
                    }
                }
            }
            ShopAction::Add => return self.add(),
            ShopAction::CloseCard => return self.close_card(),
            ShopAction::Retry => {
                self.catalog.failed = None;
                if let Some(p) = self.card.as_ref().map(|c| c.product.clone()) {
                    self.load(vec![p]);
                }
            }
            ShopAction::OpenCart => {
                if self.card.is_some() {
                    self.close_card();
                }
                self.drawer = true;
            }
            ShopAction::CloseCart => {
                self.drawer = false;
                if self.placed.is_some() && self.checking_out.is_none() {
                    self.placed = None;
                }
                self.render();
                if let Ok(Some(b)) = self.root.query_selector(".so-cart-button") {
                    if let Ok(b) = b.dyn_into::<HtmlElement>() {
                        let _ = b.focus();
                    }
                }
                return;
            }
            ShopAction::SetLine(v, q) => return self.set_line(&v, q.min(MAX_PER_LINE)),
            ShopAction::OpenProduct(p) => {
                self.shelf = None;
                return self.open_card(&p, None);
            }
            ShopAction::OpenShelf => {
                let everything: Vec<String> = self.shelf_products();
                self.load(everything);
                self.shelf = Some((String::new(), false));
            }
            ShopAction::CloseShelf => {
                self.shelf = None;
                self.render();
                if let Ok(Some(b)) = self.root.query_selector(".so-shelf-button") {
                    if let Ok(b) = b.dyn_into::<HtmlElement>() {
                        let _ = b.focus();
                    }
                }
                return;
            }
            ShopAction::ShelfQuery(q) => {
                if let Some(s) = self.shelf.as_mut() {
                    s.0 = q.chars().take(100).collect();
                }
            }
            ShopAction::ShelfDealsOnly(d) => {
                if let Some(s) = self.shelf.as_mut() {
                    s.1 = d;
                }
            }
            ShopAction::Checkout => return self.checkout(),
        }
        self.render();
    }

    fn card_view(&self) -> Option<CardView> {
        let c = self.card.as_ref()?;
        let title = || {
            AttrValue::from(
                self.names
                    .get(&c.product)
                    .cloned()
                    .unwrap_or_else(|| c.product.clone()),
            )
        };
        let Some(p) = self.catalog.products.get(&c.product) else {
            return Some(if self.catalog.missing.contains(&c.product) {
                CardView::Unavailable {
                    title: title(),
                    why: "This product is no longer available.".into(),
                    can_retry: false,
                }
            } else if let (Some(f), false) = (
                &self.catalog.failed,
                self.catalog.loading.contains(&c.product),
            ) {
                CardView::Unavailable {
                    title: title(),
                    why: AttrValue::from(explain(f, "")),
                    can_retry: true,
                }
            } else {
                CardView::Loading { title: title() }
            });
        };
        let selected = c
            .selected
            .as_ref()
            .and_then(|s| p.variants.iter().find(|v| &v.id == s))
            .or_else(|| p.variants.first());
        let server = self.server_now();
        let regular = selected.map_or(0, |v| v.price);
        let (price, deal) = selected.map_or((regular, None), |v| {
            offered(&p.deals, &p.id, &v.id, v.price, server)
        });
        // During a deal the regular price is what it is compared against.
        let compare = if deal.is_some() {
            Some(regular)
        } else {
            selected.and_then(|v| v.compare_at).filter(|&c| c > price)
        };
        let in_cart = |id: &str| self.machine.view().get(id).copied().unwrap_or(0) as i64;
        let product = ProductView {
            id: AttrValue::from(p.id.clone()),
            title: AttrValue::from(p.title.clone()),
            image: p
                .image
                .as_deref()
                .and_then(|u| safe_href(u, &self.origin))
                .map(AttrValue::from),
            price: AttrValue::from(self.money.format(price, &p.currency)),
            compare_at: compare.map(|c| AttrValue::from(self.money.format(c, &p.currency))),
            variants: p
                .variants
                .iter()
                .map(|v| VariantView {
                    id: AttrValue::from(v.id.clone()),
                    label: AttrValue::from(v.options.label()),
                    // What can still be added, with what is in the cart counted.
                    available: (v.available - in_cart(&v.id)).max(0) as u32,
                })
                .collect(),
            link: p
                .url
                .as_deref()
                .and_then(|u| safe_href(u, &self.origin))
                .map(AttrValue::from),
            deal: selected.and_then(|v| self.deal_view(p, &v.id, server)),
        };
        let all_gone = p.variants.iter().all(|v| v.available <= 0);
        let state = match &c.state {
            AddState::Idle if all_gone => AddState::Failed("Sold out.".into()),
            s => s.clone(),
        };
        Some(CardView::Product {
            product: Box::new(product),
            selected: c.selected.clone().map(AttrValue::from),
            quantity: c.quantity,
            state,
        })
    }

    fn cart_view(&self) -> CartView {
        let view = self
            .checking_out
            .clone()
            .unwrap_or_else(|| self.machine.view());
        let server = self.server_now();
        let mut subtotal = 0i64;
        let mut currency = String::from("USD");
        let lines: Vec<CartLineView> = view
            .iter()
            .map(|(variant, &quantity)| {
                let info = self.catalog.variant(variant);
                let (title, options, price, cur, available, product) = info.map_or_else(
                    || {
                        (
                            variant.clone(),
                            String::new(),
                            0,
                            "USD".to_string(),
                            0,
                            None,
                        )
                    },
                    |i| {
                        (
                            i.title,
                            i.options,
                            i.price,
                            i.currency,
                            i.available,
                            Some(i.product),
                        )
                    },
                );
                // Priced as the server will price it: a live deal, else the regular price.
                let price = product.as_deref().map_or(price, |p| {
                    offered(self.deals_of(p), p, variant, price, server).0
                });
                let total = price * i64::from(quantity);
                subtotal += total;
                currency = cur.clone();
                CartLineView {
                    variant: AttrValue::from(variant.clone()),
                    title: AttrValue::from(title),
                    options: AttrValue::from(options),
                    image: product
                        .and_then(|p| self.catalog.products.get(&p))
                        .and_then(|p| p.image.as_deref())
                        .and_then(|u| safe_href(u, &self.origin))
                        .map(AttrValue::from),
                    quantity,
                    max: (available.max(0) as u32).max(quantity).min(MAX_PER_LINE),
                    line_total: AttrValue::from(self.money.format(total, &cur)),
                    pending: self.machine.is_pending(variant),
                }
            })
            .collect();
        let checkout = match (&self.placed, &self.checking_out) {
            (_, Some(_)) => CheckoutView::Pending,
            (Some((order, total)), None) => CheckoutView::Placed {
                order: AttrValue::from(order.clone()),
                total: AttrValue::from(total.clone()),
            },
            (None, None) => CheckoutView::Idle,
        };
        CartView {
            count: lines.iter().map(|l| l.quantity).sum(),
            lines: lines.into(),
            subtotal: AttrValue::from(self.money.format(subtotal, &currency)),
            checkout,
            notice: self.notice.clone().map(AttrValue::from),
            syncing: !self.machine.is_settled(),
        }
    }

    /// The video's products, then what the LIVE host pinned that the video does not show.
    fn shelf_products(&self) -> Vec<String> {
        let mut ids = self.product_order.clone();
        if let Some(l) = &self.live {
            for p in l.feed.pinned() {
                if !ids.contains(p) {
                    ids.push(p.clone());
                }
            }
        }
        ids
    }

    fn shelf_view(&self) -> Option<ShelfView> {
        let (query, deals_only) = self.shelf.as_ref()?;
        let server = self.server_now();
        let needle = query.trim().to_lowercase();
        let mut items: Vec<(u8, ShelfItem)> = self
            .shelf_products()
            .iter()
            .filter_map(|id| self.catalog.products.get(id))
            .filter(|p| needle.is_empty() || p.title.to_lowercase().contains(&needle))
            .filter_map(|p| {
                let v = p
                    .variants
                    .iter()
                    .filter(|v| v.available > 0)
                    .min_by_key(|v| v.price)
                    .or_else(|| p.variants.first())?;
                let (price, deal) = offered(&p.deals, &p.id, &v.id, v.price, server);
                let phases = p.deals.iter().map(|d| server.map(|t| d.phase(t)));
                let upcoming = phases
                    .into_iter()
                    .any(|ph| matches!(ph, Some(Phase::Upcoming { .. })));
                let rank = if deal.is_some() {
                    0
                } else if upcoming {
                    1
                } else {
                    2
                };
                if *deals_only && deal.is_none() {
                    return None;
                }
                Some((
                    rank,
                    ShelfItem {
                        product: AttrValue::from(p.id.clone()),
                        title: AttrValue::from(p.title.clone()),
                        image: p
                            .image
                            .as_deref()
                            .and_then(|u| safe_href(u, &self.origin))
                            .map(AttrValue::from),
                        price: AttrValue::from(self.money.format(price, &p.currency)),
                        compare_at: deal
                            .map(|_| AttrValue::from(self.money.format(v.price, &p.currency))),
                        badge: server
                            .and_then(|t| self.badge_of(p, t))
                            .map(AttrValue::from),
                    },
                ))
            })
            .collect();
        // Deals first, then the video's order.
        items.sort_by_key(|(rank, _)| *rank);
        Some(ShelfView {
            items: items.into_iter().map(|(_, i)| i).collect(),
            query: AttrValue::from(query.clone()),
            deals_only: *deals_only,
        })
    }

    fn props(&self) -> ShopLayerProps {
        let me = self.me.clone();
        ShopLayerProps {
            card: self.card_view(),
            cart: self.cart_view(),
            drawer_open: self.drawer,
            pin: self.pin_view(),
            shelf: self.shelf_view(),
            announcement: AttrValue::from(self.announcement.clone()),
            on_action: Callback::from(move |a| with(&me, |s| s.act(a))),
        }
    }

    fn render(&mut self) {
        let props = self.props();
        if let Some(app) = self.app.as_mut() {
            app.update(props);
        }
    }

    /// Tags that came into view and left it (for impressions).
    pub fn visible(&mut self, entered: &[u32], left: &[u32]) {
        self.analytics.visible(entered, left);
        let mut names: Vec<String> = entered
            .iter()
            .filter_map(|&i| self.tag_products.get(i as usize))
            .map(|(_, p)| self.title_of(p))
            .collect();
        names.dedup();
        if !names.is_empty() {
            self.announce(format!("In the video now: {}", names.join(", ")));
        }
    }

    fn title_of(&self, product: &str) -> String {
        self.catalog
            .products
            .get(product)
            .map(|p| p.title.clone())
            .or_else(|| self.names.get(product).cloned())
            .unwrap_or_else(|| product.to_string())
    }

    /// Says `text` through the polite live region. Rendered a turn later, so a frame that
    /// changes the visible tags does no shop rendering.
    fn announce(&mut self, text: String) {
        self.announcement = text;
        self.announce_timer = Some(Timeout::new(0, self.later(|s| s.render())));
    }

    /// A tag was tapped.
    pub fn tapped(&self, tag: &str, product: &str) {
        let mut e = self.event("tag_tap");
        e.tag = Some(tag.to_string());
        e.product = Some(product.to_string());
        self.analytics.track(e);
    }
}

impl Drop for Shop {
    fn drop(&mut self) {
        self.wake = None;
        if let Some(app) = self.app.take() {
            app.destroy();
        }
        self.host.remove();
    }
}

fn first_available(p: Option<&wire::Product>) -> Option<String> {
    let p = p?;
    p.variants
        .iter()
        .find(|v| v.available > 0)
        .or_else(|| p.variants.first())
        .map(|v| v.id.clone())
}

/// Runs `f` on the shop if it is still alive, not already borrowed, and nothing panicked.
pub fn with(weak: &Weak<RefCell<Shop>>, f: impl FnOnce(&mut Shop)) {
    if panic::has_panicked() {
        return;
    }
    if let Some(rc) = weak.upgrade() {
        if let Ok(mut s) = rc.try_borrow_mut() {
            f(&mut s);
        }
    }
}
