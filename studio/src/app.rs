//! The studio: one component that owns the draft, its history, the video and the tracker, and
//! turns input from its components into `authoring` edits. Every successful edit is one undo
//! step, is announced politely, saved to the browser (debounced), linted, and re-previewed.

use std::cell::Cell;
use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use authoring::timecode::{format, frame_at, snap};
use authoring::track::{Direction, Found, NormBox, Spec};
use authoring::{apply, lint, Context, Ctx, Draft, Edit, Finding, History, Stock};
use gloo::events::{EventListener, EventListenerOptions};
use gloo::timers::callback::Timeout;
use glue::frames::{FrameDriver, WhilePaused};
use glue::observe::ResizeWatch;
use overlay::geometry::{picture_rect, to_px};
use overlay::{ObjectFit, ObjectPosition, Rect, Size};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{HtmlElement, HtmlVideoElement, KeyboardEvent};
use yew::prelude::*;

use crate::api::{self, Product, Published};
use crate::components::inspector::{Setting, TagView, TrackView};
use crate::components::stage::Marker;
use crate::components::timeline::Row;
use crate::components::{
    BarPart, Field, Inspector, Picker, PreviewMatrix, Problems, Stage, StageEvent, Timeline,
    TimelineEvent, Toolbar, ToolbarEvent,
};
use crate::drag::{Drag, Released};
use crate::preview::{self, DealView};
use crate::tracking::{self, Finished, Progress};

/// The sample video and its manifest's video id.
const SAMPLE: &str = "/media/demo.mp4";
const SAMPLE_ID: &str = "demo-studio-haul";

#[derive(Properties, PartialEq)]
pub struct Props {
    pub mount: js_sys::Function,
    pub preview_bridge: Option<js_sys::Function>,
    /// Read tracking frames by seeking only (for comparison).
    pub seek_only: bool,
}

pub enum Msg {
    Toolbar(ToolbarEvent),
    Meta,
    VideoError(String),
    Time(f64),
    Frame(f64),
    Played(bool),
    Seek(f64),
    Resized,
    Key(KeyboardEvent),
    Search(String),
    Searched(u64, Result<Vec<Product>, String>),
    Looked(Result<(Vec<Product>, Vec<String>), String>),
    Arm(Option<String>),
    PlaceCentre(String),
    Edit(Edit),
    EditError(String),
    Stage(StageEvent),
    Timeline(TimelineEvent),
    Imported(Result<String, String>),
    Loaded(Result<Option<(String, i64)>, String>),
    PublishedExists(Result<Option<(String, i64)>, String>),
    /// The frame rate read from the file at `src`.
    FrameRate(String, Option<f64>),
    Published(Published),
    Track(Direction),
    TrackProgress(Progress),
    Tracked(u64, Result<Finished, String>),
    TrackCancel,
    /// Track on from where the last run found the product again (which of its finds).
    TrackContinue(usize),
    Setting(Setting),
    Pick(Option<String>, Option<f64>),
    PreviewToggle,
    PreviewDeal(DealView),
    PreviewPlay,
    PreviewRefresh,
    Save,
}

/// The tracking run in progress: which tag it is for, and its cancel flag. A result whose id
/// is not the current job's (the video changed, the studio closed) is dropped.
struct TrackJob {
    id: u64,
    tag: String,
    direction: Direction,
    cancel: Rc<Cell<bool>>,
}

pub struct Studio {
    props_mount: js_sys::Function,
    props_bridge: Option<js_sys::Function>,
    video: NodeRef,
    layer: NodeRef,
    src: Option<String>,
    object_url: Option<String>,
    /// The local file on screen (its object URL is `src`): tracking reads its bytes from it.
    file: Option<web_sys::File>,
    video_error: Option<String>,
    track_unavailable: Option<String>,
    duration: Option<f64>,
    picture: Size,
    element: Size,
    fps: f64,
    time: f64,
    playing: bool,
    draft: Draft,
    history: History<Draft>,
    base: Option<i64>,
    selected: Option<String>,
    armed: Option<String>,
    query: String,
    results: Vec<Product>,
    search_error: Option<String>,
    search_seq: u64,
    catalog: BTreeMap<String, Product>,
    missing: BTreeSet<String>,
    asked: BTreeSet<String>,
    findings: Vec<Finding>,
    refused: Vec<(String, String)>,
    refused_title: String,
    announce: String,
    edit_error: Option<String>,
    drag: Option<Drag>,
    /// Move focus to the selected tag after the next render (keyboard placing).
    focus_selected: bool,
    bar_preview: Option<(String, f64, f64)>,
    view: (f64, f64),
    tracking: Option<TrackJob>,
    track_seq: u64,
    track_progress: (u64, u64),
    track_summary: Option<String>,
    track_box: Option<NormBox>,
    /// Where the last run found the product again after a loss (one a direction), for which
    /// tag; forgotten when the video, the draft's history or the run changes.
    track_offers: Vec<(String, Found)>,
    box_size: (f64, f64),
    tolerance: f64,
    drawing: bool,
    preview_open: bool,
    deal: DealView,
    preview_videos: Vec<NodeRef>,
    previews: Vec<preview::Mounted>,
    preview_error: Option<String>,
    preview_timer: Option<Timeout>,
    publishing: bool,
    publish_status: Option<String>,
    conflict: bool,
    save_timer: Option<Timeout>,
    frame_loop: Option<FrameDriver>,
    listeners: Vec<EventListener>,
    key_listener: Option<EventListener>,
    resize: Option<ResizeWatch>,
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

fn draft_key(id: &str) -> String {
    format!("studio:draft:{id}")
}

fn base_key(id: &str) -> String {
    format!("studio:base:{id}")
}

/// A manifest video id from a file or URL name: letters, digits and dashes.
fn id_from_name(name: &str) -> String {
    let stem = name
        .rsplit('/')
        .next()
        .unwrap_or(name)
        .split(['?', '#'])
        .next()
        .unwrap_or("")
        .rsplit_once('.')
        .map_or(name, |(s, _)| s);
    let mut id: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    id.truncate(64);
    let id = id.trim_matches('-').to_string();
    if id.is_empty() {
        "video".into()
    } else {
        id
    }
}

fn random_key() -> String {
    let mut b = [0u8; 12];
    if let Some(c) = web_sys::window().and_then(|w| w.crypto().ok()) {
        let _ = c.get_random_values_with_u8_array(&mut b);
    }
    b.iter().map(|x| format!("{x:02x}")).collect()
}

impl Studio {
    fn video_el(&self) -> Option<HtmlVideoElement> {
        self.video.cast::<HtmlVideoElement>()
    }

    fn ctx(&self) -> Ctx {
        Ctx {
            fps: self.fps,
            duration: self.duration,
        }
    }

    fn picture_rect(&self) -> Rect {
        picture_rect(
            self.element,
            self.picture,
            ObjectFit::Contain,
            ObjectPosition::default(),
        )
    }

    fn say(&mut self, text: impl Into<String>) {
        self.announce = text.into();
    }

