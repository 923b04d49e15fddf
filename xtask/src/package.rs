//! The npm package: `www/package` (entry, types, package.json, README) with the built viewer
//! (`pkg/`: first load and shop module), the custom element, the bridges and the CSS, staged in
//! `target/npm/shoppable-overlay` and packed by `npm pack` into
//! `www/dist/npm/shoppable-overlay-<version>.tgz` — the file an app team installs.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result};

use crate::util::{copy_dir, dist, root, run};

/// The folder the package is staged in (what `npm pack` packs).
pub fn staging() -> PathBuf {
    root().join("target/npm/shoppable-overlay")
}

/// Package path ← workspace path, for the files that are not built.
const FILES: &[(&str, &str)] = &[
    ("package.json", "www/package/package.json"),
    ("README.md", "www/package/README.md"),
    ("index.js", "www/package/index.js"),
    ("index.d.ts", "www/package/index.d.ts"),
    ("element.js", "www/static/shoppable-overlay.js"),
    ("element.d.ts", "www/package/element.d.ts"),
    ("bridge/rest.js", "www/static/bridge/rest.js"),
    ("bridge/rest.d.ts", "www/package/bridge/rest.d.ts"),
    ("bridge/native.js", "www/static/bridge/native.js"),
    ("bridge/native.d.ts", "www/package/bridge/native.d.ts"),
    ("adapters/hls.js", "www/static/adapters/hls.js"),
    ("adapters/hls.d.ts", "www/package/adapters/hls.d.ts"),
    ("adapters/videojs.js", "www/static/adapters/videojs.js"),
    ("adapters/videojs.d.ts", "www/package/adapters/videojs.d.ts"),
    ("overlay.css", "www/static/overlay.css"),
    ("LICENSE-MIT", "LICENSE-MIT"),
    ("LICENSE-APACHE", "LICENSE-APACHE"),
];

/// Stages the package from a built `www/dist` and packs it; returns the tarball's path.
pub fn pack() -> Result<PathBuf> {
    let stage = staging();
    if stage.exists() {
        fs::remove_dir_all(&stage).with_context(|| format!("clearing {}", stage.display()))?;
    }
    for (to, from) in FILES {
        let to = stage.join(to);
        if let Some(dir) = to.parent() {
            fs::create_dir_all(dir)?;
        }
        fs::copy(root().join(from), &to).with_context(|| format!("copying {from}"))?;
    }
    copy_dir(&dist().join("pkg"), &stage.join("pkg"))?;
    strip_precompressed(&stage.join("pkg"))?;
    let out = dist().join("npm");
    fs::create_dir_all(&out)?;
    for old in fs::read_dir(&out)? {
        let old = old?.path();
        if old.extension().is_some_and(|e| e == "tgz") {
            fs::remove_file(old)?;
        }
    }
    run(Command::new("npm")
        .args(["pack", "--silent", "--pack-destination"])
        .arg(&out)
        .arg(&stage))
    .context("npm pack")?;
    let tgz = fs::read_dir(&out)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.extension().is_some_and(|e| e == "tgz"))
        .context("npm pack wrote no tarball")?;
    eprintln!("xtask: packed {}", tgz.display());
    Ok(tgz)
}

/// The `.br`/`.gz` copies the server uses are not part of the package.
fn strip_precompressed(dir: &Path) -> Result<()> {
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            strip_precompressed(&path)?;
        } else if path.extension().is_some_and(|e| e == "br" || e == "gz") {
            fs::remove_file(&path)?;
        }
    }
    Ok(())
}
