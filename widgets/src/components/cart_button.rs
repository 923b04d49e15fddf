//! The cart button: opens the drawer; its badge counts the items, optimistic changes included.

use yew::prelude::*;

use crate::i18n::use_tr;

#[derive(Properties, Clone, PartialEq)]
pub struct CartButtonProps {
    pub count: u32,
    pub on_open: Callback<()>,
}

#[function_component(CartButton)]
pub fn cart_button(props: &CartButtonProps) -> Html {
    let tr = use_tr();
    let on_open = props.on_open.clone();
    let n = props.count;
    // English and Spanish have no "zero" form: an empty cart has its own message.
    let name = if n == 0 {
        tr.t("cart.button.empty")
    } else {
        tr.count("cart.button.items", f64::from(n), &[])
    };
    // The count badge is the button's sibling: its digits are in the name already, and inside
    // the button they would be visible text the name lacks ("منتج واحد" has no digit).
    html! {
        <span class="so-cart">
            <button type="button" class="so-cart-button" aria-label={name} aria-haspopup="dialog"
                    onclick={Callback::from(move |_| on_open.emit(()))}>
                <svg class="so-cart-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                    <path d="M3 4h2l2.4 10.2a2 2 0 0 0 2 1.6h7.6a2 2 0 0 0 2-1.5L21 8H6.2"/>
                    <circle cx="10" cy="20" r="1.5"/>
                    <circle cx="17" cy="20" r="1.5"/>
                </svg>
            </button>
            if n > 0 {
                <span class="so-cart-count" aria-hidden="true">{ tr.number(f64::from(n)) }</span>
            }
        </span>
    }
}
