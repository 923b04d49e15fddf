//! One line of the cart drawer: image, title, options, a quantity stepper, remove, line total.

use yew::prelude::*;

use crate::components::Isolate;
use crate::i18n::use_tr;
use crate::view::CartLineView;

#[derive(Properties, Clone, PartialEq)]
pub struct CartLineProps {
    pub line: CartLineView,
    /// Asks for an absolute quantity of this line (0 removes it).
    pub on_quantity: Callback<(AttrValue, u32)>,
}

#[function_component(CartLine)]
pub fn cart_line(props: &CartLineProps) -> Html {
    let tr = use_tr();
    let l = &props.line;
    let name = tr.isolate(&l.title);
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
            <div class="so-quantity" role="group" aria-label={tr.fmt("quantity.of", &[("name", &name)])}>
                <button type="button" aria-label={tr.t("quantity.less")} disabled={q <= 1}
                        onclick={set(q.saturating_sub(1))}>{ "−" }</button>
                <output class="so-line-quantity">{ tr.number(f64::from(q)) }</output>
                <button type="button" aria-label={tr.t("quantity.more")} disabled={q >= l.max}
                        onclick={set(q + 1)}>{ "+" }</button>
            </div>
            if q >= l.max {
                if let Some(why) = &l.max_reason {
                    <p class="so-limit-note"><bdi>{ why.clone() }</bdi></p>
                }
            }
            <button type="button" class="so-line-remove" aria-label={tr.fmt("cart.line.remove_named", &[("name", &name)])}
                    onclick={set(0)}>{ tr.t("cart.line.remove") }</button>
        </li>
    }
}
