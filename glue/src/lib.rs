//! Browser glue shared by the viewer (`www`, the first load), the shop module and the studio,
//! written once so the three cannot drift apart: the frame driver ([`frames`]), a resize
//! watch released on drop ([`observe`]), each module's panic hook ([`panic`]), money and
//! numbers through one `Intl.NumberFormat` binding ([`intl`]), and the small helpers every
//! module wrote for itself ([`js`]).
//!
//! Invariant: only `wasm-bindgen`, `js-sys` and `web-sys` — no yew, no serde — so the
//! viewer's first load may link it; whatever it owns (callbacks, observers, pending frame
//! requests) is released when it is dropped.

pub mod frames;
pub mod intl;
pub mod js;
pub mod observe;
pub mod panic;