    /// Applies an edit as one undo step.
    fn edit(&mut self, ctx: &yew::Context<Self>, e: Edit) -> bool {
        self.edit_named(ctx, e, None)
    }

    /// Applies an edit as one undo step called `name` (else after the kind of edit).
    fn edit_named(&mut self, ctx: &yew::Context<Self>, e: Edit, name: Option<&str>) -> bool {
        let before = self.draft.clone();
        let selects = match &e {
            Edit::Place { .. } | Edit::Duplicate { .. } => true,
            Edit::Delete { tag } => {
                if self.selected.as_deref() == Some(tag) {
                    self.selected = None;
                }
                false
            }
            _ => false,
        };
        let what = match &e {
            Edit::Place { .. } => "place a tag",
            Edit::Move { .. } | Edit::Nudge { .. } => "move a tag",
            Edit::MovePath { .. } => "move a path",
            Edit::Retime { .. } => "change a tag's times",
            Edit::Shift { .. } => "move a tag in time",
            Edit::SetKeyframe { .. } => "edit a keyframe",
            Edit::DeleteKeyframe { .. } => "delete a keyframe",
            Edit::SetEase { .. } => "change an ease",
            Edit::SetLabel { .. } => "change a label",
            Edit::Delete { .. } => "delete a tag",
            Edit::Duplicate { .. } => "copy a tag",
            Edit::ApplyTrack { .. } => "track a product",
            Edit::Replace(_) => "import a manifest",
            Edit::SetDuration(_) => "set the video's length",
        };
        let what = name.unwrap_or(what);
        let cx = self.ctx();
        match apply(&mut self.draft, e, &cx) {
            Ok(text) => {
                self.history.record(before, what);
                if selects {
                    self.selected = self.draft.tags.last().map(|t| t.id.clone());
                }
                self.edit_error = None;
                self.say(text);
                self.changed(ctx);
                true
            }
            Err(err) => {
                self.edit_error = Some(err.to_string());
                self.say(err.to_string());
                true
            }
        }
    }

    /// After any change of the draft: lint, save (debounced), preview (debounced), look up
    /// products the catalog has not answered for.
    fn changed(&mut self, ctx: &yew::Context<Self>) {
        self.relint();
        let link = ctx.link().clone();
        self.save_timer = Some(Timeout::new(300, move || link.send_message(Msg::Save)));
        if self.preview_open {
            let link = ctx.link().clone();
            self.preview_timer = Some(Timeout::new(400, move || {
                link.send_message(Msg::PreviewRefresh)
            }));
        }
        let unknown: Vec<String> = self
            .draft
            .products
            .iter()
            .map(|p| p.id.clone())
            .filter(|id| !self.asked.contains(id))
            .collect();
        if !unknown.is_empty() {
            self.asked.extend(unknown.iter().cloned());
            ctx.link()
                .send_future(async move { Msg::Looked(api::lookup(&unknown).await) });
        }
    }

    fn relint(&mut self) {
        let (catalog, missing) = (&self.catalog, &self.missing);
        let stock = |id: &str| {
            if missing.contains(id) {
                Stock::Missing
            } else {
                match catalog.get(id) {
                    Some(p) if p.stock <= 0 => Stock::SoldOut,
                    Some(_) => Stock::Available,
                    None => Stock::Unknown,
                }
            }
        };
        let picture = if self.picture.w > 0.0 {
            self.picture
        } else {
            Size { w: 16.0, h: 9.0 }
        };
        self.findings = lint(
            &self.draft,
            &Context {
                fps: self.fps,
                picture,
                catalog: &stock,
            },
        );
    }

    fn load_source(
        &mut self,
        ctx: &yew::Context<Self>,
        src: String,
        id: String,
        file: Option<web_sys::File>,
    ) {
        if let Some(u) = self.object_url.take() {
            if !src.starts_with("blob:") || src != u {
                let _ = web_sys::Url::revoke_object_url(&u);
            }
        }
        if src.starts_with("blob:") {
            self.object_url = Some(src.clone());
        }
        self.file = file.clone();
        self.cancel_tracking();
        self.previews.clear();
        self.video_error = None;
        self.track_unavailable = None;
        self.duration = None;
        self.picture = Size::default();
        self.time = 0.0;
        self.selected = None;
        self.src = Some(src.clone());
        if let Some(v) = self.video_el() {
            v.set_src(&src);
        }
        let probe = src.clone();
        ctx.link().send_future(async move {
            let fps = crate::decoder::frame_rate(&probe, file).await;
            Msg::FrameRate(probe, fps)
        });
        self.open_draft(ctx, &id);
    }

    /// The draft for `id`: the one saved in this browser, else the published one, else empty.
    fn open_draft(&mut self, ctx: &yew::Context<Self>, id: &str) {
        self.history = History::default();
        self.base = storage()
            .and_then(|s| s.get_item(&base_key(id)).ok().flatten())
            .and_then(|b| b.parse().ok());
        self.conflict = false;
        self.publish_status = None;
        let saved = storage().and_then(|s| s.get_item(&draft_key(id)).ok().flatten());
        match saved.map(|s| (Draft::from_saved(&s), s)) {
            Some((Ok(d), _)) => {
                self.draft = d;
                self.say(format!("Restored your draft of {id}"));
                self.changed(ctx);
            }
            Some((Err(e), _)) => {
                // Kept in storage untouched; the brand hears why it was not loaded.
                self.refused_title = "The draft saved in this browser could not be read:".into();
                self.refused = e.0.into_iter().map(|e| (e.path, e.message)).collect();
                self.draft = Draft::new(id, self.duration);
                self.relint();
            }
            None => {
                self.draft = Draft::new(id, self.duration);
                self.relint();
                let id = id.to_string();
                ctx.link()
                    .send_future(async move { Msg::Loaded(api::published(&id).await) });
            }
        }
    }

    fn save(&self) {
        let Some(s) = storage() else { return };
        let id = &self.draft.video.id;
        let _ = s.set_item(&draft_key(id), &self.draft.to_saved());
        match self.base {
            Some(b) => {
                let _ = s.set_item(&base_key(id), &b.to_string());
            }
            None => {
                let _ = s.remove_item(&base_key(id));
            }
        }
    }

    fn seek(&mut self, t: f64) {
        let end = self.duration.unwrap_or(f64::MAX);
        let t = snap(t, self.fps).clamp(0.0, (end - 1.0 / self.fps).max(0.0));
        self.time = t;
        if let Some(v) = self.video_el() {
            // The middle of the frame: a seek to the boundary may show the frame before.
            v.set_current_time(t + 0.5 / self.fps);
        }
        for r in &self.preview_videos {
            if let Some(v) = r.cast::<HtmlVideoElement>() {
                v.set_current_time(t + 0.5 / self.fps);
            }
        }
    }

    /// Stops the run and forgets it: its result will be dropped (a new video, the end), and
    /// so are the last run's offers to continue.
    fn cancel_tracking(&mut self) {
        if let Some(j) = self.tracking.take() {
            j.cancel.set(true);
        }
        self.track_offers.clear();
    }

