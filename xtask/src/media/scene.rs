//! The sample's scene: which products lie on the table, where each moves while its tag shows
//! (in fractions of the picture, as the manifest says them), and the camera's slow pan over the
//! table; where each product then is on screen is its path minus the camera's
//! ([`screen_path`]), the one truth both the video and its manifest are made from.

use super::{HEIGHT, WIDTH};

/// (product id, product name): each drawn from its illustration, `commerce/illustrations/{id}.svg`.
pub(super) const PRODUCTS: &[(&str, &str)] = &[
    ("p-tote", "Canvas Tote Bag"),
    ("p-sneaker", "Trail Runner Sneaker"),
    ("p-watch", "Field Watch"),
    ("p-shades", "Aviator Sunglasses"),
    ("p-mug", "Stoneware Mug"),
    ("p-phones", "Studio Headphones"),
    ("p-lamp", "Desk Lamp"),
    ("p-pack", "Roll-top Backpack"),
    ("p-scarf", "Merino Scarf"),
    ("p-bottle", "Steel Bottle"),
    ("p-cap", "Washed Cap"),
    ("p-case", "Phone Case"),
    ("p-candle", "Soy Candle"),
    ("p-ring", "Silver Ring"),
];

/// A keyframe: (t, x, y, eased segment after it).
pub(super) type K = (f64, f64, f64, bool);

/// (tag id, product id, start, end, label, path). One point = a still product.
pub(super) type SceneTag = (
    &'static str,
    &'static str,
    f64,
    f64,
    Option<&'static str>,
    &'static [K],
);

pub(super) const TAGS: &[SceneTag] = &[
    (
        "t-tote-1",
        "p-tote",
        0.0,
        8.0,
        None,
        &[(0.0, 0.20, 0.30, false)],
    ),
    (
        "t-lamp-2",
        "p-lamp",
        0.5,
        4.0,
        None,
        &[(0.0, 0.60, 0.65, false)],
    ),
    (
        "t-ring-edge",
        "p-ring",
        0.0,
        20.0,
        None,
        &[(0.0, 0.04, 0.50, false)],
    ),
    (
        "t-bottle-2",
        "p-bottle",
        1.0,
        3.0,
        None,
        &[(0.0, 0.45, 0.10, false)],
    ),
    (
        "t-sneaker",
        "p-sneaker",
        2.0,
        10.0,
        Some("Trail Runner −20%"),
        &[
            (2.0, 0.10, 0.75, false),
            (6.0, 0.50, 0.75, false),
            (10.0, 0.85, 0.60, false),
        ],
    ),
    (
        "t-watch",
        "p-watch",
        4.0,
        14.0,
        None,
        &[(0.0, 0.75, 0.25, false)],
    ),
    (
        "t-flash",
        "p-watch",
        5.0,
        5.5,
        Some("Flash deal: Field Watch"),
        &[(0.0, 0.50, 0.88, false)],
    ),
    (
        "t-cap-2",
        "p-cap",
        6.0,
        9.0,
        None,
        &[(0.0, 0.35, 0.55, false)],
    ),
    (
        "t-shades",
        "p-shades",
        8.0,
        18.0,
        None,
        &[
            (8.0, 0.20, 0.20, true),
            (13.0, 0.80, 0.35, false),
            (18.0, 0.60, 0.70, false),
        ],
    ),
    (
        "t-mug",
        "p-mug",
        10.0,
        16.0,
        None,
        &[(0.0, 0.50, 0.50, false)],
    ),
    (
        "t-phones",
        "p-phones",
        12.0,
        24.0,
        Some("Studio Headphones"),
        &[
            (12.0, 0.30, 0.40, false),
            (15.0, 0.45, 0.25, false),
            (18.0, 0.60, 0.40, false),
            (21.0, 0.45, 0.55, false),
            (24.0, 0.30, 0.40, false),
        ],
    ),
    (
        "t-lamp",
        "p-lamp",
        15.0,
        22.0,
        None,
        &[(0.0, 0.15, 0.62, false)],
    ),
    (
        "t-pack",
        "p-pack",
        16.0,
        26.0,
        None,
        &[(0.0, 0.85, 0.80, false)],
    ),
    (
        "t-scarf",
        "p-scarf",
        20.0,
        30.0,
        None,
        &[(20.0, 0.10, 0.12, false), (30.0, 0.70, 0.85, false)],
    ),
    (
        "t-ring-2",
        "p-ring",
        20.0,
        40.0,
        None,
        &[(0.0, 0.96, 0.50, false)],
    ),
    (
        "t-bottle",
        "p-bottle",
        22.0,
        30.0,
        None,
        &[(0.0, 0.40, 0.20, false)],
    ),
    (
        "t-cap",
        "p-cap",
        24.0,
        32.0,
        None,
        &[(0.0, 0.65, 0.55, false)],
    ),
    (
        "t-case",
        "p-case",
        26.0,
        36.0,
        None,
        &[
            (26.0, 0.90, 0.20, true),
            (31.0, 0.50, 0.45, true),
            (36.0, 0.88, 0.70, false),
        ],
    ),
    (
        "t-candle",
        "p-candle",
        30.0,
        38.0,
        None,
        &[(0.0, 0.30, 0.80, false)],
    ),
    (
        "t-tote-2",
        "p-tote",
        32.0,
        40.0,
        None,
        &[(0.0, 0.75, 0.40, false)],
    ),
    (
        "t-mug-2",
        "p-mug",
        34.0,
        40.0,
        None,
        &[(0.0, 0.55, 0.15, false)],
    ),
    (
        "t-sneaker-2",
        "p-sneaker",
        36.0,
        40.0,
        None,
        &[(36.0, 0.20, 0.50, false), (40.0, 0.40, 0.60, false)],
    ),
];

