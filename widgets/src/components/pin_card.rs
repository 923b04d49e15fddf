//! The LIVE pin card: the product the host pinned, with its price (and deal countdown), on the
//! player's lower corner, above the control bar. "Shop" opens the product card.

use yew::prelude::*;

use crate::view::PinView;

#[derive(Properties, Clone, PartialEq)]
pub struct PinCardProps {
    pub pin: PinView,
    pub on_open: Callback<AttrValue>,
}

#[function_component(PinCard)]
pub fn pin_card(props: &PinCardProps) -> Html {
    let p = &props.pin;
    let open = {
        let cb = props.on_open.clone();
        let id = p.product.clone();
        Callback::from(move |_| cb.emit(id.clone()))
    };
    html! {
        <section class="so-pin" aria-label="Pinned by the host" data-product-id={p.product.clone()}>
            <span class="so-live" aria-hidden="true">{ "LIVE" }</span>
            if let Some(src) = &p.image {
                <img class="so-pin-image" src={src.clone()} alt="" />
            }
            <div class="so-pin-text">
                <span class="so-pin-title"><bdi>{ p.title.clone() }</bdi></span>
                <span class="so-pin-price">
                    { p.price.clone() }
                    if let Some(c) = &p.compare_at {
                        { " " }<s aria-label={format!("was {c}")}>{ c.clone() }</s>
                    }
                </span>
                if let Some(d) = &p.deal {
                    <span class="so-pin-deal" role="timer" aria-live="off"><bdi>{ d.clone() }</bdi></span>
                }
            </div>
            <button type="button" class="so-pin-shop" onclick={open}
                    aria-label={format!("Shop {}", p.title)}>{ "Shop" }</button>
            if p.more > 0 {
                <span class="so-pin-more">{ format!("+{} more pinned", p.more) }</span>
            }
        </section>
    }
}
