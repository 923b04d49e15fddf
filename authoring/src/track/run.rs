//! One tracking run, sans-IO: the studio seeds it with a box on one frame and a range of
//! frames; the run says which frame it wants next (forward from the seed to the end of the
//! range, then backward from the seed to its start), takes each frame as it comes, stops a
//! direction where the object is lost or leaves the picture, then searches the following
//! frames for the product coming back (the occluder passes, it re-enters the picture) and,
//! when it finds it, offers that frame and box to continue from; and it turns what it followed
//! into simplified keyframes with a confidence trace. The web side only fetches frames, so the
//! whole run is tested natively on generated clips.

use crate::words;
use overlay::{Ease, Keyframe};
use thiserror::Error;

use super::dcf::{BoxPx, Tracker, PSR_FOUND, PSR_LOST};
use super::image::Gray;
use super::rdp::{simplify, Sample};

/// Consecutive unsure frames after which a direction stops: the object is lost.
pub const PATIENCE: u32 = 3;
/// After a loss, how long the run looks for the product coming back, in seconds of video.
pub const SEARCH_SECONDS: f64 = 10.0;
/// Consecutive frames a whole-frame search must find the product in, near the same place,
/// before it is offered (one lucky match is not enough).
const FOUND_FRAMES: u32 = 2;

/// Which way to track from the seed frame.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    Both,
    Forward,
    Backward,
}

/// A box in fractions of the picture (what the brand drew).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct NormBox {
    pub cx: f64,
    pub cy: f64,
    pub w: f64,
    pub h: f64,
}

/// What a run is asked to do.
#[derive(Clone, Debug, PartialEq)]
pub struct Spec {
    /// Frames per second of the video (frame `k` is shown from `k / fps`).
    pub fps: f64,
    /// The frame the box was drawn on.
    pub seed: u64,
    /// The frames the run may cover, inclusive (the tag's time range).
    pub first: u64,
    pub last: u64,
    pub bbox: NormBox,
    pub direction: Direction,
    /// Largest error the simplified keyframes may add, as a fraction of the frame width.
    pub tolerance: f64,
}

/// Why a run could not start or a frame was refused.
#[derive(Clone, Debug, PartialEq, Error)]
pub enum TrackError {
    #[error("the frame rate must be a positive number, not {0}")]
    BadFps(f64),
    #[error("frame {seed} is outside the tag's frames {first}–{last}")]
    SeedOutside { seed: u64, first: u64, last: u64 },
    #[error("the box must lie inside the picture and be at least 8 px on a side")]
    BadBox,
    #[error("the run asked for frame {wanted}, not frame {got}")]
    WrongFrame { wanted: u64, got: u64 },
    #[error("the run is finished")]
    Finished,
}

/// Why one direction of a run ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stop {
    /// Reached the end of the tag's range.
    RangeEnd,
    /// The tracker was unsure for [`PATIENCE`] frames: occluded, changed, or gone.
    Lost,
    /// The box's centre left the picture.
    LeftPicture,
    /// The brand cancelled.
    Cancelled,
}

impl Stop {
    pub fn describe(self) -> &'static str {
        match self {
            Stop::RangeEnd => words::t("stop.range_end"),
            Stop::Lost => words::t("stop.lost"),
            Stop::LeftPicture => words::t("stop.left"),
            Stop::Cancelled => words::t("stop.cancelled"),
        }
    }
}

/// One frame's answer, kept for the confidence trace.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Tracked {
    pub frame: u64,
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
    /// 0..=1 from the peak-to-sidelobe ratio (0 when unsure).
    pub confidence: f64,
    pub psr: f32,
    /// Whether the tracker was sure of this frame (what the keyframes keep).
    pub sure: bool,
}

/// Where a run found the product again after losing it: the brand may continue from there.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Found {
    /// The direction that lost it (and in which to continue).
    pub direction: Direction,
    pub frame: u64,
    pub bbox: NormBox,
    /// 0..=1, from the search's peak-to-sidelobe ratio.
    pub confidence: f64,
    /// The frame where that direction lost it.
    pub lost: u64,
}

