//! One mounted overlay: the root element beside the video, the engine, the tag layer, the frame
//! driver and every listener. Dropping it (via `destroy`) removes all of them.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use gloo::events::EventListener;
use overlay::{Manifest, Scene};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, HtmlVideoElement, ResizeObserver};
use widgets::{MotionRegistry, TagActivation, TagLayer, TagLayerProps, TagView};
use yew::{AppHandle, AttrValue, Callback};

use crate::driver::Driver;
use crate::events::{Emitter, TagActivate};
use crate::layout::{measure, place_root, BoxKey};
use crate::options::Options;
use crate::panic;
use crate::shop::{Badges, Shop, ShopSetup};

/// While playing, the video's box is re-read every this many frames (a safety net for moves
/// that change no size, such as content inserted above it); size changes, window resizes and
/// fullscreen are reported at once by a ResizeObserver and events. Reading layout every frame
/// would force a synchronous layout whenever the native controls repaint their clock.
const BOX_CHECK_FRAMES: u32 = 15;

/// Frame-time samples kept for the benchmark (a ring, so it cannot grow without bound).
const MAX_SAMPLES: usize = 8192;

pub struct Mounted {
    video: HtmlVideoElement,
    root: HtmlElement,
    scene: Scene,
    views: Rc<[TagView]>,
    registry: MotionRegistry,
    app: Option<AppHandle<TagLayer>>,
    props: TagLayerProps,
    driver: Option<Driver>,
    key: Option<BoxKey>,
    frames_since_check: u32,
    observer: Option<Observer>,
    listeners: Vec<EventListener>,
    measure: bool,
    samples: Rc<RefCell<Vec<f64>>>,
    /// The shopping loop, when the host gave a commerce bridge.
    shop: Option<Rc<RefCell<Shop>>>,
}

fn push_sample(samples: &mut Vec<f64>, ms: f64) {
    if samples.len() >= MAX_SAMPLES {
        samples.remove(0);
    }
    samples.push(ms);
}

fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

fn views_of(manifest: &Manifest) -> Rc<[TagView]> {
    manifest
        .tags
        .iter()
        .enumerate()
        .map(|(i, t)| TagView {
            index: i as u32,
            tag_id: AttrValue::from(t.id.clone()),
            product_id: AttrValue::from(
                manifest
                    .products
                    .get(t.product)
                    .map(|p| p.id.clone())
                    .unwrap_or_default(),
            ),
            name: AttrValue::from(manifest.tag_name(i).to_string()),
            label: t.label.clone().map(AttrValue::from),
            badge: None,
        })
        .collect()
}

impl Mounted {
    /// Builds the overlay next to `video` and starts following it.
    pub fn start(
        video: HtmlVideoElement,
        manifest: Manifest,
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
            ..
        } = options;
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
        // Everything that can fail is built on the detached root; it enters the page last, so a
        // failure leaves nothing behind.

        let views = views_of(&manifest);
        let shop = match bridge {
            Some(bridge) => Some(Shop::start(ShopSetup {
                bridge,
                emitter: Rc::downgrade(&emitter),
                video: video.clone(),
                root: root.clone(),
                locale,
                pause_on_open,
                attribution: manifest.attribution.clone(),
                products: manifest
                    .products
                    .iter()
                    .map(|p| (p.id.clone(), p.name.clone().unwrap_or_else(|| p.id.clone())))
                    .collect(),
                tags: views
                    .iter()
                    .map(|v| (v.tag_id.to_string(), v.product_id.to_string()))
                    .collect(),
                live_room,
                manifest_deals: manifest.deals.clone(),
            })?),
            None => None,
        };
        let registry = MotionRegistry::default();
        let on_activate = {
            let views = views.clone();
            let video = video.clone();
            let emitter = Rc::downgrade(&emitter);
            let shop = shop.as_ref().map(Rc::downgrade);
            Callback::from(move |a: TagActivation| {
                if panic::has_panicked() {
                    return;
                }
                let (Some(em), Some(v)) = (emitter.upgrade(), views.get(a.index as usize)) else {
                    return;
                };
                if let Some(shop) = &shop {
                    crate::shop::with(shop, |s| {
                        s.tapped(&v.tag_id, &v.product_id);
                        s.open_card(&v.product_id, Some(&v.tag_id));
                    });
                }
                em.emit(
                    "tag-activate",
                    &TagActivate {
                        tag_id: &v.tag_id,
                        product_id: &v.product_id,
                        media_time: video.current_time(),
                        input: if a.keyboard { "keyboard" } else { "pointer" },
                    },
                );
            })
        };
        let props = TagLayerProps {
            tags: Rc::from(Vec::new()),
            registry: registry.clone(),
            on_activate,
            name: name.map_or(AttrValue::Static("Products in this video"), AttrValue::from),
        };
        // Each yew app gets its own host element: mounting clears the host's children.
        let tags_host = document.create_element("div")?;
        tags_host.set_class_name("so-tags-host");
        root.prepend_with_node_1(&tags_host)?;
        let app = yew::Renderer::<TagLayer>::with_root_and_props(tags_host, props.clone()).render();
        // Beside the video, never around it: the host's player keeps its element and parent.
        video.after_with_node_1(&root)?;

