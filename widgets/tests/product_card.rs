//! The product card in headless Chromium: untrusted text stays text, availability shows,
//! Escape closes, Tab stays inside, pending and failure states render.
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, KeyboardEvent, KeyboardEventInit};
use widgets::{AddState, DealView, ProductCard, ProductCardProps, ProductView, VariantView};
use yew::{AttrValue, Callback};

mod common;
use common::{document, mount, q, until};

wasm_bindgen_test_configure!(run_in_browser);

fn key(el: &HtmlElement, key: &str, shift: bool) {
    let init = KeyboardEventInit::new();
    init.set_key(key);
    init.set_shift_key(shift);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let e = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init)
        .unwrap_or_else(|_| panic!("event"));
    let _ = el.dispatch_event(&e);
}

fn props(state: AddState, log: Rc<RefCell<Vec<String>>>) -> ProductCardProps {
    let l = |name: &'static str| {
        let log = log.clone();
        Callback::from(move |_| log.borrow_mut().push(name.to_string()))
    };
    let sel = log.clone();
    ProductCardProps {
        product: ProductView {
            id: AttrValue::Static("p-tote"),
            title: AttrValue::Static("<img src=x onerror=alert(1)> Tote"),
            image: Some(AttrValue::Static("/media/products/p-tote.svg")),
            price: AttrValue::Static("$34.00"),
            compare_at: Some(AttrValue::Static("$42.00")),
            variants: Rc::from(vec![
                VariantView {
                    id: AttrValue::Static("black"),
                    label: AttrValue::Static("Black"),
                    available: 2,
                },
                VariantView {
                    id: AttrValue::Static("sand"),
                    label: AttrValue::Static("Sand"),
                    available: 0,
                },
            ]),
            link: Some(AttrValue::Static("https://shop.example/products/p-tote")),
            deal: Some(DealView {
                headline: AttrValue::Static("Flash deal · ends in 04:59"),
                spoken: Some(AttrValue::Static(
                    "Flash deal, ends in 4 minutes, 59 seconds",
                )),
                note: Rc::from(vec![
                    AttrValue::Static("12 left at this price"),
                    AttrValue::Static("2 per customer"),
                ]),
                ended: false,
            }),
            limit: None,
        },
        selected: Some(AttrValue::Static("black")),
        quantity: 1,
        state,
        on_select: Callback::from(move |id: AttrValue| {
            sel.borrow_mut().push(format!("select {id}"))
        }),
        on_quantity: {
            let log = log.clone();
            Callback::from(move |n: u32| log.borrow_mut().push(format!("quantity {n}")))
        },
        on_add: l("add"),
        on_close: l("close"),
    }
}

