//! Where the browser draws the captions showing over a video, estimated from their cues: the
//! bands at the top and bottom of the box that tags keep clear of while the cues show. The
//! browser's caption boxes are in its closed shadow tree, so they are computed as the WebVTT
//! rendering rules lay them out: text at 5 % of the box's smaller side (Chromium), lines
//! stacked from the bottom for `line: auto` and negative lines, from the top for others.

use crate::scene::Insets;

/// A cue's `line` setting.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Line {
    /// `auto`: the bottom, cues stacking upwards.
    Auto,
    /// A line number (`snapToLines`): from the top when 0 or more, from the bottom when
    /// negative (−1 is the last line).
    Number(f64),
    /// A percentage of the box's height (`snapToLines` false), where the cue's first line
    /// goes.
    Percent(f64),
}

/// A cue the browser shows.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Cue<'a> {
    /// The cue's text, markup included (`<i>`, `<c.yellow>`, `<v Bob>` are not drawn).
    pub text: &'a str,
    pub line: Line,
    /// The cue box's width, percent of the box's (`size`, 100 unless set).
    pub size: f64,
}

/// A caption line's height per pixel of font size (measured in Chromium: 1.33–1.37, the
/// font's line height and the cue background's padding).
const LINE: f64 = 1.4;
/// The width of a character per pixel of font size, generously (Latin text averages about
/// 0.5; wider scripts wrap sooner, and two lines more than the estimate is still a band).
const CHAR: f64 = 0.55;
/// Kept clear around the estimate.
const MARGIN: f64 = 4.0;

/// How many lines `text` takes in a line box `width` px wide at font size `font`.
fn lines(text: &str, width: f64, font: f64) -> f64 {
    let per_line = (width / (CHAR * font)).max(1.0);
    text.split('\n')
        .map(|l| {
            let mut in_tag = false;
            let chars = l
                .chars()
                .filter(|&c| {
                    match c {
                        '<' => in_tag = true,
                        '>' if in_tag => {
                            in_tag = false;
                            return false;
                        }
                        _ => {}
                    }
                    !in_tag
                })
                .count() as f64;
            (chars / per_line).ceil().max(1.0)
        })
        .sum()
}

/// The bands (top and bottom only) cues take over a `w` × `h` box, in CSS pixels, as they
/// are added.
#[derive(Clone, Copy, Debug)]
pub struct Bands {
    w: f64,
    h: f64,
    font: f64,
    top: f64,
    bottom: f64,
    /// The height of the `auto` cues stacked so far.
    stacked: f64,
}

impl Bands {
    pub fn new(w: f64, h: f64) -> Bands {
        Bands {
            w,
            h,
            font: 0.05 * w.min(h),
            top: 0.0,
            bottom: 0.0,
            stacked: 0.0,
        }
    }

    /// One more cue shown.
    pub fn add(&mut self, cue: Cue<'_>) {
        let size = if cue.size.is_finite() {
            cue.size.clamp(0.0, 100.0)
        } else {
            100.0
        };
        let n = lines(cue.text, self.w * size / 100.0, self.font);
        let line = LINE * self.font;
        match cue.line {
            Line::Auto => {
                // Auto cues stack upwards from the bottom, each above the last.
                self.stacked += n * line;
                self.bottom = self.bottom.max(self.stacked);
            }
            Line::Number(k) if k < 0.0 => self.bottom = self.bottom.max((-k - 1.0 + n) * line),
            Line::Number(k) => self.top = self.top.max((k + n) * line),
            Line::Percent(p) => {
                let at = self.h * p.clamp(0.0, 100.0) / 100.0;
                if at >= self.h / 2.0 {
                    self.bottom = self.bottom.max(self.h - at);
                } else {
                    self.top = self.top.max(at + n * line);
                }
            }
        }
    }

    /// The bands, with a margin, within the box.
    pub fn insets(&self) -> Insets {
        let edge = |v: f64| {
            if v > 0.0 {
                (v + MARGIN).min(self.h)
            } else {
                0.0
            }
        };
        Insets {
            top: edge(self.top),
            right: 0.0,
            bottom: edge(self.bottom),
            left: 0.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bands<'a>(cues: impl IntoIterator<Item = Cue<'a>>, w: f64, h: f64) -> Insets {
        let mut b = Bands::new(w, h);
        for c in cues {
            b.add(c);
        }
        b.insets()
    }

    fn cue(text: &str, line: Line) -> Cue<'_> {
        Cue {
            text,
            line,
            size: 100.0,
        }
    }

    #[test]
    fn no_cues_no_band() {
        assert_eq!(bands([], 640.0, 360.0), Insets::default());
    }

    /// Measured in Chromium 156 (the pixels a showing cue changes, `e2e/captions.spec.js`):
    /// each estimate covers the caption drawn, by no more than about a line.
    #[test]
    fn estimates_cover_what_chromium_draws() {
        for (w, h, text, drawn) in [
            (640.0, 360.0, "Hello there", 24.0),
            (960.0, 540.0, "Hello", 37.0),
            (640.0, 480.0, "Line one\nLine two", 66.0),
            (
                390.0,
                700.0,
                "A rather long caption line that will surely need to wrap on a phone",
                54.0,
            ),
        ] {
            let b = bands([cue(text, Line::Auto)], w, h).bottom;
            assert!(
                b >= drawn && b <= drawn + 0.07 * h.min(w) * 1.4,
                "{w}×{h} {text}: {b}"
            );
        }
    }

    #[test]
    fn markup_is_not_counted_and_lines_stack() {
        let plain = bands([cue("Bob: hi", Line::Auto)], 640.0, 360.0);
        let marked = bands([cue("<v Bob><i>Bob: hi</i></v>", Line::Auto)], 640.0, 360.0);
        assert_eq!(plain, marked);
        let two = bands(
            [cue("Bob: hi", Line::Auto), cue("Ann: hello", Line::Auto)],
            640.0,
            360.0,
        );
        assert!((two.bottom - MARGIN - 2.0 * (plain.bottom - MARGIN)).abs() < 1e-9);
    }

    #[test]
    fn line_settings_put_the_band_at_the_top_or_the_bottom() {
        let top = bands([cue("Sign", Line::Number(0.0))], 640.0, 360.0);
        assert!(top.top > 0.0 && top.bottom == 0.0);
        let up = bands([cue("Sign", Line::Number(-3.0))], 640.0, 360.0);
        assert!(up.bottom > bands([cue("Sign", Line::Auto)], 640.0, 360.0).bottom);
        let high = bands([cue("Sign", Line::Percent(10.0))], 640.0, 360.0);
        assert!(high.top > 36.0 && high.bottom == 0.0);
        let low = bands([cue("Sign", Line::Percent(80.0))], 640.0, 360.0);
        assert_eq!(low.bottom, 72.0 + MARGIN);
        // Nonsense numbers stay within the box.
        let wild = bands(
            [Cue {
                text: "x",
                line: Line::Number(-1e9),
                size: f64::NAN,
            }],
            640.0,
            360.0,
        );
        assert_eq!(wild.bottom, 360.0);
    }
}
