//! Layout geometry: where the picture sits inside a `<video>` element under `object-fit` and
//! `object-position`, and where a normalized video point lands in CSS pixels.

/// A size in CSS pixels.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct Size {
    pub w: f64,
    pub h: f64,
}

/// A point in CSS pixels.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

/// A rectangle in CSS pixels; `(x, y)` is its top-left corner.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Rect {
    /// Whether `p` lies inside, edges included.
    pub fn contains(&self, p: Point) -> bool {
        p.x >= self.x && p.x <= self.x + self.w && p.y >= self.y && p.y <= self.y + self.h
    }

    /// The part of both rectangles (zero width or height when they do not meet).
    pub fn intersect(&self, o: Rect) -> Rect {
        let x = self.x.max(o.x);
        let y = self.y.max(o.y);
        Rect {
            x,
            y,
            w: ((self.x + self.w).min(o.x + o.w) - x).max(0.0),
            h: ((self.y + self.h).min(o.y + o.h) - y).max(0.0),
        }
    }

    /// Smaller by `d` on every side; `None` when nothing is left.
    pub fn shrink(&self, d: f64) -> Option<Rect> {
        let r = Rect {
            x: self.x + d,
            y: self.y + d,
            w: self.w - 2.0 * d,
            h: self.h - 2.0 * d,
        };
        (r.w >= 0.0 && r.h >= 0.0).then_some(r)
    }

    /// The point of the rectangle nearest `p` (never panics, whatever the numbers).
    pub fn clamp(&self, p: Point) -> Point {
        Point {
            x: p.x.max(self.x).min(self.x + self.w),
            y: p.y.max(self.y).min(self.y + self.h),
        }
    }
}

/// The CSS `object-fit` values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum ObjectFit {
    Fill,
    #[default]
    Contain,
    Cover,
    None,
    ScaleDown,
}

impl ObjectFit {
    /// Parses a computed `object-fit` value. Unknown values fall back to `contain`, the
    /// `<video>` default, since that is what the browser draws.
    pub fn parse(css: &str) -> ObjectFit {
        match css.trim() {
            "fill" => ObjectFit::Fill,
            "cover" => ObjectFit::Cover,
            "none" => ObjectFit::None,
            "scale-down" => ObjectFit::ScaleDown,
            _ => ObjectFit::Contain,
        }
    }
}

/// One axis of `object-position`: an offset from the start or the end edge.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Offset {
    /// A percentage of the free space (`box - picture`), 0..100 for the usual keywords.
    Percent(f64),
    /// CSS pixels from the start edge (left/top).
    Px(f64),
    /// CSS pixels from the end edge (right/bottom).
    PxFromEnd(f64),
}

impl Offset {
    fn resolve(self, free: f64) -> f64 {
        match self {
            Offset::Percent(p) => free * p / 100.0,
            Offset::Px(px) => px,
            Offset::PxFromEnd(px) => free - px,
        }
    }
}

/// The CSS `object-position` value.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ObjectPosition {
    pub x: Offset,
    pub y: Offset,
}