#[wasm_bindgen_test]
async fn renders_text_availability_and_a_safe_link() {
    let log = Rc::new(RefCell::new(Vec::new()));
    let (root, app) = mount::<ProductCard>(props(AddState::Idle, log.clone()));
    until("card", || {
        root.query_selector(".so-card").ok().flatten().is_some()
    })
    .await;
    let card = q(&root, ".so-card");
    assert_eq!(card.get_attribute("role").as_deref(), Some("dialog"));
    assert_eq!(card.get_attribute("aria-modal").as_deref(), Some("true"));
    let title = q(&root, ".so-card-title");
    assert_eq!(
        title.text_content().as_deref(),
        Some("<img src=x onerror=alert(1)> Tote")
    );
    assert!(
        title.query_selector("img").ok().flatten().is_none(),
        "markup stays text"
    );
    assert_eq!(
        q(&root, ".so-compare-at").text_content().as_deref(),
        Some("$42.00")
    );
    let variants = root
        .query_selector_all(".so-variant")
        .unwrap_or_else(|_| panic!("q"));
    assert_eq!(variants.length(), 2);
    let sand: HtmlElement = variants
        .item(1)
        .and_then(|n| n.dyn_into().ok())
        .unwrap_or_else(|| panic!("sand"));
    assert!(sand.has_attribute("disabled"), "sold out cannot be picked");
    assert!(sand.text_content().unwrap_or_default().contains("sold out"));
    let black: HtmlElement = variants
        .item(0)
        .and_then(|n| n.dyn_into().ok())
        .unwrap_or_else(|| panic!("black"));
    assert_eq!(black.get_attribute("aria-pressed").as_deref(), Some("true"));
    assert!(black.text_content().unwrap_or_default().contains("2 left"));
    // The deal's headline is the timer, named with the time in words; each note is its own
    // span (the separator is the style sheet's).
    let headline = q(&root, ".so-deal-headline");
    assert_eq!(headline.get_attribute("role").as_deref(), Some("timer"));
    assert_eq!(
        headline.get_attribute("aria-label").as_deref(),
        Some("Flash deal, ends in 4 minutes, 59 seconds")
    );
    let parts = root
        .query_selector_all(".so-deal-note-part")
        .unwrap_or_else(|_| panic!("q"));
    assert_eq!(parts.length(), 2);
    // Words from the catalog (English outside a shop).
    assert_eq!(
        q(&root, ".so-add").text_content().as_deref(),
        Some("Add to cart")
    );
    assert_eq!(
        q(&root, ".so-compare-at")
            .get_attribute("aria-label")
            .as_deref(),
        Some("was $42.00")
    );
    let link = q(&root, ".so-card-link");
    assert_eq!(
        link.get_attribute("rel").as_deref(),
        Some("noopener noreferrer")
    );
    // Focus moved into the card, onto its close button.
    until("focus in card", || {
        document()
            .active_element()
            .is_some_and(|a| a.class_name() == "so-card-close")
    })
    .await;
    q(&root, ".so-add").click();
    q(&root, "button[aria-label='One more']").click();
    assert_eq!(
        *log.borrow(),
        vec!["add".to_string(), "quantity 2".to_string()]
    );
    app.destroy();
    root.remove();
}

#[wasm_bindgen_test]
async fn escape_closes_and_tab_stays_inside() {
    let log = Rc::new(RefCell::new(Vec::new()));
    let (root, app) = mount::<ProductCard>(props(AddState::Idle, log.clone()));
    until("card", || {
        root.query_selector(".so-card").ok().flatten().is_some()
    })
    .await;
    let close = q(&root, ".so-card-close");
    let done = q(&root, ".so-card-done");
    let _ = done.focus();
    key(&done, "Tab", false);
    assert_eq!(
        document()
            .active_element()
            .map(|a| a.class_name())
            .as_deref(),
        Some("so-card-close"),
        "Tab from the last wraps to the first"
    );
    key(&close, "Tab", true);
    assert_eq!(
        document()
            .active_element()
            .map(|a| a.class_name())
            .as_deref(),
        Some("so-card-done"),
        "Shift+Tab from the first wraps to the last"
    );
    key(&done, "Escape", false);
    assert_eq!(log.borrow().last().map(String::as_str), Some("close"));
    app.destroy();
    root.remove();
}

#[wasm_bindgen_test]
async fn pending_and_failure_states() {
    let log = Rc::new(RefCell::new(Vec::new()));
    let (root, mut app) = mount::<ProductCard>(props(AddState::Pending, log.clone()));
    until("card", || {
        root.query_selector(".so-add").ok().flatten().is_some()
    })
    .await;
    let add = q(&root, ".so-add");
    // Pending: still focusable (focus must not fall out of the dialog), but presses do nothing.
    assert!(!add.has_attribute("disabled"));
    assert_eq!(add.get_attribute("aria-disabled").as_deref(), Some("true"));
    assert_eq!(add.get_attribute("aria-busy").as_deref(), Some("true"));
    add.click();
    assert!(
        !log.borrow().iter().any(|l| l == "add"),
        "a pending add is not sent twice"
    );
    app.update(props(
        AddState::Failed(AttrValue::Static("Only 2 left")),
        log.clone(),
    ));
    until("error", || {
        root.query_selector(".so-card-error")
            .ok()
            .flatten()
            .is_some()
    })
    .await;
    let err = q(&root, ".so-card-error");
    assert_eq!(err.get_attribute("role").as_deref(), Some("alert"));
    assert_eq!(err.text_content().as_deref(), Some("Only 2 left"));
    assert!(
        !q(&root, ".so-add").has_attribute("disabled"),
        "a failed add can be tried again"
    );
    app.destroy();
    root.remove();
}
