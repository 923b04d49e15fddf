//! The top bar: which video (the sample, a same-origin URL, or a local file that never leaves
//! the computer), its id and frame rate, undo and redo with what they would undo, import and
//! export of the manifest file, and publishing to the commerce API.

use authoring::words;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::Field;

#[derive(Clone, Debug, PartialEq)]
pub enum ToolbarEvent {
    Sample,
    Url(String),
    File(web_sys::File),
    VideoId(String),
    Fps(f64),
    Undo,
    Redo,
    Import(web_sys::File),
    Export,
    Publish,
    Reload,
}

#[derive(Properties, PartialEq)]
pub struct Props {
    pub video_id: String,
    /// The frame rate as shown (`29.97`).
    pub fps: String,
    pub undo: Option<String>,
    pub redo: Option<String>,
    pub base: Option<i64>,
    pub publishing: bool,
    pub status: Option<String>,
    pub conflict: bool,
    pub onevent: Callback<ToolbarEvent>,
}

#[function_component(Toolbar)]
pub fn toolbar(p: &Props) -> Html {
    let url = use_node_ref();
    let emit = |e: ToolbarEvent| {
        let cb = p.onevent.clone();
        Callback::from(move |_| cb.emit(e.clone()))
    };
    let load_url = {
        let (cb, url) = (p.onevent.clone(), url.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if let Some(i) = url.cast::<HtmlInputElement>() {
                cb.emit(ToolbarEvent::Url(i.value()));
            }
        })
    };
    let file = |import: bool| {
        let cb = p.onevent.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Some(f) = input.files().and_then(|l| l.get(0)) {
                cb.emit(if import {
                    ToolbarEvent::Import(f)
                } else {
                    ToolbarEvent::File(f)
                });
            }
            input.set_value("");
        })
    };
    let onid = {
        let cb = p.onevent.clone();
        Callback::from(move |v: String| cb.emit(ToolbarEvent::VideoId(v)))
    };
    let onfps = {
        let cb = p.onevent.clone();
        Callback::from(move |v: String| {
            if let Ok(v) = v.trim().parse::<f64>() {
                cb.emit(ToolbarEvent::Fps(v))
            }
        })
    };
    let version = match p.base {
        Some(v) => words::f("top.editing_version", &[("version", &v.to_string())]),
        None => words::t("top.unpublished").to_string(),
    };
    html! {
        <header class="st-top">
            <h1>{ words::t("top.studio") }</h1>
            <div class="st-source">
                <button type="button" class="st-btn" onclick={emit(ToolbarEvent::Sample)}>{ words::t("top.sample") }</button>
                <form class="st-url" onsubmit={load_url}>
                    <label class="st-field st-field--inline">
                        <span>{ words::t("top.url") }</span>
                        <input ref={url} type="text" inputmode="url" placeholder="/media/clip.mp4" />
                    </label>
                    <button type="submit" class="st-btn">{ words::t("top.load") }</button>
                </form>
                <label class="st-btn st-file">
                    { words::t("top.open_file") }
                    <input type="file" accept="video/*" class="visually-hidden" onchange={file(false)} />
                </label>
            </div>
            <div class="st-doc">
                <label class="st-field st-field--inline">
                    <span>{ words::t("top.video_id") }</span>
                    <Field value={p.video_id.clone()} maxlength="64" onchange={onid} />
                </label>
                <label class="st-field st-field--inline">
                    <span>{ words::t("top.fps") }</span>
                    <Field class="st-num" kind="number" min="1" max="240" step="0.001" value={p.fps.clone()} onchange={onfps} />
                </label>
                <button type="button" class="st-btn" disabled={p.undo.is_none()} onclick={emit(ToolbarEvent::Undo)}
                        title={p.undo.clone().map(|u| words::f("top.undo_what", &[("step", &u)])).unwrap_or_default()}>{ words::t("top.undo") }</button>
                <button type="button" class="st-btn" disabled={p.redo.is_none()} onclick={emit(ToolbarEvent::Redo)}
                        title={p.redo.clone().map(|u| words::f("top.redo_what", &[("step", &u)])).unwrap_or_default()}>{ words::t("top.redo") }</button>
                <label class="st-btn st-file">
                    { words::t("top.import") }
                    <input type="file" accept=".json,application/json" class="visually-hidden" onchange={file(true)} />
                </label>
                <button type="button" class="st-btn" onclick={emit(ToolbarEvent::Export)}>{ words::t("top.export") }</button>
                <button type="button" class="st-btn st-btn--primary" disabled={p.publishing} onclick={emit(ToolbarEvent::Publish)}>
                    { if p.publishing { words::t("top.publishing") } else { words::t("top.publish") } }
                </button>
                if p.conflict {
                    <button type="button" class="st-btn" onclick={emit(ToolbarEvent::Reload)}>{ words::t("top.load_published") }</button>
                }
            </div>
            <p class="st-status" role="status">
                { version }
                if let Some(s) = &p.status { { " · " }{ s.clone() } }
            </p>
        </header>
    }
}
