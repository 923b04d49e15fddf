//! Data-driven manifest validation: each `fixtures/manifest/NAME.json` is read, and what the
//! engine says of it must equal `NAME.expected`. Run with `UPDATE_EXPECT=1` to write the
//! expected files, then read the diff before committing it.

use std::fs;
use std::path::Path;

use overlay::{Limits, Manifest};

fn describe(json: &str) -> String {
    match Manifest::parse(json) {
        Ok(p) => {
            let mut s = format!(
                "ok: video {}, {} products, {} tags, {} moving\n",
                p.manifest.video.id,
                p.manifest.products.len(),
                p.manifest.tags.len(),
                p.manifest
                    .tags
                    .iter()
                    .filter(|t| t.track.is_moving())
                    .count()
            );
            let a = &p.manifest.attribution;
            if a.creator.is_some() || a.campaign.is_some() {
                s.push_str(&format!(
                    "attribution: creator {:?}, campaign {:?}\n",
                    a.creator, a.campaign
                ));
            }
            for d in &p.manifest.deals {
                s.push_str(&format!("deal: {} on {} at {}\n", d.id, d.product, d.price));
            }
            for w in &p.warnings {
                s.push_str(&format!("warning: {w}\n"));
            }
            s
        }
        Err(e) => format!("{e}\n"),
    }
}

#[test]
fn manifest_fixtures() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/manifest");
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let mut names: Vec<_> = fs::read_dir(&dir)
        .map(|d| d.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default();
    names.retain(|p| p.extension().is_some_and(|e| e == "json"));
    names.sort();
    assert!(names.len() >= 10, "fixtures missing in {}", dir.display());
    let mut failures = Vec::new();
    for path in names {
        let json = fs::read_to_string(&path).unwrap_or_default();
        let got = describe(&json);
        let expected_path = path.with_extension("expected");
        if update {
            let _ = fs::write(&expected_path, &got);
            continue;
        }
        let want = fs::read_to_string(&expected_path).unwrap_or_default();
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        if name.as_deref().is_some_and(|n| n.starts_with("valid")) != got.starts_with("ok:") {
            failures.push(format!("{name:?}: the name says otherwise:\n{got}"));
        }
        if got != want {
            failures.push(format!("{name:?}\n--- expected\n{want}--- got\n{got}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn tags_json(n: usize, keyframes: usize) -> String {
    let kf: Vec<String> = (0..keyframes)
        .map(|i| format!("{{\"t\":{i},\"x\":0.5,\"y\":0.5}}"))
        .collect();
    let tags: Vec<String> = (0..n)
        .map(|i| {
            format!(
                "{{\"id\":\"t{i}\",\"product\":\"p\",\"start\":0,\"end\":1,\"keyframes\":[{}]}}",
                kf.join(",")
            )
        })
        .collect();
    format!(
        "{{\"version\":1,\"video\":{{\"id\":\"v\"}},\"products\":[{{\"id\":\"p\"}}],\"tags\":[{}]}}",
        tags.join(",")
    )
}

#[test]
fn size_limits_are_enforced_with_paths() {
    let limits = Limits {
        max_tags: 10,
        max_keyframes_per_tag: 5,
        max_keyframes_total: 12,
        ..Limits::default()
    };
    let msg = |json: &str| match Manifest::parse_with(json, &limits) {
        Ok(_) => "ok".to_string(),
        Err(e) => e.to_string(),
    };
    assert_eq!(msg(&tags_json(3, 4)), "ok");
    assert!(msg(&tags_json(11, 1)).contains("tags: has 11 tags; the limit is 10"));
    assert!(msg(&tags_json(1, 6)).contains("tags[0].keyframes: has 6 keyframes; the limit is 5"));
    assert!(msg(&tags_json(4, 4))
        .contains("tags[3].keyframes: the manifest has more than 12 keyframes in all"));
    let small = Limits {
        max_bytes: 100,
        ..Limits::default()
    };
    let big = tags_json(5, 5);
    let e = Manifest::parse_with(&big, &small)
        .err()
        .map(|e| e.to_string());
    assert_eq!(
        e.as_deref(),
        Some(
            format!(
                "invalid manifest (1 error)\n  document is {} bytes; the limit is 100 bytes",
                big.len()
            )
            .as_str()
        )
    );
}

#[test]
fn deep_nesting_is_refused_not_a_stack_overflow() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let e = Manifest::parse(&deep)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(e.contains("malformed JSON at line 1"), "{e}");
}
