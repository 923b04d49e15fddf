//! The tag layer: every visible product tag, keyed by tag index.

use std::rc::Rc;

use yew::prelude::*;

use crate::components::product_tag::ProductTag;
use crate::motion::MotionRegistry;
use crate::view::{TagActivation, TagView};

#[derive(Properties, Clone, PartialEq)]
pub struct TagLayerProps {
    /// The visible tags, in manifest order.
    pub tags: Rc<[TagView]>,
    pub registry: MotionRegistry,
    pub on_activate: Callback<TagActivation>,
    /// Accessible name of the group ("Products in this video").
    #[prop_or(AttrValue::Static("Products in this video"))]
    pub name: AttrValue,
}

/// Re-renders only when the set of visible tags changes; motion bypasses it.
#[function_component(TagLayer)]
pub fn tag_layer(props: &TagLayerProps) -> Html {
    html! {
        <div class="so-layer" role="group" aria-label={props.name.clone()}>
            { for props.tags.iter().map(|v| html! {
                <ProductTag
                    key={v.index}
                    view={v.clone()}
                    registry={props.registry.clone()}
                    on_activate={props.on_activate.clone()}
                />
            }) }
        </div>
    }
}
