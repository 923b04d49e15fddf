//! Every JS import of the studio, declared in one place, with `catch` where a call can throw:
//! canvas reads that a cross-origin video taints (the frame callback is `glue`'s), and the viewer's own `mount` and handle, which the page hands over so the preview
//! runs the real viewer bundle.

use wasm_bindgen::prelude::*;
use web_sys::HtmlVideoElement;

#[wasm_bindgen]
extern "C" {
    /// The 2-D context, seen with `getImageData` that can throw (a tainted canvas).
    #[wasm_bindgen(extends = web_sys::CanvasRenderingContext2d)]
    pub type Context2d;

    #[wasm_bindgen(method, catch, js_name = getImageData)]
    pub fn get_image_data(
        this: &Context2d,
        x: f64,
        y: f64,
        w: f64,
        h: f64,
    ) -> Result<web_sys::ImageData, JsValue>;

    #[wasm_bindgen(method, catch, js_name = drawImage)]
    pub fn draw_video(
        this: &Context2d,
        video: &HtmlVideoElement,
        x: f64,
        y: f64,
        w: f64,
        h: f64,
    ) -> Result<(), JsValue>;

    /// The same context's `drawImage` for a WebCodecs `VideoFrame`.
    #[wasm_bindgen(method, catch, js_name = drawImage)]
    pub fn draw_frame(
        this: &Context2d,
        frame: &VideoFrame,
        x: f64,
        y: f64,
        w: f64,
        h: f64,
    ) -> Result<(), JsValue>;

    /// WebCodecs (declared here: web-sys gates it behind unstable flags).
    pub type VideoDecoder;

    #[wasm_bindgen(constructor, catch)]
    pub fn new(init: &js_sys::Object) -> Result<VideoDecoder, JsValue>;

    #[wasm_bindgen(method, catch)]
    pub fn configure(this: &VideoDecoder, config: &js_sys::Object) -> Result<(), JsValue>;

    #[wasm_bindgen(method, catch)]
    pub fn decode(this: &VideoDecoder, chunk: &EncodedVideoChunk) -> Result<(), JsValue>;

    #[wasm_bindgen(method, catch)]
    pub fn flush(this: &VideoDecoder) -> Result<js_sys::Promise, JsValue>;

    #[wasm_bindgen(method, catch)]
    pub fn close(this: &VideoDecoder) -> Result<(), JsValue>;

    #[wasm_bindgen(method, getter)]
    pub fn state(this: &VideoDecoder) -> String;

    #[wasm_bindgen(static_method_of = VideoDecoder, js_name = isConfigSupported, catch)]
    pub fn is_config_supported(config: &js_sys::Object) -> Result<js_sys::Promise, JsValue>;

    pub type EncodedVideoChunk;

    #[wasm_bindgen(constructor, catch)]
    pub fn new(init: &js_sys::Object) -> Result<EncodedVideoChunk, JsValue>;

    pub type VideoFrame;

    #[wasm_bindgen(method, getter)]
    pub fn timestamp(this: &VideoFrame) -> f64;

    #[wasm_bindgen(method)]
    pub fn close(this: &VideoFrame);

    /// What the viewer's `mount(video, options)` returns.
    pub type ViewerHandle;

    #[wasm_bindgen(method, catch)]
    pub fn destroy(this: &ViewerHandle) -> Result<(), JsValue>;

    #[wasm_bindgen(method, catch)]
    pub fn on(this: &ViewerHandle, event: &str, f: &js_sys::Function) -> Result<(), JsValue>;
}

/// Whether this browser has WebCodecs' `VideoDecoder`.
pub fn has_video_decoder() -> bool {
    web_sys::window()
        .map(|w| js_sys::Reflect::has(&w, &JsValue::from_str("VideoDecoder")).unwrap_or(false))
        .unwrap_or(false)
}

/// Calls the viewer's `mount(video, options)`; a throw comes back as its message.
pub fn viewer_mount(
    mount: &js_sys::Function,
    video: &HtmlVideoElement,
    options: &JsValue,
) -> Result<ViewerHandle, String> {
    mount
        .call2(&JsValue::NULL, video, options)
        .map(JsCast::unchecked_into)
        .map_err(|e| error_text(&e))
}

/// The message of a thrown value.
pub fn error_text(e: &JsValue) -> String {
    js_sys::Reflect::get(e, &JsValue::from_str("message"))
        .ok()
        .and_then(|m| m.as_string())
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "unknown error".into())
}

/// The `name` of a thrown DOMException (`SecurityError` for a tainted canvas).
pub fn error_name(e: &JsValue) -> String {
    js_sys::Reflect::get(e, &JsValue::from_str("name"))
        .ok()
        .and_then(|m| m.as_string())
        .unwrap_or_default()
}
