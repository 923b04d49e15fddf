//! The studio's sections: its own bundle, the tracker natively on generated clips, and the
//! tracker in Chromium with frame access included (also written by `cargo xtask bench
//! tracking`).

use std::fmt::Write as _;

use anyhow::Result;

use super::{fig, meets, size_table, verdict};
use crate::bench::results::{Studio, Tracker};
use crate::bench::sizes::Size;
use crate::budget;

pub fn studio(r: &mut String, bundle: &[Size], tracker: &Tracker, studio: &Studio) -> Result<()> {
    writeln!(
        r,
        "\n## Studio bundle (its own; the viewer loads none of it)\n"
    )?;
    size_table(r, bundle)?;
    writeln!(
        r,
        "\nThe studio page also loads the viewer's bundle (above) for its preview. The tracker is \
         built at opt-level 3 (the rest of the studio and the viewer for size).\n"
    )?;
    writeln!(
        r,
        "## Tracker, natively (generated 640×360 clips, frames rendered beforehand)\n"
    )?;
    writeln!(
        r,
        "Seeded on frame 5 with the true box, tracked both ways over the clip; error of the \
         simplified keyframes (0.3% tolerance) against the generator's truth on every frame kept, \
         in % of the frame width. \"Noticed\" is frames from the product being half hidden or \
         gone to the tracker saying it is unsure.\n"
    )?;
    writeln!(
        r,
        "| clip | frames | ms/frame | kept | keyframes | mean error | p95 error | forward | noticed |\n|---|---:|---:|---|---:|---:|---:|---|---:|"
    )?;
    for t in &tracker.tracker {
        writeln!(
            r,
            "| {} | {} | {:.2} | {}–{} | {} | {:.2}% | {}% | {} | {} |",
            t.scenario,
            t.frames,
            t.ms_per_frame,
            t.covered[0],
            t.covered[1],
            t.keyframes,
            t.mean_error_pct,
            fig(t.p95_error_pct, 2),
            t.forward.as_deref().unwrap_or("—"),
            t.frames_to_notice
                .map_or("—".to_string(), |n| format!("{n} frames")),
        )?;
    }
    studio_browser(r, studio)
}

/// The studio's tracker in Chromium (`tests/bench/studio.mjs`), frame access included.
pub fn studio_browser(r: &mut String, studio: &Studio) -> Result<()> {
    writeln!(r, "\n## Tracker in Chromium, frame access included\n")?;
    writeln!(
        r,
        "The studio page driven as a brand would: load the clip, place a tag on frame 5, size \
         the box, track; frames per second from the run's start (fetching and demuxing the file \
         included) to its end; error as above, from the saved draft.\n"
    )?;
    writeln!(
        r,
        "| clip | frames read | tracked | frames/s | kept | mean error | p95 error |\n|---|---|---:|---:|---|---:|---:|"
    )?;
    for t in &studio.studio {
        writeln!(
            r,
            "| {} | {} | {} | {} | {}–{} | {:.2}% | {}% |",
            t.scenario,
            t.frames_access,
            t.tracked_frames,
            t.frames_per_s,
            t.covered[0],
            t.covered[1],
            t.mean_error_pct,
            fig(t.p95_error_pct, 2),
        )?;
    }
    for clip in ["textured", "textured (local file)"] {
        let decoded = studio
            .studio
            .iter()
            .find(|t| t.scenario == clip && t.frames_access.starts_with("decoded"));
        let fps = decoded.map(|t| t.frames_per_s);
        let p95 = decoded.and_then(|t| t.p95_error_pct);
        writeln!(
            r,
            "\nBudgets on the {clip} clip: ≥ {:.0} frames/s including frame access: {} ({}); \
             p95 error ≤ {}% of the frame width while not lost: {}% ({}).",
            budget::STUDIO_TRACK_FPS,
            fig(fps, 0),
            verdict(meets(fps, |f| f >= budget::STUDIO_TRACK_FPS)),
            budget::TRACK_P95_PERCENT,
            fig(p95, 2),
            verdict(meets(p95, |p| p <= budget::TRACK_P95_PERCENT))
        )?;
    }
    Ok(())
}
