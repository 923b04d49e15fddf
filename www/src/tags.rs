//! The tag layer, written to the DOM directly: one `<button>` per tag, made and put in (hidden)
//! a moment before the tag first shows, in manifest order (the tab order), together with the
//! others due then (laid out in one batch); shown and hidden by a class (a style change, no
//! layout), taken out in those batches once it left; moved by CSSOM transforms, activated
//! through one delegated listener. No virtual DOM: a frame touches only the tags that entered,
//! left or moved.

use gloo_events::EventListener;
use overlay::{Ease, LabelBox, Manifest, Path, Placement};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CssStyleDeclaration, Document, Element, HtmlElement};

use crate::bindings::{animate_tag, sync_tag, Animation};
use crate::layout::push_px;

/// Where the video's clock stands, for the tags the browser animates.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Clock {
    /// Media time, seconds.
    pub t: f64,
    pub playing: bool,
    pub rate: f64,
}

/// A tag's animation: its span and path on a timeline from media time 0 (`js/motion.js`).
struct Motion {
    animation: Animation,
}

impl Motion {
    /// Puts the animation where the video is: its time, rate and play state.
    fn sync(&self, c: Clock) {
        let rate = if c.rate > 0.0 { c.rate } else { 1.0 };
        let _ = sync_tag(&self.animation, c.t * 1000.0, rate, c.playing);
    }
}

impl Drop for Motion {
    fn drop(&mut self) {
        self.animation.cancel();
    }
}

/// What a tag shows: fixed for the tag's life.
pub struct TagInfo {
    pub tag_id: String,
    pub product_id: String,
    /// Accessible name: the label, else the product's name.
    pub name: String,
    /// The author's label, shown instead of the name.
    pub label: Option<String>,
    /// The label (or the name) shows at rest, as a chip with the price once the shop knows
    /// it: an author's label always, every tag where there is no hover (a phone); otherwise
    /// the name shows on hover and focus.
    pub at_rest: bool,
}

impl TagInfo {
    /// Every tag's info; `at_rest`: every tag shows its name at rest (no hover on this device).
    pub fn all(manifest: &Manifest, at_rest: bool) -> Vec<TagInfo> {
        manifest
            .tags
            .iter()
            .enumerate()
            .map(|(i, t)| TagInfo {
                tag_id: t.id.clone(),
                product_id: manifest
                    .products
                    .get(t.product)
                    .map(|p| p.id.clone())
                    .unwrap_or_default(),
                name: manifest.tag_name(i).to_string(),
                label: t.label.clone(),
                at_rest: at_rest || t.label.is_some(),
            })
            .collect()
    }
}

/// A tag's element once made, and what it shows now.
struct Node {
    el: HtmlElement,
    /// The label shown at rest, until its size is read (again when its price changes).
    unmeasured: Option<HtmlElement>,
    label: HtmlElement,
    /// The price in the label, once the shop gave one.
    price: Option<HtmlElement>,
    style: CssStyleDeclaration,
    badge: Option<HtmlElement>,
    /// Which of [`PLACEMENT_CLASSES`] the element has, one bit each.
    classes: u8,
    /// The badge came, went or changed length since its size was last reported.
    badge_changed: bool,
    placement: Option<Placement>,
    attached: bool,
    /// Marked while [`TagLayer::stage`] runs: due soon, so kept in the layer.
    due: bool,
    /// Has the [`SOON`] class: its animation shows it at its start, which has not come.
    soon: bool,
    /// The browser shows and hides this tag over its span, and moves it along its path if it
    /// has one (then `place` leaves its transform be).
    motion: Option<Motion>,
    /// Its animation moves it (it has a path).
    moves: bool,
}

/// The classes a placement sets, in the order of its flags: label on the left, label muted,
/// badge below, badge muted.
const PLACEMENT_CLASSES: [&str; 4] = [
    "so-tag--label-left",
    "so-tag--label-muted",
    "so-tag--badge-below",
    "so-tag--badge-muted",
];

/// The class of a tag not shown (overlay.css: out of sight, of the tab order and of the
/// accessibility tree, yet laid out). A class and not the `hidden` attribute: toggling that
/// costs Chromium a layout even when the stylesheet keeps the box.
const HIDDEN: &str = "so-tag--hidden";
const HIDDEN_CLASS: &str = "so-tag so-tag--hidden";

/// The class of a tag given ahead, whose animation shows it when its span starts: until the
/// engine next looks it takes no tap (overlay.css), and tests and hosts tell it from one shown.
const SOON: &str = "so-tag--soon";

/// A tag was activated: its index and whether from the keyboard.
pub type OnActivate = Box<dyn Fn(u32, bool)>;

