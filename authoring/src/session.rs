//! One brand's editing session on one video: the draft, its undo history, the published version
//! the draft is based on, and the selected tag. Every change of the draft goes through
//! [`Session::edit`] (an [`Edit`] through [`apply`]); each change the brand makes is one undo
//! step named after what it did, and the selection follows (a placed or copied tag is selected, a
//! deleted one is not, an undo that takes a tag away takes its selection too).
//!
//! The published base travels with the draft through undo: undoing "load the published version"
//! gives back the draft *and* the version it was based on, so a publish from there is checked
//! against what it really came from instead of overwriting the version it never contained.

use crate::draft::Draft;
use crate::edit::{apply, Ctx, Edit, EditError};
use crate::history::History;
use crate::words;

/// The state the history keeps: the draft and the published version it is based on.
#[derive(Clone, Debug, PartialEq)]
struct Snapshot {
    draft: Draft,
    base: Option<i64>,
}

/// Why an undo or redo did nothing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    NothingToUndo,
    NothingToRedo,
}

impl Step {
    pub fn sentence(self) -> &'static str {
        match self {
            Step::NothingToUndo => words::t("step.nothing_to_undo"),
            Step::NothingToRedo => words::t("step.nothing_to_redo"),
        }
    }
}

/// A draft being edited.
#[derive(Clone, Debug)]
pub struct Session {
    now: Snapshot,
    history: History<Snapshot>,
    selected: Option<String>,
}

/// What an edit is called in the undo menu, when the caller gives it no name.
pub fn step_name(e: &Edit) -> &'static str {
    words::t(match e {
        Edit::Place { .. } => "step.place",
        Edit::Move { .. } | Edit::Nudge { .. } => "step.move",
        Edit::MovePath { .. } => "step.move_path",
        Edit::Retime { .. } => "step.retime",
        Edit::Shift { .. } => "step.shift",
        Edit::SetKeyframe { .. } => "step.set_keyframe",
        Edit::DeleteKeyframe { .. } => "step.delete_keyframe",
        Edit::SetEase { .. } => "step.set_ease",
        Edit::SetLabel { .. } => "step.set_label",
        Edit::Delete { .. } => "step.delete",
        Edit::Duplicate { .. } => "step.duplicate",
        Edit::ApplyTrack { .. } => "step.track",
        Edit::Replace(_) => "step.import",
        Edit::SetDuration(_) => "step.duration",
    })
}

impl Session {
    /// An empty draft for video `id`, based on no published version.
    pub fn new(id: &str, duration: Option<f64>) -> Session {
        Session::open(Draft::new(id, duration), None)
    }

    /// Opens `draft` (restored from the browser) based on `base`, with no history.
    pub fn open(draft: Draft, base: Option<i64>) -> Session {
        Session {
            now: Snapshot { draft, base },
            history: History::default(),
            selected: None,
        }
    }

    pub fn draft(&self) -> &Draft {
        &self.now.draft
    }

    /// The published version this draft is based on (`None`: never published nor loaded).
    pub fn base(&self) -> Option<i64> {
        self.now.base
    }

    pub fn selected(&self) -> Option<&str> {
        self.selected.as_deref()
    }

    /// Selects `tag` if the draft has it (else clears the selection).
    pub fn select(&mut self, tag: Option<String>) {
        self.selected = tag.filter(|t| self.now.draft.tag(t).is_some());
    }

    /// What undo would take back, and what redo would do again.
    pub fn next_undo(&self) -> Option<&str> {
        self.history.next_undo()
    }

    pub fn next_redo(&self) -> Option<&str> {
        self.history.next_redo()
    }

    /// Applies `e` as one undo step named after its kind. On success returns what to announce;
    /// a refused edit changes nothing and records nothing.
    pub fn edit(&mut self, e: Edit, ctx: &Ctx) -> Result<String, EditError> {
        let name = step_name(&e);
        self.edit_named(e, name, ctx)
    }

    /// Applies `e` as one undo step called `name`.
    pub fn edit_named(&mut self, e: Edit, name: &str, ctx: &Ctx) -> Result<String, EditError> {
        let selects = matches!(e, Edit::Place { .. } | Edit::Duplicate { .. });
        let mut next = self.now.draft.clone();
        let text = apply(&mut next, e, ctx)?;
        let before = std::mem::replace(&mut self.now.draft, next);
        self.history.record(
            Snapshot {
                draft: before,
                base: self.now.base,
            },
            name,
        );
        if selects {
            self.selected = self.now.draft.tags.last().map(|t| t.id.clone());
        }
        self.keep_selection();
        Ok(text)
    }

