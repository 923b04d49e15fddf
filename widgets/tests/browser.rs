//! Widget tests in headless Chromium: the tag layer renders real, named buttons; motion goes
//! through the registry; activation reports pointer or keyboard; destroy leaves nothing.
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::rc::Rc;

use overlay::Placement;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, MouseEvent, MouseEventInit};
use widgets::{MotionRegistry, TagActivation, TagLayer, TagLayerProps, TagView};
use yew::{AttrValue, Callback};

mod common;
use common::{host, until};

wasm_bindgen_test_configure!(run_in_browser);

fn view(i: u32, name: &str, label: Option<&str>) -> TagView {
    TagView {
        index: i,
        tag_id: AttrValue::from(format!("t{i}")),
        product_id: AttrValue::from(format!("p{i}")),
        name: AttrValue::from(name.to_string()),
        label: label.map(|l| AttrValue::from(l.to_string())),
        badge: None,
    }
}

fn buttons(root: &Element) -> Vec<HtmlElement> {
    let list = root
        .query_selector_all("button.so-tag")
        .unwrap_or_else(|_| panic!("query"));
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<HtmlElement>().ok())
        .collect()
}

struct Fixture {
    root: Element,
    registry: MotionRegistry,
    got: Rc<RefCell<Vec<TagActivation>>>,
    props: TagLayerProps,
}

fn fixture() -> Fixture {
    let root = host();
    let got = Rc::new(RefCell::new(Vec::new()));
    let registry = MotionRegistry::default();
    let sink = got.clone();
    let props = TagLayerProps {
        tags: Rc::from(vec![
            view(0, "Canvas Tote", None),
            view(3, "Trail Runner", Some("−20%")),
        ]),
        registry: registry.clone(),
        on_activate: Callback::from(move |a| sink.borrow_mut().push(a)),
        name: AttrValue::Static("Products in this video"),
    };
    Fixture {
        root,
        registry,
        got,
        props,
    }
}

#[wasm_bindgen_test]
async fn renders_named_buttons_placed_by_the_registry() {
    let f = fixture();
    // A placement that arrives before the element mounts is applied when it mounts.
    f.registry.place(
        0,
        Placement {
            x: 120.5,
            y: 40.25,
            visible: true,
            label_left: false,
        },
    );
    let app =
        yew::Renderer::<TagLayer>::with_root_and_props(f.root.clone(), f.props.clone()).render();
    until("two tags mounted", || f.registry.mounted() == 2).await;
    let b = buttons(&f.root);
    assert_eq!(b.len(), 2);
    assert_eq!(
        b[0].get_attribute("aria-label").as_deref(),
        Some("Canvas Tote")
    );
    assert_eq!(b[0].get_attribute("type").as_deref(), Some("button"));
    assert_eq!(b[0].get_attribute("data-product-id").as_deref(), Some("p0"));
    assert_eq!(
        b[0].style().get_property_value("transform").ok().as_deref(),
        Some("translate(120.5px, 40.25px)")
    );
    assert!(!b[0].hidden());
    assert!(b[1].hidden(), "a tag not placed yet stays hidden");
    assert_eq!(b[1].text_content().as_deref(), Some("−20%"));

    f.registry.place(
        3,
        Placement {
            x: -3.0,
            y: 7.0,
            visible: true,
            label_left: false,
        },
    );
    assert!(!b[1].hidden());
    assert_eq!(
        b[1].style().get_property_value("transform").ok().as_deref(),
        Some("translate(-3px, 7px)")
    );
    f.registry.place(
        3,
        Placement {
            x: 1.0,
            y: 1.0,
            visible: false,
            label_left: false,
        },
    );
    assert!(
        b[1].hidden(),
        "a cropped tag is hidden and leaves the tab order"
    );
    let layer = f
        .root
        .query_selector(".so-layer")
        .ok()
        .flatten()
        .unwrap_or_else(|| panic!("layer"));
    assert_eq!(
        layer.get_attribute("aria-label").as_deref(),
        Some("Products in this video")
    );
    app.destroy();
}

#[wasm_bindgen_test]
async fn activation_reports_pointer_and_keyboard() {
    let f = fixture();
    f.registry.place(
        0,
        Placement {
            x: 10.0,
            y: 10.0,
            visible: true,
            label_left: false,
        },
    );
    let app =
        yew::Renderer::<TagLayer>::with_root_and_props(f.root.clone(), f.props.clone()).render();
    until("tags mounted", || f.registry.mounted() == 2).await;
    let b = buttons(&f.root);
    // A pointer click carries detail 1; the click a focused button gets from Enter has 0.
    let init = MouseEventInit::new();
    init.set_bubbles(true);
    init.set_detail(1);
    let click = MouseEvent::new_with_mouse_event_init_dict("click", &init)
        .unwrap_or_else(|_| panic!("event"));
    let _ = b[0].dispatch_event(&click);
    b[0].click();
    until("two activations", || f.got.borrow().len() == 2).await;
    assert_eq!(
        *f.got.borrow(),
        vec![
            TagActivation {
                index: 0,
                keyboard: false
            },
            TagActivation {
                index: 0,
                keyboard: true
            }
        ]
    );
    app.destroy();
}

#[wasm_bindgen_test]
async fn set_changes_and_destroy_leave_nothing_behind() {
    let f = fixture();
    let mut app =
        yew::Renderer::<TagLayer>::with_root_and_props(f.root.clone(), f.props.clone()).render();
    until("tags mounted", || f.registry.mounted() == 2).await;
    let mut next = f.props.clone();
    next.tags = Rc::from(vec![view(3, "Trail Runner", Some("−20%"))]);
    app.update(next);
    until("one tag left", || buttons(&f.root).len() == 1).await;
    assert_eq!(
        f.registry.mounted(),
        1,
        "an unmounted tag unregisters itself"
    );
    app.destroy();
    until("layer removed", || f.root.child_element_count() == 0).await;
    assert_eq!(f.registry.mounted(), 0);
    f.root.remove();
}
