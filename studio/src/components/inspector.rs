//! The selected tag, edited by typing: label, start and end as timecodes (or "at playhead"),
//! every keyframe's time, position and ease, copy and delete; and the tracker: box size,
//! simplification tolerance, track forward / backward / both ways, progress, cancel, and what
//! the last run did. Everything a drag does can be done here without a pointer.

use authoring::timecode::{format, parse};
use authoring::track::Direction;
use authoring::words;
use authoring::Edit;
use overlay::Ease;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::Field;

/// The selected tag as the inspector shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct TagView {
    pub id: String,
    pub name: String,
    pub label: String,
    pub start: f64,
    pub end: f64,
    pub keyframes: Vec<(f64, f64, f64, Ease)>,
}

/// The tracker's panel.
#[derive(Clone, Debug, PartialEq)]
pub struct TrackView {
    pub running: bool,
    pub done: u64,
    pub total: u64,
    pub summary: Option<String>,
    pub unavailable: Option<String>,
    /// Box size, % of the picture.
    pub box_w: f64,
    pub box_h: f64,
    /// % of the frame width.
    pub tolerance: f64,
    pub drawing: bool,
    /// Where the last run found the product again after losing it, each with its button's
    /// words: the brand may continue from there.
    pub offers: Vec<(usize, String)>,
}

/// Settings the inspector changes.
#[derive(Clone, Debug, PartialEq)]
pub enum Setting {
    BoxW(f64),
    BoxH(f64),
    Tolerance(f64),
    Draw(bool),
}

#[derive(Properties, PartialEq)]
pub struct Props {
    pub tag: Option<TagView>,
    pub fps: f64,
    pub time: f64,
    pub track: TrackView,
    pub error: Option<String>,
    pub onedit: Callback<Edit>,
    pub onseek: Callback<f64>,
    pub onerror: Callback<String>,
    pub ontrack: Callback<Direction>,
    pub oncancel: Callback<()>,
    /// Continue tracking from where the last run found the product again (which find).
    pub oncontinue: Callback<usize>,
    pub onsetting: Callback<Setting>,
}

fn number(v: &str) -> Option<f64> {
    v.trim().parse::<f64>().ok().filter(|n| n.is_finite())
}

