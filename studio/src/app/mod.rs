//! The studio: one component whose state is in rooms — the editing `Session` (draft, history,
//! published base, selection; `authoring`), the video pane, the catalog, the tracker, publishing,
//! the preview, the stage and the timeline, each with its messages and handler in its own file.
//! This file routes messages to them and, after any change of the draft, lints, saves
//! (debounced), re-previews (debounced) and looks up products; every change is announced.

mod catalog;
mod feedback;
mod preview_pane;
mod publish;
mod shelf;
mod stage;
mod timeline;
mod track;
mod video;
mod view;

pub use view::fps_text;

use authoring::track::{Direction, Found};
use authoring::words;
use authoring::{lint, Context, Draft, Edit, Finding, Session, Severity};
use gloo::events::{EventListener, EventListenerOptions};
use gloo::timers::callback::Timeout;
use overlay::Size;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{HtmlElement, KeyboardEvent};
use yew::prelude::*;

use crate::api;
use crate::components::inspector::Setting;
use crate::components::{StageEvent, TimelineEvent, ToolbarEvent};
use catalog::{Catalog, CatalogMsg};
use feedback::Feedback;
use preview_pane::{PreviewMsg, PreviewPane};
use publish::{PublishMsg, Publishing};
use stage::{Parts, StageState};
use timeline::TimelineState;
use track::{TrackMsg, Tracker};
use video::{Heard, VideoMsg, VideoPane};

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
    Video(VideoMsg),
    Catalog(CatalogMsg),
    Track(TrackMsg),
    Publish(PublishMsg),
    Preview(PreviewMsg),
    Stage(StageEvent),
    Timeline(TimelineEvent),
    Toolbar(ToolbarEvent),
    Key(KeyboardEvent),
    Seek(f64),
    Arm(Option<String>),
    PlaceCentre(String),
    Edit(Edit),
    EditError(String),
    Imported(Result<String, String>),
    Setting(Setting),
    Pick(Option<String>, Option<f64>),
    Save,
}

pub struct Studio {
    session: Session,
    video: VideoPane,
    catalog: Catalog,
    tracker: Tracker,
    publishing: Publishing,
    preview: PreviewPane,
    stage: StageState,
    timeline: TimelineState,
    fb: Feedback,
    findings: Vec<Finding>,
    layer: NodeRef,
    save_timer: Option<Timeout>,
    key_listener: Option<EventListener>,
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

impl Studio {
    /// After any change of the draft: lint, save (debounced), preview (debounced), look up
    /// products the catalog has not answered for.
    fn changed(&mut self, ctx: &yew::Context<Self>) {
        self.relint();
        let link = ctx.link().clone();
        self.save_timer = Some(Timeout::new(300, move || link.send_message(Msg::Save)));
        self.preview.refresh_after(400);
        let draft = self.session.draft();
        self.catalog
            .look_up(draft.products.iter().map(|p| p.id.as_str()));
    }

    fn relint(&mut self) {
        let catalog = &self.catalog;
        let stock = |id: &str| catalog.stock(id);
        let picture = match self.video.picture() {
            p if p.w > 0.0 => p,
            _ => Size { w: 16.0, h: 9.0 },
        };
        self.findings = lint(
            self.session.draft(),
            &Context {
                fps: self.video.fps,
                picture,
                catalog: &stock,
            },
        );
    }

    fn load_source(&mut self, src: String, id: String, file: Option<web_sys::File>) {
        self.tracker.reset();
        self.preview.clear();
        self.video.load(src, file);
        self.open_draft(&id);
    }

    /// The draft for `id`: the one saved in this browser, else the published one, else empty.
    fn open_draft(&mut self, id: &str) {
        self.publishing.reset();
        let (saved, base) = shelf::open(id);
        match saved {
            Some(Ok(d)) => {
                self.session = Session::open(d, base);
                self.fb.say(words::f("say.restored", &[("id", id)]));
                self.fb.dirty = true;
            }
            Some(Err(e)) => {
                // Kept in storage untouched; the brand hears why it was not loaded.
                self.fb.problems(
                    words::t("say.draft_unreadable"),
                    e.0.into_iter().map(|e| (e.path, e.message)).collect(),
                    None,
                );
                self.session = Session::open(Draft::new(id, self.video.duration), base);
                self.relint();
            }
            None => {
                self.session = Session::open(Draft::new(id, self.video.duration), base);
                self.relint();
                self.publishing.load(id);
            }
        }
    }