pub struct TagLayer {
    document: Document,
    layer: HtmlElement,
    infos: Vec<TagInfo>,
    nodes: Vec<Option<Node>>,
    /// The transform being written, reused: a frame allocates nothing.
    transform: String,
    /// A path's numbers for `animate_path`, reused.
    points: Vec<f64>,
    /// Some tag's badge changed since the last [`TagLayer::measure_badges`].
    badges_changed: bool,
    /// Tags made ready ahead by [`TagLayer::stage`] whose label shown at rest is not read yet:
    /// [`TagLayer::measure_ready`] reads them (and only them) before the next frame writes.
    ready: Vec<u32>,
    _click: EventListener,
}

impl TagLayer {
    /// Makes the layer (a named group) as the first child of `root`.
    pub fn new(
        root: &HtmlElement,
        name: &str,
        infos: Vec<TagInfo>,
        on_activate: OnActivate,
    ) -> Result<TagLayer, JsValue> {
        let document = root
            .owner_document()
            .ok_or_else(|| JsValue::from_str("the overlay is not in a document"))?;
        let layer: HtmlElement = document.create_element("div")?.dyn_into()?;
        layer.set_class_name("so-layer");
        layer.set_attribute("role", "group")?;
        layer.set_attribute("aria-label", name)?;
        root.prepend_with_node_1(&layer)?;
        let click = EventListener::new(&layer, "click", move |e| {
            let Some(tag) = e
                .target()
                .and_then(|t| t.dyn_into::<Element>().ok())
                .and_then(|t| t.closest(".so-tag").ok().flatten())
            else {
                return;
            };
            // Digits this layer wrote (a loop, not `str::parse`: the first load is smaller).
            let Some(index) = tag.get_attribute("data-index").and_then(|i| {
                i.bytes().try_fold(0u32, |n, b| {
                    b.is_ascii_digit()
                        .then(|| n.saturating_mul(10).saturating_add(u32::from(b - b'0')))
                })
            }) else {
                return;
            };
            // A click synthesized from Enter or Space on a focused button has detail 0.
            let keyboard = e
                .dyn_ref::<web_sys::MouseEvent>()
                .is_some_and(|m| m.detail() == 0);
            on_activate(index, keyboard);
        });
        let mut nodes = Vec::new();
        nodes.resize_with(infos.len(), || None);
        Ok(TagLayer {
            document,
            layer,
            infos,
            nodes,
            transform: String::with_capacity(40),
            points: Vec::new(),
            badges_changed: false,
            ready: Vec::new(),
            _click: click,
        })
    }

    fn make(&self, index: u32) -> Result<Node, JsValue> {
        let info = self
            .infos
            .get(index as usize)
            .ok_or_else(|| JsValue::from_str("no such tag"))?;
        let d = &self.document;
        let el: HtmlElement = d.create_element("button")?.dyn_into()?;
        el.set_attribute("type", "button")?;
        el.set_attribute("aria-label", &info.name)?;
        el.set_attribute("data-tag-id", &info.tag_id)?;
        el.set_attribute("data-product-id", &info.product_id)?;
        el.set_attribute("data-index", &index.to_string())?;
        let dot = d.create_element("span")?;
        dot.set_class_name("so-dot");
        dot.set_attribute("aria-hidden", "true")?;
        el.append_child(&dot)?;
        let label: HtmlElement = d.create_element("span")?.dyn_into()?;
        label.set_class_name(if info.at_rest {
            "so-label so-label--always"
        } else {
            "so-label"
        });
        label.set_attribute("aria-hidden", "true")?;
        // Text, never markup: labels and names come from the manifest. In its own span, so a
        // long name is cut short and the price beside it is not.
        let text = d.create_element("span")?;
        text.set_class_name("so-label-name");
        text.set_text_content(Some(info.label.as_deref().unwrap_or(&info.name)));
        label.append_child(&text)?;
        el.append_child(&label)?;
        // Not placed yet: out of sight and out of the tab order until it is.
        el.set_class_name(HIDDEN_CLASS);
        Ok(Node {
            unmeasured: info.at_rest.then(|| label.clone()),
            label,
            price: None,
            style: el.style(),
            el,
            badge: None,
            classes: 0,
            badge_changed: false,
            placement: None,
            attached: false,
            due: false,
            soon: false,
            motion: None,
            moves: false,
        })
    }

    /// Tag `index` is active from now on (or, from [`TagLayer::stage`], soon): its button is
    /// made if it never was and put in the layer, hidden until it is placed, before the next
    /// button there (manifest order: the tab order).
    pub fn enter(&mut self, index: u32) {
        let i = index as usize;
        if self.nodes.get(i).is_some_and(Option::is_none) {
            match self.make(index) {
                Ok(n) => self.nodes[i] = Some(n),
                Err(_) => return,
            }
        }
        if self
            .nodes
            .get(i)
            .and_then(Option::as_ref)
            .is_none_or(|n| n.attached)
        {
            return;
        }
        let next = self.nodes[i + 1..]
            .iter()
            .flatten()
            .find(|n| n.attached)
            .map(|n| n.el.clone());
        let Some(Some(node)) = self.nodes.get_mut(i) else {
            return;
        };
        let inserted = match next {
            Some(next) => self.layer.insert_before(&node.el, Some(&next)),
            None => self.layer.append_child(&node.el),
        };
        node.attached = inserted.is_ok();
    }

