//! Scores a tracker's answers on a clip against the truth, the same way for every tracker:
//! the literature's precision at 20 px and success AUC (OTB-2015, LaSOT), and ours — the p95
//! centre error over the frames kept, the frames kept while more than 5 % of the width off,
//! how many frames after the product is half hidden the tracker says it is unsure, and how
//! much of the time the product shows it was kept.

use super::Truth;

/// A tracker's answer on one frame: a box it keeps (frame pixels), or none (unsure, lost, or
/// not tracked).
pub type Answer = Option<[f64; 4]>;

/// One tracker on one clip.
#[derive(Clone, Debug, PartialEq)]
pub struct Score {
    /// Share of frames where the product shows (≥ 50 %) with a kept centre within 20 px.
    pub precision20: f64,
    /// Area under the success curve (IoU thresholds 0, 0.05, …, 1) over those frames.
    pub auc: f64,
    /// p95 centre error, % of the frame width, over the frames kept (NaN when none was).
    pub p95: f64,
    /// Mean centre error, % of the width, over the frames kept (NaN when none was).
    pub mean: f64,
    /// Frames kept while more than 5 % of the width off.
    pub kept_off: usize,
    /// Share of the frames where the product shows that were kept.
    pub coverage: f64,
    /// Most frames from the product being half hidden (or half out of the picture) to the
    /// tracker saying it is unsure, over every such moment it was tracking into; `None` when
    /// it never met one.
    pub notice: Option<usize>,
    /// Frames kept.
    pub kept: usize,
}

fn iou(a: [f64; 4], t: &Truth) -> f64 {
    let (ax0, ay0, ax1, ay1) = (
        a[0] - a[2] / 2.0,
        a[1] - a[3] / 2.0,
        a[0] + a[2] / 2.0,
        a[1] + a[3] / 2.0,
    );
    let (bx0, by0, bx1, by1) = (
        t.cx - t.w / 2.0,
        t.cy - t.h / 2.0,
        t.cx + t.w / 2.0,
        t.cy + t.h / 2.0,
    );
    let iw = (ax1.min(bx1) - ax0.max(bx0)).max(0.0);
    let ih = (ay1.min(by1) - ay0.max(by0)).max(0.0);
    let inter = iw * ih;
    let union = a[2] * a[3] + t.w * t.h - inter;
    if union > 0.0 {
        inter / union
    } else {
        0.0
    }
}

/// The centre error of `a` against `t`, px.
pub fn error_px(a: [f64; 4], t: &Truth) -> f64 {
    ((a[0] - t.cx).powi(2) + (a[1] - t.cy).powi(2)).sqrt()
}

/// The `q` quantile (nearest rank) of `v`; NaN when empty (nothing kept is not no error).
pub fn quantile(v: &[f64], q: f64) -> f64 {
    if v.is_empty() {
        return f64::NAN;
    }
    let mut s = v.to_vec();
    s.sort_by(|a, b| a.total_cmp(b));
    s[((s.len() as f64 * q).ceil() as usize).clamp(1, s.len()) - 1]
}

/// Scores `answers` (one per frame) against `truth`, for a run seeded on frame `seed` that
/// tracked forward after it and backward before it.
pub fn score(truth: &[Truth], answers: &[Answer], seed: usize, width: f64) -> Score {
    let n = truth.len().min(answers.len());
    let shows = |k: usize| truth[k].visible >= 0.5;
    let present: Vec<usize> = (0..n).filter(|&k| shows(k)).collect();
    let mut errors = Vec::new();
    let mut kept_off = 0;
    for k in 0..n {
        if let Some(a) = answers[k] {
            let e = error_px(a, &truth[k]) / width * 100.0;
            if e > 5.0 {
                kept_off += 1;
            }
            errors.push(e);
        }
    }
    let hits = present
        .iter()
        .filter(|&&k| answers[k].is_some_and(|a| error_px(a, &truth[k]) <= 20.0))
        .count();
    let denom = present.len().max(1) as f64;
    let auc = (0..=20)
        .map(|i| {
            let th = i as f64 / 20.0;
            present
                .iter()
                .filter(|&&k| answers[k].is_some_and(|a| iou(a, &truth[k]) > th))
                .count() as f64
                / denom
        })
        .sum::<f64>()
        / 21.0;
    let covered = present.iter().filter(|&&k| answers[k].is_some()).count();
    // Walk away from the seed each way; at each moment the product goes from showing to
    // half hidden while the tracker keeps it, count the frames until it stops keeping.
    let mut notice: Option<usize> = None;
    let walks: [Vec<usize>; 2] = [
        (seed..n).collect(),
        (0..=seed.min(n.saturating_sub(1))).rev().collect(),
    ];
    for walk in walks {
        let mut i = 1;
        while i < walk.len() {
            let (prev, k) = (walk[i - 1], walk[i]);
            if shows(prev) && !shows(k) && answers[prev].is_some() {
                let delay = walk[i..]
                    .iter()
                    .take_while(|&&j| answers[j].is_some())
                    .count();
                notice = Some(notice.map_or(delay, |d| d.max(delay)));
            }
            i += 1;
        }
    }
    Score {
        precision20: hits as f64 / denom,
        auc,
        p95: quantile(&errors, 0.95),
        mean: if errors.is_empty() {
            f64::NAN
        } else {
            errors.iter().sum::<f64>() / errors.len() as f64
        },
        kept_off,
        coverage: covered as f64 / denom,
        notice,
        kept: errors.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn truth(n: usize) -> Vec<Truth> {
        (0..n)
            .map(|k| Truth {
                cx: 100.0 + k as f64,
                cy: 50.0,
                w: 40.0,
                h: 40.0,
                visible: if (10..14).contains(&k) { 0.0 } else { 1.0 },
            })
            .collect()
    }

    #[test]
    fn a_perfect_tracker_that_stops_in_time() {
        let t = truth(20);
        let answers: Vec<Answer> = t
            .iter()
            .enumerate()
            .map(|(k, t)| (!(10..14).contains(&k)).then_some([t.cx, t.cy, t.w, t.h]))
            .collect();
        let s = score(&t, &answers, 5, 640.0);
        assert_eq!(s.precision20, 1.0);
        assert!((s.auc - 20.0 / 21.0).abs() < 1e-9, "{}", s.auc);
        assert_eq!((s.kept_off, s.notice, s.p95), (0, Some(0), 0.0));
        assert_eq!(s.coverage, 1.0);
    }

    #[test]
    fn a_tracker_that_keeps_a_drifting_box_through_the_occlusion() {
        let t = truth(20);
        let answers: Vec<Answer> = t
            .iter()
            .enumerate()
            .map(|(k, t)| Some([t.cx + 5.0 * k as f64, t.cy, t.w, t.h]))
            .collect();
        let s = score(&t, &answers, 0, 640.0);
        // Off by more than 32 px (5 % of 640) from frame 7.
        assert_eq!(s.kept_off, 13);
        assert_eq!(s.notice, Some(10));
        assert!(s.precision20 < 0.5);
        assert!(s.p95 > 10.0);
    }
}
