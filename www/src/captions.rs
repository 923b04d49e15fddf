//! Following the captions the browser draws over the video: a watch on its text tracks, and
//! the bands the cues shown now take (the engine's estimate, `overlay::captions`).

use overlay::captions::{Bands, Cue, Line};
use overlay::Insets;
use wasm_bindgen::prelude::*;
use web_sys::HtmlVideoElement;

use crate::bindings::{shown_cues, watch_cues};

/// Listeners on the video's text tracks; removed on drop.
pub struct Captions {
    stop: js_sys::Function,
    _changed: Closure<dyn FnMut()>,
}

impl Captions {
    /// Calls `changed` whenever the cues shown may have changed.
    pub fn watch(video: &HtmlVideoElement, changed: impl FnMut() + 'static) -> Captions {
        let changed = Closure::<dyn FnMut()>::new(changed);
        Captions {
            stop: watch_cues(video, changed.as_ref().unchecked_ref()),
            _changed: changed,
        }
    }
}

impl Drop for Captions {
    fn drop(&mut self) {
        let _ = self.stop.call0(&JsValue::NULL);
    }
}

/// The bands the cues shown over `video` now take, over its `w` × `h` content box.
pub fn shown_bands(video: &HtmlVideoElement, w: f64, h: f64) -> Insets {
    let values = shown_cues(video);
    let mut bands = Bands::new(w, h);
    for k in 0..values.length() / 4 {
        let at = |j: u32| values.get(k * 4 + j);
        let n = at(0).as_f64().unwrap_or(f64::NAN);
        let line = match (n.is_nan(), at(1).as_f64() == Some(0.0)) {
            (true, _) => Line::Auto,
            (false, true) => Line::Percent(n),
            (false, false) => Line::Number(n),
        };
        let text = at(3).as_string().unwrap_or_default();
        bands.add(Cue {
            text: &text,
            line,
            size: at(2).as_f64().unwrap_or(100.0),
        });
    }
    bands.insets()
}
