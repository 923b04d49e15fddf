//! Every change a brand can make to a draft, as data: placing a tag, moving it (a keyframe at
//! the current frame), nudging, trimming and moving its time range, editing keyframes and
//! eases, labels, copies, deletions, a tracking run's result, an import. Times snap to frames;
//! each edit either applies whole and returns a sentence to announce, or refuses with a reason
//! and changes nothing.

use overlay::{Ease, Keyframe};

use crate::draft::{Draft, Product, Tag};
use crate::timecode::{format, frame_at, frame_time, snap};
use crate::words;

/// What an edit needs to know about the video.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Ctx {
    pub fps: f64,
    /// Seconds; `None` before the video's metadata is known.
    pub duration: Option<f64>,
}

/// How long a newly placed tag shows while the video's length is not known yet. Once it is,
/// a new tag shows from the playhead to the end of the video, or to the next tag of the same
/// product: a product's whole movement can be tracked without lengthening the tag first.
pub const DEFAULT_SPAN: f64 = 3.0;
/// Label length limit (the manifest's text limit).
pub const MAX_LABEL: usize = 200;

/// One change.
#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    /// A new tag for `product` at time `t` and position `(x, y)` (fractions of the picture).
    Place {
        product: String,
        name: Option<String>,
        t: f64,
        x: f64,
        y: f64,
    },
    /// The tag is at `(x, y)` at time `t`: the keyframe on that frame is set, or one is added.
    Move {
        tag: String,
        t: f64,
        x: f64,
        y: f64,
    },
    /// Move by `(dx, dy)` at time `t` (the arrow keys).
    Nudge {
        tag: String,
        t: f64,
        dx: f64,
        dy: f64,
    },
    /// The whole path moves by `(dx, dy)`.
    MovePath {
        tag: String,
        dx: f64,
        dy: f64,
    },
    /// New start and end (trim, or typed timecodes).
    Retime {
        tag: String,
        start: f64,
        end: f64,
    },
    /// The time range and every keyframe move by `by` seconds (dragging the bar).
    Shift {
        tag: String,
        by: f64,
    },
    /// Changes keyframe `index` (time, position).
    SetKeyframe {
        tag: String,
        index: usize,
        t: f64,
        x: f64,
        y: f64,
    },
    DeleteKeyframe {
        tag: String,
        index: usize,
    },
    SetEase {
        tag: String,
        index: usize,
        ease: Ease,
    },
    SetLabel {
        tag: String,
        label: Option<String>,
    },
    Delete {
        tag: String,
    },
    /// A copy of the tag, a little to the side, selected after.
    Duplicate {
        tag: String,
    },
    /// A tracking run's keyframes replace those in the span they cover.
    ApplyTrack {
        tag: String,
        keyframes: Vec<Keyframe>,
        trace: Vec<(f64, f32)>,
    },
    /// The whole draft (an import, or the published version loaded).
    Replace(Box<Draft>),
    /// The video's length in seconds, as the player read it (kept to the millisecond).
    SetDuration(f64),
}

/// Why an edit was refused (nothing changed).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EditError {
    NoTag(String),
    /// The tag (in words) and the keyframe's index.
    NoKeyframe(String, usize),
    NotShowing {
        name: String,
        at: String,
        start: String,
        end: String,
    },
    Empty,
    OutsideVideo(String, String),
    NotANumber,
    LastKeyframe(String),
    KeyframeExists(String),
    LabelTooLong,
    TooManyTags(usize),
    NothingTracked,
}

