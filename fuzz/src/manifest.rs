//! Target: the manifest reader and validator (`overlay::Manifest::parse`), as the studio, the
//! server's publish route and the shop module call it. Every input must end in a manifest or
//! in errors that each say what was wrong and where: a JSON path (empty for the document as a
//! whole, whose messages give the line and column, the size or the type).

use crate::Outcome;

pub fn run(input: &[u8]) -> Outcome {
    let text = String::from_utf8_lossy(input);
    match overlay::Manifest::parse(&text) {
        Ok(_) => Outcome::accepted("ok"),
        Err(errors) => {
            let Some(first) = errors.0.first() else {
                return Outcome::bad("rejected with no error");
            };
            for e in &errors.0 {
                if e.message.trim().is_empty() {
                    return Outcome::bad(format!("an error at {:?} with no message", e.path));
                }
            }
            Outcome::rejected(format!("{} {}", shape(&first.path), shape(&first.message)))
        }
    }
}

/// A path or message with its numbers and quoted parts taken out: what kind of rejection it is.
pub fn shape(s: &str) -> String {
    let mut out = String::new();
    let mut quoted = false;
    for c in s.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                out.push('"');
            }
            _ if quoted => {}
            '0'..='9' => {
                if !out.ends_with('#') {
                    out.push('#');
                }
            }
            _ => out.push(c),
        }
    }
    out.chars().take(80).collect()
}
