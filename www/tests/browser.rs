//! The exported handle in headless Chromium: mounting beside a real `<video>`, error events
//! for bad input, and a destroy that leaves no node and no live listener behind.
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;
use web_sys::{Document, Element, HtmlVideoElement};

wasm_bindgen_test_configure!(run_in_browser);

const MANIFEST: &str = r#"{"version":1,"video":{"id":"v"},"products":[{"id":"p","name":"Tote"}],
  "tags":[{"id":"t","product":"p","start":0,"end":100,"x":0.5,"y":0.5}]}"#;

fn document() -> Document {
    web_sys::window()
        .and_then(|w| w.document())
        .unwrap_or_else(|| panic!("no document"))
}

fn video_in_container() -> (Element, HtmlVideoElement) {
    let d = document();
    let box_ = d.create_element("div").unwrap_or_else(|_| panic!("div"));
    let video: HtmlVideoElement = d
        .create_element("video")
        .ok()
        .and_then(|v| v.dyn_into().ok())
        .unwrap_or_else(|| panic!("video"));
    let _ = box_.append_child(&video);
    let _ = d
        .body()
        .unwrap_or_else(|| panic!("body"))
        .append_child(&box_);
    (box_, video)
}

fn options(manifest: &str) -> JsValue {
    let o = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&o, &"manifest".into(), &manifest.into());
    o.into()
}

/// Collects the payloads of one event type.
struct Sink {
    got: Rc<RefCell<Vec<JsValue>>>,
    f: Closure<dyn FnMut(JsValue)>,
}

/// Subscribes a fresh sink to `kind` on `h`.
fn listen(h: &www::OverlayHandle, kind: &str) -> Sink {
    let got = Rc::new(RefCell::new(Vec::new()));
    let g = got.clone();
    let sink = Sink {
        got,
        f: Closure::new(move |v| g.borrow_mut().push(v)),
    };
    let f: &js_sys::Function = sink.f.as_ref().unchecked_ref();
    if let Err(e) = h.on(kind, f.clone()) {
        panic!("on({kind}) threw: {e:?}");
    }
    sink
}

fn field(v: &JsValue, k: &str) -> JsValue {
    js_sys::Reflect::get(v, &k.into()).unwrap_or(JsValue::UNDEFINED)
}

#[wasm_bindgen_test]
async fn mounts_beside_the_video_and_destroy_removes_everything() {
    let (box_, video) = video_in_container();
    let mut h = www::mount(video.clone().into(), options(MANIFEST))
        .unwrap_or_else(|_| panic!("mount threw"));
    // Events are delivered once the call that raised them has returned.
    next_task().await;
    let ready = listen(&h, "ready");
    assert_eq!(
        ready.got.borrow().len(),
        1,
        "ready raised inside mount is kept for the first listener"
    );
    assert_eq!(field(&ready.got.borrow()[0], "tags").as_f64(), Some(1.0));
    // The video keeps its parent and place; the overlay root is its next sibling.
    assert_eq!(video.parent_element().as_ref(), Some(&box_));
    let root = video
        .next_element_sibling()
        .unwrap_or_else(|| panic!("no overlay root"));
    assert_eq!(root.class_name(), "so-root");
    assert_eq!(box_.child_element_count(), 2);

    h.destroy();
    assert_eq!(
        box_.child_element_count(),
        1,
        "destroy removes the overlay root"
    );
    assert!(document()
        .query_selector(".so-root")
        .ok()
        .flatten()
        .is_none());
    // Listeners are gone: events on the video after destroy reach nothing and throw nothing.
    for kind in ["seeked", "play", "resize", "loadedmetadata"] {
        let e = web_sys::Event::new(kind).unwrap_or_else(|_| panic!("event"));
        let _ = video.dispatch_event(&e);
    }
    assert!(document()
        .query_selector(".so-root")
        .ok()
        .flatten()
        .is_none());
    h.destroy(); // twice is fine
    assert!(!h.has_panicked());
    box_.remove();
}

#[wasm_bindgen_test]
async fn invalid_manifest_is_an_error_event_and_mounts_nothing() {
    let (box_, video) = video_in_container();
    let bad = r#"{"version":1,"video":{"id":"v"},"products":[],
        "tags":[{"id":"t","product":"nope","start":3,"end":1,"x":2,"y":0.5}]}"#;
    let mut h = www::mount(video.into(), options(bad)).unwrap_or_else(|_| panic!("mount threw"));
    let errors = listen(&h, "error");
    next_task().await;
    let got = errors.got.borrow();
    assert_eq!(got.len(), 1);
    assert_eq!(
        field(&got[0], "kind").as_string().as_deref(),
        Some("manifest")
    );
    let message = field(&got[0], "message").as_string().unwrap_or_default();
    assert!(
        message.contains("tags[0].product: unknown product \"nope\""),
        "{message}"
    );
    assert!(
        message.contains("tags[0].end: must be after start (1 is not after 3)"),
        "{message}"
    );
    assert!(
        message.contains("tags[0].x: must be between 0 and 1"),
        "{message}"
    );
    let problems: js_sys::Array = field(&got[0], "problems").into();
    assert_eq!(problems.length(), 3);
    assert_eq!(
        field(&problems.get(0), "path").as_string().as_deref(),
        Some("tags[0].product")
    );
    assert_eq!(box_.child_element_count(), 1, "nothing mounted");
    drop(got);
    h.destroy();
    box_.remove();
}

