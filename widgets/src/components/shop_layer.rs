//! The shopping layer above the tags: the cart button, the product card (or its status) and
//! the cart drawer. It renders what the web side decided and reports what the viewer did, and
//! hands the overlay's translator to every component below it (a yew context).

use yew::prelude::*;

use crate::components::card_status::CardStatus;
use crate::components::cart_button::CartButton;
use crate::components::cart_drawer::CartDrawer;
use crate::components::pin_card::PinCard;
use crate::components::product_card::{AddState, ProductCard, ProductView};
use crate::components::shelf::Shelf;
use crate::held::use_held_corners;
use crate::i18n::Tr;
use crate::view::{CartView, PinView, ShelfView};

/// What the card shows.
#[derive(Clone, Debug, PartialEq)]
pub enum CardView {
    Loading {
        title: AttrValue,
    },
    Unavailable {
        title: AttrValue,
        why: AttrValue,
        can_retry: bool,
    },
    Product {
        product: Box<ProductView>,
        selected: Option<AttrValue>,
        quantity: u32,
        state: AddState,
    },
}

/// Everything the viewer can do in the layer.
#[derive(Clone, Debug, PartialEq)]
pub enum ShopAction {
    SelectVariant(AttrValue),
    CardQuantity(u32),
    Add,
    CloseCard,
    Retry,
    OpenCart,
    CloseCart,
    SetLine(AttrValue, u32),
    Checkout,
    /// Open the card of a product (from the LIVE pin or the shelf).
    OpenProduct(AttrValue),
    OpenShelf,
    CloseShelf,
    ShelfQuery(String),
    ShelfDealsOnly(bool),
    /// The corners the layer's controls hold now (measured, not done by the viewer).
    Held(Vec<overlay::Corner>),
}

#[derive(Properties, Clone, PartialEq)]
pub struct ShopLayerProps {
    /// The overlay's words, numbers and durations in the viewer's language (one per overlay).
    pub tr: Tr,
    pub card: Option<CardView>,
    pub cart: CartView,
    pub drawer_open: bool,
    /// The LIVE pin, when the overlay follows a room and something is pinned.
    #[prop_or_default]
    pub pin: Option<PinView>,
    /// The shop shelf, while open.
    #[prop_or_default]
    pub shelf: Option<ShelfView>,
    /// How many products the video (or the room) shows: the shelf's button says so.
    #[prop_or_default]
    pub products: u32,
    /// What the screen reader hears next, politely (new pins, products now in view).
    #[prop_or_default]
    pub announcement: AttrValue,
    pub on_action: Callback<ShopAction>,
}

#[function_component(ShopLayer)]
pub fn shop_layer(props: &ShopLayerProps) -> Html {
    let act = |a: ShopAction| {
        let cb = props.on_action.clone();
        Callback::from(move |_: ()| cb.emit(a.clone()))
    };
    let on = props.on_action.clone();
    let layer = use_node_ref();
    use_held_corners(layer.clone(), props.pin.is_some(), {
        let on = on.clone();
        Callback::from(move |c| on.emit(ShopAction::Held(c)))
    });
    let card = props.card.as_ref().map(|c| match c {
        CardView::Loading { title } => html! {
            <CardStatus title={title.clone()} problem={None::<AttrValue>} can_retry={false}
                        on_retry={act(ShopAction::Retry)} on_close={act(ShopAction::CloseCard)} />
        },
        CardView::Unavailable { title, why, can_retry } => html! {
            <CardStatus title={title.clone()} problem={Some(why.clone())} can_retry={*can_retry}
                        on_retry={act(ShopAction::Retry)} on_close={act(ShopAction::CloseCard)} />
        },
        CardView::Product { product, selected, quantity, state } => {
            let (o1, o2) = (on.clone(), on.clone());
            html! {
                <ProductCard product={(**product).clone()} selected={selected.clone()}
                             quantity={*quantity} state={state.clone()}
                             on_select={Callback::from(move |v| o1.emit(ShopAction::SelectVariant(v)))}
                             on_quantity={Callback::from(move |q| o2.emit(ShopAction::CardQuantity(q)))}
                             on_add={act(ShopAction::Add)} on_close={act(ShopAction::CloseCard)} />
            }
        }
    });
    let on_line = {
        let on = on.clone();
        Callback::from(move |(v, q): (AttrValue, u32)| on.emit(ShopAction::SetLine(v, q)))
    };
    html! {
        <ContextProvider<Tr> context={props.tr.clone()}>
            <div class="so-shop" ref={layer}>
                <div class="so-corner">
                    // "7 products": the way into every product of the video.
                    <button type="button" class="so-shelf-button" aria-haspopup="dialog"
                            onclick={{
                                let on = on.clone();
                                Callback::from(move |_| on.emit(ShopAction::OpenShelf))
                            }}>{ if props.products > 0 {
                                props.tr.count("shelf.open_count", f64::from(props.products), &[])
                            } else {
                                props.tr.t("shelf.open")
                            } }</button>
                    <CartButton count={props.cart.count} on_open={act(ShopAction::OpenCart)} />
                </div>
                <div class="so-announce" aria-live="polite" aria-atomic="true">{ props.announcement.clone() }</div>
                if let Some(pin) = &props.pin {
                    <PinCard pin={pin.clone()}
                             on_open={Callback::from({
                                 let on = on.clone();
                                 move |p| on.emit(ShopAction::OpenProduct(p))
                             })} />
                }
                // The card, shelf and drawer are modal <dialog>s: they open in the page's top
                // layer, wherever their place in this tree.
                { for card }
                if let Some(shelf) = &props.shelf {
                    <Shelf items={shelf.items.clone()} query={shelf.query.clone()}
                           deals_only={shelf.deals_only}
                           on_query={{ let on = on.clone(); Callback::from(move |q| on.emit(ShopAction::ShelfQuery(q))) }}
                           on_deals_only={{ let on = on.clone(); Callback::from(move |d| on.emit(ShopAction::ShelfDealsOnly(d))) }}
                           on_open={{ let on = on.clone(); Callback::from(move |p| on.emit(ShopAction::OpenProduct(p))) }}
                           on_close={act(ShopAction::CloseShelf)} />
                }
                if props.drawer_open {
                    <CartDrawer cart={props.cart.clone()} on_quantity={on_line}
                                on_checkout={act(ShopAction::Checkout)}
                                on_close={act(ShopAction::CloseCart)} />
                }
            </div>
        </ContextProvider<Tr>>
    }
}
