//! Undo and redo over whole drafts: each change records the draft as it was before, with what
//! the change was called, so undo and redo can say what they undid. Bounded (oldest dropped);
//! a new change after an undo discards the redo branch, as people expect.

use std::collections::VecDeque;

/// How many steps back the studio keeps by default.
pub const DEFAULT_DEPTH: usize = 200;

/// Undo history of snapshots of `T`.
#[derive(Clone, Debug)]
pub struct History<T> {
    past: VecDeque<(T, String)>,
    future: Vec<(T, String)>,
    depth: usize,
}

impl<T> Default for History<T> {
    fn default() -> Self {
        History::new(DEFAULT_DEPTH)
    }
}

impl<T> History<T> {
    pub fn new(depth: usize) -> History<T> {
        History {
            past: VecDeque::new(),
            future: Vec::new(),
            depth: depth.max(1),
        }
    }

    /// Records that `before` was changed by the step called `what`.
    pub fn record(&mut self, before: T, what: impl Into<String>) {
        self.future.clear();
        if self.past.len() == self.depth {
            self.past.pop_front();
        }
        self.past.push_back((before, what.into()));
    }

    /// Steps back: returns the earlier state and the step's name, taking `current` onto the
    /// redo stack; `None` (and `current` handed back) when there is nothing to undo.
    pub fn undo(&mut self, current: T) -> Result<(T, String), T> {
        match self.past.pop_back() {
            Some((before, what)) => {
                self.future.push((current, what.clone()));
                Ok((before, what))
            }
            None => Err(current),
        }
    }

    /// Steps forward again after an undo.
    pub fn redo(&mut self, current: T) -> Result<(T, String), T> {
        match self.future.pop() {
            Some((after, what)) => {
                self.past.push_back((current, what.clone()));
                Ok((after, what))
            }
            None => Err(current),
        }
    }

    /// The name of the step undo would take back.
    pub fn next_undo(&self) -> Option<&str> {
        self.past.back().map(|(_, w)| w.as_str())
    }

    pub fn next_redo(&self) -> Option<&str> {
        self.future.last().map(|(_, w)| w.as_str())
    }

    /// Changes the state the last step undoes to (what it was called stays).
    pub fn amend_last(&mut self, f: impl FnOnce(&mut T)) {
        if let Some((before, _)) = self.past.back_mut() {
            f(before);
        }
    }

    /// Changes every state kept, back and forward.
    pub fn for_each_mut(&mut self, mut f: impl FnMut(&mut T)) {
        for (s, _) in self.past.iter_mut().chain(self.future.iter_mut()) {
            f(s);
        }
    }

    pub fn depth(&self) -> usize {
        self.past.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn undo_redo_and_a_new_branch() {
        let mut h = History::new(10);
        let mut s = 0;
        for i in 1..=3 {
            h.record(s, format!("set {i}"));
            s = i;
        }
        let (s1, w) = h.undo(s).unwrap_or((-1, String::new()));
        assert_eq!((s1, w.as_str()), (2, "set 3"));
        let (s2, _) = h.undo(s1).unwrap_or((-1, String::new()));
        assert_eq!(s2, 1);
        let (s3, w) = h.redo(s2).unwrap_or((-1, String::new()));
        assert_eq!((s3, w.as_str()), (2, "set 2"));
        h.record(s3, "other");
        assert_eq!(h.next_redo(), None);
        assert_eq!(h.redo(9), Err(9));
    }

    #[test]
    fn keeps_at_least_the_depth_it_was_given() {
        let mut h = History::new(150);
        for i in 0..1000 {
            h.record(i, "step");
        }
        assert_eq!(h.depth(), 150);
        let mut s = 1000;
        let mut n = 0;
        while let Ok((prev, _)) = h.undo(s) {
            s = prev;
            n += 1;
        }
        assert_eq!((n, s), (150, 850));
    }

    proptest! {
        /// Any sequence of changes, undos and redos agrees with a model that keeps every state.
        #[test]
        fn matches_a_full_model(ops in proptest::collection::vec(0u8..3, 0..200)) {
            let mut h = History::new(1000);
            let mut state = 0u32;
            let mut model: Vec<u32> = vec![0];
            let mut at = 0usize;
            let mut next = 1u32;
            for op in ops {
                match op {
                    0 => {
                        h.record(state, "x");
                        state = next;
                        next += 1;
                        model.truncate(at + 1);
                        model.push(state);
                        at += 1;
                    }
                    1 => match h.undo(state) {
                        Ok((s, _)) => { state = s; at -= 1; }
                        Err(s) => { state = s; prop_assert_eq!(at, 0); }
                    },
                    _ => match h.redo(state) {
                        Ok((s, _)) => { state = s; at += 1; }
                        Err(s) => { state = s; prop_assert_eq!(at, model.len() - 1); }
                    },
                }
                prop_assert_eq!(state, model[at]);
            }
        }
    }
}