impl std::fmt::Display for EditError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let said = match self {
            EditError::NoTag(id) => words::f("refused.no_tag", &[("tag", id)]),
            EditError::NoKeyframe(tag, i) => words::f(
                "refused.no_keyframe",
                &[("tag", tag), ("number", &(i + 1).to_string())],
            ),
            EditError::NotShowing {
                name,
                at,
                start,
                end,
            } => words::f(
                "refused.not_showing",
                &[("tag", name), ("at", at), ("start", start), ("end", end)],
            ),
            EditError::Empty => words::t("refused.empty").to_string(),
            EditError::OutsideVideo(at, end) => {
                words::f("refused.outside", &[("at", at), ("end", end)])
            }
            EditError::NotANumber => words::t("refused.not_a_number").to_string(),
            EditError::LastKeyframe(tag) => words::f("refused.last_keyframe", &[("tag", tag)]),
            EditError::KeyframeExists(at) => words::f("refused.keyframe_exists", &[("at", at)]),
            EditError::LabelTooLong => {
                words::f("refused.label_long", &[("max", &MAX_LABEL.to_string())])
            }
            EditError::TooManyTags(max) => {
                words::f("refused.too_many_tags", &[("max", &max.to_string())])
            }
            EditError::NothingTracked => words::t("refused.nothing_tracked").to_string(),
        };
        f.write_str(&said)
    }
}

impl std::error::Error for EditError {}

/// Time after which nothing shows: the video's end, or as far as the manifest allows.
fn limit(ctx: &Ctx) -> f64 {
    ctx.duration.unwrap_or(f64::MAX)
}

fn find<'a>(d: &'a mut Draft, id: &str) -> Result<&'a mut Tag, EditError> {
    d.tags
        .iter_mut()
        .find(|t| t.id == id)
        .ok_or_else(|| EditError::NoTag(id.to_string()))
}

/// A tag in a brand's words: its label or its product's name ("Field Watch (tag 3)" when two
/// tags share it); its id when the draft has no such tag.
fn called(d: &Draft, id: &str) -> String {
    d.tag_index(id).map_or_else(
        || id.to_string(),
        |i| crate::place(&format!("tags[{i}]"), Some(d)),
    )
}

fn pct(v: f64) -> String {
    format!("{}%", (v * 100.0).round() as i64)
}

fn finite(vals: &[f64]) -> Result<(), EditError> {
    if vals.iter().all(|v| v.is_finite()) {
        Ok(())
    } else {
        Err(EditError::NotANumber)
    }
}

/// Sets or adds the keyframe on `t`'s frame.
fn key_at(tag: &mut Tag, t: f64, x: f64, y: f64, fps: f64) {
    let (x, y) = (x.clamp(0.0, 1.0), y.clamp(0.0, 1.0));
    let frame = frame_at(t, fps);
    if let Some(k) = tag
        .keyframes
        .iter_mut()
        .find(|k| frame_at(k.t, fps) == frame)
    {
        k.x = x;
        k.y = y;
        return;
    }
    let at = tag.keyframes.partition_point(|k| k.t < t);
    // The new keyframe continues the ease of the segment it splits.
    let ease = at
        .checked_sub(1)
        .and_then(|i| tag.keyframes.get(i))
        .map_or(Ease::Linear, |k| k.ease);
    tag.keyframes.insert(
        at,
        Keyframe {
            t: frame_time(frame, fps),
            x,
            y,
            ease,
        },
    );
}

/// A tag id for `product` not used in `d`.
fn fresh_id(d: &Draft, product: &str) -> String {
    let stem: String = product
        .trim_start_matches("p-")
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .take(40)
        .collect();
    let stem = if stem.is_empty() { "tag".into() } else { stem };
    (1..)
        .map(|n| format!("t-{stem}-{n}"))
        .find(|id| d.tags.iter().all(|t| &t.id != id))
        .unwrap_or_else(|| "t-new".into())
}

/// Drops products no tag or deal points at any more.
fn prune_products(d: &mut Draft) {
    let used = |id: &str| {
        d.tags.iter().any(|t| t.product == id) || d.deals.iter().any(|x| x.product == id)
    };
    let keep: Vec<Product> = d.products.iter().filter(|p| used(&p.id)).cloned().collect();
    d.products = keep;
}

