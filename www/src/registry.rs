//! What keeps an overlay alive: every mounted overlay (and its event emitter) is held here
//! until `destroy()` or until its video leaves the document — never until the handle JS got
//! back is garbage-collected, so `mount(video, options)` whose return value nobody keeps shows
//! its tags for as long as the page shows the video.
//!
//! One `MutationObserver` per page watches the documents (and shadow roots) the videos live
//! in for removed nodes; when it reports, every overlay whose video is no longer connected is
//! torn down. A video moved within one task (removed and inserted again) stays connected by the
//! time the observer runs, so it keeps its overlay.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{HtmlVideoElement, MutationObserver, MutationObserverInit, Node};

use crate::events::Emitter;
use crate::mounted::Mounted;

/// One live overlay.
struct Entry {
    id: u32,
    video: HtmlVideoElement,
    _mounted: Rc<RefCell<Mounted>>,
    _emitter: Rc<Emitter>,
}

/// The document watcher; disconnected when the last overlay goes.
struct Watcher {
    observer: MutationObserver,
    _callback: Closure<dyn FnMut(JsValue, JsValue)>,
    /// The nodes observed (documents and shadow roots), so each is observed once.
    roots: Vec<Node>,
}

impl Drop for Watcher {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}

#[derive(Default)]
struct Registry {
    next: u32,
    live: Vec<Entry>,
    watcher: Option<Watcher>,
}

thread_local! {
    static REGISTRY: RefCell<Registry> = RefCell::default();
}

/// Keeps `mounted` (and `emitter`, so fire-and-forget listeners keep hearing) alive until
/// [`release`] or until `video` leaves the document. Returns the id to release it by.
pub fn keep(video: &HtmlVideoElement, mounted: Rc<RefCell<Mounted>>, emitter: Rc<Emitter>) -> u32 {
    REGISTRY.with(|r| {
        let mut r = r.borrow_mut();
        r.next = r.next.wrapping_add(1);
        let id = r.next;
        r.live.push(Entry {
            id,
            video: video.clone(),
            _mounted: mounted,
            _emitter: emitter,
        });
        // The video's own root (a shadow root when it lives in one) and its document: removing
        // the video, or any ancestor of it, shows up as a removed node in one of them.
        let mut roots = vec![video.get_root_node()];
        if let Some(doc) = video.owner_document() {
            roots.push(doc.into());
        }
        if r.watcher.is_none() {
            r.watcher = watcher();
        }
        if let Some(w) = r.watcher.as_mut() {
            for root in roots {
                if w.roots.iter().any(|n| n.is_same_node(Some(&root))) {
                    continue;
                }
                let init = MutationObserverInit::new();
                init.set_child_list(true);
                init.set_subtree(true);
                if w.observer.observe_with_options(&root, &init).is_ok() {
                    w.roots.push(root);
                }
            }
        }
        id
    })
}

/// Lets the overlay go (`destroy()`); it is torn down when the last reference to it goes, at
/// the latest when a callback running it returns.
pub fn release(id: u32) {
    let gone = REGISTRY.with(|r| {
        let mut r = r.borrow_mut();
        let gone: Vec<Entry> = take_where(&mut r.live, |e| e.id == id);
        if r.live.is_empty() {
            r.watcher = None;
        }
        gone
    });
    // Dropped outside the borrow: teardown may run code that reaches the registry again.
    drop(gone);
}

/// Tears down every overlay whose video is no longer in the page.
fn sweep() {
    let gone = REGISTRY.with(|r| {
        let mut r = r.borrow_mut();
        let gone = take_where(&mut r.live, |e| !e.video.is_connected());
        if r.live.is_empty() {
            r.watcher = None;
        }
        gone
    });
    drop(gone);
}

fn take_where(list: &mut Vec<Entry>, pred: impl Fn(&Entry) -> bool) -> Vec<Entry> {
    let mut gone = Vec::new();
    let mut i = 0;
    while i < list.len() {
        if pred(&list[i]) {
            gone.push(list.swap_remove(i));
        } else {
            i += 1;
        }
    }
    gone
}

fn watcher() -> Option<Watcher> {
    let callback = Closure::<dyn FnMut(JsValue, JsValue)>::new(|records: JsValue, _: JsValue| {
        // Only removals can disconnect a video; insertions (the overlay's own tags among
        // them) cost one look at the record list.
        let removed = records.dyn_ref::<js_sys::Array>().is_some_and(|list| {
            list.iter().any(|rec| {
                js_sys::Reflect::get(&rec, &JsValue::from_str("removedNodes"))
                    .ok()
                    .and_then(|n| js_sys::Reflect::get(&n, &JsValue::from_str("length")).ok())
                    .and_then(|l| l.as_f64())
                    .is_some_and(|l| l > 0.0)
            })
        });
        if removed {
            sweep();
        }
    });
    let observer = MutationObserver::new(callback.as_ref().unchecked_ref()).ok()?;
    Some(Watcher {
        observer,
        _callback: callback,
        roots: Vec::new(),
    })
}
