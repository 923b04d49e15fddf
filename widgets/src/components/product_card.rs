//! The product card: a modal dialog with the product's image, its options (one group per axis:
//! colour as swatches, size as a row), quantity, and a footer that stays in view with the price
//! and add-to-cart (pending and error states). On a phone it is a bottom sheet its grip drags
//! down to close. Focus moves in on open and stays inside; Escape and the backdrop close it.
//! Where a control stops (the last units, a deal's limit) it says why in words. Text is always
//! rendered as text.

use std::rc::Rc;

use yew::prelude::*;

use crate::components::option_group::{OptionGroup, OptionGroupView};
use crate::components::was_price::WasPrice;
use crate::focus::{use_modal, Modal};
use crate::i18n::use_tr;
use crate::sheet::{use_sheet_drag, Drag};

/// A product ready to show: prices already formatted (Intl) by the web side, the link already
/// checked (`overlay::safe_href`).
#[derive(Clone, Debug, PartialEq)]
pub struct ProductView {
    pub id: AttrValue,
    pub title: AttrValue,
    pub image: Option<AttrValue>,
    pub price: AttrValue,
    pub compare_at: Option<AttrValue>,
    /// One group per option axis.
    pub groups: Rc<[OptionGroupView]>,
    pub link: Option<AttrValue>,
    /// A deal on the chosen variant: live, announced, or just ended.
    pub deal: Option<DealView>,
    /// The most of the chosen variant that can be added now (stock, a deal's per-customer
    /// limit and the per-line limit, less what the cart holds).
    pub max: u32,
    /// Why no more than `max`, in words ("Only 3 left of this item."), shown once the quantity
    /// reaches it.
    pub max_reason: Option<AttrValue>,
    /// Why the chosen variant cannot be added at all ("Black · 44 is sold out.").
    pub unavailable: Option<AttrValue>,
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
    let drag = use_sheet_drag(dialog.clone(), props.on_close.clone());
    let p = &props.product;
    let max = p.max;
    let pending = props.state == AddState::Pending;
    let added = props.state == AddState::Added;
    let can_add = props.selected.is_some() && max >= 1 && props.quantity >= 1;
    // Focusable but deaf: while pending, and once added when no more can be.
    let deaf = pending || (added && !can_add);
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
            if !deaf {
                on_add.emit(())
            }
        })
    };
    // Why the stepper or the button stops, when it does.
    let stopped = if let Some(why) = &p.unavailable {
        Some(why.clone())
    } else if max >= 1 && q >= max {
        p.max_reason.clone()
    } else {
        None
    };
    let Drag {
        grip,
        onpointerdown,
        onpointermove,
        onpointerup,
        onpointercancel,
    } = drag;
    html! {
        <dialog ref={dialog} class="so-card" onclick={on_backdrop} {oncancel}
             aria-labelledby={title_id.clone()} {onkeydown}>
            <div ref={grip} class="so-card-grip" aria-hidden="true"
                 {onpointerdown} {onpointermove} {onpointerup} {onpointercancel}></div>
            <button ref={close_ref} type="button" class="so-card-close"
                    aria-label={tr.t("common.close")} onclick={close.clone()}>
                <span aria-hidden="true">{ "×" }</span>
            </button>
            <div class="so-card-main">
                if let Some(src) = &p.image {
                    <img class="so-card-image" src={src.clone()} alt={p.title.clone()} />
                }
                <div class="so-card-info">
                    <h2 id={title_id} class="so-card-title"><bdi>{ p.title.clone() }</bdi></h2>
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
                    { for p.groups.iter().map(|g| html! {
                        <OptionGroup group={g.clone()} on_select={props.on_select.clone()} />
                    }) }
                    <div class="so-quantity" role="group" aria-label={tr.t("quantity.label")}>
                        <button type="button" aria-label={tr.t("quantity.less")} disabled={q <= 1}
                                onclick={minus}>{ "−" }</button>
                        <output aria-live="polite">{ tr.number(f64::from(q)) }</output>
                        <button type="button" aria-label={tr.t("quantity.more")} disabled={q >= max}
                                onclick={plus}>{ "+" }</button>
                    </div>
                    if let Some(why) = stopped {
                        <p class="so-limit-note"><bdi>{ why }</bdi></p>
                    }
                    if let Some(href) = &p.link {
                        <a class="so-card-link" href={href.clone()} target="_blank" rel="noopener noreferrer">
                            { tr.t("card.view_product") }
                        </a>
                    }
                </div>
            </div>
            // Price and add-to-cart stay in view however far the sheet scrolls.
            <div class="so-card-buy">
                <p class="so-card-price">
                    <span class="so-price">{ p.price.clone() }</span>
                    if let Some(c) = &p.compare_at {
                        <WasPrice class="so-compare-at" price={c.clone()} />
                    }
                </p>
                // While pending the button stays focusable (a disabled button would drop focus
                // out of the dialog) and ignores presses; once added it says so in its own
                // colour, not as a disabled grey.
                <button type="button" class={classes!("so-add", added.then_some("so-add--added"))}
                        disabled={!can_add && !added} aria-busy={pending.to_string()}
                        aria-disabled={deaf.then_some("true")}
                        onclick={add}>
                    { tr.t(match &props.state {
                        AddState::Pending => "card.adding",
                        AddState::Added => "card.added",
                        _ if props.selected.is_none() => "card.choose_option",
                        _ => "card.add",
                    }) }
                </button>
                if let AddState::Failed(why) = &props.state {
                    <p class="so-card-error" role="alert"><bdi>{ why.clone() }</bdi></p>
                }
            </div>
            <button type="button" class="so-card-done" onclick={close}>{ tr.t("common.keep_watching") }</button>
        </dialog>
    }
}
