//! The price before a deal or a markdown, struck through, and named for a screen reader as
//! what it was ("Was $59.00"): the card, the LIVE pin and the shelf show it the same way.

use yew::prelude::*;

use crate::i18n::use_tr;

#[derive(Properties, PartialEq)]
pub struct WasPriceProps {
    /// The former price, formatted.
    pub price: AttrValue,
    #[prop_or_default]
    pub class: Classes,
}

#[function_component(WasPrice)]
pub fn was_price(props: &WasPriceProps) -> Html {
    let tr = use_tr();
    html! {
        <s class={props.class.clone()} aria-label={tr.fmt("price.was", &[("price", props.price.as_str())])}>
            { props.price.clone() }
        </s>
    }
}
