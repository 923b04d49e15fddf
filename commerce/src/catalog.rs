//! The sample catalog the reference server seeds on first run: the products of the demo video
//! and more, with size/colour variants, stock, prices in minor units and compare-at prices.

/// How a product's variants are cut.
#[derive(Clone, Copy)]
pub enum Cut {
    /// One size, several colours.
    Colours(&'static [&'static str]),
    /// Clothing sizes in two colours.
    Sizes(&'static [&'static str], &'static [&'static str]),
}

/// (id, title, colour of its image, price in cents, compare-at price, variants).
pub type Seed = (
    &'static str,
    &'static str,
    &'static str,
    i64,
    Option<i64>,
    Cut,
);

const TONES: &[&str] = &["Black", "Sand", "Olive"];
const TWO: &[&str] = &["Black", "White"];
const SIZES: &[&str] = &["S", "M", "L", "XL"];
const SHOES: &[&str] = &["40", "41", "42", "43", "44"];

pub const PRODUCTS: &[Seed] = &[
    (
        "p-tote",
        "Canvas Tote Bag",
        "#E0B04A",
        3400,
        Some(4200),
        Cut::Colours(TONES),
    ),
    (
        "p-sneaker",
        "Trail Runner Sneaker",
        "#E5533D",
        8900,
        Some(11900),
        Cut::Sizes(SHOES, TWO),
    ),
    (
        "p-watch",
        "Field Watch",
        "#4A90E2",
        14900,
        None,
        Cut::Colours(TONES),
    ),
    (
        "p-shades",
        "Aviator Sunglasses",
        "#9B59B6",
        5900,
        Some(7900),
        Cut::Colours(TWO),
    ),
    (
        "p-mug",
        "Stoneware Mug",
        "#1ABC9C",
        1800,
        None,
        Cut::Colours(TONES),
    ),
    (
        "p-phones",
        "Studio Headphones",
        "#F39C12",
        12900,
        Some(15900),
        Cut::Colours(TWO),
    ),
    (
        "p-lamp",
        "Desk Lamp",
        "#2ECC71",
        6400,
        None,
        Cut::Colours(TWO),
    ),
    (
        "p-pack",
        "Roll-top Backpack",
        "#C0392B",
        9800,
        Some(12000),
        Cut::Colours(TONES),
    ),
    (
        "p-scarf",
        "Merino Scarf",
        "#D35400",
        4500,
        None,
        Cut::Colours(TONES),
    ),
    (
        "p-bottle",
        "Steel Bottle",
        "#7F8C8D",
        2600,
        Some(3200),
        Cut::Colours(TWO),
    ),
    (
        "p-cap",
        "Washed Cap",
        "#16A085",
        2200,
        None,
        Cut::Colours(TONES),
    ),
    (
        "p-case",
        "Phone Case",
        "#8E44AD",
        2900,
        Some(3900),
        Cut::Colours(TWO),
    ),
    (
        "p-candle",
        "Soy Candle",
        "#F1C40F",
        1900,
        None,
        Cut::Colours(TONES),
    ),
    (
        "p-ring",
        "Silver Ring",
        "#BDC3C7",
        7400,
        Some(8900),
        Cut::Sizes(&["6", "7", "8", "9"], &["Silver"]),
    ),
    (
        "p-tee",
        "Organic Cotton Tee",
        "#34495E",
        2500,
        Some(3000),
        Cut::Sizes(SIZES, TWO),
    ),
    (
        "p-hoodie",
        "Fleece Hoodie",
        "#5D6D7E",
        6900,
        Some(8500),
        Cut::Sizes(SIZES, TONES),
    ),
    (
        "p-jeans",
        "Straight Jeans",
        "#2E4053",
        7900,
        None,
        Cut::Sizes(SIZES, &["Indigo", "Black"]),
    ),
    (
        "p-jacket",
        "Rain Jacket",
        "#117A65",
        13900,
        Some(16900),
        Cut::Sizes(SIZES, TWO),
    ),
    (
        "p-socks",
        "Wool Socks (3 pack)",
        "#A04000",
        1600,
        None,
        Cut::Sizes(&["S", "M", "L"], TONES),
    ),
    (
        "p-beanie",
        "Ribbed Beanie",
        "#6C3483",
        2000,
        None,
        Cut::Colours(TONES),
    ),
    (
        "p-wallet",
        "Leather Wallet",
        "#784212",
        4900,
        Some(5900),
        Cut::Colours(TWO),
    ),
    (
        "p-belt",
        "Canvas Belt",
        "#B7950B",
        2400,
        None,
        Cut::Sizes(&["S", "M", "L"], TWO),
    ),
    (
        "p-speaker",
        "Pocket Speaker",
        "#1F618D",
        5400,
        Some(6900),
        Cut::Colours(TWO),
    ),
    (
        "p-charger",
        "Fast Charger",
        "#515A5A",
        2900,
        None,
        Cut::Colours(TWO),
    ),
    (
        "p-notebook",
        "Dot Notebook",
        "#B03A2E",
        1400,
        None,
        Cut::Colours(TONES),
    ),
    (
        "p-pen",
        "Brass Pen",
        "#D4AC0D",
        3900,
        None,
        Cut::Colours(&["Brass"]),
    ),
    (
        "p-plant",
        "Potted Fern",
        "#239B56",
        2800,
        Some(3500),
        Cut::Colours(&["Green"]),
    ),
    (
        "p-blanket",
        "Knit Throw",
        "#CA6F1E",
        8900,
        None,
        Cut::Colours(TONES),
    ),
    (
        "p-towel",
        "Linen Towel Set",
        "#7FB3D5",
        3900,
        Some(4900),
        Cut::Colours(TWO),
    ),
    (
        "p-grinder",
        "Coffee Grinder",
        "#6E2C00",
        9900,
        Some(12900),
        Cut::Colours(TWO),
    ),
    (
        "p-kettle",
        "Pour-over Kettle",
        "#909497",
        5900,
        None,
        Cut::Colours(TWO),
    ),
    (
        "p-yoga",
        "Yoga Mat",
        "#48C9B0",
        4800,
        Some(6000),
        Cut::Colours(TONES),
    ),
];

