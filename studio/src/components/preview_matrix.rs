//! The preview's frame: four players shaped like where viewers watch (desktop 16:9, a phone
//! upright with `cover`, a letterboxed 21:9 box, and Arabic right to left), each a real
//! `<video>` the studio mounts the viewer on, and the deal state to show them in.

use authoring::words;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::preview::DealView;

/// The players, in order: (class, the key of its caption, right to left).
pub const PLAYERS: [(&str, &str, bool); 4] = [
    ("desktop", "preview.desktop", false),
    ("phone", "preview.phone", false),
    ("letterbox", "preview.letterbox", false),
    ("rtl", "preview.rtl", true),
];

/// The viewer's language in a preview player: Arabic in the right-to-left one, the studio's
/// own elsewhere (English under an Arabic studio, which has its Arabic player already).
pub fn locale(rtl: bool) -> &'static str {
    match (rtl, words::lang()) {
        (true, _) => "ar",
        (false, words::Lang::Es) => "es",
        _ => "en-US",
    }
}

#[derive(Properties, PartialEq)]
pub struct Props {
    pub open: bool,
    pub videos: Vec<NodeRef>,
    pub deal: DealView,
    pub has_deals: bool,
    pub error: Option<String>,
    pub ondeal: Callback<DealView>,
    pub onplay: Callback<()>,
}

#[function_component(PreviewMatrix)]
pub fn preview_matrix(p: &Props) -> Html {
    let play = {
        let cb = p.onplay.clone();
        Callback::from(move |_| cb.emit(()))
    };
    let ondeal = {
        let cb = p.ondeal.clone();
        Callback::from(move |e: Event| {
            cb.emit(DealView::parse(
                &e.target_unchecked_into::<HtmlSelectElement>().value(),
            ))
        })
    };
    let players = PLAYERS.iter().zip(&p.videos).map(|((class, caption, rtl), r)| {
        html! {
            <figure class={classes!("st-pv", format!("st-pv--{class}"))}
                    dir={if *rtl { "rtl" } else { "ltr" }} lang={locale(*rtl)}>
                <div class="st-pv-box">
                    <video ref={r.clone()} class="st-pv-video" muted=true playsinline=true preload="auto"
                           data-preview={*class}></video>
                </div>
                <figcaption lang={words::lang().tag()}>{ words::t(caption) }</figcaption>
            </figure>
        }
    });
    html! {
        <section class="st-preview" aria-label={words::t("tabs.preview")}>
            <div class="st-preview-head">
                if p.open {
                    <button type="button" class="st-btn" onclick={play}>{ words::t("preview.play") }</button>
                    <label class="st-field st-field--inline">
                        <span>{ words::t("preview.deals") }</span>
                        <select onchange={ondeal} disabled={!p.has_deals}>
                            { for DealView::ALL.iter().map(|d| html! {
                                <option value={d.name()} selected={*d == p.deal}>{ d.label() }</option>
                            }) }
                        </select>
                    </label>
                }
            </div>
            if p.open {
                <p class="st-hint">{ words::t("preview.help") }</p>
                if let Some(e) = &p.error {
                    <p class="st-error" role="alert">{ e.clone() }</p>
                }
                <div class="st-pv-grid">{ for players }</div>
            }
        </section>
    }
}
