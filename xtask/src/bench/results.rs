//! What each measurement writes, typed: the JSON of the browser scripts (`tests/bench/*.mjs`),
//! the native benches' one line, criterion's estimates and the fuzz summary. A key renamed on
//! one side fails the read with the file and the field, instead of printing NaN. A figure a
//! producer may leave out (`null`: a percentile of no samples) is an `Option`.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer};

/// A figure that may be `null` (a percentile of no samples) but must be there: serde reads a
/// missing `Option` field as `None`, so a renamed key would print "—" instead of failing; read
/// through this, a missing key is an error that names it.
fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<T>, D::Error> {
    Option::<T>::deserialize(d)
}

/// Criterion's `estimates.json` (nanoseconds).
#[derive(Deserialize)]
pub struct Estimates {
    pub median: Estimate,
    pub mean: Estimate,
}

#[derive(Deserialize)]
pub struct Estimate {
    pub point_estimate: f64,
}

/// `commerce/benches/api_latency.rs`.
#[derive(Deserialize)]
pub struct Api {
    pub set_quantity: Load,
    pub checkout: Load,
}

#[derive(Deserialize)]
pub struct Load {
    pub requests: f64,
    pub rate_per_s: f64,
    pub failed: f64,
    #[serde(deserialize_with = "present")]
    pub p50_ms: Option<f64>,
    #[serde(deserialize_with = "present")]
    pub p99_ms: Option<f64>,
    #[serde(deserialize_with = "present")]
    pub max_ms: Option<f64>,
}

/// `commerce/benches/live_fanout.rs`: one round per audience size, smallest first.
#[derive(Deserialize)]
pub struct Fanout {
    pub fanout: Vec<Round>,
}

#[derive(Deserialize)]
pub struct Round {
    pub viewers: f64,
    pub connected: f64,
    pub deliveries: f64,
    pub missing: f64,
    #[serde(deserialize_with = "present")]
    pub p50_ms: Option<f64>,
    #[serde(deserialize_with = "present")]
    pub p99_ms: Option<f64>,
    #[serde(deserialize_with = "present")]
    pub max_ms: Option<f64>,
}

/// `authoring/benches/tracker.rs`.
#[derive(Deserialize)]
pub struct Tracker {
    pub tracker: Vec<TrackRun>,
}

#[derive(Deserialize)]
pub struct TrackRun {
    pub scenario: String,
    pub frames: f64,
    pub ms_per_frame: f64,
    pub covered: [f64; 2],
    pub keyframes: f64,
    pub mean_error_pct: f64,
    #[serde(deserialize_with = "present")]
    pub p95_error_pct: Option<f64>,
    #[serde(deserialize_with = "present")]
    pub forward: Option<String>,
    #[serde(deserialize_with = "present")]
    pub frames_to_notice: Option<f64>,
}

/// `tests/bench/browser.mjs`.
#[derive(Deserialize)]
pub struct Browser {
    pub frame: Frame,
    pub drift: Drift,
    pub interaction: Interaction,
    pub clock: Vec<ClockRun>,
}

#[derive(Deserialize)]
pub struct Frame {
    pub frames: f64,
    pub callbacks: f64,
    pub exact_frames: bool,
    #[serde(deserialize_with = "present")]
    pub p50_ms: Option<f64>,
    #[serde(deserialize_with = "present")]
    pub p95_ms: Option<f64>,
    #[serde(deserialize_with = "present")]
    pub p99_ms: Option<f64>,
    #[serde(deserialize_with = "present")]
    pub max_ms: Option<f64>,
    #[serde(deserialize_with = "present")]
    pub callback_p50_ms: Option<f64>,
}

#[derive(Deserialize)]
pub struct Drift {
    pub presented_frames: f64,
    pub boundaries: f64,
    #[serde(deserialize_with = "present")]
    pub p50_frames: Option<f64>,
    #[serde(deserialize_with = "present")]
    pub p99_frames: Option<f64>,
    #[serde(deserialize_with = "present")]
    pub max_frames: Option<f64>,
}

#[derive(Deserialize)]
pub struct Interaction {
    pub tap_to_card: Timing,
    pub add_to_badge: Timing,
}

#[derive(Deserialize)]
pub struct Timing {
    pub n: f64,
    #[serde(deserialize_with = "present")]
    pub p50_ms: Option<f64>,
    #[serde(deserialize_with = "present")]
    pub p75_ms: Option<f64>,
    #[serde(deserialize_with = "present")]
    pub p95_ms: Option<f64>,
    #[serde(deserialize_with = "present")]
    pub max_ms: Option<f64>,
}

