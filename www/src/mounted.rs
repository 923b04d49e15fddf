//! One mounted overlay: the root element beside the video, the engine, the tag layer, the frame
//! driver and every listener. Dropping it (via `destroy`) removes all of them.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use gloo_events::EventListener;
use gloo_timers::callback::Timeout;
use glue::frames::{FrameDriver, WhilePaused};
use glue::js::now;
use glue::observe::ResizeWatch;
use overlay::i18n::is_rtl;
use overlay::{Insets, Manifest, Scene, Size};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, HtmlVideoElement};

use crate::captions::{shown_bands, Captions};
use crate::events::{Emitter, TagActivate};
use crate::layout::{measure, place_root, BoxKey};
use crate::options::Options;
use crate::panic;
use crate::shop_link::{LinkSetup, ShopLink};
use crate::tags::{Clock, TagInfo, TagLayer};

/// While playing, the video's box is re-read every this many frames (a safety net for moves
/// that change no size, such as content inserted above it); size changes, window resizes and
/// fullscreen are reported at once by a ResizeObserver and events. Reading layout every frame
/// would force a synchronous layout whenever the native controls repaint their clock.
const BOX_CHECK_FRAMES: u32 = 15;

/// Without exact frames, frame callbacks run on every frame; with them the browser shows and
/// hides each tag on its own clock, and the engine looks in batches: while playing, the tags
/// entering within `LEAD_S` (media time) are given to the browser ahead, and the engine looks
/// again once the next tag comes within it or the next one enters or leaves, but not sooner
/// than `BATCH_S` after it last looked (so when tags come and go on most frames it looks four
/// times a second, and a tag is given ahead by at least `LEAD_S - BATCH_S`).
const LEAD_S: f64 = 0.5;
const BATCH_S: f64 = 0.25;
/// The timer that bridges to a batch fires this long (wall time) before it, for the frame
/// callback it asks for.
const LOOKAHEAD_S: f64 = 0.05;
/// While tags move, the engine looks at least this often (media time) for crop and label side:
/// the span its labels are kept clear over.
const SAMPLE_S: f64 = overlay::labels::HORIZON_S;
/// Animated tags are re-aligned with the video when this far apart (half a 30 fps frame).
const DRIFT_MS: f64 = 17.0;

/// Tags entering within this much media time are made ready ahead (their buttons made and put
/// in hidden, laid out in one batch), again once less than `STAGE_AGAIN_S` of that is left: an
/// entry is then a style change and no layout.
const STAGE_AHEAD_S: f64 = 1.5;
const STAGE_AGAIN_S: f64 = 0.75;

/// Captions that went keep their band this long (ms): the next cue usually follows within it,
/// and tags do not hop down and up between two lines of dialogue.
const CAPTIONS_HOLD_MS: u32 = 2000;

/// Frame-time samples kept for the benchmark (a ring, so it cannot grow without bound).
const MAX_SAMPLES: usize = 8192;

pub struct Mounted {
    video: HtmlVideoElement,
    root: HtmlElement,
    scene: Scene,
    tags: Option<TagLayer>,
    driver: Option<FrameDriver>,
    key: Option<BoxKey>,
    frames_since_check: u32,
    observer: Option<ResizeWatch>,
    listeners: Vec<EventListener>,
    emitter: Weak<Emitter>,
    measure: bool,
    samples: Rc<RefCell<Vec<f64>>>,
    /// The shop module, when the host gave a commerce bridge (loaded when wanted).
    shop: Option<ShopLink>,
    /// Tag indices by product id, for deal badges.
    by_product: Vec<(String, Vec<u32>)>,
    /// Wakes the frame callback before the next change while the browser animates the tags.
    wake: Option<Timeout>,
    /// Bands the host's controls cover (`handle.setSafeArea`).
    safe: Insets,
    /// The browser's captions: the watch on the text tracks, the bands the tags keep clear of
    /// now, and the timer that gives back a band the captions left.
    captions: Option<Captions>,
    caption_bands: Insets,
    captions_hold: Option<Timeout>,
    /// The video's content box at the last measure.
    size: Size,
    /// The span of media time whose entering tags are made ready, and the list of them.
    staged: (f64, f64),
    due: Vec<u32>,
    /// The tags showing at the last look (without the ones given ahead), ascending: what the
    /// shop hears came and went.
    shown: Vec<u32>,
    /// The first media time a tag shown by its class alone nears its end (and must be given
    /// to the browser's clock again).
    steady_until: f64,
    me: Weak<RefCell<Mounted>>,
}

