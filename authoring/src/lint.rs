//! Lint: the viewer's validator on every edit, plus what a brand needs to hear before viewers
//! do: tags on top of each other, tap targets cut under 24 px at phone size, tags too brief to
//! tap, tags under the player's controls, tags cropped away on a phone in portrait, and
//! products the catalog does not know or has sold out. Every finding names its path and tag.

use overlay::geometry::{picture_rect, to_px, MIN_TAP_TARGET};
use overlay::{ObjectFit, ObjectPosition, Rect, Size};

use crate::draft::{seconds, Draft, Tag};
use crate::timecode::format;
use crate::words;

/// The tag's drawn tap target (overlay.css `.so-tag`), CSS pixels.
pub const TAG_TARGET: f64 = 32.0;
/// A tag shorter than this is hard to tap.
pub const MIN_SHOWN: f64 = 1.0;
/// The bottom band a player's controls take, at phone size.
pub const CONTROL_BAND: f64 = 44.0;
/// A phone held sideways: the player fills the width.
pub const PHONE_LANDSCAPE: Size = Size { w: 390.0, h: 219.0 };
/// A phone held upright with a full-screen `cover` player (the 9:16 feed).
pub const PHONE_PORTRAIT: Size = Size { w: 360.0, h: 640.0 };
/// Seconds between samples of a moving tag.
const STEP: f64 = 0.25;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The manifest is invalid: viewers would get no tags.
    Error,
    /// Valid, but viewers will have a worse time.
    Warning,
}

/// One problem.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    pub severity: Severity,
    /// JSON path in the manifest (`tags[2].end`), empty for the document.
    pub path: String,
    /// Where, in a brand's words: "Field Watch, end time" ([`crate::place`]).
    pub subject: String,
    pub message: String,
    /// The tag it is about, to select it.
    pub tag: Option<String>,
    /// When it happens, to seek to.
    pub at: Option<f64>,
}

/// What the catalog says about a product.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stock {
    /// Not looked up (yet): nothing to say.
    Unknown,
    /// The catalog has no such product.
    Missing,
    /// Every variant is out of stock.
    SoldOut,
    Available,
}

/// What lint needs beyond the draft.
pub struct Context<'a> {
    pub fps: f64,
    /// The picture's intrinsic size (`videoWidth` × `videoHeight`).
    pub picture: Size,
    pub catalog: &'a dyn Fn(&str) -> Stock,
}

fn rect(element: Size, picture: Size, fit: ObjectFit) -> Rect {
    picture_rect(element, picture, fit, ObjectPosition::default())
}

/// Times at which to look at a tag: its start, its keyframes, and a steady step between.
fn samples(t: &Tag, from: f64, to: f64) -> Vec<f64> {
    let mut ts: Vec<f64> = Vec::new();
    let mut s = from;
    while s < to {
        ts.push(s);
        s += STEP;
    }
    ts.extend(
        t.keyframes
            .iter()
            .map(|k| k.t)
            .filter(|k| *k >= from && *k < to),
    );
    ts.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    ts
}

