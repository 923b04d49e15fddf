//! The plain data the components render: what the engine decided, ready for display.

use yew::AttrValue;

/// One cart line, ready to show (prices formatted by the web side).
#[derive(Clone, Debug, PartialEq)]
pub struct CartLineView {
    pub variant: AttrValue,
    pub title: AttrValue,
    /// "M · Black".
    pub options: AttrValue,
    pub image: Option<AttrValue>,
    pub quantity: u32,
    /// The most the stepper allows (stock, a deal's per-customer limit, the per-line limit).
    pub max: u32,
    /// Why it allows no more, in words, shown once the quantity reaches `max`.
    pub max_reason: Option<AttrValue>,
    pub line_total: AttrValue,
    /// Changed here, not yet confirmed by the shop.
    pub pending: bool,
}

/// Where checking out stands.
#[derive(Clone, Debug, PartialEq)]
pub enum CheckoutView {
    Idle,
    Pending,
    /// The order was placed: its id, the number the viewer reads, and the formatted total.
    Placed {
        order: AttrValue,
        number: AttrValue,
        total: AttrValue,
    },
    /// The app took the checkout over (its own checkout screen): nothing is ordered yet.
    HandedOff,
}

/// The cart as the viewer sees it: optimistic lines, the subtotal, and what to explain.
#[derive(Clone, Debug, PartialEq)]
pub struct CartView {
    pub lines: std::rc::Rc<[CartLineView]>,
    /// Items in the cart (sum of quantities): the badge.
    pub count: u32,
    pub subtotal: AttrValue,
    pub checkout: CheckoutView,
    /// Why the last change was undone ("Only 2 left of Canvas Tote Bag."), in the viewer's
    /// language.
    pub notice: Option<AttrValue>,
    /// Changes not yet confirmed by the shop (removals included, which have no line to mark).
    pub syncing: bool,
}

/// The product a LIVE host pinned, ready to show.
#[derive(Clone, Debug, PartialEq)]
pub struct PinView {
    pub product: AttrValue,
    pub title: AttrValue,
    pub image: Option<AttrValue>,
    pub price: AttrValue,
    pub compare_at: Option<AttrValue>,
    /// "Flash deal · ends in 04:59".
    pub deal: Option<AttrValue>,
    /// The same for screen readers, the deal timer's name ("Flash deal, ends in 4 minutes, 59
    /// seconds").
    pub deal_label: Option<AttrValue>,
    /// Other pinned products (reachable from the shop shelf).
    pub more: u32,
}

/// One product on the shop shelf.
#[derive(Clone, Debug, PartialEq)]
pub struct ShelfItem {
    pub product: AttrValue,
    pub title: AttrValue,
    pub image: Option<AttrValue>,
    /// The price offered now (a live deal's price).
    pub price: AttrValue,
    pub compare_at: Option<AttrValue>,
    /// "−20% · 04:59", "Starts 01:30".
    pub badge: Option<AttrValue>,
    /// The same for screen readers, the badge timer's name ("20% off, ends in 4 minutes, 59
    /// seconds").
    pub badge_label: Option<AttrValue>,
}

/// The shelf's state, as the layer shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct ShelfView {
    pub items: std::rc::Rc<[ShelfItem]>,
    pub query: AttrValue,
    pub deals_only: bool,
}
