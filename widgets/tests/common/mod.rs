//! Helpers shared by the in-browser widget tests: the document, and waiting on a condition
//! (yew renders from its scheduler, a turn of the event loop later).
// Each test binary compiles this module and uses part of it.
#![allow(dead_code)]

pub fn document() -> web_sys::Document {
    web_sys::window()
        .and_then(|w| w.document())
        .unwrap_or_else(|| panic!("no document"))
}

/// Lets the page run its queued tasks.
pub async fn tick() {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        let _ = web_sys::window()
            .unwrap_or_else(|| panic!("no window"))
            .set_timeout_with_callback(&resolve);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(p).await;
}

/// Waits until `cond` holds, for at most 200 turns of the event loop.
pub async fn until(what: &str, cond: impl Fn() -> bool) {
    for _ in 0..200 {
        if cond() {
            return;
        }
        tick().await;
    }
    panic!("timed out waiting for: {what}");
}

/// Renders component `C` with `props` into a fresh `<div>` in the body.
pub fn mount<C>(props: C::Properties) -> (web_sys::Element, yew::AppHandle<C>)
where
    C: yew::BaseComponent,
{
    let root = host();
    let app = yew::Renderer::<C>::with_root_and_props(root.clone(), props).render();
    (root, app)
}

/// A fresh `<div>` in the body.
pub fn host() -> web_sys::Element {
    let root = document()
        .create_element("div")
        .unwrap_or_else(|_| panic!("div"));
    document()
        .body()
        .unwrap_or_else(|| panic!("body"))
        .append_child(&root)
        .unwrap_or_else(|_| panic!("append"));
    root
}

/// The element `sel` finds under `root` (the test fails when there is none).
pub fn q(root: &web_sys::Element, sel: &str) -> web_sys::HtmlElement {
    use wasm_bindgen::JsCast;
    root.query_selector(sel)
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into().ok())
        .unwrap_or_else(|| panic!("no {sel}"))
}
