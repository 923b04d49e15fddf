//! The shopping loop of one overlay: product data through the bridge, the product card, the
//! cart (the engine's `CartMachine` driven with real timers and bridge calls), checkout and the
//! order confirmation. The widgets render what this decides; nothing here touches the DOM
//! beyond focus, the video's play state and the stored cart id. Every sentence it makes is one
//! catalog message in the viewer's language, through the overlay's one translator (`Tr`).

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::{Rc, Weak};

use gloo::events::EventListener;
use gloo::timers::callback::Timeout;
use glue::js::now;
use overlay::choices::{Axis, Group, Offer, Stock};
use overlay::contract::ErrorKind;
use overlay::{
    offered, safe_href, Applied, Attribution, Deal, Failure, LiveFeed, Op, Phase, Reply, Request,
};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{HtmlElement, HtmlVideoElement};
use widgets::components::Isolate;
use widgets::{
    AddState, CardView, CartLineView, CartView, CheckoutView, ChoiceView, DealView,
    OptionGroupView, PinView, ProductView, ShelfItem, ShelfView, ShopAction, ShopLayer,
    ShopLayerProps, Tr,
};
use yew::{AppHandle, AttrValue, Callback};

use crate::analytics::{Analytics, Event};
use crate::bindings::{Bridge, Subscription};
use crate::events::{Emitter, LiveEvent, OrderPlaced};
use crate::money::Money;
use crate::panic;
use crate::wire::{self, answer, CallError, Refusal};

mod announcer;
mod card;
mod cart;
mod cart_loop;
mod catalog;
mod deal_words;
mod deals;
mod live;
mod view;

use announcer::Announcer;
use cart_loop::CartLoop;
use catalog::Catalog;
use deals::Deals;
use live::Live;

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

/// Where a failure is explained: each place has whole messages of its own.
#[derive(Clone, Copy)]
enum Place<'a> {
    /// A cart change to a known item (its title).
    Line(&'a str),
    /// A cart change to an item the shop knows nothing of.
    UnknownLine,
    /// Placing the order.
    Checkout,
    /// Loading the product for the card.
    CardLoad,
    /// Making a cart.
    CartCreate,
}

/// What explains a failure: a message key, the count its plural forms take, and whether it
/// names the item (`{name}`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Explanation {
    key: &'static str,
    count: Option<u32>,
    named: bool,
}

/// Why an undone change was undone (or the card cannot show), for the viewer: one whole
/// message per reason and place. A refusal's own text never shows; the shop reported it.
/// Pure: which message, not its words (those are [`explain`]'s, through the catalogs).
fn explanation(reason: &Failure, place: Place) -> Explanation {
    let say = |key| Explanation {
        key,
        count: None,
        named: false,
    };
    let count = |key, n: u32| Explanation {
        key,
        count: Some(n),
        named: false,
    };
    let busy = |r: &Failure| matches!(r, Failure::Throttled { .. } | Failure::Server);
    match place {
        Place::Line(_) => {
            let e = match reason {
                Failure::OutOfStock { available: 0 } => say("status.sold_out"),
                Failure::OutOfStock { available } => count("status.only_left", *available),
                Failure::Limit { max } => count("status.limit", *max),
                Failure::NotFound => say("status.not_found"),
                Failure::Network => return say("status.network"),
                r if busy(r) => return say("status.busy"),
                _ => return say("status.refused"),
            };
            Explanation { named: true, ..e }
        }
        Place::UnknownLine => match reason {
            Failure::OutOfStock { available: 0 } => say("status.item_sold_out"),
            Failure::OutOfStock { available } => count("status.item_only_left", *available),
            Failure::Limit { max } => count("status.item_limit", *max),
            Failure::NotFound => say("status.item_not_found"),
            Failure::Network => say("status.network"),
            r if busy(r) => say("status.busy"),
            _ => say("status.refused"),
        },
        Place::Checkout => match (reason, Refusal::of(reason)) {
            (_, Some(Refusal::DealLimit { max })) => count("checkout.failed.deal_limit", max),
            (_, Some(Refusal::DealSoldOut { available })) => {
                count("checkout.failed.deal_sold_out", available)
            }
            (Failure::OutOfStock { available: 0 }, _) => say("checkout.failed.sold_out"),
            (Failure::OutOfStock { available }, _) => {
                count("checkout.failed.only_left", *available)
            }
            (Failure::Limit { max }, _) => count("checkout.failed.limit", *max),
            (Failure::NotFound, _) => say("checkout.failed.not_found"),
            (Failure::Network, _) => say("checkout.failed.network"),
            (r, _) if busy(r) => say("checkout.failed.busy"),
            _ => say("checkout.failed.refused"),
        },
        Place::CardLoad => match reason {
            Failure::Network => say("status.network"),
            r if busy(r) => say("status.busy"),
            Failure::NotFound => say("card.error.unavailable"),
            _ => say("card.error.load_failed"),
        },
        Place::CartCreate => match reason {
            Failure::Network => say("status.network"),
            r if busy(r) => say("status.busy"),
            _ => say("status.refused"),
        },
    }
}

