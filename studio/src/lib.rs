//! The brand studio's Wasm entry: `start(root, { mount })` runs the studio in `root`; `mount`
//! is the viewer's own `mount` from its bundle, which the preview uses, so what a brand sees
//! is exactly what viewers get. The rules live in `authoring`; this crate renders them and
//! forwards input.

mod api;
mod app;
mod bindings;
mod components;
mod decoder;
mod drag;
mod frames;
mod position;
mod preview;
mod tracking;

use wasm_bindgen::prelude::*;

/// The running studio; `destroy()` unmounts everything it made. The studio lives until then:
/// a page that does not keep the handle keeps its studio (dropping the handle, as a garbage
/// collection does, destroys nothing).
#[wasm_bindgen]
pub struct StudioHandle {
    app: Option<yew::AppHandle<app::Studio>>,
}

#[wasm_bindgen]
impl StudioHandle {
    pub fn destroy(&mut self) {
        if let Some(app) = self.app.take() {
            app.destroy();
        }
    }
}

/// Starts the studio inside `root`. `options.mount` must be the viewer's `mount` function;
/// `options.previewBridge(serverNowMs | null)` makes the bridge the preview's viewers use;
/// `options.frames: "seek"` reads tracking frames by seeking even where WebCodecs could decode;
/// `options.lang` (a BCP 47 tag) is the language it speaks: English, Spanish or Arabic, English
/// for any other. The page sets its own `lang` and `dir`.
#[wasm_bindgen]
pub fn start(root: web_sys::Element, options: JsValue) -> Result<StudioHandle, JsValue> {
    let lang = js_sys::Reflect::get(&options, &JsValue::from_str("lang"))
        .ok()
        .and_then(|v| v.as_string())
        .and_then(|l| authoring::words::Lang::of(&l))
        .unwrap_or(authoring::words::Lang::En);
    authoring::words::set_lang(lang);
    let mount = js_sys::Reflect::get(&options, &JsValue::from_str("mount"))
        .ok()
        .and_then(|m| m.dyn_into::<js_sys::Function>().ok())
        .ok_or_else(|| JsValue::from_str("options.mount: must be the viewer's mount function"))?;
    let preview_bridge = js_sys::Reflect::get(&options, &JsValue::from_str("previewBridge"))
        .ok()
        .and_then(|m| m.dyn_into::<js_sys::Function>().ok());
    let seek_only = js_sys::Reflect::get(&options, &JsValue::from_str("frames"))
        .ok()
        .and_then(|v| v.as_string())
        .is_some_and(|v| v == "seek");
    let props = app::Props {
        mount,
        preview_bridge,
        seek_only,
    };
    let app = yew::Renderer::<app::Studio>::with_root_and_props(root, props).render();
    Ok(StudioHandle { app: Some(app) })
}
