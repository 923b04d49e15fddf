//! `cargo xtask bench`: the figures the issues budget, measured side by side with the peers and
//! written to `bench/REPORT.md`. In three parts: `run.rs` runs the measurements, `results.rs`
//! types what each writes (a renamed key fails the read, naming it), `report/` writes the
//! report against the one budget table (`crate::budget`); `sizes.rs` measures what the pages
//! download. Budgets are flagged in the report, never asserted as wall-clock limits in tests.

mod report;
mod results;
mod run;
mod sizes;

use std::fs;

use anyhow::Result;

use crate::util::root;
use results::{
    Api, Browser, Fanout, FuzzTarget, Hls, Lean, Package, Soak, Studio, Tracker, Webkit,
};
use sizes::Size;

pub use report::studio_browser as render_studio_browser;
pub use run::studio_browser;
pub use sizes::{bundle, VIEWER_FILES};

/// Everything the report shows.
pub struct Measured {
    viewer_bundle: Vec<Size>,
    shop_bundle: Vec<Size>,
    studio_bundle: Vec<Size>,
    engine: Vec<(String, f64, f64)>,
    api: Api,
    fanout: Fanout,
    tracker: Tracker,
    browser: Browser,
    studio: Studio,
    lean: Lean,
    webkit: Webkit,
    hls: Hls,
    soak: Soak,
    fuzz: Vec<FuzzTarget>,
    package: Package,
    /// The tracking evaluation's section, as `cargo xtask bench tracking` last wrote it.
    tracking: String,
}

pub fn all() -> Result<()> {
    crate::bootstrap::all()?;
    crate::build::dist(crate::build::Profile::Release)?;
    run::write_bench_manifest()?;
    let (viewer_bundle, shop_bundle, studio_bundle) = (
        bundle(VIEWER_FILES)?,
        bundle(sizes::SHOP_FILES)?,
        bundle(sizes::STUDIO_FILES)?,
    );
    let engine = run::criterion()?;
    let api = run::json_line("commerce", "api_latency")?;
    let fanout = run::json_line("commerce", "live_fanout")?;
    let tracker = run::json_line("authoring", "tracker")?;
    // The viewer's, the studio's and the peer comparison share one server; the others each
    // have their own (a freshly seeded database: no carts or stock left by the runs before; a
    // fresh room, a fresh process to measure).
    let (browser, studio, lean) = {
        let server = crate::serve::background()?;
        (
            run::node("browser", &server, false)?,
            run::node("studio", &server, false)?,
            run::node("lean", &server, false)?,
        )
    };
    let webkit = run::node("webkit", &crate::serve::background()?, true)?;
    let hls = run::node("hls", &crate::serve::background()?, false)?;
    let soak = run::node("soak", &crate::serve::background()?, false)?;
    let fuzz = run::fuzz(crate::budget::FUZZ_CASES)?;
    let package = sizes::package()?;
    let measured = Measured {
        viewer_bundle,
        shop_bundle,
        studio_bundle,
        engine,
        api,
        fanout,
        tracker,
        browser,
        studio,
        lean,
        webkit,
        hls,
        soak,
        fuzz,
        package,
        tracking: crate::track_eval::marked()?,
    };
    let report = report::write(&measured)?;
    let path = root().join("bench/REPORT.md");
    fs::create_dir_all(root().join("bench"))?;
    fs::write(&path, &report)?;
    println!("{report}");
    eprintln!("xtask: wrote {}", path.display());
    Ok(())
}
