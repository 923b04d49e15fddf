//! A text or number field that commits on change and is never overwritten while the person is
//! typing in it: the studio re-renders on every frame while the video plays, and a field bound
//! to a value would lose what was being typed. The shown value follows its prop only while the
//! field does not have focus.

use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub value: String,
    pub onchange: Callback<String>,
    #[prop_or_default]
    pub class: Classes,
    #[prop_or("text")]
    pub kind: &'static str,
    #[prop_or_default]
    pub label: Option<String>,
    #[prop_or_default]
    pub describedby: Option<&'static str>,
    #[prop_or_default]
    pub min: Option<&'static str>,
    #[prop_or_default]
    pub max: Option<&'static str>,
    #[prop_or_default]
    pub step: Option<&'static str>,
    #[prop_or_default]
    pub maxlength: Option<&'static str>,
}

#[function_component(Field)]
pub fn field(p: &Props) -> Html {
    let input = use_node_ref();
    {
        let input = input.clone();
        use_effect_with(p.value.clone(), move |value| {
            if let Some(el) = input.cast::<HtmlInputElement>() {
                let focused = web_sys::window()
                    .and_then(|w| w.document())
                    .and_then(|d| d.active_element())
                    .is_some_and(|a| a == **el);
                if !focused && el.value() != *value {
                    el.set_value(value);
                }
            }
        });
    }
    let onchange = {
        let cb = p.onchange.clone();
        Callback::from(move |e: Event| {
            cb.emit(e.target_unchecked_into::<HtmlInputElement>().value());
        })
    };
    // When focus leaves without a change, show the current value again.
    let onblur = {
        let (input, value) = (input.clone(), p.value.clone());
        Callback::from(move |_: FocusEvent| {
            if let Some(el) = input.cast::<HtmlInputElement>() {
                if el.value() != value && el.check_validity() {
                    el.set_value(&value);
                }
            }
        })
    };
    html! {
        <input ref={input} type={p.kind} class={p.class.clone()} {onchange} {onblur}
               aria-label={p.label.clone()} aria-describedby={p.describedby}
               min={p.min} max={p.max} step={p.step} maxlength={p.maxlength}
               autocomplete="off" />
    }
}
