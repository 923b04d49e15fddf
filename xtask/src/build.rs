//! `cargo xtask build`: cargo (wasm32) → wasm-bindgen (linked library) → wasm-opt -Oz (npm
//! binaryen) → `www/dist` with the pages, the CSS and the sample media. Three bundles, built
//! in one cargo run: the viewer's first load (`pkg/www*`), the shop it loads when wanted
//! (`pkg/shop/shop*`, where the viewer's loader looks for it), and the brand studio
//! (`pkg-studio/studio*`); the viewer never links the studio.

use std::fs;
use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result};

use crate::util::{cargo, copy_dir, root, run};

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    Dev,
    Release,
}

/// The Wasm bundles: (crate, folder under `www/dist`).
pub const BUNDLES: [(&str, &str); 3] = [
    ("www", "pkg"),
    ("shop", "pkg/shop"),
    ("studio", "pkg-studio"),
];

pub fn dist(profile: Profile) -> Result<()> {
    crate::bootstrap::check_wasm_bindgen_pin()?;
    let out = crate::util::dist();
    let mut build = cargo();
    build.args([
        "build",
        "-p",
        "www",
        "-p",
        "shop",
        "-p",
        "studio",
        "--lib",
        "--target",
        "wasm32-unknown-unknown",
    ]);
    if profile == Profile::Release {
        build.arg("--release");
    }
    run(&mut build)?;
    for (krate, dir) in BUNDLES {
        fs::create_dir_all(out.join(dir))?;
        let wasm = root().join(format!(
            "target/wasm32-unknown-unknown/{}/{krate}.wasm",
            if profile == Profile::Release {
                "release"
            } else {
                "debug"
            }
        ));
        bindgen(&wasm, &out.join(dir))?;
        if profile == Profile::Release {
            let file = out.join(format!("{dir}/{krate}_bg.wasm"));
            // The producers and target-features sections only inform tools: −0.4 KiB brotli.
            run(Command::new(root().join("node_modules/.bin/wasm-opt"))
                .args(["-Oz", "--strip-producers", "--strip-target-features"])
                .arg(&file)
                .arg("-o")
                .arg(&file))
            .context("wasm-opt comes from the npm package binaryen: run `cargo xtask bootstrap`")?;
            let n = crate::names::shorten(&file, &out.join(format!("{dir}/{krate}.js")))?;
            eprintln!("xtask: {krate}: {n} hashed import and export names shortened");
            minify_js(&out.join(dir))?;
        }
    }
    copy_dir(&root().join("www/static"), &out)?;
    // The stylesheets ship minified (the overlay's is part of the first load).
    for entry in fs::read_dir(root().join("www/static"))? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "css") {
            if let Some(name) = path.file_name() {
                esbuild(&path, &out.join(name))?;
            }
        }
    }
    // The shop's stylesheet goes beside the shop module, whose loader links it: it is not
    // part of the viewer's first load.
    esbuild(
        &root().join("widgets/shop.css"),
        &out.join("pkg/shop/shop.css"),
    )?;
    // Players the demo pages drive (from npm): hls.js with its worker, video.js.
    fs::create_dir_all(out.join("vendor"))?;
    for (from, to) in VENDOR {
        fs::copy(root().join(from), out.join("vendor").join(to))
            .with_context(|| format!("copying {from}: run `cargo xtask bootstrap`"))?;
    }
    // The package's entry is also the demo's: the custom element imports it.
    fs::copy(root().join("www/package/index.js"), out.join("index.js"))?;
    crate::media::generate(false)?;
    precompress(&out)?;
    crate::package::pack()?;
    eprintln!("xtask: built {}", out.display());
    Ok(())
}

/// The viewer built with the test-only panic switch (`www` feature `panic-switch`), with the
/// package's `index.js` and the panic-path test's page beside it, into `dist/test/`. Dev
/// profile: nothing ships it, and its dependencies are the wasm tests' own.
pub fn panic_switch() -> Result<()> {
    let out = crate::util::dist().join("test");
    run(cargo().args([
        "build",
        "-p",
        "www",
        "--lib",
        "--target",
        "wasm32-unknown-unknown",
        "--features",
        "panic-switch",
    ]))?;
    fs::create_dir_all(out.join("pkg"))?;
    bindgen(
        &root().join("target/wasm32-unknown-unknown/debug/www.wasm"),
        &out.join("pkg"),
    )?;
    fs::copy(root().join("www/package/index.js"), out.join("index.js"))?;
    copy_dir(&root().join("tests/e2e/pages"), &out)?;
    // `dist` compressed an earlier build of these: the copies must be of this one.
    precompress(&out)
}