fn check_range(start: f64, end: f64, ctx: &Ctx) -> Result<(), EditError> {
    let end_of_video = limit(ctx);
    if start < 0.0 || start >= end_of_video {
        return Err(EditError::OutsideVideo(
            format(start.max(0.0), ctx.fps),
            format(end_of_video.min(1e9), ctx.fps),
        ));
    }
    if end <= start {
        return Err(EditError::Empty);
    }
    Ok(())
}

/// Applies `edit` to `d`. On success returns what to announce; on failure `d` is unchanged.
pub fn apply(d: &mut Draft, edit: Edit, ctx: &Ctx) -> Result<String, EditError> {
    let fps = ctx.fps;
    let end_of_video = limit(ctx);
    match edit {
        Edit::Place {
            product,
            name,
            t,
            x,
            y,
        } => {
            finite(&[t, x, y])?;
            if d.tags.len() >= overlay::Limits::default().max_tags {
                return Err(EditError::TooManyTags(overlay::Limits::default().max_tags));
            }
            let start = snap(t, fps);
            let next_of_product = d
                .tags
                .iter()
                .filter(|g| g.product == product && g.start > start)
                .map(|g| g.start)
                .fold(f64::INFINITY, f64::min);
            let until = match ctx.duration {
                Some(_) => end_of_video.min(next_of_product),
                None => (start + DEFAULT_SPAN).min(next_of_product),
            };
            let end = snap(until, fps);
            check_range(start, end, ctx)?;
            if !d.products.iter().any(|p| p.id == product) {
                d.products.push(Product {
                    id: product.clone(),
                    name: name.clone(),
                });
            }
            let id = fresh_id(d, &product);
            let shown = d.product_name(&product);
            d.tags.push(Tag {
                id,
                product,
                start,
                end,
                label: None,
                keyframes: vec![Keyframe {
                    t: start,
                    x: x.clamp(0.0, 1.0),
                    y: y.clamp(0.0, 1.0),
                    ease: Ease::Linear,
                }],
                confidence: Vec::new(),
            });
            Ok(words::f(
                "done.placed",
                &[
                    ("tag", &shown),
                    ("x", &pct(x)),
                    ("y", &pct(y)),
                    ("start", &format(start, fps)),
                    ("end", &format(end, fps)),
                ],
            ))
        }
        Edit::Move { tag, t, x, y } => {
            finite(&[t, x, y])?;
            let who = called(d, &tag);
            let tg = find(d, &tag)?;
            let t = snap(t, fps);
            if !tg.shows_at(t) {
                return Err(EditError::NotShowing {
                    name: who,
                    at: format(t, fps),
                    start: format(tg.start, fps),
                    end: format(tg.end, fps),
                });
            }
            key_at(tg, t, x, y, fps);
            Ok(words::f(
                "done.moved",
                &[
                    ("tag", &who),
                    ("x", &pct(x)),
                    ("y", &pct(y)),
                    ("at", &format(t, fps)),
                ],
            ))
        }
        Edit::Nudge { tag, t, dx, dy } => {
            finite(&[dx, dy])?;
            let (x, y) = d
                .tag(&tag)
                .ok_or_else(|| EditError::NoTag(tag.clone()))?
                .position_at(snap(t, fps));
            apply(
                d,
                Edit::Move {
                    tag,
                    t,
                    x: x + dx,
                    y: y + dy,
                },
                ctx,
            )
        }
        Edit::MovePath { tag, dx, dy } => {
            finite(&[dx, dy])?;
            let tg = find(d, &tag)?;
            for k in &mut tg.keyframes {
                k.x = (k.x + dx).clamp(0.0, 1.0);
                k.y = (k.y + dy).clamp(0.0, 1.0);
            }
            Ok(words::f("done.moved_path", &[("tag", &called(d, &tag))]))
        }
        Edit::Retime { tag, start, end } => {
            finite(&[start, end])?;
            let (start, end) = (snap(start, fps), snap(end.min(end_of_video), fps));
            check_range(start, end, ctx)?;
            let tg = find(d, &tag)?;
            tg.start = start;
            tg.end = end;
            Ok(words::f(
                "done.retimed",
                &[
                    ("tag", &called(d, &tag)),
                    ("start", &format(start, fps)),
                    ("end", &format(end, fps)),
                ],
            ))
        }
        Edit::Shift { tag, by } => {
            finite(&[by])?;
            let tg = d.tag(&tag).ok_or_else(|| EditError::NoTag(tag.clone()))?;
            // Keep the whole bar inside the video: clamp the move, then snap it to frames.
            let span = tg.end - tg.start;
            let lo = -tg.start;
            let hi = if end_of_video < f64::MAX {
                end_of_video - tg.end
            } else {
                f64::MAX
            };
            let by = snap(by.clamp(lo, hi.max(lo)), fps);
            let start = snap(tg.start + by, fps);
            check_range(start, start + span, ctx)?;
            let tg = find(d, &tag)?;
            tg.start = start;
            tg.end = snap(start + span, fps);
            for k in &mut tg.keyframes {
                k.t = (k.t + by).max(0.0);
            }
            for c in &mut tg.confidence {
                c.0 += by;
            }
            let (start, end) = (format(tg.start, fps), format(tg.end, fps));
            Ok(words::f(
                "done.retimed",
                &[("tag", &called(d, &tag)), ("start", &start), ("end", &end)],
            ))
        }
        Edit::SetKeyframe {
            tag,
            index,
            t,
            x,
            y,
        } => {
            finite(&[t, x, y])?;
            let t = snap(t, fps);
            if t < 0.0 || t >= end_of_video {
                return Err(EditError::OutsideVideo(
                    format(t.max(0.0), fps),
                    format(end_of_video.min(1e9), fps),
                ));
            }
            let tg = find(d, &tag)?;
            if index >= tg.keyframes.len() {
                return Err(EditError::NoKeyframe(tag, index));
            }
            let frame = frame_at(t, fps);
            if tg
                .keyframes
                .iter()
                .enumerate()
                .any(|(i, k)| i != index && frame_at(k.t, fps) == frame)
            {
                return Err(EditError::KeyframeExists(format(t, fps)));
            }
            let mut k = tg.keyframes.remove(index);
            k.t = t;
            k.x = x.clamp(0.0, 1.0);
            k.y = y.clamp(0.0, 1.0);
            let at = tg.keyframes.partition_point(|o| o.t < t);
            tg.keyframes.insert(at, k);
            Ok(words::f(
                "done.keyframe",
                &[("at", &format(t, fps)), ("x", &pct(k.x)), ("y", &pct(k.y))],
            ))
        }
        Edit::DeleteKeyframe { tag, index } => {
            let who = called(d, &tag);
            let tg = find(d, &tag)?;
            if index >= tg.keyframes.len() {
                return Err(EditError::NoKeyframe(who, index));
            }
            if tg.keyframes.len() == 1 {
                return Err(EditError::LastKeyframe(who));
            }
            let k = tg.keyframes.remove(index);
            Ok(words::f(
                "done.keyframe_deleted",
                &[("at", &format(k.t, fps))],
            ))
        }
        Edit::SetEase { tag, index, ease } => {
            let who = called(d, &tag);
            let tg = find(d, &tag)?;
            let k = tg
                .keyframes
                .get_mut(index)
                .ok_or(EditError::NoKeyframe(who, index))?;
            k.ease = ease;
            Ok(words::f(
                match ease {
                    Ease::Linear => "done.ease_linear",
                    Ease::EaseInOut => "done.ease_smooth",
                },
                &[("at", &format(k.t, fps))],
            ))
        }
        Edit::SetLabel { tag, label } => {
            let label = label
                .map(|l| l.trim().to_string())
                .filter(|l| !l.is_empty());
            if label
                .as_ref()
                .is_some_and(|l| l.chars().count() > MAX_LABEL)
            {
                return Err(EditError::LabelTooLong);
            }
            let tg = find(d, &tag)?;
            tg.label = label.clone();
            let who = called(d, &tag);
            Ok(match &label {
                Some(l) => words::f("done.labelled", &[("tag", &who), ("label", l)]),
                None => words::f("done.unlabelled", &[("tag", &who)]),
            })
        }
        Edit::Delete { tag } => {
            let i = d
                .tag_index(&tag)
                .ok_or_else(|| EditError::NoTag(tag.clone()))?;
            let who = called(d, &tag);
            d.tags.remove(i);
            prune_products(d);
            Ok(words::f("done.deleted", &[("tag", &who)]))
        }
        Edit::Duplicate { tag } => {
            if d.tags.len() >= overlay::Limits::default().max_tags {
                return Err(EditError::TooManyTags(overlay::Limits::default().max_tags));
            }
            let src = d.tag(&tag).ok_or_else(|| EditError::NoTag(tag.clone()))?;
            let mut copy = src.clone();
            copy.id = fresh_id(d, &src.product);
            for k in &mut copy.keyframes {
                k.x = (k.x + 0.04).min(1.0);
                k.y = (k.y + 0.04).min(1.0);
            }
            copy.confidence.clear();
            let id = copy.id.clone();
            d.tags.push(copy);
            Ok(words::f(
                "done.copied",
                &[("tag", &called(d, &tag)), ("copy", &called(d, &id))],
            ))
        }
        Edit::ApplyTrack {
            tag,
            keyframes,
            trace,
        } => {
            let (Some(first), Some(last)) = (keyframes.first(), keyframes.last()) else {
                return Err(EditError::NothingTracked);
            };
            finite(
                &keyframes
                    .iter()
                    .flat_map(|k| [k.t, k.x, k.y])
                    .collect::<Vec<_>>(),
            )?;
            let (t0, t1) = (first.t, last.t);
            let n = keyframes.len();
            let tg = find(d, &tag)?;
            // Keyframes outside the tracked span stay; those inside give way to the run's.
            let half = 0.5 / fps;
            tg.keyframes.retain(|k| k.t < t0 - half || k.t > t1 + half);
            let at = tg.keyframes.partition_point(|k| k.t < t0);
            tg.keyframes.splice(
                at..at,
                keyframes.into_iter().map(|mut k| {
                    k.x = k.x.clamp(0.0, 1.0);
                    k.y = k.y.clamp(0.0, 1.0);
                    k
                }),
            );
            tg.confidence
                .retain(|(t, _)| *t < t0 - half || *t > t1 + half);
            tg.confidence.extend(trace);
            tg.confidence
                .sort_by(|a, b| a.0.partial_cmp(&b.0).unwrap_or(std::cmp::Ordering::Equal));
            Ok(words::n(
                "done.tracked",
                n as u64,
                &[
                    ("tag", &called(d, &tag)),
                    ("start", &format(t0, fps)),
                    ("end", &format(t1, fps)),
                ],
            ))
        }
        Edit::Replace(draft) => {
            let n = draft.tags.len();
            *d = *draft;
            Ok(words::n("done.imported", n as u64, &[]))
        }
        Edit::SetDuration(seconds) => {
            finite(&[seconds])?;
            if seconds <= 0.0 {
                return Err(EditError::OutsideVideo(format(0.0, fps), format(0.0, fps)));
            }
            d.video.duration = Some((seconds * 1000.0).round() / 1000.0);
            Ok(words::f(
                "done.duration",
                &[("length", &format(seconds, fps))],
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CTX: Ctx = Ctx {
        fps: 30.0,
        duration: Some(40.0),
    };

    /// Before the video's length is known a new tag shows for [`DEFAULT_SPAN`].
    const UNKNOWN: Ctx = Ctx {
        fps: 30.0,
        duration: None,
    };

    fn placed() -> Draft {
        let mut d = Draft::new("v", Some(40.0));
        let r = apply(
            &mut d,
            Edit::Place {
                product: "p-watch".into(),
                name: Some("Field Watch".into()),
                t: 2.01,
                x: 0.5,
                y: 0.5,
            },
            &UNKNOWN,
        );
        assert_eq!(
            r.as_deref().ok(),
            Some("Placed Field Watch at 50%, 50% from 00:02.00 to 00:05.00")
        );
        d
    }

    #[test]
    fn the_duration_is_kept_to_the_millisecond_and_must_be_a_length() {
        let mut d = Draft::new("v", None);
        assert_eq!(
            apply(&mut d, Edit::SetDuration(40.00049), &CTX).as_deref(),
            Ok("The video is 00:40.00 long")
        );
        assert_eq!(d.video.duration, Some(40.0));
        assert!(apply(&mut d, Edit::SetDuration(f64::NAN), &CTX).is_err());
        assert!(apply(&mut d, Edit::SetDuration(0.0), &CTX).is_err());
        assert_eq!(
            d.video.duration,
            Some(40.0),
            "a refused edit changes nothing"
        );
    }

    #[test]
    fn a_new_tag_shows_to_the_end_or_to_the_next_tag_of_its_product() {
        let mut d = Draft::new("v", Some(40.0));
        let mut put = |product: &str, t: f64| {
            let r = apply(
                &mut d,
                Edit::Place {
                    product: product.into(),
                    name: None,
                    t,
                    x: 0.5,
                    y: 0.5,
                },
                &CTX,
            );
            assert!(r.is_ok(), "{r:?}");
        };
        put("p-watch", 10.0);
        put("p-tote", 1.0);
        put("p-watch", 2.0);
        let span = |i: usize| (d.tags[i].start, d.tags[i].end);
        assert_eq!(span(0), (10.0, 40.0), "to the end of the video");
        assert_eq!(span(1), (1.0, 40.0), "another product's tag is no limit");
        assert_eq!(
            span(2),
            (2.0, 10.0),
            "to where the product's next tag starts"
        );
        assert!(d.validate().is_ok());
    }

    #[test]
    fn place_snaps_and_names() {
        let d = placed();
        let t = &d.tags[0];
        assert_eq!(t.id, "t-watch-1");
        assert_eq!((t.start, t.end), (2.0, 5.0));
        assert!(d.validate().is_ok());
    }

    #[test]
    fn moving_at_another_frame_adds_a_keyframe_and_on_the_same_frame_moves_it() {
        let mut d = placed();
        let id = "t-watch-1".to_string();
        apply(
            &mut d,
            Edit::Move {
                tag: id.clone(),
                t: 3.0,
                x: 0.6,
                y: 0.5,
            },
            &CTX,
        )
        .ok();
        assert_eq!(d.tags[0].keyframes.len(), 2);
        apply(
            &mut d,
            Edit::Move {
                tag: id.clone(),
                t: 3.01,
                x: 0.7,
                y: 0.5,
            },
            &CTX,
        )
        .ok();
        assert_eq!(d.tags[0].keyframes.len(), 2);
        assert_eq!(d.tags[0].keyframes[1].x, 0.7);
        let e = apply(
            &mut d,
            Edit::Move {
                tag: id,
                t: 9.0,
                x: 0.1,
                y: 0.1,
            },
            &CTX,
        );
        assert_eq!(
            e.err().map(|e| e.to_string()),
            Some(
                "Field Watch is not on screen at 00:09.00; it shows from 00:02.00 to 00:05.00"
                    .into()
            )
        );
    }

    #[test]
    fn shift_moves_keyframes_and_stays_in_the_video() {
        let mut d = placed();
        apply(
            &mut d,
            Edit::Move {
                tag: "t-watch-1".into(),
                t: 4.0,
                x: 0.6,
                y: 0.5,
            },
            &CTX,
        )
        .ok();
        apply(
            &mut d,
            Edit::Shift {
                tag: "t-watch-1".into(),
                by: 100.0,
            },
            &CTX,
        )
        .ok();
        let t = &d.tags[0];
        assert_eq!((t.start, t.end), (37.0, 40.0));
        assert_eq!(t.keyframes[0].t, 37.0);
        assert_eq!(t.keyframes[1].t, 39.0);
        assert!(d.validate().is_ok());
    }

    #[test]
    fn refusals_change_nothing() {
        let mut d = placed();
        let before = d.clone();
        let bad = [
            Edit::Retime {
                tag: "t-watch-1".into(),
                start: 5.0,
                end: 5.0,
            },
            Edit::Retime {
                tag: "t-watch-1".into(),
                start: 41.0,
                end: 42.0,
            },
            Edit::DeleteKeyframe {
                tag: "t-watch-1".into(),
                index: 0,
            },
            Edit::SetLabel {
                tag: "t-watch-1".into(),
                label: Some("x".repeat(201)),
            },
            Edit::Move {
                tag: "nope".into(),
                t: 2.0,
                x: 0.0,
                y: 0.0,
            },
            Edit::Move {
                tag: "t-watch-1".into(),
                t: 2.0,
                x: f64::NAN,
                y: 0.0,
            },
        ];
        for e in bad {
            assert!(apply(&mut d, e, &CTX).is_err());
            assert_eq!(d, before);
        }
    }

    #[test]
    fn deleting_the_last_tag_of_a_product_drops_the_product() {
        let mut d = placed();
        apply(
            &mut d,
            Edit::Duplicate {
                tag: "t-watch-1".into(),
            },
            &CTX,
        )
        .ok();
        assert_eq!(d.tags[1].id, "t-watch-2");
        apply(
            &mut d,
            Edit::Delete {
                tag: "t-watch-1".into(),
            },
            &CTX,
        )
        .ok();
        assert_eq!(d.products.len(), 1);
        apply(
            &mut d,
            Edit::Delete {
                tag: "t-watch-2".into(),
            },
            &CTX,
        )
        .ok();
        assert!(d.products.is_empty());
        assert!(d.validate().is_ok());
    }

    #[test]
    fn a_tracking_run_replaces_keyframes_inside_its_span_only() {
        let mut d = placed();
        let id = "t-watch-1".to_string();
        apply(
            &mut d,
            Edit::Retime {
                tag: id.clone(),
                start: 2.0,
                end: 8.0,
            },
            &CTX,
        )
        .ok();
        apply(
            &mut d,
            Edit::Move {
                tag: id.clone(),
                t: 3.0,
                x: 0.6,
                y: 0.5,
            },
            &CTX,
        )
        .ok();
        apply(
            &mut d,
            Edit::Move {
                tag: id.clone(),
                t: 7.0,
                x: 0.9,
                y: 0.5,
            },
            &CTX,
        )
        .ok();
        let k = |t: f64, x: f64| Keyframe {
            t,
            x,
            y: 0.3,
            ease: Ease::Linear,
        };
        let r = apply(
            &mut d,
            Edit::ApplyTrack {
                tag: id,
                keyframes: vec![k(2.5, 0.2), k(4.0, 0.3), k(5.0, 0.4)],
                trace: vec![(2.5, 1.0), (5.0, 0.5)],
            },
            &CTX,
        );
        assert!(r.is_ok());
        let ts: Vec<f64> = d.tags[0].keyframes.iter().map(|k| k.t).collect();
        assert_eq!(ts, vec![2.0, 2.5, 4.0, 5.0, 7.0]);
        assert_eq!(d.tags[0].confidence.len(), 2);
        assert!(d.validate().is_ok());
    }
}
