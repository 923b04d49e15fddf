//! The tracker natively on the generated clips: milliseconds per tracked frame (the tracker
//! alone, frames rendered beforehand), accuracy against the generator's truth while locked
//! (mean and p95 error in % of frame width, after simplification), and how many frames an
//! occlusion takes to be noticed. Prints one JSON line for `cargo xtask bench`.

// A native benchmark measures native time (the clippy rule guards the Wasm paths).
#![allow(clippy::disallowed_methods)]

use std::time::Instant;

use authoring::synth::{Clip, Scenario};
use authoring::track::{Direction, Gray, NormBox, Run, Spec, PSR_LOST_PUBLIC};
use overlay::Track;
use serde_json::json;

fn main() {
    let mut out = Vec::new();
    for scenario in Scenario::ALL {
        let clip = Clip::new(scenario);
        let frames: Vec<Gray> = (0..clip.frames)
            .filter_map(|k| Gray::from_luma(clip.width, clip.height, clip.luma(k)).ok())
            .collect();
        let seed = 5u32;
        let t = clip.truth(seed);
        let (w, h) = (clip.width as f64, clip.height as f64);
        let spec = Spec {
            fps: clip.fps as f64,
            seed: seed as u64,
            first: 0,
            last: clip.frames as u64 - 1,
            bbox: NormBox {
                cx: t.cx / w,
                cy: t.cy / h,
                w: t.w / w,
                h: t.h / h,
            },
            direction: Direction::Both,
            tolerance: 0.003,
        };
        let Ok(mut run) = Run::new(spec) else {
            continue;
        };
        let start = Instant::now();
        let mut fed = 0u32;
        while let Some(k) = run.wanted() {
            let Some(f) = frames.get(k as usize) else {
                break;
            };
            if run.feed(k, f).is_err() {
                break;
            }
            fed += 1;
        }
        let ms = start.elapsed().as_secs_f64() * 1000.0 / fed.max(1) as f64;
        let o = run.finish();
        let track = Track::Keyframes(o.keyframes.clone());
        let mut errors: Vec<f64> = (o.covered.0..=o.covered.1)
            .map(|k| {
                let truth = clip.truth(k as u32);
                let (x, y) = track.position_at(k as f64 / clip.fps as f64);
                ((x * w - truth.cx).powi(2) + (y * h - truth.cy).powi(2)).sqrt() / w * 100.0
            })
            .collect();
        errors.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
        let mean = errors.iter().sum::<f64>() / errors.len().max(1) as f64;
        let p95 = errors
            .get(((errors.len() as f64 * 0.95).ceil() as usize).saturating_sub(1))
            .copied()
            .unwrap_or(f64::NAN);
        // Frames from the product being half hidden (or gone) to the tracker saying unsure.
        let hidden = (0..clip.frames).find(|&k| clip.truth(k).visible < 0.5);
        let unsure = hidden.and_then(|hk| {
            o.trace
                .iter()
                .filter(|t| t.frame >= hk as u64 && t.psr < PSR_LOST_PUBLIC)
                .map(|t| t.frame - hk as u64)
                .min()
        });
        out.push(json!({
            "scenario": scenario.name(), "frames": fed, "ms_per_frame": ms,
            "covered": [o.covered.0, o.covered.1], "keyframes": o.keyframes.len(),
            "mean_error_pct": mean, "p95_error_pct": p95,
            "forward": o.forward.map(|s| s.describe()), "backward": o.backward.map(|s| s.describe()),
            "hidden_from": hidden, "frames_to_notice": unsure,
        }));
    }
    println!("{}", json!({ "tracker": out }));
}
