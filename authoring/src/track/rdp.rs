//! Ramer–Douglas–Peucker simplification of a tracked path, with the error measured the way a
//! viewer sees it: at each sample's own time, the distance between where the sample is and
//! where the simplified path puts the tag then (synchronized Euclidean distance), in fractions
//! of the frame's width.

/// One tracked sample: time and normalized position.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Sample {
    pub t: f64,
    pub x: f64,
    pub y: f64,
}

/// Indexes of the samples to keep so that no dropped sample is further than `tolerance`
/// (a fraction of the frame width) from the linear path through the kept ones. `aspect` is
/// height / width, so vertical error counts in the same units. Always keeps both ends.
pub fn simplify(samples: &[Sample], tolerance: f64, aspect: f64) -> Vec<usize> {
    let n = samples.len();
    if n <= 2 {
        return (0..n).collect();
    }
    let tolerance = if tolerance.is_finite() {
        tolerance.max(0.0)
    } else {
        0.0
    };
    let mut keep = vec![false; n];
    keep[0] = true;
    keep[n - 1] = true;
    let mut stack = vec![(0usize, n - 1)];
    while let Some((a, b)) = stack.pop() {
        if b <= a + 1 {
            continue;
        }
        let (pa, pb) = (samples[a], samples[b]);
        let span = pb.t - pa.t;
        let (mut worst, mut at) = (-1.0f64, a);
        for (i, p) in samples.iter().enumerate().take(b).skip(a + 1) {
            let u = if span > 0.0 { (p.t - pa.t) / span } else { 0.0 };
            let (ex, ey) = (pa.x + (pb.x - pa.x) * u, pa.y + (pb.y - pa.y) * u);
            let d = ((p.x - ex).powi(2) + ((p.y - ey) * aspect).powi(2)).sqrt();
            if d > worst {
                worst = d;
                at = i;
            }
        }
        if worst > tolerance {
            keep[at] = true;
            stack.push((a, at));
            stack.push((at, b));
        }
    }
    keep.iter()
        .enumerate()
        .filter_map(|(i, k)| k.then_some(i))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn at(kept: &[Sample], t: f64) -> (f64, f64) {
        let i = kept.partition_point(|s| s.t <= t).clamp(1, kept.len() - 1);
        let (a, b) = (kept[i - 1], kept[i]);
        let u = ((t - a.t) / (b.t - a.t)).clamp(0.0, 1.0);
        (a.x + (b.x - a.x) * u, a.y + (b.y - a.y) * u)
    }

    #[test]
    fn a_straight_constant_speed_path_keeps_its_ends() {
        let s: Vec<Sample> = (0..50)
            .map(|i| Sample {
                t: i as f64 / 30.0,
                x: 0.1 + i as f64 * 0.01,
                y: 0.5,
            })
            .collect();
        assert_eq!(simplify(&s, 0.001, 0.5625), vec![0, 49]);
    }

    #[test]
    fn a_stop_in_the_middle_is_kept_even_on_a_straight_line() {
        // Same line, but the object waits: position along the line is not linear in time.
        let s: Vec<Sample> = (0..60)
            .map(|i| Sample {
                t: i as f64,
                x: (i.min(20) as f64 + (i.max(40) - 40) as f64) * 0.01,
                y: 0.5,
            })
            .collect();
        let k = simplify(&s, 0.002, 1.0);
        assert!(k.len() >= 4, "{k:?}");
    }

    proptest! {
        #[test]
        fn every_dropped_sample_is_within_tolerance(
            pts in proptest::collection::vec((0.0f64..1.0, 0.0f64..1.0), 2..80),
            tol in 0.0f64..0.05,
        ) {
            let s: Vec<Sample> = pts.iter().enumerate()
                .map(|(i, (x, y))| Sample { t: i as f64 * 0.1, x: *x, y: *y }).collect();
            let k = simplify(&s, tol, 0.5625);
            prop_assert_eq!(k[0], 0);
            prop_assert_eq!(*k.last().unwrap_or(&0), s.len() - 1);
            let kept: Vec<Sample> = k.iter().map(|&i| s[i]).collect();
            for p in &s {
                let (x, y) = at(&kept, p.t);
                let d = ((p.x - x).powi(2) + ((p.y - y) * 0.5625).powi(2)).sqrt();
                prop_assert!(d <= tol + 1e-9, "sample at {} is {} away", p.t, d);
            }
        }
    }
}
