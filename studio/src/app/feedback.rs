//! What the studio tells the brand after any message: the sentence announced politely, the
//! refused edit's reason beside the inspector, the list of problems a file or the API refused,
//! and whether the draft changed (then the studio lints, saves, re-previews and looks up
//! products). Every area writes here; only the studio acts on it.

use authoring::EditError;

#[derive(Default)]
pub struct Feedback {
    pub announce: String,
    pub edit_error: Option<String>,
    pub refused_title: String,
    pub refused: Vec<(String, String)>,
    /// The draft changed since the studio last acted on it.
    pub dirty: bool,
}

impl Feedback {
    pub fn say(&mut self, text: impl Into<String>) {
        self.announce = text.into();
    }

    /// An edit's result: announced and marked dirty, or its reason shown and announced.
    pub fn edited(&mut self, r: Result<String, EditError>) {
        match r {
            Ok(text) => {
                self.edit_error = None;
                self.say(text);
                self.dirty = true;
            }
            Err(e) => self.refuse(e.to_string()),
        }
    }

    /// A change the brand asked for could not be made: shown beside the inspector, announced.
    pub fn refuse(&mut self, why: String) {
        self.say(why.clone());
        self.edit_error = Some(why);
    }

    /// A list of problems under `title` (a file, the saved draft, the API refused something).
    /// Problems of a file or an answer, each `(path, message)`; shown with the place in words
    /// (the draft, when there is one, names the tags and products).
    pub fn problems(
        &mut self,
        title: impl Into<String>,
        list: Vec<(String, String)>,
        draft: Option<&authoring::Draft>,
    ) {
        self.refused_title = title.into();
        self.refused = list
            .into_iter()
            .map(|(path, message)| (authoring::place(&path, draft), message))
            .collect();
    }
}
