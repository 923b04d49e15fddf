//! The cart button: opens the drawer; its badge counts the items, optimistic changes included.

use yew::prelude::*;

#[derive(Properties, Clone, PartialEq)]
pub struct CartButtonProps {
    pub count: u32,
    pub on_open: Callback<()>,
}

#[function_component(CartButton)]
pub fn cart_button(props: &CartButtonProps) -> Html {
    let on_open = props.on_open.clone();
    let n = props.count;
    let name = match n {
        0 => "Cart, empty".to_string(),
        1 => "Cart, 1 item".to_string(),
        n => format!("Cart, {n} items"),
    };
    html! {
        <button type="button" class="so-cart-button" aria-label={name} aria-haspopup="dialog"
                onclick={Callback::from(move |_| on_open.emit(()))}>
            <svg class="so-cart-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                <path d="M3 4h2l2.4 10.2a2 2 0 0 0 2 1.6h7.6a2 2 0 0 0 2-1.5L21 8H6.2"/>
                <circle cx="10" cy="20" r="1.5"/>
                <circle cx="17" cy="20" r="1.5"/>
            </svg>
            if n > 0 {
                <span class="so-cart-count" aria-hidden="true">{ n }</span>
            }
        </button>
    }
}