        let this = Rc::new(RefCell::new(Mounted {
            video: video.clone(),
            root,
            scene: Scene::new(manifest),
            views,
            registry,
            app: Some(app),
            props,
            driver: None,
            key: None,
            frames_since_check: 0,
            observer: None,
            listeners: Vec::new(),
            measure,
            samples: Rc::default(),
            shop,
        }));
        Self::wire(&this, &video)?;
        let shop = this.borrow().shop.clone();
        if let Some(shop) = shop {
            let weak = Rc::downgrade(&this);
            if let Ok(mut s) = shop.try_borrow_mut() {
                s.set_on_badges(Box::new(move |b| with(&weak, |m| m.set_badges(b))));
            }
        }
        Ok(this)
    }

    fn wire(this: &Rc<RefCell<Mounted>>, video: &HtmlVideoElement) -> Result<(), JsValue> {
        let weak = Rc::downgrade(this);
        let driver = Driver::new(video, {
            let weak = weak.clone();
            move |t| with(&weak, |m| m.on_frame(t))
        });

        // Events that need a fresh look outside the frame loop: a seek while paused, new
        // metadata, play (the rAF fallback restarts), and layout changes the per-frame box
        // check cannot see while paused.
        let mut listeners = Vec::new();
        for kind in ["play", "seeked", "loadedmetadata", "resize", "emptied"] {
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
            let cb = Closure::<dyn FnMut(JsValue)>::new(move |_entries: JsValue| {
                with(&weak, |m| m.refresh(true))
            });
            let observer = ResizeObserver::new(cb.as_ref().unchecked_ref())?;
            observer.observe(video);
            if let Some(parent) = video.parent_element() {
                observer.observe(&parent);
            }
            Observer {
                observer,
                _callback: cb,
            }
        };

        let mut m = this.borrow_mut();
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
        let _ = self.apply(self.video.current_time());
        if let Some(d) = self.driver.as_mut() {
            d.schedule();
        }
    }

    fn on_frame(&mut self, t: f64) {
        let start = if self.measure { now() } else { 0.0 };
        if let Some(d) = self.driver.as_mut() {
            d.fired();
        }
        let rendered = self.apply(t);
        if let Some(d) = self.driver.as_mut() {
            d.schedule();
        }
        if self.measure {
            if rendered {
                // Yew renders in a microtask queued by `apply`; a task queued after it ends
                // the measurement once that render is done, still before the frame paints.
                let samples = Rc::downgrade(&self.samples);
                wasm_bindgen_futures::spawn_local(async move {
                    if let Some(s) = samples.upgrade() {
                        push_sample(&mut s.borrow_mut(), now() - start);
                    }
                });
            } else {
                push_sample(&mut self.samples.borrow_mut(), now() - start);
            }
        }
    }

    /// The per-frame work: check the box, advance the engine, apply only what changed.
    /// Returns whether the tag layer was asked to re-render.
    fn apply(&mut self, t: f64) -> bool {
        self.frames_since_check += 1;
        if self.key.is_none() || self.frames_since_check >= BOX_CHECK_FRAMES {
            self.frames_since_check = 0;
            let key = BoxKey::read(&self.video);
            if self.key != Some(key) {
                self.key = Some(key);
                let m = measure(&self.video);
                place_root(&self.root, &m);
                self.scene.set_layout(m.layout);
            }
        }
        let delta = self.scene.frame(t);
        // Placements first: a tag element that mounts in this render starts in place.
        for &(i, p) in &delta.moved {
            self.registry.place(i, p);
        }
        if delta.set_changed() {
            for &i in &delta.left {
                self.registry.forget(i);
            }
            if let Some(Ok(mut shop)) = self.shop.as_ref().map(|s| s.try_borrow_mut()) {
                shop.visible(&delta.entered, &delta.left);
            }
            let tags: Rc<[TagView]> = self
                .scene
                .active()
                .iter()
                .filter_map(|&i| self.views.get(i as usize).cloned())
                .collect();
            self.props.tags = tags;
            if let Some(app) = self.app.as_mut() {
                app.update(self.props.clone());
                return true;
            }
        }
        false
    }

    /// Deal badges changed (a countdown ticked, a deal started or ended): the tags show them.
    fn set_badges(&mut self, badges: &Badges) {
        self.views = self
            .views
            .iter()
            .map(|v| TagView {
                badge: badges.get(v.product_id.as_str()).cloned(),
                ..v.clone()
            })
            .collect();
        self.props.tags = self
            .scene
            .active()
            .iter()
            .filter_map(|&i| self.views.get(i as usize).cloned())
            .collect();
        if let Some(app) = self.app.as_mut() {
            app.update(self.props.clone());
        }
    }

    /// Re-measures after the host changed the video's style (object-fit, padding).
    pub fn relayout(&mut self) {
        self.refresh(true);
    }

    /// The app's back button: closes the card, the cart or the shelf, whichever is on top.
    pub fn back(&self) -> bool {
        self.shop
            .as_ref()
            .and_then(|s| s.try_borrow_mut().ok().map(|mut s| s.back()))
            .unwrap_or(false)
    }

    pub fn server_now(&self) -> Option<f64> {
        self.shop
            .as_ref()
            .and_then(|s| s.try_borrow().ok().and_then(|s| s.server_now()))
    }

    pub fn exact_frames(&self) -> bool {
        self.driver.as_ref().is_some_and(Driver::exact)
    }

    pub fn take_samples(&mut self) -> Vec<f64> {
        std::mem::take(&mut self.samples.borrow_mut())
    }

    /// Removes every node, listener, observer and callback this overlay made. Runs on drop,
    /// so an overlay that failed half-way through `start` cleans up too.
    fn teardown(&mut self) {
        self.shop = None;
        self.driver = None;
        self.listeners.clear();
        self.observer = None;
        if let Some(app) = self.app.take() {
            app.destroy();
        }
        self.registry.clear();
        self.scene.reset();
        self.root.remove();
    }
}

impl Drop for Mounted {
    fn drop(&mut self) {
        self.teardown();
    }
}

/// A ResizeObserver and its callback; disconnected on drop.
struct Observer {
    observer: ResizeObserver,
    _callback: Closure<dyn FnMut(JsValue)>,
}

impl Drop for Observer {
    fn drop(&mut self) {
        self.observer.disconnect();
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
