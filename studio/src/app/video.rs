//! The video pane: the studio's `<video>`, what is loaded in it (a URL, or a local file and its
//! object URL), its frame rate, size and playhead. It owns its frame loop, its media listeners
//! and its resize observer, and releases them (and revokes the object URL) when dropped.

use authoring::timecode::{frame_at, snap};
use authoring::words;
use authoring::Ctx;
use gloo::events::EventListener;
use glue::frames::{FrameDriver, WhilePaused};
use glue::observe::ResizeWatch;
use overlay::geometry::picture_rect;
use overlay::{ObjectFit, ObjectPosition, Rect, Size};
use web_sys::HtmlVideoElement;
use yew::{Callback, NodeRef};

/// What the `<video>` and the file probe report.
pub enum VideoMsg {
    Meta,
    Error(String),
    Seeked(f64),
    Frame(f64),
    Played(bool),
    Resized,
    /// The frame rate read from the file at `src`.
    FrameRate(String, Option<f64>),
}

/// What the studio must act on after a message (the rest the pane handled itself).
pub enum Heard {
    Nothing,
    /// The player read the video's length.
    Duration(f64),
    /// The picture's size is known (lint checks placements against it).
    Measured,
    /// The video cannot play; the sentence says why.
    Failed(String),
    /// The file says it runs at this many frames a second.
    FrameRate(f64),
}

pub struct VideoPane {
    pub node: NodeRef,
    send: Callback<VideoMsg>,
    src: Option<String>,
    object_url: Option<String>,
    /// The local file on screen (its object URL is `src`): tracking reads its bytes from it.
    file: Option<web_sys::File>,
    pub error: Option<String>,
    pub duration: Option<f64>,
    picture: Size,
    element: Size,
    pub fps: f64,
    pub time: f64,
    pub playing: bool,
    frame_loop: Option<FrameDriver>,
    listeners: Vec<EventListener>,
    resize: Option<ResizeWatch>,
}

impl VideoPane {
    pub fn new(send: Callback<VideoMsg>) -> VideoPane {
        VideoPane {
            node: NodeRef::default(),
            send,
            src: None,
            object_url: None,
            file: None,
            error: None,
            duration: None,
            picture: Size::default(),
            element: Size::default(),
            fps: 30.0,
            time: 0.0,
            playing: false,
            frame_loop: None,
            listeners: Vec::new(),
            resize: None,
        }
    }

    pub fn element(&self) -> Option<HtmlVideoElement> {
        self.node.cast::<HtmlVideoElement>()
    }

