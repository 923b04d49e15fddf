//! The link to the shop module (card, cart, deals, LIVE, shelf): loaded when the page is idle
//! after the tags are up, or on the first tap, whichever comes first, and never in the way of
//! the tags. A tap before it has arrived shows at once on the tag (`so-tag--loading`) and opens
//! the card as soon as the shop is there; a failed load is an `error` event (kind `shop`), the
//! tags keep working, and the next tap tries again.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use gloo_timers::callback::Timeout;
use overlay::contract::setup as keys;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::HtmlElement;

use crate::bindings::{cancel_idle_callback, load_shop, request_idle_callback, RemoteShop};
use crate::events::{Emitter, ErrorEvent};
use crate::panic;

/// With no idle time (Safari has no `requestIdleCallback`), load this long after the tags.
const IDLE_FALLBACK_MS: u32 = 1_500;
/// The longest `requestIdleCallback` may wait.
const IDLE_TIMEOUT_MS: u32 = 4_000;

/// What the shop module needs to start, besides the callbacks made here.
pub struct LinkSetup {
    pub video: web_sys::HtmlVideoElement,
    pub root: HtmlElement,
    pub bridge: JsValue,
    pub manifest: String,
    /// The resolved locale (option, page, browser).
    pub locale: String,
    /// The integrator's `messages` option as given (the shop module checks it).
    pub messages: JsValue,
    /// The `tags.loading` message.
    pub loading_label: String,
    pub pause_on_open: bool,
    pub live_room: Option<String>,
    pub emitter: Weak<Emitter>,
    /// Hands deal badges (`{productId: text}`) to the tag layer.
    pub set_badges: Box<dyn Fn(JsValue)>,
    /// Hands the corners the shop's controls hold (a `Float64Array` of `top, right, w, h`) to
    /// the tag layer.
    pub set_held: Box<dyn Fn(JsValue)>,
}

/// The callback `bridge.watch` reports through.
type Report = Closure<dyn Fn(JsValue)>;

struct Inner {
    setup: js_sys::Object,
    emitter: Weak<Emitter>,
    remote: Option<RemoteShop>,
    loading: bool,
    /// A tap that came before the shop: its tag, product and element.
    pending: Option<(String, String, HtmlElement)>,
    /// "{name}, loading" in the viewer's language: a tag's name while the shop loads.
    loading_label: String,
    /// The visible tags, handed to the shop when it arrives (impressions).
    active: Vec<u32>,
    idle: Option<Idle>,
    /// Ends `bridge.watch` (called on drop).
    unwatch: Option<js_sys::Function>,
    _report: Option<Report>,
    _emit: Closure<dyn Fn(JsValue, JsValue)>,
    _set_badges: Closure<dyn Fn(JsValue)>,
    _set_held: Closure<dyn Fn(JsValue)>,
}

/// The prefetch timer, cancelled on drop (the callbacks are held only to live that long).
enum Idle {
    Callback {
        id: u32,
        _callback: Closure<dyn FnMut()>,
    },
    Timer {
        _timeout: Timeout,
    },
}

impl Drop for Idle {
    fn drop(&mut self) {
        if let Idle::Callback { id, .. } = self {
            cancel_idle_callback(*id);
        }
    }
}

impl Drop for Inner {
    fn drop(&mut self) {
        if let Some(stop) = self.unwatch.take() {
            let _ = stop.call0(&JsValue::NULL);
        }
        if let Some(r) = self.remote.take() {
            let _ = r.destroy();
            let _ = r.free();
        }
        if let Some((_, _, el)) = self.pending.take() {
            loading_mark(&el, false, "");
        }
    }
}

/// Marks a tapped tag while the shop loads: a class, `aria-busy`, and its name with
/// "loading" in the viewer's language (`label`, the `tags.loading` message), since `aria-busy`
/// alone is not announced by screen readers. Unmarking gives the name back.
fn loading_mark(el: &HtmlElement, on: bool, label: &str) {
    let _ = el.class_list().toggle_with_force("so-tag--loading", on);
    if on {
        let _ = el.set_attribute("aria-busy", "true");
        if let Some(name) = el.get_attribute("aria-label") {
            let _ = el.set_attribute("data-so-name", &name);
            let spoken = overlay::i18n::fill(label, &[("name", &name)]);
            let _ = el.set_attribute("aria-label", &spoken);
        }
    } else {
        let _ = el.remove_attribute("aria-busy");
        if let Some(name) = el.get_attribute("data-so-name") {
            let _ = el.set_attribute("aria-label", &name);
            let _ = el.remove_attribute("data-so-name");
        }
    }
}

