//! The timeline's state and input: the window of the video it shows (zoom and fit), the bar
//! being dragged (shown where it would land, snapped to frames, until it is let go), seeks from
//! its ruler, selection from its rows. A bar let go is one `Edit` through the session.

use authoring::timecode::snap;
use authoring::{Draft, Edit, Session};
use yew::NodeRef;

use super::feedback::Feedback;
use super::track::Tracker;
use super::video::VideoPane;
use crate::components::{BarPart, TimelineEvent};

pub struct TimelineState {
    /// The seconds shown, start and end.
    pub view: (f64, f64),
    /// The bar being dragged: its tag and where its start and end would land.
    pub bar: Option<(String, f64, f64)>,
}

impl Default for TimelineState {
    fn default() -> Self {
        TimelineState {
            view: (0.0, 1.0),
            bar: None,
        }
    }
}

/// Where `tag`'s bar lands when `part` of it moves by `dt` seconds.
fn moved(d: &Draft, tag: &str, part: BarPart, dt: f64) -> Option<(f64, f64)> {
    d.tag(tag).map(|g| match part {
        BarPart::Body => (g.start + dt, g.end + dt),
        BarPart::Start => (g.start + dt, g.end),
        BarPart::End => (g.start, g.end + dt),
    })
}

impl TimelineState {
    /// The whole video is shown (a new one's length is known).
    pub fn fit(&mut self, duration: f64) {
        self.view = (0.0, duration);
    }

    pub fn update(
        &mut self,
        e: TimelineEvent,
        session: &mut Session,
        tracker: &mut Tracker,
        video: &mut VideoPane,
        others: &[NodeRef],
        fb: &mut Feedback,
    ) {
        let cx = video.ctx();
        match e {
            TimelineEvent::Seek(t) => {
                video.pause();
                video.seek(t, others);
            }
            TimelineEvent::Select(tag) => {
                session.select(Some(tag));
                tracker.drawn = None;
            }
            TimelineEvent::Drag { tag, part, dt } => {
                if let Some((s, e)) = moved(session.draft(), &tag, part, dt) {
                    self.bar = Some((tag, snap(s, cx.fps), snap(e, cx.fps)));
                }
            }
            TimelineEvent::Drop { tag, part, dt } => {
                self.bar = None;
                session.select(Some(tag.clone()));
                let e =
                    match part {
                        BarPart::Body => Some(Edit::Shift { tag, by: dt }),
                        _ => moved(session.draft(), &tag, part, dt)
                            .map(|(start, end)| Edit::Retime { tag, start, end }),
                    };
                if let Some(e) = e {
                    fb.edited(session.edit(e, &cx));
                }
            }
            TimelineEvent::Shift { tag, by } => {
                session.select(Some(tag.clone()));
                fb.edited(session.edit(Edit::Shift { tag, by }, &cx));
            }
            TimelineEvent::Zoom(f) => {
                let d = video.duration.unwrap_or(1.0);
                let span = ((self.view.1 - self.view.0) * f).clamp(1.0, d.max(1.0));
                let start = (video.time - span / 2.0).clamp(0.0, (d - span).max(0.0));
                self.view = (start, start + span);
            }
            TimelineEvent::Fit => self.fit(video.duration.unwrap_or(1.0)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use authoring::Ctx;

    #[test]
    fn a_bar_moves_whole_or_by_one_end() {
        let mut s = Session::new("v", Some(20.0));
        let cx = Ctx {
            fps: 30.0,
            duration: Some(20.0),
        };
        let e = Edit::Place {
            product: "p".into(),
            name: None,
            t: 1.0,
            x: 0.5,
            y: 0.5,
        };
        // Placed before the video's length is known: a three-second tag.
        let unknown = Ctx {
            duration: None,
            ..cx
        };
        s.edit(e, &unknown).ok();
        let id = s.selected().unwrap_or_default().to_string();
        let d = s.draft();
        assert_eq!(moved(d, &id, BarPart::Body, 1.0), Some((2.0, 5.0)));
        assert_eq!(moved(d, &id, BarPart::Start, 0.5), Some((1.5, 4.0)));
        assert_eq!(moved(d, &id, BarPart::End, -1.0), Some((1.0, 3.0)));
        assert_eq!(moved(d, "nope", BarPart::Body, 1.0), None);
    }
}
