//! The playhead while the studio's video plays: one callback per presented frame with its
//! media time (`requestVideoFrameCallback`; `requestAnimationFrame` with `currentTime` where
//! it is missing). Owned: dropping it cancels what is pending.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlVideoElement;

use crate::bindings::{has_frame_callback, FrameMetadata, FrameVideo};

enum Pending {
    None,
    Video(u32),
    Animation(i32),
}

pub struct FrameLoop {
    video: HtmlVideoElement,
    exact: bool,
    pending: Pending,
    callback: Closure<dyn FnMut(f64, JsValue)>,
}

impl FrameLoop {
    pub fn new(video: &HtmlVideoElement, mut on_frame: impl FnMut(f64) + 'static) -> FrameLoop {
        let v = video.clone();
        let callback = Closure::<dyn FnMut(f64, JsValue)>::new(move |_: f64, meta: JsValue| {
            let t = if meta.is_object() {
                meta.unchecked_ref::<FrameMetadata>().media_time()
            } else {
                v.current_time()
            };
            on_frame(t);
        });
        FrameLoop {
            video: video.clone(),
            exact: has_frame_callback(video),
            pending: Pending::None,
            callback,
        }
    }

    /// Call first in the callback.
    pub fn fired(&mut self) {
        self.pending = Pending::None;
    }

    /// Asks for the next frame while the video plays.
    pub fn schedule(&mut self) {
        if !matches!(self.pending, Pending::None) || self.video.paused() {
            return;
        }
        let f = self.callback.as_ref().unchecked_ref::<js_sys::Function>();
        if self.exact {
            match self
                .video
                .unchecked_ref::<FrameVideo>()
                .request_video_frame_callback(f)
            {
                Ok(h) => {
                    self.pending = Pending::Video(h);
                    return;
                }
                Err(_) => self.exact = false,
            }
        }
        if let Some(id) = web_sys::window().and_then(|w| w.request_animation_frame(f).ok()) {
            self.pending = Pending::Animation(id);
        }
    }

    pub fn cancel(&mut self) {
        match std::mem::replace(&mut self.pending, Pending::None) {
            Pending::Video(h) => self
                .video
                .unchecked_ref::<FrameVideo>()
                .cancel_video_frame_callback(h),
            Pending::Animation(id) => {
                if let Some(w) = web_sys::window() {
                    let _ = w.cancel_animation_frame(id);
                }
            }
            Pending::None => {}
        }
    }
}

impl Drop for FrameLoop {
    fn drop(&mut self) {
        self.cancel();
    }
}