#[wasm_bindgen_test]
async fn bad_options_and_bad_targets_are_reported() {
    let (box_, video) = video_in_container();
    let h = www::mount(video.into(), JsValue::from_str("nope")).unwrap_or_else(|_| panic!("threw"));
    let errors = listen(&h, "error");
    next_task().await;
    assert_eq!(
        field(&errors.got.borrow()[0], "kind")
            .as_string()
            .as_deref(),
        Some("options")
    );
    let not_video = document()
        .create_element("div")
        .unwrap_or_else(|_| panic!("div"));
    let thrown = www::mount(not_video.into(), options(MANIFEST)).err();
    let msg = thrown.map(|e| field(&e, "message").as_string().unwrap_or_default());
    assert!(msg.unwrap_or_default().contains("needs a <video> element"));
    box_.remove();
}

#[wasm_bindgen_test]
async fn a_bridge_missing_a_method_is_an_options_error() {
    let (box_, video) = video_in_container();
    let o = options(MANIFEST);
    let b = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&o, &"bridge".into(), &b);
    let mut h = www::mount(video.into(), o).unwrap_or_else(|_| panic!("mount threw"));
    let errors = listen(&h, "error");
    next_task().await;
    let e = errors.got.borrow()[0].clone();
    assert_eq!(field(&e, "kind").as_string().as_deref(), Some("options"));
    assert_eq!(
        field(&e, "message").as_string().as_deref(),
        Some("options.bridge.products: must be a function")
    );
    h.destroy();
    box_.remove();
}

/// Resolves after the current task, once the MutationObserver has run.
async fn next_task() {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(p).await;
}

#[wasm_bindgen_test]
async fn a_handle_nobody_keeps_leaves_the_overlay_until_its_video_leaves_the_page() {
    let (box_, video) = video_in_container();
    // What the garbage collector does to a handle the page did not keep.
    drop(www::mount(video.clone().into(), options(MANIFEST)).unwrap_or_else(|_| panic!("mount")));
    next_task().await;
    assert!(
        box_.query_selector(".so-root").ok().flatten().is_some(),
        "the overlay outlives its handle"
    );
    // Moved within one task (a player re-parenting its video): still the same overlay.
    let other = document()
        .create_element("div")
        .unwrap_or_else(|_| panic!("div"));
    let _ = box_.append_child(&other);
    let _ = other.append_child(&video);
    let _ = box_.append_child(&video);
    next_task().await;
    assert!(
        box_.query_selector(".so-root").ok().flatten().is_some(),
        "a video moved within one task keeps its overlay"
    );
    // Removing an ancestor of the video takes the overlay away with every node it made.
    box_.remove();
    next_task().await;
    assert!(
        box_.query_selector(".so-root").ok().flatten().is_none(),
        "a video that left the page takes its overlay with it"
    );
}

#[wasm_bindgen_test]
async fn a_listener_can_call_back_into_the_handle_from_its_own_event() {
    let (box_, video) = video_in_container();
    let h = Rc::new(RefCell::new(None::<www::OverlayHandle>));
    *h.borrow_mut() =
        Some(www::mount(video.into(), options(MANIFEST)).unwrap_or_else(|_| panic!("mount")));
    next_task().await;
    // What the listener saw of the handle, in order: exactFrames() from inside the event.
    let seen = Rc::new(RefCell::new(Vec::<bool>::new()));
    let listener = {
        let (h, seen) = (h.clone(), seen.clone());
        Closure::<dyn FnMut(JsValue)>::new(move |_e: JsValue| {
            if let Some(h) = h.borrow().as_ref() {
                seen.borrow_mut().push(h.exact_frames());
                // Asks for a new measure and a frame: a no-op while the overlay was busy.
                h.relayout();
            }
        })
    };
    if let Some(h) = h.borrow().as_ref() {
        let f: &js_sys::Function = listener.as_ref().unchecked_ref();
        if let Err(e) = h.on("tag-activate", f.clone()) {
            panic!("on threw: {e:?}");
        }
    }
    let outside = h.borrow().as_ref().is_some_and(|h| h.exact_frames());
    assert!(
        outside,
        "Chromium presents frames through requestVideoFrameCallback"
    );
    let tag: web_sys::HtmlElement = box_
        .query_selector("button.so-tag")
        .ok()
        .flatten()
        .and_then(|t| t.dyn_into().ok())
        .unwrap_or_else(|| panic!("no tag button"));
    tag.click();
    next_task().await;
    assert_eq!(
        *seen.borrow(),
        vec![true],
        "the listener ran once and found the overlay free"
    );
    if let Some(mut h) = h.borrow_mut().take() {
        h.destroy();
    }
    box_.remove();
}

#[wasm_bindgen_test]
async fn a_misspelt_option_is_an_options_error_and_the_overlay_mounts_without_it() {
    let (box_, video) = video_in_container();
    let o = options(MANIFEST);
    let _ = js_sys::Reflect::set(&o, &"pauseOnPlay".into(), &JsValue::TRUE);
    let mut h = www::mount(video.into(), o).unwrap_or_else(|_| panic!("mount threw"));
    let errors = listen(&h, "error");
    let ready = listen(&h, "ready");
    next_task().await;
    let got = errors.got.borrow().clone();
    assert_eq!(got.len(), 1);
    assert_eq!(
        field(&got[0], "kind").as_string().as_deref(),
        Some("options")
    );
    assert_eq!(
        field(&got[0], "message").as_string().as_deref(),
        Some(
            "options.pauseOnPlay: is not an option (did you mean pauseOnOpen?), so it was ignored"
        )
    );
    let problems: js_sys::Array = field(&got[0], "problems").into();
    assert_eq!(
        field(&problems.get(0), "path").as_string().as_deref(),
        Some("options.pauseOnPlay")
    );
    assert_eq!(
        ready.got.borrow().len(),
        1,
        "the overlay mounted all the same"
    );
    assert!(box_.query_selector(".so-root").ok().flatten().is_some());
    h.destroy();
    box_.remove();
}
