//! The publish pane's state: whether a publish is under way, what the last one (or a load of the
//! published version) said, and whether the draft conflicts with what is published. Publishing
//! is conditional on the version the draft is based on, so nobody's work is overwritten.

use authoring::words;
use authoring::{Draft, Session};
use yew::Callback;

use super::feedback::Feedback;
use super::shelf;
use super::video::VideoPane;
use crate::api::{self, Published};

/// The published manifest of a video and its version, if it has one.
type Answer = Result<Option<(String, i64)>, String>;

pub enum PublishMsg {
    Publish,
    /// Load the published version again.
    Reload,
    Loaded(Answer),
    /// Whether the video id the brand moved to is already published.
    Exists(Answer),
    Done(Published),
}

pub struct Publishing {
    send: Callback<PublishMsg>,
    pub busy: bool,
    pub status: Option<String>,
    pub conflict: bool,
}

impl Publishing {
    pub fn new(send: Callback<PublishMsg>) -> Publishing {
        Publishing {
            send,
            busy: false,
            status: None,
            conflict: false,
        }
    }

    /// Another video: nothing said about publishing it yet.
    pub fn reset(&mut self) {
        self.conflict = false;
        self.status = None;
    }

    fn ask(&self, id: String, answer: fn(Answer) -> PublishMsg) {
        let send = self.send.clone();
        wasm_bindgen_futures::spawn_local(async move {
            send.emit(answer(api::published(&id).await));
        });
    }

    /// Loads the published version of `id`, if there is one.
    pub fn load(&self, id: &str) {
        self.ask(id.to_string(), PublishMsg::Loaded);
    }

    /// Checks whether `id` is published (after the brand gave the work a new id).
    pub fn check(&self, id: &str) {
        self.ask(id.to_string(), PublishMsg::Exists);
    }

    /// Handles `msg`; `errors` is whether lint found errors (then nothing is published).
    pub fn update(
        &mut self,
        msg: PublishMsg,
        session: &mut Session,
        video: &VideoPane,
        errors: bool,
        fb: &mut Feedback,
    ) {
        match msg {
            PublishMsg::Publish if errors => {
                let m = words::t("publish.fix_first");
                self.status = Some(m.into());
                fb.say(m);
            }
            PublishMsg::Publish => {
                self.busy = true;
                let d = session.draft();
                let (id, json, base, key) = (
                    d.video.id.clone(),
                    d.to_json(),
                    session.base(),
                    random_key(),
                );
                let send = self.send.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    send.emit(PublishMsg::Done(api::publish(&id, &json, base, &key).await));
                });
            }
            PublishMsg::Reload => self.load(&session.draft().video.id),
            PublishMsg::Loaded(Ok(Some((text, version)))) => match Draft::import(&text) {
                Ok((d, _)) => {
                    let r = session.load_published(d, version, &video.ctx());
                    if r.is_ok() {
                        self.conflict = false;
                    }
                    fb.edited(r);
                }
                Err(e) => {
                    self.status = Some(words::f("publish.unreadable", &[("why", &e.to_string())]))
                }
            },
            PublishMsg::Loaded(Ok(None)) => {}
            PublishMsg::Loaded(Err(e)) => {
                self.status = Some(words::f("publish.unfetched", &[("why", &e.to_string())]))
            }
            PublishMsg::Exists(Ok(Some((_, v)))) => {
                self.conflict = true;
                self.status = Some(format!(
                    "Version {v} of this video is published; publishing your draft would need \
                     its changes. Load the published version to edit it instead."
                ));
            }
            PublishMsg::Exists(_) => {}
            PublishMsg::Done(p) => self.done(p, session, fb),
        }
    }

    fn done(&mut self, p: Published, session: &mut Session, fb: &mut Feedback) {
        self.busy = false;
        let msg = match p {
            Published::Version(v) => {
                session.published(v);
                self.conflict = false;
                fb.refused.clear();
                shelf::save(session);
                words::f("publish.done", &[("version", &v.to_string())])
            }
            Published::Conflict(current, m) => {
                self.conflict = true;
                match current {
                    Some(c) => words::f(
                        "publish.conflict_version",
                        &[("why", &m), ("version", &c.to_string())],
                    ),
                    None => words::f("publish.conflict", &[("why", &m)]),
                }
            }
            Published::Invalid(problems) => {
                fb.problems(words::t("publish.refused"), problems, Some(session.draft()));
                self.status = Some(words::t("publish.has_errors").into());
                return;
            }
            Published::Failed(e) => words::f("publish.failed", &[("why", &e)]),
        };
        self.status = Some(msg.clone());
        fb.say(msg);
    }
}

/// A fresh idempotency key for one publish.
fn random_key() -> String {
    let mut b = [0u8; 12];
    if let Some(c) = web_sys::window().and_then(|w| w.crypto().ok()) {
        let _ = c.get_random_values_with_u8_array(&mut b);
    }
    b.iter().map(|x| format!("{x:02x}")).collect()
}
