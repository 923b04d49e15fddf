//! Tidy checks that run as ordinary tests: every Rust file opens with a `//!` line, no
//! `Closure::forget`, no `innerHTML`, the docs name every crate.

use std::fs;
use std::path::{Path, PathBuf};

use crate::util::root;

fn files(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    let Ok(rd) = fs::read_dir(dir) else { return };
    for e in rd.flatten() {
        let p = e.path();
        let name = e.file_name().to_string_lossy().into_owned();
        if p.is_dir() {
            if !matches!(
                name.as_str(),
                "target" | "node_modules" | "dist" | ".git" | "results"
            ) {
                files(&p, ext, out);
            }
        } else if name.ends_with(ext) {
            out.push(p);
        }
    }
}

fn sources(ext: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for d in [
        "overlay",
        "authoring",
        "widgets",
        "www",
        "studio",
        "commerce",
        "xtask",
        "tests",
        "hosts",
    ] {
        files(&root().join(d), ext, &mut out);
    }
    out
}

#[test]
fn every_rust_file_starts_with_a_doc_line() {
    let bad: Vec<String> = sources(".rs")
        .into_iter()
        .filter(|p| !fs::read_to_string(p).unwrap_or_default().starts_with("//!"))
        .map(|p| p.display().to_string())
        .collect();
    assert!(bad.is_empty(), "files without a leading //! line: {bad:?}");
}

#[test]
fn no_leaked_closures_and_no_markup_injection() {
    let mut bad = Vec::new();
    // This file names the patterns it looks for; everything else must not contain them.
    let me = root().join("xtask/src/tidy.rs");
    for p in sources(".rs")
        .into_iter()
        .chain(sources(".js"))
        .chain(sources(".mjs"))
        .chain(sources(".tsx"))
        .filter(|p| *p != me)
    {
        let text = fs::read_to_string(&p).unwrap_or_default();
        let forbidden = [
            ["Closure", "::forget"].concat(),
            [".forget", "()"].concat(),
            ["inner", "HTML"].concat(),
            ["set_inner", "_html"].concat(),
            ["insertAdjacent", "HTML"].concat(),
        ];
        for f in &forbidden {
            if text.contains(f.as_str()) {
                bad.push(format!("{}: {f}", p.display()));
            }
        }
    }
    assert!(bad.is_empty(), "{bad:?}");
}

#[test]
fn architecture_names_every_crate() {
    let arch = fs::read_to_string(root().join("ARCHITECTURE.md")).unwrap_or_default();
    for c in [
        "overlay/",
        "authoring/",
        "widgets/",
        "studio/",
        "www/",
        "commerce/",
        "tests/",
        "xtask/",
    ] {
        assert!(arch.contains(c), "ARCHITECTURE.md does not describe {c}");
    }
}

#[test]
fn one_component_per_file() {
    let mut out = Vec::new();
    files(&root().join("widgets/src/components"), ".rs", &mut out);
    files(&root().join("studio/src/components"), ".rs", &mut out);
    for p in out {
        let text = fs::read_to_string(&p).unwrap_or_default();
        let n = text.matches("#[function_component").count()
            + text.matches("impl Component for").count();
        assert!(n <= 1, "{} defines {n} components", p.display());
    }
}
