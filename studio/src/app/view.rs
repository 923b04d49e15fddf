//! What the studio shows: the toolbar, the picker, the stage with its markers and tracking box,
//! the transport, the timeline's rows, the inspector, the problems and the preview, each given
//! the state of the room it shows; and the small conversions for them (frame rates, confidence
//! runs).

use authoring::timecode::format;
use authoring::words;
use overlay::geometry::to_px;
use overlay::Rect;
use yew::prelude::*;

use super::catalog::CatalogMsg;
use super::preview_pane::{PreviewMsg, PreviewPane};
use super::track::TrackMsg;
use super::{video, Msg, Studio};
use crate::components::inspector::TagView;
use crate::components::stage::Marker;
use crate::components::timeline::Row;
use crate::components::{
    Field, Inspector, Picker, PreviewMatrix, Problems, Share, SideTabs, Stage, Timeline, Toolbar,
};
use crate::drag::Drag;

impl Studio {
    /// The studio on screen: every room's state handed to the components that show it.
    pub(super) fn render(&self, ctx: &yew::Context<Self>) -> Html {
        let link = ctx.link();
        let (draft, selected) = (self.session.draft(), self.session.selected());
        let pic = self.video.picture_rect();
        let (t, fps) = (self.video.time, self.video.fps);
        let name = |g: &authoring::Tag| {
            g.label
                .clone()
                .unwrap_or_else(|| draft.product_name(&g.product))
        };
        let markers: Vec<Marker> = draft
            .tags
            .iter()
            .filter(|g| g.shows_at(t))
            .map(|g| {
                let (x, y) = self
                    .stage
                    .drag
                    .as_ref()
                    .and_then(|d| d.dragged(&g.id))
                    .unwrap_or_else(|| g.position_at(t));
                let p = to_px(pic, x, y);
                Marker {
                    id: g.id.clone(),
                    name: name(g),
                    x: p.x,
                    y: p.y,
                    selected: selected == Some(g.id.as_str()),
                }
            })
            .collect();
        let selected_tag = selected.and_then(|id| draft.tag(id));
        let boxed = self
            .stage
            .drag
            .as_ref()
            .and_then(Drag::drawn)
            .or_else(|| {
                selected_tag
                    .and_then(|g| self.tracker.box_for(g, t, self.stage.drawing))
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
        let rows: Vec<Row> = draft
            .tags
            .iter()
            .map(|g| {
                let (start, end) = match &self.timeline.bar {
                    Some((id, s, e)) if id == &g.id => (*s, *e),
                    _ => (g.start, g.end),
                };
                Row {
                    id: g.id.clone(),
                    name: name(g),
                    start,
                    end,
                    selected: selected == Some(g.id.as_str()),
                    keyframes: g.keyframes.iter().map(|k| k.t).collect(),
                    confidence: runs(&g.confidence, fps),
                }
            })
            .collect();
        let tag = selected_tag.map(|g| TagView {
            id: g.id.clone(),
            name: draft.product_name(&g.product),
            label: g.label.clone().unwrap_or_default(),
            start: g.start,
            end: g.end,
            keyframes: g
                .keyframes
                .iter()
                .map(|k| (k.t, k.x, k.y, k.ease))
                .collect(),
        });
        let track = self.tracker.view(selected, fps, self.stage.drawing);
        // A box drawn around another tag than the selected one: asked right under the picture.
        let ask = self.tracker.asking().and_then(|id| draft.tag(id)).map(|other| {
            let answer = |a: Option<bool>| link.callback(move |_: MouseEvent| Msg::Track(TrackMsg::BoxFor(a)));
            let (other, mine) = (name(other), selected_tag.map(name).unwrap_or_default());
            html! {
                <div class="st-ask" role="group" aria-labelledby="st-ask-q">
                    <p id="st-ask-q">{ words::f("ask.question", &[("other", &other)]) }</p>
                    <div class="st-actions">
                        <button type="button" class="st-btn" onclick={answer(Some(true))}>{ words::f("ask.track_other", &[("other", &other)]) }</button>
                        <button type="button" class="st-btn" onclick={answer(Some(false))}>{ words::f("ask.move_mine", &[("mine", &mine)]) }</button>
                        <button type="button" class="st-btn" onclick={answer(None)}>{ words::t("cancel") }</button>
                    </div>
                </div>
            }
        });
        let has_deals = PreviewPane::has_deals(draft, &self.catalog);
        let frame_btn = |n: f64| link.callback(move |_: MouseEvent| Msg::Seek(t + n / fps));
        let toggle_play = {
            let v = self.video.node.clone();
            Callback::from(move |_: MouseEvent| {
                if let Some(v) = v.cast::<web_sys::HtmlVideoElement>() {
                    video::toggle(&v);
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
        let (fb, publishing, preview) = (&self.fb, &self.publishing, &self.preview);
        // Once published: where viewers see it, and the code for the brand's own page (read
        // only then: the studio renders every frame while the video plays).
        let share = self.session.base().is_some().then(|| {
            let origin = web_sys::window()
                .and_then(|w| w.location().origin().ok())
                .unwrap_or_default();
            let video_src = self.video.src().filter(|s| !s.starts_with("blob:")).map(|s| {
                if s.contains("://") {
                    s.to_string()
                } else {
                    format!("{origin}/{}", s.trim_start_matches('/'))
                }
            });
            html! { <Share video_id={draft.video.id.clone()} origin={origin} video_src={video_src} /> }
        });
        html! {
            <div class="st">
                <Toolbar video_id={draft.video.id.clone()} fps={fps_text(fps)}
                    undo={self.session.next_undo().map(str::to_string)}
                    redo={self.session.next_redo().map(str::to_string)}
                    base={self.session.base()} publishing={publishing.busy}
                    status={publishing.status.clone()} conflict={publishing.conflict}
                    onevent={link.callback(Msg::Toolbar)} />
                { for share }
                <main class="st-main">
                    <Picker query={self.catalog.query.clone()} results={self.catalog.results.clone()}
                        error={self.catalog.error.clone()} armed={self.stage.armed.clone()}
                        onsearch={link.callback(|q| Msg::Catalog(CatalogMsg::Search(q)))}
                        onarm={link.callback(Msg::Arm)}
                        onplace={link.callback(Msg::PlaceCentre)} />
                    <section class="st-center" aria-label={words::t("view.video")}>
                        <Stage video={self.video.node.clone()} layer={self.layer.clone()} markers={markers}
                            picture={pic} boxed={boxed} mode={self.stage.mode()}
                            error={self.video.error.clone()}
                            onevent={link.callback(Msg::Stage)} />
                        { for ask }
                        <div class="st-transport" dir="ltr">
                            <button type="button" class="st-btn" onclick={toggle_play}>
                                { if self.video.playing { words::t("view.pause") } else { words::t("view.play") } }
                            </button>
                            <button type="button" class="st-btn" onclick={frame_btn(-1.0)}
                                    aria-label={words::t("view.prev_frame")}>{ words::t("view.prev_frame_short") }</button>
                            <button type="button" class="st-btn" onclick={frame_btn(1.0)}
                                    aria-label={words::t("view.next_frame")}>{ words::t("view.next_frame_short") }</button>
                            <label class="st-field st-field--inline">
                                <span>{ words::t("view.go_to") }</span>
                                <Field class="st-tc" value={format(t, fps)} onchange={ontc}
                                       describedby="st-keys-help" />
                            </label>
                            <p id="st-keys-help" class="st-hint">
                                { words::t("view.keys") }
                            </p>
                        </div>
                        <Timeline duration={self.video.duration.unwrap_or(1.0)} view={self.timeline.view}
                            time={t} fps={fps} rows={rows} onevent={link.callback(Msg::Timeline)} />
                    </section>
                    <aside class="st-side">
                        <SideTabs preview={preview.open} onchoose={
                            let open = preview.open;
                            link.batch_callback(move |want: bool| (want != open).then_some(Msg::Preview(PreviewMsg::Toggle)))
                        } />
                        <div id="st-panel-tag" role="tabpanel" aria-labelledby="st-tab-tag" class="st-panel" hidden={preview.open}>
                        <Inspector tag={tag} fps={fps} time={t} track={track}
                            error={fb.edit_error.clone()}
                            onedit={link.callback(Msg::Edit)} onseek={link.callback(Msg::Seek)}
                            onerror={link.callback(Msg::EditError)}
                            ontrack={link.callback(|d| Msg::Track(TrackMsg::Start(d)))}
                            oncancel={link.callback(|_| Msg::Track(TrackMsg::Cancel))}
                            oncontinue={link.callback(|i| Msg::Track(TrackMsg::Continue(i)))}
                            onsetting={link.callback(Msg::Setting)} />
                        <Problems findings={self.findings.clone()} refused={fb.refused.clone()}
                            refused_title={fb.refused_title.clone()}
                            onpick={link.callback(|(t, a)| Msg::Pick(t, a))} />
                        </div>
                        <div id="st-panel-preview" role="tabpanel" aria-labelledby="st-tab-preview" class="st-panel" hidden={!preview.open}>
                            <PreviewMatrix open={preview.open} videos={preview.videos.clone()}
                                deal={preview.deal} has_deals={has_deals} error={preview.error.clone()}
                                ondeal={link.callback(|d| Msg::Preview(PreviewMsg::Deal(d)))}
                                onplay={link.callback(|_| Msg::Preview(PreviewMsg::Play))} />
                        </div>
                    </aside>
                </main>
                <div class="visually-hidden" role="status" aria-live="polite">{ fb.announce.clone() }</div>
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
pub(super) fn runs(trace: &[(f64, f32)], fps: f64) -> Vec<(f64, f64, &'static str)> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frame_rates_for_people() {
        assert_eq!(fps_text(30.0), "30");
        assert_eq!(fps_text(30000.0 / 1001.0), "29.97");
        assert_eq!(fps_text(24000.0 / 1001.0), "23.976");
    }

    #[test]
    fn confidence_runs_join_neighbouring_frames_of_one_level() {
        let fps = 10.0;
        let trace = [(0.0, 0.9), (0.1, 0.8), (0.2, 0.3), (0.5, 0.3), (0.6, 0.0)];
        let r = runs(&trace, fps);
        let levels: Vec<&str> = r.iter().map(|x| x.2).collect();
        assert_eq!(levels, ["high", "mid", "mid", "low"]);
        assert!((r[0].1 - 0.2).abs() < 1e-9);
    }
}
