//! The shop's modal dialogs: each opens in the page's top layer (so no other overlay on the
//! page can cover it or take its taps), focus moves in and Tab stays inside, and Escape, the
//! browser's own close request and a press on the backdrop close it.

use wasm_bindgen::JsCast;
use web_sys::{Event, HtmlDialogElement, HtmlElement, KeyboardEvent, MouseEvent};

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

/// Closes the modal dialogs open under `root`, so that focus can go back to the control that
/// opened one: while a modal dialog is open the rest of the page is inert and refuses focus,
/// and the dialog leaves the page only at the next render.
pub fn close_dialogs(root: &web_sys::Element) {
    let Ok(list) = root.query_selector_all("dialog[open]") else {
        return;
    };
    for d in (0..list.length()).filter_map(|i| list.item(i)) {
        if let Ok(d) = d.dyn_into::<HtmlDialogElement>() {
            d.close();
        }
    }
}

/// What a modal dialog needs: a ref for its `<dialog>`, a ref for the element focused when it
/// opens (or when `key` changes), and its listeners.
pub struct Modal {
    pub dialog: yew::NodeRef,
    pub first: yew::NodeRef,
    pub onkeydown: yew::Callback<KeyboardEvent>,
    /// A press on the backdrop (outside the dialog's box) closes it.
    pub onclick: yew::Callback<MouseEvent>,
    /// The browser's own close request (Escape where the keys did not see it, Android's back
    /// gesture) closes it through `on_close`, so the shop's state says so too.
    pub oncancel: yew::Callback<Event>,
}

/// Whether a press on the dialog itself fell outside its box: on the backdrop.
fn on_backdrop(dialog: &HtmlElement, e: &MouseEvent) -> bool {
    let on_itself = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Node>().ok())
        .is_some_and(|t| t.is_same_node(Some(dialog)));
    if !on_itself {
        return false;
    }
    let r = dialog.get_bounding_client_rect();
    let (x, y) = (f64::from(e.client_x()), f64::from(e.client_y()));
    x < r.left() || x > r.right() || y < r.top() || y > r.bottom()
}

/// The dialog opens modally once it is in the page (in the top layer, the rest of the page
/// inert), focus moves into it (and again whenever `key` changes: another product in the same
/// card); Escape, a close request and the backdrop call `on_close`; Tab stays inside. Taking
/// it out of the page closes it.
#[yew::hook]
pub fn use_modal<K: PartialEq + 'static>(key: K, on_close: yew::Callback<()>) -> Modal {
    let dialog = yew::use_node_ref();
    let first = yew::use_node_ref();
    {
        let dialog = dialog.clone();
        yew::use_effect_with((), move |_| {
            if let Some(d) = dialog.cast::<HtmlDialogElement>() {
                if !d.open() {
                    // Throws only when it is not in the document: nothing to show then.
                    let _ = d.show_modal();
                }
            }
        });
    }
    {
        let first = first.clone();
        yew::use_effect_with(key, move |_| {
            if let Some(b) = first.cast::<HtmlElement>() {
                let _ = b.focus();
            }
        });
    }
    let onkeydown = dialog_keys(dialog.clone(), on_close.clone());
    let onclick = {
        let (dialog, on_close) = (dialog.clone(), on_close.clone());
        yew::Callback::from(move |e: MouseEvent| {
            if dialog
                .cast::<HtmlElement>()
                .is_some_and(|d| on_backdrop(&d, &e))
            {
                on_close.emit(());
            }
        })
    };
    let oncancel = yew::Callback::from(move |e: Event| {
        e.prevent_default();
        on_close.emit(());
    });
    Modal {
        dialog,
        first,
        onkeydown,
        onclick,
        oncancel,
    }
}
