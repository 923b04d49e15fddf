//! The shop module in headless Chromium, started the way the viewer starts it: a bridge answer
//! of the wrong shape is an `error` event that names the problem, the corners its controls hold
//! reach the viewer, and destroy removes the shop's nodes.
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, HtmlVideoElement};

wasm_bindgen_test_configure!(run_in_browser);

const MANIFEST: &str = r#"{"version":1,"video":{"id":"v"},"products":[{"id":"p","name":"Tote"}],
  "tags":[{"id":"t","product":"p","start":0,"end":100,"x":0.5,"y":0.5}]}"#;

/// A bridge object from JS source: each method answers what `body` returns.
fn bridge(body: &str) -> JsValue {
    let make = js_sys::Function::new_no_args(&format!(
        "const a = () => Promise.resolve({body}); \
         return {{ products: a, createCart: a, cart: a, setQuantity: a, checkout: a, serverTime: a, analytics: a }};"
    ));
    make.call0(&JsValue::NULL)
        .unwrap_or_else(|_| panic!("bridge"))
}

fn set(o: &js_sys::Object, k: &str, v: &JsValue) {
    let _ = js_sys::Reflect::set(o, &k.into(), v);
}

fn field(v: &JsValue, k: &str) -> JsValue {
    js_sys::Reflect::get(v, &k.into()).unwrap_or(JsValue::UNDEFINED)
}

#[wasm_bindgen_test]
async fn a_malformed_bridge_answer_is_an_error_event_that_names_the_problem() {
    let d = web_sys::window()
        .and_then(|w| w.document())
        .unwrap_or_else(|| panic!("document"));
    let video: HtmlVideoElement = d
        .create_element("video")
        .ok()
        .and_then(|v| v.dyn_into().ok())
        .unwrap_or_else(|| panic!("video"));
    let root: HtmlElement = d
        .create_element("div")
        .ok()
        .and_then(|v| v.dyn_into().ok())
        .unwrap_or_else(|| panic!("div"));
    let body = d.body().unwrap_or_else(|| panic!("body"));
    let _ = body.append_child(&video);
    let _ = body.append_child(&root);
    let got: Rc<RefCell<Vec<(String, JsValue)>>> = Rc::default();
    let sink = got.clone();
    let emit = Closure::<dyn Fn(JsValue, JsValue)>::new(move |k: JsValue, v: JsValue| {
        sink.borrow_mut()
            .push((k.as_string().unwrap_or_default(), v))
    });
    let badges = Closure::<dyn Fn(JsValue)>::new(|_| {});
    let held: Rc<RefCell<Vec<f64>>> = Rc::default();
    let told = held.clone();
    let set_held = Closure::<dyn Fn(JsValue)>::new(move |v: JsValue| {
        if let Some(a) = v.dyn_ref::<js_sys::Float64Array>() {
            *told.borrow_mut() = a.to_vec();
        }
    });
    let setup = js_sys::Object::new();
    set(&setup, "video", &video);
    set(&setup, "root", &root);
    set(&setup, "bridge", &bridge(r#"{ ok: "yes" }"#));
    set(&setup, "manifest", &MANIFEST.into());
    set(&setup, "emit", emit.as_ref());
    set(&setup, "setBadges", badges.as_ref());
    set(&setup, "setHeld", set_held.as_ref());
    let mut h = shop::start_shop(setup.into()).unwrap_or_else(|_| panic!("start threw"));
    assert!(
        root.query_selector(".so-shop-host")
            .ok()
            .flatten()
            .is_some(),
        "the shop's layer is in the overlay's root"
    );
    // The product fetch at start is the first call; its answer arrives a turn later.
    for _ in 0..50 {
        if !got.borrow().is_empty() {
            break;
        }
        let p = js_sys::Promise::resolve(&JsValue::NULL);
        let _ = wasm_bindgen_futures::JsFuture::from(p).await;
    }
    let (kind, e) = got.borrow()[0].clone();
    assert_eq!(kind, "error");
    assert_eq!(field(&e, "kind").as_string().as_deref(), Some("bridge"));
    assert_eq!(
        field(&e, "message").as_string().as_deref(),
        Some("bridge.products answer: \"ok\" must be true or false")
    );
    // The corner's buttons are measured once laid out (a ResizeObserver, after a frame): four
    // numbers for their corner, a box with room in it.
    for _ in 0..40 {
        if !held.borrow().is_empty() {
            break;
        }
        let wait = js_sys::Promise::new(&mut |ok, _| {
            if let Some(w) = web_sys::window() {
                let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&ok, 50);
            }
        });
        let _ = wasm_bindgen_futures::JsFuture::from(wait).await;
    }
    let corner = held.borrow().clone();
    assert_eq!(corner.len(), 4, "one corner held: {corner:?}");
    assert!(corner[2] > 0.0 && corner[3] > 0.0, "{corner:?}");
    h.destroy();
    assert!(root
        .query_selector(".so-shop-host")
        .ok()
        .flatten()
        .is_none());
    root.remove();
    video.remove();
}