    fn seek(&mut self, t: f64) {
        self.video.seek(t, &self.preview.videos);
    }

    /// One step back (or forward again) in the history, announced.
    fn step(&mut self, forward: bool) {
        let r = if forward {
            self.session.redo()
        } else {
            self.session.undo()
        };
        match r {
            Ok(text) => {
                // An offer belongs to the run's result, which this step may have taken away.
                self.tracker.forget_offers();
                self.fb.say(text);
                self.fb.dirty = true;
            }
            Err(none) => self.fb.say(none.sentence()),
        }
    }

    fn video_msg(&mut self, msg: VideoMsg) {
        match self.video.update(msg) {
            Heard::Nothing => return,
            Heard::Measured => {}
            Heard::Duration(d) => {
                self.timeline.fit(d);
                self.session.learn_duration(d, &self.video.ctx());
            }
            Heard::Failed(e) => self.fb.say(e),
            Heard::FrameRate(f) => self
                .fb
                .say(words::f("say.frame_rate", &[("fps", &fps_text(f))])),
        }
        self.relint();
    }

    fn toolbar(&mut self, ctx: &yew::Context<Self>, e: ToolbarEvent) {
        match e {
            ToolbarEvent::Sample => self.load_source(SAMPLE.into(), SAMPLE_ID.into(), None),
            ToolbarEvent::Url(u) => {
                let u = u.trim().to_string();
                let origin = api::origin();
                match overlay::safe_href(&u, &origin) {
                    Some(href) => {
                        if !href.starts_with(&origin) && !href.starts_with('/') {
                            self.fb.say(words::t("say.other_site"));
                        }
                        let id = id_from_name(&href);
                        self.load_source(href, id, None);
                    }
                    None => {
                        let m = words::f("say.not_an_address", &[("url", &u)]);
                        self.video.refuse(m.clone());
                        self.fb.say(m);
                    }
                }
            }
            ToolbarEvent::File(f) => match web_sys::Url::create_object_url_with_blob(&f) {
                Ok(url) => {
                    let (id, name) = (id_from_name(&f.name()), f.name());
                    self.load_source(url, id, Some(f));
                    self.fb.say(words::f("say.opened_file", &[("name", &name)]));
                }
                Err(_) => self.video.refuse(words::t("say.file_unopened").into()),
            },
            ToolbarEvent::VideoId(id) => {
                let id = id.trim().to_string();
                if id.is_empty() || id.chars().count() > 64 {
                    self.fb.refuse(words::t("say.id_length").into());
                } else if id != self.session.draft().video.id {
                    shelf::save(&self.session);
                    if shelf::has(&id) {
                        // That video has a draft in this browser: open it (this one is saved).
                        self.open_draft(&id);
                    } else {
                        // A new id for the work on screen; say so if that video is published.
                        let r = self.session.rename(&id, &self.video.ctx());
                        self.fb.edited(r);
                        self.publishing.check(&id);
                    }
                }
            }
            ToolbarEvent::Fps(f) => {
                if self.video.set_fps(f) {
                    self.relint();
                }
            }
            ToolbarEvent::Undo => self.step(false),
            ToolbarEvent::Redo => self.step(true),
            ToolbarEvent::Import(f) => {
                ctx.link().send_future(async move {
                    let text = wasm_bindgen_futures::JsFuture::from(f.text())
                        .await
                        .ok()
                        .and_then(|t| t.as_string())
                        .ok_or_else(|| words::t("say.not_text").to_string());
                    Msg::Imported(text)
                });
            }
            ToolbarEvent::Export => self.export(),
            ToolbarEvent::Publish => self.publish(PublishMsg::Publish),
            ToolbarEvent::Reload => self.publish(PublishMsg::Reload),
        }
    }

    fn publish(&mut self, msg: PublishMsg) {
        let errors = self.findings.iter().any(|f| f.severity == Severity::Error);
        self.publishing
            .update(msg, &mut self.session, &self.video, errors, &mut self.fb);
    }

