//! The plain data the components render: what the engine decided, ready for display.

use yew::AttrValue;

/// One visible tag.
#[derive(Clone, Debug, PartialEq)]
pub struct TagView {
    /// Index of the tag in the manifest; the key of its element.
    pub index: u32,
    pub tag_id: AttrValue,
    pub product_id: AttrValue,
    /// Accessible name: the label, else the product name.
    pub name: AttrValue,
    /// The visible label text, when the tag shows one.
    pub label: Option<AttrValue>,
}

/// A tag was activated by pointer or keyboard.
#[derive(Clone, Debug, PartialEq)]
pub struct TagActivation {
    pub index: u32,
    /// Whether it came from the keyboard (Enter/Space on the focused button).
    pub keyboard: bool,
}
