//! `cargo xtask`: the project's one build tool (bootstrap, build, media, serve, test, bench).
//!
//! It is also the `wasm-bindgen` binary and the `wasm-bindgen-test-runner`, through the
//! `wasm-bindgen-cli` library pinned to the same version as the workspace's wasm-bindgen.

mod bench;
mod bootstrap;
mod budget;
mod build;
#[cfg(test)]
mod contract;
mod fuzz;
mod media;
mod names;
mod package;
mod serve;
mod test;
#[cfg(test)]
mod tidy;
mod track_eval;
mod util;

use anyhow::{bail, Result};

const HELP: &str = "\
cargo xtask <command>

  demo          bootstrap, build the release bundle and the sample media, serve the demo
  test          every check: fmt, clippy (native + wasm32), engine purity, native tests,
                in-browser widget tests, end-to-end tests in Chromium
  bench [tracking | matrix]
                criterion, bundle size, per-frame time and sync drift in Chromium, the
                tracker beside OpenCV's; writes bench/REPORT.md (`tracking`: only the
                tracker's evaluation, its section of the report rewritten in place;
                `matrix`: only the frame loop on every shape of manifest beside the peer,
                likewise (MATRIX_CELLS=even/still/labelled/500 runs some cells);
                `tracking --ours [--trace] [NAME…]`: our tracker alone, printed, on all or the
                named clips; --trace adds the error on every frame)
  fuzz [--cases N] [--save]
                fuzz the manifest reader, the LIVE event reader and the API (default
                1,000,000 cases each; --save keeps new kinds of input in fuzz/corpus)
  build [--dev] build www/dist (wasm → wasm-bindgen → wasm-opt, pages, media)
  media         regenerate the sample video and its manifest
  serve [--port N] [--no-build]
                serve www/dist and the API (default port 8080)
  bootstrap     install what the build needs (rustup target, Debian packages, npm)
";

fn main() {
    if let Err(e) = run() {
        eprintln!("xtask: error: {e:#}");
        std::process::exit(1);
    }
}

fn run() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    // Acting as the wasm test runner: cargo calls `RUNNER path/to/test.wasm args...`.
    if args.first().map(String::as_str) == Some("wasm-test-runner") {
        let rest = args[1..].iter().cloned();
        let argv = std::iter::once("wasm-bindgen-test-runner".to_string()).chain(rest);
        return wasm_bindgen_cli::wasm_bindgen_test_runner::run_cli_with_args(argv);
    }
    let cmd = args.first().map(String::as_str).unwrap_or("help");
    let flags = &args[args.len().min(1)..];
    let has = |f: &str| flags.iter().any(|a| a == f);
    match cmd {
        "bootstrap" => bootstrap::all(),
        "build" => build::dist(if has("--dev") {
            build::Profile::Dev
        } else {
            build::Profile::Release
        }),
        "media" => media::generate(true).map(|_| ()),
        "serve" | "demo" => {
            let port = flags
                .iter()
                .position(|a| a == "--port")
                .and_then(|i| flags.get(i + 1))
                .map(|p| p.parse::<u16>())
                .transpose()?
                .unwrap_or(8080);
            if !has("--no-build") {
                bootstrap::all()?;
                build::dist(build::Profile::Release)?;
            }
            serve::foreground(port)
        }
        "test" => test::all(),
        "bench" if has("tracking") && has("--ours") => track_eval::ours_only(
            &flags
                .iter()
                .filter(|f| !matches!(f.as_str(), "tracking" | "--ours" | "--trace"))
                .cloned()
                .collect::<Vec<_>>(),
            has("--trace"),
        ),
        "bench" if has("tracking") => track_eval::update_report(),
        "bench" if has("matrix") => bench::update_matrix(),
        "bench" => bench::all(),
        "fuzz" => fuzz::command(flags),
        "help" | "--help" | "-h" => {
            print!("{HELP}");
            Ok(())
        }
        other => bail!("unknown command `{other}`\n\n{HELP}"),
    }
}
