//! The npm package as packed, file by file, and the fuzzing summary.

use std::fmt::Write as _;

use anyhow::Result;

use super::{kib, verdict};
use crate::bench::results::{FuzzTarget, Package};
use crate::budget;

pub fn package(r: &mut String, p: &Package) -> Result<()> {
    writeln!(
        r,
        "\n## The npm package\n\n`www/dist/npm/shoppable-overlay-*.tgz` as `npm pack` wrote \
         it: {} packed. Per file (what a bundler or a server sends is the compressed size):\n",
        kib(p.tgz as usize)
    )?;
    writeln!(r, "| file | raw | gzip | brotli |\n|---|---:|---:|---:|")?;
    for f in &p.files {
        writeln!(
            r,
            "| `{}` | {} | {} | {} |",
            f.file,
            kib(f.raw),
            kib(f.gzip),
            kib(f.brotli)
        )?;
    }
    writeln!(
        r,
        "\nThe message catalog in the first load: the tags' messages in English, Arabic and \
         Spanish are {} bytes of text (before compression), inside the first-load total \
         above; the shop's messages are in the shop module.",
        p.viewer_catalog_bytes
    )?;
    Ok(())
}

/// 1000000 as 1,000,000.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

pub fn fuzz(r: &mut String, targets: &[FuzzTarget]) -> Result<()> {
    writeln!(
        r,
        "\n## Fuzzing (`cargo xtask fuzz`, stable toolchain)\n\nMutations of the kept corpus \
         (`fuzz/corpus/`): one case per input. A finding is a panic or a broken invariant \
         (a manifest error without a message; a refused LIVE event that changed the state; a \
         bridge answer read into something other than a value, a typed failure or an error \
         naming the call and the place; an app message to the native bridge that threw, \
         settled a call twice or did nothing unreported; an API answer of 500, or a refusal \
         without a JSON code and message). Skipped: mutated request lines no HTTP server would \
         pass on.\n"
    )?;
    writeln!(
        r,
        "| target | cases | accepted | rejected | skipped | kinds of outcome | findings | cases/s |"
    )?;
    writeln!(r, "|---|---:|---:|---:|---:|---:|---:|---:|")?;
    for t in targets {
        writeln!(
            r,
            "| {} | {} | {} | {} | {} | {} | {} | {:.0} |",
            t.target, t.cases, t.accepted, t.rejected, t.skipped, t.kinds, t.findings, t.per_second
        )?;
    }
    let findings: f64 = targets.iter().map(|t| t.findings).sum();
    let enough = targets.iter().all(|t| t.cases >= budget::FUZZ_CASES as f64);
    writeln!(
        r,
        "\nBudget: at least {} cases each, no finding: {} findings ({}).",
        thousands(budget::FUZZ_CASES),
        findings,
        verdict(findings == 0.0 && enough && !targets.is_empty())
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(thousands(1_000_000), "1,000,000");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(12_345), "12,345");
    }
}
