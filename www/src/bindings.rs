//! Every JS import of the crate, declared in one place. APIs web-sys lacks (or gates behind
//! unstable flags) are declared here, with `catch` where they can throw.

use wasm_bindgen::prelude::*;
use web_sys::HtmlVideoElement;

#[wasm_bindgen]
extern "C" {
    /// The metadata `requestVideoFrameCallback` passes: the presented frame's media time.
    pub type VideoFrameMetadata;

    #[wasm_bindgen(method, getter, js_name = mediaTime)]
    pub fn media_time(this: &VideoFrameMetadata) -> f64;

    /// A `<video>` seen with the frame-callback methods web-sys gates behind unstable flags.
    #[wasm_bindgen(extends = HtmlVideoElement)]
    pub type FrameVideo;

    #[wasm_bindgen(method, catch, js_name = requestVideoFrameCallback)]
    pub fn request_video_frame_callback(
        this: &FrameVideo,
        callback: &js_sys::Function,
    ) -> Result<u32, JsValue>;

    #[wasm_bindgen(method, js_name = cancelVideoFrameCallback)]
    pub fn cancel_video_frame_callback(this: &FrameVideo, handle: u32);
}

/// Whether this browser has `requestVideoFrameCallback` (Chromium, Safari 15.4+, Firefox 132+).
pub fn has_video_frame_callback(video: &HtmlVideoElement) -> bool {
    js_sys::Reflect::has(video, &JsValue::from_str("requestVideoFrameCallback")).unwrap_or(false)
}
