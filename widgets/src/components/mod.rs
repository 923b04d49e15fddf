//! One component per file; and [`Isolate`], how brand text goes into a translated sentence.

pub mod card_status;
pub mod cart_button;
pub mod cart_drawer;
pub mod cart_line;
pub mod option_group;
pub mod pin_card;
pub mod product_card;
pub mod shelf;
pub mod shop_layer;
pub mod swatch;
pub mod was_price;

use crate::i18n::Tr;

/// Brand text (a product title, a deal's name) put into a message.
pub trait Isolate {
    /// `text` as a placeholder value, wrapped in Unicode isolates (U+2068 FSI … U+2069 PDI)
    /// in a right-to-left language, so a Latin title keeps its order and does not pull the
    /// sentence's punctuation around, and in any language when the text has right-to-left
    /// letters or bidi controls of its own, so an override it leaves open (U+202E) cannot
    /// reverse the rest of the sentence; unchanged otherwise. Works in attributes too, where
    /// `<bdi>` cannot go.
    fn isolate(&self, text: &str) -> String;
}

impl Isolate for Tr {
    fn isolate(&self, text: &str) -> String {
        if self.rtl() || text.chars().any(bidi_sensitive) {
            format!("\u{2068}{text}\u{2069}")
        } else {
            text.to_string()
        }
    }
}

/// A bidi control, or a letter of a right-to-left script.
fn bidi_sensitive(c: char) -> bool {
    matches!(c,
        '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
        | '\u{0590}'..='\u{08FF}' | '\u{FB1D}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFC}'
        | '\u{10800}'..='\u{10FFF}' | '\u{1E800}'..='\u{1EFFF}')
}

#[cfg(test)]
mod tests {
    use super::bidi_sensitive;

    #[test]
    fn bidi_controls_and_right_to_left_letters_are_sensitive() {
        for text in [
            "invoice\u{202E}fdp.exe",
            "\u{2066}x",
            "مرحبا",
            "שלום",
            "a\u{200F}",
        ] {
            assert!(text.chars().any(bidi_sensitive), "{text:?}");
        }
        for text in ["Field Watch", "Café crème", "👩🏽‍💻", "日本語"] {
            assert!(!text.chars().any(bidi_sensitive), "{text:?}");
        }
    }
}
