//! Analytics bookkeeping, sans-IO: which tags have been on screen long enough to count as an
//! impression, and when a batch of events is due to be sent.

use std::collections::BTreeMap;

/// Counts a tag as seen once it has been visible for `min_ms` without a break. Each
/// appearance counts once: a tag that leaves and comes back can be seen again.
#[derive(Debug, Default)]
pub struct Impressions {
    min_ms: f64,
    /// Visible tags: since when, and whether this appearance was already counted.
    visible: BTreeMap<u32, (f64, bool)>,
}

impl Impressions {
    pub fn new(min_ms: f64) -> Self {
        Impressions {
            min_ms,
            visible: BTreeMap::new(),
        }
    }

    /// Tag `tag` became visible at `now_ms` (no effect when it already is).
    pub fn enter(&mut self, tag: u32, now_ms: f64) {
        self.visible.entry(tag).or_insert((now_ms, false));
    }

    /// Tag `tag` is no longer visible.
    pub fn leave(&mut self, tag: u32) {
        self.visible.remove(&tag);
    }

    /// Nothing is visible any more (the overlay hid, the page went to the background).
    pub fn clear(&mut self) {
        self.visible.clear();
    }

    /// Tags whose impression is due at `now_ms`, each reported once per appearance.
    pub fn due(&mut self, now_ms: f64) -> Vec<u32> {
        let mut out = Vec::new();
        for (&tag, (since, counted)) in &mut self.visible {
            if !*counted && now_ms - *since >= self.min_ms {
                *counted = true;
                out.push(tag);
            }
        }
        out
    }

    /// When the next impression falls due, if a visible tag has not been counted yet.
    pub fn next_due(&self) -> Option<f64> {
        self.visible
            .values()
            .filter(|(_, counted)| !counted)
            .map(|(since, _)| since + self.min_ms)
            .reduce(f64::min)
    }
}

/// Collects events into batches: one is due when it holds `max_events` or its oldest event is
/// `max_age_ms` old. Batch ids are unique per session (the server's idempotency key for them).
#[derive(Debug)]
pub struct Batcher<T> {
    prefix: String,
    next: u64,
    max_events: usize,
    max_age_ms: f64,
    events: Vec<T>,
    oldest_ms: f64,
    /// A batch that could not be sent, kept whole under its id (the server may have stored it
    /// already; the same id lets it drop the copy).
    retry: Option<(String, Vec<T>)>,
}

impl<T> Batcher<T> {
    pub fn new(prefix: &str, max_events: usize, max_age_ms: f64) -> Self {
        Batcher {
            prefix: prefix.to_string(),
            next: 1,
            max_events: max_events.max(1),
            max_age_ms,
            events: Vec::new(),
            oldest_ms: 0.0,
            retry: None,
        }
    }

    pub fn push(&mut self, event: T, now_ms: f64) {
        if self.events.is_empty() {
            self.oldest_ms = now_ms;
        }
        self.events.push(event);
    }

    /// Whether a batch should go now.
    pub fn is_due(&self, now_ms: f64) -> bool {
        self.events.len() >= self.max_events
            || (!self.is_empty() && now_ms - self.oldest_ms >= self.max_age_ms)
    }

    /// When the events held now fall due by age.
    pub fn due_at(&self) -> Option<f64> {
        (!self.is_empty()).then_some(self.oldest_ms + self.max_age_ms)
    }

    /// The next batch: one that failed before, under its old id, else everything held under
    /// a fresh id (`None` when empty).
    pub fn take(&mut self) -> Option<(String, Vec<T>)> {
        if let Some(r) = self.retry.take() {
            return Some(r);
        }
        if self.events.is_empty() {
            return None;
        }
        let id = format!("{}-b{}", self.prefix, self.next);
        self.next += 1;
        Some((id, std::mem::take(&mut self.events)))
    }

    /// Keeps a batch that could not be sent, to go first, under the same id, once the age
    /// limit has passed again.
    pub fn restore(&mut self, id: String, events: Vec<T>, now_ms: f64) {
        if !events.is_empty() {
            self.retry = Some((id, events));
            self.oldest_ms = now_ms;
        }
    }

    pub fn len(&self) -> usize {
        self.events.len() + self.retry.as_ref().map_or(0, |r| r.1.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_impression_needs_one_unbroken_second() {
        let mut i = Impressions::new(1000.0);
        i.enter(1, 0.0);
        i.enter(2, 500.0);
        assert_eq!(i.next_due(), Some(1000.0));
        assert!(i.due(999.0).is_empty());
        assert_eq!(i.due(1000.0), vec![1]);
        assert!(i.due(1200.0).is_empty(), "counted once per appearance");
        i.leave(2);
        i.enter(2, 1300.0);
        assert!(i.due(2200.0).is_empty(), "a break starts the second again");
        assert_eq!(i.due(2300.0), vec![2]);
        i.leave(1);
        i.enter(1, 2400.0);
        assert_eq!(i.due(3400.0), vec![1], "a new appearance counts again");
        assert_eq!(i.next_due(), None);
    }

    #[test]
    fn batches_by_size_and_by_age_with_unique_ids() {
        let mut b = Batcher::new("s", 3, 5000.0);
        assert!(!b.is_due(0.0) && b.take().is_none());
        b.push("a", 100.0);
        b.push("b", 200.0);
        assert!(!b.is_due(5099.0));
        assert!(b.is_due(5100.0), "the oldest event is 5 s old");
        b.push("c", 300.0);
        assert!(b.is_due(300.0), "full");
        let (id1, ev) = b.take().unwrap_or_default();
        assert_eq!(ev, vec!["a", "b", "c"]);
        b.push("d", 400.0);
        b.restore(id1.clone(), ev, 500.0);
        assert!(
            !b.is_due(5499.0) && b.is_due(5500.0),
            "a failed batch waits"
        );
        let (id2, ev) = b.take().unwrap_or_default();
        assert_eq!(
            (id2, ev),
            (id1.clone(), vec!["a", "b", "c"]),
            "resent whole, same id"
        );
        let (id3, ev) = b.take().unwrap_or_default();
        assert_eq!(ev, vec!["d"]);
        assert_ne!(id3, id1);
    }
}