    fn imported(&mut self, r: Result<String, String>) {
        let parsed = r.map_err(|e| vec![(String::new(), e)]).and_then(|text| {
            Draft::import(&text).map_err(|e| e.0.into_iter().map(|e| (e.path, e.message)).collect())
        });
        match parsed {
            Ok((mut d, parsed)) => {
                // The file is for the video on screen: it keeps that video's id.
                let now = self.session.draft();
                d.video.id = now.video.id.clone();
                if d.video.duration.is_none() {
                    d.video.duration = now.video.duration;
                }
                let warnings = parsed.warnings.into_iter();
                self.fb.problems(
                    words::t("say.imported_warnings"),
                    warnings.map(|w| (w.path, w.message)).collect(),
                    Some(&d),
                );
                let r = self
                    .session
                    .edit(Edit::Replace(Box::new(d)), &self.video.ctx());
                self.fb.edited(r);
            }
            Err(problems) => {
                let title = words::n("say.not_imported", problems.len() as u64, &[]);
                self.fb.say(title.clone());
                self.fb.problems(title, problems, None);
            }
        }
    }

    fn export(&mut self) {
        let d = self.session.draft();
        let parts = js_sys::Array::of1(&JsValue::from_str(&d.to_json()));
        let opts = web_sys::BlobPropertyBag::new();
        opts.set_type("application/json");
        let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts) else {
            return;
        };
        let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
            return;
        };
        let name = format!("{}.manifest.json", d.video.id);
        let doc = web_sys::window().and_then(|w| w.document());
        if let Some(a) = doc
            .and_then(|d| d.create_element("a").ok())
            .and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok())
        {
            a.set_href(&url);
            a.set_download(&name);
            a.click();
        }
        let _ = web_sys::Url::revoke_object_url(&url);
        self.fb.say(words::f("say.exported", &[("name", &name)]));
    }

    fn key(&mut self, e: KeyboardEvent) -> bool {
        let target = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok());
        let tag_name = target.as_ref().map(|t| t.tag_name()).unwrap_or_default();
        let typing = matches!(tag_name.as_str(), "INPUT" | "TEXTAREA" | "SELECT");
        let key = e.key();
        let cmd = e.ctrl_key() || e.meta_key();
        if key == "Escape" {
            self.timeline.bar = None;
            if self.stage.cancel() {
                self.fb.say(words::t("say.cancelled"));
            }
            return true;
        }
        if typing {
            return false;
        }
        let redo = (cmd && key.eq_ignore_ascii_case("z") && e.shift_key()) || (cmd && key == "y");
        if redo || (cmd && key.eq_ignore_ascii_case("z")) {
            e.prevent_default();
            self.step(redo);
            return true;
        }
        match key.as_str() {
            "," | "." => {
                e.prevent_default();
                self.video.pause();
                let step = if key == "," { -1.0 } else { 1.0 };
                self.seek(self.video.time + step / self.video.fps);
                true
            }
            _ => false,
        }
    }

    fn parts(&mut self) -> Parts<'_> {
        Parts {
            session: &mut self.session,
            tracker: &mut self.tracker,
            catalog: &self.catalog,
            video: &self.video,
            fb: &mut self.fb,
        }
    }

    /// Routes `msg` to the room it is for; false when nothing on screen changed.
    fn route(&mut self, ctx: &yew::Context<Self>, msg: Msg) -> bool {
        match msg {
            Msg::Video(m) => self.video_msg(m),
            Msg::Catalog(m) => {
                if self.catalog.update(m) {
                    self.relint();
                }
            }
            Msg::Track(TrackMsg::Start(d)) => self.track(d, None),
            Msg::Track(TrackMsg::Progress(p)) => self.tracker.progressed(p),
            Msg::Track(TrackMsg::Finished(id, r)) => {
                let (session, video, fb) = (&mut self.session, &self.video, &mut self.fb);
                return self.tracker.finished(id, r, session, video, fb);
            }
            Msg::Track(TrackMsg::Cancel) => self.tracker.stop(),
            Msg::Track(TrackMsg::BoxFor(a)) => {
                self.tracker.answer(a, &mut self.session, &mut self.fb);
            }
            Msg::Track(TrackMsg::Continue(i)) => {
                let Some((tag, found)) = self.tracker.take_offer(i) else {
                    return false;
                };
                self.session.select(Some(tag));
                self.seek(found.frame as f64 / self.video.fps);
                self.track(found.direction, Some(found));
            }
            Msg::Publish(m) => self.publish(m),
            Msg::Preview(m) => {
                let (draft, catalog) = (self.session.draft(), &self.catalog);
                return self.preview.update(m, draft, catalog, &self.video);
            }
            Msg::Stage(e) => {
                let mut stage = std::mem::take(&mut self.stage);
                let redraw = stage.update(e, self.parts());
                self.stage = stage;
                return redraw;
            }
            Msg::Timeline(e) => self.timeline.update(
                e,
                &mut self.session,
                &mut self.tracker,
                &mut self.video,
                &self.preview.videos,
                &mut self.fb,
            ),
            Msg::Toolbar(e) => self.toolbar(ctx, e),
            Msg::Key(e) => return self.key(e),
            Msg::Seek(t) => self.seek(t),
            Msg::Arm(p) => self.stage.arm(p, &self.catalog, &mut self.fb),
            Msg::PlaceCentre(product) => {
                let mut stage = std::mem::take(&mut self.stage);
                stage.place(product, 0.5, 0.5, self.parts());
                stage.focus_selected = true;
                self.stage = stage;
            }
            Msg::Edit(e) => {
                let r = self.session.edit(e, &self.video.ctx());
                self.fb.edited(r);
            }
            Msg::EditError(e) => self.fb.refuse(e),
            Msg::Imported(r) => self.imported(r),
            Msg::Setting(s) => match s {
                Setting::BoxW(v) => self.tracker.box_size.0 = v.clamp(2.0, 100.0),
                Setting::BoxH(v) => self.tracker.box_size.1 = v.clamp(2.0, 100.0),
                Setting::Tolerance(v) => self.tracker.tolerance = v.clamp(0.0, 5.0),
                Setting::Draw(on) => {
                    self.tracker.ask = None;
                    self.stage.draw(on, &mut self.fb);
                }
            },
            Msg::Pick(tag, at) => {
                if tag.is_some() {
                    self.session.select(tag);
                }
                if let Some(t) = at {
                    self.seek(t);
                }
            }
            Msg::Save => {
                self.save_timer = None;
                shelf::save(&self.session);
                return false;
            }
        }
        true
    }

    fn track(&mut self, direction: Direction, from: Option<Found>) {
        let (session, video, fb) = (&self.session, &self.video, &mut self.fb);
        self.tracker.start(direction, from, session, video, fb);
    }
}

