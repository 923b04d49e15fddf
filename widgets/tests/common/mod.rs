//! Helpers shared by the in-browser widget tests: the document, and waiting on a condition
//! (yew renders from its scheduler, a turn of the event loop later).

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
