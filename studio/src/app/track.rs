//! The tracking pane's state: the run in progress (one at a time, cancellable, its result dropped
//! when it is no longer the current run), its progress and summary, the box to track from, the
//! box size and tolerance settings, and the last run's offers to continue where it found the
//! product again. A run's keyframes reach the draft as one `Edit::ApplyTrack`.

use authoring::words;
use std::cell::Cell;
use std::rc::Rc;

use authoring::timecode::{format, frame_at};
use authoring::track::{Direction, Found, NormBox, Spec};
use authoring::{Edit, Session, Tag};
use yew::Callback;

use super::feedback::Feedback;
use super::video::VideoPane;
use crate::components::inspector::TrackView;
use crate::tracking::{self, Finished, Progress};

pub enum TrackMsg {
    Start(Direction),
    Progress(Progress),
    Finished(u64, Result<Finished, String>),
    Cancel,
    /// Track on from where the last run found the product again (which of its finds).
    Continue(usize),
    /// The brand's answer to which tag a box drawn around another tag is for: that other tag
    /// (`Some(true)`), the selected one (`Some(false)`), or neither (`None`).
    BoxFor(Option<bool>),
}

/// The tracking run in progress: which tag it is for, and its cancel flag. A result whose id
/// is not the current job's (the video changed, the studio closed) is dropped.
struct Job {
    id: u64,
    tag: String,
    direction: Direction,
    cancel: Rc<Cell<bool>>,
}

pub struct Tracker {
    send: Callback<TrackMsg>,
    /// Read frames by seeking only (for comparison).
    seek_only: bool,
    job: Option<Job>,
    seq: u64,
    progress: (u64, u64),
    summary: Option<String>,
    /// Why tracking cannot run on this video (a tainted canvas, say).
    unavailable: Option<String>,
    /// The box drawn, or the one a continuation starts from.
    pub drawn: Option<NormBox>,
    /// A box drawn around another tag than the selected one, and that tag's id: the brand is
    /// asked which it is for before either is moved.
    pub ask: Option<(NormBox, String)>,
    /// Where the last run found the product again after a loss (one a direction), for which
    /// tag; forgotten when the video, the draft's history or the run changes.
    offers: Vec<(String, Found)>,
    /// Box size, % of the picture.
    pub box_size: (f64, f64),
    /// % of the frame width.
    pub tolerance: f64,
}

impl Tracker {
    pub fn new(send: Callback<TrackMsg>, seek_only: bool) -> Tracker {
        Tracker {
            send,
            seek_only,
            job: None,
            seq: 0,
            progress: (0, 0),
            summary: None,
            unavailable: None,
            drawn: None,
            ask: None,
            offers: Vec::new(),
            box_size: (12.0, 16.0),
            tolerance: 0.3,
        }
    }

    /// A new video: whatever runs stops, and nothing is known about tracking it yet.
    pub fn reset(&mut self) {
        self.cancel();
        self.unavailable = None;
    }

    /// Stops the run and forgets it: its result will be dropped (a new video, the end), and
    /// so are the last run's offers to continue.
    pub fn cancel(&mut self) {
        if let Some(j) = self.job.take() {
            j.cancel.set(true);
        }
        self.offers.clear();
    }

    /// An undo or redo may have taken away the result an offer belongs to.
    pub fn forget_offers(&mut self) {
        self.offers.clear();
    }

    /// The box a run from `time` would start from on `tag`: the drawn one, else (while drawing
    /// or tracking) the configured size centred on the tag.
    pub fn box_for(&self, tag: &Tag, time: f64, drawing: bool) -> Option<NormBox> {
        if !tag.shows_at(time) {
            return None;
        }
        if let Some(b) = self.drawn {
            return Some(b);
        }
        if !drawing && self.job.is_none() {
            return None;
        }
        Some(self.sized(tag, time))
    }