impl Found {
    /// The frames a continuation from here covers, within `first..=last`: it tracks both ways
    /// from the found frame, back no further than where the product was lost (so the frames
    /// where it came back into view before the search was sure of it are kept too) and on to
    /// the end of the range the way it was going.
    pub fn continuation(&self, first: u64, last: u64) -> (u64, u64) {
        let lost = self.lost.clamp(first, last);
        match self.direction {
            Direction::Backward => (first, lost),
            _ => (lost, last),
        }
    }
}

/// What a finished run produced.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    /// Simplified keyframes over the frames the tracker was sure of, in time order.
    pub keyframes: Vec<Keyframe>,
    /// Every frame's confidence, sure or not, in time order.
    pub trace: Vec<Tracked>,
    /// The frames covered by `keyframes` (inclusive).
    pub covered: (u64, u64),
    pub forward: Option<Stop>,
    pub backward: Option<Stop>,
    /// Where the product was found again after each direction lost it.
    pub found: Vec<Found>,
}

impl Outcome {
    /// A sentence for the brand: how far it went and why it stopped each way.
    pub fn summary(&self, fps: f64) -> String {
        let at = |f: u64| crate::timecode::format(f as f64 / fps, fps);
        let mut parts = vec![words::n(
            "summary.tracked",
            self.keyframes.len() as u64,
            &[("start", &at(self.covered.0)), ("end", &at(self.covered.1))],
        )];
        if let Some(stop) = self.forward.filter(|s| *s != Stop::RangeEnd) {
            parts.push(words::f(
                "summary.forward_stopped",
                &[("at", &at(self.covered.1)), ("why", stop.describe())],
            ));
        }
        if let Some(stop) = self.backward.filter(|s| *s != Stop::RangeEnd) {
            parts.push(words::f(
                "summary.backward_stopped",
                &[("at", &at(self.covered.0)), ("why", stop.describe())],
            ));
        }
        for f in &self.found {
            let key = if f.direction == Direction::Backward {
                "summary.found_backward"
            } else {
                "summary.found_forward"
            };
            parts.push(words::f(
                key,
                &[
                    ("at", &at(f.frame)),
                    ("sure", &(f.confidence * 100.0).round().to_string()),
                ],
            ));
        }
        parts.join(words::t("summary.joiner"))
    }
}

/// A search after a loss: the frame it started on, and the candidate seen on the frames just
/// before (how many in a row, where, and the PSR there).
#[derive(Clone, Copy, Debug)]
struct Search {
    since: u64,
    candidate: Option<(u32, BoxPx, f32)>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    Seed,
    Forward,
    Backward,
    Done,
}

/// A run in progress.
#[derive(Debug)]
pub struct Run {
    spec: Spec,
    phase: Phase,
    next: u64,
    initial: Option<Tracker>,
    tracker: Option<Tracker>,
    unsure: u32,
    trace: Vec<Tracked>,
    /// Why each direction ended.
    forward: Option<Stop>,
    backward: Option<Stop>,
    frame_size: (f64, f64),
    /// After a loss: the search for the product coming back.
    searching: Option<Search>,
    found: Vec<Found>,
}

fn confidence(psr: f32) -> f64 {
    (((psr - PSR_LOST) / 14.0) as f64).clamp(0.0, 1.0)
}

impl Run {
    pub fn new(spec: Spec) -> Result<Run, TrackError> {
        if !(spec.fps.is_finite() && spec.fps > 0.0) {
            return Err(TrackError::BadFps(spec.fps));
        }
        if spec.seed < spec.first || spec.seed > spec.last {
            return Err(TrackError::SeedOutside {
                seed: spec.seed,
                first: spec.first,
                last: spec.last,
            });
        }
        let b = spec.bbox;
        let ok = [b.cx, b.cy, b.w, b.h].iter().all(|v| v.is_finite())
            && (0.0..=1.0).contains(&b.cx)
            && (0.0..=1.0).contains(&b.cy)
            && b.w > 0.0
            && b.h > 0.0;
        if !ok {
            return Err(TrackError::BadBox);
        }
        Ok(Run {
            next: spec.seed,
            spec,
            phase: Phase::Seed,
            initial: None,
            tracker: None,
            unsure: 0,
            trace: Vec::new(),
            forward: None,
            backward: None,
            frame_size: (0.0, 0.0),
            searching: None,
            found: Vec::new(),
        })
    }

