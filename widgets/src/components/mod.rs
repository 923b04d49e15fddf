//! One component per file.

pub mod product_card;
pub mod product_tag;
pub mod tag_layer;
