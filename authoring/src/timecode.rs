//! Frames and timecodes: which frame shows at a time, snapping to frames, and the studio's
//! typed timecodes `mm:ss.ff` (ff is the frame within the second), parsed with errors that say
//! what was wrong.

use crate::words;

/// Slack for times computed as `k / fps` that land a hair under the frame's start.
const EPS: f64 = 1e-6;
/// Slack, in frames, for media times reported to the microsecond: Chromium reports frame 61
/// at 30 frames/s as 2.033333, a third of a microsecond before the frame starts.
const FRAME_SLACK: f64 = 2e-4;

/// The frame on screen at media time `t` (frame `k` shows from `k / fps`).
pub fn frame_at(t: f64, fps: f64) -> u64 {
    if !(t.is_finite() && fps > 0.0) || t <= 0.0 {
        return 0;
    }
    (t * fps + FRAME_SLACK).floor() as u64
}

/// When frame `k` starts.
pub fn frame_time(k: u64, fps: f64) -> f64 {
    k as f64 / fps
}

/// The time to seek to for frame `k`: its middle, since a seek to the exact boundary often
/// lands on the frame before.
pub fn seek_time(k: u64, fps: f64) -> f64 {
    (k as f64 + 0.5) / fps
}

/// `t` moved to the nearest frame boundary.
pub fn snap(t: f64, fps: f64) -> f64 {
    if !(t.is_finite() && fps > 0.0) {
        return 0.0;
    }
    ((t * fps).round() / fps).max(0.0)
}

/// The frames in whole second `s` start at this frame.
fn first_frame_of_second(s: u64, fps: f64) -> u64 {
    (s as f64 * fps - EPS).ceil().max(0.0) as u64
}

/// `mm:ss.ff` for time `t` (`h:mm:ss.ff` past an hour).
pub fn format(t: f64, fps: f64) -> String {
    if !fps.is_finite() || fps <= 0.0 {
        return "00:00.00".into();
    }
    let k = frame_at(t, fps);
    // The whole second holding frame k; floating point can put the estimate one off.
    let mut s = ((k as f64 + 0.5) / fps).floor() as u64;
    while s > 0 && first_frame_of_second(s, fps) > k {
        s -= 1;
    }
    while first_frame_of_second(s + 1, fps) <= k {
        s += 1;
    }
    let ff = k - first_frame_of_second(s, fps);
    let (h, m, sec) = (s / 3600, (s / 60) % 60, s % 60);
    if h > 0 {
        format!("{h}:{m:02}:{sec:02}.{ff:02}")
    } else {
        format!("{m:02}:{sec:02}.{ff:02}")
    }
}

/// Why a typed timecode was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TimecodeError {
    Syntax(String),
    Range(String),
    Frame { text: String, frame: u64, last: u64 },
}

impl std::fmt::Display for TimecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&match self {
            TimecodeError::Syntax(text) => words::f("refused.timecode", &[("text", text)]),
            TimecodeError::Range(text) => words::f("refused.timecode_range", &[("text", text)]),
            TimecodeError::Frame { text, frame, last } => words::f(
                "refused.timecode_frame",
                &[
                    ("text", text),
                    ("frame", &frame.to_string()),
                    ("last", &format!("{last:02}")),
                ],
            ),
        })
    }
}

impl std::error::Error for TimecodeError {}

/// Parses `[h:]mm:ss[.ff]` or `ss[.ff]` into the start time of that frame.
pub fn parse(text: &str, fps: f64) -> Result<f64, TimecodeError> {
    let raw = text.trim();
    let syntax = || TimecodeError::Syntax(raw.to_string());
    if raw.is_empty() || !fps.is_finite() || fps <= 0.0 {
        return Err(syntax());
    }
    let (clock, frame) = match raw.split_once('.') {
        Some((c, f)) => (c, Some(f)),
        None => (raw, None),
    };
    let number = |s: &str| -> Result<u64, TimecodeError> {
        if s.is_empty() || s.len() > 6 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(syntax());
        }
        s.parse().map_err(|_| syntax())
    };
    let parts: Vec<&str> = clock.split(':').collect();
    let (h, m, s) = match parts.as_slice() {
        [s] => (0, 0, number(s)?),
        [m, s] => (0, number(m)?, number(s)?),
        [h, m, s] => (number(h)?, number(m)?, number(s)?),
        _ => return Err(syntax()),
    };
    if parts.len() > 1 && (s >= 60 || (parts.len() == 3 && m >= 60)) {
        return Err(TimecodeError::Range(raw.to_string()));
    }
    let second = h * 3600 + m * 60 + s;
    let ff = match frame {
        Some(f) => number(f)?,
        None => 0,
    };
    let first = first_frame_of_second(second, fps);
    let count = first_frame_of_second(second + 1, fps) - first;
    if ff >= count {
        return Err(TimecodeError::Frame {
            text: raw.to_string(),
            frame: ff,
            last: count.saturating_sub(1),
        });
    }
    Ok(frame_time(first + ff, fps))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn formats_and_parses() {
        assert_eq!(format(0.0, 30.0), "00:00.00");
        assert_eq!(format(62.5, 30.0), "01:02.15");
        assert_eq!(format(3725.0, 25.0), "1:02:05.00");
        assert_eq!(parse("01:02.15", 30.0), Ok(62.5));
        assert_eq!(parse("2.03", 30.0), Ok(2.1));
        assert_eq!(parse(" 1:00:00 ", 30.0), Ok(3600.0));
        assert_eq!(
            parse("00:01.30", 30.0).err().map(|e| e.to_string()),
            Some("“00:01.30”: frame 30 does not exist, a second has frames 00 to 29".into())
        );
        assert!(matches!(parse("1:75", 30.0), Err(TimecodeError::Range(_))));
        assert!(matches!(parse("abc", 30.0), Err(TimecodeError::Syntax(_))));
        assert!(matches!(
            parse("1.2.3", 30.0),
            Err(TimecodeError::Syntax(_))
        ));
        assert!(matches!(parse("-1", 30.0), Err(TimecodeError::Syntax(_))));
    }

    #[test]
    fn frames_and_snapping() {
        assert_eq!(frame_at(1.0 / 30.0, 30.0), 1);
        assert_eq!(frame_at(0.0333, 30.0), 0);
        assert_eq!(snap(0.049, 30.0), 1.0 / 30.0);
        assert_eq!(frame_at(seek_time(7, 30.0), 30.0), 7);
        // Media times as browsers report them, rounded to the microsecond.
        assert_eq!(frame_at(2.033333, 30.0), 61);
        assert_eq!(frame_at(2.066667, 30.0), 62);
    }

    proptest! {
        #[test]
        fn every_frame_round_trips(k in 0u64..500_000, fps in prop::sample::select(vec![24.0, 25.0, 29.97, 30.0, 59.94, 60.0])) {
            let t = frame_time(k, fps);
            prop_assert_eq!(frame_at(t, fps), k);
            let back = parse(&format(t, fps), fps);
            prop_assert_eq!(back.map(|t| frame_at(t, fps)), Ok(k));
        }
    }
}