    /// The frame the run needs next; `None` once it is done.
    pub fn wanted(&self) -> Option<u64> {
        (self.phase != Phase::Done).then_some(self.next)
    }

    /// Frames handled and the most the run can take, for a progress bar.
    pub fn progress(&self) -> (u64, u64) {
        let total = match self.spec.direction {
            Direction::Both => self.spec.last - self.spec.first + 1,
            Direction::Forward => self.spec.last - self.spec.seed + 1,
            Direction::Backward => self.spec.seed - self.spec.first + 1,
        };
        (self.trace.len() as u64, total)
    }

    /// Stops the run where it is; what was tracked so far is kept.
    pub fn cancel(&mut self) {
        // A direction already searching after a loss keeps why it stopped.
        match self.phase {
            _ if self.searching.is_some() => {}
            Phase::Forward => self.forward = Some(Stop::Cancelled),
            Phase::Backward => self.backward = Some(Stop::Cancelled),
            _ => {}
        }
        self.phase = Phase::Done;
    }

    /// Takes frame `index` (the one [`Run::wanted`] asked for).
    pub fn feed(&mut self, index: u64, frame: &Gray) -> Result<(), TrackError> {
        let Some(wanted) = self.wanted() else {
            return Err(TrackError::Finished);
        };
        if index != wanted {
            return Err(TrackError::WrongFrame { wanted, got: index });
        }
        let (fw, fh) = (frame.width as f64, frame.height as f64);
        self.frame_size = (fw, fh);
        match self.phase {
            Phase::Seed => {
                let b = self.spec.bbox;
                let px = BoxPx {
                    cx: (b.cx * fw) as f32,
                    cy: (b.cy * fh) as f32,
                    w: (b.w * fw) as f32,
                    h: (b.h * fh) as f32,
                };
                if px.w < 8.0 || px.h < 8.0 {
                    self.phase = Phase::Done;
                    return Err(TrackError::BadBox);
                }
                let t = Tracker::new(frame, px);
                self.trace.push(Tracked {
                    frame: index,
                    x: b.cx,
                    y: b.cy,
                    w: b.w,
                    h: b.h,
                    confidence: 1.0,
                    psr: f32::INFINITY,
                    sure: true,
                });
                self.initial = Some(t.clone());
                self.tracker = Some(t);
                self.start_direction(Phase::Forward);
            }
            Phase::Forward | Phase::Backward if self.searching.is_some() => {
                self.search(index, frame);
            }
            Phase::Forward | Phase::Backward => {
                let Some(t) = self.tracker.as_mut() else {
                    self.phase = Phase::Done;
                    return Ok(());
                };
                let step = t.update(frame);
                let b = step.bbox;
                let sure = step.sure;
                self.trace.push(Tracked {
                    frame: index,
                    x: b.cx as f64 / fw,
                    y: b.cy as f64 / fh,
                    w: b.w as f64 / fw,
                    h: b.h as f64 / fh,
                    confidence: if sure { confidence(step.psr) } else { 0.0 },
                    psr: step.psr,
                    sure,
                });
                let outside = b.cx < 0.0 || b.cy < 0.0 || b.cx as f64 > fw || b.cy as f64 > fh;
                self.unsure = if sure { 0 } else { self.unsure + 1 };
                let stop = if outside {
                    Some(Stop::LeftPicture)
                } else if self.unsure >= PATIENCE {
                    Some(Stop::Lost)
                } else {
                    None
                };
                if let Some(stop) = stop {
                    self.lost(stop, index);
                } else {
                    self.advance();
                }
            }
            Phase::Done => return Err(TrackError::Finished),
        }
        Ok(())
    }