    fn measure(&mut self) {
        if let Some(v) = self.video_el() {
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

    fn refresh_preview(&mut self) {
        self.previews.clear();
        if !self.preview_open || self.src.is_none() {
            return;
        }
        let manifest = self.draft.to_json();
        let deals: Vec<overlay::Deal> = self
            .draft
            .products
            .iter()
            .filter_map(|p| self.catalog.get(&p.id))
            .flat_map(|p| p.deals.clone())
            .collect();
        let at = self.deal.server_time(&deals);
        let bridge = match &self.props_bridge {
            Some(f) => f
                .call1(&JsValue::NULL, &at.map_or(JsValue::NULL, JsValue::from_f64))
                .unwrap_or(JsValue::UNDEFINED),
            None => JsValue::UNDEFINED,
        };
        let src = self.src.clone().unwrap_or_default();
        self.preview_error = None;
        for (i, r) in self.preview_videos.iter().enumerate() {
            let Some(v) = r.cast::<HtmlVideoElement>() else {
                continue;
            };
            if v.src() != src && v.get_attribute("src").as_deref() != Some(src.as_str()) {
                v.set_src(&src);
            }
            let rtl = crate::components::preview_matrix::PLAYERS[i].2;
            let locale = if rtl { "ar" } else { "en-US" };
            match preview::mount(&self.props_mount, &v, &manifest, &bridge, locale) {
                Ok(m) => self.previews.push(m),
                Err(e) => self.preview_error = Some(format!("The viewer refused the draft: {e}")),
            }
        }
    }
}

impl Component for Studio {
    type Message = Msg;
    type Properties = Props;

    fn create(ctx: &yew::Context<Self>) -> Self {
        ctx.link()
            .send_future(async move { Msg::Searched(0, api::search("").await) });
        let mut s = Studio {
            props_mount: ctx.props().mount.clone(),
            props_bridge: ctx.props().preview_bridge.clone(),
            video: NodeRef::default(),
            layer: NodeRef::default(),
            src: None,
            object_url: None,
            file: None,
            video_error: None,
            track_unavailable: None,
            duration: None,
            picture: Size::default(),
            element: Size::default(),
            fps: 30.0,
            time: 0.0,
            playing: false,
            draft: Draft::new(SAMPLE_ID, None),
            history: History::default(),
            base: None,
            selected: None,
            armed: None,
            query: String::new(),
            results: Vec::new(),
            search_error: None,
            search_seq: 0,
            catalog: BTreeMap::new(),
            missing: BTreeSet::new(),
            asked: BTreeSet::new(),
            findings: Vec::new(),
            refused: Vec::new(),
            refused_title: String::new(),
            announce: String::new(),
            edit_error: None,
            drag: None,
            focus_selected: false,
            bar_preview: None,
            view: (0.0, 1.0),
            tracking: None,
            track_seq: 0,
            track_progress: (0, 0),
            track_summary: None,
            track_box: None,
            track_offers: Vec::new(),
            box_size: (12.0, 16.0),
            tolerance: 0.3,
            drawing: false,
            preview_open: false,
            deal: DealView::Now,
            preview_videos: (0..4).map(|_| NodeRef::default()).collect(),
            previews: Vec::new(),
            preview_error: None,
            preview_timer: None,
            publishing: false,
            publish_status: None,
            conflict: false,
            save_timer: None,
            frame_loop: None,
            listeners: Vec::new(),
            key_listener: None,
            resize: None,
        };
        s.relint();
        s
    }

    fn rendered(&mut self, ctx: &yew::Context<Self>, first: bool) {
        if first {
            if let Some(v) = self.video_el() {
                let on = |name: &'static str, msg: fn(&HtmlVideoElement) -> Msg| {
                    let (link, el) = (ctx.link().clone(), v.clone());
                    EventListener::new(&v, name, move |_| link.send_message(msg(&el)))
                };
                self.listeners = vec![
                    on("loadedmetadata", |_| Msg::Meta),
                    on("seeked", |v| Msg::Time(v.current_time())),
                    on("play", |_| Msg::Played(true)),
                    on("pause", |_| Msg::Played(false)),
                    on("error", |v| {
                        let code = v.error().map_or(0, |e| e.code());
                        Msg::VideoError(match code {
                            1 => "Loading the video was aborted.".into(),
                            2 => "The video could not be downloaded (a network error).".into(),
                            3 => "The video could not be decoded: the file is damaged or uses features this browser cannot play.".into(),
                            4 => "This video cannot play here: the address is wrong or the browser does not support its format.".into(),
                            _ => "The video cannot play.".into(),
                        })
                    }),
                ];
                let link = ctx.link().clone();
                self.frame_loop = Some(FrameDriver::new(&v, WhilePaused::Sleep, move |t| {
                    link.send_message(Msg::Frame(t))
                }));
                let link = ctx.link().clone();
                self.resize =
                    ResizeWatch::new(&[v.as_ref()], move || link.send_message(Msg::Resized)).ok();
            }
            if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
                let link = ctx.link().clone();
                self.key_listener = Some(EventListener::new_with_options(
                    &doc,
                    "keydown",
                    EventListenerOptions::enable_prevent_default(),
                    move |e| {
                        if let Some(k) = e.dyn_ref::<KeyboardEvent>() {
                            link.send_message(Msg::Key(k.clone()));
                        }
                    },
                ));
            }
            ctx.link().send_message(Msg::Toolbar(ToolbarEvent::Sample));
        }
        if let Some(root) = self
            .layer
            .cast::<HtmlElement>()
            .and_then(|l| l.closest(".st").ok().flatten())
        {
            crate::position::apply(&root);
            if std::mem::take(&mut self.focus_selected) {
                if let Some(id) = &self.selected {
                    let sel = format!(".st-marker[data-tag=\"{}\"]", id.replace('"', ""));
                    if let Some(el) = root
                        .query_selector(&sel)
                        .ok()
                        .flatten()
                        .and_then(|e| e.dyn_into::<HtmlElement>().ok())
                    {
                        let _ = el.focus();
                    }
                }
            }
        }
    }

    fn destroy(&mut self, _ctx: &yew::Context<Self>) {
        self.cancel_tracking();
        self.previews.clear();
        self.resize = None;
        if let Some(u) = self.object_url.take() {
            let _ = web_sys::Url::revoke_object_url(&u);
        }
        self.file = None;
    }

