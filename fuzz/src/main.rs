//! `cargo xtask fuzz`: mutational fuzzing on the stable toolchain. Each target starts from its
//! kept corpus (`fuzz/corpus/<target>/`), mutates one input (splicing in another) per case,
//! and checks its invariant; a panic or a broken invariant is a finding, printed with the input
//! that caused it and written to `target/fuzz-findings/`. A rejection of a kind not seen before
//! (its path and rule, numbers and quoted text taken out) is kept in the corpus with `--save`,
//! so later runs start from the inputs that reached new branches.
//!
//! `fuzz [--cases N] [--seed S] [--save] [--json FILE] [TARGET...]`; targets: manifest, live,
//! bridge, api. (The native bridge's envelope reader is JavaScript: `native.mjs` beside this
//! crate fuzzes it in Node, and `cargo xtask fuzz` runs both.)
// A native tool: it times its runs for the report (the lint keeps clocks out of the Wasm crates).
#![allow(clippy::disallowed_methods)]

mod api;
mod bridge;
mod live;
mod manifest;
mod mutate;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{bail, Context, Result};

/// What one case came to.
pub struct Outcome {
    kind: Kind,
    signature: String,
}

enum Kind {
    Accepted,
    Rejected,
    /// Not an input the target can be given (an unparseable HTTP request line).
    Skipped,
    /// The invariant broke.
    Bad,
}

impl Outcome {
    pub fn accepted(s: impl Into<String>) -> Outcome {
        Outcome {
            kind: Kind::Accepted,
            signature: s.into(),
        }
    }
    pub fn rejected(s: impl Into<String>) -> Outcome {
        Outcome {
            kind: Kind::Rejected,
            signature: s.into(),
        }
    }
    pub fn skipped() -> Outcome {
        Outcome {
            kind: Kind::Skipped,
            signature: String::new(),
        }
    }
    pub fn bad(s: impl Into<String>) -> Outcome {
        Outcome {
            kind: Kind::Bad,
            signature: s.into(),
        }
    }
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

fn corpus(target: &str) -> Result<Vec<Vec<u8>>> {
    let dir = root().join("corpus").join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    let inputs = files
        .iter()
        .map(std::fs::read)
        .collect::<std::io::Result<Vec<_>>>()?;
    if inputs.is_empty() {
        bail!("no corpus in {}", dir.display());
    }
    Ok(inputs)
}

/// FNV-1a, for naming kept inputs by their content.
fn hash(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

struct Args {
    cases: u64,
    seed: u64,
    save: bool,
    json: Option<PathBuf>,
    targets: Vec<String>,
}

fn args() -> Result<Args> {
    let mut a = Args {
        cases: 10_000,
        seed: 0x5eed,
        save: false,
        json: None,
        targets: Vec::new(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--cases" => a.cases = it.next().context("--cases N")?.parse()?,
            "--seed" => a.seed = it.next().context("--seed S")?.parse()?,
            "--save" => a.save = true,
            "--json" => a.json = Some(it.next().context("--json FILE")?.into()),
            t @ ("manifest" | "live" | "bridge" | "api") => a.targets.push(t.to_string()),
            other => bail!("unknown argument {other:?}; targets are manifest, live, bridge, api"),
        }
    }
    if a.targets.is_empty() {
        a.targets = ["manifest", "live", "bridge", "api"]
            .map(String::from)
            .to_vec();
    }
    Ok(a)
}

fn main() -> Result<()> {
    let args = args()?;
    // Panics are findings, reported once each below, not printed by the default hook.
    std::panic::set_hook(Box::new(|_| {}));
    let mut report = Vec::new();
    let mut findings = 0usize;
    for target in &args.targets {
        let inputs = corpus(target)?;
        let mut rng = mutate::Rng::new(args.seed ^ hash(target.as_bytes()));
        let mut api = if target == "api" {
            Some(api::Api::new()?)
        } else {
            None
        };
        let mut seen: BTreeSet<String> = BTreeSet::new();
        let (mut accepted, mut rejected, mut skipped, mut bad) = (0u64, 0u64, 0u64, 0u64);
        let started = Instant::now();
        for case in 0..args.cases {
            let i = rng.below(inputs.len());
            let j = rng.below(inputs.len());
            // Every tenth case is a corpus input as it is.
            let input = if case % 10 == 0 {
                inputs[i].clone()
            } else {
                mutate::mutate(&mut rng, &inputs[i], &inputs[j])
            };
            let run =
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| match target.as_str() {
                    "manifest" => manifest::run(&input),
                    "live" => live::run(&input),
                    "bridge" => bridge::run(&input),
                    _ => match api.as_mut() {
                        Some(a) => a.run(&input),
                        None => Outcome::skipped(),
                    },
                }));
            let outcome = run.unwrap_or_else(|p| {
                let why = p
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default();
                Outcome::bad(format!("panicked: {why}"))
            });
            match outcome.kind {
                Kind::Accepted => accepted += 1,
                Kind::Rejected => rejected += 1,
                Kind::Skipped => skipped += 1,
                Kind::Bad => {
                    bad += 1;
                    if bad <= 5 {
                        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                            .join("../target/fuzz-findings")
                            .join(target);
                        std::fs::create_dir_all(&dir)?;
                        let file = dir.join(format!("{:016x}", hash(&input)));
                        std::fs::write(&file, &input)?;
                        eprintln!(
                            "fuzz {target}: FINDING {} (input: {})",
                            outcome.signature,
                            file.display()
                        );
                    }
                }
            }
            let fresh = !matches!(outcome.kind, Kind::Skipped | Kind::Bad)
                && seen.insert(outcome.signature.clone());
            if fresh && args.save && case % 10 != 0 && input.len() <= 8192 {
                let file = root()
                    .join("corpus")
                    .join(target)
                    .join(format!("{:016x}", hash(&input)));
                if !file.exists() {
                    std::fs::write(file, &input)?;
                }
            }
        }
        let secs = started.elapsed().as_secs_f64();
        let line = serde_json::json!({
            "target": target,
            "cases": args.cases,
            "accepted": accepted,
            "rejected": rejected,
            "skipped": skipped,
            "findings": bad,
            "kinds": seen.len(),
            "corpus": inputs.len(),
            "seconds": secs,
            "perSecond": args.cases as f64 / secs.max(1e-9),
        });
        println!("{line}");
        findings += bad as usize;
        report.push(line);
    }
    if let Some(path) = &args.json {
        std::fs::write(path, serde_json::to_string_pretty(&report)?)?;
    }
    if findings > 0 {
        bail!("{findings} findings (inputs in target/fuzz-findings/)");
    }
    Ok(())
}
