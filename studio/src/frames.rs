//! Frames out of the video for the tracker: a second, hidden `<video>` on the same source is
//! sought to the middle of each frame (a seek to the exact boundary often shows the frame
//! before), the seek is confirmed by `requestVideoFrameCallback` with the presented frame's
//! media time (with a timeout, since a freshly loaded element may never call it), and the
//! frame is drawn to a canvas at tracking size and read back. A cross-origin video without
//! CORS taints the canvas: that is reported as why tracking is unavailable.

use authoring::words;
use std::cell::RefCell;
use std::rc::Rc;

use authoring::timecode::frame_at;
use authoring::track::Gray;
use gloo::events::EventListener;
use gloo::timers::callback::Timeout;
use glue::frames::{has_video_frame_callback, FrameMetadata, FrameVideo};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{HtmlCanvasElement, HtmlVideoElement};

use crate::bindings::{error_name, error_text, Context2d};

/// Frames are tracked at most this wide (the tracker's figures are for 640×360).
pub const TRACK_WIDTH: u32 = 640;
/// How long a seek may take before the frame is read anyway.
const SEEK_TIMEOUT_MS: u32 = 2_000;

/// The size frames are tracked at: at most [`TRACK_WIDTH`] wide, the picture's shape.
pub fn tracking_size(width: u32, height: u32) -> (u32, u32) {
    let scale = (TRACK_WIDTH as f64 / width.max(1) as f64).min(1.0);
    (
        ((width as f64 * scale).round() as u32).max(8),
        ((height as f64 * scale).round() as u32).max(8),
    )
}

/// A 2-D context for reading pixels back every frame (a CPU-backed canvas makes
/// `getImageData` cheap).
pub fn reading_context(canvas: &HtmlCanvasElement) -> Result<Context2d, String> {
    let opts = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&opts, &"willReadFrequently".into(), &JsValue::TRUE);
    Ok(canvas
        .get_context_with_context_options("2d", &opts)
        .ok()
        .flatten()
        .ok_or("no 2-D canvas")?
        .unchecked_into())
}

/// Why frames cannot be read.
pub fn unavailable_reason(e: &JsValue) -> String {
    if error_name(e) == "SecurityError" {
        words::t("frames.cross_origin").into()
    } else {
        words::f("frames.unreadable", &[("why", &error_text(e))])
    }
}

/// Whether `e` is one of [`unavailable_reason`]'s: no frame of this video can be read here.
pub fn is_unavailable(e: &str) -> bool {
    let unreadable = words::t("frames.unreadable");
    let lead = unreadable.split('{').next().unwrap_or(unreadable);
    e == words::t("frames.cross_origin") || (!lead.is_empty() && e.starts_with(lead))
}

/// Reads frames of one video source.
pub struct Grabber {
    video: HtmlVideoElement,
    canvas: HtmlCanvasElement,
    ctx: Context2d,
    size: (u32, u32),
    resolve: Rc<RefCell<Option<js_sys::Function>>>,
    on_frame: Closure<dyn FnMut(f64, JsValue)>,
    _on_seeked: EventListener,
    _on_error: EventListener,
    exact: bool,
    /// Frames read after a timeout rather than a confirmed presentation.
    pub unconfirmed: u32,
}

impl Drop for Grabber {
    fn drop(&mut self) {
        self.video.remove();
        self.canvas.remove();
    }
}

fn settle(slot: &Rc<RefCell<Option<js_sys::Function>>>, v: &JsValue) {
    if let Some(f) = slot.borrow_mut().take() {
        let _ = f.call1(&JsValue::NULL, v);
    }
}

