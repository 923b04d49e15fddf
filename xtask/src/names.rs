//! Short names for what a release bundle's Wasm and its glue call each other by: wasm-bindgen
//! names every import `__wbg_<name>_<16 hex digits>` (and closure shims' exports end in a hash
//! too), in the Wasm's import and export sections and again in the glue. Hashes do not
//! compress; renamed to `_0`, `_1`, … in both, the viewer's first load is ~3 KiB smaller.
//! Only names that carry such a hash are renamed: the bundle's public exports (`mount`, the
//! handle's methods) and the snippets' imports keep theirs.

use std::collections::HashSet;
use std::fs;
use std::path::Path;

use anyhow::{bail, ensure, Context, Result};

/// Whether `name` ends in wasm-bindgen's hash: `_` then 16 hex digits, or `_h` then 16.
fn hashed(name: &str) -> bool {
    let hex = |s: &str| s.len() == 16 && s.bytes().all(|b| b.is_ascii_hexdigit());
    name.rsplit_once('_').is_some_and(|(head, tail)| {
        !head.is_empty() && (hex(tail) || tail.strip_prefix('h').is_some_and(hex))
    })
}

/// A LEB128 unsigned number at `*at`, advancing past it.
fn leb(b: &[u8], at: &mut usize) -> Result<u64> {
    let (mut v, mut shift) = (0u64, 0);
    loop {
        let byte = *b.get(*at).context("the Wasm ends inside a number")?;
        *at += 1;
        v |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Ok(v);
        }
        shift += 7;
        ensure!(shift < 64, "a number in the Wasm is too long");
    }
}

fn put_leb(out: &mut Vec<u8>, mut v: u64) {
    loop {
        let byte = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

/// A name at `*at`, advancing past it.
fn name<'a>(b: &'a [u8], at: &mut usize) -> Result<&'a str> {
    let len = leb(b, at)? as usize;
    let s = b
        .get(*at..*at + len)
        .context("the Wasm ends inside a name")?;
    *at += len;
    std::str::from_utf8(s).context("a name in the Wasm is not UTF-8")
}

/// Copies the bytes of one import description (after its names) from `*at`.
fn import_desc(b: &[u8], at: &mut usize) -> Result<()> {
    let kind = *b.get(*at).context("the Wasm ends inside an import")?;
    *at += 1;
    let limits = |at: &mut usize| -> Result<()> {
        let flags = *b.get(*at).context("the Wasm ends inside limits")?;
        *at += 1;
        leb(b, at)?;
        if flags & 1 != 0 {
            leb(b, at)?;
        }
        Ok(())
    };
    match kind {
        0x00 => {
            leb(b, at)?;
        }
        0x01 => {
            *at += 1;
            limits(at)?;
        }
        0x02 => limits(at)?,
        0x03 => *at += 2,
        0x04 => {
            *at += 1;
            leb(b, at)?;
        }
        k => bail!("an import of unknown kind {k:#x}"),
    }
    Ok(())
}

/// Renames the hashed imports and exports of `wasm` and the same names in `glue`, in place.
/// Returns how many names were renamed.
pub fn shorten(wasm: &Path, glue: &Path) -> Result<usize> {
    let b = fs::read(wasm).with_context(|| format!("reading {}", wasm.display()))?;
    let mut js = fs::read_to_string(glue).with_context(|| format!("reading {}", glue.display()))?;
    ensure!(
        b.get(..8) == Some(b"\0asm\x01\0\0\0"),
        "{} is not a Wasm module",
        wasm.display()
    );
    // Every import and export name, so a short name never takes one already in use.
    let mut taken: HashSet<String> = HashSet::new();
    let mut renames: Vec<(String, String)> = Vec::new();
    let mut next = 0u32;
    let mut short = |taken: &HashSet<String>| loop {
        let s = format!("_{}", radix36(next));
        next += 1;
        if !taken.contains(&s) {
            return s;
        }
    };
    let mut out = b[..8].to_vec();
    let mut at = 8;
    // Two passes over the sections: the first collects the names in use.
    let mut sections = Vec::new();
    while at < b.len() {
        let id = b[at];
        at += 1;
        let len = leb(&b, &mut at)? as usize;
        let body = b.get(at..at + len).context("a section runs past the end")?;
        at += len;
        if id == 2 || id == 7 {
            let mut p = 0;
            for _ in 0..leb(body, &mut p)? {
                if id == 2 {
                    name(body, &mut p)?;
                    taken.insert(name(body, &mut p)?.to_string());
                    import_desc(body, &mut p)?;
                } else {
                    taken.insert(name(body, &mut p)?.to_string());
                    p += 1;
                    leb(body, &mut p)?;
                }
            }
        }
        sections.push((id, body));
    }
    for (id, body) in sections {
        out.push(id);
        if id != 2 && id != 7 {
            put_leb(&mut out, body.len() as u64);
            out.extend_from_slice(body);
            continue;
        }
        let mut new = Vec::with_capacity(body.len());
        let mut p = 0;
        let count = leb(body, &mut p)?;
        put_leb(&mut new, count);
        for _ in 0..count {
            if id == 2 {
                let module = name(body, &mut p)?;
                put_name(&mut new, module);
            }
            let old = name(body, &mut p)?;
            let renamed = if hashed(old) {
                let s = short(&taken);
                renames.push((old.to_string(), s.clone()));
                s
            } else {
                old.to_string()
            };
            put_name(&mut new, &renamed);
            let start = p;
            if id == 2 {
                import_desc(body, &mut p)?;
            } else {
                p += 1;
                leb(body, &mut p)?;
            }
            new.extend_from_slice(body.get(start..p).context("a section runs past the end")?);
        }
        ensure!(p == body.len(), "section {id} has bytes after its entries");
        put_leb(&mut out, new.len() as u64);
        out.extend_from_slice(&new);
    }
    // Longest first, so no name is replaced inside a longer one.
    renames.sort_by_key(|(old, _)| std::cmp::Reverse(old.len()));
    for (old, new) in &renames {
        ensure!(
            js.contains(old.as_str()),
            "{} does not mention {old}: not the glue wasm-bindgen wrote for this module",
            glue.display()
        );
        js = js.replace(old.as_str(), new);
    }
    fs::write(wasm, out)?;
    fs::write(glue, js)?;
    Ok(renames.len())
}

