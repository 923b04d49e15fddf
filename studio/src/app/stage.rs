//! The stage's state and input: what a tap on the picture does (place the armed product, start a
//! tracking box while drawing, move the selected tag there), the drag in progress (`drag.rs`),
//! arrow keys on a focused tag, products dropped from the picker. Every change of the draft it
//! makes is an `Edit` through the session.

use authoring::words;
use authoring::{Edit, Session};

use super::catalog::Catalog;
use super::feedback::Feedback;
use super::track::Tracker;
use super::video::VideoPane;
use crate::components::StageEvent;
use crate::drag::{Drag, Released};

#[derive(Default)]
pub struct StageState {
    /// The product a tap on the picture places.
    pub armed: Option<String>,
    /// A press on the picture draws the tracking box.
    pub drawing: bool,
    pub drag: Option<Drag>,
    /// Move focus to the selected tag after the next render (keyboard placing).
    pub focus_selected: bool,
}

/// What the stage needs of the rest of the studio while it handles input.
pub struct Parts<'a> {
    pub session: &'a mut Session,
    pub tracker: &'a mut Tracker,
    pub catalog: &'a Catalog,
    pub video: &'a VideoPane,
    pub fb: &'a mut Feedback,
}

impl StageState {
    /// The stage's mode, for its class and its pointer cursor.
    pub fn mode(&self) -> &'static str {
        if self.drawing {
            "draw"
        } else if self.armed.is_some() {
            "place"
        } else {
            "edit"
        }
    }

    /// Escape: whatever was armed, drawn or dragged is dropped; true when something was.
    pub fn cancel(&mut self) -> bool {
        let busy = self.armed.is_some() || self.drawing || self.drag.is_some();
        self.armed = None;
        self.drawing = false;
        self.drag = None;
        busy
    }

    /// A tap on the picture places `product` from now on (or nothing).
    pub fn arm(&mut self, product: Option<String>, catalog: &Catalog, fb: &mut Feedback) {
        self.armed = product;
        self.drawing = false;
        if let Some(id) = &self.armed {
            let name = catalog.product(id).map_or(id.clone(), |p| p.title.clone());
            fb.say(words::f("stage.tap_where", &[("product", &name)]));
        }
    }

    /// A press on the picture draws the tracking box from now on (or not).
    pub fn draw(&mut self, on: bool, fb: &mut Feedback) {
        self.drawing = on;
        self.armed = None;
        if on {
            fb.say(words::t("stage.drag_box"));
        }
    }

    /// Places `product` at `(x, y)` on the current frame (however it was chosen: dropped, armed
    /// and tapped, or from the keyboard), named as the catalog names it.
    pub fn place(&mut self, product: String, x: f64, y: f64, p: Parts) {
        self.armed = None;
        let name = p.catalog.product(&product).map(|c| c.title.clone());
        let t = p.video.time;
        let e = Edit::Place {
            product,
            name,
            t,
            x,
            y,
        };
        p.fb.edited(p.session.edit(e, &p.video.ctx()));
    }

    /// Handles one gesture; true when the stage must be drawn again.
    pub fn update(&mut self, e: StageEvent, p: Parts) -> bool {
        let t = p.video.time;
        let cx = p.video.ctx();
        match e {
            StageEvent::Drop { product, x, y } => self.place(product, x, y, p),
            StageEvent::Down { x, y } if self.drawing => self.drag = Some(Drag::box_from(x, y)),
            StageEvent::Down { x, y } => {
                if let Some(product) = self.armed.clone() {
                    self.place(product, x, y, p);
                    return true;
                }
                // The single-pointer way to move: a tap moves the selected tag here.
                match p.session.selected().map(str::to_string) {
                    Some(tag) if p.session.draft().tag(&tag).is_some_and(|g| g.shows_at(t)) => {
                        p.fb.edited(p.session.edit(Edit::Move { tag, t, x, y }, &cx))
                    }
                    _ => p.session.select(None),
                }
            }
            StageEvent::TagDown { x, y, .. } if self.drawing => {
                self.drag = Some(Drag::box_from(x, y))
            }
            StageEvent::TagDown { tag, x, y } => {
                p.session.select(Some(tag.clone()));
                p.tracker.drawn = None;
                self.drag = Some(Drag::on_tag(tag, x, y));
            }
            StageEvent::Move { x, y } => {
                return self.drag.as_mut().is_some_and(|d| d.pointer_moved(x, y))
            }
            StageEvent::Up { x, y } => match self.drag.take().map(|d| d.released(x, y)) {
                Some(Released::Moved { tag, x, y }) => {
                    p.fb.edited(p.session.edit(Edit::Move { tag, t, x, y }, &cx))
                }
                Some(Released::Boxed(b)) => {
                    self.drawing = false;
                    // Around another tag's point and not the selected one's: the brand may
                    // have meant that tag, so neither is moved until they say which.
                    let draft = p.session.draft();
                    let inside = |g: &authoring::Tag| {
                        let (x, y) = g.position_at(t);
                        (x - b.cx).abs() <= b.w / 2.0 && (y - b.cy).abs() <= b.h / 2.0
                    };
                    let selected = p.session.selected().and_then(|id| draft.tag(id));
                    let other = draft
                        .tags
                        .iter()
                        .filter(|g| g.shows_at(t) && selected.is_none_or(|s| s.id != g.id))
                        .find(|g| inside(g))
                        .map(|g| g.id.clone());
                    match (selected, other) {
                        (Some(s), Some(other)) if !inside(s) => {
                            p.tracker.ask = Some((b, other));
                            p.fb.say(words::t("stage.box_other"));
                        }
                        (selected, other) => {
                            if let (None, Some(other)) = (selected, other) {
                                p.session.select(Some(other));
                            }
                            p.tracker.use_box(b, p.fb);
                        }
                    }
                }
                Some(Released::TooSmall) => {
                    self.drawing = false;
                    p.fb.say(words::t("stage.box_small"));
                }
                Some(Released::Tapped) | None => {}
            },
            StageEvent::TagKey { tag, key, shift } => {
                p.session.select(Some(tag.clone()));
                let d = if shift { 0.10 } else { 0.01 };
                let e = match key.as_str() {
                    "ArrowLeft" => Edit::Nudge {
                        tag,
                        t,
                        dx: -d,
                        dy: 0.0,
                    },
                    "ArrowRight" => Edit::Nudge {
                        tag,
                        t,
                        dx: d,
                        dy: 0.0,
                    },
                    "ArrowUp" => Edit::Nudge {
                        tag,
                        t,
                        dx: 0.0,
                        dy: -d,
                    },
                    "ArrowDown" => Edit::Nudge {
                        tag,
                        t,
                        dx: 0.0,
                        dy: d,
                    },
                    _ => Edit::Delete { tag },
                };
                p.fb.edited(p.session.edit(e, &cx));
            }
        }
        true
    }
}
