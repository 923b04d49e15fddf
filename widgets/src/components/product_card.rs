//! The product card: a modal dialog with the product's image, prices, variants (with
//! availability), quantity and add-to-cart with pending and error states. Focus moves in on
//! open and stays inside; Escape closes. Text is always rendered as text.

use std::rc::Rc;

use yew::prelude::*;

use crate::focus::{use_modal, Modal};
use crate::i18n::use_tr;

/// One variant as the card shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct VariantView {
    pub id: AttrValue,
    /// "M · Black".
    pub label: AttrValue,
    pub available: u32,
}

/// A product ready to show: prices already formatted (Intl) by the web side, the link already
/// checked (`overlay::safe_href`).
#[derive(Clone, Debug, PartialEq)]
pub struct ProductView {
    pub id: AttrValue,
    pub title: AttrValue,
    pub image: Option<AttrValue>,
    pub price: AttrValue,
    pub compare_at: Option<AttrValue>,
    pub variants: Rc<[VariantView]>,
    pub link: Option<AttrValue>,
    /// A deal on the chosen variant: live, announced, or just ended.
    pub deal: Option<DealView>,
    /// The most that can still be added at the deal price (its per-customer limit, less what
    /// the cart holds), when a live deal has a limit.
    pub limit: Option<u32>,
}

/// What the card says of a deal, on the server's clock ("Flash deal · ends in 04:59").
#[derive(Clone, Debug, PartialEq)]
pub struct DealView {
    pub headline: AttrValue,
    /// The headline for screen readers, the timer's name ("Flash deal, ends in 4 minutes, 59
    /// seconds"); `None` once the deal ended (no timer then).
    pub spoken: Option<AttrValue>,
    /// Separate phrases ("12 left at this price", "2 per customer"), each its own message and
    /// its own span; the separator between them is the style sheet's.
    pub note: Rc<[AttrValue]>,
    /// The deal is over: the regular price applies again.
    pub ended: bool,
}

/// Where adding to the cart stands.
#[derive(Clone, Debug, PartialEq)]
pub enum AddState {
    Idle,
    Pending,
    Added,
    /// Why it did not go through ("Only 2 left of Canvas Tote Bag."), in the viewer's language.
    Failed(AttrValue),
}

#[derive(Properties, Clone, PartialEq)]
pub struct ProductCardProps {
    pub product: ProductView,
    pub selected: Option<AttrValue>,
    pub quantity: u32,
    pub state: AddState,
    pub on_select: Callback<AttrValue>,
    pub on_quantity: Callback<u32>,
    pub on_add: Callback<()>,
    pub on_close: Callback<()>,
}

/// The most of one variant a viewer can pick (the API's per-line limit).
const MAX_QUANTITY: u32 = 10;

