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

/// The viewer's allocator: Talc's WebAssembly configuration instead of the default dlmalloc:
/// the first load is ~2 KiB (brotli) smaller, and Talc's published WebAssembly benchmarks put it
/// ahead of dlmalloc in speed. One thread: the viewer's module never shares its memory.
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

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
