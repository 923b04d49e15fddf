//! The npm package's `index.d.ts` against `overlay::contract`, the lists the viewer and the
//! shop module run on: `mount`'s options, the events, the error kinds and the bridge's
//! methods; and the analytics kinds the shop module sends against those the server takes. A
//! name added, renamed or dropped on one side and not the other fails here.

use std::collections::BTreeSet;
use std::fs;

use overlay::contract::{
    ErrorKind, ANALYTICS_KINDS, BRIDGE_METHODS, BRIDGE_OPTIONAL, EVENTS, INPUTS, LIVE_EVENT_KINDS,
    LIVE_METHODS, MOUNT_OPTIONS, PAYLOADS, PROBLEM_KEYS,
};

use crate::util::root;

fn dts() -> String {
    fs::read_to_string(root().join("www/package/index.d.ts"))
        .unwrap_or_else(|e| panic!("www/package/index.d.ts: {e}"))
}

/// The body of `export interface NAME {` … the `}` that closes it.
fn interface<'a>(text: &'a str, name: &str) -> &'a str {
    let head = format!("export interface {name} {{");
    let start = text
        .find(&head)
        .unwrap_or_else(|| panic!("index.d.ts has no interface {name}"))
        + head.len();
    let mut depth = 1;
    for (i, c) in text[start..].char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return &text[start..start + i];
                }
            }
            _ => {}
        }
    }
    panic!("interface {name} is not closed")
}

/// Members of an interface body at its own level (not inside comments or nested types):
/// `name:`, `name?:`, `name(` or `name?(`.
fn members(body: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut in_comment = false;
    for line in body.lines() {
        let t = line.trim();
        if in_comment {
            in_comment = !t.contains("*/");
            continue;
        }
        if t.starts_with("/*") {
            in_comment = !t.contains("*/");
            continue;
        }
        let name: String = t
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        let rest = t[name.len()..].trim_start_matches('?');
        if !name.is_empty() && (rest.starts_with(':') || rest.starts_with('(')) {
            out.insert(name);
        }
    }
    out
}

fn set(list: &[&str]) -> BTreeSet<String> {
    list.iter().map(|s| s.to_string()).collect()
}

/// The quoted strings after each `needle` (`on(type: "x"` → x).
fn quoted_after(text: &str, needle: &str) -> BTreeSet<String> {
    text.match_indices(needle)
        .filter_map(|(i, _)| {
            let rest = &text[i + needle.len()..];
            rest.split('"').next().map(str::to_string)
        })
        .collect()
}

#[test]
fn mount_options_match() {
    let d = dts();
    assert_eq!(members(interface(&d, "MountOptions")), set(&MOUNT_OPTIONS));
}

#[test]
fn events_match() {
    let d = dts();
    let handle = interface(&d, "OverlayHandle");
    assert_eq!(quoted_after(handle, "on(type: \""), set(&EVENTS));
    assert_eq!(quoted_after(handle, "off(type: \""), set(&EVENTS));
}

/// The members of `export type NAME = | "a" | "b";`.
fn union(text: &str, name: &str) -> BTreeSet<String> {
    let head = format!("export type {name} =");
    let start = text
        .find(&head)
        .unwrap_or_else(|| panic!("index.d.ts has no type {name}"));
    // The union ends at the `;` after its last member (comments inside may hold `;`s).
    let end = start + text[start..].find("\";").map_or(0, |i| i + 1);
    // Members are `| "x"`; the first may stand without its `|`. Quoted words in comments are
    // not members.
    let body = text[start + head.len()..end].trim_start();
    let body = format!("| {}", body.trim_start_matches('|').trim_start());
    quoted_after(&body, "| \"")
}

#[test]
fn error_kinds_match() {
    let ours: Vec<&str> = ErrorKind::ALL.iter().map(|k| k.as_str()).collect();
    assert_eq!(union(&dts(), "OverlayErrorKind"), set(&ours));
}

/// Each event is typed by the interface the payload table names, with the payload's keys.
#[test]
fn event_payloads_match() {
    let d = dts();
    let handle = interface(&d, "OverlayHandle");
    let map = interface(&d, "OverlayEventMap");
    for p in PAYLOADS {
        let on = format!(
            "on(type: \"{}\", listener: OverlayListener<{}>)",
            p.event, p.interface
        );
        assert!(handle.contains(&on), "OverlayHandle lacks `{on}`");
        // A key that is an identifier is written bare.
        let quoted = format!("\"{}\": {};", p.event, p.interface);
        let bare = format!("\n  {}: {};", p.event, p.interface);
        assert!(
            map.contains(&quoted) || map.contains(&bare),
            "OverlayEventMap lacks `{quoted}`"
        );
        assert_eq!(
            members(interface(&d, p.interface)),
            set(p.keys),
            "{} against the {} payload",
            p.interface,
            p.event
        );
    }
    assert_eq!(members(interface(&d, "Problem")), set(&PROBLEM_KEYS));
    assert_eq!(union(&d, "LiveEventKind"), set(&LIVE_EVENT_KINDS));
    let input = interface(&d, "TagActivateEvent")
        .lines()
        .find(|l| l.trim_start().starts_with("input:"))
        .unwrap_or_default();
    let inputs: BTreeSet<String> = input
        .split('"')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect();
    assert_eq!(inputs, set(&INPUTS));
}

#[test]
fn bridge_methods_match() {
    let d = dts();
    let body = interface(&d, "Bridge");
    let all: Vec<&str> = BRIDGE_METHODS
        .iter()
        .chain(&LIVE_METHODS)
        .chain(&BRIDGE_OPTIONAL)
        .copied()
        .collect();
    assert_eq!(members(body), set(&all));
    // Required in the engine, required in the types; optional where the engine says so.
    for m in BRIDGE_METHODS {
        assert!(
            body.contains(&format!("\n  {m}(")),
            "Bridge.{m} must not be optional"
        );
    }
    for m in LIVE_METHODS.iter().chain(&BRIDGE_OPTIONAL) {
        assert!(
            body.contains(&format!("\n  {m}?(")),
            "Bridge.{m} must be optional"
        );
    }
}

#[test]
fn the_parser_reads_members_and_skips_comments() {
    let body = "\n  /** a: not this */\n  a: string;\n  b?: number;\n  c(x: number): void;\n  /**\n   * d: nor this\n   */\n  e?(): void;\n";
    assert_eq!(members(body), set(&["a", "b", "c", "e"]));
}

/// Every analytics kind the shop module sends (`event("…")`, `Event::new("…"`) is one the
/// server takes, and each the server takes is sent.
#[test]
fn analytics_kinds_match() {
    let mut sent = BTreeSet::new();
    let dir = root().join("shop/src");
    let mut stack = vec![dir];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                let text = fs::read_to_string(&p).unwrap_or_default();
                sent.extend(quoted_after(&text, "self.event(\""));
                sent.extend(quoted_after(&text, "Event::new(\""));
            }
        }
    }
    assert_eq!(sent, set(&ANALYTICS_KINDS));
}
