//! Target: the LIVE event reader (`overlay::LiveFeed::apply`), fed `id`, `kind` and `data` as a
//! bridge or a playlist would hand them over (the input holds the three separated by U+001F).
//! An event is applied or refused with a reason, and a refused one leaves the state as it was.

use overlay::{LiveError, LiveFeed};

use crate::manifest::shape;
use crate::Outcome;

pub fn run(input: &[u8]) -> Outcome {
    let text = String::from_utf8_lossy(input);
    let mut parts = text.split('\u{1f}');
    let (id, kind, data) = (
        parts.next().unwrap_or(""),
        parts.next().unwrap_or(""),
        parts.next().unwrap_or(""),
    );
    let mut feed = LiveFeed::new(vec!["p-tote".into()], 3);
    let before = feed.clone();
    match feed.apply(id, kind, data) {
        Ok(applied) => {
            let what = format!("{applied:?}");
            Outcome::accepted(what.split(['(', ' ']).next().unwrap_or("").to_string())
        }
        Err(e) => {
            if feed != before {
                return Outcome::bad(format!("a refused event changed the state: {e}"));
            }
            let why = e.to_string();
            if why.trim().is_empty() {
                return Outcome::bad("refused without a reason");
            }
            // The kind of refusal, without the event's own text (which varies without end).
            let signature = match &e {
                LiveError::BadId(_) => "bad id".to_string(),
                LiveError::UnknownType(_) => "unknown type".to_string(),
                LiveError::BadData { why, .. } => {
                    format!("bad data: {}", shape(why.split('(').next().unwrap_or("")))
                }
            };
            Outcome::rejected(signature)
        }
    }
}