    fn sized(&self, tag: &Tag, time: f64) -> NormBox {
        let (x, y) = tag.position_at(time);
        NormBox {
            cx: x,
            cy: y,
            w: self.box_size.0 / 100.0,
            h: self.box_size.1 / 100.0,
        }
    }

    /// Starts a run on the selected tag from the playhead: `direction`, or, going on from
    /// where a run found the product again, both ways over the frames that find continues
    /// ([`Found::continuation`]: back to where it was lost, and on).
    pub fn start(
        &mut self,
        direction: Direction,
        from: Option<Found>,
        session: &Session,
        video: &VideoPane,
        fb: &mut Feedback,
    ) {
        let Some(tag) = session.selected().and_then(|id| session.draft().tag(id)) else {
            fb.say(words::t("track.select_first"));
            return;
        };
        let Some(src) = video.src().map(str::to_string) else {
            return;
        };
        let (fps, time) = (video.fps, video.time);
        if !tag.shows_at(time) {
            fb.refuse(words::f(
                "track.playhead_outside",
                &[
                    ("start", &format(tag.start, fps)),
                    ("end", &format(tag.end, fps)),
                ],
            ));
            return;
        }
        let bbox = self.drawn.unwrap_or_else(|| self.sized(tag, time));
        let first = frame_at(tag.start, fps);
        let last = frame_at(tag.end, fps).saturating_sub(1).max(first);
        let (first, last) = from.map_or((first, last), |f| f.continuation(first, last));
        let spec = Spec {
            fps,
            seed: frame_at(time, fps).clamp(first, last),
            first,
            last,
            bbox,
            direction: if from.is_some() {
                Direction::Both
            } else {
                direction
            },
            tolerance: self.tolerance / 100.0,
        };
        let cancel = Rc::new(Cell::new(false));
        self.seq += 1;
        let id = self.seq;
        self.job = Some(Job {
            id,
            tag: tag.id.clone(),
            direction,
            cancel: cancel.clone(),
        });
        self.summary = None;
        self.progress = (0, 0);
        self.drawn = None;
        fb.say("Tracking…");
        let (send, file, seek_only) = (self.send.clone(), video.file().cloned(), self.seek_only);
        wasm_bindgen_futures::spawn_local(async move {
            let on = send.clone();
            let progress = move |p: Progress| on.emit(TrackMsg::Progress(p));
            let r = tracking::track(src, file, spec, seek_only, cancel, progress).await;
            send.emit(TrackMsg::Finished(id, r));
        });
    }

    pub fn progressed(&mut self, p: Progress) {
        self.progress = (p.done, p.total);
    }

    /// The brand stops the run: it stops at its next frame, and what it tracked so far is
    /// still applied.
    pub fn stop(&self) {
        if let Some(j) = &self.job {
            j.cancel.set(true);
        }
    }

