//! The preview: the real viewer (its own bundle, through the `mount` the page hands over)
//! mounted on players shaped like the places viewers watch — desktop 16:9, a phone upright
//! with a `cover` player, a letterboxed 21:9 box, and the same in Arabic, right to left —
//! with deal states on a simulated server clock. Each mount is destroyed on drop.

use authoring::words;
use wasm_bindgen::JsValue;
use web_sys::HtmlVideoElement;

use crate::bindings::{viewer_mount, ViewerHandle};

/// One mounted viewer.
pub struct Mounted {
    handle: ViewerHandle,
}

impl Drop for Mounted {
    fn drop(&mut self) {
        let _ = self.handle.destroy();
    }
}

/// Mounts the viewer on `video` with `manifest`; `bridge` (the preview bridge) gives the card
/// and the deal clock; `locale` the language.
pub fn mount(
    mount: &js_sys::Function,
    video: &HtmlVideoElement,
    manifest: &str,
    bridge: &JsValue,
    locale: &str,
) -> Result<Mounted, String> {
    let o = js_sys::Object::new();
    let set = |k: &str, v: &JsValue| {
        let _ = js_sys::Reflect::set(&o, &JsValue::from_str(k), v);
    };
    set("manifest", &JsValue::from_str(manifest));
    set("locale", &JsValue::from_str(locale));
    set("pauseOnOpen", &JsValue::TRUE);
    if !bridge.is_undefined() && !bridge.is_null() {
        set("bridge", bridge);
    }
    viewer_mount(mount, video, &o).map(|handle| Mounted { handle })
}

/// Deal states the preview can show.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DealView {
    /// The server's real clock.
    Now,
    Announced,
    Live,
    Ended,
}

impl DealView {
    pub const ALL: [DealView; 4] = [
        DealView::Now,
        DealView::Announced,
        DealView::Live,
        DealView::Ended,
    ];

    pub fn name(self) -> &'static str {
        match self {
            DealView::Now => "now",
            DealView::Announced => "announced",
            DealView::Live => "live",
            DealView::Ended => "ended",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            DealView::Now => words::t("deal.now"),
            DealView::Announced => words::t("deal.announced"),
            DealView::Live => words::t("deal.live"),
            DealView::Ended => words::t("deal.ended"),
        }
    }

    pub fn parse(s: &str) -> DealView {
        DealView::ALL
            .into_iter()
            .find(|d| d.name() == s)
            .unwrap_or(DealView::Now)
    }

    /// The server time (ms) at which `deals` show this state: the first deal that can be
    /// announced or live decides; "ended" is after the last one ends. `None`: the real clock.
    pub fn server_time(self, deals: &[overlay::Deal]) -> Option<f64> {
        match self {
            DealView::Now => None,
            // After every deal has ended.
            DealView::Ended => deals.iter().map(|d| d.ends_ms + 1_000.0).reduce(f64::max),
            _ => deals.iter().find_map(|d| match self {
                DealView::Announced => d.announce_ms.map(|a| (a + d.starts_ms) / 2.0),
                _ => Some(d.starts_ms + ((d.ends_ms - d.starts_ms) / 2.0).min(60_000.0)),
            }),
        }
    }
}
