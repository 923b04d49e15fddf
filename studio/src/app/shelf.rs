//! The drafts kept in this browser (`localStorage`, per video id): the draft as saved text and
//! the published version it is based on. Nothing here is sent anywhere.

use authoring::{Draft, Session};
use overlay::ManifestErrors;

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

fn draft_key(id: &str) -> String {
    format!("studio:draft:{id}")
}

fn base_key(id: &str) -> String {
    format!("studio:base:{id}")
}

/// Saves the session's draft and base under its video id.
pub fn save(session: &Session) {
    let Some(s) = storage() else { return };
    let id = &session.draft().video.id;
    let _ = s.set_item(&draft_key(id), &session.draft().to_saved());
    match session.base() {
        Some(b) => {
            let _ = s.set_item(&base_key(id), &b.to_string());
        }
        None => {
            let _ = s.remove_item(&base_key(id));
        }
    }
}

/// Whether this browser keeps a draft of video `id`.
pub fn has(id: &str) -> bool {
    storage()
        .and_then(|s| s.get_item(&draft_key(id)).ok().flatten())
        .is_some()
}

/// The draft of `id` kept here, read (`None`: there is none), and the version it is based on.
/// One that cannot be read stays in storage untouched.
pub fn open(id: &str) -> (Option<Result<Draft, ManifestErrors>>, Option<i64>) {
    let s = storage();
    let base = s
        .as_ref()
        .and_then(|s| s.get_item(&base_key(id)).ok().flatten())
        .and_then(|b| b.parse().ok());
    let saved = s.and_then(|s| s.get_item(&draft_key(id)).ok().flatten());
    (saved.map(|t| Draft::from_saved(&t)), base)
}
