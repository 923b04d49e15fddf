//! The motion registry: mounted tag elements by index, so the frame loop can move them without
//! a virtual-DOM diff.

use std::cell::RefCell;
use std::rc::Rc;

use overlay::Placement;
use web_sys::{CssStyleDeclaration, HtmlElement};

/// A mounted tag element and its style declaration, fetched once: the frame loop writes a
/// transform with one call into the DOM per moving tag.
struct Node {
    el: HtmlElement,
    style: CssStyleDeclaration,
}

/// One tag's slot, indexed by tag index (dense, so a `Vec` rather than a map).
#[derive(Default)]
struct Slot {
    node: Option<Node>,
    /// The latest placement while the tag is active, mounted or not yet, so a tag element that
    /// mounts after its placement arrived starts in the right place.
    placement: Option<Placement>,
}

#[derive(Default)]
struct Inner {
    slots: Vec<Slot>,
}

impl Inner {
    fn slot(&mut self, index: u32) -> &mut Slot {
        let i = index as usize;
        if self.slots.len() <= i {
            self.slots.resize_with(i + 1, Slot::default);
        }
        &mut self.slots[i]
    }
}

/// Shared between the tag components (which register their element while mounted) and the
/// frame loop (which places them). Cloning shares the same registry.
#[derive(Clone, Default)]
pub struct MotionRegistry(Rc<RefCell<Inner>>);

impl PartialEq for MotionRegistry {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl std::fmt::Debug for MotionRegistry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let inner = self.0.borrow();
        let placed = inner.slots.iter().filter(|s| s.placement.is_some()).count();
        f.debug_struct("MotionRegistry")
            .field("mounted", &self.mounted())
            .field("placed", &placed)
            .finish()
    }
}

/// A CSS pixel length with two decimals (placements are quantized to 0.01 px), written with
/// integer arithmetic: core's float formatting would add ~20 KiB to the Wasm bundle.
pub fn css_px(v: f64) -> String {
    let h = if v.is_finite() {
        (v * 100.0).round() as i64
    } else {
        0
    };
    let sign = if h < 0 { "-" } else { "" };
    let h = h.unsigned_abs();
    format!("{sign}{}.{:02}px", h / 100, h % 100)
}

/// Writes a placement; `last` is what the element shows now, so unchanged parts cost no call
/// into the DOM.
fn apply(node: &Node, p: Placement, last: Option<Placement>) {
    if last.is_none_or(|l| l.x != p.x || l.y != p.y) {
        // CSSOM writes are allowed under a CSP without 'unsafe-inline'; style attributes are not.
        let _ = node.style.set_property(
            "transform",
            &format!("translate({},{})", css_px(p.x), css_px(p.y)),
        );
    }
    if last.is_none_or(|l| l.visible != p.visible) {
        node.el.set_hidden(!p.visible);
    }
    if last.is_none_or(|l| l.label_left != p.label_left) {
        let _ = node
            .el
            .class_list()
            .toggle_with_force("so-tag--label-left", p.label_left);
    }
}

impl MotionRegistry {
    /// Called by a tag component once its element is in the DOM.
    pub fn register(&self, index: u32, el: HtmlElement) {
        let mut inner = self.0.borrow_mut();
        let slot = inner.slot(index);
        let node = Node {
            style: el.style(),
            el,
        };
        match slot.placement {
            Some(p) => apply(&node, p, None),
            // Not placed yet: keep it out of sight and out of the tab order.
            None => node.el.set_hidden(true),
        }
        slot.node = Some(node);
    }

    /// Called by a tag component when it unmounts.
    pub fn unregister(&self, index: u32) {
        if let Some(slot) = self.0.borrow_mut().slots.get_mut(index as usize) {
            slot.node = None;
        }
    }

    /// Moves tag `index`; applied at once if mounted, else when it mounts.
    pub fn place(&self, index: u32, p: Placement) {
        let mut inner = self.0.borrow_mut();
        let slot = inner.slot(index);
        let last = slot.placement.replace(p);
        if let Some(node) = &slot.node {
            apply(node, p, last);
        }
    }

    /// Forgets a tag that left.
    pub fn forget(&self, index: u32) {
        if let Some(slot) = self.0.borrow_mut().slots.get_mut(index as usize) {
            slot.placement = None;
        }
    }

    /// How many tag elements are mounted.
    pub fn mounted(&self) -> usize {
        self.0
            .borrow()
            .slots
            .iter()
            .filter(|s| s.node.is_some())
            .count()
    }

    /// Drops every element and placement (on destroy).
    pub fn clear(&self) {
        self.0.borrow_mut().slots.clear();
    }
}
