//! A LIVE room's event stream as the viewer applies it: events carry increasing ids; one seen
//! before is dropped (a replay after a reconnect), one that skips ids is applied and reported
//! (the caller re-reads the room), and an event that is malformed or of an unknown type is
//! refused with what was wrong, leaving the state as it was.

use serde_json::Value;

use crate::deal::Deal;

/// What an event did.
#[derive(Clone, Debug, PartialEq)]
pub enum Applied {
    Pinned(String),
    Unpinned(String),
    /// A flash deal started in the room.
    Deal(Box<Deal>),
    /// What is left of a variant after someone bought it.
    Stock {
        product: String,
        variant: String,
        available: u32,
    },
    /// Seen before: ignored.
    Duplicate,
}

/// Why an event was not applied.
#[derive(Clone, Debug, PartialEq)]
pub enum LiveError {
    BadId(String),
    UnknownType(String),
    BadData { kind: String, why: String },
}

impl std::fmt::Display for LiveError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LiveError::BadId(id) => {
                write!(f, "live event: id \"{id}\" is not an event number; ignored")
            }
            LiveError::UnknownType(k) => write!(f, "live event: unknown type \"{k}\"; ignored"),
            LiveError::BadData { kind, why } => write!(f, "live event \"{kind}\": {why}; ignored"),
        }
    }
}

/// The viewer's side of a room: what is pinned, and the last event applied.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LiveFeed {
    last_id: u64,
    pinned: Vec<String>,
    /// Ids skipped by the stream (expected, received), for the caller to resync.
    gaps: Vec<(u64, u64)>,
}

fn product_of(data: &Value, kind: &str) -> Result<String, LiveError> {
    data.get("product_id")
        .and_then(Value::as_str)
        .filter(|s| !s.trim().is_empty() && s.len() <= 64)
        .map(str::to_string)
        .ok_or_else(|| LiveError::BadData {
            kind: kind.to_string(),
            why: "product_id must be a product id".into(),
        })
}

fn deal_of(data: &Value) -> Result<Deal, LiveError> {
    let bad = |why: &str| LiveError::BadData {
        kind: "deal".into(),
        why: why.into(),
    };
    let s = |k: &str| data.get(k).and_then(Value::as_str).map(str::to_string);
    let n = |k: &str| data.get(k).and_then(Value::as_i64);
    let count = |k: &str| n(k).map(|v| v.clamp(0, i64::from(u32::MAX)) as u32);
    let d = Deal {
        id: s("id").ok_or_else(|| bad("id must be a string"))?,
        product: s("product_id").ok_or_else(|| bad("product_id must be a string"))?,
        variant: s("variant_id"),
        price: n("price").ok_or_else(|| bad("price must be a whole number"))?,
        starts_ms: n("starts_ms").ok_or_else(|| bad("starts_ms must be a whole number"))? as f64,
        ends_ms: n("ends_ms").ok_or_else(|| bad("ends_ms must be a whole number"))? as f64,
        announce_ms: n("announce_ms").map(|t| t as f64),
        limit: count("limit"),
        stock_left: count("stock_left"),
        title: s("title"),
    };
    d.check().map_err(|e| bad(&e.to_string()))?;
    Ok(d)
}

impl LiveFeed {
    /// Starts from a room's state: its pinned products and the id of its last event.
    pub fn new(pinned: Vec<String>, last_id: u64) -> LiveFeed {
        LiveFeed {
            last_id,
            pinned,
            gaps: Vec::new(),
        }
    }

    /// Applies event `id` of type `kind` with JSON `data`.
    pub fn apply(&mut self, id: &str, kind: &str, data: &str) -> Result<Applied, LiveError> {
        let n: u64 = id
            .trim()
            .parse()
            .map_err(|_| LiveError::BadId(id.chars().take(40).collect()))?;
        if n <= self.last_id {
            return Ok(Applied::Duplicate);
        }
        let data: Value = serde_json::from_str(data).map_err(|e| LiveError::BadData {
            kind: kind.chars().take(40).collect(),
            why: format!("data is not JSON ({e})"),
        })?;
        let applied = match kind {
            "pin" => {
                let p = product_of(&data, kind)?;
                if !self.pinned.contains(&p) {
                    self.pinned.push(p.clone());
                }
                Applied::Pinned(p)
            }
            "unpin" => {
                let p = product_of(&data, kind)?;
                self.pinned.retain(|x| *x != p);
                Applied::Unpinned(p)
            }
            "deal" => Applied::Deal(Box::new(deal_of(&data)?)),
            "stock" => {
                let product = product_of(&data, kind)?;
                let variant = data
                    .get("variant_id")
                    .and_then(Value::as_str)
                    .filter(|s| !s.trim().is_empty() && s.len() <= 64)
                    .ok_or_else(|| LiveError::BadData {
                        kind: kind.into(),
                        why: "variant_id must be a variant id".into(),
                    })?
                    .to_string();
                let available = data
                    .get("available")
                    .and_then(Value::as_u64)
                    .ok_or_else(|| LiveError::BadData {
                        kind: kind.into(),
                        why: "available must be a whole number, 0 or more".into(),
                    })?;
                Applied::Stock {
                    product,
                    variant,
                    available: available.min(u64::from(u32::MAX)) as u32,
                }
            }
            other => return Err(LiveError::UnknownType(other.chars().take(40).collect())),
        };
        if n > self.last_id + 1 {
            self.gaps.push((self.last_id + 1, n));
        }
        self.last_id = n;
        Ok(applied)
    }