    fn update(&mut self, ctx: &yew::Context<Self>, msg: Msg) -> bool {
        match msg {
            Msg::Toolbar(e) => self.toolbar(ctx, e),
            Msg::Meta => {
                self.measure();
                if let Some(v) = self.video_el() {
                    let d = v.duration();
                    if d.is_finite() && d > 0.0 {
                        self.duration = Some(d);
                        self.view = (0.0, d);
                        if self.draft.video.duration.is_none() {
                            // Through the rules like every change, but not an undo step:
                            // the player said it, the brand did not.
                            let cx = self.ctx();
                            let _ = apply(&mut self.draft, Edit::SetDuration(d), &cx);
                        }
                    }
                }
                self.relint();
                true
            }
            Msg::VideoError(e) => {
                self.video_error = Some(e.clone());
                self.say(e);
                true
            }
            Msg::Time(t) => {
                // Seeks land in the middle of a frame: the playhead is that frame's start.
                self.time = frame_at(t, self.fps) as f64 / self.fps;
                true
            }
            Msg::Frame(t) => {
                if let Some(f) = self.frame_loop.as_mut() {
                    f.fired();
                    f.schedule();
                }
                self.time = t;
                true
            }
            Msg::Played(p) => {
                self.playing = p;
                if p {
                    if let Some(f) = self.frame_loop.as_mut() {
                        f.schedule();
                    }
                } else if let Some(v) = self.video_el() {
                    self.time = frame_at(v.current_time(), self.fps) as f64 / self.fps;
                }
                true
            }
            Msg::Seek(t) => {
                self.seek(t);
                true
            }
            Msg::Resized => {
                self.measure();
                true
            }
            Msg::Key(e) => self.key(ctx, e),
            Msg::Search(q) => {
                self.query = q.clone();
                self.search_seq += 1;
                let seq = self.search_seq;
                ctx.link()
                    .send_future(async move { Msg::Searched(seq, api::search(&q).await) });
                true
            }
            Msg::Searched(seq, r) => {
                if seq != self.search_seq {
                    return false;
                }
                match r {
                    Ok(list) => {
                        for p in &list {
                            self.catalog.insert(p.id.clone(), p.clone());
                        }
                        self.results = list;
                        self.search_error = None;
                    }
                    Err(e) => self.search_error = Some(format!("The catalog did not answer: {e}")),
                }
                self.relint();
                true
            }
            Msg::Looked(r) => {
                if let Ok((found, missing)) = r {
                    for p in found {
                        self.catalog.insert(p.id.clone(), p);
                    }
                    self.missing.extend(missing);
                    self.relint();
                }
                true
            }
            Msg::Arm(p) => {
                self.armed = p;
                self.drawing = false;
                if let Some(id) = &self.armed {
                    let name = self.catalog.get(id).map_or(id.clone(), |p| p.title.clone());
                    self.say(format!("Tap the picture where {name} is"));
                }
                true
            }
            Msg::PlaceCentre(product) => {
                self.place(ctx, product, 0.5, 0.5);
                self.focus_selected = true;
                true
            }
            Msg::Edit(e) => self.edit(ctx, e),
            Msg::EditError(e) => {
                self.edit_error = Some(e.clone());
                self.say(e);
                true
            }
            Msg::Stage(e) => self.stage(ctx, e),
            Msg::Timeline(e) => self.timeline(ctx, e),
            Msg::Imported(r) => {
                match r.map_err(|e| vec![(String::new(), e)]).and_then(|text| {
                    Draft::import(&text)
                        .map_err(|e| e.0.into_iter().map(|e| (e.path, e.message)).collect())
                }) {
                    Ok((mut d, parsed)) => {
                        // The file is for the video on screen: it keeps that video's id.
                        d.video.id = self.draft.video.id.clone();
                        if d.video.duration.is_none() {
                            d.video.duration = self.draft.video.duration;
                        }
                        self.refused = parsed
                            .warnings
                            .into_iter()
                            .map(|w| (w.path, w.message))
                            .collect();
                        self.refused_title = "Imported, with warnings:".into();
                        self.edit(ctx, Edit::Replace(Box::new(d)));
                    }
                    Err(problems) => {
                        self.refused_title = format!(
                            "The file was not imported ({} problem{}); your work is unchanged:",
                            problems.len(),
                            if problems.len() == 1 { "" } else { "s" }
                        );
                        self.say(self.refused_title.clone());
                        self.refused = problems;
                    }
                }
                true
            }
            Msg::Loaded(r) => {
                match r {
                    Ok(Some((text, version))) => match Draft::import(&text) {
                        Ok((d, _)) => {
                            self.edit_named(
                                ctx,
                                Edit::Replace(Box::new(d)),
                                Some("load the published version"),
                            );
                            self.base = Some(version);
                            self.conflict = false;
                            self.say(format!("Opened published version {version}"));
                        }
                        Err(e) => {
                            self.publish_status =
                                Some(format!("The published manifest could not be read: {e}"))
                        }
                    },
                    Ok(None) => {}
                    Err(e) => {
                        self.publish_status =
                            Some(format!("Could not read the published manifest: {e}"))
                    }
                }
                true
            }
            Msg::FrameRate(src, fps) => {
                let Some(f) = fps.filter(|f| (1.0..=240.0).contains(f)) else {
                    return false;
                };
                if self.src.as_deref() != Some(src.as_str()) || (f - self.fps).abs() < 1e-6 {
                    return false;
                }
                self.fps = f;
                self.relint();
                self.say(format!(
                    "The video runs at {} frames/s (read from the file)",
                    fps_text(f)
                ));
                true
            }
            Msg::PublishedExists(r) => {
                if let Ok(Some((_, v))) = r {
                    self.conflict = true;
                    self.publish_status = Some(format!(
                        "Version {v} of this video is published; publishing your draft would need \
                         its changes. Load the published version to edit it instead."
                    ));
                }
                true
            }
            Msg::Published(p) => {
                self.publishing = false;
                match p {
                    Published::Version(v) => {
                        self.base = Some(v);
                        self.conflict = false;
                        self.refused.clear();
                        let msg = format!(
                            "Published version {v}; viewers get it at /?video={}",
                            self.draft.video.id
                        );
                        self.publish_status = Some(msg.clone());
                        self.say(msg);
                        self.save();
                    }
                    Published::Conflict(current, m) => {
                        self.conflict = true;
                        let msg = format!(
                            "Not published: {m}. Your draft is kept{}.",
                            current
                                .map_or(String::new(), |c| format!("; load version {c} to see it"))
                        );
                        self.publish_status = Some(msg.clone());
                        self.say(msg);
                    }
                    Published::Invalid(problems) => {
                        self.refused_title = "The API refused the manifest:".into();
                        self.refused = problems;
                        self.publish_status = Some("Not published: the manifest has errors".into());
                    }
                    Published::Failed(e) => {
                        let msg = format!("Not published: {e}. Your draft is kept.");
                        self.publish_status = Some(msg.clone());
                        self.say(msg);
                    }
                }
                true
            }
            Msg::Track(d) => self.start_tracking(ctx, d),
            Msg::TrackProgress(p) => {
                self.track_progress = (p.done, p.total);
                true
            }
            Msg::Tracked(id, r) => {
                let job = match self.tracking.take() {
                    Some(j) if j.id == id => j,
                    other => {
                        self.tracking = other;
                        return false;
                    }
                };
                // This run's finds replace the offers for its directions; a continuation one way
                // keeps the other way's offer.
                self.track_offers.retain(|(tag, f)| {
                    *tag == job.tag
                        && job.direction != Direction::Both
                        && f.direction != job.direction
                });
                match r {
                    Ok(f) => {
                        let fps = self.fps;
                        let summary = f.outcome.summary(fps);
                        self.track_offers
                            .extend(f.outcome.found.iter().map(|x| (job.tag.clone(), *x)));
                        let speed = if f.millis > 0.0 {
                            f.frames as f64 / (f.millis / 1000.0)
                        } else {
                            0.0
                        };
                        self.track_summary = Some(format!(
                            "{summary} {} frames {} at {speed:.0} frames/s{}.",
                            f.frames,
                            f.access,
                            if f.unconfirmed > 0 {
                                format!(", {} not confirmed by the browser", f.unconfirmed)
                            } else {
                                String::new()
                            }
                        ));
                        if !f.outcome.keyframes.is_empty() {
                            let tag = job.tag;
                            let trace = f
                                .outcome
                                .trace
                                .iter()
                                .map(|t| (t.frame as f64 / fps, t.confidence as f32))
                                .collect();
                            self.edit(
                                ctx,
                                Edit::ApplyTrack {
                                    tag,
                                    keyframes: f.outcome.keyframes,
                                    trace,
                                },
                            );
                        }
                        let s = self.track_summary.clone().unwrap_or_default();
                        self.say(s);
                    }
                    Err(e) => {
                        if e.starts_with("Tracking is unavailable") {
                            self.track_unavailable = Some(e.clone());
                        }
                        self.track_summary = Some(format!("Tracking stopped: {e}"));
                        self.say(format!("Tracking stopped: {e}"));
                    }
                }
                true
            }
            Msg::TrackContinue(i) => {
                if i >= self.track_offers.len() {
                    return false;
                }
                let (tag, found) = self.track_offers.remove(i);
                // Never two runs at once: whatever runs is stopped (its result dropped); the
                // other direction's offer stays.
                let rest = std::mem::take(&mut self.track_offers);
                self.cancel_tracking();
                self.track_offers = rest;
                // From the found frame, with the box the search found, the way it was going.
                self.selected = Some(tag);
                self.seek(found.frame as f64 / self.fps);
                self.track_box = Some(found.bbox);
                self.start_tracking(ctx, found.direction)
            }
            Msg::TrackCancel => {
                // The run stops at its next frame; what it tracked so far is still applied.
                if let Some(j) = &self.tracking {
                    j.cancel.set(true);
                }
                true
            }
            Msg::Setting(s) => {
                match s {
                    Setting::BoxW(v) => self.box_size.0 = v.clamp(2.0, 100.0),
                    Setting::BoxH(v) => self.box_size.1 = v.clamp(2.0, 100.0),
                    Setting::Tolerance(v) => self.tolerance = v.clamp(0.0, 5.0),
                    Setting::Draw(on) => {
                        self.drawing = on;
                        self.armed = None;
                        if on {
                            self.say("Drag a box around the product on the picture");
                        }
                    }
                }
                true
            }
            Msg::Pick(tag, at) => {
                if tag.is_some() {
                    self.selected = tag;
                }
                if let Some(t) = at {
                    self.seek(t);
                }
                true
            }
            Msg::PreviewToggle => {
                self.preview_open = !self.preview_open;
                if self.preview_open {
                    let link = ctx.link().clone();
                    self.preview_timer = Some(Timeout::new(0, move || {
                        link.send_message(Msg::PreviewRefresh)
                    }));
                } else {
                    self.previews.clear();
                }
                true
            }
            Msg::PreviewDeal(d) => {
                self.deal = d;
                self.refresh_preview();
                true
            }
            Msg::PreviewPlay => {
                for r in &self.preview_videos {
                    if let Some(v) = r.cast::<HtmlVideoElement>() {
                        if v.paused() {
                            play(&v);
                        } else {
                            let _ = v.pause();
                        }
                    }
                }
                false
            }
            Msg::PreviewRefresh => {
                self.preview_timer = None;
                self.refresh_preview();
                let t = self.time;
                for r in &self.preview_videos {
                    if let Some(v) = r.cast::<HtmlVideoElement>() {
                        v.set_current_time(t + 0.5 / self.fps);
                    }
                }
                true
            }
            Msg::Save => {
                self.save_timer = None;
                self.save();
                false
            }
        }
    }