fn push_sample(samples: &mut Vec<f64>, ms: f64) {
    if samples.len() >= MAX_SAMPLES {
        samples.remove(0);
    }
    samples.push(ms);
}

impl Mounted {
    /// Builds the overlay next to `video` and starts following it. `text` is the manifest's
    /// JSON, handed to the shop module when it loads.
    pub fn start(
        video: HtmlVideoElement,
        manifest: Manifest,
        text: String,
        options: Options,
        emitter: Rc<Emitter>,
    ) -> Result<Rc<RefCell<Mounted>>, JsValue> {
        let Options {
            name,
            measure,
            bridge,
            locale,
            pause_on_open,
            live_room,
            messages,
            ..
        } = options;
        let tag = crate::locale::pick(locale.as_deref());
        let group = crate::locale::viewer_text(&messages, &tag, "tags.group");
        let loading = crate::locale::viewer_text(&messages, &tag, "tags.loading");
        crate::locale::report(&emitter, &tag, [&group.fell_back, &loading.fell_back]);
        let group_name = name.unwrap_or(group.text);
        let loading_label = loading.text;
        let document = video
            .owner_document()
            .ok_or_else(|| JsValue::from_str("the video is not in a document"))?;
        if video.parent_node().is_none() {
            return Err(JsValue::from_str(
                "the video has no parent node; insert it into the page before mounting",
            ));
        }
        let root: HtmlElement = document.create_element("div")?.dyn_into()?;
        root.set_class_name("so-root");
        // The overlay speaks the viewer's language whatever the page's is.
        root.set_attribute("lang", &tag)?;
        root.set_attribute("dir", if is_rtl(&tag) { "rtl" } else { "ltr" })?;
        // Everything that can fail is built on the detached root; it enters the page last, so a
        // failure leaves nothing behind.
        // A phone has no hover to show a name on: there every tag shows it at rest, where
        // the label engine finds room (else a dot).
        let no_hover = web_sys::window()
            .and_then(|w| {
                w.match_media("(hover: none), (pointer: coarse)")
                    .ok()
                    .flatten()
            })
            .is_some_and(|m| m.matches());
        let infos = TagInfo::all(&manifest, no_hover);
        let mut by_product: Vec<(String, Vec<u32>)> = Vec::new();
        for (i, t) in infos.iter().enumerate() {
            match by_product.iter_mut().find(|(p, _)| *p == t.product_id) {
                Some((_, list)) => list.push(i as u32),
                None => by_product.push((t.product_id.clone(), vec![i as u32])),
            }
        }
        let this = Rc::new_cyclic(|me: &Weak<RefCell<Mounted>>| {
            let on_activate = {
                let me = me.clone();
                Box::new(move |index: u32, keyboard: bool| {
                    with(&me, |m| m.activated(index, keyboard))
                })
            };
            let tags = TagLayer::new(&root, &group_name, infos, on_activate).ok();
            let shop = bridge.map(|bridge| {
                let me = me.clone();
                ShopLink::new(LinkSetup {
                    video: video.clone(),
                    root: root.clone(),
                    bridge,
                    manifest: text,
                    locale: tag.clone(),
                    messages,
                    loading_label,
                    pause_on_open,
                    live_room,
                    emitter: Rc::downgrade(&emitter),
                    set_badges: Box::new({
                        let me = me.clone();
                        move |b| with(&me, |m| m.set_badges(&b))
                    }),
                    set_held: Box::new(move |h| with(&me, |m| m.set_held(&h))),
                })
            });
            RefCell::new(Mounted {
                video: video.clone(),
                root: root.clone(),
                scene: Scene::new(manifest),
                tags,
                driver: None,
                key: None,
                frames_since_check: 0,
                observer: None,
                listeners: Vec::new(),
                measure,
                samples: Rc::default(),
                shop,
                by_product,
                wake: None,
                safe: Insets::default(),
                captions: None,
                caption_bands: Insets::default(),
                captions_hold: None,
                size: Size::default(),
                staged: (f64::INFINITY, f64::NEG_INFINITY),
                due: Vec::new(),
                shown: Vec::new(),
                steady_until: f64::INFINITY,
                me: me.clone(),
                emitter: Rc::downgrade(&emitter),
            })
        });
        if this.borrow().tags.is_none() {
            return Err(JsValue::from_str("could not build the tag layer"));
        }
        // Beside the video, never around it: the host's player keeps its element and parent.
        video.after_with_node_1(&root)?;
        Self::wire(&this, &video)?;
        Ok(this)
    }

