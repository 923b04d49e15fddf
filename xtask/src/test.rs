//! `cargo xtask test`: every check, in the order that fails fastest. Nothing here is weaker
//! than what CI runs; `.ci/run` calls exactly this.

use std::process::Command;

use anyhow::{bail, Context, Result};

use crate::util::{cargo, chromium, output, root, run};

/// Crates the engine must never depend on (ARCHITECTURE.md, invariant 1).
const WEB_CRATES: &[&str] = &["web-sys", "js-sys", "wasm-bindgen", "gloo", "yew"];

pub fn all() -> Result<()> {
    crate::bootstrap::all()?;
    type Step = (&'static str, fn() -> Result<()>);
    let mut steps: Vec<Step> = vec![
        ("rustfmt", fmt),
        ("engine purity", purity),
        ("clippy native", clippy_native),
        ("clippy wasm32", clippy_wasm),
        ("native tests", native_tests),
        ("fuzzing (short)", || {
            crate::fuzz::run_cases(20_000, false, None)
        }),
        ("wasm tests in Chromium", wasm_tests),
        ("release build", || {
            crate::build::dist(crate::build::Profile::Release)?;
            crate::build::panic_switch()?;
            first_load_budget()
        }),
        ("npm package", npm_package),
        ("end-to-end in Chromium", e2e),
        ("end-to-end in WebKit", webkit),
    ];
    if let Ok(only) = std::env::var("XTASK_ONLY") {
        steps.retain(|(name, _)| only.split(',').any(|o| name.contains(o.trim())));
    }
    let (mut passed, mut failed) = (0, Vec::new());
    for (name, step) in steps {
        eprintln!("\nxtask: ── {name} ──");
        match step() {
            Ok(()) => passed += 1,
            Err(e) => {
                eprintln!("xtask: {name} FAILED: {e:#}");
                failed.push(name);
                // Later steps depend on earlier ones (a build, a bundle): stop at the first.
                break;
            }
        }
    }
    println!("\nxtask: {passed} passed, {} failed", failed.len());
    if !failed.is_empty() {
        bail!("failed: {}", failed.join(", "));
    }
    Ok(())
}

fn fmt() -> Result<()> {
    run(cargo().args(["fmt", "--all", "--", "--check"]))
}

/// The crates that must stay pure: the engine and the studio's rules.
const PURE: &[&str] = &["overlay", "authoring"];

/// rust-analyzer's way: ask cargo for each pure crate's whole dependency tree (every target,
/// normal and build edges) and refuse any web crate in it.
pub fn purity() -> Result<()> {
    for krate in PURE {
        pure(krate, WEB_CRATES)?;
    }
    // The viewer's first load: the shopping UI and JSON parsing live in the shop module.
    pure("www", FIRST_LOAD_FORBIDDEN)
}

/// Crates the viewer's first load (`www`) must not link (ARCHITECTURE.md, the first load).
const FIRST_LOAD_FORBIDDEN: &[&str] = &["yew", "widgets", "serde", "serde_json", "shop"];

fn pure(krate: &str, forbidden: &[&str]) -> Result<()> {
    let tree = output(cargo().args([
        "tree",
        "-p",
        krate,
        "--target",
        "all",
        "-e",
        "normal,build",
        "--prefix",
        "none",
        "--format",
        "{p}",
    ]))?;
    let found: Vec<&str> = tree
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .filter(|name| forbidden.contains(name))
        .collect();
    if !found.is_empty() {
        bail!(
            "{krate} must not depend on {}, but depends on: {}",
            forbidden.join(", "),
            found.join(", ")
        );
    }
    eprintln!("xtask: {krate} depends on none of {}", forbidden.join(", "));
    Ok(())
}

fn clippy_native() -> Result<()> {
    run(cargo().args([
        "clippy",
        "--workspace",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]))
}

fn clippy_wasm() -> Result<()> {
    // The engine's tests use proptest, whose RNG does not build for wasm32: lint its library.
    let wasm = ["--target", "wasm32-unknown-unknown"];
    let deny = ["--", "-D", "warnings"];
    run(cargo()
        .args(["clippy", "-p", "overlay", "-p", "authoring", "--lib"])
        .args(wasm)
        .args(deny))?;
    run(cargo()
        .args([
            "clippy", "-p", "glue", "-p", "widgets", "-p", "www", "-p", "shop", "-p", "studio",
            "--lib", "--tests",
        ])
        .args(wasm)
        .args(deny))
}

fn native_tests() -> Result<()> {
    run(cargo().args(["test", "--workspace"]))
}

/// The environment that makes `cargo test --target wasm32-unknown-unknown` run in headless
/// Debian Chromium through this binary acting as wasm-bindgen-test-runner.
pub fn wasm_test_env(cmd: &mut Command) -> Result<()> {
    let me = std::env::current_exe().context("locating xtask")?;
    let (binary, args) = chromium()?;
    let caps = serde_json::json!({ "goog:chromeOptions": { "binary": binary, "args": args } });
    let caps_file = root().join("target/webdriver.json");
    std::fs::create_dir_all(root().join("target"))?;
    std::fs::write(&caps_file, caps.to_string())?;
    cmd.env(
        "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
        format!("{} wasm-test-runner", me.display()),
    )
    .env("CHROMEDRIVER", "/usr/bin/chromedriver")
    .env("WASM_BINDGEN_TEST_WEBDRIVER_JSON", caps_file)
    .env("WASM_BINDGEN_TEST_TIMEOUT", "120");
    Ok(())
}

fn wasm_tests() -> Result<()> {
    let mut cmd = cargo();
    cmd.args([
        "test",
        "-p",
        "widgets",
        "-p",
        "www",
        "-p",
        "shop",
        "--target",
        "wasm32-unknown-unknown",
    ]);
    wasm_test_env(&mut cmd)?;
    run(&mut cmd)
}

/// The app-host tests: a WebKitGTK web view under Xvfb is the native app (tests/webkit).
fn webkit() -> Result<()> {
    let server = crate::serve::background()?;
    eprintln!("xtask: server at {}", server.url);
    let mut cmd = Command::new("xvfb-run");
    cmd.args(["-a", "node", "--test", "--test-reporter=spec"])
        .arg(root().join("tests/webkit/app.test.mjs"))
        .env("BASE_URL", &server.url)
        .env("DEMO_PASSWORD", &server.password)
        .current_dir(root());
    run(&mut cmd)
}

/// The viewer's first load stays within its budget (`budget::FIRST_LOAD_BROTLI`) and links none of the shop's
/// messages (a catalog chosen at run time would pull every table in).
fn first_load_budget() -> Result<()> {
    let sizes = crate::bench::bundle(crate::bench::VIEWER_FILES)?;
    let total = sizes.last().map_or(0, |s| s.brotli);
    let wasm = std::fs::read(crate::util::dist().join("pkg/www_bg.wasm"))?;
    for shop_key in ["cart.checkout", "shelf.title"] {
        if wasm
            .windows(shop_key.len())
            .any(|w| w == shop_key.as_bytes())
        {
            anyhow::bail!("the first load links the shop's message \"{shop_key}\"");
        }
    }
    let budget = crate::budget::FIRST_LOAD_BROTLI;
    if total > budget {
        anyhow::bail!(
            "the first load is {:.1} KiB brotli, over its {} KiB budget",
            total as f64 / 1024.0,
            budget / 1024
        );
    }
    eprintln!(
        "xtask: first load {:.1} KiB brotli (budget {} KiB), no shop messages in it",
        total as f64 / 1024.0,
        budget / 1024
    );
    Ok(())
}

/// The packed package installed into a fresh project, its types checked with tsc and an app
/// bundled with esbuild (`tests/package`; the end-to-end tests then run that app).
fn npm_package() -> Result<()> {
    run(Command::new("node").args(["--test", "--test-reporter=spec", "tests/package/"]))
}

fn e2e() -> Result<()> {
    let server = crate::serve::background()?;
    eprintln!("xtask: server at {}", server.url);
    let mut cmd = Command::new(root().join("node_modules/.bin/playwright"));
    cmd.args(["test", "-c", "tests/playwright.config.js"])
        .env("BASE_URL", &server.url)
        .env("DEMO_PASSWORD", &server.password)
        .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
    run(&mut cmd)
}
