//! The frame loop on every shape of manifest beside video.js + videojs-overlay: one row per
//! cell of {timings} × {still, moving} × {labelled, plain} × {tag counts}, the cost at 1× and 4×
//! CPU on both sides, the cost per show/hide and drift; then the held-out seeds' rows.

use std::fmt::Write as _;

use anyhow::Result;

use super::{fig, verdict};
use crate::bench::results::{Matrix, MatrixRow};
use crate::budget;

/// Cells where tags show or hide at least this often (per second of playback) are judged on
/// their cost per show/hide; below it, that figure is mostly the cost of moving tags.
const DENSE_PER_S: f64 = 5.0;

fn ratio(row: &MatrixRow, x4: bool) -> f64 {
    let (o, p) = if x4 {
        (&row.sides.ours.x4, &row.sides.peer.x4)
    } else {
        (&row.sides.ours.x1, &row.sides.peer.x1)
    };
    o.cost.main_ms_s / p.cost.main_ms_s
}

fn table(r: &mut String, rows: &[&MatrixRow], seconds: f64) -> Result<()> {
    writeln!(
        r,
        "| timings | motion | labels | tags | ours 1× (script, style, layout) | peer 1× | **ratio 1×** | ours 4× | peer 4× | **ratio 4×** | layouts/s 1× ours, peer | per show/hide 1× ours, peer | drift p99 ours, peer |"
    )?;
    writeln!(
        r,
        "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    )?;
    for row in rows {
        let (o, p) = (&row.sides.ours, &row.sides.peer);
        writeln!(
            r,
            "| {} | {} | {} | {} | {:.1} ({:.1}, {:.1}, {:.1}) | {:.1} | **{:.2}×** | {:.1} | {:.1} | **{:.2}×** | {:.1}, {:.1} | {} µs, {} µs ({:.0}/s) | {}, {} |",
            row.shape,
            row.motion,
            row.labels,
            row.n,
            o.x1.cost.main_ms_s,
            o.x1.cost.script_ms_s,
            o.x1.cost.style_ms_s,
            o.x1.cost.layout_ms_s,
            p.x1.cost.main_ms_s,
            ratio(row, false),
            o.x4.cost.main_ms_s,
            p.x4.cost.main_ms_s,
            ratio(row, true),
            o.x1.cost.layouts_s,
            p.x1.cost.layouts_s,
            fig(o.x1.per_boundary_us, 0),
            fig(p.x1.per_boundary_us, 0),
            o.x1.boundaries / seconds,
            fig(o.drift.p99_frames, 0),
            fig(p.drift.p99_frames, 0),
        )?;
    }
    Ok(())
}

/// The verdicts over `rows`: cost ratio at 1× and 4×, drift, cost per show/hide.
fn verdicts(r: &mut String, rows: &[&MatrixRow], seconds: f64) -> Result<()> {
    let over = |x4: bool| {
        rows.iter()
            .filter(|row| ratio(row, x4) > budget::PEER_COST_RATIO)
            .count()
    };
    let worst = |x4: bool| {
        rows.iter()
            .max_by(|a, b| ratio(a, x4).total_cmp(&ratio(b, x4)))
            .map(|row| {
                format!(
                    "{:.2}× ({} {} {} {})",
                    ratio(row, x4),
                    row.shape,
                    row.motion,
                    row.labels,
                    row.n
                )
            })
            .unwrap_or_default()
    };
    let drift_over = rows
        .iter()
        .filter(|row| {
            row.sides
                .ours
                .drift
                .p99_frames
                .is_none_or(|d| d > budget::DRIFT_P99_FRAMES)
        })
        .count();
    let dense: Vec<f64> = rows
        .iter()
        .filter(|row| row.sides.ours.x1.boundaries / seconds >= DENSE_PER_S)
        .filter_map(|row| row.sides.ours.x1.per_boundary_us)
        .collect();
    let worst_us = dense.iter().copied().fold(f64::NAN, f64::max);
    writeln!(
        r,
        "\nBudget ours ≤ ½ of the peer's main-thread time on every cell: {} of {} cells over at \
         1× (worst {}), {} over at 4× (worst {}) ({}). Drift p99 ≤ {} frame: {} cells over ({}). \
         Per show/hide ≤ {} µs at 1× where tags show or hide at least {} times a second: worst \
         {} µs over {} cells ({}).",
        over(false),
        rows.len(),
        worst(false),
        over(true),
        worst(true),
        verdict(over(false) == 0 && over(true) == 0),
        budget::DRIFT_P99_FRAMES,
        drift_over,
        verdict(drift_over == 0),
        budget::SHOW_HIDE_US,
        DENSE_PER_S,
        fig((!dense.is_empty()).then_some(worst_us), 0),
        dense.len(),
        verdict(!dense.is_empty() && worst_us <= budget::SHOW_HIDE_US)
    )?;
    Ok(())
}

pub fn matrix(r: &mut String, m: &Matrix) -> Result<()> {
    writeln!(
        r,
        "\n## The frame loop on every shape of manifest, beside video.js 8 + videojs-overlay 4\n\n\
         Manifests generated as families (`tests/bench/families.mjs`, seed {:?}): tag timings in \
         ten waves, spread evenly, random (a Poisson process given its count) or all at once; \
         still or moving (three keyframes); labelled (a 1–3 word label shown at rest) or plain; \
         20, 500 or 2,000 tags over the 40 s clip ({}, one 960×540 player), played for {} s from \
         {} s after a second's warm-up, each side in its own page, same browser, same run. \
         Main-thread ms per second of playback (script + style + layout, CDP metrics) at 1× and \
         4× CPU; *per show/hide*: the side's cost above its own with no tags (ours {:.1} ms/s, \
         the peer's player alone {:.1} ms/s at 1×), over the shows and hides played (their rate \
         in brackets); drift: presented frames from a boundary to the frame that shows it, at \
         1×. The peer shows no label at rest unless labelled, and never moves.\n",
        m.seeds,
        m.clip,
        m.seconds,
        m.from,
        m.baseline.get("ours_1x").map_or(f64::NAN, |c| c.main_ms_s),
        m.baseline.get("peer_1x").map_or(f64::NAN, |c| c.main_ms_s),
    )?;
    writeln!(r, "Cells run: {}.\n", m.cells)?;
    let tuning: Vec<&MatrixRow> = m.rows.iter().filter(|r| r.set == "tuning").collect();
    let held: Vec<&MatrixRow> = m.rows.iter().filter(|r| r.set == "held-out").collect();
    table(r, &tuning, m.seconds)?;
    verdicts(r, &tuning, m.seconds)?;
    if !held.is_empty() {
        writeln!(
            r,
            "\n### Held-out seeds {:?} (never tuned on)\n\nThe shapes where tags show and hide \
             most often, labelled, made again from other seeds.\n",
            m.held_out_seeds
        )?;
        table(r, &held, m.seconds)?;
        verdicts(r, &held, m.seconds)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A matrix of one cell per set, as `tests/bench/matrix.mjs` writes it.
    fn one_cell(ours: f64, peer: f64) -> Matrix {
        let cell = |main: f64, per: &str| {
            format!(
                r#"{{"main_ms_s":{main},"script_ms_s":1,"style_ms_s":1,"layout_ms_s":1,"layouts_s":0.5,"boundaries":100,"per_boundary_us":{per},"throttle":1}}"#
            )
        };
        let side = |main: f64, per: &str| {
            format!(
                r#"{{"x1":{},"x4":{},"drift":{{"boundaries":100,"p50_frames":0,"p99_frames":1,"max_frames":2}}}}"#,
                cell(main, per),
                cell(main * 4.0, per)
            )
        };
        let row = |set: &str| {
            format!(
                r#"{{"shape":"even","motion":"still","labels":"labelled","n":500,"seed":1,"set":"{set}","sides":{{"ours":{},"peer":{}}}}}"#,
                side(ours, "80"),
                side(peer, "null")
            )
        };
        let json = format!(
            r#"{{"clip":"c","cells":"every cell","seconds":10,"from":4,"seeds":[1],"held_out_seeds":[7001],"baseline":{{"ours_1x":{{"main_ms_s":0.5,"script_ms_s":0,"style_ms_s":0,"layout_ms_s":0,"layouts_s":0}}}},"rows":[{},{}]}}"#,
            row("tuning"),
            row("held-out")
        );
        serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn every_cell_is_judged_and_the_held_out_seeds_get_their_own_table() {
        let mut r = String::new();
        matrix(&mut r, &one_cell(10.0, 40.0)).unwrap_or_else(|e| panic!("{e}"));
        assert!(
            r.contains("| even | still | labelled | 500 | 10.0 (1.0, 1.0, 1.0) | 40.0 | **0.25×**"),
            "{r}"
        );
        assert!(r.contains("### Held-out seeds [7001]"), "{r}");
        assert!(!r.contains("over budget"), "{r}");
        let mut r = String::new();
        matrix(&mut r, &one_cell(30.0, 40.0)).unwrap_or_else(|e| panic!("{e}"));
        assert!(
            r.contains("1 of 1 cells over at 1× (worst 0.75× (even still labelled 500))"),
            "{r}"
        );
        assert!(r.contains("**over budget**"), "{r}");
    }
}