    /// A tag was tapped, clicked or pressed.
    fn activated(&mut self, index: u32, keyboard: bool) {
        // A tag the browser hid at its end and the engine has not looked at since: it showed
        // nothing to tap.
        if self.animated() && !self.scene.in_span(index, self.video.current_time()) {
            return;
        }
        let Some(info) = self.tags.as_ref().and_then(|t| t.info(index)) else {
            return;
        };
        let (tag_id, product_id) = (info.tag_id.clone(), info.product_id.clone());
        if let Some(shop) = &self.shop {
            let el = self.tags.as_ref().and_then(|t| t.element(index)).cloned();
            shop.open(&tag_id, &product_id, el.as_ref());
        }
        if let Some(em) = self.emitter.upgrade() {
            em.emit(
                "tag-activate",
                &TagActivate {
                    tag_id: &tag_id,
                    product_id: &product_id,
                    media_time: self.video.current_time(),
                    input: if keyboard { "keyboard" } else { "pointer" },
                },
            );
        }
    }

    fn wire(this: &Rc<RefCell<Mounted>>, video: &HtmlVideoElement) -> Result<(), JsValue> {
        let weak = Rc::downgrade(this);
        let driver = FrameDriver::new(video, WhilePaused::FollowSeeks, {
            let weak = weak.clone();
            move |t| with(&weak, |m| m.on_frame(t))
        });

        // Events that need a fresh look outside the frame loop: a seek while paused, new
        // metadata, play (the rAF fallback restarts), and layout changes the per-frame box
        // check cannot see while paused.
        let mut listeners = Vec::new();
        for kind in [
            "play",
            "pause",
            "ratechange",
            "seeked",
            "loadedmetadata",
            "resize",
            "emptied",
        ] {
            let weak = weak.clone();
            listeners.push(EventListener::new(video, kind, move |_| {
                with(&weak, |m| m.refresh(false))
            }));
        }
        if let Some(window) = web_sys::window() {
            for kind in ["resize", "orientationchange"] {
                let weak = weak.clone();
                listeners.push(EventListener::new(&window, kind, move |_| {
                    with(&weak, |m| m.refresh(true))
                }));
            }
            if let Some(doc) = window.document() {
                let weak = weak.clone();
                listeners.push(EventListener::new(&doc, "fullscreenchange", move |_| {
                    with(&weak, |m| m.refresh(true))
                }));
                // In the background (an app switched away) no frame work is scheduled; on
                // return the layout is read afresh and the current frame applied.
                let weak = Rc::downgrade(this);
                let d = doc.clone();
                listeners.push(EventListener::new(&doc, "visibilitychange", move |_| {
                    let hidden = d.hidden();
                    with(&weak, |m| {
                        if hidden {
                            if let Some(driver) = m.driver.as_mut() {
                                driver.cancel();
                            }
                        } else {
                            m.refresh(true);
                        }
                    })
                }));
            }
        }

        let observer = {
            let weak = weak.clone();
            let parent = video.parent_element();
            let mut targets: Vec<&web_sys::Element> = vec![video.as_ref()];
            targets.extend(parent.as_ref());
            ResizeWatch::new(&targets, move || with(&weak, |m| m.refresh(true)))?
        };

        let captions = {
            let weak = weak.clone();
            Captions::watch(video, move || with(&weak, Mounted::captions_changed))
        };

        let mut m = this.borrow_mut();
        m.captions = Some(captions);
        m.driver = Some(driver);
        m.listeners = listeners;
        m.observer = Some(observer);
        m.refresh(true);
        Ok(())
    }

    /// Re-reads the layout (when `force`, or when the box changed) and applies the frame at
    /// the video's current time; then makes sure the driver is scheduled.
    fn refresh(&mut self, force: bool) {
        if force {
            self.key = None;
        }
        self.frames_since_check = BOX_CHECK_FRAMES;
        let t = self.video.current_time();
        // Tags go to the browser ahead only while it plays them; paused, what shows is exact.
        let playing = !self.video.paused() && !self.video.ended();
        self.scene.set_lead(if playing && self.animated() {
            LEAD_S
        } else {
            0.0
        });
        self.apply(t);
        // A seek, a pause, a play or a new rate: the animated tags follow at once.
        if let Some(tags) = &self.tags {
            tags.sync(self.clock(t));
        }
        self.schedule(t);
    }