/// The variants of a product: (variant id, size, colour).
pub fn variants(id: &str, cut: Cut) -> Vec<(String, Option<&'static str>, &'static str)> {
    let slug = |s: &str| s.to_ascii_lowercase().replace(' ', "-");
    match cut {
        Cut::Colours(colours) => colours
            .iter()
            .map(|c| (format!("{id}-{}", slug(c)), None, *c))
            .collect(),
        Cut::Sizes(sizes, colours) => colours
            .iter()
            .flat_map(|c| {
                sizes
                    .iter()
                    .map(move |s| (format!("{id}-{}-{}", slug(c), slug(s)), Some(*s), *c))
            })
            .collect(),
    }
}

/// The colour a swatch shows for a colour the catalogue names (none for a name it does not
/// know: that axis is then shown as words).
pub fn swatch(colour: &str) -> Option<&'static str> {
    Some(match colour.to_ascii_lowercase().as_str() {
        "black" => "#1d1d1f",
        "white" => "#f4f4f1",
        "sand" => "#d8c8a8",
        "olive" => "#6b7a3a",
        "red" => "#c8102e",
        "blue" => "#2b5fad",
        "green" => "#2e7d4f",
        "grey" | "gray" => "#8a8d91",
        "navy" => "#1f2a44",
        "indigo" => "#3b4a8c",
        "brown" => "#6e4b2a",
        _ => return None,
    })
}

/// A product's option axes for the API, from its variants' options (`[{ "name": "color",
/// "label": "Color", "values": [{ "value": "Black", "label": "Black", "swatch": "#1d1d1f" }]
/// }, { "name": "size", … }]`): colour first, then size, each value in the variants' order.
/// `word` gives the shopper's word for an axis (`axis:color`) or a value (`value:Black`);
/// where it has none the label is the English one.
pub fn axes(
    variants: &[serde_json::Value],
    word: impl Fn(&str) -> Option<String>,
) -> serde_json::Value {
    let mut out = Vec::new();
    for (name, english) in [("color", "Color"), ("size", "Size")] {
        let mut values: Vec<&str> = Vec::new();
        for v in variants {
            if let Some(x) = v["options"][name].as_str() {
                if !values.contains(&x) {
                    values.push(x);
                }
            }
        }
        if values.is_empty() {
            continue;
        }
        let values: Vec<serde_json::Value> = values
            .iter()
            .map(|x| {
                let label = word(&format!("value:{x}")).unwrap_or_else(|| x.to_string());
                match (name, swatch(x)) {
                    ("color", Some(s)) => {
                        serde_json::json!({ "value": x, "label": label, "swatch": s })
                    }
                    _ => serde_json::json!({ "value": x, "label": label }),
                }
            })
            .collect();
        let label = word(&format!("axis:{name}")).unwrap_or_else(|| english.to_string());
        out.push(serde_json::json!({ "name": name, "label": label, "values": values }));
    }
    serde_json::Value::Array(out)
}

/// Deterministic stock, 0 to 24: a few variants sold out, so availability shows.
pub fn stock(variant: &str) -> i64 {
    let h = variant.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    });
    let s = (h % 25) as i64;
    if s < 3 {
        0
    } else {
        s
    }
}

/// A generated product image (SVG): the product's colour and initials. Text is escaped.
pub fn image_svg(title: &str, colour: &str) -> String {
    let initials: String = title
        .split_whitespace()
        .filter_map(|w| w.chars().next())
        .filter(|c| c.is_alphanumeric())
        .take(2)
        .collect();
    let esc = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
    };
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 400 400\" role=\"img\" \
         aria-label=\"{t}\"><rect width=\"400\" height=\"400\" fill=\"#F4F1EC\"/>\
         <rect x=\"60\" y=\"60\" width=\"280\" height=\"280\" rx=\"36\" fill=\"{c}\"/>\
         <text x=\"200\" y=\"228\" font-family=\"sans-serif\" font-size=\"96\" font-weight=\"700\" \
         text-anchor=\"middle\" fill=\"#fff\">{i}</text></svg>",
        t = esc(title),
        c = esc(colour),
        i = esc(&initials)
    )
}
