//! The timeline: a zoomable time ruler that is also the playhead (`role="slider"`, the timecode
//! in `aria-valuetext`; arrows step a frame, Shift a second, Home/End, Page keys five seconds),
//! and one row per tag: a bar from start to end that drags to move and trims from its ends,
//! keyframe ticks, and the last tracking run's confidence under it. Keyboard: a focused bar
//! moves a frame with the arrows (Shift: a second); trimming by typing is in the inspector.

use authoring::words;
use std::cell::RefCell;
use std::rc::Rc;

use authoring::timecode::format;
use web_sys::{HtmlElement, KeyboardEvent, PointerEvent};
use yew::prelude::*;

/// Which part of a bar is dragged.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BarPart {
    Body,
    Start,
    End,
}

/// One tag's row.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub id: String,
    pub name: String,
    pub start: f64,
    pub end: f64,
    pub selected: bool,
    pub keyframes: Vec<f64>,
    /// Confidence runs: (from, to, "high" | "mid" | "low").
    pub confidence: Vec<(f64, f64, &'static str)>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum TimelineEvent {
    Seek(f64),
    Select(String),
    /// A bar being dragged by `dt` seconds (preview) …
    Drag {
        tag: String,
        part: BarPart,
        dt: f64,
    },
    /// … and let go.
    Drop {
        tag: String,
        part: BarPart,
        dt: f64,
    },
    Shift {
        tag: String,
        by: f64,
    },
    Zoom(f64),
    Fit,
}

#[derive(Properties, PartialEq)]
pub struct Props {
    pub duration: f64,
    pub view: (f64, f64),
    pub time: f64,
    pub fps: f64,
    pub rows: Vec<Row>,
    pub onevent: Callback<TimelineEvent>,
}

fn pct(t: f64, view: (f64, f64)) -> f64 {
    let span = (view.1 - view.0).max(1e-6);
    ((t - view.0) / span * 100.0).clamp(-1.0, 101.0)
}

/// Seconds between ruler ticks for a window of `span` seconds on a ruler `width` px wide:
/// labels at least 56 px apart.
fn tick_step(span: f64, width: f64) -> f64 {
    let most = (width / 56.0).clamp(2.0, 16.0);
    [0.5, 1.0, 2.0, 5.0, 10.0, 30.0, 60.0]
        .into_iter()
        .find(|s| span / s <= most)
        .unwrap_or(120.0)
}

struct Grab {
    tag: String,
    part: BarPart,
    x0: i32,
    secs_per_px: f64,
    moved: bool,
}

