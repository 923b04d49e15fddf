//! One component per file; and [`Isolate`], how brand text goes into a translated sentence.

pub mod card_status;
pub mod cart_button;
pub mod cart_drawer;
pub mod cart_line;
pub mod pin_card;
pub mod product_card;
pub mod shelf;
pub mod shop_layer;

use crate::i18n::Tr;

/// Brand text (a product title, a deal's name) put into a message.
pub trait Isolate {
    /// `text` as a placeholder value: in a right-to-left language wrapped in Unicode isolates
    /// (U+2068 FSI … U+2069 PDI), so a Latin title keeps its order and does not pull the
    /// sentence's punctuation around; unchanged otherwise. Works in attributes too, where
    /// `<bdi>` cannot go.
    fn isolate(&self, text: &str) -> String;
}

impl Isolate for Tr {
    fn isolate(&self, text: &str) -> String {
        if self.rtl() {
            format!("\u{2068}{text}\u{2069}")
        } else {
            text.to_string()
        }
    }
}
