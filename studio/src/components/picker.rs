//! The product picker: search the commerce API's catalog by text; each result shows its image,
//! title, price and stock, can be dragged onto the picture, or armed with one tap ("Place") so
//! the next tap on the picture places it — the single-pointer way (WCAG 2.5.7).

use authoring::words;
use web_sys::{DragEvent, HtmlInputElement};
use yew::prelude::*;

use crate::api::Product;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub query: String,
    pub results: Vec<Product>,
    pub error: Option<String>,
    pub armed: Option<String>,
    pub onsearch: Callback<String>,
    /// Arm (or disarm with `None`) a product for placing.
    pub onarm: Callback<Option<String>>,
    /// Place a product at the centre of the picture now (the keyboard's way).
    pub onplace: Callback<String>,
}

#[function_component(Picker)]
pub fn picker(p: &Props) -> Html {
    let oninput = {
        let cb = p.onsearch.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            cb.emit(input.value());
        })
    };
    let items = p.results.iter().map(|prod| {
        let armed = p.armed.as_deref() == Some(prod.id.as_str());
        let id = prod.id.clone();
        let ondragstart = Callback::from(move |e: DragEvent| {
            if let Some(dt) = e.data_transfer() {
                let _ = dt.set_data("text/x-shoppable-product", &id);
                let _ = dt.set_data("text/plain", &id);
                dt.set_effect_allowed("copy");
            }
        });
        let onarm = {
            let (cb, place) = (p.onarm.clone(), p.onplace.clone());
            let id = prod.id.clone();
            Callback::from(move |e: MouseEvent| {
                // A click from the keyboard (Enter, Space) has no pointer position: place the
                // product at the centre right away, then the arrow keys move it.
                if e.detail() == 0 {
                    place.emit(id.clone());
                } else {
                    cb.emit(if armed { None } else { Some(id.clone()) });
                }
            })
        };
        let stock = if prod.stock > 0 {
            words::n("picker.in_stock", prod.stock.max(0) as u64, &[])
        } else {
            words::t("picker.sold_out").to_string()
        };
        html! {
            <li class={classes!("st-product", armed.then_some("st-product--armed"))}
                draggable="true" {ondragstart} data-product={prod.id.clone()}>
                if let Some(src) = &prod.image {
                    <img src={src.clone()} alt="" width="48" height="48" />
                }
                <span class="st-product-text">
                    <bdi class="st-product-title">{ prod.title.clone() }</bdi>
                    <span class="st-product-meta">{ format!("{} · {stock}", prod.price_text()) }</span>
                </span>
                <button type="button" class="st-btn" aria-pressed={armed.to_string()} onclick={onarm}
                        aria-label={words::f("picker.place_on", &[("product", &prod.title)])}>
                    { if armed { words::t("picker.placing") } else { words::t("picker.place") } }
                </button>
            </li>
        }
    });
    html! {
        <section class="st-picker" aria-labelledby="st-picker-title">
            <h2 id="st-picker-title">{ words::t("picker.title") }</h2>
            <label class="st-field">
                <span>{ words::t("picker.search") }</span>
                <input type="search" value={p.query.clone()} {oninput} autocomplete="off" />
            </label>
            if let Some(e) = &p.error {
                <p class="st-error" role="alert">{ e.clone() }</p>
            }
            if p.armed.is_some() {
                <p class="st-hint">{ words::t("picker.armed_help") }</p>
            } else {
                <p class="st-hint">{ words::t("picker.help") }</p>
            }
            <ul class="st-products">{ for items }</ul>
        </section>
    }
}