#[function_component(Timeline)]
pub fn timeline(p: &Props) -> Html {
    let tracks = use_node_ref();
    let grab: Rc<RefCell<Option<Grab>>> = use_mut_ref(|| None);
    let view = p.view;
    let secs_per_px = {
        let tracks = tracks.clone();
        move || {
            let w = tracks
                .cast::<HtmlElement>()
                .map_or(1.0, |e| e.get_bounding_client_rect().width().max(1.0));
            (view.1 - view.0) / w
        }
    };
    let time_at = {
        let tracks = tracks.clone();
        move |cx: i32| {
            let Some(el) = tracks.cast::<HtmlElement>() else {
                return view.0;
            };
            let r = el.get_bounding_client_rect();
            let u = ((cx as f64 - r.left()) / r.width().max(1.0)).clamp(0.0, 1.0);
            view.0 + u * (view.1 - view.0)
        }
    };
    let scrub = |down: bool| {
        let (cb, time_at) = (p.onevent.clone(), time_at.clone());
        Callback::from(move |e: PointerEvent| {
            if down {
                if e.button() != 0 {
                    return;
                }
                if let Some(el) = e.target_dyn_into::<HtmlElement>() {
                    let _ = el.set_pointer_capture(e.pointer_id());
                }
            } else if e.buttons() & 1 == 0 {
                return;
            }
            cb.emit(TimelineEvent::Seek(time_at(e.client_x())));
        })
    };
    let onkeydown = {
        let (cb, t, fps, dur) = (p.onevent.clone(), p.time, p.fps, p.duration);
        Callback::from(move |e: KeyboardEvent| {
            let frame = 1.0 / fps;
            let big = if e.shift_key() { 1.0 } else { frame };
            let to = match e.key().as_str() {
                "ArrowLeft" | "ArrowDown" => t - big,
                "ArrowRight" | "ArrowUp" => t + big,
                "PageDown" => t - 5.0,
                "PageUp" => t + 5.0,
                "Home" => 0.0,
                "End" => dur - frame,
                _ => return,
            };
            e.prevent_default();
            cb.emit(TimelineEvent::Seek(to.clamp(0.0, (dur - frame).max(0.0))));
        })
    };
    let width = tracks
        .cast::<HtmlElement>()
        .map_or(800.0, |e| e.client_width() as f64);
    let step = tick_step(view.1 - view.0, width);
    let first = (view.0 / step).ceil() as i64;
    let last = (view.1 / step).floor() as i64;
    let ticks = (first..=last).map(|i| {
        let t = i as f64 * step;
        html! {
            <span class="st-tick" data-left={pct(t, view).to_string()} aria-hidden="true">
                { format(t, p.fps).split('.').next().unwrap_or("").to_string() }
            </span>
        }
    });
    let rows = p.rows.iter().map(|r| {
        let select = {
            let (cb, id) = (p.onevent.clone(), r.id.clone());
            Callback::from(move |_| cb.emit(TimelineEvent::Select(id.clone())))
        };
        let down = |part: BarPart| {
            let (grab, id, spp) = (grab.clone(), r.id.clone(), secs_per_px.clone());
            Callback::from(move |e: PointerEvent| {
                if e.button() != 0 {
                    return;
                }
                e.stop_propagation();
                if let Some(el) = e.target_dyn_into::<HtmlElement>() {
                    let _ = el.set_pointer_capture(e.pointer_id());
                }
                *grab.borrow_mut() = Some(Grab {
                    tag: id.clone(),
                    part,
                    x0: e.client_x(),
                    secs_per_px: spp(),
                    moved: false,
                });
            })
        };
        let drag = |up: bool| {
            let (grab, cb) = (grab.clone(), p.onevent.clone());
            Callback::from(move |e: PointerEvent| {
                let mut g = grab.borrow_mut();
                let Some(gr) = g.as_mut() else { return };
                let dx = e.client_x() - gr.x0;
                if dx.abs() > 2 {
                    gr.moved = true;
                }
                let dt = dx as f64 * gr.secs_per_px;
                if up {
                    let (tag, part, moved) = (gr.tag.clone(), gr.part, gr.moved);
                    *g = None;
                    drop(g);
                    if moved {
                        cb.emit(TimelineEvent::Drop { tag, part, dt });
                    } else {
                        cb.emit(TimelineEvent::Select(tag));
                    }
                } else if gr.moved {
                    let ev = TimelineEvent::Drag {
                        tag: gr.tag.clone(),
                        part: gr.part,
                        dt,
                    };
                    drop(g);
                    cb.emit(ev);
                }
            })
        };
        let onkeydown = {
            let (cb, id, fps) = (p.onevent.clone(), r.id.clone(), p.fps);
            Callback::from(move |e: KeyboardEvent| {
                let by = if e.shift_key() { 1.0 } else { 1.0 / fps };
                let by = match e.key().as_str() {
                    "ArrowLeft" => -by,
                    "ArrowRight" => by,
                    _ => return,
                };
                e.prevent_default();
                cb.emit(TimelineEvent::Shift { tag: id.clone(), by });
            })
        };
        let left = pct(r.start, view);
        let width = pct(r.end, view) - left;
        let conf = r.confidence.iter().map(|(a, b, level)| {
            let l = pct(*a, view);
            html! {
                <span class={classes!("st-conf", format!("st-conf--{level}"))}
                      data-left={l.to_string()} data-width={(pct(*b, view) - l).max(0.2).to_string()}
                      title={words::t(match *level {
                          "high" => "timeline.confidence_high",
                          "mid" => "timeline.confidence_mid",
                          _ => "timeline.confidence_low",
                      })}></span>
            }
        });
        let keys = r.keyframes.iter().map(|k| {
            html! { <span class="st-key" aria-hidden="true" data-left={pct(*k, view).to_string()}></span> }
        });
        let label = words::f(
            "timeline.bar",
            &[
                ("tag", &r.name),
                ("start", &format(r.start, p.fps)),
                ("end", &format(r.end, p.fps)),
            ],
        );
        html! {
            <li class={classes!("st-row", r.selected.then_some("st-row--selected"))} key={r.id.clone()}>
                <button type="button" class="st-row-name" onclick={select} aria-pressed={r.selected.to_string()}>
                    <bdi>{ r.name.clone() }</bdi>
                </button>
                <div class="st-row-track">
                    <button type="button" class="st-bar" data-tag={r.id.clone()}
                            data-left={left.to_string()} data-width={width.max(0.3).to_string()}
                            aria-label={label}
                            onpointerdown={down(BarPart::Body)} onpointermove={drag(false)}
                            onpointerup={drag(true)} {onkeydown}>
                        <span class="st-handle st-handle--start" aria-hidden="true"
                              onpointerdown={down(BarPart::Start)} onpointermove={drag(false)}
                              onpointerup={drag(true)}></span>
                        <span class="st-handle st-handle--end" aria-hidden="true"
                              onpointerdown={down(BarPart::End)} onpointermove={drag(false)}
                              onpointerup={drag(true)}></span>
                    </button>
                    { for keys }
                    { for conf }
                </div>
            </li>
        }
    });
    let zoom = |f: f64| {
        let cb = p.onevent.clone();
        Callback::from(move |_| cb.emit(TimelineEvent::Zoom(f)))
    };
    let fit = {
        let cb = p.onevent.clone();
        Callback::from(move |_| cb.emit(TimelineEvent::Fit))
    };
    let now = format(p.time, p.fps);
    html! {
        <section class="st-timeline" aria-labelledby="st-timeline-title" dir="ltr">
            <div class="st-timeline-head">
                <h2 id="st-timeline-title">{ words::t("timeline.title") }</h2>
                <button type="button" class="st-btn" onclick={zoom(0.5)}>{ words::t("timeline.zoom_in") }</button>
                <button type="button" class="st-btn" onclick={zoom(2.0)}>{ words::t("timeline.zoom_out") }</button>
                <button type="button" class="st-btn" onclick={fit}>{ words::t("timeline.fit") }</button>
            </div>
            <div class="st-ruler-row">
                <span class="st-row-name st-now" aria-hidden="true">{ now.clone() }</span>
                <div ref={tracks.clone()} class="st-ruler" role="slider" tabindex="0"
                     aria-label={words::t("timeline.playhead")} aria-valuemin="0" aria-valuemax={p.duration.to_string()}
                     aria-valuenow={p.time.to_string()} aria-valuetext={now}
                     onpointerdown={scrub(true)} onpointermove={scrub(false)} {onkeydown}>
                    { for ticks }
                    <span class="st-playhead" aria-hidden="true" data-left={pct(p.time, view).to_string()}></span>
                </div>
            </div>
            if p.rows.is_empty() {
                <p class="st-hint">{ words::t("timeline.empty") }</p>
            }
            <ul class="st-rows">{ for rows }</ul>
        </section>
    }
}
