//! Every budget the project holds itself to, in one table: the test command fails over the
//! ones it checks, and the bench report judges its figures against the same numbers.

/// The viewer's first load (tags module, glue, snippets, stylesheet), brotli bytes.
pub const FIRST_LOAD_BROTLI: usize = 64 * 1024;

/// Tracking, per clip of the evaluation set: p95 centre error over the frames kept, % of the
/// frame width (and never above CSRT's on the same clip).
pub const TRACK_P95_PERCENT: f64 = 2.0;
/// Tracking: share of the frames where the product shows that must be kept.
pub const TRACK_KEPT_SHARE: f64 = 0.9;
/// Tracking: frames from the product being half hidden to the tracker letting go.
pub const TRACK_NOTICE_FRAMES: usize = 3;
/// The studio's tracker in Chromium, frame access included, frames per second.
pub const STUDIO_TRACK_FPS: f64 = 100.0;