    fn view(&self, ctx: &yew::Context<Self>) -> Html {
        let link = ctx.link();
        let pic = self.picture_rect();
        let t = self.time;
        let markers: Vec<Marker> = self
            .draft
            .tags
            .iter()
            .filter(|g| g.shows_at(t))
            .map(|g| {
                let (x, y) = self
                    .drag
                    .as_ref()
                    .and_then(|d| d.dragged(&g.id))
                    .unwrap_or_else(|| g.position_at(t));
                let p = to_px(pic, x, y);
                Marker {
                    id: g.id.clone(),
                    name: g
                        .label
                        .clone()
                        .unwrap_or_else(|| self.draft.product_name(&g.product)),
                    x: p.x,
                    y: p.y,
                    selected: self.selected.as_deref() == Some(g.id.as_str()),
                }
            })
            .collect();
        let boxed = self
            .drag
            .as_ref()
            .and_then(Drag::drawn)
            .or_else(|| {
                self.box_for_selected()
                    .map(|b| (b.cx - b.w / 2.0, b.cy - b.h / 2.0, b.w, b.h))
            })
            .map(|(x, y, w, h)| {
                let a = to_px(pic, x, y);
                let b = to_px(pic, x + w, y + h);
                Rect {
                    x: a.x,
                    y: a.y,
                    w: b.x - a.x,
                    h: b.y - a.y,
                }
            });
        let mode = if self.drawing {
            "draw"
        } else if self.armed.is_some() {
            "place"
        } else {
            "edit"
        };
        let rows: Vec<Row> = self
            .draft
            .tags
            .iter()
            .map(|g| {
                let (mut start, mut end) = (g.start, g.end);
                if let Some((id, s, e)) = &self.bar_preview {
                    if id == &g.id {
                        (start, end) = (*s, *e);
                    }
                }
                Row {
                    id: g.id.clone(),
                    name: g
                        .label
                        .clone()
                        .unwrap_or_else(|| self.draft.product_name(&g.product)),
                    start,
                    end,
                    selected: self.selected.as_deref() == Some(g.id.as_str()),
                    keyframes: g.keyframes.iter().map(|k| k.t).collect(),
                    confidence: runs(&g.confidence, self.fps),
                }
            })
            .collect();
        let tag = self
            .selected
            .as_deref()
            .and_then(|id| self.draft.tag(id))
            .map(|g| TagView {
                id: g.id.clone(),
                name: self.draft.product_name(&g.product),
                label: g.label.clone().unwrap_or_default(),
                start: g.start,
                end: g.end,
                keyframes: g
                    .keyframes
                    .iter()
                    .map(|k| (k.t, k.x, k.y, k.ease))
                    .collect(),
            });
        let track = TrackView {
            running: self.tracking.is_some(),
            done: self.track_progress.0,
            total: self.track_progress.1,
            summary: self.track_summary.clone(),
            unavailable: self.track_unavailable.clone(),
            box_w: self.box_size.0,
            box_h: self.box_size.1,
            tolerance: self.tolerance,
            drawing: self.drawing,
            offers: self
                .track_offers
                .iter()
                .enumerate()
                .filter(|(_, (tag, _))| self.selected.as_deref() == Some(tag.as_str()))
                .map(|(i, (_, f))| {
                    let way = match f.direction {
                        Direction::Backward => "backward",
                        _ => "forward",
                    };
                    let at = format(f.frame as f64 / self.fps, self.fps);
                    (i, format!("Continue tracking {way} from {at}"))
                })
                .collect(),
        };
        let has_deals = self
            .draft
            .products
            .iter()
            .any(|p| self.catalog.get(&p.id).is_some_and(|c| !c.deals.is_empty()));
        let fps = self.fps;
        let frame_btn = |n: f64| {
            let t = self.time;
            link.callback(move |_: MouseEvent| Msg::Seek(t + n / fps))
        };
        let toggle_play = {
            let v = self.video.clone();
            Callback::from(move |_: MouseEvent| {
                if let Some(v) = v.cast::<HtmlVideoElement>() {
                    if v.paused() {
                        play(&v);
                    } else {
                        let _ = v.pause();
                    }
                }
            })
        };
        let ontc =
            link.callback(
                move |text: String| match authoring::timecode::parse(&text, fps) {
                    Ok(t) => Msg::Seek(t),
                    Err(e) => Msg::EditError(e.to_string()),
                },
            );
        html! {
            <div class="st">
                <Toolbar video_id={self.draft.video.id.clone()} fps={fps_text(self.fps)}
                    undo={self.history.next_undo().map(str::to_string)}
                    redo={self.history.next_redo().map(str::to_string)}
                    base={self.base} publishing={self.publishing}
                    status={self.publish_status.clone()} conflict={self.conflict}
                    onevent={link.callback(Msg::Toolbar)} />
                <main class="st-main">
                    <Picker query={self.query.clone()} results={self.results.clone()}
                        error={self.search_error.clone()} armed={self.armed.clone()}
                        onsearch={link.callback(Msg::Search)} onarm={link.callback(Msg::Arm)}
                        onplace={link.callback(Msg::PlaceCentre)} />
                    <section class="st-center" aria-label="Video">
                        <Stage video={self.video.clone()} layer={self.layer.clone()} markers={markers}
                            picture={pic} boxed={boxed} mode={mode} error={self.video_error.clone()}
                            onevent={link.callback(Msg::Stage)} />
                        <div class="st-transport" dir="ltr">
                            <button type="button" class="st-btn" onclick={toggle_play}>
                                { if self.playing { "Pause" } else { "Play" } }
                            </button>
                            <button type="button" class="st-btn" onclick={frame_btn(-1.0)}
                                    aria-label="Previous frame (,)">{ "◀ Frame" }</button>
                            <button type="button" class="st-btn" onclick={frame_btn(1.0)}
                                    aria-label="Next frame (.)">{ "Frame ▶" }</button>
                            <label class="st-field st-field--inline">
                                <span>{ "Go to" }</span>
                                <Field class="st-tc" value={format(self.time, self.fps)} onchange={ontc}
                                       describedby="st-keys-help" />
                            </label>
                            <p id="st-keys-help" class="st-hint">
                                { "Keys: , and . step a frame; Ctrl+Z undo, Ctrl+Shift+Z redo; Escape cancels." }
                            </p>
                        </div>
                        <Timeline duration={self.duration.unwrap_or(1.0)} view={self.view} time={self.time}
                            fps={self.fps} rows={rows} onevent={link.callback(Msg::Timeline)} />
                    </section>
                    <aside class="st-side">
                        <Inspector tag={tag} fps={self.fps} time={self.time} track={track}
                            error={self.edit_error.clone()}
                            onedit={link.callback(Msg::Edit)} onseek={link.callback(Msg::Seek)}
                            onerror={link.callback(Msg::EditError)} ontrack={link.callback(Msg::Track)}
                            oncancel={link.callback(|_| Msg::TrackCancel)}
                            oncontinue={link.callback(Msg::TrackContinue)}
                            onsetting={link.callback(Msg::Setting)} />
                        <Problems findings={self.findings.clone()} refused={self.refused.clone()}
                            refused_title={self.refused_title.clone()}
                            onpick={link.callback(|(t, a)| Msg::Pick(t, a))} />
                    </aside>
                </main>
                <PreviewMatrix open={self.preview_open} videos={self.preview_videos.clone()}
                    deal={self.deal} has_deals={has_deals} error={self.preview_error.clone()}
                    ontoggle={link.callback(|_| Msg::PreviewToggle)}
                    ondeal={link.callback(Msg::PreviewDeal)}
                    onplay={link.callback(|_| Msg::PreviewPlay)} />
                <div class="visually-hidden" role="status" aria-live="polite">{ self.announce.clone() }</div>
            </div>
        }
    }
}

/// A frame rate for people: 30, 29.97, 23.976.
pub fn fps_text(f: f64) -> String {
    let s = format!("{f:.3}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// Confidence trace as runs of one level, for the timeline.
fn runs(trace: &[(f64, f32)], fps: f64) -> Vec<(f64, f64, &'static str)> {
    let level = |c: f32| {
        if c >= 0.5 {
            "high"
        } else if c > 0.0 {
            "mid"
        } else {
            "low"
        }
    };
    let mut out: Vec<(f64, f64, &'static str)> = Vec::new();
    for &(t, c) in trace {
        let l = level(c);
        match out.last_mut() {
            Some(last) if last.2 == l && t - last.1 <= 1.5 / fps => last.1 = t + 1.0 / fps,
            _ => out.push((t, t + 1.0 / fps, l)),
        }
    }
    out
}

impl Studio {
    /// The tracking box around the selected tag at the playhead (the brand's drawn box, or
    /// the configured size centred on the tag).
    fn box_for_selected(&self) -> Option<NormBox> {
        let tag = self.draft.tag(self.selected.as_deref()?)?;
        if !tag.shows_at(self.time) {
            return None;
        }
        if let Some(b) = self.track_box {
            return Some(b);
        }
        if !self.drawing && self.tracking.is_none() {
            return None;
        }
        let (x, y) = tag.position_at(self.time);
        Some(NormBox {
            cx: x,
            cy: y,
            w: self.box_size.0 / 100.0,
            h: self.box_size.1 / 100.0,
        })
    }

    fn toolbar(&mut self, ctx: &yew::Context<Self>, e: ToolbarEvent) -> bool {
        match e {
            ToolbarEvent::Sample => self.load_source(ctx, SAMPLE.into(), SAMPLE_ID.into(), None),
            ToolbarEvent::Url(u) => {
                let u = u.trim().to_string();
                let origin = api::origin();
                match overlay::safe_href(&u, &origin) {
                    Some(href) => {
                        if !href.starts_with(&origin) && !href.starts_with('/') {
                            self.say("This video is from another site: it plays, but tracking may be unavailable");
                        }
                        let id = id_from_name(&href);
                        self.load_source(ctx, href, id, None);
                    }
                    None => {
                        let m = format!(
                            "“{u}” is not a video address: use https:// or a path on this site"
                        );
                        self.video_error = Some(m.clone());
                        self.say(m);
                    }
                }
            }
            ToolbarEvent::File(f) => match web_sys::Url::create_object_url_with_blob(&f) {
                Ok(url) => {
                    let (id, name) = (id_from_name(&f.name()), f.name());
                    self.load_source(ctx, url, id, Some(f));
                    self.say(format!(
                        "Opened {name} from this computer (nothing is uploaded)"
                    ));
                }
                Err(_) => self.video_error = Some("The file could not be opened".into()),
            },
            ToolbarEvent::VideoId(id) => {
                let id = id.trim().to_string();
                if id.is_empty() || id.chars().count() > 64 {
                    self.edit_error = Some("A video id is 1 to 64 characters".into());
                } else if id != self.draft.video.id {
                    self.save();
                    let saved = storage()
                        .and_then(|s| s.get_item(&draft_key(&id)).ok().flatten())
                        .is_some();
                    if saved {
                        // That video has a draft in this browser: open it (this one is saved).
                        self.open_draft(ctx, &id);
                    } else {
                        // A new id for the work on screen; say so if that video is published.
                        let mut d = self.draft.clone();
                        d.video.id = id.clone();
                        self.base = None;
                        self.edit_named(
                            ctx,
                            Edit::Replace(Box::new(d)),
                            Some("change the video id"),
                        );
                        self.say(format!("The video id is now {id}"));
                        ctx.link().send_future(async move {
                            Msg::PublishedExists(api::published(&id).await)
                        });
                    }
                }
            }
            ToolbarEvent::Fps(f) => {
                if f.is_finite() && (1.0..=240.0).contains(&f) {
                    self.fps = f;
                    self.relint();
                }
            }
            ToolbarEvent::Undo => self.undo(ctx),
            ToolbarEvent::Redo => self.redo(ctx),
            ToolbarEvent::Import(f) => {
                ctx.link().send_future(async move {
                    let text = wasm_bindgen_futures::JsFuture::from(f.text())
                        .await
                        .ok()
                        .and_then(|t| t.as_string())
                        .ok_or_else(|| "the file could not be read as text".to_string());
                    Msg::Imported(text)
                });
            }
            ToolbarEvent::Export => self.export(),
            ToolbarEvent::Publish => {
                if self
                    .findings
                    .iter()
                    .any(|f| f.severity == authoring::Severity::Error)
                {
                    self.publish_status =
                        Some("Fix the errors in Problems before publishing".into());
                    self.say("Fix the errors in Problems before publishing");
                    return true;
                }
                self.publishing = true;
                let (id, json, base, key) = (
                    self.draft.video.id.clone(),
                    self.draft.to_json(),
                    self.base,
                    random_key(),
                );
                ctx.link().send_future(async move {
                    Msg::Published(api::publish(&id, &json, base, &key).await)
                });
            }
            ToolbarEvent::Reload => {
                let id = self.draft.video.id.clone();
                ctx.link()
                    .send_future(async move { Msg::Loaded(api::published(&id).await) });
            }
        }
        true
    }

    fn undo(&mut self, ctx: &yew::Context<Self>) {
        self.step(ctx, false);
    }

    fn redo(&mut self, ctx: &yew::Context<Self>) {
        self.step(ctx, true);
    }

    /// One step back (or forward again) in the history, announced.
    fn step(&mut self, ctx: &yew::Context<Self>, forward: bool) {
        let current = self.draft.clone();
        let (result, done, none) = if forward {
            (self.history.redo(current), "Redid", "Nothing to redo")
        } else {
            (self.history.undo(current), "Undid", "Nothing to undo")
        };
        match result {
            Ok((d, what)) => {
                self.draft = d;
                // An offer belongs to the run's result, which this step may have taken away.
                self.track_offers.clear();
                self.say(format!("{done}: {what}"));
                self.fix_selection();
                self.changed(ctx);
            }
            Err(_) => self.say(none),
        }
    }

    fn fix_selection(&mut self) {
        if let Some(s) = &self.selected {
            if self.draft.tag(s).is_none() {
                self.selected = None;
            }
        }
    }

    fn export(&mut self) {
        let json = self.draft.to_json();
        let parts = js_sys::Array::of1(&JsValue::from_str(&json));
        let opts = web_sys::BlobPropertyBag::new();
        opts.set_type("application/json");
        let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts) else {
            return;
        };
        let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
            return;
        };
        let doc = web_sys::window().and_then(|w| w.document());
        if let Some(a) = doc
            .and_then(|d| d.create_element("a").ok())
            .and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok())
        {
            a.set_href(&url);
            a.set_download(&format!("{}.manifest.json", self.draft.video.id));
            a.click();
        }
        let _ = web_sys::Url::revoke_object_url(&url);
        self.say(format!("Exported {}.manifest.json", self.draft.video.id));
    }

    fn key(&mut self, ctx: &yew::Context<Self>, e: KeyboardEvent) -> bool {
        let target = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok());
        let tag_name = target.as_ref().map(|t| t.tag_name()).unwrap_or_default();
        let typing = matches!(tag_name.as_str(), "INPUT" | "TEXTAREA" | "SELECT");
        let key = e.key();
        let cmd = e.ctrl_key() || e.meta_key();
        if key == "Escape" {
            let busy = self.armed.is_some() || self.drawing || self.drag.is_some();
            self.armed = None;
            self.drawing = false;
            self.drag = None;
            self.bar_preview = None;
            if busy {
                self.say("Cancelled");
            }
            return true;
        }
        if typing {
            return false;
        }
        if cmd && (key == "z" || key == "Z") {
            e.prevent_default();
            if e.shift_key() {
                self.redo(ctx);
            } else {
                self.undo(ctx);
            }
            return true;
        }
        if cmd && key == "y" {
            e.prevent_default();
            self.redo(ctx);
            return true;
        }
        match key.as_str() {
            "," | "." => {
                e.prevent_default();
                if let Some(v) = self.video_el() {
                    let _ = v.pause();
                }
                let step = if key == "," { -1.0 } else { 1.0 };
                self.seek(self.time + step / self.fps);
                true
            }
            _ => false,
        }
    }