#[derive(Deserialize)]
pub struct ClockRun {
    pub shift_ms: f64,
    pub samples: f64,
    #[serde(deserialize_with = "present")]
    pub p50_abs_ms: Option<f64>,
    #[serde(deserialize_with = "present")]
    pub max_abs_ms: Option<f64>,
}

/// `tests/bench/studio.mjs`.
#[derive(Deserialize)]
pub struct Studio {
    pub studio: Vec<StudioRun>,
}

#[derive(Deserialize)]
pub struct StudioRun {
    pub scenario: String,
    pub frames_access: String,
    pub tracked_frames: f64,
    pub frames_per_s: f64,
    pub covered: [f64; 2],
    pub mean_error_pct: f64,
    #[serde(deserialize_with = "present")]
    pub p95_error_pct: Option<f64>,
}

/// `tests/bench/lean.mjs` (run without `LEAN_ONLY`, so every part is there).
#[derive(Deserialize)]
pub struct Lean {
    pub clip: String,
    pub tags: f64,
    pub seconds: f64,
    pub cost: Costs,
    pub drift: Sides,
    pub startup: Startups,
    /// Mount → first tag for 500 and for 20 labelled tags spread evenly.
    pub first_tag: Vec<FirstTag>,
    pub before_metadata: BeforeMetadata,
    pub cold_tap: ColdTap,
}

#[derive(Deserialize)]
pub struct FirstTag {
    pub tags: u32,
    pub x1: Startup,
    pub x4: Startup,
}

/// Mounted before the metadata: how many runs showed exactly the active tags on the first
/// presented frame.
#[derive(Deserialize)]
pub struct BeforeMetadata {
    pub throttle: f64,
    pub runs: f64,
    pub exact: f64,
}

#[derive(Deserialize)]
pub struct Costs {
    pub ours_1x: Cost,
    pub peer_1x: Cost,
    pub ours_4x: Cost,
    pub peer_4x: Cost,
}

#[derive(Deserialize)]
pub struct Cost {
    pub script_ms_s: f64,
    pub style_ms_s: f64,
    pub layout_ms_s: f64,
    pub main_ms_s: f64,
    pub layouts_s: f64,
}

#[derive(Deserialize)]
pub struct Sides {
    pub ours: SideDrift,
    pub peer: SideDrift,
}

#[derive(Deserialize)]
pub struct SideDrift {
    pub boundaries: f64,
    #[serde(deserialize_with = "present")]
    pub p50_frames: Option<f64>,
    #[serde(deserialize_with = "present")]
    pub p99_frames: Option<f64>,
    #[serde(deserialize_with = "present")]
    pub max_frames: Option<f64>,
}

#[derive(Deserialize)]
pub struct Startups {
    pub x1: Startup,
    pub x4: Startup,
}

#[derive(Deserialize)]
pub struct Startup {
    pub throttle: f64,
    pub runs: f64,
    /// `Content-Encoding` by path under `/pkg/` (filled as responses arrive).
    pub encodings: BTreeMap<String, String>,
    #[serde(deserialize_with = "present")]
    pub init_p50_ms: Option<f64>,
    #[serde(deserialize_with = "present")]
    pub mount_to_tag_p50_ms: Option<f64>,
    #[serde(deserialize_with = "present")]
    pub mount_to_tag_max_ms: Option<f64>,
    #[serde(deserialize_with = "present")]
    pub mount_to_paint_p50_ms: Option<f64>,
    #[serde(deserialize_with = "present")]
    pub mount_to_paint_max_ms: Option<f64>,
}

#[derive(Deserialize)]
pub struct ColdTap {
    pub n: f64,
    #[serde(deserialize_with = "present")]
    pub p50_ms: Option<f64>,
    #[serde(deserialize_with = "present")]
    pub max_ms: Option<f64>,
}

/// `tests/bench/hls.mjs`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Hls {
    pub frame_ms: f64,
    pub settings: Vec<HlsSetting>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HlsSetting {
    pub sync: f64,
    pub latency_s: Spread,
    pub delay_ms: Spread,
    pub placement_ms: Spread,
}

#[derive(Deserialize)]
pub struct Spread {
    #[serde(deserialize_with = "present")]
    pub median: Option<f64>,
    #[serde(deserialize_with = "present")]
    pub max: Option<f64>,
}

/// `tests/bench/soak.mjs`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Soak {
    pub seconds: f64,
    pub pins: f64,
    pub deals: f64,
    pub heard: f64,
    pub playing: bool,
    pub memories: f64,
    pub heap: Growth,
    pub wasm: Growth,
    pub detached_overlay: f64,
    pub pooled_layers: f64,
    pub detached_bare: f64,
    pub listeners_before: f64,
    /// The overlay's listeners left after `destroy()`, each as "target: type".
    pub listeners_after: Vec<String>,
    pub nodes_left: f64,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Growth {
    pub start: f64,
    pub end: f64,
    #[serde(deserialize_with = "present")]
    pub per_hour: Option<f64>,
}

