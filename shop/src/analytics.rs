//! Analytics for one overlay: events with media time, tag, product and variant, batched and
//! sent through the bridge; whatever is held goes with `sendBeacon` when the page is hidden or
//! unloaded. Impressions count a tag seen for one unbroken second.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use gloo::events::EventListener;
use gloo::timers::callback::Interval;
use glue::js::now;
use overlay::{Attribution, Batcher, Impressions};
use serde::Serialize;
use wasm_bindgen::JsValue;

use crate::bindings::Bridge;
use crate::wire::answer;

/// How long a tag must be on screen to count as seen.
const IMPRESSION_MS: f64 = 1_000.0;
/// A batch goes at this many events, or when its oldest event is this old.
const BATCH_EVENTS: usize = 20;
const BATCH_AGE_MS: f64 = 5_000.0;
/// How often impressions and batch age are checked.
const TICK_MS: u32 = 250;

/// One event, as the analytics endpoint stores it.
#[derive(Clone, Debug, Serialize)]
pub struct Event {
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// Wall-clock milliseconds (for the analyst; nothing is decided on it).
    pub at: f64,
    pub media_time: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub product: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub variant: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quantity: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub creator: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub campaign: Option<String>,
}

impl Event {
    pub fn new(kind: &'static str, media_time: f64, attribution: &Attribution) -> Event {
        Event {
            kind,
            at: js_sys::Date::now(),
            media_time,
            tag: None,
            product: None,
            variant: None,
            quantity: None,
            order: None,
            creator: attribution.creator.clone(),
            campaign: attribution.campaign.clone(),
        }
    }
}

struct State {
    bridge: Bridge,
    batcher: Batcher<Event>,
    impressions: Impressions,
    /// Tag index → (tag id, product id), for impression events.
    tags: Rc<[(String, String)]>,
    attribution: Attribution,
    video_time: Box<dyn Fn() -> f64>,
    sending: bool,
}

/// The analytics of one overlay. Dropping it sends what is held (beacon) and stops the timer
/// and listeners.
pub struct Analytics {
    state: Rc<RefCell<State>>,
    /// The batching timer; none while the page is hidden (an app in the background runs no
    /// timers of ours).
    _tick: Rc<RefCell<Option<Interval>>>,
    _listeners: Vec<EventListener>,
}

fn ticker(weak: &Weak<RefCell<State>>) -> Interval {
    let weak = weak.clone();
    Interval::new(TICK_MS, move || tick(&weak))
}

impl Analytics {
    pub fn new(
        bridge: Bridge,
        session: &str,
        tags: Rc<[(String, String)]>,
        attribution: Attribution,
        video_time: Box<dyn Fn() -> f64>,
    ) -> Analytics {
        let state = Rc::new(RefCell::new(State {
            bridge,
            batcher: Batcher::new(session, BATCH_EVENTS, BATCH_AGE_MS),
            impressions: Impressions::new(IMPRESSION_MS),
            tags,
            attribution,
            video_time,
            sending: false,
        }));
        let weak = Rc::downgrade(&state);
        let tick = Rc::new(RefCell::new(Some(ticker(&weak))));
        let mut listeners = Vec::new();
        if let Some(window) = web_sys::window() {
            let w = weak.clone();
            listeners.push(EventListener::new(&window, "pagehide", move |_| {
                flush(&w, true)
            }));
            if let Some(doc) = window.document() {
                let w = weak.clone();
                let d = doc.clone();
                let t = Rc::downgrade(&tick);
                listeners.push(EventListener::new(&doc, "visibilitychange", move |_| {
                    let Some(t) = t.upgrade() else { return };
                    let Ok(mut t) = t.try_borrow_mut() else {
                        return;
                    };
                    if d.hidden() {
                        flush(&w, true);
                        *t = None;
                    } else if t.is_none() {
                        *t = Some(ticker(&w));
                    }
                }));
            }
        }
        Analytics {
            state,
            _tick: tick,
            _listeners: listeners,
        }
    }

    pub fn track(&self, event: Event) {
        if let Ok(mut s) = self.state.try_borrow_mut() {
            s.batcher.push(event, now());
        }
    }

    /// Tags that came into view and left it this frame.
    pub fn visible(&self, entered: &[u32], left: &[u32]) {
        if let Ok(mut s) = self.state.try_borrow_mut() {
            let t = now();
            for &i in left {
                s.impressions.leave(i);
            }
            for &i in entered {
                s.impressions.enter(i, t);
            }
        }
    }

    pub fn attribution(&self) -> Attribution {
        self.state
            .try_borrow()
            .map(|s| s.attribution.clone())
            .unwrap_or_default()
    }
}

impl Drop for Analytics {
    fn drop(&mut self) {
        flush(&Rc::downgrade(&self.state), true);
    }
}

fn tick(weak: &Weak<RefCell<State>>) {
    let Some(rc) = weak.upgrade() else { return };
    let due = {
        let Ok(mut s) = rc.try_borrow_mut() else {
            return;
        };
        let t = now();
        let media_time = (s.video_time)();
        for i in s.impressions.due(t) {
            let mut e = Event::new("tag_impression", media_time, &s.attribution);
            if let Some((tag, product)) = s.tags.get(i as usize) {
                e.tag = Some(tag.clone());
                e.product = Some(product.clone());
            }
            s.batcher.push(e, t);
        }
        s.batcher.is_due(t) && !s.sending
    };
    if due {
        flush(weak, false);
    }
}

/// Sends what is held: through the bridge and awaited (a failed batch is kept for the next
/// one), or as a beacon when the page is going away.
fn flush(weak: &Weak<RefCell<State>>, beacon: bool) {
    let Some(rc) = weak.upgrade() else { return };
    let Ok(mut s) = rc.try_borrow_mut() else {
        return;
    };
    let Some((batch, events)) = s.batcher.take() else {
        return;
    };
    let Ok(payload) = serde_wasm_bindgen::to_value(&events) else {
        return;
    };
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &JsValue::from_str("beacon"), &beacon.into());
    let returned = s.bridge.analytics(&batch, &payload, &options);
    if beacon {
        // The page may be gone before any answer: nothing to wait for.
        return;
    }
    s.sending = true;
    drop(s);
    let weak = weak.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let sent = answer::<crate::wire::Ignored>("analytics", returned).await;
        if let Some(rc) = weak.upgrade() {
            if let Ok(mut s) = rc.try_borrow_mut() {
                s.sending = false;
                if sent.is_err() {
                    s.batcher.restore(batch, events, now());
                }
            }
        }
    });
}
