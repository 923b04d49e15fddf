//! The per-frame engine: given media time and the element's layout, what changed since the
//! last frame — tags that entered or left, and the new pixel positions of those that moved.

use crate::geometry::{picture_rect, to_px, ObjectFit, ObjectPosition, Point, Rect, Size};
use crate::labels::{self, Corner, LabelBox, Shown, Side};
use crate::manifest::Manifest;
use crate::motion::{Ease, Track};
use crate::timeline::{Cursor, Timeline};

/// What the engine needs to know about the `<video>` element to place tags.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct Layout {
    /// The element's content box, in CSS pixels.
    pub element: Size,
    /// The picture's intrinsic size (`videoWidth` × `videoHeight`); zero before metadata.
    pub intrinsic: Size,
    pub fit: ObjectFit,
    pub position: ObjectPosition,
    /// Right-to-left text: labels prefer the left side of their tag.
    pub rtl: bool,
    /// Bands along the element's edges the host's own controls or captions cover (a
    /// player's control bar): a tag whose point falls in one moves out of it, to the nearest
    /// point where its whole target is clear, until they go.
    pub safe: Insets,
}

/// Half a tag's target (overlay.css: `.so-tag` is 32 px square, centred on its point). A tag
/// is placed so all of its target lies in the visible picture and clear of the safe bands.
pub const TARGET_RADIUS: f64 = 16.0;

/// Distances in CSS pixels from each edge of the element's content box.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct Insets {
    pub top: f64,
    pub right: f64,
    pub bottom: f64,
    pub left: f64,
}

/// Where a tag's anchor point is, relative to the element's content box, in CSS pixels.
/// `visible` is false when the point is cropped away (`cover`, `none`), when the picture has
/// no room for a whole target, or when the layout is unknown. A visible tag's point is its
/// product's, moved in just far enough that the whole target lies in the picture shown and
/// clear of the safe bands.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct Placement {
    pub x: f64,
    pub y: f64,
    pub visible: bool,
    /// The label goes on the left of the tag (the side with more room in the box, unless
    /// another label or tag is there: see [`crate::labels`]).
    pub label_left: bool,
    /// The label, one shown at rest, has no room on either side: it shows only on hover and
    /// focus.
    pub label_muted: bool,
    /// The deal badge goes below the dot (no room above).
    pub badge_below: bool,
    /// The deal badge has no room above or below: it shows only on hover and focus.
    pub badge_muted: bool,
}

/// Where a label goes: towards the side with more room, so a label capped at half the box
/// (overlay.css) never runs past its edge; at the exact middle, the reading direction wins.
fn label_left(x: f64, width: f64, rtl: bool) -> bool {
    if rtl {
        x >= width / 2.0
    } else {
        x > width / 2.0
    }
}

/// What changed in one frame. Ids are tag indexes into [`Manifest::tags`]. An entering tag is
/// also in `moved`, with its first placement.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FrameDelta {
    pub entered: Vec<u32>,
    pub left: Vec<u32>,
    pub moved: Vec<(u32, Placement)>,
}

impl FrameDelta {
    /// Whether the set of visible tags changed (the widgets re-render only then).
    pub fn set_changed(&self) -> bool {
        !self.entered.is_empty() || !self.left.is_empty()
    }

    fn clear(&mut self) {
        self.entered.clear();
        self.left.clear();
        self.moved.clear();
    }
}

/// A point of a moving tag's path (see [`Scene::path`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PathPoint {
    /// Where in the tag's span, 0..=1.
    pub offset: f64,
    pub x: f64,
    pub y: f64,
    /// How the segment leaving this point moves.
    pub ease: Ease,
}

/// A moving tag's path over its span, in element pixels.
#[derive(Clone, Debug, PartialEq)]
pub struct Path {
    pub start: f64,
    pub end: f64,
    pub points: Vec<PathPoint>,
}

