//! A colour swatch: a round sample of a checked colour, painted through the CSSOM (so a page
//! whose policy forbids inline styles shows it too).

use web_sys::HtmlElement;
use yew::prelude::*;

#[derive(Properties, Clone, PartialEq)]
pub struct SwatchProps {
    /// `#rgb` or `#rrggbb`, checked by `overlay::choices::swatch`.
    pub colour: AttrValue,
}

#[function_component(Swatch)]
pub fn swatch(props: &SwatchProps) -> Html {
    let node = use_node_ref();
    {
        let node = node.clone();
        use_effect_with(props.colour.clone(), move |colour| {
            if let Some(el) = node.cast::<HtmlElement>() {
                let _ = el.style().set_property("--so-swatch", colour);
            }
        });
    }
    html! { <span ref={node} class="so-swatch" aria-hidden="true"></span> }
}