/// `tests/bench/webkit.mjs`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Webkit {
    pub engine: String,
    pub native_server_time: Calls,
    pub native_set_quantity: Calls,
    pub rest_server_time: Calls,
    pub rest_set_quantity: Calls,
}

#[derive(Deserialize)]
pub struct Calls {
    pub n: f64,
    pub mean: f64,
    pub p50: f64,
    pub p99: f64,
    pub max: f64,
}

/// One fuzz target's summary (`fuzz/src/main.rs`, and `fuzz/native.mjs` for the native bridge).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FuzzTarget {
    pub target: String,
    pub cases: f64,
    pub accepted: f64,
    pub rejected: f64,
    pub skipped: f64,
    pub kinds: f64,
    pub findings: f64,
    pub per_second: f64,
}

/// The npm package as packed (`sizes.rs` measures it).
pub struct Package {
    pub files: Vec<PackedFile>,
    pub tgz: u64,
    /// The first load's message catalog: its strings, every language, before compression.
    pub viewer_catalog_bytes: usize,
}

pub struct PackedFile {
    pub file: String,
    pub raw: usize,
    pub gzip: usize,
    pub brotli: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_renamed_key_is_an_error_that_names_it() {
        let good = r#"{"n":3,"p50_ms":1.5,"p75_ms":null,"p95_ms":2,"max_ms":4}"#;
        let t: Timing = serde_json::from_str(good).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((t.n, t.p75_ms, t.p95_ms), (3.0, None, Some(2.0)));
        let renamed = r#"{"n":3,"p50":1.5,"p75_ms":null,"p95_ms":2,"max_ms":4}"#;
        let err = serde_json::from_str::<Timing>(renamed)
            .err()
            .map(|e| e.to_string());
        assert!(err.is_some_and(|e| e.contains("p50_ms")));
    }

    #[test]
    fn a_figure_may_be_null_but_not_missing() {
        let null = r#"{"n":3,"p50_ms":null,"max_ms":null}"#;
        let c: ColdTap = serde_json::from_str(null).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(c.p50_ms, None);
        let missing = r#"{"n":3,"max_ms":null}"#;
        assert!(serde_json::from_str::<ColdTap>(missing).is_err());
    }

    #[test]
    fn the_native_fuzz_row_without_corpus_or_seconds_reads() {
        let row = r#"{"target":"native","cases":10,"accepted":4,"rejected":6,"skipped":0,"kinds":3,"findings":0,"perSecond":99.5}"#;
        let t: FuzzTarget = serde_json::from_str(row).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((t.target.as_str(), t.per_second), ("native", 99.5));
    }
}

/// `tests/bench/matrix.mjs`: the frame loop on every shape of manifest, both sides.
#[derive(Deserialize)]
pub struct Matrix {
    pub clip: String,
    /// Which cells ran (`MATRIX_CELLS`), or "every cell".
    pub cells: String,
    pub seconds: f64,
    pub from: f64,
    pub seeds: Vec<u32>,
    pub held_out_seeds: Vec<u32>,
    pub baseline: BTreeMap<String, MatrixCost>,
    pub rows: Vec<MatrixRow>,
}

#[derive(Deserialize)]
pub struct MatrixRow {
    pub shape: String,
    pub motion: String,
    pub labels: String,
    pub n: u32,
    /// "tuning" or "held-out".
    pub set: String,
    pub sides: MatrixSides,
}

#[derive(Deserialize)]
pub struct MatrixSides {
    pub ours: MatrixSide,
    pub peer: MatrixSide,
}

#[derive(Deserialize)]
pub struct MatrixSide {
    pub x1: MatrixCell,
    pub x4: MatrixCell,
    pub drift: SideDrift,
}

#[derive(Deserialize)]
pub struct MatrixCost {
    pub main_ms_s: f64,
    pub script_ms_s: f64,
    pub style_ms_s: f64,
    pub layout_ms_s: f64,
    pub layouts_s: f64,
}

#[derive(Deserialize)]
pub struct MatrixCell {
    #[serde(flatten)]
    pub cost: MatrixCost,
    /// Boundaries (shows and hides) in the media time played.
    pub boundaries: f64,
    /// The main-thread cost above the side's own with no tags, per show/hide (µs); `null`
    /// where nothing showed or hid.
    #[serde(deserialize_with = "present")]
    pub per_boundary_us: Option<f64>,
}
