//! Lint findings: the validator's errors, then the warnings a brand needs, each naming its tag
//! (the product, the field) in words; choosing one selects its tag and seeks to when it
//! happens. The JSON path stays in a tooltip for whoever edits the file by hand.

use authoring::words;
use authoring::{Finding, Severity};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub findings: Vec<Finding>,
    /// Import or publish errors, each where (in words) and what (kept until the next import or
    /// publish).
    pub refused: Vec<(String, String)>,
    pub refused_title: String,
    pub onpick: Callback<(Option<String>, Option<f64>)>,
}

#[function_component(Problems)]
pub fn problems(p: &Props) -> Html {
    let items = p.findings.iter().map(|f| {
        let onclick = {
            let (cb, tag, at) = (p.onpick.clone(), f.tag.clone(), f.at);
            Callback::from(move |_| cb.emit((tag.clone(), at)))
        };
        let (kind, class) = match f.severity {
            Severity::Error => (words::t("problems.error"), "error"),
            Severity::Warning => (words::t("problems.warning"), "warning"),
        };
        html! {
            <li class={classes!("st-finding", format!("st-finding--{class}"))}>
                <button type="button" class="st-finding-btn" title={f.path.clone()} {onclick}>
                    <span class="st-finding-kind">{ kind }</span>
                    <strong class="st-finding-subject">{ f.subject.clone() }</strong>
                    <span>{ f.message.clone() }</span>
                </button>
            </li>
        }
    });
    let refused = p.refused.iter().map(|(place, message)| {
        html! { <li><strong>{ place.clone() }</strong>{ words::t("problems.colon") }{ message.clone() }</li> }
    });
    html! {
        <section class="st-problems" aria-labelledby="st-problems-title">
            <h2 id="st-problems-title">{ words::f("problems.title", &[("n", &p.findings.len().to_string())]) }</h2>
            if !p.refused.is_empty() {
                <div class="st-refused" role="alert">
                    <p>{ p.refused_title.clone() }</p>
                    <ul>{ for refused }</ul>
                </div>
            }
            if p.findings.is_empty() {
                <p class="st-hint">{ words::t("problems.none") }</p>
            }
            <ul class="st-findings">{ for items }</ul>
        </section>
    }
}