/// Minifies the JavaScript wasm-bindgen wrote into `dir` (its glue and the crate's snippets,
/// not the folders of other bundles) with esbuild, in place: whitespace, comments and local
/// names go; exports, imports and `import.meta.url` stay. The glue is part of the first load
/// (−2.2 KiB brotli).
fn minify_js(dir: &Path) -> Result<()> {
    let mut files = Vec::new();
    // The glue at the top, and everything under `snippets` (`pkg/shop` is another bundle).
    let mut dirs = vec![dir.join("snippets")];
    for entry in fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        files.push(entry?.path());
    }
    while let Some(d) = dirs.pop() {
        let Ok(entries) = fs::read_dir(&d) else {
            continue;
        };
        for entry in entries {
            let path = entry?.path();
            if path.is_dir() {
                dirs.push(path);
            } else {
                files.push(path);
            }
        }
    }
    for file in files
        .iter()
        .filter(|f| f.is_file() && f.extension().is_some_and(|e| e == "js"))
    {
        esbuild(file, file)?;
    }
    Ok(())
}

/// Minifies a script or stylesheet with esbuild (whitespace, comments, local names; nothing a
/// page or module sees), from `from` into `to` (which may be the same file).
fn esbuild(from: &Path, to: &Path) -> Result<()> {
    run(Command::new(root().join("node_modules/.bin/esbuild"))
        .arg(from)
        .args(["--minify", "--log-level=error", "--allow-overwrite"])
        .arg(format!("--outfile={}", to.display())))
    .context("esbuild comes from npm: run `cargo xtask bootstrap`")
}

/// Files of npm packages the pages load: (path under the workspace, name in `dist/vendor`).
const VENDOR: &[(&str, &str)] = &[
    ("node_modules/hls.js/dist/hls.mjs", "hls.mjs"),
    ("node_modules/hls.js/dist/hls.worker.js", "hls.worker.js"),
    ("node_modules/video.js/dist/video.min.js", "video.min.js"),
    ("node_modules/video.js/dist/video-js.css", "video-js.css"),
];

/// Files served compressed: text and Wasm (video is compressed already).
const COMPRESSED: &[&str] = &["wasm", "js", "mjs", "css", "html", "json", "svg"];

/// Writes `file.br` (brotli 11) and `file.gz` (gzip 9) beside every text and Wasm file, as a
/// CDN would serve them; the reference server sends them with `Content-Encoding` to clients
/// that accept it. Skips files whose compressed copies are newer.
pub fn precompress(dir: &Path) -> Result<()> {
    use std::io::Write;
    for entry in fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let path = entry?.path();
        if path.is_dir() {
            precompress(&path)?;
            continue;
        }
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if !COMPRESSED.contains(&ext) {
            continue;
        }
        let br = path.with_extension(format!("{ext}.br"));
        let gz = path.with_extension(format!("{ext}.gz"));
        let modified = fs::metadata(&path)?.modified()?;
        let fresh = |p: &Path| {
            fs::metadata(p)
                .and_then(|m| m.modified())
                .is_ok_and(|t| t >= modified)
        };
        if fresh(&br) && fresh(&gz) {
            continue;
        }
        let bytes = fs::read(&path)?;
        let mut out = Vec::new();
        {
            let mut w = brotli::CompressorWriter::new(&mut out, 4096, 11, 22);
            w.write_all(&bytes)?;
        }
        fs::write(&br, &out)?;
        let mut g = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        g.write_all(&bytes)?;
        fs::write(&gz, g.finish()?)?;
    }
    Ok(())
}

/// Runs wasm-bindgen through the linked library, exactly as the CLI would.
pub fn bindgen(wasm: &Path, out_dir: &Path) -> Result<()> {
    let args = [
        "wasm-bindgen".to_string(),
        "--target".into(),
        "web".into(),
        "--no-typescript".into(),
        "--out-dir".into(),
        out_dir.display().to_string(),
        wasm.display().to_string(),
    ];
    wasm_bindgen_cli::wasm_bindgen::run_cli_with_args(args)
        .with_context(|| format!("wasm-bindgen on {}", wasm.display()))
}
