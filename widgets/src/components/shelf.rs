//! The shop shelf: every product of the video (or the LIVE room), deals first, with a text
//! search and an "on deal" filter; each item opens the product card. A modal dialog like the
//! cart drawer: focus moves in, Tab stays inside, Escape closes.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::components::was_price::WasPrice;
use crate::components::Isolate;
use crate::focus::{use_modal, Modal};
use crate::i18n::use_tr;
use crate::view::ShelfItem;

#[derive(Properties, Clone, PartialEq)]
pub struct ShelfProps {
    /// Already filtered and ordered (deals first) by the web side.
    pub items: std::rc::Rc<[ShelfItem]>,
    pub query: AttrValue,
    pub deals_only: bool,
    pub on_query: Callback<String>,
    pub on_deals_only: Callback<bool>,
    pub on_open: Callback<AttrValue>,
    pub on_close: Callback<()>,
}

#[function_component(Shelf)]
pub fn shelf(props: &ShelfProps) -> Html {
    let tr = use_tr();
    let Modal {
        dialog,
        first: search_ref,
        onkeydown,
        onclick: on_backdrop,
        oncancel,
    } = use_modal((), props.on_close.clone());
    let oninput = {
        let cb = props.on_query.clone();
        Callback::from(move |e: InputEvent| {
            cb.emit(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let toggle = {
        let cb = props.on_deals_only.clone();
        let on = props.deals_only;
        Callback::from(move |_| cb.emit(!on))
    };
    let close = {
        let cb = props.on_close.clone();
        Callback::from(move |_| cb.emit(()))
    };
    let n = props.items.len();
    // English and Spanish have no "zero" form: no match has its own message.
    let count = if n == 0 {
        tr.t("shelf.none")
    } else {
        tr.count("shelf.count", n as f64, &[])
    };
    html! {
        <dialog ref={dialog} class="so-drawer so-shelf" onclick={on_backdrop} {oncancel}
             aria-labelledby="so-shelf-title" {onkeydown}>
            <div class="so-drawer-head">
                <h2 id="so-shelf-title" class="so-drawer-title">{ tr.t("shelf.title") }</h2>
                <button type="button" class="so-card-close" aria-label={tr.t("shelf.close")}
                        onclick={close}>
                    <span aria-hidden="true">{ "×" }</span>
                </button>
            </div>
            <div class="so-shelf-tools">
                <input ref={search_ref} type="search" class="so-shelf-search"
                       aria-label={tr.t("shelf.search_label")}
                       placeholder={tr.t("shelf.search_placeholder")}
                       value={props.query.clone()} {oninput} />
                <button type="button" class="so-shelf-filter" aria-pressed={props.deals_only.to_string()}
                        onclick={toggle}>{ tr.t("shelf.deals_only") }</button>
            </div>
            <p class="so-shelf-count" role="status">
                { count }
            </p>
            <ul class="so-shelf-items">
                { for props.items.iter().map(|i| {
                    let cb = props.on_open.clone();
                    let id = i.product.clone();
                    html! {
                        <li key={i.product.to_string()} class="so-shelf-item" data-product-id={i.product.clone()}>
                            if let Some(src) = &i.image {
                                <img class="so-line-image" src={src.clone()} alt="" />
                            }
                            <div class="so-line-text">
                                <span class="so-line-title"><bdi>{ i.title.clone() }</bdi></span>
                                <span class="so-shelf-price">
                                    { i.price.clone() }
                                    if let Some(c) = &i.compare_at {
                                        { " " }<WasPrice price={c.clone()} />
                                    }
                                </span>
                                if let Some(b) = &i.badge {
                                    <span class="so-shelf-badge" role="timer" aria-live="off"
                                          aria-label={i.badge_label.clone()}>{ b.clone() }</span>
                                }
                            </div>
                            <button type="button" class="so-pin-shop"
                                    aria-label={tr.fmt("shelf.view_named", &[("name", &tr.isolate(&i.title))])}
                                    onclick={Callback::from(move |_| cb.emit(id.clone()))}>
                                { tr.t("shelf.view") }
                            </button>
                        </li>
                    }
                }) }
            </ul>
        </dialog>
    }
}