    /// Tag `index` left: its button hides (out of sight, of the tab order and of the
    /// accessibility tree) and stays in the layer until the next [`TagLayer::stage`] takes
    /// it out, kept for the next time it shows. Hiding costs a style change; taking it out,
    /// a layout, paid once for a batch.
    pub fn leave(&mut self, index: u32) {
        if let Some(Some(node)) = self.nodes.get_mut(index as usize) {
            node.placement = None;
            node.motion = None;
            node.moves = false;
            let _ = node.el.class_list().toggle_with_force(HIDDEN, true);
            if std::mem::take(&mut node.soon) {
                let _ = node.el.class_list().toggle_with_force(SOON, false);
            }
        }
    }

    /// Makes ready the tags about to enter (`due`): each button made and put in the layer,
    /// hidden, to be laid out with the frame (the batch in one layout, ahead of time), so a
    /// tag's entry is a style change and no layout, and reading its label's size then costs
    /// no layout either. Takes out the buttons of tags that left and are not due.
    pub fn stage(&mut self, due: &[u32]) {
        for &i in due {
            self.enter(i);
            if let Some(Some(n)) = self.nodes.get_mut(i as usize) {
                n.due = true;
                if n.unmeasured.is_some() {
                    self.ready.push(i);
                }
            }
        }
        for n in self.nodes.iter_mut().flatten() {
            if n.attached && n.placement.is_none() && !n.due {
                n.el.remove();
                n.attached = false;
            }
            n.due = false;
        }
    }

    /// Lets the browser show tag `index` over its span `[from, to)` and move it along `path`
    /// (in pixels of the current layout, over the same span; `None` for a tag that stays), in
    /// step with the video's clock; replaces any earlier animation (a new layout).
    pub fn animate(&mut self, index: u32, path: Option<&Path>, span: (f64, f64), clock: Clock) {
        let Some(Some(node)) = self.nodes.get_mut(index as usize) else {
            return;
        };
        node.motion = None;
        let points = &mut self.points;
        points.clear();
        for p in path.iter().flat_map(|path| &path.points) {
            let ease = match p.ease {
                Ease::Linear => 0.0,
                Ease::EaseInOut => 1.0,
            };
            // Hundredths of a pixel, as the frame loop writes them.
            let px = |v: f64| (v * 100.0).round() / 100.0;
            points.extend_from_slice(&[p.offset, px(p.x), px(p.y), ease]);
        }
        node.moves = false;
        if let Ok(animation) = animate_tag(&node.el, points, span.0, span.1) {
            let m = Motion { animation };
            m.sync(clock);
            node.motion = Some(m);
            node.moves = path.is_some();
        }
    }

    /// Marks tag `index` as given ahead of its start (`soon`), or not.
    pub fn set_soon(&mut self, index: u32, soon: bool) {
        if let Some(Some(node)) = self.nodes.get_mut(index as usize) {
            if node.soon != soon {
                node.soon = soon;
                let _ = node.el.class_list().toggle_with_force(SOON, soon);
            }
        }
    }

    /// Puts every animated tag in step with the video's clock (after a seek, a pause, a play,
    /// a rate change, or drift).
    pub fn sync(&self, clock: Clock) {
        for m in self
            .nodes
            .iter()
            .flatten()
            .filter_map(|n| n.motion.as_ref())
        {
            m.sync(clock);
        }
    }

    /// How far (ms) the animated tags have drifted from media time `t`, judged by the first
    /// one (they all run on the same timeline); `None` when none is animated.
    pub fn drift_ms(&self, t: f64) -> Option<f64> {
        let m = self
            .nodes
            .iter()
            .flatten()
            .find_map(|n| n.motion.as_ref())?;
        let now = m.animation.current_time()?;
        Some((now - t * 1000.0).abs())
    }

