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
    Api, Browser, Fanout, FuzzTarget, Hls, Lean, Matrix, Package, Soak, Studio, Tracker, Webkit,
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
    /// The frame loop on every shape of manifest, its section marked.
    matrix: String,
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
    let matrix = matrix_section()?;
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
        matrix,
    };
    let report = report::write(&measured)?;
    let path = root().join("bench/REPORT.md");
    fs::create_dir_all(root().join("bench"))?;
    fs::write(&path, &report)?;
    println!("{report}");
    eprintln!("xtask: wrote {}", path.display());
    Ok(())
}

/// The matrix of manifest shapes beside the peer (`tests/bench/matrix.mjs`, on its own server),
/// as its marked section of the report.
fn matrix_section() -> Result<String> {
    let m: Matrix = run::node("matrix", &crate::serve::background()?, false)?;
    let mut text = String::new();
    report::matrix(&mut text, &m)?;
    Ok(marked("matrix", &text))
}

/// `cargo xtask bench matrix`: only the matrix, its section of the report rewritten in place.
pub fn update_matrix() -> Result<()> {
    crate::bootstrap::all()?;
    crate::build::dist(crate::build::Profile::Release)?;
    let text = matrix_section()?;
    splice(&text, "matrix")?;
    println!("{text}");
    Ok(())
}

/// `text` between the markers of section `name`.
pub fn marked(name: &str, text: &str) -> String {
    format!("<!-- {name} -->\n{text}<!-- /{name} -->\n")
}

/// Writes `block` (a [`marked`] section `name`) into bench/REPORT.md in place of the section
/// there, or at its end.
pub fn splice(block: &str, name: &str) -> Result<()> {
    let path = root().join("bench/REPORT.md");
    let old = fs::read_to_string(&path).unwrap_or_default();
    let (start, end) = (format!("<!-- {name} -->\n"), format!("<!-- /{name} -->\n"));
    let new = match (old.find(&start), old.find(&end)) {
        (Some(a), Some(b)) if b > a => format!("{}{block}{}", &old[..a], &old[b + end.len()..]),
        _ => format!("{old}\n{block}"),
    };
    fs::write(&path, new)?;
    eprintln!("xtask: wrote the {name} section of {}", path.display());
    Ok(())
}