    /// Places `product` at `(x, y)` on the current frame (however it was chosen: dropped, armed
    /// and tapped, or from the keyboard), named as the catalog names it.
    fn place(&mut self, ctx: &yew::Context<Self>, product: String, x: f64, y: f64) -> bool {
        self.armed = None;
        let name = self.catalog.get(&product).map(|p| p.title.clone());
        let t = self.time;
        self.edit(
            ctx,
            Edit::Place {
                product,
                name,
                t,
                x,
                y,
            },
        )
    }

    fn stage(&mut self, ctx: &yew::Context<Self>, e: StageEvent) -> bool {
        let t = self.time;
        match e {
            StageEvent::Drop { product, x, y } => self.place(ctx, product, x, y),
            StageEvent::Down { x, y } => {
                if self.drawing {
                    self.drag = Some(Drag::box_from(x, y));
                    return true;
                }
                if let Some(product) = self.armed.clone() {
                    return self.place(ctx, product, x, y);
                }
                // The single-pointer way to move: a tap moves the selected tag here.
                if let Some(tag) = self.selected.clone() {
                    if self.draft.tag(&tag).is_some_and(|g| g.shows_at(t)) {
                        return self.edit(ctx, Edit::Move { tag, t, x, y });
                    }
                }
                self.selected = None;
                true
            }
            StageEvent::TagDown { tag, x, y } => {
                if self.drawing {
                    self.drag = Some(Drag::box_from(x, y));
                    return true;
                }
                self.selected = Some(tag.clone());
                self.track_box = None;
                self.drag = Some(Drag::on_tag(tag, x, y));
                true
            }
            StageEvent::Move { x, y } => self.drag.as_mut().is_some_and(|d| d.pointer_moved(x, y)),
            StageEvent::Up { x, y } => match self.drag.take().map(|d| d.released(x, y)) {
                Some(Released::Moved { tag, x, y }) => self.edit(ctx, Edit::Move { tag, t, x, y }),
                Some(Released::Boxed(b)) => {
                    self.drawing = false;
                    self.box_size = ((b.w * 100.0).round(), (b.h * 100.0).round());
                    self.track_box = Some(b);
                    self.say("Box drawn: choose a tracking direction");
                    true
                }
                Some(Released::TooSmall) => {
                    self.drawing = false;
                    self.say("The box is too small; drag around the whole product");
                    true
                }
                Some(Released::Tapped) | None => true,
            },
            StageEvent::TagKey { tag, key, shift } => {
                self.selected = Some(tag.clone());
                let d = if shift { 0.10 } else { 0.01 };
                let (dx, dy) = match key.as_str() {
                    "ArrowLeft" => (-d, 0.0),
                    "ArrowRight" => (d, 0.0),
                    "ArrowUp" => (0.0, -d),
                    "ArrowDown" => (0.0, d),
                    _ => return self.edit(ctx, Edit::Delete { tag }),
                };
                self.edit(ctx, Edit::Nudge { tag, t, dx, dy })
            }
        }
    }

