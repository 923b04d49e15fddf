//! The frame driver: calls back once per presented video frame with its exact media time
//! (`requestVideoFrameCallback`), or once per animation frame with `currentTime` where that API
//! is missing. A paused video costs nothing: no frame is presented, so nothing is called.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlVideoElement;

use crate::bindings::{has_video_frame_callback, FrameVideo, VideoFrameMetadata};

enum Pending {
    None,
    VideoFrame(u32),
    AnimationFrame(i32),
}

/// Owns the per-frame callback; dropping it cancels what is pending.
pub struct Driver {
    video: HtmlVideoElement,
    video_frames: bool,
    pending: Pending,
    callback: Closure<dyn FnMut(f64, JsValue)>,
}

impl Driver {
    /// `on_frame(media_time)` runs every frame while the driver is scheduled.
    pub fn new(video: &HtmlVideoElement, mut on_frame: impl FnMut(f64) + 'static) -> Driver {
        let v = video.clone();
        let callback = Closure::<dyn FnMut(f64, JsValue)>::new(move |_now: f64, meta: JsValue| {
            // rVFC passes metadata with the presented frame's media time; rAF passes nothing.
            let t = match meta.dyn_ref::<js_sys::Object>() {
                Some(m) => m.unchecked_ref::<VideoFrameMetadata>().media_time(),
                None => v.current_time(),
            };
            on_frame(t);
        });
        Driver {
            video: video.clone(),
            video_frames: has_video_frame_callback(video),
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

    /// Asks for the next frame, unless a request is already pending. With rVFC this is done
    /// even while paused: the callback then fires only when a frame is presented (a seek).
    /// With rAF it is done only while playing.
    pub fn schedule(&mut self) {
        if !matches!(self.pending, Pending::None) {
            return;
        }
        let f = self.callback.as_ref().unchecked_ref::<js_sys::Function>();
        if self.video_frames {
            match self
                .video
                .unchecked_ref::<FrameVideo>()
                .request_video_frame_callback(f)
            {
                Ok(h) => self.pending = Pending::VideoFrame(h),
                Err(_) => self.video_frames = false,
            }
        }
        if !self.video_frames && !self.video.paused() && !self.video.ended() {
            if let Some(id) = web_sys::window().and_then(|w| w.request_animation_frame(f).ok()) {
                self.pending = Pending::AnimationFrame(id);
            }
        }
    }

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

impl Drop for Driver {
    fn drop(&mut self) {
        self.cancel();
    }
}
