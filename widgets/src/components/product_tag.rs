//! A product tag: a real button on the product, named for assistive technology.

use web_sys::HtmlElement;
use yew::prelude::*;

use crate::motion::MotionRegistry;
use crate::view::{TagActivation, TagView};

#[derive(Properties, Clone, PartialEq)]
pub struct ProductTagProps {
    pub view: TagView,
    pub registry: MotionRegistry,
    pub on_activate: Callback<TagActivation>,
}

/// The button is positioned by the [`MotionRegistry`]; it renders no style attribute, so the
/// page's Content-Security-Policy needs no `'unsafe-inline'`.
#[function_component(ProductTag)]
pub fn product_tag(props: &ProductTagProps) -> Html {
    let node = use_node_ref();
    {
        let node = node.clone();
        let registry = props.registry.clone();
        let index = props.view.index;
        use_effect_with(index, move |&index| {
            if let Some(el) = node.cast::<HtmlElement>() {
                registry.register(index, el);
            }
            move || registry.unregister(index)
        });
    }
    let onclick = {
        let cb = props.on_activate.clone();
        let index = props.view.index;
        // A click synthesized from Enter or Space on a focused button has detail 0.
        Callback::from(move |e: MouseEvent| {
            cb.emit(TagActivation {
                index,
                keyboard: e.detail() == 0,
            })
        })
    };
    let v = &props.view;
    html! {
        <button
            ref={node}
            type="button"
            class="so-tag"
            aria-label={v.name.clone()}
            data-tag-id={v.tag_id.clone()}
            data-product-id={v.product_id.clone()}
            {onclick}
        >
            <span class="so-dot" aria-hidden="true"></span>
            if let Some(b) = &v.badge {
                <span class="so-badge" aria-hidden="true">{ b.clone() }</span>
            }
            // An author's label always shows; otherwise the name shows on hover and focus.
            <span class={classes!("so-label", v.label.is_some().then_some("so-label--always"))}
                  aria-hidden="true">
                { v.label.clone().unwrap_or_else(|| v.name.clone()) }
            </span>
        </button>
    }
}
