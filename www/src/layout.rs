//! Measuring the `<video>` element: its content box within its offset parent (where the overlay
//! root goes) and what the engine needs for object-fit geometry.

use overlay::{Layout, ObjectFit, ObjectPosition, Size};
use web_sys::{HtmlElement, HtmlVideoElement};

/// The cheap per-frame readings; when they change, the layout is measured again.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct BoxKey {
    offset: (i32, i32, i32, i32),
    client: (i32, i32, i32, i32),
    intrinsic: (u32, u32),
}

impl BoxKey {
    pub fn read(v: &HtmlVideoElement) -> BoxKey {
        BoxKey {
            offset: (
                v.offset_left(),
                v.offset_top(),
                v.offset_width(),
                v.offset_height(),
            ),
            client: (
                v.client_left(),
                v.client_top(),
                v.client_width(),
                v.client_height(),
            ),
            intrinsic: (v.video_width(), v.video_height()),
        }
    }
}

/// The measured layout: where the overlay root goes and what the engine needs.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct Measured {
    /// Content-box rectangle of the video in its offset parent's coordinates.
    pub left: f64,
    pub top: f64,
    pub layout: Layout,
}

fn px(s: &str) -> f64 {
    s.trim()
        .strip_suffix("px")
        .and_then(overlay::small::decimal)
        .unwrap_or(0.0)
}

/// Measures with computed style; call when [`BoxKey`] changed or on an explicit relayout.
pub fn measure(v: &HtmlVideoElement) -> Measured {
    let (mut pl, mut pt, mut pr, mut pb) = (0.0, 0.0, 0.0, 0.0);
    let (mut fit, mut pos, mut rtl) = (ObjectFit::Contain, ObjectPosition::default(), false);
    if let Some(style) = web_sys::window().and_then(|w| w.get_computed_style(v).ok().flatten()) {
        let read = |name: &str| style.get_property_value(name).unwrap_or_default();
        pl = px(&read("padding-left"));
        pt = px(&read("padding-top"));
        pr = px(&read("padding-right"));
        pb = px(&read("padding-bottom"));
        fit = ObjectFit::parse(&read("object-fit"));
        pos = ObjectPosition::parse(&read("object-position")).unwrap_or_default();
        rtl = read("direction").trim() == "rtl";
    }
    let w = (f64::from(v.client_width()) - pl - pr).max(0.0);
    let h = (f64::from(v.client_height()) - pt - pb).max(0.0);
    Measured {
        left: f64::from(v.offset_left() + v.client_left()) + pl,
        top: f64::from(v.offset_top() + v.client_top()) + pt,
        layout: Layout {
            element: Size { w, h },
            intrinsic: Size {
                w: f64::from(v.video_width()),
                h: f64::from(v.video_height()),
            },
            fit,
            position: pos,
            rtl,
            safe: overlay::Insets::default(),
        },
    }
}

/// Puts the overlay root exactly over the video's content box. It is the video's next sibling
/// and absolutely positioned, so it shares the video's containing block, scrolls with it, and
/// goes fullscreen with the video's container.
pub fn place_root(root: &HtmlElement, m: &Measured) {
    let style = root.style();
    let _ = style.set_property("left", &css_px(m.left));
    let _ = style.set_property("top", &css_px(m.top));
    let _ = style.set_property("width", &css_px(m.layout.element.w));
    let _ = style.set_property("height", &css_px(m.layout.element.h));
}

/// A CSS pixel length with two decimals (placements are quantized to 0.01 px), written with
/// integer arithmetic: core's float formatting would add ~20 KiB to the Wasm bundle.
pub fn css_px(v: f64) -> String {
    let mut s = String::with_capacity(12);
    push_px(&mut s, v);
    s
}

/// Appends `v` as a CSS pixel length to `out` (no allocation once `out` has room).
pub fn push_px(out: &mut String, v: f64) {
    let h = if v.is_finite() {
        (v * 100.0).round() as i64
    } else {
        0
    };
    if h < 0 {
        out.push('-');
    }
    let h = h.unsigned_abs();
    push_u64(out, h / 100);
    out.push('.');
    let c = h % 100;
    out.push(char::from(b'0' + (c / 10) as u8));
    out.push(char::from(b'0' + (c % 10) as u8));
    out.push_str("px");
}

fn push_u64(out: &mut String, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &d in &digits[i..] {
        out.push(char::from(d));
    }
}