/// Where between `a` and `b` a tag's path crosses the clear area's edges, in order: a clamped
/// path bends there, so a point at each keeps a straight piece between points exact. Within
/// `a..b` the path is taken as monotonic per axis (a straight segment, or a sample interval of
/// an eased one); each crossing is found by bisection.
fn crossings(
    a: f64,
    b: f64,
    raw: &impl Fn(f64) -> Point,
    clear: Rect,
) -> impl Iterator<Item = f64> {
    let (pa, pb) = (raw(a), raw(b));
    let edges = [
        (pa.x, pb.x, clear.x, true),
        (pa.x, pb.x, clear.x + clear.w, true),
        (pa.y, pb.y, clear.y, false),
        (pa.y, pb.y, clear.y + clear.h, false),
    ];
    // At most four, in time order by insertion (the first load carries no sort routine).
    let mut cuts = [f64::INFINITY; 4];
    for t in edges
        .iter()
        .filter(|(u, v, edge, _)| (u - edge) * (v - edge) < 0.0)
        .map(|&(u, _, edge, on_x)| {
            let side = |t: f64| {
                let p = raw(t);
                (if on_x { p.x } else { p.y }) - edge
            };
            let below = u < edge;
            let (mut lo, mut hi) = (a, b);
            for _ in 0..40 {
                let mid = 0.5 * (lo + hi);
                if (side(mid) < 0.0) == below {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            0.5 * (lo + hi)
        })
    {
        let mut i = 3;
        cuts[i] = t;
        while i > 0 && cuts[i - 1] > cuts[i] {
            cuts.swap(i - 1, i);
            i -= 1;
        }
    }
    cuts.into_iter().filter(|t| t.is_finite())
}

/// The part of the picture on screen: the picture within the element's content box.
fn shown_picture(layout: &Layout, picture: Rect) -> Rect {
    picture.intersect(Rect {
        x: 0.0,
        y: 0.0,
        w: layout.element.w,
        h: layout.element.h,
    })
}

/// Where a tag's point may be: the picture on screen, less the safe bands, less half a target
/// on every side. `None` when no whole target fits.
fn clear_area(layout: &Layout, picture: Rect) -> Option<Rect> {
    let safe = layout.safe;
    let unbanded = Rect {
        x: safe.left,
        y: safe.top,
        w: layout.element.w - safe.left - safe.right,
        h: layout.element.h - safe.top - safe.bottom,
    };
    if unbanded.w.is_nan() || unbanded.h.is_nan() || unbanded.w < 0.0 || unbanded.h < 0.0 {
        return None;
    }
    shown_picture(layout, picture)
        .intersect(unbanded)
        .shrink(TARGET_RADIUS)
}

/// Positions are written to the DOM in hundredths of a pixel; smaller moves are not changes.
const QUANTUM: f64 = 0.01;

fn quantize(v: f64) -> f64 {
    (v / QUANTUM).round() * QUANTUM
}

/// The engine state for one mounted overlay.
#[derive(Debug)]
pub struct Scene {
    manifest: Manifest,
    timeline: Timeline,
    /// Media time ahead of the frame whose entering tags are active already
    /// ([`Scene::set_lead`]).
    lead: f64,
    cursor: Cursor,
    moving: Vec<bool>,
    picture: Option<(Layout, Rect)>,
    placed: Vec<Option<Placement>>,
    relayout: bool,
    delta: FrameDelta,
    /// Measured labels shown at rest and deal badges, by tag; `relabel` when one was measured
    /// since the last resolution.
    labels: Vec<Option<LabelBox>>,
    badges: Vec<Option<LabelBox>>,
    labelled: bool,
    relabel: bool,
    /// The corners the overlay's own controls hold ([`Scene::set_held`]): at most two, an
    /// empty box for none.
    held: [Corner; 2],
    /// Half the tags' measured target (44 px on a touch screen), once a label or badge was
    /// measured: what must clear a held corner.
    target_r: f64,
    /// The media time the labels were last resolved at: they stay clear over the horizon
    /// after it, so tags moving along their tracks need no new resolution until half of it
    /// has passed.
    resolved_at: f64,
    /// Scratch for the label resolution, reused: the tags shown, what the resolver sees of
    /// each, the spots taken, the sides decided.
    order: Vec<u32>,
    shown: Vec<Shown>,
    taken: Vec<Rect>,
    sides: Vec<Side>,
}

impl Scene {
    pub fn new(manifest: Manifest) -> Scene {
        let cues: Vec<(f64, f64)> = manifest.tags.iter().map(|t| (t.start, t.end)).collect();
        let moving = manifest.tags.iter().map(|t| t.track.is_moving()).collect();
        Scene {
            timeline: Timeline::new(&cues),
            lead: 0.0,
            cursor: Cursor::default(),
            placed: vec![None; manifest.tags.len()],
            labels: vec![None; manifest.tags.len()],
            badges: vec![None; manifest.tags.len()],
            labelled: false,
            relabel: false,
            held: [Corner::default(); 2],
            target_r: TARGET_RADIUS,
            resolved_at: f64::NEG_INFINITY,
            order: Vec::new(),
            shown: Vec::new(),
            taken: Vec::new(),
            sides: Vec::new(),
            moving,
            manifest,
            picture: None,
            relayout: false,
            delta: FrameDelta::default(),
        }
    }

    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// Tags active at the last frame, ascending (with a lead, those entering within it too).
    pub fn active(&self) -> &[u32] {
        self.cursor.active()
    }

    /// From the next frame, the active set holds the tags that enter within `lead` seconds of
    /// media time as well (placed where they will enter, their labels kept clear of the
    /// others'): a browser that shows and hides each tag on its own clock gets them ahead.
    /// Zero: exactly the tags active.
    pub fn set_lead(&mut self, lead: f64) {
        self.lead = if lead > 0.0 { lead } else { 0.0 };
    }

    /// The lead the active set is taken with ([`Scene::set_lead`]).
    pub fn lead(&self) -> f64 {
        self.lead
    }

    /// Tag `i`'s span of media time, `[start, end)`.
    pub fn span(&self, i: u32) -> Option<(f64, f64)> {
        self.manifest.tags.get(i as usize).map(|t| (t.start, t.end))
    }

    /// Whether media time `t` is in tag `i`'s span.
    pub fn in_span(&self, i: u32, t: f64) -> bool {
        self.span(i).is_some_and(|(s, e)| s <= t && t < e)
    }

    /// The last placement given for tag `i`, while it is active.
    pub fn placement(&self, i: u32) -> Option<Placement> {
        self.placed.get(i as usize).copied().flatten()
    }

    /// The first media time after `t` at which a tag enters or leaves (with a lead, also
    /// when one comes within it).
    pub fn next_change(&self, t: f64) -> Option<f64> {
        let exact = self.timeline.next_change(t);
        if self.lead == 0.0 {
            return exact;
        }
        let ahead = self
            .timeline
            .next_start(t + self.lead)
            .map(|s| s - self.lead);
        match (exact, ahead) {
            (Some(e), Some(a)) => Some(e.min(a)),
            (e, a) => e.or(a),
        }
    }

    /// The tags that enter in the media time span `(a, b]`, by entry, into `out`.
    pub fn entering(&self, a: f64, b: f64, out: &mut Vec<u32>) {
        self.timeline.starting_in(a, b, out);
    }

    /// Records a new element layout; the next frame re-places every active tag.
    pub fn set_layout(&mut self, layout: Layout) {
        let rect = picture_rect(
            layout.element,
            layout.intrinsic,
            layout.fit,
            layout.position,
        );
        let new = (rect.w > 0.0 && rect.h > 0.0).then_some((layout, rect));
        if new != self.picture {
            self.picture = new;
            self.relayout = true;
        }
    }

    fn place(&self, i: u32, t: f64) -> Placement {
        let Some((layout, rect)) = self.picture else {
            return Placement::default();
        };
        let Some(tag) = self.manifest.tags.get(i as usize) else {
            return Placement::default();
        };
        // A tag entering within the lead is placed where it enters.
        let (nx, ny) = tag.track.position_at(t.max(tag.start));
        let p = to_px(rect, nx, ny);
        let shown = shown_picture(&layout, rect);
        let clear = clear_area(&layout, rect);
        let (visible, p) = match clear {
            Some(clear) if shown.contains(p) => (true, self.clear_of_held(clear, clear.clamp(p))),
            _ => (false, p),
        };
        Placement {
            x: quantize(p.x),
            y: quantize(p.y),
            visible,
            label_left: label_left(p.x, layout.element.w, layout.rtl),
            label_muted: false,
            badge_below: false,
            badge_muted: false,
        }
    }

    /// `p` (in `clear`) moved out from under the corners the overlay's controls hold, to the
    /// nearest point — below or above the control, or beside it — where the whole measured
    /// target is clear of it and still in `clear`; where there is none, `p` stays (the control
    /// covers it).
    fn clear_of_held(&self, clear: Rect, mut p: Point) -> Point {
        let Some((layout, _)) = self.picture else {
            return p;
        };
        for c in &self.held {
            let (r, m) = (c.rect(layout.element.w, layout.element.h), self.target_r);
            let (x0, y0) = (r.x - m, r.y - m);
            let (x1, y1) = (r.x + r.w + m, r.y + r.h + m);
            // Strictly inside: a target touching the control's edge is clear of it.
            if p.x <= x0 || p.x >= x1 || p.y <= y0 || p.y >= y1 {
                continue;
            }
            let off = Point {
                x: p.x,
                y: if c.top { y1 } else { y0 },
            };
            let aside = Point {
                x: if c.right { x0 } else { x1 },
                y: p.y,
            };
            let nearer = (off.y - p.y).abs() <= (aside.x - p.x).abs();
            p = match (clear.contains(off), clear.contains(aside)) {
                (true, true) if nearer => off,
                (true, false) => off,
                (_, true) => aside,
                _ => p,
            };
        }
        p
    }

    /// Whether the box spanned by `a` and `b` (a segment's ends: a straight or eased segment stays
    /// in it) comes within a target of a held corner.
    fn near_held(&self, a: Point, b: Point) -> bool {
        let Some((layout, _)) = self.picture else {
            return false;
        };
        let m = self.target_r;
        let span = Rect {
            x: a.x.min(b.x) - m,
            y: a.y.min(b.y) - m,
            w: (a.x - b.x).abs() + 2.0 * m,
            h: (a.y - b.y).abs() + 2.0 * m,
        };
        self.held.iter().any(|c| {
            let i = span.intersect(c.rect(layout.element.w, layout.element.h));
            i.w > 0.0 && i.h > 0.0
        })
    }

    /// The measured size of tag `i`'s deal badge, or `None` once it has none: from now on it
    /// keeps clear of other badges, labels and tags ([`crate::labels`]).
    pub fn set_badge(&mut self, i: u32, size: Option<LabelBox>) {
        if let Some(slot) = self.badges.get_mut(i as usize) {
            if *slot != size {
                *slot = size;
                self.labelled |= size.is_some();
                self.relabel = true;
            }
            if let Some(b) = size {
                self.grow_target(b.r);
            }
        }
    }

    /// A measured target of radius `r`: when it is larger than the one assumed (once, on a
    /// touch screen), a tag placed beside a held corner with the smaller one may now overlap
    /// it, so the next frame places every tag again.
    fn grow_target(&mut self, r: f64) {
        if r > self.target_r {
            self.target_r = r;
            self.relayout = true;
        }
    }

    /// The corners the overlay's own controls hold now (the shop's buttons, the LIVE pin): from
    /// the next frame a tag under one moves out from under it (as out of a band), and badges
    /// and labels keep clear of them.
    pub fn set_held(&mut self, held: [Corner; 2]) {
        if self.held != held {
            self.held = held;
            self.relabel = true;
            self.relayout = true;
        }
    }

    /// Whether tag `i` has a measured label or badge (whose places the resolution decides).
    fn annotated(&self, i: usize) -> bool {
        self.labels.get(i).is_some_and(Option::is_some)
            || self.badges.get(i).is_some_and(Option::is_some)
    }

    /// The measured size of tag `i`'s label (one shown at rest) and target: from now on its
    /// label keeps clear of the others ([`crate::labels`]). Takes effect at the next frame or
    /// [`Scene::relabel`].
    pub fn set_label(&mut self, i: u32, size: LabelBox) {
        if let Some(slot) = self.labels.get_mut(i as usize) {
            if *slot != Some(size) {
                *slot = Some(size);
                self.labelled = true;
                self.relabel = true;
            }
            self.grow_target(size.r);
        }
    }

    /// Decides the labels' sides at media time `t` for the tags placed now, and returns the
    /// placements that changed (after [`Scene::set_label`], without waiting for a frame).
    pub fn relabel(&mut self, t: f64) -> &FrameDelta {
        let mut delta = std::mem::take(&mut self.delta);
        delta.clear();
        self.resolve_labels(t, &mut delta);
        self.delta = delta;
        &self.delta
    }

    /// Puts each measured badge above or below its dot and each measured label on a side where
    /// it overlaps no other badge or label and no other tag's target, over the time until the
    /// viewer looks again ([`labels::HORIZON_S`]); one with no such place is muted. Changed
    /// placements go into `delta.moved`.
    fn resolve_labels(&mut self, t: f64, delta: &mut FrameDelta) {
        self.relabel = false;
        self.resolved_at = t;
        let Some((layout, _)) = self.picture else {
            return;
        };
        let (mut order, mut shown) = (
            std::mem::take(&mut self.order),
            std::mem::take(&mut self.shown),
        );
        order.clear();
        shown.clear();
        let mut r = TARGET_RADIUS;
        for &i in self.cursor.active() {
            let idx = i as usize;
            let Some(p) = self.placed.get(idx).copied().flatten() else {
                continue;
            };
            if !p.visible {
                continue;
            }
            let mut reach = Rect {
                x: p.x,
                y: p.y,
                w: 0.0,
                h: 0.0,
            };
            if self.is_moving(i) {
                // Eight looks ahead, each a few frames apart.
                for k in 1..=8 {
                    let q = self.place(i, t + labels::HORIZON_S * f64::from(k) / 8.0);
                    if q.visible {
                        let (x0, y0) = (reach.x.min(q.x), reach.y.min(q.y));
                        reach = Rect {
                            x: x0,
                            y: y0,
                            w: (reach.x + reach.w).max(q.x) - x0,
                            h: (reach.y + reach.h).max(q.y) - y0,
                        };
                    }
                }
            }
            let label = self.labels.get(idx).copied().flatten();
            let badge = self.badges.get(idx).copied().flatten();
            if let Some(b) = label.or(badge) {
                r = b.r;
            }
            let left = label_left(p.x, layout.element.w, layout.rtl);
            order.push(i);
            shown.push(Shown {
                reach,
                label,
                badge,
                left,
            });
        }
        let safe = layout.safe;
        labels::resolve(
            &shown,
            Rect {
                x: safe.left,
                y: safe.top,
                w: layout.element.w - safe.left - safe.right,
                h: layout.element.h - safe.top - safe.bottom,
            },
            (&self.held, layout.element),
            layout.element.w / 2.0 - labels::CAP_INSET,
            r,
            &mut self.taken,
            &mut self.sides,
        );
        for ((&i, s), side) in order.iter().zip(&shown).zip(&self.sides) {
            if s.label.is_none() && s.badge.is_none() {
                continue;
            }
            let Some(slot) = self.placed.get_mut(i as usize) else {
                continue;
            };
            let Some(p) = *slot else {
                continue;
            };
            let q = Placement {
                label_left: side.left,
                label_muted: side.muted,
                badge_below: side.badge_below,
                badge_muted: side.badge_muted,
                ..p
            };
            if q != p {
                *slot = Some(q);
                match delta.moved.iter_mut().find(|m| m.0 == i) {
                    Some(m) => m.1 = q,
                    None => delta.moved.push((i, q)),
                }
            }
        }
        self.order = order;
        self.shown = shown;
    }

    /// Whether tag `i` moves (its position changes with media time).
    pub fn is_moving(&self, i: u32) -> bool {
        self.moving.get(i as usize).copied().unwrap_or(false)
    }

    /// A moving tag's whole path in element pixels for the current layout, for the browser to
    /// animate on its own (the main thread then does nothing per frame for it): points at
    /// offsets 0..=1 of the tag's span `[start, end]`, each with the ease of the segment that
    /// leaves it; held before the first keyframe and after the last, as `position_at` holds.
    /// `None` for a fixed tag, without a layout, or for a span that is not positive.
    pub fn path(&self, i: u32) -> Option<Path> {
        let (layout, rect) = self.picture?;
        // Points are kept in the clear area as `place` keeps them (a tag with no room at all
        // is hidden, and its path is moot).
        let clear = clear_area(&layout, rect).unwrap_or(Rect {
            x: f64::NEG_INFINITY,
            y: f64::NEG_INFINITY,
            w: f64::INFINITY,
            h: f64::INFINITY,
        });
        let tag = self.manifest.tags.get(i as usize)?;
        let Track::Keyframes(keys) = &tag.track else {
            return None;
        };
        let span = tag.end - tag.start;
        if keys.len() < 2 || span.is_nan() || span <= 0.0 {
            return None;
        }
        let offset = |t: f64| ((t - tag.start) / span).clamp(0.0, 1.0);
        let raw = |t: f64| {
            let (x, y) = tag.track.position_at(t);
            to_px(rect, x, y)
        };
        let point = |t: f64, ease: Ease| {
            let p = self.clear_of_held(clear, clear.clamp(raw(t)));
            PathPoint {
                offset: offset(t),
                x: p.x,
                y: p.y,
                ease,
            }
        };
        // The ease of the segment that holds `t` (linear where the track holds still).
        let ease_at = |t: f64| {
            keys.iter()
                .rev()
                .find(|k| k.t <= t)
                .filter(|k| k.t < keys[keys.len() - 1].t)
                .map_or(Ease::Linear, |k| k.ease)
        };
        // Times where the path turns: the span's ends and the keyframes inside it. A segment cut
        // by the span's start or end is sampled (a piece of an eased curve is not that ease).
        let mut times: Vec<(f64, Ease)> = vec![(tag.start, ease_at(tag.start))];
        times.extend(
            keys.iter()
                .filter(|k| k.t > tag.start && k.t < tag.end)
                .map(|k| (k.t, ease_at(k.t))),
        );
        times.push((tag.end, Ease::Linear));
        let mut points = Vec::with_capacity(times.len() + 16);
        for w in times.windows(2) {
            let ((a, ease), (b, _)) = (w[0], w[1]);
            let cut = keys.iter().all(|k| (k.t - a).abs() > 1e-9)
                || keys.iter().all(|k| (k.t - b).abs() > 1e-9);
            // An eased segment stays within its ends' box: inside the clear area when both
            // ends are. One that leaves it is sampled, and each sample clamped.
            let leaves = !(clear.contains(raw(a)) && clear.contains(raw(b)));
            // A segment that passes by a held corner bends around it: sampled, each sample
            // moved out from under it.
            let near = self.near_held(raw(a), raw(b));
            if near || (ease == Ease::EaseInOut && (cut || leaves)) {
                // A point per 1/30 s (at most 240): closer than a frame apart.
                let steps = ((b - a) * 30.0).ceil().clamp(8.0, 240.0) as u32;
                for s in 0..steps {
                    let t0 = a + (b - a) * f64::from(s) / f64::from(steps);
                    let t1 = a + (b - a) * f64::from(s + 1) / f64::from(steps);
                    points.push(point(t0, Ease::Linear));
                    if leaves {
                        points
                            .extend(crossings(t0, t1, &raw, clear).map(|t| point(t, Ease::Linear)));
                    }
                }
            } else {
                points.push(point(a, ease));
                if leaves {
                    points.extend(crossings(a, b, &raw, clear).map(|t| point(t, Ease::Linear)));
                }
            }
        }
        points.push(point(tag.end, Ease::Linear));
        Some(Path {
            start: tag.start,
            end: tag.end,
            points,
        })
    }

    /// Advances to media time `t` and returns what changed since the previous frame. While the
    /// active set is stable and nothing moves, this does no work beyond one comparison.
    pub fn frame(&mut self, t: f64) -> &FrameDelta {
        let mut delta = std::mem::take(&mut self.delta);
        delta.clear();
        self.cursor.advance(
            &self.timeline,
            t,
            self.lead,
            &mut delta.entered,
            &mut delta.left,
        );
        for &i in &delta.left {
            if let Some(p) = self.placed.get_mut(i as usize) {
                *p = None;
            }
        }
        let relayout = std::mem::take(&mut self.relayout);
        // A tag that came into sight or went out of it (under a band, cropped) changes where
        // the others' labels may go; a tag moving along its track does not, within the horizon.
        let mut shown_changed = false;
        for &i in self.cursor.active() {
            let idx = i as usize;
            let last = self.placed.get(idx).copied().flatten();
            let needs =
                last.is_none() || relayout || self.moving.get(idx).copied().unwrap_or(false);
            if !needs {
                continue;
            }
            let mut p = self.place(i, t);
            // A measured label or badge keeps its place until the resolution below decides
            // again.
            if let (Some(l), true) = (last, self.annotated(idx)) {
                p.label_left = l.label_left;
                p.label_muted = l.label_muted;
                p.badge_below = l.badge_below;
                p.badge_muted = l.badge_muted;
            }
            if last != Some(p) {
                shown_changed |= last.is_some_and(|l| l.visible != p.visible);
                delta.moved.push((i, p));
                if let Some(slot) = self.placed.get_mut(idx) {
                    *slot = Some(p);
                }
            }
        }
        let stale = !(t >= self.resolved_at && t < self.resolved_at + labels::HORIZON_S / 2.0);
        let moved = !delta.moved.is_empty();
        if self.labelled
            && (self.relabel
                || relayout
                || delta.set_changed()
                || shown_changed
                || (moved && stale))
        {
            self.resolve_labels(t, &mut delta);
        }
        self.delta = delta;
        &self.delta
    }

    /// Forgets the playback position (after `destroy`, or when the source changes).
    pub fn reset(&mut self) {
        let mut left = Vec::new();
        self.cursor.reset(&mut left);
        self.placed.iter_mut().for_each(|p| *p = None);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A scene over a manifest given as JSON text.
    fn scene_of(json: &str) -> Scene {
        let m = Manifest::parse(json).map(|p| p.manifest);
        Scene::new(m.unwrap_or_else(|e| panic!("{e}")))
    }

    /// A scene over a manifest given as JSON text, in a box of `w`×`h` showing the whole
    /// picture at its own size.
    fn scene_at(json: &str, w: f64, h: f64) -> Scene {
        let mut s = scene_of(json);
        s.set_layout(Layout {
            element: Size { w, h },
            intrinsic: Size { w, h },
            ..Layout::default()
        });
        s
    }

    fn scene() -> Scene {
        let json = r#"{"version":1,"video":{"id":"v"},"products":[{"id":"p"}],"tags":[
            {"id":"still","product":"p","start":1,"end":5,"x":0.5,"y":0.5},
            {"id":"moving","product":"p","start":2,"end":6,
             "keyframes":[{"t":2,"x":0,"y":0.5},{"t":6,"x":1,"y":0.5}]}]}"#;
        scene_at(json, 400.0, 200.0)
    }

    /// Where a path puts its tag at media time `t`, as the browser animates it: per segment,
    /// linear or smoothstep (`cubic-bezier(1/3, 0, 2/3, 1)` is exactly smoothstep).
    fn along(p: &Path, t: f64) -> (f64, f64) {
        let u = ((t - p.start) / (p.end - p.start)).clamp(0.0, 1.0);
        let i = p.points.iter().rposition(|q| q.offset <= u).unwrap_or(0);
        let a = p.points[i];
        let Some(b) = p.points.get(i + 1) else {
            return (a.x, a.y);
        };
        let v = if b.offset > a.offset {
            a.ease.apply((u - a.offset) / (b.offset - a.offset))
        } else {
            1.0
        };
        (a.x + (b.x - a.x) * v, a.y + (b.y - a.y) * v)
    }

    #[test]
    fn a_lead_gives_tags_ahead_placed_where_they_enter_and_leaving_it_is_exact_again() {
        let mut s = scene();
        s.frame(0.0);
        assert!(s.active().is_empty());
        s.set_lead(1.0);
        // At 0.6 the still tag (from 1) is within the lead, the moving one (from 2) not yet.
        let d = s.frame(0.6).clone();
        assert_eq!(d.entered, [0]);
        assert_eq!(
            s.next_change(0.6),
            Some(1.0),
            "the still tag's start, the moving one's lead"
        );
        assert!(!s.in_span(0, 0.6), "given ahead, not showing");
        assert!(s.in_span(0, 1.0));
        // Placed where it enters; the moving one where its track is at its start.
        let d = s.frame(0.7).clone();
        assert!(d.entered.is_empty());
        let d = s.frame(1.01).clone();
        assert_eq!(d.entered, [1]);
        let p = s.placement(1).unwrap_or_else(|| panic!("placed ahead"));
        assert!(
            p.x <= TARGET_RADIUS,
            "at its track's start, kept in the box: {p:?}"
        );
        // Ends are exact: at 5 the still tag leaves.
        assert_eq!(s.frame(5.0).left, [0]);
        // Back to no lead: a tag given ahead and not started leaves at the next frame.
        s.frame(0.9);
        assert_eq!(s.active(), [0]);
        s.set_lead(0.0);
        assert_eq!(s.frame(0.9).left, [0]);
        assert!(s.active().is_empty());
        assert_eq!(s.lead(), 0.0);
    }

    #[test]
    fn a_path_animates_the_tag_where_the_frame_loop_would_place_it() {
        // Keyframes aligned with the span, a span that starts and ends inside eased segments,
        // and holds before the first keyframe and after the last; under cover cropping.
        let json = r#"{"version":1,"video":{"id":"v"},"products":[{"id":"p"}],"tags":[
            {"id":"a","product":"p","start":2,"end":6,"keyframes":[
              {"t":2,"x":0.1,"y":0.2,"ease":"ease-in-out"},{"t":4,"x":0.6,"y":0.3},{"t":6,"x":0.9,"y":0.9}]},
            {"id":"b","product":"p","start":1,"end":9,"keyframes":[
              {"t":0,"x":0.1,"y":0.1,"ease":"ease-in-out"},{"t":3,"x":0.8,"y":0.4,"ease":"ease-in-out"},
              {"t":7,"x":0.2,"y":0.9,"ease":"ease-in-out"},{"t":12,"x":0.5,"y":0.5}]},
            {"id":"c","product":"p","start":0,"end":10,"keyframes":[
              {"t":3,"x":0.3,"y":0.3},{"t":5,"x":0.7,"y":0.7}]},
            {"id":"still","product":"p","start":0,"end":10,"x":0.5,"y":0.5}]}"#;
        let mut s = scene_of(json);
        s.set_layout(Layout {
            element: Size { w: 360.0, h: 640.0 },
            intrinsic: Size {
                w: 1920.0,
                h: 1080.0,
            },
            fit: ObjectFit::Cover,
            ..Layout::default()
        });
        assert_eq!(s.path(3), None, "a fixed tag has no path");
        for i in 0..3u32 {
            let p = s.path(i).unwrap_or_else(|| panic!("tag {i} has a path"));
            assert_eq!(p.points.first().map(|q| q.offset), Some(0.0));
            assert_eq!(p.points.last().map(|q| q.offset), Some(1.0));
            let mut t = p.start;
            while t <= p.end {
                let want = s.place(i, t);
                let (x, y) = along(&p, t);
                // A cropped point hides its tag: where it would be does not matter.
                assert!(
                    !want.visible || ((x - want.x).abs() < 0.5 && (y - want.y).abs() < 0.5),
                    "tag {i} at {t}: path ({x}, {y}) vs frame loop ({}, {})",
                    want.x,
                    want.y
                );
                t += 1.0 / 60.0;
            }
        }
    }

    #[test]
    fn a_path_stays_clear_of_the_bands_exactly_where_the_frame_loop_does() {
        // Linear and eased segments that cross into a control bar and out of the picture's
        // edge, under contain letterboxing and on a phone-sized cover box.
        let json = r#"{"version":1,"video":{"id":"v"},"products":[{"id":"p"}],"tags":[
            {"id":"lin","product":"p","start":0,"end":8,"keyframes":[
              {"t":0,"x":0.02,"y":0.2},{"t":4,"x":0.5,"y":0.98},{"t":8,"x":0.98,"y":0.1}]},
            {"id":"ease","product":"p","start":0,"end":8,"keyframes":[
              {"t":0,"x":0.2,"y":0.5,"ease":"ease-in-out"},{"t":4,"x":0.8,"y":0.99,"ease":"ease-in-out"},
              {"t":8,"x":0.3,"y":0.4}]}]}"#;
        let mut s = scene_of(json);
        let bar = Insets {
            bottom: 56.0,
            ..Insets::default()
        };
        for layout in [
            Layout {
                element: Size { w: 640.0, h: 480.0 },
                intrinsic: Size {
                    w: 1920.0,
                    h: 1080.0,
                },
                fit: ObjectFit::Contain,
                safe: bar,
                ..Layout::default()
            },
            Layout {
                element: Size { w: 390.0, h: 700.0 },
                intrinsic: Size {
                    w: 1080.0,
                    h: 1920.0,
                },
                fit: ObjectFit::Cover,
                safe: bar,
                ..Layout::default()
            },
        ] {
            s.set_layout(layout);
            for i in 0..2u32 {
                let p = s.path(i).unwrap_or_else(|| panic!("tag {i} has a path"));
                let mut t = 0.0;
                while t <= 8.0 {
                    let want = s.place(i, t);
                    let (x, y) = along(&p, t);
                    assert!(want.visible, "tag {i} at {t} has room");
                    assert!(
                        y <= layout.element.h - 56.0 - TARGET_RADIUS + 0.01,
                        "tag {i} at {t} sits in the bar: y = {y}"
                    );
                    assert!(
                        (x - want.x).abs() < 0.5 && (y - want.y).abs() < 0.5,
                        "tag {i} at {t}: path ({x}, {y}) vs frame loop ({}, {})",
                        want.x,
                        want.y
                    );
                    t += 1.0 / 60.0;
                }
            }
        }
    }

    #[test]
    fn a_tag_under_a_held_corner_moves_out_from_under_it_and_its_path_goes_around() {
        // The shop's buttons hold the top right corner of a phone-sized 390×219 box: 170×52.
        let json = r#"{"version":1,"video":{"id":"v"},"products":[{"id":"p"}],"tags":[
            {"id":"under","product":"p","start":0,"end":8,"x":0.72,"y":0.15},
            {"id":"beside","product":"p","start":0,"end":8,"x":0.5,"y":0.1},
            {"id":"across","product":"p","start":0,"end":8,"keyframes":[
              {"t":0,"x":0.3,"y":0.12},{"t":8,"x":0.95,"y":0.12}]}]}"#;
        let mut s = scene_of(json);
        let layout = Layout {
            element: Size { w: 390.0, h: 219.0 },
            intrinsic: Size { w: 960.0, h: 540.0 },
            ..Layout::default()
        };
        s.set_layout(layout);
        let corner = Corner {
            top: true,
            right: true,
            w: 170.0,
            h: 52.0,
        };
        let held = corner.rect(390.0, 219.0);
        let clear_of = |x: f64, y: f64| {
            x <= held.x - TARGET_RADIUS + 0.01 || y >= held.y + held.h + TARGET_RADIUS - 0.01
        };
        let before = s.place(0, 1.0);
        assert!(!clear_of(before.x, before.y), "the case: under the buttons");
        s.set_held([corner, Corner::default()]);
        // Below the buttons (nearer than beside them), the whole target clear.
        let under = s.place(0, 1.0);
        assert_eq!((under.x, under.y), (before.x, held.h + TARGET_RADIUS));
        // Nearer beside them than below: moved left.
        let beside = s.place(1, 1.0);
        assert!(clear_of(beside.x, beside.y), "{beside:?}");
        assert!(beside.y < held.h, "moved left, not down: {beside:?}");
        // A path crossing under the buttons goes around them, where the frame loop puts it
        // (but for the frame where the way out flips from beside them to below them: the tag
        // jumps there, and the path's samples a frame apart cannot).
        let p = s.path(2).unwrap_or_else(|| panic!("a path"));
        let mut t = 0.0;
        let frame = 1.0 / 30.0;
        while t <= 8.0 {
            let want = s.place(2, t);
            let (x, y) = along(&p, t);
            assert!(
                clear_of(want.x, want.y),
                "frame loop at {t}: ({}, {})",
                want.x,
                want.y
            );
            let (a, b) = (s.place(2, t - frame), s.place(2, t + frame));
            let jumps = (a.x - b.x).abs() + (a.y - b.y).abs() > 10.0;
            assert!(
                jumps || ((x - want.x).abs() < 1.5 && (y - want.y).abs() < 1.5),
                "at {t}: path ({x}, {y}) vs frame loop ({}, {})",
                want.x,
                want.y
            );
            t += 1.0 / 60.0;
        }
        // Let go: back on its product.
        s.set_held([Corner::default(); 2]);
        assert_eq!(s.place(0, 1.0), before);
    }

    #[test]
    fn a_target_measured_larger_than_assumed_moves_a_tag_clear_of_a_held_corner_at_once() {
        // A touch screen: the tag's target is 44 px, measured only when its label is; placed
        // before that, it cleared the buttons by 16 px, 6 px short.
        let json = r#"{"version":1,"video":{"id":"v"},"products":[{"id":"p"}],"tags":[
            {"id":"under","product":"p","start":0,"end":8,"x":0.72,"y":0.15}]}"#;
        let mut s = scene_at(json, 390.0, 219.0);
        let corner = Corner {
            top: true,
            right: true,
            w: 170.0,
            h: 52.0,
        };
        s.set_held([corner, Corner::default()]);
        let first = s.frame(1.0).moved.clone();
        assert_eq!(first.len(), 1);
        assert_eq!(first[0].1.y, 52.0 + TARGET_RADIUS);
        s.set_label(
            0,
            LabelBox {
                w: 80.0,
                h: 24.0,
                r: 22.0,
            },
        );
        // The very next frame, though nothing else changed, moves it 6 px further down.
        let next = s.frame(1.0 + 1.0 / 30.0).moved.clone();
        assert_eq!(next.len(), 1, "{next:?}");
        assert_eq!(next[0].1.y, 52.0 + 22.0);
        // A second measurement of the same size changes nothing.
        s.set_label(
            0,
            LabelBox {
                w: 80.0,
                h: 24.0,
                r: 22.0,
            },
        );
        assert!(s.frame(1.0 + 2.0 / 30.0).moved.is_empty());
    }

    /// A visible placement with the label on the right.
    fn at(x: f64, y: f64) -> Placement {
        Placement {
            x,
            y,
            visible: true,
            label_left: false,
            label_muted: false,
            badge_below: false,
            badge_muted: false,
        }
    }

    #[test]
    fn only_changes_are_reported() {
        let mut s = scene();
        let d = s.frame(1.5).clone();
        assert_eq!(d.entered, vec![0]);
        assert_eq!(d.moved, vec![(0, at(200.0, 100.0))]);
        assert!(s.frame(1.6).moved.is_empty(), "a still tag is placed once");
        let d = s.frame(3.0).clone();
        assert_eq!(d.entered, vec![1]);
        assert_eq!(d.moved, vec![(1, at(100.0, 100.0))]);
        let d = s.frame(4.0).clone();
        assert!(!d.set_changed());
        assert_eq!(d.moved, vec![(1, at(200.0, 100.0))]);
        let d = s.frame(5.5).clone();
        assert_eq!(d.left, vec![0]);
        let d = s.frame(0.0).clone();
        assert_eq!(d.left, vec![1], "seek back to before everything");
        assert_eq!(s.placement(1), None);
    }

    #[test]
    fn relayout_replaces_every_active_tag_once() {
        let mut s = scene();
        s.frame(1.5);
        s.set_layout(Layout {
            element: Size { w: 800.0, h: 400.0 },
            intrinsic: Size { w: 400.0, h: 200.0 },
            ..Layout::default()
        });
        let d = s.frame(1.5).clone();
        assert_eq!(d.moved, vec![(0, at(400.0, 200.0))]);
        assert!(s.frame(1.5).moved.is_empty());
    }

    #[test]
    fn a_tag_under_the_hosts_controls_moves_out_of_them_until_they_go() {
        let mut s = scene();
        // "still" sits at (200, 100); a control bar 120 px tall covers it.
        let d = s.frame(3.0);
        assert!(d
            .moved
            .iter()
            .any(|(i, p)| *i == 0 && *p == at(200.0, 100.0)));
        let with_bar = Layout {
            element: Size { w: 400.0, h: 200.0 },
            intrinsic: Size { w: 400.0, h: 200.0 },
            safe: Insets {
                bottom: 120.0,
                ..Insets::default()
            },
            ..Layout::default()
        };
        s.set_layout(with_bar);
        let d = s.frame(3.0);
        // Just above the bar, its whole target clear of it.
        assert!(
            d.moved
                .iter()
                .any(|(i, p)| *i == 0 && *p == at(200.0, 200.0 - 120.0 - TARGET_RADIUS)),
            "{d:?}"
        );
        s.set_layout(Layout {
            safe: Insets::default(),
            ..with_bar
        });
        let d = s.frame(3.0);
        assert!(d
            .moved
            .iter()
            .any(|(i, p)| *i == 0 && *p == at(200.0, 100.0)));
        // A box too small for a whole target between the bars: hidden.
        s.set_layout(Layout {
            safe: Insets {
                top: 90.0,
                bottom: 90.0,
                ..Insets::default()
            },
            ..with_bar
        });
        let d = s.frame(3.0);
        assert!(d.moved.iter().any(|(i, p)| *i == 0 && !p.visible), "{d:?}");
    }

    #[test]
    fn an_edge_tag_keeps_its_whole_target_in_the_picture_shown() {
        let json = r#"{"version":1,"video":{"id":"v"},"products":[{"id":"p"}],"tags":[
            {"id":"corner","product":"p","start":0,"end":5,"x":0.0,"y":1.0},
            {"id":"edge","product":"p","start":0,"end":5,"x":0.99,"y":0.5}]}"#;
        let mut s = scene_of(json);
        // Letterboxed (contain): the picture is 640 × 360 in the middle of 640 × 480.
        s.set_layout(Layout {
            element: Size { w: 640.0, h: 480.0 },
            intrinsic: Size {
                w: 1920.0,
                h: 1080.0,
            },
            fit: ObjectFit::Contain,
            ..Layout::default()
        });
        let d = s.frame(1.0).clone();
        assert_eq!(
            d.moved,
            vec![
                (0, at(16.0, 420.0 - 16.0)),
                (
                    1,
                    Placement {
                        label_left: true,
                        label_muted: false,
                        badge_below: false,
                        badge_muted: false,
                        ..at(640.0 - 16.0, 240.0)
                    }
                )
            ]
        );
        // A phone with the picture cropped (cover): the corner point is off screen and hides.
        s.set_layout(Layout {
            element: Size { w: 390.0, h: 700.0 },
            intrinsic: Size {
                w: 1920.0,
                h: 1080.0,
            },
            fit: ObjectFit::Cover,
            ..Layout::default()
        });
        let d = s.frame(1.0).clone();
        assert!(d.moved.iter().any(|(i, p)| *i == 0 && !p.visible), "{d:?}");
    }

    #[test]
    fn labels_stay_inside_the_box_and_follow_the_reading_direction() {
        assert!(!label_left(100.0, 400.0, false));
        assert!(
            label_left(300.0, 400.0, false),
            "near the right edge, the label flips"
        );
        assert!(label_left(200.0, 400.0, true), "RTL reads leftwards");
        assert!(
            !label_left(100.0, 400.0, true),
            "near the left edge, RTL labels flip right"
        );
        let mut s = scene();
        let d = s.frame(5.0).clone();
        // The moving tag is at x = 0.75 of 400 px at t = 5.
        assert_eq!(
            d.moved.first().map(|m| (m.0, m.1.x, m.1.label_left)),
            Some((1, 300.0, true))
        );
    }

    #[test]
    fn unknown_layout_hides_tags() {
        let json = r#"{"version":1,"video":{"id":"v"},"products":[{"id":"p"}],"tags":[
            {"id":"a","product":"p","start":0,"end":5,"x":0.5,"y":0.5}]}"#;
        let mut s = scene_of(json);
        let d = s.frame(1.0).clone();
        assert_eq!(d.moved, vec![(0, Placement::default())]);
        assert!(!d.moved[0].1.visible);
    }

    #[test]
    fn measured_labels_turn_or_mute_rather_than_overlap_and_a_moving_tag_clears_its_way() {
        // Three still tags in a column 10 px apart; one at (360, 200), and a tag moving
        // leftwards along y = 200 at 71.1 px/s, from x = 720.
        let json = r#"{"version":1,"video":{"id":"v"},"products":[{"id":"p"}],"tags":[
            {"id":"a","product":"p","start":0,"end":9,"x":0.25,"y":0.25},
            {"id":"b","product":"p","start":0,"end":9,"x":0.25,"y":0.275},
            {"id":"c","product":"p","start":0,"end":9,"x":0.25,"y":0.3},
            {"id":"m","product":"p","start":0,"end":9,
             "keyframes":[{"t":0,"x":0.9,"y":0.5},{"t":9,"x":0.1,"y":0.5}]},
            {"id":"d","product":"p","start":0,"end":9,"x":0.45,"y":0.5}]}"#;
        let mut s = scene_at(json, 800.0, 400.0);
        s.frame(1.0);
        let b = LabelBox {
            w: 120.0,
            h: 24.0,
            r: 16.0,
        };
        for i in [0, 1, 2, 4] {
            s.set_label(i, b);
        }
        fn side(s: &Scene, i: u32) -> (bool, bool) {
            s.placement(i)
                .map(|p| (p.label_left, p.label_muted))
                .unwrap_or_else(|| panic!("tag {i} placed"))
        }
        // Measured after the frame that showed them: decided at once.
        let d = s.relabel(1.0).clone();
        assert_eq!(side(&s, 0), (false, false));
        assert_eq!(side(&s, 1), (true, false), "the second turns left");
        assert!(side(&s, 2).1, "the third has no side left");
        assert!(d.moved.iter().any(|m| m.0 == 2 && m.1.label_muted), "{d:?}");
        assert_eq!(side(&s, 4), (false, false), "the moving tag is far off");
        // Nothing moved but the moving tag: the still labels keep what was decided.
        let d = s.frame(1.02).clone();
        assert!(d.moved.iter().all(|m| m.0 == 3), "{d:?}");
        // At t = 3 the moving tag (507 → 471 px over the next half second) comes into d's
        // label on the right: it turns left; once the tag is past, it goes back.
        s.frame(3.0);
        assert_eq!(side(&s, 4), (true, false));
        s.frame(6.0);
        assert_eq!(side(&s, 4), (false, false));
    }

    #[test]
    fn moving_labels_resolved_twice_per_horizon_never_overlap_on_any_frame() {
        // Eight labelled tags meeting head-on, played frame by frame: the labels are resolved
        // only when half the horizon has passed (or the set changes), and on no frame does one
        // shown label overlap another (resolved a little less often than the horizon, they do).
        // Four lanes 36 px apart (labels 22 px tall: no lane's label reaches another's); in
        // each, two tags meet and pass at about 110 px/s, the lanes a second apart.
        let mut tags = Vec::new();
        for k in 0..8 {
            let lane = f64::from(k / 2);
            let y = 0.3 + 0.1 * lane;
            let (x0, x1) = if k % 2 == 0 {
                (0.05, 0.95)
            } else {
                (0.95, 0.05)
            };
            let (t0, t1) = (lane, lane + 5.0);
            tags.push(format!(
                r#"{{"id":"t{k}","product":"p","start":{t0},"end":{t1},"keyframes":[{{"t":{t0},"x":{x0},"y":{y}}},{{"t":{t1},"x":{x1},"y":{y}}}]}}"#
            ));
        }
        let json = format!(
            r#"{{"version":1,"video":{{"id":"v"}},"products":[{{"id":"p"}}],"tags":[{}]}}"#,
            tags.join(",")
        );
        let mut s = scene_at(&json, 640.0, 360.0);
        let b = LabelBox {
            w: 90.0,
            h: 22.0,
            r: 16.0,
        };
        let cap = 640.0 / 2.0 - labels::CAP_INSET;
        for i in 0..8 {
            s.set_label(i, b);
        }
        let (mut resolutions, mut frames) = (0, 0);
        let mut t = 0.0;
        while t < 7.9 {
            let before = s.resolved_at;
            s.frame(t);
            frames += 1;
            resolutions += usize::from(s.resolved_at != before);
            let shown: Vec<Rect> = s
                .active()
                .iter()
                .filter_map(|&i| s.placement(i))
                .filter(|p| p.visible && !p.label_muted)
                .map(|p| {
                    let at = Rect {
                        x: p.x,
                        y: p.y,
                        w: 0.0,
                        h: 0.0,
                    };
                    labels::label_rect(at, b, p.label_left, cap)
                })
                .collect();
            for (k, a) in shown.iter().enumerate() {
                for c in &shown[k + 1..] {
                    let i = a.intersect(*c);
                    assert!(i.w <= 0.0 || i.h <= 0.0, "at {t}: {a:?} overlaps {c:?}");
                }
            }
            t += 1.0 / 30.0;
        }
        assert!(
            resolutions < frames / 4,
            "{resolutions} resolutions in {frames} frames"
        );
    }
}
