//! `bench/REPORT.md` from the typed results: each section says what was measured and how, the
//! figures, and each budget (`crate::budget`, the one table) met or not. A figure a producer
//! could not make (no samples) shows as "—" and fails its budget.

mod matrix;
mod package;
mod serving;
mod studio;
mod viewer;

use std::fmt::Write as _;
use std::process::Command;

use anyhow::Result;

use super::sizes::Size;
use super::Measured;
use crate::util::output;

pub use matrix::matrix;
pub use studio::studio_browser;

pub fn kib(b: usize) -> String {
    format!("{:.1} KiB", b as f64 / 1024.0)
}

pub fn verdict(ok: bool) -> &'static str {
    if ok {
        "within budget"
    } else {
        "**over budget**"
    }
}

/// A figure with `p` decimals, or "—" when there is none.
pub fn fig(v: Option<f64>, p: usize) -> String {
    v.map_or_else(|| "—".to_string(), |x| format!("{x:.p$}"))
}

/// Whether there is a figure and it meets `ok`.
pub fn meets(v: Option<f64>, ok: impl Fn(f64) -> bool) -> bool {
    v.is_some_and(ok)
}

pub fn size_table(r: &mut String, sizes: &[Size]) -> Result<()> {
    writeln!(
        r,
        "| file | raw | gzip -9 | brotli 11 |\n|---|---:|---:|---:|"
    )?;
    for s in sizes {
        writeln!(
            r,
            "| {} | {} | {} | {} |",
            s.name,
            kib(s.raw),
            kib(s.gzip),
            kib(s.brotli)
        )?;
    }
    Ok(())
}

/// The whole report, in the order a reader looks for things: what loads, how fast the engine
/// and the viewer are, the API and LIVE, the studio and its tracker, the peers side by side,
/// memory, the package, fuzzing.
pub fn write(m: &Measured) -> Result<String> {
    let mut r = String::new();
    let rustc = output(Command::new("rustc").arg("--version")).unwrap_or_default();
    let chromium = output(Command::new("/usr/bin/chromium").arg("--version")).unwrap_or_default();
    writeln!(r, "# Benchmark report\n")?;
    writeln!(
        r,
        "Written by `cargo xtask bench` on a 2-core machine (shared, noisy: compare runs, not single \
         figures). {} · {}\n",
        rustc.trim(),
        chromium.trim()
    )?;
    viewer::first_load(&mut r, &m.viewer_bundle, &m.shop_bundle)?;
    viewer::engine(&mut r, &m.engine)?;
    viewer::browser(&mut r, &m.browser)?;
    serving::api(&mut r, &m.api)?;
    serving::fanout(&mut r, &m.fanout)?;
    studio::studio(&mut r, &m.studio_bundle, &m.tracker, &m.studio)?;
    r.push('\n');
    r.push_str(&m.tracking);
    serving::webkit(&mut r, &m.webkit)?;
    viewer::lean(&mut r, &m.lean)?;
    r.push('\n');
    r.push_str(&m.matrix);
    serving::hls(&mut r, &m.hls)?;
    serving::soak(&mut r, &m.soak)?;
    package::package(&mut r, &m.package)?;
    package::fuzz(&mut r, &m.fuzz)?;
    Ok(r)
}
