//! Yew components of the shoppable overlay: they render engine state and hold no business logic.
//!
//! Per-frame motion does not go through the virtual DOM: each tag registers its element in a
//! [`MotionRegistry`], and the frame loop writes transforms through it directly.

pub mod components;
mod focus;
mod motion;
mod view;

pub use components::product_card::{
    AddState, DealView, ProductCard, ProductCardProps, ProductView, VariantView,
};
pub use components::product_tag::ProductTag;
pub use components::shop_layer::{CardView, ShopAction, ShopLayer, ShopLayerProps};
pub use components::tag_layer::{TagLayer, TagLayerProps};
pub use motion::{css_px, MotionRegistry};
pub use view::{
    CartLineView, CartView, CheckoutView, PinView, ShelfItem, ShelfView, TagActivation, TagView,
};