impl Grabber {
    /// A grabber on `src`, ready once its metadata has loaded.
    pub async fn open(src: &str) -> Result<Grabber, String> {
        let doc = web_sys::window()
            .and_then(|w| w.document())
            .ok_or("no document")?;
        let video: HtmlVideoElement = doc
            .create_element("video")
            .map_err(|e| error_text(&e))?
            .unchecked_into();
        video.set_muted(true);
        video.set_preload("auto");
        video.set_class_name("st-grabber");
        let _ = video.set_attribute("aria-hidden", "true");
        let _ = video.set_attribute("playsinline", "");
        let canvas: HtmlCanvasElement = doc
            .create_element("canvas")
            .map_err(|e| error_text(&e))?
            .unchecked_into();
        canvas.set_class_name("st-grabber");
        let _ = canvas.set_attribute("aria-hidden", "true");
        let body = doc.body().ok_or("no body")?;
        // Kept in the document (rendered, though invisible): frame callbacks need that.
        body.append_child(&video).map_err(|e| error_text(&e))?;
        body.append_child(&canvas).map_err(|e| error_text(&e))?;
        let resolve: Rc<RefCell<Option<js_sys::Function>>> = Rc::default();
        let r = resolve.clone();
        let on_frame = Closure::<dyn FnMut(f64, JsValue)>::new(move |_now: f64, meta: JsValue| {
            let t = meta.unchecked_ref::<FrameMetadata>().media_time();
            settle(&r, &JsValue::from_f64(t));
        });
        let exact = has_video_frame_callback(&video);
        let r = resolve.clone();
        let on_seeked = EventListener::new(&video, "seeked", move |_| {
            if !exact {
                settle(&r, &JsValue::from_f64(-1.0));
            }
        });
        let r = resolve.clone();
        let on_error = EventListener::new(&video, "error", move |_| {
            settle(&r, &JsValue::from_str("error"));
        });
        let ctx = reading_context(&canvas)?;
        let mut g = Grabber {
            video,
            canvas,
            ctx,
            size: (0, 0),
            resolve,
            on_frame,
            _on_seeked: on_seeked,
            _on_error: on_error,
            exact,
            unconfirmed: 0,
        };
        // Wait for metadata (the size), through the same settle slot.
        let loaded = {
            let r = g.resolve.clone();
            EventListener::new(&g.video, "loadedmetadata", move |_| {
                settle(&r, &JsValue::from_f64(0.0));
            })
        };
        let promise = g.pending();
        g.video.set_src(src);
        let answer = {
            let r = g.resolve.clone();
            let _t = Timeout::new(15_000, move || settle(&r, &JsValue::from_str("timeout")));
            JsFuture::from(promise).await
        };
        drop(loaded);
        match answer {
            Ok(v) if v.as_f64().is_some() => {}
            _ => return Err(words::t("frames.not_loaded").into()),
        }
        let (w, h) = (g.video.video_width(), g.video.video_height());
        if w < 8 || h < 8 {
            return Err(words::t("frames.no_picture").into());
        }
        g.size = tracking_size(w, h);
        g.canvas.set_width(g.size.0);
        g.canvas.set_height(g.size.1);
        Ok(g)
    }

    fn pending(&self) -> js_sys::Promise {
        let slot = self.resolve.clone();
        js_sys::Promise::new(&mut |resolve, _reject| {
            *slot.borrow_mut() = Some(resolve);
        })
    }

    /// Frame `k` at `fps`, as grey pixels.
    pub async fn frame(&mut self, k: u64, fps: f64) -> Result<Gray, String> {
        // A freshly loaded element may present nothing new for its first seek (the frame it
        // showed stays drawn and no frame callback comes): seek again, to another point inside
        // the same frame, before settling for an unconfirmed read. A wrong frame matters most
        // for the seed, which the tracker checks every later answer against.
        for (attempt, within) in [0.5, 0.3, 0.7].into_iter().enumerate() {
            let promise = self.pending();
            if self.exact {
                let f = self.on_frame.as_ref().unchecked_ref::<js_sys::Function>();
                if self
                    .video
                    .unchecked_ref::<FrameVideo>()
                    .request_video_frame_callback(f)
                    .is_err()
                {
                    self.exact = false;
                }
            }
            self.video.set_current_time((k as f64 + within) / fps);
            let answer = {
                let r = self.resolve.clone();
                let _t = Timeout::new(SEEK_TIMEOUT_MS, move || {
                    settle(&r, &JsValue::from_str("timeout"))
                });
                JsFuture::from(promise).await
            };
            let confirmed = match answer.ok().and_then(|v| v.as_f64()) {
                // Without frame callbacks, `seeked` is all there is to go on.
                Some(t) if t < 0.0 => true,
                // The presented frame is the one asked for.
                Some(t) => frame_at(t, fps) == k,
                None => false,
            };
            if confirmed {
                return self.read();
            }
            if attempt == 2 {
                // Still not confirmed (a variable-rate file, or a rounding at the boundary):
                // read it anyway, but count it.
                self.unconfirmed += 1;
            }
        }
        self.read()
    }

    fn read(&self) -> Result<Gray, String> {
        let (w, h) = (self.size.0 as f64, self.size.1 as f64);
        self.ctx
            .draw_video(&self.video, 0.0, 0.0, w, h)
            .map_err(|e| unavailable_reason(&e))?;
        let data = self
            .ctx
            .get_image_data(0.0, 0.0, w, h)
            .map_err(|e| unavailable_reason(&e))?;
        Gray::from_rgba(self.size.0, self.size.1, &data.data()).map_err(|e| e.to_string())
    }

    /// Whether this source's frames can be read at all (false for a tainted canvas).
    pub fn probe(&self) -> Result<(), String> {
        self.read().map(|_| ())
    }
}