    /// The published version `version` replaces the draft, as one undo step; the draft is then
    /// based on it.
    pub fn load_published(
        &mut self,
        draft: Draft,
        version: i64,
        ctx: &Ctx,
    ) -> Result<String, EditError> {
        self.replace(draft, Some(version), words::t("step.load_published"), ctx)?;
        Ok(words::f(
            "done.opened_version",
            &[("version", &version.to_string())],
        ))
    }

    /// The work on screen is for video `id` from now on, as one undo step; a new id is based on
    /// no published version.
    pub fn rename(&mut self, id: &str, ctx: &Ctx) -> Result<String, EditError> {
        let mut d = self.now.draft.clone();
        d.video.id = id.to_string();
        self.replace(d, None, words::t("step.rename"), ctx)?;
        Ok(words::f("done.renamed", &[("id", id)]))
    }

    /// `draft` replaces the draft, based on `base`, as one undo step called `name` that undoes
    /// to the draft as it was *and* the version it was based on.
    fn replace(
        &mut self,
        draft: Draft,
        base: Option<i64>,
        name: &str,
        ctx: &Ctx,
    ) -> Result<(), EditError> {
        let before = std::mem::replace(&mut self.now.base, base);
        match self.edit_named(Edit::Replace(Box::new(draft)), name, ctx) {
            Ok(_) => {
                self.history.amend_last(|s| s.base = before);
                Ok(())
            }
            Err(e) => {
                self.now.base = before;
                Err(e)
            }
        }
    }

    /// The draft was published as `version`: it is based on that from now on, and so is every
    /// step in the history of the same video that was based on what the publish replaced (the
    /// same line of work; steps from before a load of another version, or under another video
    /// id, keep their own base).
    pub fn published(&mut self, version: i64) {
        let old = self.now.base;
        let video = self.now.draft.video.id.clone();
        self.now.base = Some(version);
        self.history.for_each_mut(|s| {
            if s.base == old && s.draft.video.id == video {
                s.base = Some(version);
            }
        });
    }

    /// The video's length as the player read it: through the rules, but not an undo step (the
    /// player said it, the brand did not). Only fills a length the draft does not have.
    pub fn learn_duration(&mut self, seconds: f64, ctx: &Ctx) {
        if self.now.draft.video.duration.is_none() {
            let _ = apply(&mut self.now.draft, Edit::SetDuration(seconds), ctx);
        }
    }

    /// One step back; returns what to announce.
    pub fn undo(&mut self) -> Result<String, Step> {
        let stepped = self.history.undo(self.now.clone());
        self.step(stepped, "done.undid", Step::NothingToUndo)
    }

    /// One step forward again after an undo; returns what to announce.
    pub fn redo(&mut self) -> Result<String, Step> {
        let stepped = self.history.redo(self.now.clone());
        self.step(stepped, "done.redid", Step::NothingToRedo)
    }

    /// Takes the state the history stepped to (announced as `done`), or says there was none.
    fn step(
        &mut self,
        stepped: Result<(Snapshot, String), Snapshot>,
        done: &'static str,
        none: Step,
    ) -> Result<String, Step> {
        let (s, what) = stepped.map_err(|_| none)?;
        self.now = s;
        self.keep_selection();
        Ok(words::f(done, &[("step", &what)]))
    }

