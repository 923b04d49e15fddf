//! The Wasm entry of the viewer's first load: `mount(video, options)` returns one handle to
//! JS, and the tags show without anything else. The shopping UI is a second module (the
//! `shop` crate) that [`shop_link`] loads when it is wanted.
//!
//! Module map: [`bindings`] declares every JS import; [`handle`] is the exported handle;
//! [`mounted`] owns one overlay's DOM, listeners and engine; [`tags`] writes the tag buttons;
//! [`driver`] runs the per-frame loop; [`layout`] measures the video; [`json`] reads the
//! manifest through the browser's JSON.parse; [`events`] is the JS-facing event protocol;
//! [`options`] reads `mount`'s options; [`locale`] picks the viewer's language
//! and checks the integrator's messages; [`panic`] reports panics once; [`registry`] keeps
//! every overlay alive until `destroy()` or until its video leaves the page.

mod bindings;
mod captions;
mod events;
mod handle;
mod json;
mod layout;
mod locale;
mod mounted;
mod options;
mod panic;
mod registry;
mod shop_link;
mod tags;

pub use handle::{mount, OverlayHandle};
pub use panic::instance_panicked;