/// The explanation in the viewer's words.
fn explain(tr: &Tr, reason: &Failure, place: Place) -> String {
    let e = explanation(reason, place);
    let name = match place {
        Place::Line(title) if e.named => Some(tr.isolate(title)),
        _ => None,
    };
    let args: Vec<(&str, &str)> = name.iter().map(|n| ("name", n.as_str())).collect();
    match e.count {
        Some(n) => tr.count(e.key, f64::from(n), &args),
        None => tr.fmt(e.key, &args),
    }
}

/// Words by product id, handed to the tag layer (a deal badge, a price, a name).
pub type Badges = BTreeMap<String, AttrValue>;
/// Where the tag layer learns of each product's deal badge, price and name in the catalogue's
/// language, each map under the field it fills: `badge`, `price`, `name`.
pub type BadgeSink = Box<dyn Fn(&[(&str, &Badges)])>;
/// Where the tag layer learns of the corners the shop's controls hold.
pub type HeldSink = Box<dyn Fn(&[overlay::Corner])>;

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

pub struct Shop {
    me: Weak<RefCell<Shop>>,
    bridge: Bridge,
    emitter: Weak<Emitter>,
    video: HtmlVideoElement,
    /// The overlay's root: tags are found here to return focus to them.
    root: HtmlElement,
    host: HtmlElement,
    app: Option<AppHandle<ShopLayer>>,
    /// The overlay's words in the viewer's language (the widgets get the same one).
    tr: Tr,
    money: Money,
    origin: String,
    pause_on_open: bool,
    /// The manifest's products in order: id and name (the title until the API's arrives).
    products: Vec<(String, String)>,
    catalog: Catalog,
    card: Option<Card>,
    drawer: bool,
    cart: CartLoop,
    _keys: Option<EventListener>,
    resume: bool,
    wake: Option<Timeout>,
    analytics: Analytics,
    customer: String,
    deals: Deals,
    deal_tick: Option<Timeout>,
    /// Deal badges by product id, as last handed to the tag layer.
    badges: Badges,
    on_badges: Option<BadgeSink>,
    /// The corners the layer's controls hold, as last handed to the tag layer.
    held: Vec<overlay::Corner>,
    on_held: Option<HeldSink>,
    /// The price each loaded product's tags show ("$34.00": the lowest a viewer pays now for a
    /// variant in stock).
    prices: Badges,
    /// Product names in the catalogue's language (the viewer's, when the bridge has it).
    names: Badges,
    _visibility: Option<EventListener>,
    live: Option<Live>,
    /// Tag index → (tag id, product id).
    tag_products: Rc<[(String, String)]>,
    /// The shelf while open: its search text and whether only deals show.
    shelf: Option<(String, bool)>,
    announcer: Announcer,
    announce_timer: Option<Timeout>,
}

/// What `Shop::start` needs from the mount.
pub struct ShopSetup {
    pub bridge: Bridge,
    pub emitter: Weak<Emitter>,
    pub video: HtmlVideoElement,
    pub root: HtmlElement,
    /// The overlay's translator, for the viewer's resolved locale (prices use it too).
    pub tr: Tr,
    pub pause_on_open: bool,
    pub attribution: Attribution,
    /// The manifest's products in order: id and name.
    pub products: Vec<(String, String)>,
    /// Tag index → (tag id, product id).
    pub tags: Rc<[(String, String)]>,
    /// The LIVE room to follow.
    pub live_room: Option<String>,
    /// Deals the manifest features; shown only as the API states them.
    pub manifest_deals: Vec<Deal>,
}

