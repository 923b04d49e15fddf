//! The catalogs agree with each other and with the code that uses them.

use std::collections::BTreeSet;
use std::path::Path;

use super::*;

const CATEGORIES: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];

/// `done.tracked.one` → (`done.tracked`, true); a plain key → (itself, false).
fn base(key: &str) -> (&str, bool) {
    match key.rsplit_once('.') {
        Some((b, c)) if CATEGORIES.contains(&c) => (b, true),
        _ => (key, false),
    }
}

#[test]
fn every_language_says_every_message_with_the_same_placeholders() {
    let en = list(Lang::En);
    let english: BTreeSet<&str> = en.iter().map(|(k, _)| base(k).0).collect();
    for lang in Lang::ALL {
        let words = list(lang);
        let mut seen = BTreeSet::new();
        for (k, v) in words {
            assert!(seen.insert(*k), "{lang:?}: {k} twice");
            let (b, counted) = base(k);
            assert!(
                english.contains(b),
                "{lang:?}: {k} is not an English message"
            );
            // A counted message's forms use the other placeholders of English's `other`, and
            // may leave the count out ("one tag").
            let theirs: BTreeSet<&str> =
                placeholders(v).into_iter().filter(|p| *p != "n").collect();
            let reference = if counted {
                find(Lang::En, &format!("{b}.other"))
            } else {
                find(Lang::En, k)
            };
            let Some(reference) = reference else {
                panic!("{lang:?}: {k} has no English counterpart");
            };
            let ours: BTreeSet<&str> = placeholders(reference)
                .into_iter()
                .filter(|p| *p != "n")
                .collect();
            assert_eq!(theirs, ours, "{lang:?}: {k} = {v:?}");
            if !counted {
                assert_eq!(
                    placeholders(v).contains(&"n"),
                    placeholders(reference).contains(&"n"),
                    "{lang:?}: {k}"
                );
            }
        }
        let bases: BTreeSet<&str> = words.iter().map(|(k, _)| base(k).0).collect();
        assert_eq!(bases, english, "{lang:?} lacks or adds messages");
        for (k, _) in words.iter().filter(|(k, _)| base(k).1) {
            let b = base(k).0;
            assert!(
                words.iter().any(|(o, _)| *o == format!("{b}.other")),
                "{lang:?}: {b} has no `other` form"
            );
        }
    }
}

/// The keys the code names: each `words::t("…")`, `words::f("…"` and `words::n("…"` in the
/// authoring and studio crates, and each quoted string that is a key (keys kept in tables).
fn used() -> (BTreeSet<String>, String) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut text = String::new();
    let mut stack = vec![root.join("authoring/src"), root.join("studio/src")];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                if !p.ends_with("words") {
                    stack.push(p);
                }
            } else if p.extension().is_some_and(|x| x == "rs") {
                text.push_str(&std::fs::read_to_string(&p).unwrap_or_default());
            }
        }
    }
    let mut keys = BTreeSet::new();
    for call in ["words::t(", "words::f(", "words::n("] {
        for piece in text.split(call).skip(1) {
            // A literal key, not a variable holding one (those are checked as quoted keys).
            let Some(piece) = piece.trim_start().strip_prefix('"') else {
                continue;
            };
            if let Some((k, _)) = piece.split_once('"') {
                keys.insert(k.to_string());
            }
        }
    }
    (keys, text)
}

#[test]
fn every_key_the_code_names_is_an_english_message_and_every_message_is_used() {
    let (keys, text) = used();
    assert!(
        keys.len() > 150,
        "found only {} keys: is the scan broken?",
        keys.len()
    );
    for k in &keys {
        let known = find(Lang::En, k).is_some() || find(Lang::En, &format!("{k}.other")).is_some();
        assert!(known, "the code names {k:?}, which English does not say");
    }
    for (k, _) in list(Lang::En) {
        let b = base(k).0;
        assert!(
            text.contains(&format!("\"{b}\"")),
            "English says {k:?}, which no code uses"
        );
    }
}

#[test]
fn counted_messages_pick_the_language_s_form() {
    assert_eq!(category(Lang::En, 1), "one");
    assert_eq!(category(Lang::En, 0), "other");
    assert_eq!(category(Lang::Es, 2), "other");
    let ar: Vec<&str> = [0, 1, 2, 3, 10, 11, 99, 100, 101, 103, 111]
        .iter()
        .map(|n| category(Lang::Ar, *n))
        .collect();
    assert_eq!(
        ar,
        ["zero", "one", "two", "few", "few", "many", "many", "other", "other", "few", "many"]
    );
    assert_eq!(n("done.imported", 1, &[]), "Imported 1 tag");
    assert_eq!(n("done.imported", 3, &[]), "Imported 3 tags");
    set_lang(Lang::Ar);
    assert_eq!(n("done.imported", 2, &[]), "استُورد وسمان");
    assert_eq!(n("done.imported", 5, &[]), "استُوردت 5 وسوم");
    set_lang(Lang::Es);
    assert_eq!(
        f("done.renamed", &[("id", "haul")]),
        "El id del vídeo ahora es haul"
    );
    set_lang(Lang::En);
    assert_eq!(t("top.publish"), "Publish");
}

#[test]
fn filling_leaves_unknown_placeholders_and_braces_alone() {
    assert_eq!(fill("{a} and {b}", &[("a", "1")]), "1 and {b}");
    assert_eq!(fill("open { brace", &[]), "open { brace");
    assert_eq!(placeholders("{x}, {y} at {at} {x}"), ["at", "x", "y"]);
}