    /// Run `id` ended: its keyframes become one edit of `session`; false when it was not the
    /// current run (dropped).
    pub fn finished(
        &mut self,
        id: u64,
        r: Result<Finished, String>,
        session: &mut Session,
        video: &VideoPane,
        fb: &mut Feedback,
    ) -> bool {
        let job = match self.job.take() {
            Some(j) if j.id == id => j,
            other => {
                self.job = other;
                return false;
            }
        };
        // This run's finds replace the offers for its directions; a continuation one way
        // keeps the other way's offer.
        self.offers.retain(|(tag, f)| {
            *tag == job.tag && job.direction != Direction::Both && f.direction != job.direction
        });
        let f = match r {
            Ok(f) => f,
            Err(e) => {
                if crate::frames::is_unavailable(&e) {
                    self.unavailable = Some(e.clone());
                }
                let m = words::f("track.stopped", &[("why", &e)]);
                self.summary = Some(m.clone());
                fb.say(m);
                return true;
            }
        };
        let fps = video.fps;
        self.offers
            .extend(f.outcome.found.iter().map(|x| (job.tag.clone(), *x)));
        let speed = if f.millis > 0.0 {
            f.frames as f64 / (f.millis / 1000.0)
        } else {
            0.0
        };
        let read = words::n(
            "track.read",
            f.frames,
            &[("how", &f.access), ("speed", &format!("{speed:.0}"))],
        );
        let summary = if f.unconfirmed > 0 {
            words::f(
                "track.summary_unconfirmed",
                &[
                    ("outcome", &f.outcome.summary(fps)),
                    ("read", &read),
                    ("unconfirmed", &f.unconfirmed.to_string()),
                ],
            )
        } else {
            words::f(
                "track.summary",
                &[("outcome", &f.outcome.summary(fps)), ("read", &read)],
            )
        };
        if !f.outcome.keyframes.is_empty() {
            let trace = f
                .outcome
                .trace
                .iter()
                .map(|t| (t.frame as f64 / fps, t.confidence as f32))
                .collect();
            let e = Edit::ApplyTrack {
                tag: job.tag,
                keyframes: f.outcome.keyframes,
                trace,
            };
            fb.edited(session.edit(e, &video.ctx()));
        }
        self.summary = Some(summary.clone());
        fb.say(summary);
        true
    }

    /// Takes offer `i`: the tag and where (and which way) to track on from. Whatever runs is
    /// stopped (its result dropped); the other direction's offer stays.
    pub fn take_offer(&mut self, i: usize) -> Option<(String, Found)> {
        if i >= self.offers.len() {
            return None;
        }
        let (tag, found) = self.offers.remove(i);
        let rest = std::mem::take(&mut self.offers);
        self.cancel();
        self.offers = rest;
        // From the found frame, with the box the search found.
        self.drawn = Some(found.bbox);
        Some((tag, found))
    }

    /// The brand answered which tag the box is for: `Some(true)` the tag it is around (now
    /// selected), `Some(false)` the selected one, `None` neither.
    pub fn answer(&mut self, for_other: Option<bool>, session: &mut Session, fb: &mut Feedback) {
        let Some((b, other)) = self.ask.take() else {
            return;
        };
        match for_other {
            Some(other_tag) => {
                if other_tag {
                    session.select(Some(other));
                }
                self.use_box(b, fb);
            }
            None => fb.say(words::t("track.box_dropped")),
        }
    }

    /// `b` is the box the next run starts from (its size becomes the box settings).
    pub fn use_box(&mut self, b: NormBox, fb: &mut Feedback) {
        self.box_size = ((b.w * 100.0).round(), (b.h * 100.0).round());
        self.drawn = Some(b);
        fb.say(words::t("track.box_drawn"));
    }

    /// The tag a box was drawn around, when the brand is asked which tag the box is for.
    pub fn asking(&self) -> Option<&str> {
        self.ask.as_ref().map(|(_, other)| other.as_str())
    }

    /// What the inspector shows for the selected tag.
    pub fn view(&self, selected: Option<&str>, fps: f64, drawing: bool) -> TrackView {
        TrackView {
            running: self.job.is_some(),
            done: self.progress.0,
            total: self.progress.1,
            summary: self.summary.clone(),
            unavailable: self.unavailable.clone(),
            box_w: self.box_size.0,
            box_h: self.box_size.1,
            tolerance: self.tolerance,
            drawing,
            offers: self
                .offers
                .iter()
                .enumerate()
                .filter(|(_, (tag, _))| selected == Some(tag.as_str()))
                .map(|(i, (_, f))| {
                    let key = match f.direction {
                        Direction::Backward => "track.continue_backward",
                        _ => "track.continue_forward",
                    };
                    let at = format(f.frame as f64 / fps, fps);
                    (i, words::f(key, &[("at", &at)]))
                })
                .collect(),
        }
    }
}

impl Drop for Tracker {
    fn drop(&mut self) {
        self.cancel();
    }
}
