//! Labels that never overlap: each label shown at rest goes on its tag's preferred side, else
//! on the other, else it shows only on hover and focus — never over another such label, past
//! the box's sides, or over another tag's target (a label is part of its tag's button and would
//! take that tag's taps), nor under the controls the overlay keeps in its corners (the shop's
//! buttons, the LIVE pin: [`Corner`]). A deal's badge is placed the same way, first: above its
//! dot, else below, else shown on hover and focus.

use crate::geometry::{Rect, Size};

/// A label's or a badge's measured size and its tag's target, in CSS pixels: measured once by
/// the browser (a label's natural border box, before the stylesheet's cap; the target's
/// half-width).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LabelBox {
    pub w: f64,
    pub h: f64,
    pub r: f64,
}

/// From a tag's point to its label's near edge (overlay.css: a label starts 34 px past a
/// 32 px target's near edge, or 40 px past a 44 px one — 18 px from the point either way).
pub const GAP: f64 = 18.0;

/// A label's border box is at most half the box less this (overlay.css: `max-width:
/// calc(50cqw - 40px)` on the content, and 10 px of padding on each side).
pub const CAP_INSET: f64 = 20.0;

/// How far ahead (media seconds) a moving tag's label is kept clear: the viewer looks at
/// moving tags at least this often (`www`), so the side chosen holds until the next look.
pub const HORIZON_S: f64 = 0.5;

/// A shown tag, as the resolver sees it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Shown {
    /// Where the tag's point goes over the time ahead (a still tag's is a point).
    pub reach: Rect,
    /// Its label's size, for a label shown at rest; `None` for a tag whose label shows only on
    /// hover and focus (its target still counts).
    pub label: Option<LabelBox>,
    /// Its deal badge's size, while it has one.
    pub badge: Option<LabelBox>,
    /// The side with more room.
    pub left: bool,
}

/// A box the overlay's own controls hold in one corner of the picture's element (the shop's
/// "N products" and cart buttons at the top, the LIVE pin at the bottom): from that corner to
/// the control's far edges, in CSS pixels, so it holds whatever the element's size.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct Corner {
    pub top: bool,
    pub right: bool,
    pub w: f64,
    pub h: f64,
}

impl Corner {
    /// The box in an element of `w`×`h`.
    pub fn rect(self, w: f64, h: f64) -> Rect {
        // max and min, not clamp: clamp's panic formats floats, which the first load does not carry.
        let (cw, ch) = (self.w.max(0.0).min(w), self.h.max(0.0).min(h));
        Rect {
            x: if self.right { w - cw } else { 0.0 },
            y: if self.top { 0.0 } else { h - ch },
            w: cw,
            h: ch,
        }
    }
}

/// Where a label and a badge go.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct Side {
    pub left: bool,
    /// No room on either side: the label shows only on hover and focus.
    pub muted: bool,
    /// The badge goes below the dot (no room above).
    pub badge_below: bool,
    /// No room above or below: the badge shows only on hover and focus.
    pub badge_muted: bool,
}

/// The box a label sweeps on one side of its tag as the tag goes over its reach, its width
/// capped at `cap`.
pub fn label_rect(reach: Rect, b: LabelBox, left: bool, cap: f64) -> Rect {
    let w = b.w.min(cap).max(0.0);
    Rect {
        x: if left {
            reach.x - GAP - w
        } else {
            reach.x + GAP
        },
        y: reach.y - b.h / 2.0,
        w: reach.w + w,
        h: reach.h + b.h,
    }
}

/// The box a badge sweeps above or below its tag (overlay.css: its edge 2 px inside the
/// target's, centred on the point).
pub fn badge_rect(reach: Rect, b: LabelBox, below: bool) -> Rect {
    Rect {
        x: reach.x - b.w / 2.0,
        y: if below {
            reach.y + b.r - 2.0
        } else {
            reach.y - b.r + 2.0 - b.h
        },
        w: reach.w + b.w,
        h: reach.h + b.h,
    }
}

fn overlaps(a: &Rect, b: &Rect) -> bool {
    let c = a.intersect(*b);
    c.w > 0.0 && c.h > 0.0
}

/// The first of `spots` inside `bounds` and clear of everything `taken` but tag `own`'s
/// target (the first entries of `taken` are the targets, in order).
fn first_clear(spots: [Rect; 2], own: usize, bounds: Rect, taken: &[Rect]) -> Option<usize> {
    spots.iter().position(|rect| {
        rect.x >= bounds.x - 0.5
            && rect.x + rect.w <= bounds.x + bounds.w + 0.5
            && rect.y >= bounds.y - 0.5
            && rect.y + rect.h <= bounds.y + bounds.h + 0.5
            && taken
                .iter()
                .enumerate()
                .all(|(j, o)| j == own || !overlaps(o, rect))
    })
}

