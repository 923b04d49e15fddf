//! The sample catalogue's product pictures: flat illustrations of each product
//! (`commerce/illustrations/{id}.svg`, 400 × 400, the product over a light ground with its
//! shadow). The sample video draws the same drawings (`cargo xtask media` renders them without
//! their ground), so the card shows the product the viewer tapped. Every product of the sample
//! catalogue has one; a product a seller adds without one gets a generated picture (its colour
//! and initials).

/// The illustration of `product`, when the sample catalogue has one.
pub fn of(product: &str) -> Option<&'static str> {
    ALL.iter()
        .find(|(id, _)| *id == product)
        .map(|(_, svg)| *svg)
}

/// Every illustration: (product id, SVG).
pub const ALL: &[(&str, &str)] = &[
    ("p-beanie", include_str!("../illustrations/p-beanie.svg")),
    ("p-belt", include_str!("../illustrations/p-belt.svg")),
    ("p-blanket", include_str!("../illustrations/p-blanket.svg")),
    ("p-bottle", include_str!("../illustrations/p-bottle.svg")),
    ("p-candle", include_str!("../illustrations/p-candle.svg")),
    ("p-cap", include_str!("../illustrations/p-cap.svg")),
    ("p-case", include_str!("../illustrations/p-case.svg")),
    ("p-charger", include_str!("../illustrations/p-charger.svg")),
    ("p-grinder", include_str!("../illustrations/p-grinder.svg")),
    ("p-hoodie", include_str!("../illustrations/p-hoodie.svg")),
    ("p-jacket", include_str!("../illustrations/p-jacket.svg")),
    ("p-jeans", include_str!("../illustrations/p-jeans.svg")),
    ("p-kettle", include_str!("../illustrations/p-kettle.svg")),
    ("p-lamp", include_str!("../illustrations/p-lamp.svg")),
    ("p-mug", include_str!("../illustrations/p-mug.svg")),
    (
        "p-notebook",
        include_str!("../illustrations/p-notebook.svg"),
    ),
    ("p-pack", include_str!("../illustrations/p-pack.svg")),
    ("p-pen", include_str!("../illustrations/p-pen.svg")),
    ("p-phones", include_str!("../illustrations/p-phones.svg")),
    ("p-plant", include_str!("../illustrations/p-plant.svg")),
    ("p-ring", include_str!("../illustrations/p-ring.svg")),
    ("p-scarf", include_str!("../illustrations/p-scarf.svg")),
    ("p-shades", include_str!("../illustrations/p-shades.svg")),
    ("p-sneaker", include_str!("../illustrations/p-sneaker.svg")),
    ("p-socks", include_str!("../illustrations/p-socks.svg")),
    ("p-speaker", include_str!("../illustrations/p-speaker.svg")),
    ("p-tee", include_str!("../illustrations/p-tee.svg")),
    ("p-tote", include_str!("../illustrations/p-tote.svg")),
    ("p-towel", include_str!("../illustrations/p-towel.svg")),
    ("p-wallet", include_str!("../illustrations/p-wallet.svg")),
    ("p-watch", include_str!("../illustrations/p-watch.svg")),
    ("p-yoga", include_str!("../illustrations/p-yoga.svg")),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_illustration_is_a_whole_svg_of_its_product_with_a_ground_to_take_away() {
        for (id, svg) in ALL {
            assert!(
                svg.starts_with(
                    "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 400 400\""
                ),
                "{id}"
            );
            assert!(svg.trim_end().ends_with("</svg>"), "{id}");
            assert!(
                svg.contains("<rect class=\"bg\""),
                "{id}: the video draws it without its ground"
            );
            assert!(
                !svg.contains("<script") && !svg.contains("href"),
                "{id}: nothing but shapes"
            );
            assert!(
                crate::catalog::PRODUCTS.iter().any(|p| p.0 == *id),
                "{id} is in the catalogue"
            );
        }
    }
}
