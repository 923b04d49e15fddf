//! The cart button and drawer in headless Chromium: the badge and its name, lines as text,
//! steppers that ask for absolute quantities, limits, Escape, a checkout that cannot be sent
//! twice, and the order confirmation taking focus.
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen_test::*;
use web_sys::{KeyboardEvent, KeyboardEventInit};
use widgets::{
    CardView, CartLineView, CartView, CheckoutView, ShopAction, ShopLayer, ShopLayerProps, Tr,
};
use yew::{AttrValue, Callback};

mod common;
use common::{document, mount, q, until};

wasm_bindgen_test_configure!(run_in_browser);

fn line(variant: &'static str, title: &'static str, quantity: u32, max: u32) -> CartLineView {
    CartLineView {
        variant: AttrValue::Static(variant),
        title: AttrValue::Static(title),
        options: AttrValue::Static("M · Black"),
        image: None,
        quantity,
        max,
        max_reason: Some(AttrValue::Static("2 per customer at the deal price.")),
        line_total: AttrValue::Static("$10.00"),
        pending: false,
    }
}

fn props(cart: CartView, drawer_open: bool, log: Rc<RefCell<Vec<ShopAction>>>) -> ShopLayerProps {
    ShopLayerProps {
        tr: Tr::default(),
        card: None::<CardView>,
        cart,
        drawer_open,
        pin: None,
        shelf: None,
        products: 3,
        announcement: AttrValue::default(),
        // What the viewer did; the layer's own measurements of its corners are not that.
        on_action: Callback::from(move |a| {
            if !matches!(a, ShopAction::Held(_)) {
                log.borrow_mut().push(a)
            }
        }),
    }
}

fn cart(checkout: CheckoutView) -> CartView {
    CartView {
        lines: Rc::from(vec![
            line("tote-black", "<b>Tote</b>", 2, 3),
            line("mug-sand", "Mug", 3, 3),
        ]),
        count: 5,
        subtotal: AttrValue::Static("$50.00"),
        checkout,
        notice: Some(AttrValue::Static("Only 3 left of Mug.")),
        syncing: true,
    }
}

#[wasm_bindgen_test]
async fn badge_lines_and_steppers() {
    let log = Rc::new(RefCell::new(Vec::new()));
    let (root, mut app) = mount::<ShopLayer>(props(cart(CheckoutView::Idle), false, log.clone()));
    until("button", || {
        root.query_selector(".so-cart-button")
            .ok()
            .flatten()
            .is_some()
    })
    .await;
    let button = q(&root, ".so-cart-button");
    assert_eq!(
        button.get_attribute("aria-label").as_deref(),
        Some("Cart, 5 items")
    );
    assert_eq!(
        q(&root, ".so-shelf-button").text_content().as_deref(),
        Some("3 products"),
        "the way into the shelf counts the video's products"
    );
    assert_eq!(
        q(&root, ".so-cart-count").text_content().as_deref(),
        Some("5")
    );
    button.click();
    assert_eq!(log.borrow().last(), Some(&ShopAction::OpenCart));

    app.update(props(cart(CheckoutView::Idle), true, log.clone()));
    until("drawer", || {
        root.query_selector(".so-drawer").ok().flatten().is_some()
    })
    .await;
    let drawer = q(&root, ".so-drawer");
    assert_eq!(drawer.get_attribute("aria-busy").as_deref(), Some("true"));
    let title = q(&root, ".so-line-title");
    assert_eq!(title.text_content().as_deref(), Some("<b>Tote</b>"));
    assert!(
        title.query_selector("b").ok().flatten().is_none(),
        "text, not markup"
    );
    assert_eq!(
        q(&root, ".so-notice").get_attribute("role").as_deref(),
        Some("alert")
    );
    // Steppers ask for absolute quantities; + stops at the line's limit.
    q(&root, "[data-variant='tote-black'] [aria-label='One more']").click();
    q(&root, "[data-variant='tote-black'] [aria-label='One less']").click();
    q(&root, "[data-variant='tote-black'] .so-line-remove").click();
    let plus_mug = q(&root, "[data-variant='mug-sand'] [aria-label='One more']");
    assert!(plus_mug.has_attribute("disabled"), "3 of 3: no more");
    // And says why, on that line only.
    assert_eq!(
        q(&root, "[data-variant='mug-sand'] .so-limit-note")
            .text_content()
            .as_deref(),
        Some("2 per customer at the deal price.")
    );
    assert!(root
        .query_selector("[data-variant='tote-black'] .so-limit-note")
        .ok()
        .flatten()
        .is_none());
    assert_eq!(
        log.borrow()[1..].to_vec(),
        vec![
            ShopAction::SetLine(AttrValue::Static("tote-black"), 3),
            ShopAction::SetLine(AttrValue::Static("tote-black"), 1),
            ShopAction::SetLine(AttrValue::Static("tote-black"), 0),
        ]
    );
    // Focus is inside the drawer; Escape asks to close it.
    until("focus in drawer", || {
        document()
            .active_element()
            .is_some_and(|e| e.closest(".so-drawer").ok().flatten().is_some())
    })
    .await;
    let init = KeyboardEventInit::new();
    init.set_key("Escape");
    init.set_bubbles(true);
    init.set_cancelable(true);
    let esc = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init)
        .unwrap_or_else(|_| panic!("event"));
    let _ = drawer.dispatch_event(&esc);
    assert_eq!(log.borrow().last(), Some(&ShopAction::CloseCart));
    app.destroy();
    root.remove();
}

#[wasm_bindgen_test]
async fn checkout_once_then_the_order_takes_focus() {
    let log = Rc::new(RefCell::new(Vec::new()));
    let (root, mut app) = mount::<ShopLayer>(props(cart(CheckoutView::Idle), true, log.clone()));
    until("checkout", || {
        root.query_selector(".so-checkout").ok().flatten().is_some()
    })
    .await;
    q(&root, ".so-checkout").click();
    assert_eq!(log.borrow().last(), Some(&ShopAction::Checkout));
    app.update(props(cart(CheckoutView::Pending), true, log.clone()));
    until("pending", || {
        q(&root, ".so-checkout")
            .get_attribute("aria-busy")
            .as_deref()
            == Some("true")
    })
    .await;
    let n = log.borrow().len();
    q(&root, ".so-checkout").click();
    assert_eq!(
        log.borrow().len(),
        n,
        "a pending checkout is not sent twice"
    );
    app.update(props(
        cart(CheckoutView::Placed {
            order: AttrValue::Static("o-42"),
            number: AttrValue::Static("7KQ2-M9XD"),
            total: AttrValue::Static("$50.00"),
        }),
        true,
        log.clone(),
    ));
    until("order focused", || {
        document()
            .active_element()
            .is_some_and(|e| e.class_name() == "so-order")
    })
    .await;
    assert_eq!(
        q(&root, ".so-order-id").text_content().as_deref(),
        Some("7KQ2-M9XD")
    );
    assert_eq!(
        q(&root, ".so-order-id")
            .get_attribute("data-order")
            .as_deref(),
        Some("o-42")
    );
    assert!(root.query_selector(".so-checkout").ok().flatten().is_none());
    app.destroy();
    root.remove();
}