/// Decides every badge's place and then every label's side, in the order given (earlier tags
/// win a contested spot): each inside `bounds`, clear of the others, of every other target
/// (`r` is the target's half-width for a tag with no measured label) and of the `held`
/// corners of an element of that size. `taken` is scratch space; `out` gets one side per tag.
pub fn resolve(
    tags: &[Shown],
    bounds: Rect,
    held: (&[Corner], Size),
    cap: f64,
    r: f64,
    taken: &mut Vec<Rect>,
    out: &mut Vec<Side>,
) {
    taken.clear();
    out.clear();
    let radius = |t: &Shown| t.label.or(t.badge).map_or(r, |b| b.r);
    // Every target first: nothing may cover a tag that comes later in the order either. Its
    // outer 2 px may be covered (a badge sits 2 px into its own target, and so may reach a
    // neighbour's at the same height).
    taken.extend(
        tags.iter()
            .map(|t| t.reach.shrink(2.0 - radius(t)).unwrap_or(t.reach)),
    );
    // Then the corners' controls (after the targets: their indices are no tag's own).
    taken.extend(held.0.iter().map(|c| c.rect(held.1.w, held.1.h)));
    for (k, t) in tags.iter().enumerate() {
        let mut side = Side {
            left: t.left,
            ..Side::default()
        };
        if let Some(b) = t.badge {
            let spots = [false, true].map(|below| badge_rect(t.reach, b, below));
            match first_clear(spots, k, bounds, taken) {
                Some(i) => {
                    side.badge_below = i == 1;
                    taken.push(spots[i]);
                }
                None => side.badge_muted = true,
            }
        }
        out.push(side);
    }
    for (k, t) in tags.iter().enumerate() {
        let Some(b) = t.label else {
            continue;
        };
        let spots = [t.left, !t.left].map(|left| label_rect(t.reach, b, left, cap));
        match first_clear(spots, k, bounds, taken) {
            Some(i) => {
                if let Some(side) = out.get_mut(k) {
                    side.left = t.left != (i == 1);
                }
                taken.push(spots[i]);
            }
            None => {
                if let Some(side) = out.get_mut(k) {
                    side.muted = true;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const B: LabelBox = LabelBox {
        w: 100.0,
        h: 24.0,
        r: 16.0,
    };

    fn at(x: f64, y: f64, label: Option<LabelBox>, left: bool) -> Shown {
        Shown {
            reach: Rect {
                x,
                y,
                w: 0.0,
                h: 0.0,
            },
            label,
            badge: None,
            left,
        }
    }

    const BOX: Rect = Rect {
        x: 0.0,
        y: 0.0,
        w: 640.0,
        h: 360.0,
    };
    const SIZE: Size = Size { w: 640.0, h: 360.0 };

    fn sides(tags: &[Shown]) -> Vec<Side> {
        sides_beside(tags, &[])
    }

    /// The sides decided with the corners `held` by controls.
    fn sides_beside(tags: &[Shown], held: &[Corner]) -> Vec<Side> {
        let mut out = Vec::new();
        resolve(
            tags,
            BOX,
            (held, SIZE),
            300.0,
            16.0,
            &mut Vec::new(),
            &mut out,
        );
        out
    }

    #[test]
    fn badges_and_labels_keep_clear_of_the_corners_controls() {
        // The shop's buttons in the top right corner: 230×52 of a 640×360 box.
        let corner = Corner {
            top: true,
            right: true,
            w: 230.0,
            h: 52.0,
        };
        assert_eq!(
            corner.rect(BOX.w, BOX.h),
            Rect {
                x: 410.0,
                y: 0.0,
                w: 230.0,
                h: 52.0
            }
        );
        // A tag near the top, under the buttons: its badge goes below its dot, not under them;
        // its label goes to the left, where there is room.
        let tag = Shown {
            badge: Some(LabelBox {
                w: 90.0,
                h: 22.0,
                r: 16.0,
            }),
            ..at(560.0, 70.0, Some(B), false)
        };
        assert_eq!(
            sides_beside(&[tag], &[corner]),
            [Side {
                left: true,
                badge_below: true,
                ..RIGHT
            }]
        );
        // Without the buttons the badge goes above (the label still has room only on the left).
        assert_eq!(sides(&[tag]), [LEFT]);
        // The same corner at the left of a narrower box (the buttons of a right-to-left page).
        let left = Corner {
            right: false,
            ..corner
        };
        assert_eq!(left.rect(200.0, 100.0).x, 0.0);
        assert_eq!(left.rect(200.0, 100.0).w, 200.0);
    }

    const RIGHT: Side = Side {
        left: false,
        muted: false,
        badge_below: false,
        badge_muted: false,
    };
    const LEFT: Side = Side {
        left: true,
        ..RIGHT
    };

    #[test]
    fn apart_labels_keep_their_preferred_side() {
        assert_eq!(
            sides(&[
                at(100.0, 100.0, Some(B), false),
                at(100.0, 300.0, Some(B), false)
            ]),
            [RIGHT, RIGHT]
        );
    }

    #[test]
    fn a_contested_spot_goes_to_the_first_and_the_second_label_turns() {
        // Two tags side by side at one height: the second's preferred (right) side is free,
        // but the first's label would run over the second's target, so the first turns left.
        assert_eq!(
            sides(&[
                at(200.0, 100.0, Some(B), false),
                at(260.0, 100.0, Some(B), false)
            ]),
            [LEFT, RIGHT]
        );
        // One above the other, 10 px apart: the second goes to the other side.
        assert_eq!(
            sides(&[
                at(200.0, 100.0, Some(B), false),
                at(200.0, 110.0, Some(B), false)
            ]),
            [RIGHT, LEFT]
        );
    }

    #[test]
    fn with_no_room_either_side_a_label_is_muted() {
        // Three tags in a column 8 px apart: the third has no side left.
        let got = sides(&[
            at(200.0, 100.0, Some(B), false),
            at(200.0, 108.0, Some(B), false),
            at(200.0, 116.0, Some(B), false),
        ]);
        assert_eq!(got[..2], [RIGHT, LEFT]);
        assert!(got[2].muted);
        // Near the left edge, the other side does not fit within the box.
        let got = sides(&[
            at(60.0, 100.0, Some(B), false),
            at(60.0, 105.0, Some(B), false),
        ]);
        assert_eq!(got[0], RIGHT);
        assert!(got[1].muted, "{got:?}");
    }

    #[test]
    fn a_label_never_covers_another_tags_target_even_one_without_a_label() {
        // A hover-only tag 60 px right of a labelled one: the label turns left.
        assert_eq!(
            sides(&[
                at(200.0, 100.0, Some(B), false),
                at(260.0, 100.0, None, false)
            ]),
            [LEFT, RIGHT]
        );
    }

    #[test]
    fn a_moving_tags_reach_is_kept_clear_over_the_time_ahead() {
        // A tag that sweeps 200 px right within the horizon blocks labels along the way.
        let moving = Shown {
            reach: Rect {
                x: 100.0,
                y: 200.0,
                w: 200.0,
                h: 0.0,
            },
            label: None,
            badge: None,
            left: false,
        };
        assert!(sides(&[at(60.0, 200.0, Some(B), false), moving])[0].muted);
        // Its own label sweeps from beside its start to beside its end.
        let r = label_rect(moving.reach, B, false, 300.0);
        assert_eq!((r.x, r.w), (118.0, 300.0));
    }

    #[test]
    fn labels_in_the_result_never_overlap() {
        // Sixty tags crowded over the box (a fixed pseudo-random sequence), a third of them
        // without a label: whatever is shown is pairwise clear, and clear of every target.
        let mut seed = 0x2545_f491_u64;
        let mut next = |n: f64| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            (seed >> 33) as f64 / f64::from(1u32 << 31) * n
        };
        let mut tags = Vec::new();
        for k in 0..60 {
            let (x, y) = (next(640.0), next(360.0));
            tags.push(at(x, y, (k % 3 != 0).then_some(B), x > 320.0));
        }
        let got = sides(&tags);
        let rects: Vec<(usize, Rect)> = tags
            .iter()
            .zip(&got)
            .enumerate()
            .filter(|(_, (t, s))| t.label.is_some() && !s.muted)
            .map(|(k, (t, s))| (k, label_rect(t.reach, B, s.left, 300.0)))
            .collect();
        let muted = got.iter().filter(|s| s.muted).count();
        assert!(
            rects.len() > 5 && muted > 0,
            "{} shown, {muted} muted",
            rects.len()
        );
        for (a, (k, ra)) in rects.iter().enumerate() {
            assert!(ra.x >= -0.5 && ra.x + ra.w <= 640.5);
            for (_, rb) in &rects[a + 1..] {
                assert!(!overlaps(ra, rb), "{ra:?} {rb:?}");
            }
            for (j, t) in tags.iter().enumerate().filter(|(j, _)| j != k) {
                let target = t.reach.shrink(-14.0).unwrap_or_default();
                assert!(!overlaps(ra, &target), "label {k} covers tag {j}");
            }
        }
    }

    #[test]
    fn badges_go_above_else_below_else_on_hover_and_labels_keep_clear_of_them() {
        let badge = Some(LabelBox {
            w: 80.0,
            h: 18.0,
            r: 16.0,
        });
        let deal = |x: f64, y: f64| Shown {
            badge,
            ..at(x, y, None, false)
        };
        // Two deals 50 px apart at one height: the second badge goes below its dot.
        let got = sides(&[deal(200.0, 100.0), deal(250.0, 100.0)]);
        assert_eq!((got[0].badge_below, got[0].badge_muted), (false, false));
        assert_eq!((got[1].badge_below, got[1].badge_muted), (true, false));
        // A third between them has no room above or below.
        let got = sides(&[deal(200.0, 100.0), deal(250.0, 100.0), deal(225.0, 100.0)]);
        assert!(got[2].badge_muted);
        // Near the top edge a badge goes below; a label beside a badge turns away from it.
        assert!(sides(&[deal(200.0, 20.0)])[0].badge_below);
        let got = sides(&[deal(300.0, 100.0), at(200.0, 80.0, Some(B), false)]);
        assert_eq!(
            got[1], LEFT,
            "the right side runs into the badge at (260..340, 68..86)"
        );
    }
}