pub struct ShopLink(Rc<RefCell<Inner>>);

fn set(o: &js_sys::Object, key: &str, v: &JsValue) {
    let _ = js_sys::Reflect::set(o, &JsValue::from_str(key), v);
}

impl ShopLink {
    pub fn new(s: LinkSetup) -> ShopLink {
        let emit = {
            let emitter = s.emitter.clone();
            Closure::<dyn Fn(JsValue, JsValue)>::new(move |kind: JsValue, detail: JsValue| {
                if let (Some(em), Some(kind)) = (emitter.upgrade(), kind.as_string()) {
                    em.emit_value(&kind, detail);
                }
            })
        };
        let guarded = |f: Box<dyn Fn(JsValue)>| {
            Closure::<dyn Fn(JsValue)>::new(move |b: JsValue| {
                if !panic::has_panicked() {
                    f(b)
                }
            })
        };
        let set_badges = guarded(s.set_badges);
        let set_held = guarded(s.set_held);
        let (report, unwatch) = watch(&s.bridge, &s.emitter).unzip();
        let setup = js_sys::Object::new();
        set(&setup, keys::VIDEO, &s.video);
        set(&setup, keys::ROOT, &s.root);
        set(&setup, keys::BRIDGE, &s.bridge);
        set(&setup, keys::MANIFEST, &JsValue::from_str(&s.manifest));
        set(&setup, keys::LOCALE, &JsValue::from_str(&s.locale));
        if !s.messages.is_undefined() {
            set(&setup, keys::MESSAGES, &s.messages);
        }
        set(
            &setup,
            keys::PAUSE_ON_OPEN,
            &JsValue::from_bool(s.pause_on_open),
        );
        if let Some(r) = &s.live_room {
            set(&setup, keys::LIVE_ROOM, &JsValue::from_str(r));
        }
        set(&setup, keys::EMIT, emit.as_ref());
        set(&setup, keys::SET_BADGES, set_badges.as_ref());
        set(&setup, keys::SET_HELD, set_held.as_ref());
        let link = ShopLink(Rc::new(RefCell::new(Inner {
            setup,
            emitter: s.emitter,
            remote: None,
            loading: false,
            pending: None,
            loading_label: s.loading_label,
            active: Vec::new(),
            idle: None,
            unwatch: unwatch.flatten(),
            _report: report,
            _emit: emit,
            _set_badges: set_badges,
            _set_held: set_held,
        })));
        link.prefetch_when_idle();
        link
    }

    /// Loads the shop when the page has nothing better to do (the tags are up by then).
    fn prefetch_when_idle(&self) {
        let weak = Rc::downgrade(&self.0);
        let Some(window) = web_sys::window() else {
            return;
        };
        let has_idle = js_sys::Reflect::has(&window, &JsValue::from_str("requestIdleCallback"))
            .unwrap_or(false);
        let idle = if has_idle {
            let w = weak.clone();
            let cb = Closure::<dyn FnMut()>::new(move || load(&w));
            let opts = js_sys::Object::new();
            set(&opts, "timeout", &JsValue::from(IDLE_TIMEOUT_MS));
            request_idle_callback(cb.as_ref().unchecked_ref(), &opts)
                .ok()
                .map(|id| Idle::Callback { id, _callback: cb })
        } else {
            Some(Idle::Timer {
                _timeout: Timeout::new(IDLE_FALLBACK_MS, move || load(&weak)),
            })
        };
        if let Ok(mut i) = self.0.try_borrow_mut() {
            i.idle = idle;
        }
    }

    /// A tag was tapped: the card opens now, or as soon as the shop has arrived.
    pub fn open(&self, tag_id: &str, product_id: &str, el: Option<&HtmlElement>) {
        let remote = match self.0.try_borrow_mut() {
            Ok(mut i) => match &i.remote {
                Some(r) => Some(r.clone()),
                None => {
                    if let Some((_, _, old)) = i.pending.take() {
                        loading_mark(&old, false, "");
                    }
                    if let Some(el) = el {
                        // Feedback at once: the tap was heard.
                        let label = i.loading_label.clone();
                        loading_mark(el, true, &label);
                        i.pending = Some((tag_id.into(), product_id.into(), el.clone()));
                    }
                    None
                }
            },
            Err(_) => return,
        };
        match remote {
            Some(r) => {
                let _ = r.open(tag_id, product_id);
            }
            None => load(&Rc::downgrade(&self.0)),
        }
    }

