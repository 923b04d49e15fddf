//! Yew components of the shoppable overlay's shop (card, cart, pin card, shelf): they render
//! engine state and hold no business logic. The tags are not here: the viewer's first load
//! writes them to the DOM itself (`www::tags`), without yew.

pub mod components;
mod focus;
mod held;
pub mod i18n;
mod sheet;
mod view;

pub use components::option_group::{ChoiceView, OptionGroupView};
pub use components::product_card::{
    AddState, DealView, ProductCard, ProductCardProps, ProductView,
};
pub use components::shop_layer::{CardView, ShopAction, ShopLayer, ShopLayerProps};
pub use focus::close_dialogs;
pub use i18n::{use_tr, Tr};
pub use view::{CartLineView, CartView, CheckoutView, PinView, ShelfItem, ShelfView};
