//! Positions through the CSSOM: components render `data-*` numbers, and after each render
//! this writes them as style properties. The pages' policy forbids inline `style` attributes
//! (no `'unsafe-inline'`), but allows the CSSOM.

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

/// Every element under `root` with `data-px`/`data-py` (pixels: a translate), or
/// `data-left`/`data-width` (percent of the parent), gets those as style.
pub fn apply(root: &Element) {
    let Ok(list) = root.query_selector_all("[data-px],[data-left]") else {
        return;
    };
    for i in 0..list.length() {
        let Some(el) = list.item(i).and_then(|n| n.dyn_into::<HtmlElement>().ok()) else {
            continue;
        };
        let style = el.style();
        let num = |k: &str| el.get_attribute(k).and_then(|v| v.parse::<f64>().ok());
        if let (Some(x), Some(y)) = (num("data-px"), num("data-py")) {
            let _ = style.set_property("transform", &format!("translate({x:.1}px, {y:.1}px)"));
        }
        if let Some(w) = num("data-pw") {
            let _ = style.set_property("width", &format!("{w:.1}px"));
        }
        if let Some(h) = num("data-ph") {
            let _ = style.set_property("height", &format!("{h:.1}px"));
        }
        if let Some(l) = num("data-left") {
            let _ = style.set_property("left", &format!("{l:.4}%"));
        }
        if let Some(w) = num("data-width") {
            let _ = style.set_property("width", &format!("{w:.4}%"));
        }
    }
}
