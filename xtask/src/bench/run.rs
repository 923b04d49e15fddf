//! Running the measurements: the bench manifest the browser scripts play, criterion, the
//! native benches' JSON line, the browser scripts against the reference server, the fuzzer.
//! Each result is read into its type (`results.rs`) where it is read, naming the file.

use std::fs;
use std::path::Path;
use std::process::Command;

use anyhow::{bail, Context, Result};
use serde::de::DeserializeOwned;
use serde_json::{json, Value};

use super::results::{Estimates, FuzzTarget, Studio};
use crate::util::{cargo, dist, output, root, run};

/// Reads `path` as a `T`; an error names the file and the field.
fn read<T: DeserializeOwned>(path: &Path) -> Result<T> {
    let text = fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    serde_json::from_str(&text)
        .with_context(|| format!("{}: not what the bench reads", path.display()))
}

/// 500 tags in ten 4-second waves of 50, each moving along three keyframes: 50 visible at any
/// time, all of them moving every frame.
pub fn write_bench_manifest() -> Result<()> {
    let mut tags = Vec::new();
    for i in 0..500u32 {
        let wave = f64::from(i / 50) * 4.0;
        let k = f64::from(i % 50);
        let (x0, y0) = (0.05 + (k % 10.0) * 0.09, 0.1 + (k / 10.0).floor() * 0.18);
        tags.push(json!({
            "id": format!("b{i}"), "product": format!("p{}", i % 25),
            "start": wave, "end": wave + 4.0,
            "keyframes": [
                { "t": wave, "x": x0, "y": y0 },
                { "t": wave + 2.0, "x": x0 + 0.04, "y": y0 + 0.05, "ease": "ease-in-out" },
                { "t": wave + 4.0, "x": x0, "y": y0 + 0.08 }
            ]
        }));
    }
    let products: Vec<Value> = (0..25)
        .map(|i| json!({ "id": format!("p{i}"), "name": format!("Product {i}") }))
        .collect();
    let m = json!({ "version": 1, "video": { "id": "bench", "duration": 40 }, "products": products, "tags": tags });
    fs::write(
        dist().join("media/bench.manifest.json"),
        serde_json::to_string(&m)?,
    )?;
    Ok(())
}

/// Runs the criterion benches and reads each median and mean (ns) from criterion's JSON.
pub fn criterion() -> Result<Vec<(String, f64, f64)>> {
    run(cargo().args([
        "bench", "-p", "overlay", "--bench", "timeline", "--", "--noplot",
    ]))?;
    let mut out = Vec::new();
    for id in [
        "active_at/10k_cues",
        "cursor_advance/10k_cues/30fps_play",
        "relabel/50_moving_labelled",
    ] {
        // Criterion names the folder after the id with '/' replaced.
        let p = root()
            .join("target/criterion")
            .join(id.replace('/', "_"))
            .join("new/estimates.json");
        let e: Estimates = read(&p)?;
        out.push((
            id.to_string(),
            e.median.point_estimate,
            e.mean.point_estimate,
        ));
    }
    Ok(out)
}

/// A native benchmark's one JSON line (commerce/benches/*.rs: the API under open-loop load,
/// the LIVE fan-out; authoring/benches/tracker.rs: the tracker natively).
pub fn json_line<T: DeserializeOwned>(package: &str, bench: &str) -> Result<T> {
    let out = output(cargo().args(["bench", "-p", package, "--bench", bench]))?;
    let Some(line) = out.lines().rev().find(|l| l.starts_with('{')) else {
        bail!("{package}/benches/{bench}.rs printed no JSON line");
    };
    serde_json::from_str(line).with_context(|| format!("{package}/benches/{bench}.rs's JSON line"))
}

/// Runs `tests/bench/{script}.mjs` against the server at `url` (under a virtual display when
/// `display`) and reads what it wrote.
pub fn node<T: DeserializeOwned>(
    script: &str,
    server: &crate::serve::Server,
    display: bool,
) -> Result<T> {
    let out = root().join(format!("target/bench-{script}.json"));
    let mut cmd = if display {
        let mut c = Command::new("xvfb-run");
        c.args(["-a", "node"]);
        c
    } else {
        Command::new("node")
    };
    run(cmd
        .arg(root().join(format!("tests/bench/{script}.mjs")))
        .arg(&out)
        .env("BASE_URL", &server.url)
        .env("DEMO_PASSWORD", &server.password)
        // Every part of the lean comparison, whatever the shell says.
        .env_remove("LEAN_ONLY"))?;
    read(&out)
}

/// The studio's tracker in Chromium alone (for `cargo xtask bench tracking`), on its own server.
pub fn studio_browser() -> Result<Studio> {
    crate::bootstrap::all()?;
    crate::build::dist(crate::build::Profile::Release)?;
    let server = crate::serve::background()?;
    node("studio", &server, false)
}

/// The fuzzer over every target, `cases` each; a finding fails it.
pub fn fuzz(cases: u64) -> Result<Vec<FuzzTarget>> {
    let out = root().join("target/bench-fuzz.json");
    crate::fuzz::run_cases(cases, false, Some(&out))?;
    read(&out)
}