    fn clock(&self, t: f64) -> Clock {
        Clock {
            t,
            playing: !self.video.paused() && !self.video.ended(),
            rate: self.video.playback_rate(),
        }
    }

    /// Whether moving tags are animated by the browser (with exact frame times; without them
    /// the frame loop writes every transform itself).
    fn animated(&self) -> bool {
        self.driver.as_ref().is_some_and(FrameDriver::exact)
    }

    /// Asks for the next frame callback: every frame while paused (a seek presents one) or
    /// without exact frames; while playing with exact frames, for the next batch (see
    /// [`LEAD_S`]; twice a second while tags move, for their crop and label side), a timer
    /// bridging the time between, so the main thread is idle in between.
    fn schedule(&mut self, t: f64) {
        self.wake = None;
        let playing = !self.video.paused() && !self.video.ended();
        let lead = if playing && self.animated() {
            let moving = self.scene.active().iter().any(|&i| self.scene.is_moving(i));
            let next = self.scene.next_change(t).unwrap_or(f64::INFINITY);
            let next = if moving { next.min(t + SAMPLE_S) } else { next };
            let next = next.min(self.steady_until).max(t + BATCH_S);
            let rate = self.video.playback_rate();
            if rate > 0.0 {
                // At least once a second, whatever comes (a loop back to the start).
                ((next - t) / rate - LOOKAHEAD_S).min(1.0)
            } else {
                0.0
            }
        } else {
            0.0
        };
        if lead > 0.0 && lead.is_finite() {
            let weak = self.me.clone();
            self.wake = Some(Timeout::new((lead * 1000.0) as u32, move || {
                with(&weak, |m| {
                    m.wake = None;
                    if let Some(d) = m.driver.as_mut() {
                        d.schedule();
                    }
                })
            }));
        } else if let Some(d) = self.driver.as_mut() {
            d.schedule();
        }
    }

    fn on_frame(&mut self, t: f64) {
        let start = if self.measure { now() } else { 0.0 };
        if let Some(d) = self.driver.as_mut() {
            d.fired();
        }
        // Labels of tags made ready ahead, read before this frame writes (the last one laid
        // them out): the engine knows their sizes before they show.
        if let Some(tags) = self.tags.as_mut() {
            let mut ready = Vec::new();
            tags.measure_ready(&mut ready);
            for (i, size) in ready {
                self.scene.set_label(i, size);
            }
        }
        self.apply(t);
        self.stage(t);
        if let Some(tags) = &self.tags {
            // The browser's animation clock and the video's can part slowly: re-align when
            // they are more than half a frame apart.
            if tags.drift_ms(t).is_some_and(|d| d > DRIFT_MS) {
                tags.sync(self.clock(t));
            }
        }
        self.schedule(t);
        if self.measure {
            // The DOM is written synchronously: the frame's work ends here.
            push_sample(&mut self.samples.borrow_mut(), now() - start);
        }
    }

