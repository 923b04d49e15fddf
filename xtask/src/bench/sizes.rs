//! What the pages download: each bundle's files as stored, gzip 9 and brotli 11, and the npm
//! package as packed. The test command checks the viewer's first load with the same
//! measurement (`bundle(VIEWER_FILES)`).

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use super::results::{Package, PackedFile};
use crate::util::{dist, root};

/// One file's size: as stored, gzip 9 and brotli 11.
pub struct Size {
    pub name: &'static str,
    pub raw: usize,
    pub gzip: usize,
    pub brotli: usize,
}

fn sizes(name: &'static str, bytes: &[u8]) -> Result<Size> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(bytes)?;
    let gzip = gz.finish()?.len();
    let mut br = Vec::new();
    {
        let mut w = brotli::CompressorWriter::new(&mut br, 4096, 11, 22);
        w.write_all(bytes)?;
    }
    Ok(Size {
        name,
        raw: bytes.len(),
        gzip,
        brotli: br.len(),
    })
}

/// What a viewer page loads before the first tag can show.
pub const VIEWER_FILES: &[(&str, &str)] = &[
    ("www_bg.wasm", "pkg/www_bg.wasm"),
    ("www.js (glue)", "pkg/www.js"),
    (
        "load-shop.js (loader)",
        "pkg/snippets/www-*/js/load-shop.js",
    ),
    ("tape.js (manifest reader)", "pkg/snippets/www-*/js/tape.js"),
    (
        "motion.js (path animations)",
        "pkg/snippets/www-*/js/motion.js",
    ),
    ("overlay.css", "overlay.css"),
];

/// The shop module: loaded on the first tap or when the page is idle, never before the tags.
pub const SHOP_FILES: &[(&str, &str)] = &[
    ("shop_bg.wasm", "pkg/shop/shop_bg.wasm"),
    ("shop.js (glue)", "pkg/shop/shop.js"),
    ("shop.css", "pkg/shop/shop.css"),
];

/// What the studio page loads of its own (it loads the viewer's files too, for the preview).
pub const STUDIO_FILES: &[(&str, &str)] = &[
    ("studio_bg.wasm", "pkg-studio/studio_bg.wasm"),
    ("studio.js (glue)", "pkg-studio/studio.js"),
    ("studio.css", "studio.css"),
];

/// `path` under `dir`, where one folder may be given as `prefix-*` (wasm-bindgen names the
/// snippets folder after a hash of the crate).
fn resolve(dir: &Path, path: &str) -> Result<PathBuf> {
    let mut at = dir.to_path_buf();
    for part in path.split('/') {
        match part.strip_suffix('*') {
            Some(prefix) => {
                let found = fs::read_dir(&at)
                    .with_context(|| format!("reading {}", at.display()))?
                    .filter_map(|e| e.ok())
                    .map(|e| e.path())
                    .find(|p| {
                        p.file_name()
                            .and_then(|n| n.to_str())
                            .is_some_and(|n| n.starts_with(prefix))
                    })
                    .with_context(|| format!("no {part} in {}", at.display()))?;
                at = found;
            }
            None => at.push(part),
        }
    }
    Ok(at)
}

/// Each of `files` under the built site, then their total.
pub fn bundle(files: &[(&'static str, &str)]) -> Result<Vec<Size>> {
    let d = dist();
    let mut out = Vec::new();
    for &(name, path) in files {
        let file = resolve(&d, path)?;
        let bytes = fs::read(&file).with_context(|| format!("reading {}", file.display()))?;
        out.push(sizes(name, &bytes)?);
    }
    let total = Size {
        name: "total",
        raw: out.iter().map(|s| s.raw).sum(),
        gzip: out.iter().map(|s| s.gzip).sum(),
        brotli: out.iter().map(|s| s.brotli).sum(),
    };
    out.push(total);
    Ok(out)
}

/// Every file of the npm package as packed (raw, gzip, brotli), the tarball's size, and what
/// the first load's message catalog weighs (its strings, every language).
pub fn package() -> Result<Package> {
    let stage = crate::package::staging();
    let mut files = Vec::new();
    let mut stack = vec![stage.clone()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir)? {
            let path = entry?.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let s = sizes("", &fs::read(&path)?)?;
            let file = path
                .strip_prefix(&stage)
                .map(|p| p.display().to_string())
                .unwrap_or_default();
            files.push(PackedFile {
                file,
                raw: s.raw,
                gzip: s.gzip,
                brotli: s.brotli,
            });
        }
    }
    files.sort_by(|a, b| a.file.cmp(&b.file));
    let tgz = fs::read_dir(dist().join("npm"))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.extension().is_some_and(|e| e == "tgz"))
        .and_then(|p| fs::metadata(p).ok())
        .map_or(0, |m| m.len());
    // The first load's catalog: the VIEWER table's strings in every language.
    let mut catalog = 0usize;
    for lang in ["en", "ar", "es"] {
        let src = fs::read_to_string(root().join(format!("overlay/src/i18n/{lang}.rs")))?;
        let viewer = src
            .split("pub const VIEWER")
            .nth(1)
            .and_then(|t| t.split("];").next())
            .unwrap_or("");
        catalog += viewer
            .split('"')
            .skip(1)
            .step_by(2)
            .map(str::len)
            .sum::<usize>();
    }
    Ok(Package {
        files,
        tgz,
        viewer_catalog_bytes: catalog,
    })
}
