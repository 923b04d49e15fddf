//! What keeps an overlay alive: every mounted overlay (and its event emitter) is held here
//! until `destroy()` or until its video leaves the document — never until the handle JS got
//! back is garbage-collected, so `mount(video, options)` whose return value nobody keeps shows
//! its tags for as long as the page shows the video.
//!
//! One `MutationObserver` per page watches the documents (and shadow roots) the videos live
//! in; when it reports, every overlay whose video was in the page and no longer is is torn
//! down. A video moved synchronously (removed and inserted again before the observer's
//! microtask) stays connected by the time it runs, so it keeps its overlay.

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
    /// Whether the video has been in the page since the mount: one mounted before it was
    /// inserted is not swept for being out of it.
    was_connected: bool,
    _mounted: Rc<RefCell<Mounted>>,
    _emitter: Rc<Emitter>,
}

/// The document watcher; disconnected when the last overlay goes.
struct Watcher {
    observer: MutationObserver,
    _callback: Closure<dyn FnMut(JsValue)>,
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

/// Runs `f` on the registry. One non-generic entry (`dyn`), so the thread-local access is
/// compiled once, not once per caller (the first load's budget).
fn registry(f: &mut dyn FnMut(&mut Registry)) {
    REGISTRY.with(|r| {
        if let Ok(mut r) = r.try_borrow_mut() {
            f(&mut r);
        }
    });
}

/// Keeps `mounted` (and `emitter`, so fire-and-forget listeners keep hearing) alive until
/// [`release`] or until `video` leaves the document. Returns the id to release it by.
pub fn keep(video: &HtmlVideoElement, mounted: Rc<RefCell<Mounted>>, emitter: Rc<Emitter>) -> u32 {
    let mut entry = Some(Entry {
        id: 0,
        video: video.clone(),
        was_connected: video.is_connected(),
        _mounted: mounted,
        _emitter: emitter,
    });
    // The video's own root (a shadow root when it lives in one) and its document: removing the
    // video, or any ancestor of it, shows up as a removed node in one of them.
    let mut roots = vec![video.get_root_node()];
    if let Some(doc) = video.owner_document() {
        roots.push(doc.into());
    }
    let mut id = 0;
    registry(&mut |r| {
        let Some(mut e) = entry.take() else { return };
        r.next = r.next.wrapping_add(1);
        id = r.next;
        e.id = id;
        r.live.push(e);
        if r.watcher.is_none() {
            r.watcher = watcher();
        }
        if let Some(w) = r.watcher.as_mut() {
            for root in roots.drain(..) {
                if w.roots
                    .iter()
                    .any(|n| AsRef::<JsValue>::as_ref(n) == AsRef::<JsValue>::as_ref(&root))
                {
                    continue;
                }
                // A plain object, not web-sys's MutationObserverInit: three fewer imports in
                // the first load's glue.
                let init = js_sys::Object::new();
                let yes = JsValue::TRUE;
                let _ = js_sys::Reflect::set(&init, &JsValue::from_str("childList"), &yes);
                let _ = js_sys::Reflect::set(&init, &JsValue::from_str("subtree"), &yes);
                if w.observer
                    .observe_with_options(&root, init.unchecked_ref::<MutationObserverInit>())
                    .is_ok()
                {
                    w.roots.push(root);
                }
            }
        }
    });
    id
}

/// Lets the overlay go (`destroy()`); it is torn down when the last reference to it goes, at
/// the latest when a callback running it returns.
pub fn release(id: u32) {
    remove_where(&|e| e.id == id);
}

/// Tears down every overlay whose video was in the page and no longer is.
fn sweep() {
    remove_where(&|e| {
        e.was_connected |= e.video.is_connected();
        e.was_connected && !e.video.is_connected()
    });
}

/// Takes the entries `pred` picks out of the registry (disconnecting the watcher when none is
/// left) and drops them outside the borrow: teardown may run code that reaches it again.
fn remove_where(pred: &dyn Fn(&mut Entry) -> bool) {
    let mut gone = Vec::new();
    registry(&mut |r| {
        let mut i = 0;
        while i < r.live.len() {
            if pred(&mut r.live[i]) {
                gone.push(r.live.swap_remove(i));
            } else {
                i += 1;
            }
        }
        if r.live.is_empty() {
            r.watcher = None;
        }
    });
    drop(gone);
}

fn watcher() -> Option<Watcher> {
    // Any batch of insertions or removals: one `isConnected` per overlay (an insertion may be
    // the first time a video mounted off the page enters it). The ResizeObserver callback's
    // signature: no new closure shim in the glue.
    let callback = Closure::<dyn FnMut(JsValue)>::new(|_records: JsValue| sweep());
    let observer = MutationObserver::new(callback.as_ref().unchecked_ref()).ok()?;
    Some(Watcher {
        observer,
        _callback: callback,
        roots: Vec::new(),
    })
}