fn put_name(out: &mut Vec<u8>, s: &str) {
    put_leb(out, s.len() as u64);
    out.extend_from_slice(s.as_bytes());
}

fn radix36(mut n: u32) -> String {
    let mut digits = Vec::new();
    loop {
        digits.push(char::from_digit(n % 36, 36).unwrap_or('0'));
        n /= 36;
        if n == 0 {
            break;
        }
    }
    digits.iter().rev().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_hashed_names_are_renamed() {
        assert!(hashed("__wbg_get_4f1baf9a00be3c74"));
        assert!(hashed(
            "wasm_bindgen__convert__closures_____invoke__h74e400a64d688854"
        ));
        assert!(!hashed("mount"));
        assert!(!hashed("overlayhandle_setSafeArea"));
        assert!(!hashed("__wbindgen_start"));
        assert!(!hashed("_4f1baf9a00be3c74"), "a hash alone is not a name");
        assert!(!hashed("x_4f1baf9a00be3c7"), "fifteen digits");
        assert_eq!(radix36(0), "0");
        assert_eq!(radix36(36 * 36 + 35), "10z");
    }

    #[test]
    fn a_module_and_its_glue_are_renamed_together() -> Result<()> {
        // (import "./m.js" "__wbg_log_0123456789abcdef" (func)) (import "./s.js" "shown" (func))
        // (export "mount" (func 0)) (export "invoke_h0123456789abcdef" (func 1))
        let mut w = b"\0asm\x01\0\0\0".to_vec();
        w.extend_from_slice(&[1, 4, 1, 0x60, 0, 0]); // type section: one () -> ()
        let mut imports = vec![2];
        for (m, n) in [
            ("./m.js", "__wbg_log_0123456789abcdef"),
            ("./s.js", "shown"),
        ] {
            put_name(&mut imports, m);
            put_name(&mut imports, n);
            imports.extend_from_slice(&[0, 0]);
        }
        w.push(2);
        put_leb(&mut w, imports.len() as u64);
        w.extend_from_slice(&imports);
        let mut exports = vec![2];
        for (n, i) in [("mount", 0u8), ("invoke_h0123456789abcdef", 1)] {
            put_name(&mut exports, n);
            exports.extend_from_slice(&[0, i]);
        }
        w.push(7);
        put_leb(&mut w, exports.len() as u64);
        w.extend_from_slice(&exports);
        let dir = std::env::temp_dir().join(format!("xtask-names-{}", std::process::id()));
        fs::create_dir_all(&dir)?;
        let (wasm, glue) = (dir.join("m.wasm"), dir.join("m.js"));
        fs::write(&wasm, &w)?;
        fs::write(
            &glue,
            "imports={__wbg_log_0123456789abcdef:()=>{}};export function mount(){c.mount();c.invoke_h0123456789abcdef()}",
        )?;
        assert_eq!(shorten(&wasm, &glue)?, 2);
        let js = fs::read_to_string(&glue)?;
        assert_eq!(
            js,
            "imports={_0:()=>{}};export function mount(){c.mount();c._1()}"
        );
        let out = fs::read(&wasm)?;
        let text = String::from_utf8_lossy(&out);
        assert!(text.contains("shown") && text.contains("mount") && !text.contains("__wbg"));
        assert_eq!(out.len(), w.len() - (26 - 2) - (24 - 2), "{out:?}");
        // A glue that does not mention a name is refused.
        fs::write(&wasm, &w)?;
        fs::write(&glue, "nothing here")?;
        assert!(shorten(&wasm, &glue).is_err());
        fs::remove_dir_all(&dir)?;
        Ok(())
    }
}
