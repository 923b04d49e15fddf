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

/// The engine's active-set query over 10,000 cues (criterion median), nanoseconds.
pub const ACTIVE_QUERY_NS: f64 = 1_000.0;
/// The overlay's frame callback in Chromium, p95 milliseconds per presented frame.
pub const FRAME_P95_MS: f64 = 1.0;
/// A tag shows or hides within this many presented frames of its cue, at p99.
pub const DRIFT_P99_FRAMES: f64 = 1.0;
/// Tap → card and add → badge, p75 milliseconds.
pub const INTERACTION_P75_MS: f64 = 50.0;
/// The countdown's clock against the server's, at most (milliseconds, exclusive).
pub const CLOCK_ERROR_MS: f64 = 1_000.0;
/// Our frame loop's main-thread cost against video.js + videojs-overlay's, at most.
pub const PEER_COST_RATIO: f64 = 0.5;
/// The main-thread cost of one tag showing or hiding at 1× CPU (µs), at most.
pub const SHOW_HIDE_US: f64 = 100.0;
/// `mount()` → the first tag in the DOM at 4× CPU throttling, p50 milliseconds.
pub const FIRST_TAG_4X_MS: f64 = 100.0;
/// Mount → first tag at 4× CPU with 20 tags (ms), at most.
pub const FIRST_TAG_FEW_4X_MS: f64 = 20.0;
/// The API's set-quantity p99 at 1,000 requests/s, milliseconds.
pub const API_P99_MS: f64 = 5.0;
/// A LIVE pin reaching 2,000 viewers over SSE, p99 milliseconds.
pub const FANOUT_P99_MS: f64 = 200.0;
/// The native bridge's round trip in WebKit, p99 milliseconds.
pub const NATIVE_BRIDGE_P99_MS: f64 = 5.0;
/// Memory growth over a LIVE session, JS heap and Wasm each, bytes per hour.
pub const SOAK_BYTES_PER_HOUR: f64 = 1_000_000.0;
/// Fuzz cases per target in the bench.
pub const FUZZ_CASES: u64 = 1_000_000;
