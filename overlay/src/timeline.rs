//! Timeline index: which cues are active at media time `t`, and when that next changes.
//!
//! A cue `i` is the half-open interval `[start, end)`: it is active at `t` when
//! `start <= t < end`. A zero-length cue (`start == end`) is never active and never counts as a
//! change. The index is a static centered interval tree: a query visits O(log n) nodes and
//! touches only the cues it reports, so it costs O(log n + k).

use crate::small;

/// One node of the centered interval tree; its cues all contain `center`.
#[derive(Debug)]
struct Node {
    center: f64,
    /// Cues at this node by ascending start.
    by_start: Vec<(f64, u32)>,
    /// The same cues by descending end.
    by_end: Vec<(f64, u32)>,
    left: Option<u32>,
    right: Option<u32>,
}

fn by_time(a: &(f64, u32), b: &(f64, u32)) -> std::cmp::Ordering {
    a.0.total_cmp(&b.0).then(a.1.cmp(&b.1))
}

/// Sorts by time, then id: one sort instantiation for every list of the index (the viewer's
/// first load carries each one).
fn sort_by_time(v: &mut [(f64, u32)]) {
    small::sort_by(v, |a, b| by_time(a, b).is_lt());
}

/// Sorts times ascending (likewise one instantiation).
fn sort_times(v: &mut [f64]) {
    small::sort_by(v, |a, b| a.total_cmp(b).is_lt());
}

/// The static index of a set of cues.
#[derive(Debug, Default)]
pub struct Timeline {
    nodes: Vec<Node>,
    root: Option<u32>,
    /// Every distinct start and end of a non-empty cue, ascending: the only times anything
    /// changes.
    boundaries: Vec<f64>,
    /// Every non-empty cue by ascending start (then id): what enters in a span of time.
    starts: Vec<(f64, u32)>,
    len: usize,
}

impl Timeline {
    /// Builds the index. `cues[i] = (start, end)`; the cue's id is its index. Cues with a
    /// non-finite bound or `end <= start` are inert.
    pub fn new(cues: &[(f64, f64)]) -> Timeline {
        let live: Vec<(f64, f64, u32)> = cues
            .iter()
            .enumerate()
            .filter(|(_, (s, e))| s.is_finite() && e.is_finite() && e > s)
            .map(|(i, &(s, e))| (s, e, i as u32))
            .collect();
        let mut boundaries: Vec<f64> = live.iter().flat_map(|&(s, e, _)| [s, e]).collect();
        sort_times(&mut boundaries);
        boundaries.dedup();
        let mut starts: Vec<(f64, u32)> = live.iter().map(|&(s, _, i)| (s, i)).collect();
        sort_by_time(&mut starts);
        let mut tl = Timeline {
            nodes: Vec::new(),
            root: None,
            boundaries,
            starts,
            len: cues.len(),
        };
        tl.root = tl.build(live);
        tl
    }

    fn build(&mut self, cues: Vec<(f64, f64, u32)>) -> Option<u32> {
        if cues.is_empty() {
            return None;
        }
        // The median of the cues' midpoints: the cue it comes from contains it, so every node
        // holds at least one cue, and each side gets at most half, so the depth is O(log n).
        let mut mids: Vec<f64> = cues
            .iter()
            .map(|&(s, e, _)| {
                // For two adjacent floats the halfway point can round up to `e`, outside.
                let m = s + (e - s) / 2.0;
                if m < e {
                    m
                } else {
                    s
                }
            })
            .collect();
        let mid = mids.len() / 2;
        sort_times(&mut mids);
        let center = mids[mid];
        let (mut left, mut right, mut here) = (Vec::new(), Vec::new(), Vec::new());
        for c in cues {
            if c.1 <= center {
                left.push(c);
            } else if c.0 > center {
                right.push(c);
            } else {
                here.push(c);
            }
        }
        let mut by_start: Vec<(f64, u32)> = here.iter().map(|&(s, _, i)| (s, i)).collect();
        sort_by_time(&mut by_start);
        let mut by_end: Vec<(f64, u32)> = here.iter().map(|&(_, e, i)| (e, i)).collect();
        sort_by_time(&mut by_end);
        by_end.reverse();
        let id = self.nodes.len() as u32;
        self.nodes.push(Node {
            center,
            by_start,
            by_end,
            left: None,
            right: None,
        });
        let l = self.build(left);
        let r = self.build(right);
        let node = &mut self.nodes[id as usize];
        node.left = l;
        node.right = r;
        Some(id)
    }