/// A product's size in pixels of the 960×540 picture (its illustration's square).
pub(super) const SPRITE: u32 = 76;

/// The table reaches this far past each edge of the picture (a fraction of its size), for the
/// camera to pan over.
pub(super) const PAD: f64 = 0.05;

/// The camera's path: (t, x, y) its offset from the table's middle, in fractions of the
/// picture, linear between points. It holds still while a product's eased segment plays.
pub(super) const CAMERA: &[(f64, f64, f64)] = &[
    (0.0, -0.04, -0.03),
    (8.0, 0.02, 0.03),
    (13.0, 0.02, 0.03),
    (26.0, -0.025, -0.025),
    (36.0, -0.025, -0.025),
    (40.0, 0.0, 0.0),
];

/// The table's size in pixels: the picture and its margins, even for the encoder.
pub(super) fn world() -> (u32, u32) {
    let grow = |n: u32| ((f64::from(n) * (1.0 + 2.0 * PAD) / 2.0).round() as u32) * 2;
    (grow(WIDTH), grow(HEIGHT))
}

/// A piecewise-linear (or eased) path's value at `t`, clamped at its ends.
pub(super) fn at(path: &[K], t: f64) -> (f64, f64) {
    let (Some(first), Some(last)) = (path.first(), path.last()) else {
        return (0.0, 0.0);
    };
    if t <= first.0 {
        return (first.1, first.2);
    }
    for w in path.windows(2) {
        let (a, b) = (&w[0], &w[1]);
        if t < b.0 {
            let u = (t - a.0) / (b.0 - a.0);
            let e = if a.3 { u * u * (3.0 - 2.0 * u) } else { u };
            return (a.1 + (b.1 - a.1) * e, a.2 + (b.2 - a.2) * e);
        }
    }
    (last.1, last.2)
}

/// The camera's path as keyframes.
pub(super) fn camera() -> Vec<K> {
    CAMERA.iter().map(|&(t, x, y)| (t, x, y, false)).collect()
}

/// Where a tag's product is on screen: its path on the table minus the camera's, with a
/// keyframe at the tag's start and end and wherever either path bends in between. A segment
/// keeps its product segment's easing (the camera is still there).
pub(super) fn screen_path(start: f64, end: f64, path: &[K]) -> Vec<K> {
    let cam = camera();
    let mut times: Vec<f64> = vec![start, end];
    times.extend(
        path.iter()
            .map(|k| k.0)
            .chain(cam.iter().map(|k| k.0))
            .filter(|&t| t > start && t < end),
    );
    times.sort_by(f64::total_cmp);
    times.dedup();
    let round = |v: f64| (v * 10_000.0).round() / 10_000.0;
    times
        .iter()
        .map(|&t| {
            let (px, py) = at(path, t);
            let (cx, cy) = at(&cam, t);
            // The product segment under way just after `t` (a still product has none).
            let eased = path.windows(2).any(|w| w[0].3 && w[0].0 <= t && t < w[1].0);
            (t, round(px - cx), round(py - cy), eased)
        })
        .collect()
}
