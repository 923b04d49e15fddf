//! The LIVE pin card: the product the host pinned, with its price (and deal countdown), on the
//! player's lower corner, above the control bar. "Shop" opens the product card.

use yew::prelude::*;

use crate::components::Isolate;
use crate::i18n::use_tr;
use crate::view::PinView;

#[derive(Properties, Clone, PartialEq)]
pub struct PinCardProps {
    pub pin: PinView,
    pub on_open: Callback<AttrValue>,
}

#[function_component(PinCard)]
pub fn pin_card(props: &PinCardProps) -> Html {
    let tr = use_tr();
    let p = &props.pin;
    let open = {
        let cb = props.on_open.clone();
        let id = p.product.clone();
        Callback::from(move |_| cb.emit(id.clone()))
    };
    html! {
        <section class="so-pin" aria-label={tr.t("live.pin.label")} data-product-id={p.product.clone()}>
            <span class="so-live" aria-hidden="true">{ tr.t("live.badge") }</span>
            if let Some(src) = &p.image {
                <img class="so-pin-image" src={src.clone()} alt="" />
            }
            <div class="so-pin-text">
                <span class="so-pin-title"><bdi>{ p.title.clone() }</bdi></span>
                <span class="so-pin-price">
                    { p.price.clone() }
                    if let Some(c) = &p.compare_at {
                        { " " }<s aria-label={tr.fmt("price.was", &[("price", c.as_str())])}>{ c.clone() }</s>
                    }
                </span>
                if let Some(d) = &p.deal {
                    // A timer: read on demand (named with the time in words), not announced
                    // every second.
                    <span class="so-pin-deal" role="timer" aria-live="off"
                          aria-label={p.deal_label.clone()}><bdi>{ d.clone() }</bdi></span>
                }
            </div>
            <button type="button" class="so-pin-shop" onclick={open}
                    aria-label={tr.fmt("live.pin.shop_named", &[("name", &tr.isolate(&p.title))])}>
                { tr.t("live.pin.shop") }
            </button>
            if p.more > 0 {
                <span class="so-pin-more">{ tr.count("live.pin.more", f64::from(p.more), &[]) }</span>
            }
        </section>
    }
}