    /// The direction lost the product: note why, and look for it in the frames after.
    fn lost(&mut self, stop: Stop, index: u64) {
        match self.phase {
            Phase::Forward => self.forward = Some(stop),
            Phase::Backward => self.backward = Some(stop),
            _ => {}
        }
        let s = &self.spec;
        let more = match self.phase {
            Phase::Forward => index < s.last,
            _ => index > s.first,
        };
        if more {
            self.searching = Some(Search {
                since: index,
                candidate: None,
            });
            self.advance_searching();
        } else {
            self.next_direction();
        }
    }

    /// One frame of the search after a loss.
    fn search(&mut self, index: u64, frame: &Gray) {
        let (fw, fh) = self.frame_size;
        let Some(Search { since, candidate }) = self.searching else {
            return;
        };
        let hit = self.tracker.as_mut().and_then(|t| t.search(frame));
        let last = self.trace.last().copied();
        self.trace.push(Tracked {
            frame: index,
            confidence: 0.0,
            psr: 0.0,
            sure: false,
            ..last.unwrap_or(Tracked {
                frame: index,
                x: 0.5,
                y: 0.5,
                w: 0.0,
                h: 0.0,
                confidence: 0.0,
                psr: 0.0,
                sure: false,
            })
        });
        let candidate = match (hit, candidate) {
            (Some(step), Some((seen, b, _))) => {
                let near = (step.bbox.cx - b.cx).hypot(step.bbox.cy - b.cy) < 0.5 * b.w.max(b.h);
                if near {
                    Some((seen + 1, step.bbox, step.psr))
                } else {
                    Some((1, step.bbox, step.psr))
                }
            }
            (Some(step), None) => Some((1, step.bbox, step.psr)),
            (None, _) => None,
        };
        if let Some((seen, b, psr)) = candidate {
            if seen >= FOUND_FRAMES {
                let direction = if self.phase == Phase::Forward {
                    Direction::Forward
                } else {
                    Direction::Backward
                };
                self.found.push(Found {
                    direction,
                    frame: index,
                    bbox: NormBox {
                        cx: b.cx as f64 / fw,
                        cy: b.cy as f64 / fh,
                        w: b.w as f64 / fw,
                        h: b.h as f64 / fh,
                    },
                    confidence: (((psr - PSR_FOUND) / 20.0) as f64).clamp(0.0, 1.0) * 0.5 + 0.5,
                    lost: since,
                });
                self.next_direction();
                return;
            }
        }
        self.searching = Some(Search { since, candidate });
        let limit = (SEARCH_SECONDS * self.spec.fps).ceil() as u64;
        if index.abs_diff(since) >= limit {
            self.next_direction();
        } else {
            self.advance_searching();
        }
    }

    /// The next frame of the search, or the next direction at the end of the range.
    fn advance_searching(&mut self) {
        let s = &self.spec;
        match self.phase {
            Phase::Forward if self.next < s.last => self.next += 1,
            Phase::Backward if self.next > s.first => self.next -= 1,
            _ => self.next_direction(),
        }
    }

    /// Ends the current direction (its stop already noted) and starts the next.
    fn next_direction(&mut self) {
        self.searching = None;
        match self.phase {
            Phase::Forward => self.start_direction(Phase::Backward),
            _ => self.phase = Phase::Done,
        }
    }

    fn start_direction(&mut self, phase: Phase) {
        self.unsure = 0;
        let s = &self.spec;
        match phase {
            Phase::Forward if s.direction != Direction::Backward && s.seed < s.last => {
                self.phase = Phase::Forward;
                self.next = s.seed + 1;
            }
            Phase::Forward => {
                if s.direction != Direction::Backward {
                    self.forward = Some(Stop::RangeEnd);
                }
                self.start_direction(Phase::Backward);
            }
            Phase::Backward if s.direction != Direction::Forward && s.seed > s.first => {
                self.phase = Phase::Backward;
                self.next = s.seed - 1;
                self.tracker = self.initial.clone();
            }
            _ => {
                if s.direction != Direction::Forward && self.backward.is_none() {
                    self.backward = Some(Stop::RangeEnd);
                }
                self.phase = Phase::Done;
            }
        }
    }