    /// How many cues the index was built from (inert ones included).
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the index was built from no cues.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Writes the ids of the cues active at `t` into `out` (cleared first), ascending.
    pub fn active_at(&self, t: f64, out: &mut Vec<u32>) {
        out.clear();
        if t.is_nan() {
            return;
        }
        let mut cur = self.root;
        while let Some(id) = cur {
            let node = &self.nodes[id as usize];
            if t < node.center {
                // Every cue here ends after center > t: active iff it has started.
                for &(s, i) in &node.by_start {
                    if s > t {
                        break;
                    }
                    out.push(i);
                }
                cur = node.left;
            } else {
                // Every cue here starts at or before center <= t: active iff it has not ended.
                for &(e, i) in &node.by_end {
                    if e <= t {
                        break;
                    }
                    out.push(i);
                }
                cur = node.right;
            }
        }
        // Not std's sort: it would add ~3 KiB to the viewer's first load for ~0.4 µs a query
        // (queries run on seeks; frames advance the cursor).
        small::sort_by(out, |a, b| a < b);
    }

    /// The half-open span of media time around `t` in which the active set stays the same:
    /// `(last boundary <= t, first boundary > t)`, with infinities past the ends.
    pub fn stable_span(&self, t: f64) -> (f64, f64) {
        let i = self.boundaries.partition_point(|&b| b <= t);
        let lo = if i == 0 {
            f64::NEG_INFINITY
        } else {
            self.boundaries[i - 1]
        };
        let hi = self.boundaries.get(i).copied().unwrap_or(f64::INFINITY);
        (lo, hi)
    }

    /// Writes the ids of the cues that start in the half-open span `(a, b]` into `out`
    /// (cleared first), by start: the ones to make ready before they show.
    pub fn starting_in(&self, a: f64, b: f64, out: &mut Vec<u32>) {
        out.clear();
        let from = self.starts.partition_point(|&(s, _)| s <= a);
        out.extend(
            self.starts[from..]
                .iter()
                .take_while(|&&(s, _)| s <= b)
                .map(|&(_, i)| i),
        );
    }

    /// The first start of a cue after `t`, if any.
    pub fn next_start(&self, t: f64) -> Option<f64> {
        let i = self.starts.partition_point(|&(s, _)| s <= t);
        self.starts.get(i).map(|&(s, _)| s)
    }

    /// The first time after `t` at which the active set changes, if any.
    pub fn next_change(&self, t: f64) -> Option<f64> {
        let hi = self.stable_span(t).1;
        hi.is_finite().then_some(hi)
    }
}

/// Compares two ascending id lists: appends the ids only in `new` to `entered` and those only
/// in `old` to `left` (both ascending). Returns whether they differ.
pub fn diff(old: &[u32], new: &[u32], entered: &mut Vec<u32>, left: &mut Vec<u32>) -> bool {
    let (mut i, mut j) = (0, 0);
    let mut changed = false;
    while i < old.len() || j < new.len() {
        match (old.get(i), new.get(j)) {
            (Some(a), Some(b)) if a == b => {
                i += 1;
                j += 1;
            }
            (Some(a), Some(b)) if a < b => {
                left.push(*a);
                i += 1;
                changed = true;
            }
            (Some(a), None) => {
                left.push(*a);
                i += 1;
                changed = true;
            }
            (_, Some(b)) => {
                entered.push(*b);
                j += 1;
                changed = true;
            }
            (None, None) => break,
        }
    }
    changed
}

/// Follows playback through the timeline and reports what entered and left. Works for any
/// sequence of media times: normal play, any playback rate, seeks backward and forward.
#[derive(Debug)]
pub struct Cursor {
    span: (f64, f64),
    active: Vec<u32>,
    scratch: Vec<u32>,
}

impl Default for Cursor {
    fn default() -> Self {
        Cursor {
            // An empty span: the first advance always queries.
            span: (f64::INFINITY, f64::NEG_INFINITY),
            active: Vec::new(),
            scratch: Vec::new(),
        }
    }
}

impl Cursor {
    /// The cues active at the last time given to [`Cursor::advance`], ascending.
    pub fn active(&self) -> &[u32] {
        &self.active
    }