    /// Moves tag `index`; only what changed is written.
    pub fn place(&mut self, index: u32, p: Placement) {
        let Some(Some(node)) = self.nodes.get_mut(index as usize) else {
            return;
        };
        // A tag keyboard focus is on is not taken away from under the viewer (a player's bar
        // showing over it, a crop): it stays until a placement after focus has left.
        let keep = !p.visible && node.el.matches(":focus").unwrap_or(false);
        let p = if keep {
            Placement { visible: true, ..p }
        } else {
            p
        };
        let last = node.placement.replace(p);
        if !node.moves && last.is_none_or(|l| l.x != p.x || l.y != p.y) {
            let t = &mut self.transform;
            t.clear();
            t.push_str("translate(");
            push_px(t, p.x);
            t.push(',');
            push_px(t, p.y);
            t.push(')');
            // CSSOM writes are allowed under a CSP without 'unsafe-inline'; style attributes
            // are not.
            let _ = node.style.set_property("transform", t);
        }
        if last.is_none_or(|l| l.visible != p.visible) {
            let _ = node.el.class_list().toggle_with_force(HIDDEN, !p.visible);
        }
        // The classes that follow the placement, each written only when it differs from what
        // the element has (a class list is a new JS object each time it is asked for).
        let flags = [p.label_left, p.label_muted, p.badge_below, p.badge_muted]
            .iter()
            .enumerate()
            .fold(0u8, |bits, (k, &on)| bits | (u8::from(on) << k));
        let mut differ = flags ^ node.classes;
        while differ != 0 {
            let k = differ.trailing_zeros() as usize;
            if let Some(class) = PLACEMENT_CLASSES.get(k) {
                let _ = node
                    .el
                    .class_list()
                    .toggle_with_force(class, flags & (1 << k) != 0);
            }
            differ &= differ - 1;
        }
        node.classes = flags;
    }

    /// The badges that came, went or changed length since the last call: `None` for one that
    /// went, its size for one that shows (read after the frame's writes; a badge on a hidden
    /// tag is read when the tag shows).
    pub fn measure_badges(&mut self, out: &mut Vec<(u32, Option<LabelBox>)>) {
        if !std::mem::take(&mut self.badges_changed) {
            return;
        }
        for (i, node) in self.nodes.iter_mut().enumerate() {
            let Some(node) = node.as_mut().filter(|n| n.badge_changed) else {
                continue;
            };
            let size = match &node.badge {
                None => None,
                Some(b) if node.attached && node.placement.is_some_and(|p| p.visible) => {
                    // Rounded to whole pixels by the browser: one more keeps it clear.
                    Some(LabelBox {
                        w: f64::from(b.offset_width()) + 1.0,
                        h: f64::from(b.offset_height()) + 1.0,
                        r: f64::from(node.el.offset_width()) / 2.0,
                    })
                }
                Some(_) => {
                    // Not on screen yet: asked again after the next frame that places it.
                    self.badges_changed = true;
                    continue;
                }
            };
            node.badge_changed = false;
            out.push((i as u32, size));
        }
    }

    /// The sizes of the labels shown at rest among `placed` that show now and were never read:
    /// read after the frame's writes, once per tag (a tag made ready ahead is laid out
    /// already: the read costs the frame's style update and no layout).
    pub fn measure(&mut self, placed: &[(u32, Placement)], out: &mut Vec<(u32, LabelBox)>) {
        for &(i, _) in placed.iter().filter(|(_, p)| p.visible) {
            self.read_label(i, out);
        }
    }

    /// The sizes of the labels shown at rest of the tags made ready ahead and never read: read
    /// before a frame writes anything, so what the last frame laid out is read and nothing is
    /// laid out again.
    pub fn measure_ready(&mut self, out: &mut Vec<(u32, LabelBox)>) {
        for i in std::mem::take(&mut self.ready) {
            self.read_label(i, out);
        }
    }

    /// Reads tag `index`'s label shown at rest if it is in the layer and was never read.
    fn read_label(&mut self, index: u32, out: &mut Vec<(u32, LabelBox)>) {
        let Some(Some(node)) = self.nodes.get_mut(index as usize) else {
            return;
        };
        let Some(label) = node.unmeasured.as_ref().filter(|_| node.attached) else {
            return;
        };
        // The natural width (not the stylesheet's cap) and the target's half-width; a tag
        // the page hides (no box) is read when it shows.
        let r = f64::from(node.el.offset_width()) / 2.0;
        if r > 0.0 {
            out.push((
                index,
                LabelBox {
                    w: f64::from(label.scroll_width()) + 1.0,
                    h: f64::from(label.offset_height()),
                    r,
                },
            ));
            node.unmeasured = None;
        }
    }

    /// Whether the browser shows and hides tag `index` on its own clock now.
    pub fn timed(&self, index: u32) -> bool {
        self.nodes
            .get(index as usize)
            .and_then(Option::as_ref)
            .is_some_and(|n| n.motion.is_some())
    }

    /// Tag `index`, which stays where it is, is shown by its class alone from now on (its
    /// animation, if any, ends).
    pub fn untime(&mut self, index: u32) {
        if let Some(Some(node)) = self.nodes.get_mut(index as usize) {
            if !node.moves {
                node.motion = None;
            }
        }
    }

