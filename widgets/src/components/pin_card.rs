//! The LIVE pin card: the product the host pinned, with its price (and deal countdown), on the
//! player's lower corner, above the control bar. "Shop" opens the product card. On a phone it
//! is one compact line (picture, name, price, Shop) until a tap on it shows the deal and what
//! else is pinned; wider screens show those from the start.

use yew::prelude::*;

use crate::components::was_price::WasPrice;
use crate::components::Isolate;
use crate::i18n::use_tr;
use crate::view::PinView;

#[derive(Properties, Clone, PartialEq)]
pub struct PinCardProps {
    pub pin: PinView,
    pub on_open: Callback<AttrValue>,
}

/// Whether the screen is wide enough to show the pin's details from the start (the phone
/// layout's breakpoint in `shop.css`).
fn wide() -> bool {
    web_sys::window()
        .and_then(|w| w.match_media("(min-width: 601px)").ok().flatten())
        .is_some_and(|m| m.matches())
}

#[function_component(PinCard)]
pub fn pin_card(props: &PinCardProps) -> Html {
    let tr = use_tr();
    let open = use_state(wide);
    let p = &props.pin;
    let shop = {
        let cb = props.on_open.clone();
        let id = p.product.clone();
        Callback::from(move |_| cb.emit(id.clone()))
    };
    let toggle = {
        let open = open.clone();
        Callback::from(move |_| open.set(!*open))
    };
    let details = format!("so-pin-details-{}", p.product);
    html! {
        <section class={classes!("so-pin", (*open).then_some("so-pin--open"))}
                 aria-label={tr.t("live.pin.label")} data-product-id={p.product.clone()}>
            <span class="so-live" aria-hidden="true">{ tr.t("live.badge") }</span>
            // The line itself shows or hides the details.
            <button type="button" class="so-pin-summary" aria-expanded={open.to_string()}
                    aria-controls={details.clone()} onclick={toggle}>
                if let Some(src) = &p.image {
                    <img class="so-pin-image" src={src.clone()} alt="" />
                }
                <span class="so-pin-text">
                    <span class="so-pin-title"><bdi>{ p.title.clone() }</bdi></span>
                    <span class="so-pin-price">
                        { p.price.clone() }
                        if let Some(c) = &p.compare_at {
                            { " " }<WasPrice price={c.clone()} />
                        }
                    </span>
                </span>
            </button>
            <button type="button" class="so-pin-shop" onclick={shop}
                    aria-label={tr.fmt("live.pin.shop_named", &[("name", &tr.isolate(&p.title))])}>
                { tr.t("live.pin.shop") }
            </button>
            <div id={details} class="so-pin-details" hidden={!*open}>
                if let Some(d) = &p.deal {
                    // A timer: read on demand (named with the time in words), not announced
                    // every second.
                    <span class="so-pin-deal" role="timer" aria-live="off"
                          aria-label={p.deal_label.clone()}><bdi>{ d.clone() }</bdi></span>
                }
                if p.more > 0 {
                    <span class="so-pin-more">{ tr.count("live.pin.more", f64::from(p.more), &[]) }</span>
                }
            </div>
        </section>
    }
}
