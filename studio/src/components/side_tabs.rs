//! The side column's two tabs: the selected tag (inspector and problems) and the preview, so
//! the preview sits beside the editor and follows its playhead. The WAI-ARIA tabs pattern:
//! one tab in the tab order, the arrow keys and Home/End move between them and choose.

use authoring::words;
use yew::prelude::*;

/// The tabs: (id suffix, the key of their words).
const TABS: [(&str, &str); 2] = [("tag", "tabs.tag"), ("preview", "tabs.preview")];

#[derive(Properties, PartialEq)]
pub struct Props {
    /// Whether the preview is the chosen tab.
    pub preview: bool,
    /// A tab was chosen: the preview (true) or the tag (false).
    pub onchoose: Callback<bool>,
}

#[function_component(SideTabs)]
pub fn side_tabs(p: &Props) -> Html {
    let refs = [use_node_ref(), use_node_ref()];
    let tabs = TABS.iter().enumerate().map(|(i, (id, key))| {
        let chosen = (i == 1) == p.preview;
        let onclick = {
            let cb = p.onchoose.clone();
            Callback::from(move |_: MouseEvent| cb.emit(i == 1))
        };
        let onkeydown = {
            let (cb, refs) = (p.onchoose.clone(), refs.clone());
            Callback::from(move |e: KeyboardEvent| {
                let to = match e.key().as_str() {
                    "ArrowLeft" | "ArrowRight" | "ArrowUp" | "ArrowDown" => 1 - i,
                    "Home" => 0,
                    "End" => 1,
                    _ => return,
                };
                e.prevent_default();
                if let Some(el) = refs[to].cast::<web_sys::HtmlElement>() {
                    let _ = el.focus();
                }
                cb.emit(to == 1);
            })
        };
        html! {
            <button ref={refs[i].clone()} type="button" role="tab" id={format!("st-tab-{id}")}
                    class="st-tab" aria-selected={chosen.to_string()}
                    aria-controls={format!("st-panel-{id}")}
                    tabindex={if chosen { "0" } else { "-1" }} {onclick} {onkeydown}>
                { words::t(key) }
            </button>
        }
    });
    html! {
        <div class="st-tabs" role="tablist" aria-label={words::t("tabs.side")}>{ for tabs }</div>
    }
}
