//! The Wasm entry: `mount(video, options)` returns one handle to JS; everything else is inside.
//!
//! Module map: [`bindings`] declares every JS import; [`handle`] is the exported handle;
//! [`mounted`] owns one overlay's DOM, listeners and engine; [`driver`] runs the per-frame loop;
//! [`layout`] measures the video; [`events`] is the JS-facing event protocol; [`panic`] reports
//! panics once.

mod bindings;
mod driver;
mod events;
mod handle;
mod layout;
mod mounted;
mod options;
mod panic;

pub use handle::{mount, OverlayHandle};