#[function_component(ProductCard)]
pub fn product_card(props: &ProductCardProps) -> Html {
    let tr = use_tr();
    // Focus moves into the card when it opens, and again when it shows another product.
    let Modal {
        dialog,
        first: close_ref,
        onkeydown,
        onclick: on_backdrop,
        oncancel,
    } = use_modal(props.product.id.clone(), props.on_close.clone());
    let p = &props.product;
    let selected = props
        .selected
        .as_ref()
        .and_then(|s| p.variants.iter().find(|v| &v.id == s));
    let max = selected.map_or(0, |v| {
        v.available
            .min(MAX_QUANTITY)
            .min(p.limit.unwrap_or(u32::MAX))
    });
    let pending = props.state == AddState::Pending;
    let can_add = selected.is_some_and(|v| v.available > 0) && props.quantity >= 1;
    let title_id = format!("so-card-title-{}", p.id);
    let q = props.quantity;
    let on_q = props.on_quantity.clone();
    let minus = {
        let on_q = on_q.clone();
        Callback::from(move |_| on_q.emit(q.saturating_sub(1).max(1)))
    };
    let plus = Callback::from(move |_| on_q.emit((q + 1).min(max.max(1))));
    let close = {
        let on_close = props.on_close.clone();
        Callback::from(move |_| on_close.emit(()))
    };
    let add = {
        let on_add = props.on_add.clone();
        Callback::from(move |_| {
            if !pending {
                on_add.emit(())
            }
        })
    };
    html! {
        <dialog ref={dialog} class="so-card" onclick={on_backdrop} {oncancel}
             aria-labelledby={title_id.clone()} {onkeydown}>
            <button ref={close_ref} type="button" class="so-card-close"
                    aria-label={tr.t("common.close")} onclick={close.clone()}>
                <span aria-hidden="true">{ "×" }</span>
            </button>
            if let Some(src) = &p.image {
                <img class="so-card-image" src={src.clone()} alt={p.title.clone()} />
            }
            <h2 id={title_id} class="so-card-title"><bdi>{ p.title.clone() }</bdi></h2>
            <p class="so-card-price">
                <span class="so-price">{ p.price.clone() }</span>
                if let Some(c) = &p.compare_at {
                    <s class="so-compare-at" aria-label={tr.fmt("price.was", &[("price", c.as_str())])}>
                        { c.clone() }
                    </s>
                }
            </p>
            if let Some(d) = &p.deal {
                <p class={classes!("so-deal", d.ended.then_some("so-deal--ended"))}>
                    // The headline is the timer: read on demand (named with the time in
                    // words), not announced every second; the notes stay outside its name.
                    <span class="so-deal-headline" role={(!d.ended).then_some("timer")}
                          aria-live={(!d.ended).then_some("off")}
                          aria-label={d.spoken.clone()}><bdi>{ d.headline.clone() }</bdi></span>
                    if !d.note.is_empty() {
                        <span class="so-deal-note">
                            { for d.note.iter().map(|n| html! {
                                <span class="so-deal-note-part"><bdi>{ n.clone() }</bdi></span>
                            }) }
                        </span>
                    }
                </p>
            }
            <div class="so-variants" role="group" aria-label={tr.t("card.options")}>
                { for p.variants.iter().map(|v| {
                    let on_select = props.on_select.clone();
                    let id = v.id.clone();
                    let sold_out = v.available == 0;
                    let chosen = props.selected.as_ref() == Some(&v.id);
                    let note = if sold_out {
                        tr.t("card.variant.sold_out")
                    } else if v.available <= 5 {
                        tr.count("card.variant.left", f64::from(v.available), &[])
                    } else {
                        String::new()
                    };
                    html! {
                        <button key={v.id.to_string()} type="button" class="so-variant"
                                aria-pressed={chosen.to_string()} disabled={sold_out}
                                onclick={Callback::from(move |_| on_select.emit(id.clone()))}>
                            { v.label.clone() }
                            if !note.is_empty() { <span class="so-variant-note"><bdi>{ note }</bdi></span> }
                        </button>
                    }
                }) }
            </div>
            <div class="so-quantity" role="group" aria-label={tr.t("quantity.label")}>
                <button type="button" aria-label={tr.t("quantity.less")} disabled={q <= 1}
                        onclick={minus}>{ "−" }</button>
                <output aria-live="polite">{ tr.number(f64::from(q)) }</output>
                <button type="button" aria-label={tr.t("quantity.more")} disabled={q >= max}
                        onclick={plus}>{ "+" }</button>
            </div>
            // While pending the button stays focusable (a disabled button would drop focus out
            // of the dialog) and ignores presses.
            <button type="button" class="so-add" disabled={!can_add} aria-busy={pending.to_string()}
                    aria-disabled={pending.then_some("true")}
                    onclick={add}>
                { tr.t(match &props.state {
                    AddState::Pending => "card.adding",
                    AddState::Added => "card.added",
                    _ if selected.is_none() => "card.choose_option",
                    _ => "card.add",
                }) }
            </button>
            if let AddState::Failed(why) = &props.state {
                <p class="so-card-error" role="alert"><bdi>{ why.clone() }</bdi></p>
            }
            if let Some(href) = &p.link {
                <a class="so-card-link" href={href.clone()} target="_blank" rel="noopener noreferrer">
                    { tr.t("card.view_product") }
                </a>
            }
            <button type="button" class="so-card-done" onclick={close}>{ tr.t("common.keep_watching") }</button>
        </dialog>
    }
}
