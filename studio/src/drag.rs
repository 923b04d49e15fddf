//! The stage's pointer gestures as a state machine, pure (no DOM, tested natively): dragging a
//! tag to a new place, and drawing the box the tracker starts from. Positions are fractions of
//! the picture; the stage converts pointer pixels before they get here.

use authoring::track::NormBox;

/// How far (a fraction of the picture) the pointer must travel before a press on a tag is a
/// drag and not a tap that selects it.
pub const SLOP: f64 = 0.002;
/// The smallest box, each side a fraction of the picture, the tracker can start from.
pub const MIN_BOX: f64 = 0.01;

/// A gesture in progress on the stage.
#[derive(Clone, Debug, PartialEq)]
pub enum Drag {
    /// A tag pressed and perhaps being moved; `(x, y)` is where the pointer is now.
    Tag {
        tag: String,
        x: f64,
        y: f64,
        moved: bool,
    },
    /// A box being drawn from `(x0, y0)` to `(x1, y1)`.
    Box { x0: f64, y0: f64, x1: f64, y1: f64 },
}

/// What a gesture comes to when the pointer is released.
#[derive(Clone, Debug, PartialEq)]
pub enum Released {
    /// The tag was dragged: it is at `(x, y)` now.
    Moved { tag: String, x: f64, y: f64 },
    /// A box around the product, to track from.
    Boxed(NormBox),
    /// A box too small to track from.
    TooSmall,
    /// A tap on a tag (it stays where it was; the press selected it).
    Tapped,
}

impl Drag {
    /// A press on `tag` at `(x, y)`.
    pub fn on_tag(tag: String, x: f64, y: f64) -> Drag {
        Drag::Tag {
            tag,
            x,
            y,
            moved: false,
        }
    }

    /// A press that starts drawing a box at `(x, y)`.
    pub fn box_from(x: f64, y: f64) -> Drag {
        Drag::Box {
            x0: x,
            y0: y,
            x1: x,
            y1: y,
        }
    }

    /// The pointer moved to `(x, y)`; answers whether the stage shows something new.
    pub fn pointer_moved(&mut self, x: f64, y: f64) -> bool {
        match self {
            Drag::Tag {
                x: px,
                y: py,
                moved,
                ..
            } => {
                if (x - *px).abs() > SLOP || (y - *py).abs() > SLOP {
                    *moved = true;
                }
                (*px, *py) = (x, y);
                *moved
            }
            Drag::Box { x1, y1, .. } => {
                (*x1, *y1) = (x, y);
                true
            }
        }
    }

    /// The pointer was released at `(x, y)`.
    pub fn released(self, x: f64, y: f64) -> Released {
        match self {
            Drag::Tag {
                tag, moved: true, ..
            } => Released::Moved { tag, x, y },
            Drag::Tag { .. } => Released::Tapped,
            Drag::Box { x0, y0, .. } => {
                let b = NormBox {
                    cx: (x0 + x) / 2.0,
                    cy: (y0 + y) / 2.0,
                    w: (x - x0).abs(),
                    h: (y - y0).abs(),
                };
                if b.w < MIN_BOX || b.h < MIN_BOX {
                    Released::TooSmall
                } else {
                    Released::Boxed(b)
                }
            }
        }
    }

    /// Where the stage draws `tag` while it is being dragged, if it is.
    pub fn dragged(&self, tag: &str) -> Option<(f64, f64)> {
        match self {
            Drag::Tag {
                tag: t,
                x,
                y,
                moved: true,
            } if t == tag => Some((*x, *y)),
            _ => None,
        }
    }

    /// The box being drawn, as `(left, top, width, height)`.
    pub fn drawn(&self) -> Option<(f64, f64, f64, f64)> {
        match self {
            Drag::Box { x0, y0, x1, y1 } => {
                Some((x0.min(*x1), y0.min(*y1), (x1 - x0).abs(), (y1 - y0).abs()))
            }
            Drag::Tag { .. } => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_press_that_stays_within_the_slop_is_a_tap() {
        let mut d = Drag::on_tag("t".into(), 0.5, 0.5);
        assert!(!d.pointer_moved(0.501, 0.4995));
        assert_eq!(d.dragged("t"), None, "not moved: drawn where the tag is");
        assert_eq!(d.released(0.501, 0.4995), Released::Tapped);
    }

    #[test]
    fn a_drag_moves_the_tag_to_where_the_pointer_is_released() {
        let mut d = Drag::on_tag("t".into(), 0.5, 0.5);
        assert!(d.pointer_moved(0.6, 0.5));
        assert_eq!(d.dragged("t"), Some((0.6, 0.5)));
        assert_eq!(d.dragged("other"), None);
        // Once a drag, always a drag: coming back near the start still moves it.
        assert!(d.pointer_moved(0.5005, 0.5));
        assert_eq!(
            d.released(0.52, 0.48),
            Released::Moved {
                tag: "t".into(),
                x: 0.52,
                y: 0.48
            }
        );
    }

    #[test]
    fn a_box_is_drawn_in_any_direction_and_must_be_big_enough() {
        let mut d = Drag::box_from(0.6, 0.7);
        assert!(d.pointer_moved(0.4, 0.5));
        let (l, t, w, h) = d.drawn().unwrap_or_default();
        assert!((l - 0.4).abs() < 1e-12 && (t - 0.5).abs() < 1e-12);
        assert!((w - 0.2).abs() < 1e-12 && (h - 0.2).abs() < 1e-12);
        match d.released(0.4, 0.5) {
            Released::Boxed(b) => {
                assert!((b.cx - 0.5).abs() < 1e-12 && (b.cy - 0.6).abs() < 1e-12);
                assert!((b.w - 0.2).abs() < 1e-12 && (b.h - 0.2).abs() < 1e-12);
            }
            other => panic!("expected a box, got {other:?}"),
        }
        let small = Drag::box_from(0.5, 0.5);
        assert_eq!(small.released(0.505, 0.6), Released::TooSmall);
    }
}