#[function_component(Inspector)]
pub fn inspector(p: &Props) -> Html {
    let Some(t) = &p.tag else {
        return html! {
            <section class="st-inspector" aria-labelledby="st-inspector-title">
                <h2 id="st-inspector-title">{ words::t("tabs.tag") }</h2>
                <p class="st-hint">{ words::t("tag.select_help") }</p>
            </section>
        };
    };
    let fps = p.fps;
    let id = t.id.clone();
    let retime = |which: u8| {
        let (cb, err, id, start, end) = (
            p.onedit.clone(),
            p.onerror.clone(),
            id.clone(),
            t.start,
            t.end,
        );
        Callback::from(move |text: String| match parse(&text, fps) {
            Ok(v) => cb.emit(Edit::Retime {
                tag: id.clone(),
                start: if which == 0 { v } else { start },
                end: if which == 1 { v } else { end },
            }),
            Err(e) => err.emit(e.to_string()),
        })
    };
    let at_playhead = |which: u8| {
        let (cb, id, start, end, now) = (p.onedit.clone(), id.clone(), t.start, t.end, p.time);
        Callback::from(move |_| {
            cb.emit(Edit::Retime {
                tag: id.clone(),
                start: if which == 0 { now } else { start },
                end: if which == 1 { now + 1.0 / fps } else { end },
            })
        })
    };
    let onlabel = {
        let (cb, id) = (p.onedit.clone(), id.clone());
        Callback::from(move |v: String| {
            cb.emit(Edit::SetLabel {
                tag: id.clone(),
                label: Some(v),
            })
        })
    };
    let simple = |edit: Edit| {
        let cb = p.onedit.clone();
        Callback::from(move |_| cb.emit(edit.clone()))
    };
    let keys = t.keyframes.iter().enumerate().map(|(i, &(kt, kx, ky, ease))| {
        let set = |which: u8| {
            let (cb, err, id) = (p.onedit.clone(), p.onerror.clone(), id.clone());
            Callback::from(move |text: String| {
                let (mut nt, mut nx, mut ny) = (kt, kx, ky);
                match which {
                    0 => match parse(&text, fps) {
                        Ok(v) => nt = v,
                        Err(e) => return err.emit(e.to_string()),
                    },
                    1 => match number(&text) {
                        Some(v) => nx = v / 100.0,
                        None => return err.emit(words::t("tag.x_number").into()),
                    },
                    _ => match number(&text) {
                        Some(v) => ny = v / 100.0,
                        None => return err.emit(words::t("tag.y_number").into()),
                    },
                }
                cb.emit(Edit::SetKeyframe {
                    tag: id.clone(),
                    index: i,
                    t: nt,
                    x: nx,
                    y: ny,
                })
            })
        };
        let onease = {
            let (cb, id) = (p.onedit.clone(), id.clone());
            Callback::from(move |e: Event| {
                let v = e.target_unchecked_into::<HtmlSelectElement>().value();
                cb.emit(Edit::SetEase {
                    tag: id.clone(),
                    index: i,
                    ease: Ease::from_name(&v).unwrap_or_default(),
                })
            })
        };
        let goto = {
            let cb = p.onseek.clone();
            Callback::from(move |_| cb.emit(kt))
        };
        let n = (i + 1).to_string();
        let key_words = |key: &'static str| words::f(key, &[("n", &n)]);
        html! {
            <tr key={format!("{i}-{kt}")}>
                <td><Field class="st-tc" label={key_words("tag.key_time")} value={format(kt, fps)} onchange={set(0)} /></td>
                <td><Field class="st-num" kind="number" step="0.1" label={key_words("tag.key_x")}
                           value={format!("{:.1}", kx * 100.0)} onchange={set(1)} /></td>
                <td><Field class="st-num" kind="number" step="0.1" label={key_words("tag.key_y")}
                           value={format!("{:.1}", ky * 100.0)} onchange={set(2)} /></td>
                <td>
                    <select aria-label={key_words("tag.key_ease")} onchange={onease}>
                        <option value="linear" selected={ease == Ease::Linear}>{ words::t("tag.ease_linear") }</option>
                        <option value="ease-in-out" selected={ease == Ease::EaseInOut}>{ words::t("tag.ease_smooth") }</option>
                    </select>
                </td>
                <td>
                    <button type="button" class="st-btn" onclick={goto} aria-label={key_words("tag.key_go")}>{ words::t("tag.go") }</button>
                    <button type="button" class="st-btn st-btn--icon" aria-label={key_words("tag.key_delete")}
                            title={key_words("tag.key_delete")}
                            onclick={simple(Edit::DeleteKeyframe { tag: id.clone(), index: i })}>{ "✕" }</button>
                </td>
            </tr>
        }
    });
    let tr = &p.track;
    let track = |d: Direction| {
        let cb = p.ontrack.clone();
        Callback::from(move |_| cb.emit(d))
    };
    let setting = |f: fn(f64) -> Setting| {
        let cb = p.onsetting.clone();
        Callback::from(move |text: String| {
            if let Some(v) = number(&text) {
                cb.emit(f(v))
            }
        })
    };
    let draw = {
        let (cb, on) = (p.onsetting.clone(), tr.drawing);
        Callback::from(move |_| cb.emit(Setting::Draw(!on)))
    };
    let cancel = {
        let cb = p.oncancel.clone();
        Callback::from(move |_| cb.emit(()))
    };
    let resume = |i: usize| {
        let cb = p.oncontinue.clone();
        Callback::from(move |_| cb.emit(i))
    };

    html! {
        <section class="st-inspector" aria-labelledby="st-inspector-title">
            <h2 id="st-inspector-title"><bdi>{ t.name.clone() }</bdi></h2>
            <p class="st-id">{ words::f("tag.id", &[("id", &t.id)]) }</p>
            <label class="st-field">
                <span>{ words::t("tag.label") }</span>
                <Field value={t.label.clone()} maxlength="200" onchange={onlabel} />
            </label>
            <div class="st-times">
                <label class="st-field">
                    <span>{ words::t("tag.start") }</span>
                    <Field class="st-tc" value={format(t.start, fps)} onchange={retime(0)} />
                </label>
                <button type="button" class="st-btn" onclick={at_playhead(0)}>{ words::t("tag.start_here") }</button>
                <label class="st-field">
                    <span>{ words::t("tag.end") }</span>
                    <Field class="st-tc" value={format(t.end, fps)} onchange={retime(1)} />
                </label>
                <button type="button" class="st-btn" onclick={at_playhead(1)}>{ words::t("tag.end_here") }</button>
            </div>
            if let Some(e) = &p.error {
                <p class="st-error" role="alert">{ e.clone() }</p>
            }
            <table class="st-keys">
                <caption>{ words::f("tag.keyframes", &[("n", &t.keyframes.len().to_string())]) }</caption>
                <thead><tr><th>{ words::t("tag.time") }</th><th>{ words::t("tag.x") }</th><th>{ words::t("tag.y") }</th><th>{ words::t("tag.ease") }</th><th></th></tr></thead>
                <tbody>{ for keys }</tbody>
            </table>
            <p class="st-hint">{ words::t("tag.keyframe_help") }</p>
            <div class="st-actions">
                <button type="button" class="st-btn" onclick={simple(Edit::Duplicate { tag: id.clone() })}>{ words::t("tag.copy") }</button>
                <button type="button" class="st-btn st-btn--danger" onclick={simple(Edit::Delete { tag: id.clone() })}>{ words::t("tag.delete") }</button>
            </div>
            <fieldset class="st-track">
                <legend>{ words::t("track.title") }</legend>
                if let Some(u) = &tr.unavailable {
                    <p class="st-error">{ u.clone() }</p>
                } else {
                    <p class="st-hint">{ words::t("track.help") }</p>
                    <div class="st-times">
                        <label class="st-field"><span>{ words::t("track.box_w") }</span>
                            <Field class="st-num" kind="number" min="2" max="100" step="1" value={format!("{:.0}", tr.box_w)} onchange={setting(Setting::BoxW)} /></label>
                        <label class="st-field"><span>{ words::t("track.box_h") }</span>
                            <Field class="st-num" kind="number" min="2" max="100" step="1" value={format!("{:.0}", tr.box_h)} onchange={setting(Setting::BoxH)} /></label>
                        <label class="st-field"><span>{ words::t("track.closeness") }</span>
                            <Field class="st-num" kind="number" min="0" max="5" step="0.1" value={format!("{:.1}", tr.tolerance)} onchange={setting(Setting::Tolerance)}
                                describedby="st-tolerance-help" /></label>
                    </div>
                    <p id="st-tolerance-help" class="st-hint">
                        { words::t("track.closeness_help") }
                    </p>
                    <div class="st-actions">
                        <button type="button" class="st-btn" aria-pressed={tr.drawing.to_string()} onclick={draw}>{ if tr.drawing { words::t("track.drawing") } else { words::t("track.draw") } }</button>
                        <button type="button" class="st-btn" disabled={tr.running} onclick={track(Direction::Forward)}>{ words::t("track.forward") }</button>
                        <button type="button" class="st-btn" disabled={tr.running} onclick={track(Direction::Backward)}>{ words::t("track.backward") }</button>
                        <button type="button" class="st-btn" disabled={tr.running} onclick={track(Direction::Both)}>{ words::t("track.both") }</button>
                    </div>
                }
                if tr.running {
                    <div class="st-progress">
                        <progress max={tr.total.max(1).to_string()} value={tr.done.to_string()} aria-label={words::t("track.progress")}></progress>
                        <span>{ words::n("track.done", tr.total, &[("done", &tr.done.to_string())]) }</span>
                        <button type="button" class="st-btn" onclick={cancel}>{ words::t("cancel") }</button>
                    </div>
                }
                if let Some(s) = &tr.summary {
                    <p class="st-summary" role="status">{ s.clone() }</p>
                }
                if !tr.running && !tr.offers.is_empty() {
                    <div class="st-actions">
                        { for tr.offers.iter().map(|(i, offer)| html! {
                            <button type="button" class="st-btn" onclick={resume(*i)}>{ offer.clone() }</button>
                        }) }
                    </div>
                }
            </fieldset>
        </section>
    }
}