    fn keep_selection(&mut self) {
        if let Some(s) = &self.selected {
            if self.now.draft.tag(s).is_none() {
                self.selected = None;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CX: Ctx = Ctx {
        fps: 30.0,
        duration: Some(20.0),
    };

    fn place(s: &mut Session, product: &str, t: f64) -> String {
        s.edit(
            Edit::Place {
                product: product.into(),
                name: None,
                t,
                x: 0.5,
                y: 0.5,
            },
            &CX,
        )
        .unwrap_or_default();
        s.selected().unwrap_or_default().to_string()
    }

    #[test]
    fn a_placed_tag_is_selected_and_a_deleted_one_is_not() {
        let mut s = Session::new("v", Some(20.0));
        let a = place(&mut s, "p1", 1.0);
        assert_eq!(s.draft().tags.len(), 1);
        assert_eq!(s.selected(), Some(a.as_str()));
        assert_eq!(s.next_undo(), Some("place a tag"));
        s.edit(Edit::Delete { tag: a }, &CX).ok();
        assert_eq!(s.selected(), None);
        assert_eq!(s.next_undo(), Some("delete a tag"));
    }

    #[test]
    fn a_refused_edit_changes_nothing_and_records_nothing() {
        let mut s = Session::new("v", Some(20.0));
        let a = place(&mut s, "p1", 1.0);
        let before = s.draft().clone();
        let err = s.edit(
            Edit::Retime {
                tag: a,
                start: 5.0,
                end: 5.0,
            },
            &CX,
        );
        assert_eq!(err, Err(EditError::Empty));
        assert_eq!(s.draft(), &before);
        assert_eq!(s.next_undo(), Some("place a tag"));
    }

    #[test]
    fn undo_takes_the_selection_of_a_tag_it_takes_away() {
        let mut s = Session::new("v", Some(20.0));
        place(&mut s, "p1", 1.0);
        assert_eq!(s.undo(), Ok("Undid: place a tag".into()));
        assert!(s.draft().tags.is_empty());
        assert_eq!(s.selected(), None);
        assert_eq!(s.redo(), Ok("Redid: place a tag".into()));
        assert_eq!(s.draft().tags.len(), 1);
        assert_eq!(s.redo(), Err(Step::NothingToRedo));
        s.select(Some("no such tag".into()));
        assert_eq!(s.selected(), None);
    }

    #[test]
    fn undoing_a_load_gives_back_the_draft_and_its_base() {
        let mut s = Session::open(Draft::new("v", Some(20.0)), Some(2));
        place(&mut s, "mine", 1.0);
        let mine = s.draft().clone();
        let mut published = Draft::new("v", Some(20.0));
        published.video.duration = Some(20.0);
        assert_eq!(
            s.load_published(published.clone(), 5, &CX),
            Ok("Opened published version 5".into())
        );
        assert_eq!((s.draft(), s.base()), (&published, Some(5)));
        assert_eq!(s.next_undo(), Some("load the published version"));
        s.undo().ok();
        // Publishing now is checked against version 2, which this draft came from.
        assert_eq!((s.draft(), s.base()), (&mine, Some(2)));
        s.redo().ok();
        assert_eq!(s.base(), Some(5));
    }

    #[test]
    fn a_publish_rebases_its_own_line_of_work_only() {
        let mut s = Session::open(Draft::new("v", Some(20.0)), Some(1));
        place(&mut s, "a", 1.0);
        s.load_published(Draft::new("v", Some(20.0)), 3, &CX).ok();
        place(&mut s, "b", 2.0);
        s.published(4);
        assert_eq!(s.base(), Some(4));
        // The step after the load was based on 3: published over, it is 4's line now.
        s.undo().ok();
        assert_eq!(s.base(), Some(4));
        // Before the load the work was based on 1, another line: it keeps it.
        s.undo().ok();
        assert_eq!(s.base(), Some(1));
    }

    #[test]
    fn a_publish_after_a_new_video_id_leaves_the_old_ids_steps_alone() {
        let mut s = Session::new("v", Some(20.0));
        place(&mut s, "a", 1.0);
        s.rename("w", &CX).ok();
        s.published(1);
        assert_eq!(s.base(), Some(1));
        // Back under "v", which was never published.
        s.undo().ok();
        assert_eq!((s.draft().video.id.as_str(), s.base()), ("v", None));
    }

    #[test]
    fn a_new_video_id_is_based_on_nothing_and_undoes_whole() {
        let mut s = Session::open(Draft::new("v", Some(20.0)), Some(7));
        assert_eq!(s.rename("w", &CX), Ok("The video id is now w".into()));
        assert_eq!((s.draft().video.id.as_str(), s.base()), ("w", None));
        s.undo().ok();
        assert_eq!((s.draft().video.id.as_str(), s.base()), ("v", Some(7)));
    }

    #[test]
    fn the_players_length_is_learnt_once_and_is_not_an_undo_step() {
        let mut s = Session::new("v", None);
        s.learn_duration(12.3456, &CX);
        assert_eq!(s.draft().video.duration, Some(12.346));
        s.learn_duration(99.0, &CX);
        assert_eq!(s.draft().video.duration, Some(12.346));
        assert_eq!(s.next_undo(), None);
    }
}