    /// The per-frame work: check the box, advance the engine, apply only what changed:
    /// entering tags go in, leaving tags go out, moving tags get a transform.
    fn apply(&mut self, t: f64) {
        #[cfg(feature = "panic-switch")]
        panic::switch(t);
        self.frames_since_check += 1;
        let mut relaid = false;
        if self.key.is_none() || self.frames_since_check >= BOX_CHECK_FRAMES {
            self.frames_since_check = 0;
            let key = BoxKey::read(&self.video);
            if self.key != Some(key) {
                self.key = Some(key);
                let mut m = measure(&self.video);
                if m.layout.element != self.size {
                    // The captions scale with the box.
                    self.size = m.layout.element;
                    self.caption_bands = shown_bands(&self.video, self.size.w, self.size.h);
                }
                m.layout.safe = self.clear_of();
                place_root(&self.root, &m);
                self.scene.set_layout(m.layout);
                relaid = true;
            }
        }
        let animated = self.animated();
        let clock = self.clock(t);
        let delta = self.scene.frame(t);
        let Some(tags) = self.tags.as_mut() else {
            return;
        };
        for &i in &delta.left {
            tags.leave(i);
        }
        for &i in &delta.entered {
            tags.enter(i);
        }
        for &(i, p) in &delta.moved {
            tags.place(i, p);
        }
        // Labels shown at rest for the first time: their sizes, read once after the writes.
        let mut measured = Vec::new();
        tags.measure(&delta.moved, &mut measured);
        let changed = delta.set_changed();
        if animated && (changed || relaid) {
            // The browser shows each tag that came over its span (and moves it along its
            // path); on a new layout, the moving ones get their paths again.
            let entered = delta.entered.clone();
            let list = if relaid {
                self.scene.active()
            } else {
                &entered
            };
            for &i in list {
                if let (Some(path), Some(span)) = (self.scene.path(i), self.scene.span(i)) {
                    tags.animate(i, Some(&path), span, clock);
                }
            }
        }
        if changed || self.scene.lead() > 0.0 {
            // What shows now, the tags given ahead apart: marked, and the shop told. A tag
            // that stays where it is needs the browser's clock only near its start and end
            // (every running animation costs the browser a little on every frame it draws):
            // in between its class shows it, and the engine looks again before its end.
            let (mut came, mut went, mut now) = (Vec::new(), Vec::new(), Vec::new());
            let mut steady_until = f64::INFINITY;
            for &i in self.scene.active() {
                let Some((start, end)) = self.scene.span(i) else {
                    continue;
                };
                let ahead = t < start;
                tags.set_soon(i, ahead);
                if !ahead {
                    now.push(i);
                }
                if !animated || self.scene.is_moving(i) {
                    continue;
                }
                if ahead || end - t <= LEAD_S {
                    if !tags.timed(i) {
                        tags.animate(i, None, (start, end), clock);
                    }
                } else {
                    tags.untime(i);
                    steady_until = steady_until.min(end - LEAD_S);
                }
            }
            self.steady_until = steady_until;
            overlay::timeline::diff(&self.shown, &now, &mut came, &mut went);
            if !came.is_empty() || !went.is_empty() {
                if let Some(shop) = &self.shop {
                    shop.visible(&came, &went, &now);
                }
            }
            self.shown = now;
        }
        self.annotate(t, measured);
    }

    /// Makes ready the tags entering soon ([`STAGE_AHEAD_S`]), laid out with this frame; from
    /// frame callbacks only, so mounting and seeking show what is due now first.
    fn stage(&mut self, t: f64) {
        if t >= self.staged.0 && t + STAGE_AGAIN_S <= self.staged.1 {
            return;
        }
        let Some(tags) = self.tags.as_mut() else {
            return;
        };
        self.staged = (t, t + STAGE_AHEAD_S);
        self.scene.entering(t, t + STAGE_AHEAD_S, &mut self.due);
        tags.stage(&self.due);
    }

    /// Passes newly measured labels, and badges that came, went or changed, to the engine and
    /// applies where it puts them, before this frame paints: nothing shows over anything.
    fn annotate(&mut self, t: f64, labels: Vec<(u32, overlay::LabelBox)>) {
        let Some(tags) = self.tags.as_mut() else {
            return;
        };
        let mut badges = Vec::new();
        tags.measure_badges(&mut badges);
        if labels.is_empty() && badges.is_empty() {
            return;
        }
        for (i, size) in labels {
            self.scene.set_label(i, size);
        }
        for (i, size) in badges {
            self.scene.set_badge(i, size);
        }
        for &(i, p) in &self.scene.relabel(t).moved {
            tags.place(i, p);
        }
    }

    /// Deal badges or prices changed (a countdown ticked, a deal started or ended, the
    /// products arrived): `{productId: {badge, price, name}}` from the shop (the name in the
    /// catalogue's language); the tags on those products show them.
    fn set_badges(&mut self, facts: &JsValue) {
        let Some(tags) = self.tags.as_mut() else {
            return;
        };
        for (product, indices) in &self.by_product {
            let of = js_sys::Reflect::get(facts, &JsValue::from_str(product)).ok();
            let field = |name: &str| {
                of.as_ref()
                    .filter(|o| o.is_object())
                    .and_then(|o| js_sys::Reflect::get(o, &JsValue::from_str(name)).ok())
                    .and_then(|v| v.as_string())
            };
            let (badge, price, name) = (field("badge"), field("price"), field("name"));
            for &i in indices {
                if let Some(name) = name.as_deref() {
                    tags.set_name(i, name);
                }
                tags.set_badge(i, badge.as_deref());
                tags.set_price(i, price.as_deref());
            }
        }
        let mut labels = Vec::new();
        tags.measure_changed(&mut labels);
        self.annotate(self.video.current_time(), labels);
    }