    /// The visible set changed.
    pub fn visible(&self, entered: &[u32], left: &[u32], active: &[u32]) {
        let remote = match self.0.try_borrow_mut() {
            Ok(mut i) => {
                if i.remote.is_none() {
                    i.active = active.to_vec();
                }
                i.remote.clone()
            }
            Err(_) => return,
        };
        if let Some(r) = remote {
            let _ = r.visible(entered, left);
        }
    }

    pub fn back(&self) -> bool {
        let remote = self.0.try_borrow().ok().and_then(|i| i.remote.clone());
        remote.is_some_and(|r| r.back().unwrap_or(false))
    }

    pub fn server_now(&self) -> Option<f64> {
        let remote = self.0.try_borrow().ok().and_then(|i| i.remote.clone());
        remote.and_then(|r| r.server_now().ok().flatten())
    }
}

/// Hears what the bridge found wrong in messages the engine never sees (a reply to an unknown
/// id, an event for a closed subscription), as `error` events of kind `bridge`, when the
/// bridge offers `watch(report)`. From the mount on: the shop need not be loaded for it.
fn watch(bridge: &JsValue, emitter: &Weak<Emitter>) -> Option<(Report, Option<js_sys::Function>)> {
    let watch: js_sys::Function = js_sys::Reflect::get(bridge, &JsValue::from_str("watch"))
        .ok()?
        .dyn_into()
        .ok()?;
    let emitter = emitter.clone();
    let report = Closure::<dyn Fn(JsValue)>::new(move |m: JsValue| {
        if panic::has_panicked() {
            return;
        }
        if let Some(em) = emitter.upgrade() {
            em.emit(
                "error",
                &ErrorEvent {
                    kind: overlay::contract::ErrorKind::Bridge,
                    message: m
                        .as_string()
                        .unwrap_or_else(|| "bridge: an unreadable report".into()),
                    problems: Vec::new(),
                },
            );
        }
    });
    let stop = watch
        .call1(bridge, report.as_ref())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    Some((report, stop))
}

/// Imports the shop module (once; a failed import is tried again later) and starts this
/// overlay's shop in it.
fn load(weak: &Weak<RefCell<Inner>>) {
    let Some(rc) = weak.upgrade() else { return };
    {
        let Ok(mut i) = rc.try_borrow_mut() else {
            return;
        };
        // The idle callback stays until the overlay goes (it may be the caller right now).
        if i.remote.is_some() || i.loading || panic::has_panicked() {
            return;
        }
        i.loading = true;
    }
    let weak = weak.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let got = JsFuture::from(load_shop()).await;
        let Some(rc) = weak.upgrade() else { return };
        if panic::has_panicked() {
            return;
        }
        let started = got.and_then(|m| {
            let start: js_sys::Function = js_sys::Reflect::get(&m, &"startShop".into())?
                .dyn_into()
                .map_err(|_| JsValue::from_str("the shop module has no startShop"))?;
            let setup = rc
                .try_borrow()
                .map(|i| i.setup.clone())
                .map_err(|_| JsValue::from_str("the overlay was busy"))?;
            start.call1(&JsValue::NULL, &setup)
        });
        let Ok(mut i) = rc.try_borrow_mut() else {
            return;
        };
        i.loading = false;
        match started {
            Ok(remote) => {
                let remote = remote.unchecked_into::<RemoteShop>();
                let active = std::mem::take(&mut i.active);
                let pending = i.pending.take();
                i.remote = Some(remote.clone());
                drop(i);
                let _ = remote.visible(&active, &[]);
                if let Some((tag, product, el)) = pending {
                    loading_mark(&el, false, "");
                    let _ = remote.open(&tag, &product);
                }
            }
            Err(e) => {
                if let Some((_, _, el)) = i.pending.take() {
                    loading_mark(&el, false, "");
                }
                let emitter = i.emitter.clone();
                drop(i);
                let why = e
                    .dyn_ref::<js_sys::Error>()
                    .map(|e| String::from(e.message()))
                    .or_else(|| e.as_string())
                    .unwrap_or_else(|| "it could not be fetched".into());
                if let Some(em) = emitter.upgrade() {
                    em.emit(
                        "error",
                        &ErrorEvent {
                            kind: overlay::contract::ErrorKind::Shop,
                            message: format!(
                                "the shop (card and cart) could not be loaded: {why}; the tags \
                                 still work, and the next tap tries again"
                            ),
                            problems: Vec::new(),
                        },
                    );
                }
            }
        }
    });
}