    /// Shows `text` as tag `index`'s deal badge, or removes it.
    pub fn set_badge(&mut self, index: u32, text: Option<&str>) {
        // Written with a space after it (which the line's end swallows), so the tag's text
        // reads "badge name" and not "badgename", like its accessible name.
        let text = text.map(|t| format!("{t} "));
        let text = text.as_deref();
        if self.nodes.get(index as usize).is_some_and(Option::is_none) && text.is_some() {
            if let Ok(n) = self.make(index) {
                self.nodes[index as usize] = Some(n);
            }
        }
        let Some(Some(node)) = self.nodes.get_mut(index as usize) else {
            return;
        };
        // Whether what the tag shows changed (then its name changes too).
        let shown = match (text, &node.badge) {
            (Some(t), Some(b)) => {
                let old = b.text_content().unwrap_or_default();
                if old == t {
                    false
                } else {
                    // Tabular digits: only a change of length changes the width.
                    if old.chars().count() != t.chars().count() {
                        node.badge_changed = true;
                    }
                    b.set_text_content(Some(t));
                    true
                }
            }
            (Some(t), None) => {
                let Some(b) = span(&self.document, "so-badge", t) else {
                    return;
                };
                let _ = b.set_attribute("aria-hidden", "true");
                // After the dot, before the label, as the stylesheet expects.
                let label = node.el.last_element_child();
                let _ = node.el.insert_before(&b, label.as_deref());
                node.badge = Some(b);
                node.badge_changed = true;
                true
            }
            (None, Some(b)) => {
                b.remove();
                node.badge = None;
                node.badge_changed = true;
                true
            }
            (None, None) => false,
        };
        self.badges_changed |= node.badge_changed;
        if shown {
            self.rename(index);
        }
    }

    /// The name holds what the tag shows, in its order: the deal's badge, the name, the price
    /// (a screen reader hears the deal; voice control finds the tag by what it says).
    fn rename(&self, index: u32) {
        let (Some(info), Some(Some(node))) = (
            self.infos.get(index as usize),
            self.nodes.get(index as usize),
        ) else {
            return;
        };
        let text = |e: &Option<HtmlElement>| e.as_ref().and_then(|e| e.text_content());
        let mut name = text(&node.badge).unwrap_or_default();
        name.push_str(&info.name);
        if let Some(price) = text(&node.price) {
            name.push(' ');
            name.push_str(&price);
        }
        let _ = node.el.set_attribute("aria-label", &name);
    }

    /// The product's name as the catalogue gives it, in the viewer's language: the tag shows
    /// and says it, unless its author gave the tag a label of their own (which wins).
    pub fn set_name(&mut self, index: u32, name: &str) {
        let Some(info) = self.infos.get_mut(index as usize) else {
            return;
        };
        if info.label.is_some() || info.name == name || name.trim().is_empty() {
            return;
        }
        info.name = name.to_string();
        let at_rest = info.at_rest;
        let Some(Some(node)) = self.nodes.get_mut(index as usize) else {
            return; // made later, from the new name
        };
        if let Some(text) = node.label.first_element_child() {
            text.set_text_content(Some(name));
        }
        if at_rest {
            node.unmeasured = Some(node.label.clone());
        }
        self.rename(index);
    }

    /// Shows `text` as the price in tag `index`'s label, or removes it. A label shown at rest
    /// is read again (its size changed).
    pub fn set_price(&mut self, index: u32, text: Option<&str>) {
        let at_rest = self.infos.get(index as usize).is_some_and(|i| i.at_rest);
        if self.nodes.get(index as usize).is_some_and(Option::is_none) && text.is_some() {
            if let Ok(n) = self.make(index) {
                self.nodes[index as usize] = Some(n);
            }
        }
        let Some(Some(node)) = self.nodes.get_mut(index as usize) else {
            return;
        };
        let now = node.price.as_ref().and_then(|p| p.text_content());
        if now.as_deref() == text {
            return;
        }
        match (text, &node.price) {
            (Some(t), Some(p)) => p.set_text_content(Some(t)),
            (Some(t), None) => {
                let Some(p) = span(&self.document, "so-label-price", t) else {
                    return;
                };
                // A space between name and price in the label's text (a flex container lays
                // it out as nothing), so what it reads matches the tag's name.
                let _ = node.label.append_with_str_1(" ");
                let _ = node.label.append_child(&p);
                node.price = Some(p);
            }
            (None, Some(p)) => {
                if let Some(space) = p.previous_sibling() {
                    let _ = node.label.remove_child(&space);
                }
                p.remove();
                node.price = None;
            }
            (None, None) => {}
        }
        if at_rest {
            node.unmeasured = Some(node.label.clone());
        }
        self.rename(index);
    }

    /// The sizes of the labels shown at rest that are on screen and not read since they
    /// changed (a price came): one layout for the batch.
    pub fn measure_changed(&mut self, out: &mut Vec<(u32, LabelBox)>) {
        let placed: Vec<(u32, Placement)> = self
            .nodes
            .iter()
            .enumerate()
            .filter_map(|(i, n)| {
                let n = n.as_ref()?;
                n.unmeasured.as_ref()?;
                Some((i as u32, n.placement?))
            })
            .collect();
        self.measure(&placed, out);
    }

