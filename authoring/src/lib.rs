//! The brand studio's rules, pure Rust: the editable draft and its manifest JSON, edits that
//! snap to frames and refuse whole, bounded undo history, the editing session (draft, history,
//! published base, selection), timecodes, lint, the product tracker
//! (a correlation filter with a confidence, run sans-IO over a tag's frames) and the synthetic
//! clips it is measured on.
//!
//! Architecture invariant: like `overlay`, this crate knows nothing about the web — no web
//! crate, no I/O, no clock. The studio's yew layer renders its state and forwards input;
//! frames arrive as pixels. `xtask test` proves the dependency rule with `cargo tree`.

pub mod clips;
pub mod demux;
pub mod draft;
pub mod edit;
pub mod history;
pub mod lint;
pub mod place;
pub mod session;
pub mod synth;
pub mod timecode;
pub mod track;
pub mod words;

pub use draft::{Draft, Product, Tag, Video};
pub use edit::{apply, Ctx, Edit, EditError};
pub use history::History;
pub use lint::{lint, Context, Finding, Severity, Stock};
pub use place::place;
pub use session::{Session, Step};
