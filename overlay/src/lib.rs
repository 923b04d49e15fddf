//! The shoppable-overlay engine: everything that decides what to show, where and when.
//!
//! Architecture invariant: this crate knows nothing about the web. It depends on no web crate
//! (`web-sys`, `js-sys`, `wasm-bindgen`, `gloo`, `yew`), does no I/O and reads no clock; time and
//! element sizes come in as arguments. `xtask test` proves the dependency rule with `cargo tree`.

pub mod analytics;
pub mod captions;
pub mod cart;
pub mod choices;
pub mod clock;
pub mod contract;
pub mod deal;
pub mod geometry;
pub mod i18n;
pub mod json;
pub mod labels;
pub mod links;
#[cfg(feature = "serde_json")]
pub mod live;
pub mod manifest;
pub mod motion;
pub mod scene;
pub mod small;
pub mod timeline;

pub use analytics::{Batcher, Impressions};
pub use cart::{
    Attribution, Backoff, CartMachine, Failure, Op, Reply, Request, Rollback, ServerCart,
};
pub use clock::{ClockError, ServerClock};
pub use deal::{countdown, offered, Deal, DealError, Phase};
pub use geometry::{ObjectFit, ObjectPosition, Point, Rect, Size};
pub use labels::{Corner, LabelBox};
pub use links::safe_href;
#[cfg(feature = "serde_json")]
pub use live::{Applied, LiveError, LiveFeed};
pub use manifest::{Limits, Manifest, ManifestError, ManifestErrors, Parsed, Tag};
pub use motion::{Ease, Keyframe, Track};
pub use scene::{FrameDelta, Insets, Layout, Path, PathPoint, Placement, Scene};
pub use timeline::{Cursor, Timeline};