    fn timeline(&mut self, ctx: &yew::Context<Self>, e: TimelineEvent) -> bool {
        let bar = |d: &Draft, tag: &str, part: BarPart, dt: f64| {
            d.tag(tag).map(|g| match part {
                BarPart::Body => (g.start + dt, g.end + dt),
                BarPart::Start => (g.start + dt, g.end),
                BarPart::End => (g.start, g.end + dt),
            })
        };
        match e {
            TimelineEvent::Seek(t) => {
                if let Some(v) = self.video_el() {
                    let _ = v.pause();
                }
                self.seek(t);
                true
            }
            TimelineEvent::Select(tag) => {
                self.selected = Some(tag);
                self.track_box = None;
                true
            }
            TimelineEvent::Drag { tag, part, dt } => {
                if let Some((s, e)) = bar(&self.draft, &tag, part, dt) {
                    self.bar_preview = Some((tag, snap(s, self.fps), snap(e, self.fps)));
                }
                true
            }
            TimelineEvent::Drop { tag, part, dt } => {
                self.bar_preview = None;
                self.selected = Some(tag.clone());
                match part {
                    BarPart::Body => self.edit(ctx, Edit::Shift { tag, by: dt }),
                    _ => match bar(&self.draft, &tag, part, dt) {
                        Some((start, end)) => self.edit(ctx, Edit::Retime { tag, start, end }),
                        None => true,
                    },
                }
            }
            TimelineEvent::Shift { tag, by } => {
                self.selected = Some(tag.clone());
                self.edit(ctx, Edit::Shift { tag, by })
            }
            TimelineEvent::Zoom(f) => {
                let d = self.duration.unwrap_or(1.0);
                let span = ((self.view.1 - self.view.0) * f).clamp(1.0, d.max(1.0));
                let start = (self.time - span / 2.0).clamp(0.0, (d - span).max(0.0));
                self.view = (start, start + span);
                true
            }
            TimelineEvent::Fit => {
                self.view = (0.0, self.duration.unwrap_or(1.0));
                true
            }
        }
    }

