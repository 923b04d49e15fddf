//! Keyboard focus for the dialogs: Tab and Shift+Tab stay inside.

use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, KeyboardEvent};

const FOCUSABLE: &str = "button:not([disabled]), a[href], [tabindex]:not([tabindex='-1'])";

/// Keeps Tab and Shift+Tab inside `dialog`.
pub fn trap_tab(dialog: &HtmlElement, e: &KeyboardEvent) {
    let Ok(list) = dialog.query_selector_all(FOCUSABLE) else {
        return;
    };
    let n = list.length();
    let (Some(first), Some(last)) = (list.item(0), list.item(n.saturating_sub(1))) else {
        return;
    };
    let active = dialog
        .owner_document()
        .and_then(|d| d.active_element())
        .map(web_sys::Node::from);
    let wrap_to = if e.shift_key() && active.as_ref() == Some(&first) {
        Some(last)
    } else if !e.shift_key() && active.as_ref() == Some(&last) {
        Some(first)
    } else {
        None
    };
    if let Some(target) = wrap_to.and_then(|t| t.dyn_into::<HtmlElement>().ok()) {
        e.prevent_default();
        let _ = target.focus();
    }
}

/// The keyboard of a modal dialog: Escape calls `on_close`, Tab stays inside `dialog`.
pub fn dialog_keys(
    dialog: yew::NodeRef,
    on_close: yew::Callback<()>,
) -> yew::Callback<KeyboardEvent> {
    yew::Callback::from(move |e: KeyboardEvent| match e.key().as_str() {
        "Escape" => {
            e.prevent_default();
            e.stop_propagation();
            on_close.emit(());
        }
        "Tab" => {
            if let Some(d) = dialog.cast::<HtmlElement>() {
                trap_tab(&d, &e);
            }
        }
        _ => {}
    })
}

/// What a modal dialog needs: a ref for itself, a ref for the element focused when it opens
/// (or when `key` changes), and its keyboard handler.
pub struct Modal {
    pub dialog: yew::NodeRef,
    pub first: yew::NodeRef,
    pub onkeydown: yew::Callback<KeyboardEvent>,
}

/// Focus moves into the dialog on open (and whenever `key` changes: another product in the
/// same card); Escape calls `on_close`; Tab stays inside.
#[yew::hook]
pub fn use_modal<K: PartialEq + 'static>(key: K, on_close: yew::Callback<()>) -> Modal {
    let dialog = yew::use_node_ref();
    let first = yew::use_node_ref();
    {
        let first = first.clone();
        yew::use_effect_with(key, move |_| {
            if let Some(b) = first.cast::<HtmlElement>() {
                let _ = b.focus();
            }
        });
    }
    let onkeydown = dialog_keys(dialog.clone(), on_close);
    Modal {
        dialog,
        first,
        onkeydown,
    }
}