    /// Moves to `t`; appends the cues that became active to `entered` and those that stopped to
    /// `left` (both ascending). Returns whether anything changed. With a `lead`, the cues that
    /// start within it after `t` count as active too (queried on every call); without one,
    /// inside the current stable span this is O(1).
    pub fn advance(
        &mut self,
        tl: &Timeline,
        t: f64,
        lead: f64,
        entered: &mut Vec<u32>,
        left: &mut Vec<u32>,
    ) -> bool {
        if lead <= 0.0 && t >= self.span.0 && t < self.span.1 {
            return false;
        }
        self.span = if t.is_nan() || lead > 0.0 {
            (f64::INFINITY, f64::NEG_INFINITY)
        } else {
            tl.stable_span(t)
        };
        tl.active_at(t, &mut self.scratch);
        if lead > 0.0 {
            let mut soon = Vec::new();
            tl.starting_in(t, t + lead, &mut soon);
            self.scratch.extend(soon);
            small::sort_by(&mut self.scratch, |a, b| a < b);
        }
        let changed = diff(&self.active, &self.scratch, entered, left);
        std::mem::swap(&mut self.active, &mut self.scratch);
        changed
    }

    /// Forgets the position, so the next advance reports the whole active set as entered.
    pub fn reset(&mut self, left: &mut Vec<u32>) {
        left.extend_from_slice(&self.active);
        *self = Cursor::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn naive(cues: &[(f64, f64)], t: f64) -> Vec<u32> {
        cues.iter()
            .enumerate()
            .filter(|(_, &(s, e))| s <= t && t < e)
            .map(|(i, _)| i as u32)
            .collect()
    }

    fn naive_next(cues: &[(f64, f64)], t: f64) -> Option<f64> {
        cues.iter()
            .filter(|(s, e)| e > s)
            .flat_map(|&(s, e)| [s, e])
            .filter(|&b| b > t)
            .min_by(f64::total_cmp)
    }

    #[test]
    fn half_open_bounds_zero_length_and_overlap() {
        let cues = [(1.0, 3.0), (2.0, 2.0), (2.0, 5.0), (3.0, 4.0)];
        let tl = Timeline::new(&cues);
        let mut out = Vec::new();
        let at = |t: f64, out: &mut Vec<u32>| {
            tl.active_at(t, out);
            out.clone()
        };
        assert_eq!(at(0.999, &mut out), Vec::<u32>::new());
        assert_eq!(at(1.0, &mut out), vec![0]);
        assert_eq!(
            at(2.0, &mut out),
            vec![0, 2],
            "zero-length cue 1 is never active"
        );
        assert_eq!(at(3.0, &mut out), vec![2, 3], "cue 0 ends exactly at 3");
        assert_eq!(at(5.0, &mut out), Vec::<u32>::new());
        assert_eq!(tl.next_change(0.0), Some(1.0));
        assert_eq!(tl.next_change(2.0), Some(3.0));
        assert_eq!(tl.next_change(5.0), None);
        assert_eq!(tl.stable_span(2.5), (2.0, 3.0));
    }

    #[test]
    fn starting_in_is_half_open_skips_empty_cues_and_orders_by_start() {
        let cues = [
            (3.0, 4.0),
            (1.0, 3.0),
            (2.0, 2.0),
            (2.0, 5.0),
            (f64::NAN, 1.0),
        ];
        let tl = Timeline::new(&cues);
        let mut out = Vec::new();
        tl.starting_in(1.0, 3.0, &mut out);
        assert_eq!(out, vec![3, 0], "after 1, up to and with 3; cue 2 is empty");
        tl.starting_in(0.0, 1.0, &mut out);
        assert_eq!(out, vec![1]);
        tl.starting_in(4.0, 9.0, &mut out);
        assert!(out.is_empty());
    }

    #[test]
    fn cursor_reports_enter_and_leave_across_seeks() {
        let tl = Timeline::new(&[(1.0, 3.0), (2.0, 5.0)]);
        let mut c = Cursor::default();
        let (mut en, mut le) = (Vec::new(), Vec::new());
        assert!(c.advance(&tl, 2.5, 0.0, &mut en, &mut le));
        assert_eq!((en.as_slice(), le.as_slice()), (&[0, 1][..], &[][..]));
        en.clear();
        assert!(
            !c.advance(&tl, 2.9, 0.0, &mut en, &mut le),
            "same span, no work"
        );
        assert!(c.advance(&tl, 0.5, 0.0, &mut en, &mut le), "seek back");
        assert_eq!((en.as_slice(), le.as_slice()), (&[][..], &[0, 1][..]));
        le.clear();
        assert!(c.advance(&tl, 4.0, 0.0, &mut en, &mut le), "seek forward");
        assert_eq!((en.as_slice(), le.as_slice()), (&[1][..], &[][..]));
    }

    fn cue() -> impl Strategy<Value = (f64, f64)> {
        // A coarse grid makes shared boundaries, overlaps and zero-length cues common.
        (0u32..40, 0u32..12).prop_map(|(s, len)| (s as f64 * 0.5, (s + len) as f64 * 0.5))
    }

    fn time() -> impl Strategy<Value = f64> {
        prop_oneof![(0u32..50).prop_map(|k| k as f64 * 0.5), (-10.0f64..30.0),]
    }

    proptest! {
        #[test]
        fn query_matches_naive_scan(cues in prop::collection::vec(cue(), 0..80),
                                    ts in prop::collection::vec(time(), 1..40)) {
            let tl = Timeline::new(&cues);
            let mut out = Vec::new();
            for t in ts {
                tl.active_at(t, &mut out);
                prop_assert_eq!(&out, &naive(&cues, t), "t = {}", t);
                prop_assert_eq!(tl.next_change(t), naive_next(&cues, t), "t = {}", t);
                tl.starting_in(t, t + 1.5, &mut out);
                let mut want: Vec<(f64, u32)> = cues.iter().enumerate()
                    .filter(|(_, &(s, e))| e > s && s > t && s <= t + 1.5)
                    .map(|(i, &(s, _))| (s, i as u32)).collect();
                want.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
                let want: Vec<u32> = want.into_iter().map(|(_, i)| i).collect();
                prop_assert_eq!(&out, &want, "starting in ({}, {}]", t, t + 1.5);
            }
        }

        #[test]
        fn cursor_tracks_any_playback(cues in prop::collection::vec(cue(), 0..60),
                                      ts in prop::collection::vec(time(), 1..80)) {
            // Any sequence of times: forward play at any rate, seeks both ways, repeats.
            let tl = Timeline::new(&cues);
            let mut c = Cursor::default();
            let mut shown: std::collections::BTreeSet<u32> = Default::default();
            for t in ts {
                let (mut en, mut le) = (Vec::new(), Vec::new());
                c.advance(&tl, t, 0.0, &mut en, &mut le);
                for i in le { prop_assert!(shown.remove(&i), "left but not shown: {}", i); }
                for i in en { prop_assert!(shown.insert(i), "entered twice: {}", i); }
                let expect = naive(&cues, t);
                prop_assert_eq!(shown.iter().copied().collect::<Vec<_>>(), expect.clone());
                prop_assert_eq!(c.active(), expect.as_slice());
            }
        }

        #[test]
        fn a_cursor_with_a_lead_also_holds_what_starts_within_it(
            cues in prop::collection::vec(cue(), 0..60),
            ts in prop::collection::vec(time(), 1..80),
            leads in prop::collection::vec(prop_oneof![Just(0.0), (0.1f64..2.0)], 80),
        ) {
            // Any playback, the lead switched on and off between calls.
            let tl = Timeline::new(&cues);
            let mut c = Cursor::default();
            let mut shown: std::collections::BTreeSet<u32> = Default::default();
            for (t, lead) in ts.into_iter().zip(leads) {
                let (mut en, mut le) = (Vec::new(), Vec::new());
                c.advance(&tl, t, lead, &mut en, &mut le);
                for i in le { prop_assert!(shown.remove(&i), "left but not shown: {}", i); }
                for i in en { prop_assert!(shown.insert(i), "entered twice: {}", i); }
                let expect: Vec<u32> = cues.iter().enumerate()
                    .filter(|(_, &(s, e))| e > s && s - lead <= t && t < e)
                    .map(|(i, _)| i as u32).collect();
                prop_assert_eq!(c.active(), expect.as_slice(), "t = {}, lead = {}", t, lead);
                prop_assert_eq!(tl.next_start(t), cues.iter().map(|&(s, _)| s)
                    .zip(&cues).filter(|&(s, &(_, e))| e > s && s > t).map(|(s, _)| s)
                    .min_by(f64::total_cmp), "next start after {}", t);
            }
        }
    }
}
