//! The tracker on a representative subset of the evaluation set (`authoring::clips`), rendered
//! natively (the bench adds the encodings and OpenCV beside it): each clip is tracked from its
//! middle both ways, continuing where a lost product is found again, and must stay within the
//! budget — p95 centre error ≤ 2 % of the width over the frames kept, nothing kept while more
//! than 5 % off, a product half hidden let go within 3 frames, and most of the time it shows
//! kept. Tracking forward and then back over the same span must agree.

use authoring::clips::{self, follow, score, Clip, ClipSpec, Score, TEST_SUBSET};
use authoring::track::{Direction, Gray, NormBox, Outcome, Run, Spec};

fn frames(clip: &Clip) -> impl FnMut(u64) -> Gray + '_ {
    move |k| {
        Gray::from_rgba(clip.width, clip.height, &clip.rgba(k as u32))
            .unwrap_or_else(|e| panic!("frame {k}: {e}"))
    }
}

fn spec(name: &str, held_out: bool) -> ClipSpec {
    let set = if held_out {
        clips::held_out_set()
    } else {
        clips::tuned()
    };
    set.into_iter()
        .find(|s| s.name == name)
        .unwrap_or_else(|| panic!("no clip {name}"))
}

/// The score, and how many runs it took (more than one: found again after a loss).
fn check(name: &str, held_out: bool) -> (Score, usize) {
    let clip = Clip::new(spec(name, held_out));
    let truth: Vec<_> = (0..clip.frames).map(|k| clip.truth(k)).collect();
    let seed = clip.seed_frame();
    let (answers, outcomes) = follow(
        &mut frames(&clip),
        clip.frames as u64,
        clip.spec.fps as f64,
        seed as u64,
        truth[seed as usize],
        (clip.width as f64, clip.height as f64),
    );
    let s = score(&truth, &answers, seed as usize, clip.width as f64);
    let said: Vec<String> = outcomes
        .iter()
        .map(|o| o.summary(clip.spec.fps as f64))
        .collect();
    eprintln!(
        "{name} (held out: {held_out}): {s:?}\n  {}",
        said.join("\n  ")
    );
    assert!(s.p95 <= 2.0, "{name}: p95 {:.2}% of the width", s.p95);
    assert_eq!(s.kept_off, 0, "{name}: frames kept more than 5% off");
    assert!(
        s.notice.is_none_or(|n| n <= 3),
        "{name}: {:?} frames to notice the product half hidden",
        s.notice
    );
    assert!(
        s.coverage >= 0.9,
        "{name}: kept {:.0}% of the frames it shows",
        s.coverage * 100.0
    );
    (s, outcomes.len())
}

#[test]
fn the_reported_clip_bands_swaying_behind_a_bar() {
    // Hidden at 4.0–4.6 s: let go, then found again on the other side.
    let (_, runs) = check("bands-sway-occluded", false);
    assert!(runs >= 2, "found again after the bar");
}

#[test]
fn a_low_contrast_logo() {
    check("logo-north", false);
}

#[test]
fn printed_text_speeding_up_with_blur() {
    check("text-speedup-blur", false);
}

#[test]
fn colour_bands_turning() {
    check("bands-spin", false);
}

#[test]
fn leaving_the_picture_and_coming_back() {
    let (_, runs) = check("texture-exit-return-down", false);
    assert!(runs >= 2, "found again when it came back");
}

#[test]
fn a_look_alike_crossing() {
    check("texture-twin", false);
}

#[test]
fn held_out_a_flat_colour_growing_on_a_panning_background() {
    check("flat-curve-grow-pan", true);
}

#[test]
fn held_out_a_bar_passing_over_a_panning_scene() {
    check("texture-full-cover-pan", true);
}

#[test]
fn every_name_in_the_subset_is_tested() {
    for name in TEST_SUBSET {
        spec(name, false);
    }
}

fn run(
    clip: &Clip,
    seed: u64,
    first: u64,
    last: u64,
    bbox: NormBox,
    direction: Direction,
) -> Outcome {
    let mut r = Run::new(Spec {
        fps: clip.spec.fps as f64,
        seed,
        first,
        last,
        bbox,
        direction,
        tolerance: 0.0,
    })
    .unwrap_or_else(|e| panic!("{e}"));
    let mut get = frames(clip);
    while let Some(k) = r.wanted() {
        r.feed(k, &get(k)).unwrap_or_else(|e| panic!("{e}"));
    }
    r.finish()
}

/// A bias that grows with every frame shows as a forward run and the backward run from
/// where it ended disagreeing, increasingly towards the far end.
#[test]
fn forward_and_backward_over_the_same_span_agree() {
    for name in ["bands-sway-occluded", "texture-east", "flat-west-shrink"] {
        let clip = Clip::new(spec(name, false));
        let (w, h) = (clip.width as f64, clip.height as f64);
        // A stretch after the reported clip's occlusion, four seconds long.
        let (a, b) = (160u64, 160 + 4 * clip.spec.fps as u64);
        let t = clip.truth(a as u32);
        let start = NormBox {
            cx: t.cx / w,
            cy: t.cy / h,
            w: t.w / w,
            h: t.h / h,
        };
        let fwd = run(&clip, a, a, b, start, Direction::Forward);
        assert_eq!(fwd.covered, (a, b), "{name}: {}", fwd.summary(30.0));
        let end = fwd.trace.iter().find(|t| t.frame == b).map(|t| NormBox {
            cx: t.x,
            cy: t.y,
            w: t.w,
            h: t.h,
        });
        let Some(end) = end else {
            panic!("{name}: no frame {b}");
        };
        let back = run(&clip, b, a, b, end, Direction::Backward);
        assert_eq!(back.covered, (a, b), "{name}: {}", back.summary(30.0));
        let worst = fwd
            .trace
            .iter()
            .filter_map(|f| {
                let g = back.trace.iter().find(|g| g.frame == f.frame)?;
                Some(((f.x - g.x) * w).hypot((f.y - g.y) * h) / w * 100.0)
            })
            .fold(0.0f64, f64::max);
        eprintln!("{name}: forward and backward differ by at most {worst:.2}% of the width");
        assert!(
            worst <= 2.0,
            "{name}: forward and backward differ by {worst:.2}% of the width"
        );
    }
}

/// A bias that is the same every frame (a sub-sample offset between how patches are cut and
/// where the peak is read) would show on a product that does not move: tracked forward for ten
/// seconds with learning on, it must stay where it is.
#[test]
fn a_still_product_stays_put_for_ten_seconds() {
    for look in [clips::Look::Bands, clips::Look::Texture] {
        let mut spec = spec("texture-east", false);
        spec.look = look;
        spec.path = clips::Path::Line {
            deg: 0.0,
            speed: 0.0,
            sway: 0.0,
        };
        let clip = Clip::new(spec);
        let (w, h) = (clip.width as f64, clip.height as f64);
        let t = clip.truth(0);
        let bbox = NormBox {
            cx: t.cx / w,
            cy: t.cy / h,
            w: t.w / w,
            h: t.h / h,
        };
        let o = run(
            &clip,
            0,
            0,
            clip.frames as u64 - 1,
            bbox,
            Direction::Forward,
        );
        let worst = o
            .trace
            .iter()
            .map(|k| (k.x * w - t.cx).hypot(k.y * h - t.cy))
            .fold(0.0f64, f64::max);
        eprintln!("{look:?}, still: at most {worst:.2} px from where it is");
        assert!(
            worst < 1.5,
            "{look:?}: a still product drifted {worst:.2} px"
        );
    }
}
