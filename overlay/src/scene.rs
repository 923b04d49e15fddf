//! The per-frame engine: given media time and the element's layout, what changed since the
//! last frame — tags that entered or left, and the new pixel positions of those that moved.

use crate::geometry::{picture_rect, to_px, ObjectFit, ObjectPosition, Rect, Size};
use crate::manifest::Manifest;
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
}

/// Where a tag's anchor point is, relative to the element's content box, in CSS pixels.
/// `visible` is false when the point is cropped away (`cover`, `none`) or the layout is unknown.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct Placement {
    pub x: f64,
    pub y: f64,
    pub visible: bool,
    /// The label goes on the left of the tag (the side with more room in the box).
    pub label_left: bool,
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
    cursor: Cursor,
    moving: Vec<bool>,
    picture: Option<(Layout, Rect)>,
    placed: Vec<Option<Placement>>,
    relayout: bool,
    delta: FrameDelta,
}

impl Scene {
    pub fn new(manifest: Manifest) -> Scene {
        let cues: Vec<(f64, f64)> = manifest.tags.iter().map(|t| (t.start, t.end)).collect();
        let moving = manifest.tags.iter().map(|t| t.track.is_moving()).collect();
        Scene {
            timeline: Timeline::new(&cues),
            cursor: Cursor::default(),
            placed: vec![None; manifest.tags.len()],
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

    /// Tags active at the last frame, ascending.
    pub fn active(&self) -> &[u32] {
        self.cursor.active()
    }

    /// The last placement given for tag `i`, while it is active.
    pub fn placement(&self, i: u32) -> Option<Placement> {
        self.placed.get(i as usize).copied().flatten()
    }

    /// The first media time after `t` at which a tag enters or leaves.
    pub fn next_change(&self, t: f64) -> Option<f64> {
        self.timeline.next_change(t)
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
        let (nx, ny) = tag.track.position_at(t);
        let p = to_px(rect, nx, ny);
        let clip = Rect {
            x: 0.0,
            y: 0.0,
            w: layout.element.w,
            h: layout.element.h,
        };
        Placement {
            x: quantize(p.x),
            y: quantize(p.y),
            visible: clip.contains(p),
            label_left: label_left(p.x, layout.element.w, layout.rtl),
        }
    }

    /// Advances to media time `t` and returns what changed since the previous frame. While the
    /// active set is stable and nothing moves, this does no work beyond one comparison.
    pub fn frame(&mut self, t: f64) -> &FrameDelta {
        let mut delta = std::mem::take(&mut self.delta);
        delta.clear();
        self.cursor
            .advance(&self.timeline, t, &mut delta.entered, &mut delta.left);
        for &i in &delta.left {
            if let Some(p) = self.placed.get_mut(i as usize) {
                *p = None;
            }
        }
        let relayout = std::mem::take(&mut self.relayout);
        for &i in self.cursor.active() {
            let idx = i as usize;
            let last = self.placed.get(idx).copied().flatten();
            let needs =
                last.is_none() || relayout || self.moving.get(idx).copied().unwrap_or(false);
            if !needs {
                continue;
            }
            let p = self.place(i, t);
            if last != Some(p) {
                delta.moved.push((i, p));
                if let Some(slot) = self.placed.get_mut(idx) {
                    *slot = Some(p);
                }
            }
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

    fn scene() -> Scene {
        let json = r#"{"version":1,"video":{"id":"v"},"products":[{"id":"p"}],"tags":[
            {"id":"still","product":"p","start":1,"end":5,"x":0.5,"y":0.5},
            {"id":"moving","product":"p","start":2,"end":6,
             "keyframes":[{"t":2,"x":0,"y":0.5},{"t":6,"x":1,"y":0.5}]}]}"#;
        let m = Manifest::parse(json).map(|p| p.manifest);
        let mut s = Scene::new(m.unwrap_or_else(|e| panic!("{e}")));
        s.set_layout(Layout {
            element: Size { w: 400.0, h: 200.0 },
            intrinsic: Size { w: 400.0, h: 200.0 },
            ..Layout::default()
        });
        s
    }

    /// A visible placement with the label on the right.
    fn at(x: f64, y: f64) -> Placement {
        Placement {
            x,
            y,
            visible: true,
            label_left: false,
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
        let m = Manifest::parse(json).map(|p| p.manifest);
        let mut s = Scene::new(m.unwrap_or_else(|e| panic!("{e}")));
        let d = s.frame(1.0).clone();
        assert_eq!(d.moved, vec![(0, Placement::default())]);
        assert!(!d.moved[0].1.visible);
    }
}
