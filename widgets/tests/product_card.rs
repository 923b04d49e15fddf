//! The product card in headless Chromium: untrusted text stays text, options show as swatches
//! and rows with their availability, a limit says why, Escape closes, Tab stays inside, the
//! grip drags the sheet closed, pending and failure states render.
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, KeyboardEvent, KeyboardEventInit, PointerEvent, PointerEventInit};
use widgets::{
    AddState, ChoiceView, DealView, OptionGroupView, ProductCard, ProductCardProps, ProductView,
};
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

fn choice(
    label: &'static str,
    swatch: Option<&'static str>,
    chosen: bool,
    target: Option<&'static str>,
    note: Option<&'static str>,
    out: bool,
) -> ChoiceView {
    ChoiceView {
        label: AttrValue::Static(label),
        swatch: swatch.map(AttrValue::Static),
        chosen,
        target: target.map(AttrValue::Static),
        note: note.map(AttrValue::Static),
        out,
    }
}

fn pointer(el: &HtmlElement, kind: &str, y: i32) {
    let init = PointerEventInit::new();
    init.set_pointer_id(7);
    init.set_client_y(y);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let e = PointerEvent::new_with_event_init_dict(kind, &init)
        .unwrap_or_else(|_| panic!("pointer event"));
    let _ = el.dispatch_event(&e);
}

async fn sleep(ms: i32) {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        let _ = web_sys::window()
            .unwrap_or_else(|| panic!("no window"))
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(p).await;
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
            groups: Rc::from(vec![
                OptionGroupView {
                    label: AttrValue::Static("Colour"),
                    legend: AttrValue::Static("Colour: Black"),
                    swatches: true,
                    choices: Rc::from(vec![
                        choice(
                            "Black",
                            Some("#1d1d1f"),
                            true,
                            Some("black"),
                            Some("2 left"),
                            false,
                        ),
                        choice(
                            "Sand",
                            Some("#d8c8a8"),
                            false,
                            Some("sand"),
                            Some("sold out"),
                            true,
                        ),
                    ]),
                },
                OptionGroupView {
                    label: AttrValue::Static("Size"),
                    legend: AttrValue::Static("Size: S"),
                    swatches: false,
                    choices: Rc::from(vec![
                        choice("S", None, true, Some("black"), None, false),
                        choice(
                            "M",
                            None,
                            false,
                            None,
                            Some("not in this combination"),
                            true,
                        ),
                    ]),
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
            max: 2,
            max_reason: Some(AttrValue::Static("Only 2 left of this item.")),
            unavailable: None,
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
    assert_eq!(card.tag_name(), "DIALOG");
    until("opened modally", || card.matches(":modal").unwrap_or(false)).await;
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
    // Colour as swatches, named with their note; size as a row of words.
    let legends: Vec<String> = (0..2)
        .filter_map(|i| {
            root.query_selector_all(".so-option-legend")
                .ok()?
                .item(i)?
                .text_content()
        })
        .collect();
    assert_eq!(legends, ["Colour: Black", "Size: S"]);
    let swatches = root
        .query_selector_all(".so-option--swatches .so-choice")
        .unwrap_or_else(|_| panic!("q"));
    assert_eq!(swatches.length(), 2);
    let nth = |list: &web_sys::NodeList, i: u32| -> HtmlElement {
        list.item(i)
            .and_then(|n| n.dyn_into().ok())
            .unwrap_or_else(|| panic!("choice {i}"))
    };
    let (black, sand) = (nth(&swatches, 0), nth(&swatches, 1));
    assert_eq!(black.get_attribute("aria-pressed").as_deref(), Some("true"));
    assert_eq!(
        black.get_attribute("aria-label").as_deref(),
        Some("Black, 2 left")
    );
    assert_eq!(
        q(&black, ".so-swatch")
            .style()
            .get_property_value("--so-swatch")
            .ok()
            .as_deref(),
        Some("#1d1d1f"),
        "the swatch is painted through the CSSOM"
    );
    assert!(sand.class_list().contains("so-choice--out"));
    assert!(
        !sand.has_attribute("disabled"),
        "a sold-out colour can be chosen, and says so"
    );
    assert_eq!(
        sand.get_attribute("aria-label").as_deref(),
        Some("Sand, sold out")
    );
    let sizes = root
        .query_selector_all(".so-option:not(.so-option--swatches) .so-choice")
        .unwrap_or_else(|_| panic!("q"));
    let m = nth(&sizes, 1);
    assert!(m.has_attribute("disabled"), "no variant has it");
    assert_eq!(
        m.text_content().as_deref(),
        Some("Mnot in this combination")
    );
    sand.click();
    assert_eq!(log.borrow().last().map(String::as_str), Some("select sand"));
    log.borrow_mut().clear();
    // Below the limit, no word of it.
    assert!(root
        .query_selector(".so-limit-note")
        .ok()
        .flatten()
        .is_none());
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

#[wasm_bindgen_test]
async fn at_the_limit_it_says_why_and_the_grip_drags_it_closed() {
    let log = Rc::new(RefCell::new(Vec::new()));
    let mut p = props(AddState::Idle, log.clone());
    p.quantity = 2;
    let (root, app) = mount::<ProductCard>(p);
    until("card", || {
        root.query_selector(".so-card").ok().flatten().is_some()
    })
    .await;
    assert!(q(&root, "button[aria-label='One more']").has_attribute("disabled"));
    assert_eq!(
        q(&root, ".so-limit-note").text_content().as_deref(),
        Some("Only 2 left of this item.")
    );
    // A short pull springs back; a long one closes.
    let grip = q(&root, ".so-card-grip");
    // Slowly: a fast flick closes from any distance.
    pointer(&grip, "pointerdown", 100);
    sleep(200).await;
    pointer(&grip, "pointermove", 130);
    assert!(q(&root, ".so-card").class_list().contains("so-dragging"));
    pointer(&grip, "pointerup", 130);
    assert!(!q(&root, ".so-card").class_list().contains("so-dragging"));
    assert!(
        !log.borrow().iter().any(|l| l == "close"),
        "a short pull does not close"
    );
    pointer(&grip, "pointerdown", 100);
    pointer(&grip, "pointermove", 400);
    pointer(&grip, "pointerup", 400);
    assert_eq!(log.borrow().last().map(String::as_str), Some("close"));
    app.destroy();
    root.remove();
}
