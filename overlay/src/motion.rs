//! Keyframe motion: where a moving tag is at media time `t`, in normalized video coordinates.

/// How a segment moves from one keyframe to the next.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Ease {
    /// Constant speed.
    #[default]
    Linear,
    /// Slow at both ends (smoothstep, `3u² − 2u³`): products picked up and put down.
    EaseInOut,
}

impl Ease {
    /// The manifest spelling of this ease.
    pub fn name(self) -> &'static str {
        match self {
            Ease::Linear => "linear",
            Ease::EaseInOut => "ease-in-out",
        }
    }

    /// Parses the manifest spelling.
    pub fn from_name(name: &str) -> Option<Ease> {
        match name {
            "linear" => Some(Ease::Linear),
            "ease-in-out" => Some(Ease::EaseInOut),
            _ => None,
        }
    }

    /// Maps progress `u` in 0..=1 to eased progress in 0..=1.
    pub fn apply(self, u: f64) -> f64 {
        let u = u.clamp(0.0, 1.0);
        match self {
            Ease::Linear => u,
            Ease::EaseInOut => u * u * (3.0 - 2.0 * u),
        }
    }
}

/// One keyframe: at media time `t` the tag is at `(x, y)`; `ease` shapes the segment that
/// leaves this keyframe.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Keyframe {
    pub t: f64,
    pub x: f64,
    pub y: f64,
    pub ease: Ease,
}

/// A tag's path: either a fixed point or keyframes in strictly increasing time.
#[derive(Clone, Debug, PartialEq)]
pub enum Track {
    Fixed { x: f64, y: f64 },
    Keyframes(Vec<Keyframe>),
}

impl Track {
    /// Whether the position can change with time (the per-frame loop skips fixed tags).
    pub fn is_moving(&self) -> bool {
        matches!(self, Track::Keyframes(k) if k.len() > 1)
    }

    /// The normalized position at media time `t`, clamped to the first and last keyframes.
    pub fn position_at(&self, t: f64) -> (f64, f64) {
        let keys = match self {
            Track::Fixed { x, y } => return (*x, *y),
            Track::Keyframes(keys) => keys,
        };
        let (first, last) = match (keys.first(), keys.last()) {
            (Some(f), Some(l)) => (f, l),
            _ => return (0.5, 0.5),
        };
        if t.is_nan() || t <= first.t {
            return (first.x, first.y);
        }
        if t >= last.t {
            return (last.x, last.y);
        }
        // Index of the first keyframe strictly after t; t is inside (keys[i-1].t, keys[i].t].
        let i = keys.partition_point(|k| k.t <= t);
        let (a, b) = (&keys[i - 1], &keys[i]);
        let span = b.t - a.t;
        let u = if span > 0.0 { (t - a.t) / span } else { 1.0 };
        let e = a.ease.apply(u);
        (a.x + (b.x - a.x) * e, a.y + (b.y - a.y) * e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kf(t: f64, x: f64, y: f64, ease: Ease) -> Keyframe {
        Keyframe { t, x, y, ease }
    }

    fn close(a: (f64, f64), b: (f64, f64)) -> bool {
        (a.0 - b.0).abs() < 1e-12 && (a.1 - b.1).abs() < 1e-12
    }

    #[test]
    fn fixed_track_never_moves() {
        let t = Track::Fixed { x: 0.25, y: 0.75 };
        assert!(!t.is_moving());
        assert_eq!(t.position_at(-5.0), (0.25, 0.75));
        assert_eq!(t.position_at(1e9), (0.25, 0.75));
    }

    #[test]
    fn linear_interpolates_and_clamps_at_both_ends() {
        let t = Track::Keyframes(vec![
            kf(2.0, 0.0, 0.0, Ease::Linear),
            kf(4.0, 1.0, 0.5, Ease::Linear),
            kf(6.0, 1.0, 1.0, Ease::Linear),
        ]);
        assert!(t.is_moving());
        assert!(close(t.position_at(0.0), (0.0, 0.0)));
        assert!(close(t.position_at(2.0), (0.0, 0.0)));
        assert!(close(t.position_at(3.0), (0.5, 0.25)));
        assert!(close(t.position_at(4.0), (1.0, 0.5)));
        assert!(close(t.position_at(5.0), (1.0, 0.75)));
        assert!(close(t.position_at(99.0), (1.0, 1.0)));
        assert!(close(t.position_at(f64::NAN), (0.0, 0.0)));
    }

    #[test]
    fn ease_in_out_is_symmetric_and_slow_at_the_ends() {
        let e = Ease::EaseInOut;
        assert_eq!(e.apply(0.0), 0.0);
        assert_eq!(e.apply(1.0), 1.0);
        assert!((e.apply(0.5) - 0.5).abs() < 1e-12);
        assert!(e.apply(0.1) < 0.1 && e.apply(0.9) > 0.9);
        for i in 0..=100 {
            let u = i as f64 / 100.0;
            assert!((e.apply(u) + e.apply(1.0 - u) - 1.0).abs() < 1e-12);
        }
        let t = Track::Keyframes(vec![
            kf(0.0, 0.0, 0.0, Ease::EaseInOut),
            kf(1.0, 1.0, 1.0, Ease::Linear),
        ]);
        assert!(close(t.position_at(0.25), (0.15625, 0.15625)));
    }

    #[test]
    fn ease_names_round_trip() {
        for e in [Ease::Linear, Ease::EaseInOut] {
            assert_eq!(Ease::from_name(e.name()), Some(e));
        }
        assert_eq!(Ease::from_name("bounce"), None);
    }
}