/// Every finding for `d`, errors first, then by tag order.
pub fn lint(d: &Draft, cx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    if let Err(errors) = d.validate() {
        for e in errors.0 {
            let tag = tag_of_path(d, &e.path);
            out.push(Finding {
                severity: Severity::Error,
                subject: crate::place(&e.path, Some(d)),
                path: e.path,
                message: e.message,
                tag,
                at: None,
            });
        }
    }
    let landscape = rect(PHONE_LANDSCAPE, cx.picture, ObjectFit::Contain);
    let portrait = rect(PHONE_PORTRAIT, cx.picture, ObjectFit::Cover);
    let fps = cx.fps;
    for (i, t) in d.tags.iter().enumerate() {
        let path = format!("tags[{i}]");
        let warn = |out: &mut Vec<Finding>, field: &str, message: String, at: Option<f64>| {
            let path = if field.is_empty() {
                path.clone()
            } else {
                format!("{path}.{field}")
            };
            out.push(Finding {
                severity: Severity::Warning,
                subject: crate::place(&path, Some(d)),
                path,
                message,
                tag: Some(t.id.clone()),
                at,
            })
        };
        let shown = t.end - t.start;
        if shown < MIN_SHOWN {
            warn(
                &mut out,
                "end",
                words::f(
                    "lint.brief",
                    &[("shown", &seconds(shown)), ("least", &seconds(MIN_SHOWN))],
                ),
                Some(t.start),
            );
        }
        let times = samples(t, t.start, t.end);
        if let Some(at) = times.iter().copied().find(|&s| {
            let (x, y) = t.position_at(s);
            to_px(landscape, x, y).y > PHONE_LANDSCAPE.h - CONTROL_BAND
        }) {
            warn(
                &mut out,
                "",
                words::f(
                    "lint.under_controls",
                    &[
                        ("band", &CONTROL_BAND.to_string()),
                        ("at", &format(at, fps)),
                    ],
                ),
                Some(at),
            );
        }
        let box_of = |s: Size| Rect {
            x: 0.0,
            y: 0.0,
            w: s.w,
            h: s.h,
        };
        let cropped: Vec<f64> = times
            .iter()
            .copied()
            .filter(|&s| {
                let (x, y) = t.position_at(s);
                !box_of(PHONE_PORTRAIT).contains(to_px(portrait, x, y))
            })
            .collect();
        if let (Some(a), Some(b)) = (cropped.first(), cropped.last()) {
            warn(
                &mut out,
                "",
                words::f(
                    "lint.cropped",
                    &[("start", &format(*a, fps)), ("end", &format(*b, fps))],
                ),
                Some(*a),
            );
        }
        // A tag whose point is visible but near the box's edge has its target cut by it.
        let cut = times.iter().copied().find_map(|s| {
            let (x, y) = t.position_at(s);
            [(PHONE_LANDSCAPE, landscape), (PHONE_PORTRAIT, portrait)]
                .iter()
                .find_map(|(size, pic)| {
                    let p = to_px(*pic, x, y);
                    if !box_of(*size).contains(p) {
                        return None;
                    }
                    let half = TAG_TARGET / 2.0;
                    let w = (p.x + half).min(size.w) - (p.x - half).max(0.0);
                    let h = (p.y + half).min(size.h) - (p.y - half).max(0.0);
                    let least = w.min(h);
                    (least < MIN_TAP_TARGET).then_some((s, least))
                })
        });
        if let Some((at, px)) = cut {
            warn(
                &mut out,
                "",
                words::f(
                    "lint.target_cut",
                    &[
                        ("px", &px.round().to_string()),
                        ("at", &format(at, fps)),
                        ("least", &MIN_TAP_TARGET.to_string()),
                    ],
                ),
                Some(at),
            );
        }
        match (cx.catalog)(&t.product) {
            Stock::Missing => warn(
                &mut out,
                "product",
                words::f("lint.no_product", &[("product", &t.product)]),
                None,
            ),
            Stock::SoldOut => warn(
                &mut out,
                "product",
                words::t("lint.sold_out").to_string(),
                None,
            ),
            Stock::Unknown | Stock::Available => {}
        }
    }
    overlaps(d, cx, landscape, &mut out);
    out.sort_by_key(|f| f.severity);
    out
}

