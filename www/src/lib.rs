//! The Wasm entry: `mount(video, options)` returns one handle to JS; everything else is inside.
//!
//! Module map: [`bindings`] declares every JS import; [`handle`] is the exported handle;
//! [`mounted`] owns one overlay's DOM, listeners and engine; [`driver`] runs the per-frame loop;
//! [`layout`] measures the video; [`events`] is the JS-facing event protocol; [`panic`] reports
//! panics once. The shopping loop: [`shop`] drives the card, the cart machine and checkout
//! through the host's bridge; [`wire`] checks the bridge's answers; [`money`] formats prices
//! with Intl; [`analytics`] batches events.

mod analytics;
mod bindings;
mod driver;
mod events;
mod handle;
mod layout;
mod money;
mod mounted;
mod options;
mod panic;
mod shop;
mod wire;

pub use handle::{mount, OverlayHandle};
