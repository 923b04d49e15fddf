//! One line of the cart drawer: image, title, options, a quantity stepper, remove, line total.

use yew::prelude::*;

use crate::view::CartLineView;

#[derive(Properties, Clone, PartialEq)]
pub struct CartLineProps {
    pub line: CartLineView,
    /// Asks for an absolute quantity of this line (0 removes it).
    pub on_quantity: Callback<(AttrValue, u32)>,
}

#[function_component(CartLine)]
pub fn cart_line(props: &CartLineProps) -> Html {
    let l = &props.line;
    let set = |q: u32| {
        let cb = props.on_quantity.clone();
        let v = l.variant.clone();
        Callback::from(move |_| cb.emit((v.clone(), q)))
    };
    let q = l.quantity;
    html! {
        <li class={classes!("so-line", l.pending.then_some("so-line--pending"))}
            data-variant={l.variant.clone()} aria-busy={l.pending.to_string()}>
            if let Some(src) = &l.image {
                <img class="so-line-image" src={src.clone()} alt="" />
            }
            <div class="so-line-text">
                <span class="so-line-title"><bdi>{ l.title.clone() }</bdi></span>
                <span class="so-line-options"><bdi>{ l.options.clone() }</bdi></span>
                <span class="so-line-total">{ l.line_total.clone() }</span>
            </div>
            <div class="so-quantity" role="group" aria-label={format!("Quantity of {}", l.title)}>
                <button type="button" aria-label="One less" disabled={q <= 1}
                        onclick={set(q.saturating_sub(1))}>{ "−" }</button>
                <output class="so-line-quantity">{ q }</output>
                <button type="button" aria-label="One more" disabled={q >= l.max}
                        onclick={set(q + 1)}>{ "+" }</button>
            </div>
            <button type="button" class="so-line-remove" aria-label={format!("Remove {}", l.title)}
                    onclick={set(0)}>{ "Remove" }</button>
        </li>
    }
}
