//! Tidy checks that run as ordinary tests: every Rust file opens with a `//!` line, no
//! `Closure::forget`, no `innerHTML`, the docs name every crate — the crates as `cargo metadata`
//! lists them, so a new one is checked from its first file.

use std::collections::{BTreeMap, BTreeSet};
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

/// `cargo metadata` of the workspace alone.
fn metadata() -> serde_json::Value {
    let out = std::process::Command::new(env!("CARGO"))
        .args(["metadata", "--no-deps", "--offline"])
        .args(["--format-version", "1"])
        .current_dir(root())
        .output()
        .unwrap_or_else(|e| panic!("cargo metadata: {e}"));
    assert!(out.status.success(), "cargo metadata failed");
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("cargo metadata printed no JSON: {e}"))
}

/// The workspace's crates, as `cargo metadata` lists them: their folders, relative to the root.
fn crates() -> Vec<String> {
    let meta = metadata();
    let base = root();
    let mut dirs: Vec<String> = meta["packages"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .filter_map(|p| p["manifest_path"].as_str())
        .filter_map(|m| {
            Path::new(m)
                .parent()?
                .strip_prefix(&base)
                .ok()
                .map(|d| d.display().to_string())
        })
        .collect();
    dirs.sort();
    assert!(dirs.len() >= 9, "cargo metadata lists only {dirs:?}");
    dirs
}

/// Every crate's folder, and the folders of code that is not a crate (the browser tests and
/// the native hosts).
fn sources(ext: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for d in crates()
        .iter()
        .map(String::as_str)
        .chain(["tests", "hosts", "bench"])
    {
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
    for c in crates()
        .iter()
        .map(|c| format!("{c}/"))
        .chain(["tests/".into()])
    {
        assert!(arch.contains(&c), "ARCHITECTURE.md does not describe {c}");
    }
}

/// The house drawn in ARCHITECTURE.md (each crate `──►` the crates of ours it depends on) is
/// the one `cargo metadata` reports: a new dependency between crates redraws the map.
#[test]
fn the_house_in_architecture_is_the_dependency_graph() {
    let arch = fs::read_to_string(root().join("ARCHITECTURE.md")).unwrap_or_default();
    let meta = metadata();
    let packages = meta["packages"].as_array().cloned().unwrap_or_default();
    let ours: Vec<String> = packages
        .iter()
        .filter_map(|p| p["name"].as_str().map(str::to_string))
        .collect();
    let start = arch
        .find("## The house")
        .unwrap_or_else(|| panic!("ARCHITECTURE.md has no \"## The house\""));
    let block = arch[start..].split("```").nth(1).unwrap_or_default();
    let mut drawn = BTreeMap::new();
    for line in block.lines().filter(|l| l.contains("──►")) {
        let (left, right) = line.split_once("──►").unwrap_or_default();
        let name = left
            .split_whitespace()
            .last()
            .unwrap_or_default()
            .to_string();
        // The dependencies end where two spaces start the description.
        let deps = right.trim_start().split("  ").next().unwrap_or_default();
        let deps: BTreeSet<String> = deps
            .replace(['(', ')', ':'], " ")
            .split([',', ' '])
            .map(str::trim)
            .filter(|d| ours.iter().any(|o| o == d))
            .map(str::to_string)
            .collect();
        drawn.insert(name, deps);
    }
    for p in &packages {
        let name = p["name"].as_str().unwrap_or_default();
        let real: BTreeSet<String> = p["dependencies"]
            .as_array()
            .cloned()
            .unwrap_or_default()
            .iter()
            .filter_map(|d| d["name"].as_str())
            .filter(|d| ours.iter().any(|o| o == d))
            .map(str::to_string)
            .collect();
        assert_eq!(
            drawn.get(name),
            Some(&real),
            "ARCHITECTURE.md's house draws {name} with other dependencies than Cargo.toml"
        );
    }
}

/// Lines of logic in a Rust file: neither blank nor a comment, and not in its `mod tests`
/// (which closes the file; a test-only item before it counts).
fn logic_lines(text: &str) -> usize {
    let lines: Vec<&str> = text.lines().collect();
    let end = lines
        .windows(2)
        .position(|w| {
            w[0].starts_with("#[cfg(") && w[0].contains("test") && w[1].starts_with("mod tests")
        })
        .unwrap_or(lines.len());
    lines[..end]
        .iter()
        .map(|l| l.trim())
        .filter(|l| !l.is_empty() && !l.starts_with("//"))
        .count()
}

/// Past this many lines of logic a file says, at its top, why it is one file.
const LONG_FILE: usize = 600;

#[test]
fn a_long_file_says_why_it_is_one() {
    let mut bad = Vec::new();
    for p in sources(".rs") {
        let text = fs::read_to_string(&p).unwrap_or_default();
        let n = logic_lines(&text);
        let header: String = text.lines().take_while(|l| l.starts_with("//!")).collect();
        if n > LONG_FILE && !header.contains("Why one file:") {
            bad.push(format!("{} ({n} lines of logic)", p.display()));
        }
    }
    assert!(
        bad.is_empty(),
        "files over {LONG_FILE} lines of logic without a \"Why one file:\" in their //! header \
         (split them, or say why not): {bad:?}"
    );
}

#[test]
fn logic_lines_skip_blanks_comments_and_tests() {
    let text = "//! doc\n\nfn a() {}\n    // note\nfn b() {}\n#[cfg(test)]\nmod tests {}\n";
    assert_eq!(logic_lines(text), 2);
    let helper =
        "fn a() {}\n#[cfg(test)]\nfn helper() {}\nfn b() {}\n#[cfg(all(test, x))]\nmod tests {}\n";
    assert_eq!(logic_lines(helper), 4);
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