    fn advance(&mut self) {
        let s = &self.spec;
        match self.phase {
            Phase::Forward if self.next < s.last => self.next += 1,
            Phase::Forward => {
                self.forward = Some(Stop::RangeEnd);
                self.start_direction(Phase::Backward);
            }
            Phase::Backward if self.next > s.first => self.next -= 1,
            Phase::Backward => {
                self.backward = Some(Stop::RangeEnd);
                self.phase = Phase::Done;
            }
            _ => {}
        }
    }

    /// The keyframes and the trace. Frames after the last sure frame of a direction that
    /// lost the object are left out of the keyframes (they are where it drifted), but stay
    /// in the trace so the timeline shows where confidence fell.
    pub fn finish(mut self) -> Outcome {
        self.trace.sort_by_key(|t| t.frame);
        let seed = self.spec.seed;
        let seed_i = self.trace.partition_point(|t| t.frame < seed);
        // Walk out from the seed each way to the last sure frame before the direction stopped
        // (PATIENCE unsure frames in a row); a shorter dip is bridged by the keyframes.
        let last_sure = |order: &mut dyn Iterator<Item = usize>| {
            let (mut last, mut gap) = (seed_i, 0);
            for i in order {
                if self.trace[i].sure {
                    (last, gap) = (i, 0);
                } else {
                    gap += 1;
                    if gap >= PATIENCE {
                        break;
                    }
                }
            }
            last
        };
        let n = self.trace.len();
        let hi = last_sure(&mut (seed_i + 1..n));
        let lo = last_sure(&mut (0..seed_i).rev());
        let span = &self.trace[lo.min(hi)..=hi.min(n.saturating_sub(1))];
        let fps = self.spec.fps;
        let samples: Vec<Sample> = span
            .iter()
            .filter(|t| t.sure)
            .map(|t| Sample {
                t: t.frame as f64 / fps,
                x: t.x.clamp(0.0, 1.0),
                y: t.y.clamp(0.0, 1.0),
            })
            .collect();
        let (fw, fh) = self.frame_size;
        let aspect = if fw > 0.0 { fh / fw } else { 1.0 };
        let keyframes = simplify(&samples, self.spec.tolerance, aspect)
            .into_iter()
            .map(|i| Keyframe {
                t: samples[i].t,
                x: samples[i].x,
                y: samples[i].y,
                ease: Ease::Linear,
            })
            .collect();
        let covered = (
            span.first().map_or(seed, |t| t.frame),
            span.last().map_or(seed, |t| t.frame),
        );
        Outcome {
            keyframes,
            trace: self.trace,
            covered,
            forward: self.forward,
            backward: self.backward,
            found: self.found,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(direction: Direction, frame: u64, lost: u64) -> Found {
        Found {
            direction,
            frame,
            bbox: NormBox {
                cx: 0.5,
                cy: 0.5,
                w: 0.1,
                h: 0.1,
            },
            confidence: 1.0,
            lost,
        }
    }

    #[test]
    fn a_continuation_goes_back_to_where_the_product_was_lost_and_on() {
        // Lost going forward at 40, found at 70: back to 40 (the frames where it came back
        // into view before the search was sure), on to the end of the tag.
        assert_eq!(
            found(Direction::Forward, 70, 40).continuation(10, 200),
            (40, 200)
        );
        // Going backward the mirror image.
        assert_eq!(
            found(Direction::Backward, 30, 90).continuation(10, 200),
            (10, 90)
        );
        // Never outside the tag's frames, however the range has changed since.
        assert_eq!(
            found(Direction::Forward, 70, 5).continuation(10, 200),
            (10, 200)
        );
        assert_eq!(
            found(Direction::Backward, 30, 300).continuation(10, 200),
            (10, 200)
        );
    }
}