    /// Marks event `id` as seen without applying it (a refused event must not be asked for
    /// again on reconnect).
    pub fn skip(&mut self, id: &str) {
        if let Ok(n) = id.trim().parse::<u64>() {
            self.last_id = self.last_id.max(n);
        }
    }

    pub fn last_id(&self) -> u64 {
        self.last_id
    }

    /// Pinned products, oldest first.
    pub fn pinned(&self) -> &[String] {
        &self.pinned
    }

    /// Gaps since the last call: the caller re-reads the room when there are any.
    pub fn take_gaps(&mut self) -> Vec<(u64, u64)> {
        std::mem::take(&mut self.gaps)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const DEAL: &str = r#"{"id":"d-1","product_id":"p","price":900,"starts_ms":1000,"ends_ms":2000,"stock_left":5}"#;

    #[test]
    fn pins_unpins_deals_and_duplicates() {
        let mut f = LiveFeed::new(vec!["a".into()], 3);
        assert_eq!(
            f.apply("2", "pin", r#"{"product_id":"x"}"#),
            Ok(Applied::Duplicate)
        );
        assert_eq!(
            f.apply("4", "pin", r#"{"product_id":"b"}"#),
            Ok(Applied::Pinned("b".into()))
        );
        assert_eq!(
            f.apply("4", "pin", r#"{"product_id":"b"}"#),
            Ok(Applied::Duplicate)
        );
        assert_eq!(
            f.apply("5", "unpin", r#"{"product_id":"a"}"#),
            Ok(Applied::Unpinned("a".into()))
        );
        assert!(
            matches!(f.apply("6", "deal", DEAL), Ok(Applied::Deal(d)) if d.stock_left == Some(5))
        );
        assert!(matches!(
            f.apply(
                "7",
                "stock",
                r#"{"product_id":"b","variant_id":"b-1","available":2}"#
            ),
            Ok(Applied::Stock { available: 2, .. })
        ));
        assert!(matches!(
            f.apply(
                "8",
                "stock",
                r#"{"product_id":"b","variant_id":"b-1","available":-2}"#
            ),
            Err(LiveError::BadData { .. })
        ));
        f.skip("8");
        assert_eq!(f.pinned(), ["b"]);
        assert_eq!(f.last_id(), 8);
        assert!(f.take_gaps().is_empty());
        assert_eq!(
            f.apply("11", "pin", r#"{"product_id":"c"}"#),
            Ok(Applied::Pinned("c".into()))
        );
        assert_eq!(f.take_gaps(), vec![(9, 11)]);
    }

    #[test]
    fn bad_events_are_refused_and_change_nothing() {
        let mut f = LiveFeed::new(Vec::new(), 0);
        assert_eq!(f.apply("x", "pin", "{}"), Err(LiveError::BadId("x".into())));
        assert!(matches!(
            f.apply("1", "pin", "{not json"),
            Err(LiveError::BadData { .. })
        ));
        assert!(matches!(
            f.apply("1", "pin", r#"{"product_id":7}"#),
            Err(LiveError::BadData { .. })
        ));
        assert_eq!(
            f.apply("1", "confetti", "{}"),
            Err(LiveError::UnknownType("confetti".into()))
        );
        let backwards = r#"{"id":"d","product_id":"p","price":1,"starts_ms":5,"ends_ms":4}"#;
        assert_eq!(
            f.apply("1", "deal", backwards).map_err(|e| e.to_string()),
            Err("live event \"deal\": the deal ends before it starts; ignored".into())
        );
        assert_eq!(f, LiveFeed::new(Vec::new(), 0));
        f.skip("1");
        assert_eq!(f.last_id(), 1, "a refused event is not asked for again");
    }

    proptest! {
        /// Whatever a flaky connection does (replays after reconnects, repeats), applying the
        /// delivered events gives the same pins as applying the true stream once.
        #[test]
        fn replays_never_double_or_lose(
            ops in prop::collection::vec((any::<bool>(), 0u8..6), 1..40),
            cuts in prop::collection::vec(0usize..40, 0..6),
        ) {
            let stream: Vec<(u64, &str, String)> = ops.iter().enumerate().map(|(i, (pin, p))| {
                (i as u64 + 1, if *pin { "pin" } else { "unpin" }, format!(r#"{{"product_id":"p{p}"}}"#))
            }).collect();
            let mut truth = LiveFeed::default();
            for (id, k, d) in &stream {
                let _ = truth.apply(&id.to_string(), k, d);
            }
            // Delivery: after each cut the server resends from an earlier point (what it
            // replays after Last-Event-ID never goes past what was delivered).
            let mut f = LiveFeed::default();
            let mut i = 0usize;
            let mut cuts = cuts.clone();
            cuts.sort_unstable();
            for c in cuts {
                while i < stream.len() && i < c {
                    let (id, k, d) = &stream[i];
                    let _ = f.apply(&id.to_string(), k, d);
                    i += 1;
                }
                i = i.saturating_sub(3); // the replay overlaps what was seen
            }
            while i < stream.len() {
                let (id, k, d) = &stream[i];
                let _ = f.apply(&id.to_string(), k, d);
                i += 1;
            }
            prop_assert_eq!(f.pinned(), truth.pinned());
            prop_assert_eq!(f.last_id(), truth.last_id());
            prop_assert!(f.take_gaps().is_empty());
        }
    }
}
