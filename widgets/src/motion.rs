//! The motion registry: mounted tag elements by index, so the frame loop can move them without
//! a virtual-DOM diff.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use overlay::Placement;
use web_sys::HtmlElement;

#[derive(Default)]
struct Inner {
    nodes: HashMap<u32, HtmlElement>,
    /// The latest placement of every active tag, mounted or not yet, so a tag element that
    /// mounts after its placement arrived starts in the right place.
    placements: HashMap<u32, Placement>,
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
        f.debug_struct("MotionRegistry")
            .field("mounted", &inner.nodes.len())
            .field("placed", &inner.placements.len())
            .finish()
    }
}

fn apply(el: &HtmlElement, p: Placement) {
    // CSSOM writes are allowed under a CSP without 'unsafe-inline'; style attributes are not.
    let style = el.style();
    let _ = style.set_property("transform", &format!("translate({}px,{}px)", p.x, p.y));
    el.set_hidden(!p.visible);
}

impl MotionRegistry {
    /// Called by a tag component once its element is in the DOM.
    pub fn register(&self, index: u32, el: HtmlElement) {
        let mut inner = self.0.borrow_mut();
        if let Some(p) = inner.placements.get(&index) {
            apply(&el, *p);
        } else {
            // Not placed yet: keep it out of sight and out of the tab order.
            el.set_hidden(true);
        }
        inner.nodes.insert(index, el);
    }

    /// Called by a tag component when it unmounts.
    pub fn unregister(&self, index: u32) {
        self.0.borrow_mut().nodes.remove(&index);
    }

    /// Moves tag `index`; applied at once if mounted, else when it mounts.
    pub fn place(&self, index: u32, p: Placement) {
        let mut inner = self.0.borrow_mut();
        inner.placements.insert(index, p);
        if let Some(el) = inner.nodes.get(&index) {
            apply(el, p);
        }
    }

    /// Forgets a tag that left.
    pub fn forget(&self, index: u32) {
        self.0.borrow_mut().placements.remove(&index);
    }

    /// How many tag elements are mounted.
    pub fn mounted(&self) -> usize {
        self.0.borrow().nodes.len()
    }

    /// Drops every element and placement (on destroy).
    pub fn clear(&self) {
        let mut inner = self.0.borrow_mut();
        inner.nodes.clear();
        inner.placements.clear();
    }
}