impl Default for ObjectPosition {
    fn default() -> Self {
        ObjectPosition {
            x: Offset::Percent(50.0),
            y: Offset::Percent(50.0),
        }
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Tok {
    Left,
    Right,
    Top,
    Bottom,
    Center,
    Len(Offset),
}

fn token(s: &str) -> Option<Tok> {
    Some(match s {
        "left" => Tok::Left,
        "right" => Tok::Right,
        "top" => Tok::Top,
        "bottom" => Tok::Bottom,
        "center" => Tok::Center,
        _ => {
            if let Some(p) = s.strip_suffix('%') {
                Tok::Len(Offset::Percent(crate::small::decimal(p)?))
            } else if let Some(px) = s.strip_suffix("px") {
                Tok::Len(Offset::Px(crate::small::decimal(px)?))
            } else if s == "0" {
                Tok::Len(Offset::Px(0.0))
            } else {
                return None;
            }
        }
    })
}

fn is_horizontal(t: Tok) -> bool {
    matches!(t, Tok::Left | Tok::Right)
}

fn is_vertical(t: Tok) -> bool {
    matches!(t, Tok::Top | Tok::Bottom)
}

/// The offset a keyword stands for, or with a following length, the edge-relative offset.
fn edge(kw: Tok, len: Option<Offset>) -> Option<Offset> {
    let px = |o: Offset| match o {
        Offset::Px(v) => Some(v),
        _ => None,
    };
    Some(match (kw, len) {
        (Tok::Center, None) => Offset::Percent(50.0),
        (Tok::Left | Tok::Top, None) => Offset::Percent(0.0),
        (Tok::Right | Tok::Bottom, None) => Offset::Percent(100.0),
        (Tok::Left | Tok::Top, Some(o)) => o,
        (Tok::Right | Tok::Bottom, Some(Offset::Percent(p))) => Offset::Percent(100.0 - p),
        (Tok::Right | Tok::Bottom, Some(o)) => Offset::PxFromEnd(px(o)?),
        _ => return None,
    })
}

impl ObjectPosition {
    /// Parses a CSS `object-position` (1 to 4 values: keywords, percentages, `px` lengths).
    /// Returns `None` for what it cannot read (`calc()`, `em`), and the caller then uses the
    /// default `50% 50%`.
    pub fn parse(css: &str) -> Option<ObjectPosition> {
        let toks: Vec<Tok> = css
            .split_whitespace()
            .map(token)
            .collect::<Option<Vec<_>>>()?;
        let (x, y) = match toks.as_slice() {
            [a] => match *a {
                Tok::Top | Tok::Bottom => (Offset::Percent(50.0), edge(*a, None)?),
                Tok::Len(o) => (o, Offset::Percent(50.0)),
                _ => (edge(*a, None)?, Offset::Percent(50.0)),
            },
            [a, b] => {
                let (h, v) = if is_vertical(*a) || is_horizontal(*b) {
                    (*b, *a)
                } else {
                    (*a, *b)
                };
                if is_vertical(h) || is_horizontal(v) {
                    return None;
                }
                let get = |t: Tok| match t {
                    Tok::Len(o) => Some(o),
                    k => edge(k, None),
                };
                (get(h)?, get(v)?)
            }
            [_, _, _] | [_, _, _, _] => {
                // Edge-offset syntax: keyword [length] keyword [length].
                let mut parts: Vec<(Tok, Option<Offset>)> = Vec::new();
                for t in toks {
                    match (t, parts.last_mut()) {
                        (Tok::Len(o), Some(last)) if last.1.is_none() && last.0 != Tok::Center => {
                            last.1 = Some(o)
                        }
                        (Tok::Len(_), _) => return None,
                        (k, _) => parts.push((k, None)),
                    }
                }
                let [a, b] = parts.as_slice() else {
                    return None;
                };
                let (h, v) = if is_vertical(a.0) || is_horizontal(b.0) {
                    (b, a)
                } else {
                    (a, b)
                };
                if is_vertical(h.0) || is_horizontal(v.0) {
                    return None;
                }
                (edge(h.0, h.1)?, edge(v.0, v.1)?)
            }
            _ => return None,
        };
        Some(ObjectPosition { x, y })
    }
}

/// The rectangle the picture (intrinsic size `intrinsic`) occupies inside an element whose
/// content box is `element`, relative to that content box. It can extend past the box (`cover`,
/// `none`); the browser clips what does.
pub fn picture_rect(element: Size, intrinsic: Size, fit: ObjectFit, pos: ObjectPosition) -> Rect {
    if element.w <= 0.0 || element.h <= 0.0 || intrinsic.w <= 0.0 || intrinsic.h <= 0.0 {
        return Rect::default();
    }
    let contain = (element.w / intrinsic.w).min(element.h / intrinsic.h);
    let cover = (element.w / intrinsic.w).max(element.h / intrinsic.h);
    let (w, h) = match fit {
        ObjectFit::Fill => (element.w, element.h),
        ObjectFit::Contain => (intrinsic.w * contain, intrinsic.h * contain),
        ObjectFit::Cover => (intrinsic.w * cover, intrinsic.h * cover),
        ObjectFit::None => (intrinsic.w, intrinsic.h),
        ObjectFit::ScaleDown => {
            let s = contain.min(1.0);
            (intrinsic.w * s, intrinsic.h * s)
        }
    };
    Rect {
        x: pos.x.resolve(element.w - w),
        y: pos.y.resolve(element.h - h),
        w,
        h,
    }
}

/// Maps a normalized video point (0..1 of the picture) into the element's content box.
pub fn to_px(picture: Rect, nx: f64, ny: f64) -> Point {
    Point {
        x: picture.x + nx * picture.w,
        y: picture.y + ny * picture.h,
    }
}

/// The inverse of [`to_px`]: the normalized video point (fractions of the picture) under a
/// point of the element's content box. Outside the picture the result is outside 0..1; an
/// empty picture maps everything to the centre.
pub fn to_normalized(picture: Rect, p: Point) -> (f64, f64) {
    if picture.w <= 0.0 || picture.h <= 0.0 {
        return (0.5, 0.5);
    }
    ((p.x - picture.x) / picture.w, (p.y - picture.y) / picture.h)
}

/// The smallest tap target the overlay draws, in CSS pixels (WCAG 2.2 target size, minimum).
pub const MIN_TAP_TARGET: f64 = 24.0;

/// The square hit target centred on `p`, never smaller than [`MIN_TAP_TARGET`].
pub fn hit_target(p: Point, size: f64) -> Rect {
    let s = if size.is_finite() {
        size.max(MIN_TAP_TARGET)
    } else {
        MIN_TAP_TARGET
    };
    Rect {
        x: p.x - s / 2.0,
        y: p.y - s / 2.0,
        w: s,
        h: s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn to_normalized_inverts_to_px_under_every_fit() {
        let element = Size { w: 400.0, h: 400.0 };
        let intrinsic = Size {
            w: 1920.0,
            h: 1080.0,
        };
        for fit in [
            ObjectFit::Fill,
            ObjectFit::Contain,
            ObjectFit::Cover,
            ObjectFit::None,
            ObjectFit::ScaleDown,
        ] {
            let pic = picture_rect(element, intrinsic, fit, ObjectPosition::default());
            for (nx, ny) in [(0.0, 0.0), (0.25, 0.75), (1.0, 0.5)] {
                let (x, y) = to_normalized(pic, to_px(pic, nx, ny));
                assert!((x - nx).abs() < 1e-12 && (y - ny).abs() < 1e-12, "{fit:?}");
            }
        }
        assert_eq!(
            to_normalized(Rect::default(), Point { x: 3.0, y: 4.0 }),
            (0.5, 0.5)
        );
    }

    #[test]
    fn object_position_parsing() {
        let p = |s: &str| ObjectPosition::parse(s);
        let pct = |x, y| {
            Some(ObjectPosition {
                x: Offset::Percent(x),
                y: Offset::Percent(y),
            })
        };
        assert_eq!(p("50% 50%"), pct(50.0, 50.0));
        assert_eq!(p("center"), pct(50.0, 50.0));
        assert_eq!(p("left"), pct(0.0, 50.0));
        assert_eq!(p("top"), pct(50.0, 0.0));
        assert_eq!(p("top left"), pct(0.0, 0.0));
        assert_eq!(p("right bottom"), pct(100.0, 100.0));
        assert_eq!(p("center top"), pct(50.0, 0.0));
        assert_eq!(p("25%"), pct(25.0, 50.0));
        assert_eq!(
            p("10px 20%"),
            Some(ObjectPosition {
                x: Offset::Px(10.0),
                y: Offset::Percent(20.0)
            })
        );
        assert_eq!(
            p("right 10px bottom 20px"),
            Some(ObjectPosition {
                x: Offset::PxFromEnd(10.0),
                y: Offset::PxFromEnd(20.0)
            })
        );
        assert_eq!(
            p("bottom 10% right"),
            Some(ObjectPosition {
                x: Offset::Percent(100.0),
                y: Offset::Percent(90.0)
            })
        );
        assert_eq!(p("calc(50% + 2px) 0"), None);
        assert_eq!(p("left right"), None);
        assert_eq!(p("1em 2em"), None);
        assert_eq!(p(""), None);
    }

    #[test]
    fn object_fit_parsing_defaults_to_contain() {
        assert_eq!(ObjectFit::parse("cover"), ObjectFit::Cover);
        assert_eq!(ObjectFit::parse("scale-down"), ObjectFit::ScaleDown);
        assert_eq!(ObjectFit::parse("bogus"), ObjectFit::Contain);
    }

    #[test]
    fn hit_targets_are_never_below_24px() {
        let r = hit_target(Point { x: 100.0, y: 50.0 }, 10.0);
        assert_eq!((r.w, r.h, r.x, r.y), (24.0, 24.0, 88.0, 38.0));
        assert_eq!(hit_target(Point::default(), f64::NAN).w, 24.0);
        assert_eq!(hit_target(Point::default(), 40.0).w, 40.0);
    }

    #[test]
    fn degenerate_sizes_give_an_empty_picture() {
        let r = picture_rect(
            Size { w: 0.0, h: 100.0 },
            Size { w: 16.0, h: 9.0 },
            ObjectFit::Contain,
            ObjectPosition::default(),
        );
        assert_eq!(r, Rect::default());
    }
}