impl Shop {
    pub fn start(s: ShopSetup) -> Result<Rc<RefCell<Shop>>, JsValue> {
        let document = s
            .root
            .owner_document()
            .ok_or_else(|| JsValue::from_str("the overlay is not in a document"))?;
        // A shopping layer an overlay destroyed before left behind, or a new one.
        let pooled = POOL.with(|p| p.borrow_mut().pop());
        let (host, app) = match pooled {
            Some((host, app)) => (host, Some(app)),
            None => {
                let host: HtmlElement = document.create_element("div")?.dyn_into()?;
                host.set_class_name("so-shop-host");
                (host, None)
            }
        };
        s.root.append_child(&host)?;
        let origin = web_sys::window()
            .and_then(|w| w.location().origin().ok())
            .unwrap_or_default();
        let session = session_id();
        let seed = (js_sys::Math::random() * 9e15) as u64;
        let cart = CartLoop::new(&session, s.attribution.clone(), seed);
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
                money: Money::new(&s.tr),
                tr: s.tr,
                origin,
                pause_on_open: s.pause_on_open,
                catalog: Catalog::default(),
                products: s.products,
                card: None,
                drawer: false,
                cart,
                _keys: None,
                resume: false,
                wake: None,
                analytics,
                customer: customer_id(),
                deals: Deals::new(s.manifest_deals),
                deal_tick: None,
                badges: BTreeMap::new(),
                on_badges: None,
                held: Vec::new(),
                on_held: None,
                prices: Badges::new(),
                names: Badges::new(),
                _visibility: None,
                tag_products: s.tags,
                shelf: None,
                announcer: Announcer::default(),
                announce_timer: None,
                live: s.live_room.map(Live::new),
            })
        });
        {
            let mut m = shop.borrow_mut();
            let props = m.props();
            m.app = Some(match app {
                Some(mut app) => {
                    app.update(props);
                    app
                }
                None => {
                    yew::Renderer::<ShopLayer>::with_root_and_props(m.host.clone().into(), props)
                        .render()
                }
            });
            // Escape closes the open dialog even when focus fell out of it.
            m._keys = document.default_view().map(|w| {
                let me = m.me.clone();
                EventListener::new(&w, "keydown", move |e| {
                    let Some(e) = e.dyn_ref::<web_sys::KeyboardEvent>() else {
                        return;
                    };
                    if e.key() == "Escape" && !e.default_prevented() {
                        with(&me, |s| {
                            s.back();
                        });
                    }
                })
            });
            // Back from the background: the clock is sampled afresh and the display catches up.
            m._visibility = Some({
                let me = m.me.clone();
                let d = document.clone();
                EventListener::new(&document, "visibilitychange", move |_| {
                    let hidden = d.hidden();
                    with(&me, |s| {
                        if hidden {
                            // In the background (an app switched away): no timers run.
                            s.deal_tick = None;
                            s.announce_timer = None;
                        } else {
                            // The device may have slept: the clock is sampled afresh, the
                            // display catches up, and the cart is read again (the app may
                            // have changed it or finished a handed-off checkout).
                            s.deals.resample();
                            s.sample_clock(CLOCK_SAMPLES);
                            s.on_deal_tick();
                            s.refresh_cart();
                        }
                    });
                })
            });
            let ids: Vec<String> = m.products.iter().map(|(id, _)| id.clone()).collect();
            m.load(ids);
            m.restore_cart();
            m.sample_clock(CLOCK_SAMPLES);
            m.join_room();
        }
        Ok(shop)
    }

    /// The app's back button or gesture: closes what the overlay opened, topmost first, and
    /// answers whether it closed something (if not, the app navigates back itself).
    pub fn back(&mut self) -> bool {
        if self.card.is_some() {
            self.close_card();
        } else if self.drawer {
            self.act(ShopAction::CloseCart);
        } else if self.shelf.is_some() {
            self.act(ShopAction::CloseShelf);
        } else {
            return false;
        }
        true
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
        self.report_kind(ErrorKind::Bridge, message);
    }

    fn report_kind(&self, kind: ErrorKind, message: String) {
        crate::report(&self.emitter, kind, message);
    }

    /// The failure a call error stands for. An answer of the wrong shape, or a refusal in the
    /// bridge's own words, is reported here (`error` event, kind "bridge") and becomes a bare
    /// refusal: the viewer is told in the catalog's words, never the bridge's.
    fn failure(&self, e: &CallError) -> Failure {
        match e {
            CallError::Failed(f) => f.clone(),
            CallError::Malformed(m) | CallError::Refused(m) => {
                self.report(m.clone());
                Failure::Invalid(String::new())
            }
            // Only a line change sends a revision; a stale answer to anything else is the
            // bridge's mistake.
            CallError::Stale(_) => {
                self.report("the bridge answered \"stale\" to a call that sent no revision".into());
                Failure::Invalid(String::new())
            }
        }
    }

    // ---- products ------------------------------------------------------------------------

    /// Fetches products not loaded yet (all of the manifest's at mount, so a tap shows the
    /// card at once).
    fn load(&mut self, ids: Vec<String>) {
        let ids = self.catalog.begin_load(ids);
        for chunk in ids.chunks(IDS_PER_CALL) {
            let list: js_sys::Array = chunk.iter().map(|s| JsValue::from_str(s)).collect();
            let chunk = chunk.to_vec();
            self.on_answer("products", self.bridge.products(&list), move |s, got| {
                s.on_products(chunk, got)
            });
        }
    }

    fn on_products(&mut self, asked: Vec<String>, got: Result<wire::Products, CallError>) {
        match got {
            Ok(p) => {
                for m in self.catalog.received(&asked, p) {
                    self.report(m);
                }
                if let Some(c) = self.card.as_mut() {
                    if c.selected.is_none() {
                        c.selected = self.catalog.first_available(&c.product);
                    }
                }
                self.check_manifest_deals();
                let catalog = &self.catalog;
                if let Some(p) = self.announcer.pin_ready(|p| catalog.get(p).is_some()) {
                    self.announce_pinned(&p);
                }
            }
            Err(e) => {
                let f = self.failure(&e);
                self.catalog.load_failed(&asked, f);
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
}

/// How many shopping layers destroyed overlays leave for the next ones.
const POOL_MAX: usize = 4;

thread_local! {
    /// Shopping layers (host element and yew app) of destroyed overlays, shown nothing, for the
    /// next overlay to take. yew never releases an app's host: it keeps the host's delegated
    /// event listeners for the page's life ("the registry is never dropped in production"), so
    /// a page that mounts and destroys overlays (a feed) would leave one behind per overlay.
    static POOL: RefCell<Vec<(HtmlElement, AppHandle<ShopLayer>)>> = const { RefCell::new(Vec::new()) };
}

impl Drop for Shop {
    fn drop(&mut self) {
        self.wake = None;
        self.host.remove();
        if let Some(mut app) = self.app.take() {
            // Everything that opened is closed (and its components, with their state, gone);
            // the callbacks lead to this dropped shop and do nothing.
            let mut props = self.props();
            props.card = None;
            props.drawer_open = false;
            props.pin = None;
            props.shelf = None;
            props.announcement = AttrValue::default();
            app.update(props);
            let host = self.host.clone();
            let full = POOL.with(|p| {
                let mut p = p.borrow_mut();
                if p.len() < POOL_MAX {
                    p.push((host, app));
                    None
                } else {
                    Some(app)
                }
            });
            if let Some(app) = full {
                app.destroy();
            }
        }
    }
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

#[cfg(test)]
mod tests {
    use overlay::i18n::{Lang, Table, Text};

    use super::*;

    fn failures() -> Vec<Failure> {
        vec![
            Failure::Network,
            Failure::Throttled {
                retry_after_ms: Some(500),
            },
            Failure::Server,
            Failure::OutOfStock { available: 0 },
            Failure::OutOfStock { available: 2 },
            Failure::Limit { max: 3 },
            Failure::NotFound,
            Failure::Invalid("no".into()),
            Refusal::DealLimit { max: 1 }.failure(),
            Refusal::DealSoldOut { available: 0 }.failure(),
        ]
    }

    #[test]
    fn every_failure_in_every_place_has_a_message_of_the_right_shape() {
        let places = [
            Place::Line("Tote"),
            Place::UnknownLine,
            Place::Checkout,
            Place::CardLoad,
            Place::CartCreate,
        ];
        for place in places {
            for f in failures() {
                let e = explanation(&f, place);
                let text = Lang::En.find(Table::Shop, e.key);
                let Some(text) = text else {
                    panic!("{f:?}: no English message {}", e.key);
                };
                assert_eq!(
                    matches!(text, Text::Plural(_)),
                    e.count.is_some(),
                    "{}: plural forms exactly when there is a count",
                    e.key
                );
                let names = match text {
                    Text::Plain(s) => s.contains("{name}"),
                    Text::Plural(forms) => forms.iter().any(|(_, s)| s.contains("{name}")),
                };
                assert_eq!(
                    names, e.named,
                    "{}: names the item exactly when asked",
                    e.key
                );
            }
        }
    }

    #[test]
    fn what_the_viewer_is_told_for_each_reason() {
        let line = Place::Line("Tote");
        let key = |f: Failure, p| explanation(&f, p).key;
        assert_eq!(
            key(Failure::OutOfStock { available: 0 }, line),
            "status.sold_out"
        );
        assert_eq!(
            explanation(&Failure::OutOfStock { available: 2 }, line).count,
            Some(2)
        );
        assert_eq!(key(Failure::Server, line), "status.busy");
        assert_eq!(
            key(Refusal::DealLimit { max: 1 }.failure(), Place::Checkout),
            "checkout.failed.deal_limit"
        );
        assert_eq!(
            key(Failure::NotFound, Place::CardLoad),
            "card.error.unavailable"
        );
        assert_eq!(
            key(Failure::Limit { max: 2 }, Place::CardLoad),
            "card.error.load_failed"
        );
    }
}