impl Component for Studio {
    type Message = Msg;
    type Properties = Props;

    fn create(ctx: &yew::Context<Self>) -> Self {
        let (link, props) = (ctx.link(), ctx.props());
        let mut s = Studio {
            session: Session::new(SAMPLE_ID, None),
            video: VideoPane::new(link.callback(Msg::Video)),
            catalog: Catalog::new(link.callback(Msg::Catalog)),
            tracker: Tracker::new(link.callback(Msg::Track), props.seek_only),
            publishing: Publishing::new(link.callback(Msg::Publish)),
            preview: PreviewPane::new(
                link.callback(Msg::Preview),
                props.mount.clone(),
                props.preview_bridge.clone(),
            ),
            stage: StageState::default(),
            timeline: TimelineState::default(),
            fb: Feedback::default(),
            findings: Vec::new(),
            layer: NodeRef::default(),
            save_timer: None,
            key_listener: None,
        };
        s.relint();
        s
    }

    fn rendered(&mut self, ctx: &yew::Context<Self>, first: bool) {
        if first {
            self.video.attach();
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
        let Some(root) = self
            .layer
            .cast::<HtmlElement>()
            .and_then(|l| l.closest(".st").ok().flatten())
        else {
            return;
        };
        crate::position::apply(&root);
        if std::mem::take(&mut self.stage.focus_selected) {
            if let Some(id) = self.session.selected() {
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

    fn update(&mut self, ctx: &yew::Context<Self>, msg: Msg) -> bool {
        let redraw = self.route(ctx, msg);
        if std::mem::take(&mut self.fb.dirty) {
            self.changed(ctx);
            return true;
        }
        redraw
    }

    fn view(&self, ctx: &yew::Context<Self>) -> Html {
        self.render(ctx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_video_id_from_a_file_or_address() {
        assert_eq!(id_from_name("My Haul (final).MP4"), "my-haul--final");
        assert_eq!(
            id_from_name("https://cdn.example/v/spring.webm?t=3#x"),
            "spring"
        );
        assert_eq!(id_from_name("...mp4"), "video");
        assert_eq!(id_from_name(&"a".repeat(100)).len(), 64);
    }
}