    /// The shop's controls came, went or changed size: the corners they hold (at most two: its
    /// buttons and the LIVE pin), four numbers each (`top` and `right` as 1 or 0, then `w` and
    /// `h`; a slot that is not numbers holds nothing); the tags under them, their badges and
    /// labels move clear of them before the next paint.
    fn set_held(&mut self, held: &JsValue) {
        // Read in place (no copy into a Vec): the first load stays small. A slot that is not
        // numbers is an empty box (`max` takes 0 over NaN).
        let held: &js_sys::Float64Array = held.unchecked_ref();
        let corner = |i: u32| overlay::Corner {
            top: held.get_index(i) == 1.0,
            right: held.get_index(i + 1) == 1.0,
            w: held.get_index(i + 2).max(0.0),
            h: held.get_index(i + 3).max(0.0),
        };
        self.scene.set_held([corner(0), corner(4)]);
        // Tags move out from under them: every placement and path again, as on a new layout.
        // (The shop is busy in this call: it hears what came or went meanwhile right after.)
        self.refresh(true);
    }

    /// What tags keep clear of: the host's bands, and the captions' at the top and bottom.
    fn clear_of(&self) -> Insets {
        let (s, c) = (self.safe, self.caption_bands);
        Insets {
            top: s.top.max(c.top),
            bottom: s.bottom.max(c.bottom),
            ..s
        }
    }

    /// The captions shown changed: a band that grows is kept clear of at once; one that
    /// shrinks is given back after [`CAPTIONS_HOLD_MS`] without captions needing it.
    fn captions_changed(&mut self) {
        let now = shown_bands(&self.video, self.size.w, self.size.h);
        let held = self.caption_bands;
        let grown = Insets {
            top: held.top.max(now.top),
            bottom: held.bottom.max(now.bottom),
            ..held
        };
        if now == held {
            self.captions_hold = None;
            return;
        }
        if grown != held {
            self.caption_bands = grown;
            self.refresh(true);
        }
        if now != grown && self.captions_hold.is_none() {
            let weak = self.me.clone();
            self.captions_hold = Some(Timeout::new(CAPTIONS_HOLD_MS, move || {
                with(&weak, |m| {
                    m.captions_hold = None;
                    let now = shown_bands(&m.video, m.size.w, m.size.h);
                    if now != m.caption_bands {
                        m.caption_bands = now;
                        m.refresh(true);
                    }
                })
            }));
        }
    }

    /// Re-measures after the host changed the video's style (object-fit, padding).
    pub fn relayout(&mut self) {
        self.refresh(true);
    }

    /// The host's controls now cover these bands: tags under them hide until they go.
    pub fn set_safe_area(&mut self, safe: Insets) {
        if self.safe != safe {
            self.safe = safe;
            self.refresh(true);
        }
    }

    /// The app's back button: closes the card, the cart or the shelf, whichever is on top.
    pub fn back(&self) -> bool {
        self.shop.as_ref().is_some_and(ShopLink::back)
    }

    pub fn server_now(&self) -> Option<f64> {
        self.shop.as_ref().and_then(ShopLink::server_now)
    }

    pub fn exact_frames(&self) -> bool {
        self.driver.as_ref().is_some_and(FrameDriver::exact)
    }

    /// The video this overlay follows.
    pub fn video(&self) -> HtmlVideoElement {
        self.video.clone()
    }

    pub fn take_samples(&mut self) -> Vec<f64> {
        std::mem::take(&mut self.samples.borrow_mut())
    }

    /// Removes every node, listener, observer and callback this overlay made. Runs on drop,
    /// so an overlay that failed half-way through `start` cleans up too.
    fn teardown(&mut self) {
        self.shop = None;
        self.wake = None;
        self.captions = None;
        self.captions_hold = None;
        self.driver = None;
        self.listeners.clear();
        self.observer = None;
        self.tags = None;
        self.scene.reset();
        self.root.remove();
    }
}

impl Drop for Mounted {
    fn drop(&mut self) {
        self.teardown();
    }
}

/// Runs `f` on the overlay if it is still alive, not already borrowed, and nothing panicked.
fn with(weak: &Weak<RefCell<Mounted>>, f: impl FnOnce(&mut Mounted)) {
    if panic::has_panicked() {
        return;
    }
    if let Some(rc) = weak.upgrade() {
        if let Ok(mut m) = rc.try_borrow_mut() {
            f(&mut m);
        }
    }
}
