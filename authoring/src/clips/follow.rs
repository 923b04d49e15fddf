//! Tracks a clip the way a brand would: seeded with the true box on the seed frame, both ways
//! over the whole clip; wherever the run finds the product again after a loss, the brand
//! accepts the offer and tracking continues from there (both ways, as the studio does: back to
//! where it was lost, and on). What it keeps is scored where viewers
//! see it: on the simplified keyframes the run writes, not on the tracker's raw answers.

use super::score::Answer;
use super::Truth;
use crate::track::{Direction, Gray, NormBox, Outcome, Run, Spec};
use overlay::Track;

/// How many times one clip may continue from a found product (each a brand's click).
const CONTINUATIONS: usize = 6;

/// Each frame's kept box (frame pixels) and every run's outcome, in order.
pub fn follow(
    frames: &mut dyn FnMut(u64) -> Gray,
    count: u64,
    fps: f64,
    seed: u64,
    truth: Truth,
    size: (f64, f64),
) -> (Vec<Answer>, Vec<Outcome>) {
    let (w, h) = size;
    let mut answers: Vec<Answer> = vec![None; count as usize];
    let mut outcomes = Vec::new();
    let mut todo = vec![(
        seed,
        (0, count - 1),
        NormBox {
            cx: truth.cx / w,
            cy: truth.cy / h,
            w: truth.w / w,
            h: truth.h / h,
        },
        Direction::Both,
    )];
    while let Some((at, (first, last), bbox, direction)) = todo.pop() {
        if outcomes.len() > CONTINUATIONS {
            break;
        }
        let spec = Spec {
            fps,
            seed: at,
            first,
            last,
            bbox,
            direction,
            tolerance: 0.002,
        };
        let Ok(mut run) = Run::new(spec) else {
            break;
        };
        while let Some(k) = run.wanted() {
            let frame = frames(k);
            if run.feed(k, &frame).is_err() {
                break;
            }
        }
        let o = run.finish();
        let path = Track::Keyframes(o.keyframes.clone());
        for t in &o.trace {
            if !o.keyframes.is_empty() && (o.covered.0..=o.covered.1).contains(&t.frame) {
                let (x, y) = path.position_at(t.frame as f64 / fps);
                answers[t.frame as usize] = Some([x * w, y * h, t.w * w, t.h * h]);
            }
        }
        for f in &o.found {
            todo.push((
                f.frame,
                f.continuation(0, count - 1),
                f.bbox,
                Direction::Both,
            ));
        }
        outcomes.push(o);
    }
    (answers, outcomes)
}
