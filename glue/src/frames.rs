//! The frame driver: calls back once per presented video frame with its exact media time
//! (`requestVideoFrameCallback`), or once per animation frame with `currentTime` where that API
//! is missing. It owns its callback and cancels what is pending when dropped. What it does
//! while the video is paused is the owner's choice ([`WhilePaused`]), said once, here.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlVideoElement;

#[wasm_bindgen]
extern "C" {
    /// The metadata `requestVideoFrameCallback` passes: the presented frame's media time.
    pub type FrameMetadata;

    #[wasm_bindgen(method, getter, js_name = mediaTime)]
    pub fn media_time(this: &FrameMetadata) -> f64;

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

/// What the driver does while the video is paused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WhilePaused {
    /// Keep asking for presented frames: a seek while paused presents one and calls back
    /// (the viewer's tags follow a scrubbed playhead). The `requestAnimationFrame` fallback
    /// cannot tell a presented frame, so it waits for play.
    FollowSeeks,
    /// Ask for nothing: the owner hears seeks from the video's `seeked` event (the studio).
    Sleep,
}

enum Pending {
    None,
    VideoFrame(u32),
    AnimationFrame(i32),
}

/// Owns the per-frame callback; dropping it cancels what is pending.
pub struct FrameDriver {
    video: HtmlVideoElement,
    video_frames: bool,
    paused: WhilePaused,
    pending: Pending,
    callback: Closure<dyn FnMut(f64, JsValue)>,
}

impl FrameDriver {
    /// `on_frame(media_time)` runs every frame while the driver is scheduled; the callback
    /// should call [`FrameDriver::fired`] first and [`FrameDriver::schedule`] for the next.
    pub fn new(
        video: &HtmlVideoElement,
        paused: WhilePaused,
        mut on_frame: impl FnMut(f64) + 'static,
    ) -> FrameDriver {
        let v = video.clone();
        let callback = Closure::<dyn FnMut(f64, JsValue)>::new(move |_now: f64, meta: JsValue| {
            // rVFC passes metadata with the presented frame's media time; rAF passes nothing.
            let t = if meta.is_object() {
                meta.unchecked_ref::<FrameMetadata>().media_time()
            } else {
                v.current_time()
            };
            on_frame(t);
        });
        FrameDriver {
            video: video.clone(),
            video_frames: has_video_frame_callback(video),
            paused,
            pending: Pending::None,
            callback,
        }
    }

    /// Whether the driver gets exact frame times (rVFC) rather than `currentTime` on rAF.
    pub fn exact(&self) -> bool {
        self.video_frames
    }

    /// Marks the current request as fired; call first thing in the frame callback.
    pub fn fired(&mut self) {
        self.pending = Pending::None;
    }

    /// Asks for the next frame, unless a request is already pending or the video is paused
    /// and the driver sleeps then.
    pub fn schedule(&mut self) {
        if !matches!(self.pending, Pending::None) {
            return;
        }
        let playing = !self.video.paused() && !self.video.ended();
        if !playing && self.paused == WhilePaused::Sleep {
            return;
        }
        let f = self.callback.as_ref().unchecked_ref::<js_sys::Function>();
        if self.video_frames {
            match self
                .video
                .unchecked_ref::<FrameVideo>()
                .request_video_frame_callback(f)
            {
                Ok(h) => {
                    self.pending = Pending::VideoFrame(h);
                    return;
                }
                Err(_) => self.video_frames = false,
            }
        }
        if playing {
            if let Some(id) = web_sys::window().and_then(|w| w.request_animation_frame(f).ok()) {
                self.pending = Pending::AnimationFrame(id);
            }
        }
    }

    /// Cancels the pending request, if any.
    pub fn cancel(&mut self) {
        match std::mem::replace(&mut self.pending, Pending::None) {
            Pending::VideoFrame(h) => self
                .video
                .unchecked_ref::<FrameVideo>()
                .cancel_video_frame_callback(h),
            Pending::AnimationFrame(id) => {
                if let Some(w) = web_sys::window() {
                    let _ = w.cancel_animation_frame(id);
                }
            }
            Pending::None => {}
        }
    }
}

impl Drop for FrameDriver {
    fn drop(&mut self) {
        self.cancel();
    }
}
