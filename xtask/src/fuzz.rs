//! `cargo xtask fuzz [--cases N] [--save]`: the fuzzer (`fuzz/`, and `fuzz/native.mjs` in Node
//! for the native bridge's envelope) over every target, from the
//! kept corpus; `--save` keeps inputs that reached a new kind of rejection. The test command
//! runs a short pass, the bench a long one (1,000,000 cases per target) for the report.

use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result};

use crate::util::{cargo, root, run};

/// Runs `cases` cases per target; with `json`, writes the per-target figures there.
pub fn run_cases(cases: u64, save: bool, json: Option<&Path>) -> Result<()> {
    run(cargo().args(["build", "--profile", "xtask", "-p", "fuzz"]))?;
    let mut cmd = Command::new(root().join("target/xtask/fuzz"));
    cmd.args(["--cases", &cases.to_string()]);
    if save {
        cmd.arg("--save");
    }
    if let Some(j) = json {
        cmd.arg("--json").arg(j);
    }
    run(&mut cmd)
        .context("fuzzing found inputs that break an invariant (see target/fuzz-findings/)")?;
    // The native bridge's envelope reader is JavaScript: the same loop, in Node.
    let mut node = Command::new("node");
    node.arg(root().join("fuzz/native.mjs"))
        .args(["--cases", &cases.to_string()]);
    if save {
        node.arg("--save");
    }
    if let Some(j) = json {
        node.arg("--json").arg(j);
    }
    run(&mut node)
        .context("fuzzing the native bridge's envelope found inputs that break an invariant")
}

/// `cargo xtask fuzz` from the command line.
pub fn command(args: &[String]) -> Result<()> {
    let cases = args
        .iter()
        .position(|a| a == "--cases")
        .and_then(|i| args.get(i + 1))
        .map(|n| n.parse::<u64>())
        .transpose()
        .context("--cases N")?
        .unwrap_or(1_000_000);
    run_cases(cases, args.iter().any(|a| a == "--save"), None)
}