    /// Starts listening once the `<video>` is in the document.
    pub fn attach(&mut self) {
        let Some(v) = self.element() else { return };
        let on = |name: &'static str, msg: fn(&HtmlVideoElement) -> VideoMsg| {
            let (send, el) = (self.send.clone(), v.clone());
            EventListener::new(&v, name, move |_| send.emit(msg(&el)))
        };
        self.listeners = vec![
            on("loadedmetadata", |_| VideoMsg::Meta),
            on("seeked", |v| VideoMsg::Seeked(v.current_time())),
            on("play", |_| VideoMsg::Played(true)),
            on("pause", |_| VideoMsg::Played(false)),
            on("error", |v| {
                VideoMsg::Error(why(v.error().map_or(0, |e| e.code())))
            }),
        ];
        let send = self.send.clone();
        self.frame_loop = Some(FrameDriver::new(&v, WhilePaused::Sleep, move |t| {
            send.emit(VideoMsg::Frame(t))
        }));
        let send = self.send.clone();
        self.resize = ResizeWatch::new(&[v.as_ref()], move || send.emit(VideoMsg::Resized)).ok();
    }

    /// What an edit needs to know about the video.
    pub fn ctx(&self) -> Ctx {
        Ctx {
            fps: self.fps,
            duration: self.duration,
        }
    }

    pub fn src(&self) -> Option<&str> {
        self.src.as_deref()
    }

    pub fn file(&self) -> Option<&web_sys::File> {
        self.file.as_ref()
    }

    /// The picture's size in its own pixels (zero before the metadata).
    pub fn picture(&self) -> Size {
        self.picture
    }

    /// Where the picture is drawn inside the element.
    pub fn picture_rect(&self) -> Rect {
        picture_rect(
            self.element,
            self.picture,
            ObjectFit::Contain,
            ObjectPosition::default(),
        )
    }

    /// Shows `src` (an object URL when `file` is the local file it was made from) and reads its
    /// frame rate from the file.
    pub fn load(&mut self, src: String, file: Option<web_sys::File>) {
        if let Some(u) = self.object_url.take() {
            if u != src {
                let _ = web_sys::Url::revoke_object_url(&u);
            }
        }
        if src.starts_with("blob:") {
            self.object_url = Some(src.clone());
        }
        self.file = file.clone();
        self.error = None;
        self.duration = None;
        self.picture = Size::default();
        self.time = 0.0;
        self.src = Some(src.clone());
        if let Some(v) = self.element() {
            v.set_src(&src);
        }
        let send = self.send.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let fps = crate::decoder::frame_rate(&src, file).await;
            send.emit(VideoMsg::FrameRate(src, fps));
        });
    }

    /// Shows that the video cannot play (a bad address, say) without loading anything.
    pub fn refuse(&mut self, why: String) {
        self.error = Some(why);
    }

    pub fn update(&mut self, msg: VideoMsg) -> Heard {
        match msg {
            VideoMsg::Meta => {
                self.measure();
                let d = self.element().map_or(f64::NAN, |v| v.duration());
                if d.is_finite() && d > 0.0 {
                    self.duration = Some(d);
                    return Heard::Duration(d);
                }
                // A live stream has no length; its picture's size still counts.
                Heard::Measured
            }
            VideoMsg::Error(e) => {
                self.error = Some(e.clone());
                Heard::Failed(e)
            }
            VideoMsg::Seeked(t) => {
                // Seeks land in the middle of a frame: the playhead is that frame's start.
                self.time = frame_at(t, self.fps) as f64 / self.fps;
                Heard::Nothing
            }
            VideoMsg::Frame(t) => {
                if let Some(f) = self.frame_loop.as_mut() {
                    f.fired();
                    f.schedule();
                }
                self.time = t;
                Heard::Nothing
            }
            VideoMsg::Played(p) => {
                self.playing = p;
                if p {
                    if let Some(f) = self.frame_loop.as_mut() {
                        f.schedule();
                    }
                } else if let Some(v) = self.element() {
                    self.time = frame_at(v.current_time(), self.fps) as f64 / self.fps;
                }
                Heard::Nothing
            }
            VideoMsg::Resized => {
                self.measure();
                Heard::Nothing
            }
            VideoMsg::FrameRate(src, fps) => match fps.filter(|f| (1.0..=240.0).contains(f)) {
                Some(f) if self.src() == Some(src.as_str()) && (f - self.fps).abs() >= 1e-6 => {
                    self.fps = f;
                    Heard::FrameRate(f)
                }
                _ => Heard::Nothing,
            },
        }
    }

    /// Sets the frame rate the brand typed (1 to 240); false when it is not one.
    pub fn set_fps(&mut self, f: f64) -> bool {
        let ok = f.is_finite() && (1.0..=240.0).contains(&f);
        if ok {
            self.fps = f;
        }
        ok
    }

    /// Moves the playhead to the frame at `t` (clamped into the video), and `others` with it.
    pub fn seek(&mut self, t: f64, others: &[NodeRef]) {
        let end = self.duration.unwrap_or(f64::MAX);
        let t = snap(t, self.fps).clamp(0.0, (end - 1.0 / self.fps).max(0.0));
        self.time = t;
        // The middle of the frame: a seek to the boundary may show the frame before.
        let at = t + 0.5 / self.fps;
        if let Some(v) = self.element() {
            v.set_current_time(at);
        }
        for v in others.iter().filter_map(NodeRef::cast::<HtmlVideoElement>) {
            v.set_current_time(at);
        }
    }

    pub fn pause(&self) {
        if let Some(v) = self.element() {
            let _ = v.pause();
        }
    }

    fn measure(&mut self) {
        if let Some(v) = self.element() {
            self.element = Size {
                w: v.client_width() as f64,
                h: v.client_height() as f64,
            };
            self.picture = Size {
                w: v.video_width() as f64,
                h: v.video_height() as f64,
            };
        }
    }
}

impl Drop for VideoPane {
    fn drop(&mut self) {
        self.listeners.clear();
        self.frame_loop = None;
        self.resize = None;
        if let Some(u) = self.object_url.take() {
            let _ = web_sys::Url::revoke_object_url(&u);
        }
    }
}

/// Why the video cannot play, from its `MediaError` code.
fn why(code: u16) -> String {
    match code {
        1 => words::t("video.aborted"),
        2 => words::t("video.network"),
        3 => words::t("video.decode"),
        4 => words::t("video.unsupported"),
        _ => words::t("video.cannot_play"),
    }
    .into()
}

/// Plays `v` or pauses it.
pub fn toggle(v: &HtmlVideoElement) {
    if v.paused() {
        play(v);
    } else {
        let _ = v.pause();
    }
}

/// Plays `v`, awaiting the promise: a pause that comes before playback starts rejects it, which
/// is not an error (unawaited, the rejection reaches the console as an uncaught one).
pub fn play(v: &HtmlVideoElement) {
    if let Ok(p) = v.play() {
        wasm_bindgen_futures::spawn_local(async move {
            let _ = wasm_bindgen_futures::JsFuture::from(p).await;
        });
    }
}
