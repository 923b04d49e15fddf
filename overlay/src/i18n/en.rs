//! English messages of the overlay.
use super::Text::{self, Plain, Plural};

/// What the first load (the tags) shows.
pub const VIEWER: &[(&str, Text)] = &[
    ("tags.group", Plain("Products in this video")),
    ("tags.loading", Plain("{name}, loading")),
];
/// What the shop module (card, cart, shelf, deals, LIVE) shows.
pub const SHOP: &[(&str, Text)] = &[
    ("announce.in_view", Plain("In the video now: {names}")),
    ("announce.pinned", Plain("Pinned by the host: {name}")),
    ("card.add", Plain("Add to cart")),
    ("card.added", Plain("Added to cart")),
    ("card.adding", Plain("Adding…")),
    ("card.choose_option", Plain("Choose an option")),
    (
        "card.error.deal_limit",
        Plural(&[
            ("one", "{deal} allows {count} per customer, and your cart has it."),
            ("other", "{deal} allows {count} per customer, and your cart has them."),
        ]),
    ),
    (
        "card.error.deal_limit_untitled",
        Plural(&[
            ("one", "The deal allows {count} per customer, and your cart has it."),
            ("other", "The deal allows {count} per customer, and your cart has them."),
        ]),
    ),
    (
        "card.error.have_all",
        Plural(&[
            ("one", "Only {count} of {name} is left, and it's already in your cart."),
            ("other", "You already have all {count} left of {name} in your cart."),
        ]),
    ),
    ("card.error.load_failed", Plain("This product can't be shown right now.")),
    ("card.error.sold_out", Plain("Sold out.")),
    ("card.error.unavailable", Plain("This product is no longer available.")),
    ("card.loading", Plain("Loading…")),
    ("card.one_size", Plain("One size")),
    ("card.option.chosen", Plain("{option}: {value}")),
    ("card.options", Plain("Options")),
    ("card.retry", Plain("Try again")),
    ("card.unavailable.sold_out", Plain("{options} is sold out.")),
    ("card.variant.in_cart", Plain("in your cart")),
    (
        "card.variant.left",
        Plural(&[
            ("one", "{count} left"),
            ("other", "{count} left"),
        ]),
    ),
    ("card.variant.none", Plain("not in this combination")),
    ("card.variant.sold_out", Plain("sold out")),
    ("card.view_product", Plain("View product")),
    ("cart.button.empty", Plain("Cart, empty")),
    (
        "cart.button.items",
        Plural(&[
            ("one", "Cart, {count} item"),
            ("other", "Cart, {count} items"),
        ]),
    ),
    ("cart.checking_out", Plain("Checking out…")),
    ("cart.checkout", Plain("Check out")),
    ("cart.close", Plain("Close cart")),
    ("cart.empty", Plain("Your cart is empty.")),
    ("cart.line.remove", Plain("Remove")),
    ("cart.line.remove_named", Plain("Remove {name}")),
    ("cart.subtotal", Plain("Subtotal")),
    ("cart.title", Plain("Your cart")),
    ("checkout.failed.busy", Plain("Your order was not placed. The shop is busy right now. Please try again.")),
    (
        "checkout.failed.deal_limit",
        Plural(&[
            ("one", "Your order was not placed. You can buy {count} more at the deal price."),
            ("other", "Your order was not placed. You can buy {count} more at the deal price."),
        ]),
    ),
    (
        "checkout.failed.deal_sold_out",
        Plural(&[
            ("one", "Your order was not placed. Only {count} left at the deal price."),
            ("other", "Your order was not placed. Only {count} left at the deal price."),
        ]),
    ),
    (
        "checkout.failed.limit",
        Plural(&[
            ("one", "Your order was not placed. At most {count} of each item per order."),
            ("other", "Your order was not placed. At most {count} of each item per order."),
        ]),
    ),
    ("checkout.failed.network", Plain("Your order was not placed. Couldn't reach the shop. Check your connection and try again.")),
    ("checkout.failed.not_found", Plain("Your order was not placed. An item in your cart is no longer available.")),
    (
        "checkout.failed.only_left",
        Plural(&[
            ("one", "Your order was not placed. Only {count} left of an item in your cart."),
            ("other", "Your order was not placed. Only {count} left of an item in your cart."),
        ]),
    ),
    ("checkout.failed.refused", Plain("Your order was not placed. The shop refused the order.")),
    ("checkout.failed.sold_out", Plain("Your order was not placed. An item in your cart is sold out.")),
    ("checkout.handed_off", Plain("Checkout continues in the app.")),
    ("checkout.placed.number", Plain("Order number {order}")),
    ("checkout.placed.title", Plain("Order placed")),
    ("checkout.placed.total", Plain("Total {total}")),
    ("common.close", Plain("Close")),
    ("common.keep_watching", Plain("Keep watching")),
    ("deal.badge.live", Plain("−{percent} · {time}")),
    ("deal.badge.live_spoken", Plain("{percent} off, ends in {time}")),
    ("deal.badge.upcoming", Plain("Starts {time}")),
    ("deal.badge.upcoming_spoken", Plain("Deal starts in {time}")),
    ("deal.clock.hms", Plain("{h}:{m}:{s}")),
    ("deal.clock.ms", Plain("{m}:{s}")),
    ("deal.ended", Plain("Deal ended")),
    ("deal.ended_note", Plain("The regular price applies.")),
    ("deal.live.headline", Plain("{deal} · ends in {time}")),
    ("deal.live.headline_untitled", Plain("Deal · ends in {time}")),
    ("deal.live.spoken", Plain("{deal}, ends in {time}")),
    ("deal.live.spoken_untitled", Plain("Deal ends in {time}")),
    (
        "deal.note.limit",
        Plural(&[
            ("one", "{count} per customer"),
            ("other", "{count} per customer"),
        ]),
    ),
    ("deal.note.price", Plain("{price} during the deal")),
    (
        "deal.note.stock",
        Plural(&[
            ("one", "{count} left at this price"),
            ("other", "{count} left at this price"),
        ]),
    ),
    ("deal.upcoming.headline", Plain("{deal} starts in {time}")),
    ("deal.upcoming.headline_untitled", Plain("Deal starts in {time}")),
    (
        "limit.deal",
        Plural(&[
            ("one", "{count} per customer at the deal price."),
            ("other", "{count} per customer at the deal price."),
        ]),
    ),
    (
        "limit.deal_more",
        Plural(&[
            ("one", "You can add {count} more at the deal price."),
            ("other", "You can add {count} more at the deal price."),
        ]),
    ),
    ("live.badge", Plain("LIVE")),
    ("live.pin.label", Plain("Pinned by the host")),
    (
        "live.pin.more",
        Plural(&[
            ("one", "+{count} more pinned"),
            ("other", "+{count} more pinned"),
        ]),
    ),
    ("live.pin.shop", Plain("Shop")),
    ("live.pin.shop_named", Plain("Shop {name}")),
    ("price.fallback", Plain("{amount} {currency}")),
    ("price.was", Plain("was {price}")),
    ("quantity.label", Plain("Quantity")),
    ("quantity.less", Plain("One less")),
    ("quantity.more", Plain("One more")),
    ("quantity.of", Plain("Quantity of {name}")),
    ("shelf.close", Plain("Close shop")),
    (
        "shelf.count",
        Plural(&[
            ("one", "{count} product"),
            ("other", "{count} products"),
        ]),
    ),
    ("shelf.deals_only", Plain("On deal")),
    ("shelf.none", Plain("No products match.")),
    ("shelf.open", Plain("Shop")),
    (
        "shelf.open_count",
        Plural(&[
            ("one", "{count} product"),
            ("other", "{count} products"),
        ]),
    ),
    ("shelf.search_label", Plain("Search products")),
    ("shelf.search_placeholder", Plain("Search")),
    ("shelf.title", Plain("Shop this video")),
    ("shelf.view", Plain("View")),
    ("shelf.view_named", Plain("View {name}")),
    ("status.busy", Plain("The shop is busy right now. Please try again.")),
    (
        "status.item_limit",
        Plural(&[
            ("one", "At most {count} of this item per order."),
            ("other", "At most {count} of this item per order."),
        ]),
    ),
    ("status.item_not_found", Plain("This item is no longer available.")),
    (
        "status.item_only_left",
        Plural(&[
            ("one", "Only {count} left of this item."),
            ("other", "Only {count} left of this item."),
        ]),
    ),
    ("status.item_sold_out", Plain("This item is sold out.")),
    (
        "status.limit",
        Plural(&[
            ("one", "At most {count} of {name} per order."),
            ("other", "At most {count} of {name} per order."),
        ]),
    ),
    ("status.network", Plain("Couldn't reach the shop. Check your connection and try again.")),
    ("status.not_found", Plain("{name} is no longer available.")),
    (
        "status.only_left",
        Plural(&[
            ("one", "Only {count} left of {name}."),
            ("other", "Only {count} left of {name}."),
        ]),
    ),
    ("status.refused", Plain("The shop refused the change.")),
    ("status.sold_out", Plain("{name} is sold out.")),
];