    fn start_tracking(&mut self, ctx: &yew::Context<Self>, direction: Direction) -> bool {
        let Some(tag) = self
            .selected
            .as_deref()
            .and_then(|id| self.draft.tag(id))
            .cloned()
        else {
            self.say("Select a tag to track");
            return true;
        };
        let Some(src) = self.src.clone() else {
            return false;
        };
        let file = self.file.clone();
        let fps = self.fps;
        if !tag.shows_at(self.time) {
            let m = format!(
                "Move the playhead into the tag ({} to {}) to track from there",
                format(tag.start, fps),
                format(tag.end, fps)
            );
            self.edit_error = Some(m.clone());
            self.say(m);
            return true;
        }
        let (x, y) = tag.position_at(self.time);
        let bbox = self.track_box.unwrap_or(NormBox {
            cx: x,
            cy: y,
            w: self.box_size.0 / 100.0,
            h: self.box_size.1 / 100.0,
        });
        let first = frame_at(tag.start, fps);
        let last = frame_at(tag.end, fps).saturating_sub(1).max(first);
        let spec = Spec {
            fps,
            seed: frame_at(self.time, fps).clamp(first, last),
            first,
            last,
            bbox,
            direction,
            tolerance: self.tolerance / 100.0,
        };
        let cancel = Rc::new(Cell::new(false));
        self.track_seq += 1;
        let id = self.track_seq;
        self.tracking = Some(TrackJob {
            id,
            tag: tag.id.clone(),
            direction,
            cancel: cancel.clone(),
        });
        self.track_summary = None;
        self.track_progress = (0, 0);
        self.track_box = None;
        self.say("Tracking…");
        let link = ctx.link().clone();
        let seek_only = ctx.props().seek_only;
        ctx.link().send_future(async move {
            let progress = move |p: Progress| link.send_message(Msg::TrackProgress(p));
            Msg::Tracked(
                id,
                tracking::track(src, file, spec, seek_only, cancel, progress).await,
            )
        });
        true
    }
}

/// Plays `v`, awaiting the promise: a pause that comes before playback starts rejects it, which
/// is not an error (unawaited, the rejection reaches the console as an uncaught one).
fn play(v: &HtmlVideoElement) {
    if let Ok(p) = v.play() {
        wasm_bindgen_futures::spawn_local(async move {
            let _ = wasm_bindgen_futures::JsFuture::from(p).await;
        });
    }
}
