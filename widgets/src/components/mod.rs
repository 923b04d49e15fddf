//! One component per file.

pub mod card_status;
pub mod cart_button;
pub mod cart_drawer;
pub mod cart_line;
pub mod pin_card;
pub mod product_card;
pub mod shelf;
pub mod shop_layer;