    /// The tag's info (ids, name).
    pub fn info(&self, index: u32) -> Option<&TagInfo> {
        self.infos.get(index as usize)
    }

    /// The element of tag `index`, while it is on the page.
    pub fn element(&self, index: u32) -> Option<&HtmlElement> {
        self.nodes
            .get(index as usize)
            .and_then(Option::as_ref)
            .filter(|n| n.attached)
            .map(|n| &n.el)
    }
}

/// A `<span>` of class `class` holding `text` (as text).
fn span(document: &Document, class: &str, text: &str) -> Option<HtmlElement> {
    let s: HtmlElement = document.create_element("span").ok()?.dyn_into().ok()?;
    s.set_class_name(class);
    s.set_text_content(Some(text));
    Some(s)
}

impl Drop for TagLayer {
    fn drop(&mut self) {
        self.layer.remove();
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use std::cell::RefCell;
    use std::rc::Rc;

    use wasm_bindgen_test::*;
    use web_sys::{MouseEvent, MouseEventInit};

    use super::*;

    wasm_bindgen_test_configure!(run_in_browser);

    fn root() -> HtmlElement {
        let d = web_sys::window()
            .and_then(|w| w.document())
            .unwrap_or_else(|| panic!("document"));
        let r: HtmlElement = d
            .create_element("div")
            .ok()
            .and_then(|e| e.dyn_into().ok())
            .unwrap_or_else(|| panic!("div"));
        let _ = d.body().map(|b| b.append_child(&r));
        r
    }

    fn info(i: u32, name: &str, label: Option<&str>) -> TagInfo {
        TagInfo {
            tag_id: format!("t{i}"),
            product_id: format!("p{i}"),
            name: name.into(),
            label: label.map(str::to_string),
            at_rest: label.is_some(),
        }
    }

    fn buttons(root: &HtmlElement) -> Vec<HtmlElement> {
        let list = root
            .query_selector_all("button.so-tag")
            .unwrap_or_else(|_| panic!("query"));
        (0..list.length())
            .filter_map(|i| list.item(i))
            .filter_map(|n| n.dyn_into::<HtmlElement>().ok())
            .collect()
    }

    /// The tag ids of the buttons in the layer, in document (tab) order.
    fn ids(root: &HtmlElement) -> Vec<String> {
        buttons(root)
            .iter()
            .filter_map(|b| b.get_attribute("data-tag-id"))
            .collect()
    }

    fn hidden(b: &HtmlElement) -> bool {
        b.class_list().contains(HIDDEN)
    }

    fn at(x: f64, y: f64, visible: bool) -> Placement {
        Placement {
            x,
            y,
            visible,
            label_left: false,
            label_muted: false,
            badge_below: false,
            badge_muted: false,
        }
    }

    type Got = Rc<RefCell<Vec<(u32, bool)>>>;

    fn layer(root: &HtmlElement) -> (TagLayer, Got) {
        let got: Got = Rc::default();
        let sink = got.clone();
        let infos = vec![
            info(0, "Canvas Tote", None),
            info(1, "Lamp", None),
            info(2, "Trail Runner", Some("−20%")),
        ];
        let l = TagLayer::new(
            root,
            "Products in this video",
            infos,
            Box::new(move |i, k| sink.borrow_mut().push((i, k))),
        )
        .unwrap_or_else(|_| panic!("layer"));
        (l, got)
    }

    #[wasm_bindgen_test]
    fn named_buttons_in_manifest_order_placed_by_transform() {
        let r = root();
        let (mut l, _) = layer(&r);
        // Entering out of order still gives manifest (tab) order.
        l.enter(2);
        l.enter(0);
        let b = buttons(&r);
        assert_eq!(b.len(), 2);
        assert_eq!(
            b[0].get_attribute("aria-label").as_deref(),
            Some("Canvas Tote")
        );
        assert_eq!(b[0].get_attribute("type").as_deref(), Some("button"));
        assert_eq!(b[0].get_attribute("data-product-id").as_deref(), Some("p0"));
        assert!(hidden(&b[0]) && hidden(&b[1]), "not placed yet: hidden");
        l.place(0, at(120.5, 40.25, true));
        assert_eq!(
            b[0].style().get_property_value("transform").ok().as_deref(),
            Some("translate(120.5px, 40.25px)")
        );
        assert!(!hidden(&b[0]));
        assert_eq!(b[1].text_content().as_deref(), Some("−20%"));
        l.place(2, at(-3.0, 7.0, true));
        assert!(!hidden(&b[1]));
        l.place(2, at(1.0, 1.0, false));
        assert!(
            hidden(&b[1]),
            "a cropped tag is hidden and leaves the tab order"
        );
        l.enter(1);
        assert_eq!(ids(&r), ["t0", "t1", "t2"]);
        let group = r
            .query_selector(".so-layer")
            .ok()
            .flatten()
            .unwrap_or_else(|| panic!("layer"));
        assert_eq!(group.get_attribute("role").as_deref(), Some("group"));
        assert_eq!(
            group.get_attribute("aria-label").as_deref(),
            Some("Products in this video")
        );
        drop(l);
        r.remove();
    }

    #[wasm_bindgen_test]
    fn a_price_joins_the_label_and_a_label_at_rest_is_read_again() {
        let r = root();
        let (mut l, _) = layer(&r);
        let here = at(50.0, 50.0, true);
        l.enter(2);
        l.place(2, here);
        let mut out = Vec::new();
        l.measure(&[(2, here)], &mut out);
        assert_eq!(out.len(), 1, "a label at rest is read when it first shows");
        out.clear();
        l.measure_changed(&mut out);
        assert!(out.is_empty(), "and not again while nothing changed");
        l.set_price(2, Some("$89.00"));
        let label = |b: &HtmlElement| {
            b.query_selector(".so-label")
                .ok()
                .flatten()
                .and_then(|e| e.text_content())
        };
        assert_eq!(label(&buttons(&r)[0]).as_deref(), Some("−20% $89.00"));
        assert_eq!(
            buttons(&r)[0].get_attribute("aria-label").as_deref(),
            Some("Trail Runner $89.00"),
            "the name says the price the label shows"
        );
        l.measure_changed(&mut out);
        assert_eq!(out.iter().map(|(i, _)| *i).collect::<Vec<_>>(), [2]);
        out.clear();
        l.set_price(2, Some("$89.00"));
        l.measure_changed(&mut out);
        assert!(out.is_empty(), "the same price changes nothing");
        // A tag whose name shows only on hover gets the price there, and nothing is read.
        l.enter(0);
        l.place(0, here);
        l.set_price(0, Some("$34.00"));
        l.measure_changed(&mut out);
        assert!(out.is_empty());
        assert_eq!(
            label(&buttons(&r)[0]).as_deref(),
            Some("Canvas Tote $34.00")
        );
        // Sold out everywhere: the price goes.
        l.set_price(2, None);
        assert_eq!(label(&buttons(&r)[1]).as_deref(), Some("−20%"));
        assert_eq!(
            buttons(&r)[1].get_attribute("aria-label").as_deref(),
            Some("Trail Runner")
        );
        // The catalogue's name in the viewer's language replaces the manifest's; an author's
        // own label stays.
        l.set_name(0, "Bolso tote");
        assert_eq!(label(&buttons(&r)[0]).as_deref(), Some("Bolso tote $34.00"));
        assert_eq!(
            buttons(&r)[0].get_attribute("aria-label").as_deref(),
            Some("Bolso tote $34.00")
        );
        l.set_name(2, "Zapatilla");
        assert_eq!(label(&buttons(&r)[1]).as_deref(), Some("−20%"));
        drop(l);
        r.remove();
    }

    #[wasm_bindgen_test]
    fn activation_reports_pointer_and_keyboard() {
        let r = root();
        let (mut l, got) = layer(&r);
        l.enter(0);
        l.place(0, at(10.0, 10.0, true));
        let b = buttons(&r);
        // A pointer click carries detail 1; the click a focused button gets from Enter has 0.
        let init = MouseEventInit::new();
        init.set_bubbles(true);
        init.set_detail(1);
        let click = MouseEvent::new_with_mouse_event_init_dict("click", &init)
            .unwrap_or_else(|_| panic!("event"));
        let _ = b[0].dispatch_event(&click);
        b[0].click();
        // A click on the dot inside the button is the button's.
        if let Some(dot) = b[0].first_element_child() {
            let _ = dot.dispatch_event(&click);
        }
        assert_eq!(*got.borrow(), vec![(0, false), (0, true), (0, false)]);
        drop(l);
        r.remove();
    }

    #[wasm_bindgen_test]
    fn staging_makes_due_tags_ready_hidden_in_order_and_takes_out_the_idle() {
        let r = root();
        let (mut l, _) = layer(&r);
        l.enter(1);
        l.place(1, at(50.0, 50.0, true));
        l.stage(&[2, 0]);
        let b = buttons(&r);
        assert_eq!(ids(&r), ["t0", "t1", "t2"], "manifest (tab) order");
        assert!(hidden(&b[0]) && !hidden(&b[1]) && hidden(&b[2]));
        // Shown, only tag 2 has a label at rest (its author's): read once.
        l.enter(2);
        l.place(2, at(80.0, 20.0, true));
        let mut sizes = Vec::new();
        l.measure(&[(2, at(80.0, 20.0, true))], &mut sizes);
        assert_eq!(sizes.len(), 1, "{sizes:?}");
        assert_eq!(sizes[0].0, 2);
        // (Without the stylesheet the label is inline and has no scroll width; its box does.)
        assert!(sizes[0].1.h > 0.0 && sizes[0].1.r > 0.0, "{sizes:?}");
        l.measure(&[(2, at(80.0, 20.0, true))], &mut sizes);
        assert_eq!(sizes.len(), 1, "read once");
        // Staged again, nothing is made twice.
        l.stage(&[2, 0]);
        assert_eq!(buttons(&r), b);
        // Tag 0 is no longer due and never showed: out; the shown ones stay.
        l.stage(&[]);
        assert_eq!(ids(&r), ["t1", "t2"]);
        r.remove();
    }

    #[wasm_bindgen_test]
    fn labels_of_tags_made_ready_ahead_are_read_once_before_a_frame_writes() {
        let r = root();
        let (mut l, _) = layer(&r);
        // Only tag 2 has a label at rest (its author's).
        l.stage(&[0, 2]);
        let mut sizes = Vec::new();
        l.measure_ready(&mut sizes);
        assert_eq!(sizes.iter().map(|s| s.0).collect::<Vec<_>>(), [2]);
        l.measure_ready(&mut sizes);
        assert_eq!(sizes.len(), 1, "read once");
        r.remove();
    }

    #[wasm_bindgen_test]
    fn a_tag_given_ahead_is_soon_timed_by_the_browser_and_untimed_in_its_middle() {
        let r = root();
        let (mut l, _) = layer(&r);
        l.enter(0);
        l.place(0, at(40.0, 40.0, true));
        let clock = Clock {
            t: 0.5,
            playing: false,
            rate: 1.0,
        };
        l.animate(0, None, (1.0, 4.0), clock);
        l.set_soon(0, true);
        let b = buttons(&r);
        assert!(l.timed(0));
        assert!(b[0].class_list().contains(SOON) && !hidden(&b[0]));
        let opacity = |b: &HtmlElement| {
            web_sys::window()
                .and_then(|w| w.get_computed_style(b).ok().flatten())
                .and_then(|s| s.get_property_value("opacity").ok())
        };
        assert_eq!(opacity(&b[0]).as_deref(), Some("0"), "before its start");
        l.sync(Clock { t: 1.0, ..clock });
        assert_eq!(opacity(&b[0]).as_deref(), Some("1"), "from its start");
        l.sync(Clock { t: 4.0, ..clock });
        assert_eq!(opacity(&b[0]).as_deref(), Some("0"), "from its end");
        l.set_soon(0, false);
        assert!(!b[0].class_list().contains(SOON));
        // In its middle a still tag is shown by its class alone.
        l.untime(0);
        assert!(!l.timed(0));
        assert_eq!(opacity(&b[0]).as_deref(), Some("1"));
        l.set_soon(0, true);
        l.leave(0);
        assert!(hidden(&b[0]) && !b[0].class_list().contains(SOON));
        r.remove();
    }

    #[wasm_bindgen_test]
    fn leaving_badges_and_drop_leave_nothing_behind() {
        let r = root();
        let (mut l, _) = layer(&r);
        l.enter(0);
        l.enter(2);
        l.set_badge(2, Some("−20% · 04:59"));
        let b = buttons(&r);
        let kids: Vec<_> = (0..b[1].child_element_count())
            .filter_map(|i| b[1].children().item(i))
            .map(|c| c.class_name())
            .collect();
        assert_eq!(kids, ["so-dot", "so-badge", "so-label so-label--always"]);
        l.set_badge(2, Some("−20% · 04:58"));
        assert_eq!(
            r.query_selector(".so-badge")
                .ok()
                .flatten()
                .and_then(|b| b.text_content())
                .as_deref(),
            Some("−20% · 04:58 ")
        );
        // The name reads as the tag does: the badge, then the name.
        let named = b[1].get_attribute("aria-label").unwrap_or_default();
        assert!(named.starts_with("−20% · 04:58 "), "{named}");
        l.set_badge(2, None);
        assert!(!buttons(&r)[1]
            .get_attribute("aria-label")
            .unwrap_or_default()
            .contains('%'));
        assert!(r.query_selector(".so-badge").ok().flatten().is_none());
        l.place(0, at(10.0, 10.0, true));
        l.place(2, at(30.0, 10.0, true));
        l.leave(0);
        let b = buttons(&r);
        assert!(hidden(&b[0]), "a tag that left hides at once");
        l.enter(0);
        assert_eq!(buttons(&r), b, "and comes back with its kept button");
        l.leave(0);
        l.stage(&[]);
        assert_eq!(buttons(&r).len(), 1, "staging takes out the ones that left");
        drop(l);
        assert_eq!(r.child_element_count(), 0, "the layer is gone");
        r.remove();
    }
}
