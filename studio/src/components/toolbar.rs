//! The top bar: which video (the sample, a same-origin URL, or a local file that never leaves
//! the computer), its id and frame rate, undo and redo with what they would undo, import and
//! export of the manifest file, and publishing to the commerce API.

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
        Some(v) => format!("Editing published version {v}"),
        None => "Not published yet".to_string(),
    };
    html! {
        <header class="st-top">
            <h1>{ "Studio" }</h1>
            <div class="st-source">
                <button type="button" class="st-btn" onclick={emit(ToolbarEvent::Sample)}>{ "Sample video" }</button>
                <form class="st-url" onsubmit={load_url}>
                    <label class="st-field st-field--inline">
                        <span>{ "Video URL" }</span>
                        <input ref={url} type="text" inputmode="url" placeholder="/media/clip.mp4" />
                    </label>
                    <button type="submit" class="st-btn">{ "Load" }</button>
                </form>
                <label class="st-btn st-file">
                    { "Open a file…" }
                    <input type="file" accept="video/*" class="visually-hidden" onchange={file(false)} />
                </label>
            </div>
            <div class="st-doc">
                <label class="st-field st-field--inline">
                    <span>{ "Video id" }</span>
                    <Field value={p.video_id.clone()} maxlength="64" onchange={onid} />
                </label>
                <label class="st-field st-field--inline">
                    <span>{ "Frames/s" }</span>
                    <Field class="st-num" kind="number" min="1" max="240" step="0.001" value={p.fps.clone()} onchange={onfps} />
                </label>
                <button type="button" class="st-btn" disabled={p.undo.is_none()} onclick={emit(ToolbarEvent::Undo)}
                        title={p.undo.clone().map(|u| format!("Undo: {u}")).unwrap_or_default()}>{ "Undo" }</button>
                <button type="button" class="st-btn" disabled={p.redo.is_none()} onclick={emit(ToolbarEvent::Redo)}
                        title={p.redo.clone().map(|u| format!("Redo: {u}")).unwrap_or_default()}>{ "Redo" }</button>
                <label class="st-btn st-file">
                    { "Import…" }
                    <input type="file" accept=".json,application/json" class="visually-hidden" onchange={file(true)} />
                </label>
                <button type="button" class="st-btn" onclick={emit(ToolbarEvent::Export)}>{ "Export" }</button>
                <button type="button" class="st-btn st-btn--primary" disabled={p.publishing} onclick={emit(ToolbarEvent::Publish)}>
                    { if p.publishing { "Publishing…" } else { "Publish" } }
                </button>
                if p.conflict {
                    <button type="button" class="st-btn" onclick={emit(ToolbarEvent::Reload)}>{ "Load the published version" }</button>
                }
            </div>
            <p class="st-status" role="status">
                { version }
                if let Some(s) = &p.status { { " · " }{ s.clone() } }
            </p>
        </header>
    }
}