/// Pairs of tags on screen together whose targets overlap at phone size.
fn overlaps(d: &Draft, cx: &Context, landscape: Rect, out: &mut Vec<Finding>) {
    let mut order: Vec<usize> = (0..d.tags.len()).collect();
    order.sort_by(|&a, &b| {
        d.tags[a]
            .start
            .partial_cmp(&d.tags[b].start)
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    for (n, &i) in order.iter().enumerate() {
        let a = &d.tags[i];
        for &j in &order[n + 1..] {
            let b = &d.tags[j];
            if b.start >= a.end {
                break;
            }
            let (from, to) = (a.start.max(b.start), a.end.min(b.end));
            let mut times = samples(a, from, to);
            times.extend(samples(b, from, to));
            let hit = times.into_iter().find(|&s| {
                let (ax, ay) = a.position_at(s);
                let (bx, by) = b.position_at(s);
                let (p, q) = (to_px(landscape, ax, ay), to_px(landscape, bx, by));
                (p.x - q.x).abs() < TAG_TARGET && (p.y - q.y).abs() < TAG_TARGET
            });
            if let Some(at) = hit {
                let (first, second) = if i < j { (i, j) } else { (j, i) };
                let path = format!("tags[{second}]");
                out.push(Finding {
                    severity: Severity::Warning,
                    subject: crate::place(&path, Some(d)),
                    path,
                    message: words::f(
                        "lint.overlaps",
                        &[
                            ("other", &crate::place(&format!("tags[{first}]"), Some(d))),
                            ("at", &format(at, cx.fps)),
                        ],
                    ),
                    tag: Some(d.tags[second].id.clone()),
                    at: Some(at),
                });
            }
        }
    }
}

/// The tag a path like `tags[3].keyframes[1].t` is about.
fn tag_of_path(d: &Draft, path: &str) -> Option<String> {
    let rest = path.strip_prefix("tags[")?;
    let i: usize = rest.split(']').next()?.parse().ok()?;
    d.tags.get(i).map(|t| t.id.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::{apply, Ctx, Edit};

    // Tags placed before the video's length is known show for three seconds.
    const CTX: Ctx = Ctx {
        fps: 30.0,
        duration: None,
    };

    fn cx(catalog: &dyn Fn(&str) -> Stock) -> Context<'_> {
        Context {
            fps: 30.0,
            picture: Size {
                w: 1920.0,
                h: 1080.0,
            },
            catalog,
        }
    }

    fn place(d: &mut Draft, product: &str, t: f64, x: f64, y: f64) {
        let r = apply(
            d,
            Edit::Place {
                product: product.into(),
                name: None,
                t,
                x,
                y,
            },
            &CTX,
        );
        assert!(r.is_ok(), "{r:?}");
    }

    fn messages(f: &[Finding]) -> Vec<String> {
        f.iter()
            .map(|f| format!("{}: {}", f.subject, f.message))
            .collect()
    }

    #[test]
    fn a_clean_draft_has_nothing_to_say() {
        let mut d = Draft::new("v", Some(40.0));
        place(&mut d, "p-a", 1.0, 0.5, 0.4);
        place(&mut d, "p-b", 1.0, 0.5, 0.6);
        assert_eq!(
            messages(&lint(&d, &cx(&|_| Stock::Available))),
            Vec::<String>::new()
        );
    }

    #[test]
    fn each_warning_names_its_tag_and_time() {
        let mut d = Draft::new("v", Some(40.0));
        place(&mut d, "p-a", 1.0, 0.5, 0.4);
        place(&mut d, "p-b", 2.0, 0.51, 0.41); // overlaps p-a
        place(&mut d, "p-c", 1.0, 0.5, 0.95); // controls
        place(&mut d, "p-d", 1.0, 0.01, 0.4); // cropped in portrait, cut at landscape
        place(&mut d, "p-e", 39.5, 0.5, 0.2); // brief: the video ends at 40 s
        d.tags[4].end = 40.0;
        let catalog = |p: &str| match p {
            "p-a" => Stock::SoldOut,
            "p-b" => Stock::Missing,
            _ => Stock::Available,
        };
        let m = messages(&lint(&d, &cx(&catalog)));
        let want = [
            "p-b: overlaps p-a at 00:02.00: at phone size their tap targets cover each other",
            "p-c: sits under the player's controls (the bottom 44 px at phone size) at 00:01.00",
            "p-d: is cropped away on a phone held upright (9:16 cover) from 00:01.00 to 00:03.22",
            "p-d: its tap target is cut to 20 px by the player's edge at phone size at 00:01.00 (at least 24 px)",
            "p-e, end time: shows for 0.5 s; viewers need at least 1 s to tap it",
            "p-a, product: is sold out, so viewers see the tag but cannot buy it",
            "p-b, product: the catalog has no product “p-b”",
        ];
        for w in want {
            assert!(m.iter().any(|x| x == w), "missing {w:?} in {m:#?}");
        }
        assert_eq!(m.len(), want.len(), "{m:#?}");
    }

    #[test]
    fn validator_errors_come_first_with_their_tag() {
        let mut d = Draft::new("v", Some(40.0));
        place(&mut d, "p-a", 1.0, 0.5, 0.4);
        d.tags[0].end = 0.5; // what no edit allows, e.g. a hand-edited draft
        let f = lint(&d, &cx(&|_| Stock::Unknown));
        assert_eq!(f[0].severity, Severity::Error);
        assert_eq!(f[0].path, "tags[0].end");
        assert_eq!(f[0].subject, "p-a, end time");
        assert_eq!(f[0].tag.as_deref(), Some("t-a-1"));
    }
}
