//! The cart drawer: a modal dialog with the lines, the subtotal, checkout and the order
//! confirmation. Focus moves in on open and stays inside; Escape closes.

use web_sys::HtmlElement;
use yew::prelude::*;

use crate::components::cart_line::CartLine;
use crate::focus::{use_modal, Modal};
use crate::i18n::use_tr;
use crate::view::{CartView, CheckoutView};

#[derive(Properties, Clone, PartialEq)]
pub struct CartDrawerProps {
    pub cart: CartView,
    pub on_quantity: Callback<(AttrValue, u32)>,
    pub on_checkout: Callback<()>,
    pub on_close: Callback<()>,
}

#[function_component(CartDrawer)]
pub fn cart_drawer(props: &CartDrawerProps) -> Html {
    let tr = use_tr();
    let Modal {
        dialog,
        first: close_ref,
        onkeydown,
        onclick: on_backdrop,
        oncancel,
    } = use_modal((), props.on_close.clone());
    let order_ref = use_node_ref();
    {
        // The confirmation takes focus when it appears (the checkout button it replaces is
        // gone), so keyboard and screen-reader users land on it.
        let order_ref = order_ref.clone();
        let placed = matches!(props.cart.checkout, CheckoutView::Placed { .. });
        use_effect_with(placed, move |&placed| {
            if let (true, Some(el)) = (placed, order_ref.cast::<HtmlElement>()) {
                let _ = el.focus();
            }
        });
    }
    let close = {
        let cb = props.on_close.clone();
        Callback::from(move |_| cb.emit(()))
    };
    let c = &props.cart;
    let pending = c.checkout == CheckoutView::Pending;
    let checkout = {
        let cb = props.on_checkout.clone();
        Callback::from(move |_| {
            if !pending {
                cb.emit(())
            }
        })
    };
    let body = match &c.checkout {
        CheckoutView::Placed {
            order,
            number,
            total,
        } => {
            // One message around the order id, split where it goes so the id keeps its
            // <strong>; a message without {order} is followed by it.
            let message = tr.t("checkout.placed.number");
            let (before, after) = message
                .split_once("{order}")
                .map_or((format!("{message} "), String::new()), |(b, a)| {
                    (b.to_string(), a.to_string())
                });
            html! {
                <div ref={order_ref} class="so-order" role="status" tabindex="-1">
                    <p class="so-order-title">{ tr.t("checkout.placed.title") }</p>
                    <p>{ before }<strong class="so-order-id" data-order={ order.clone() }><bdi>{ number.clone() }</bdi></strong>{ after }</p>
                    <p>{ tr.fmt("checkout.placed.total", &[("total", total.as_str())]) }</p>
                    <button type="button" class="so-card-done" onclick={close.clone()}>
                        { tr.t("common.keep_watching") }
                    </button>
                </div>
            }
        }
        _ if c.lines.is_empty() && !pending => html! {
            <p class="so-cart-empty">{ tr.t("cart.empty") }</p>
        },
        _ => html! {
            <>
                <ul class="so-lines">
                    { for c.lines.iter().map(|l| html! {
                        <CartLine key={l.variant.to_string()} line={l.clone()}
                                  on_quantity={props.on_quantity.clone()} />
                    }) }
                </ul>
                <p class="so-subtotal">
                    <span>{ tr.t("cart.subtotal") }</span>
                    <span class="so-subtotal-value">{ c.subtotal.clone() }</span>
                </p>
                // Stays focusable while the order is being placed; presses are ignored.
                <button type="button" class="so-checkout" disabled={c.lines.is_empty()}
                        aria-busy={pending.to_string()} aria-disabled={pending.then_some("true")}
                        onclick={checkout}>
                    { tr.t(if pending { "cart.checking_out" } else { "cart.checkout" }) }
                </button>
            </>
        },
    };
    html! {
        <dialog ref={dialog} class="so-drawer" onclick={on_backdrop} {oncancel}
             aria-labelledby="so-drawer-title" aria-busy={c.syncing.to_string()} {onkeydown}>
            <div class="so-drawer-head">
                <h2 id="so-drawer-title" class="so-drawer-title">{ tr.t("cart.title") }</h2>
                <button ref={close_ref} type="button" class="so-card-close" aria-label={tr.t("cart.close")}
                        onclick={close}>
                    <span aria-hidden="true">{ "×" }</span>
                </button>
            </div>
            if let Some(n) = &c.notice {
                <p class="so-notice" role="alert"><bdi>{ n.clone() }</bdi></p>
            }
            if c.checkout == CheckoutView::HandedOff {
                <p class="so-handoff" role="status">{ tr.t("checkout.handed_off") }</p>
            }
            { body }
        </dialog>
    }
}
