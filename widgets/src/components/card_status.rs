//! The card while its product is loading or cannot be shown: says why, offers a retry when
//! trying again can help, and closes like the card (Escape, focus back to the tag).

use yew::prelude::*;

use crate::focus::{use_modal, Modal};
use crate::i18n::use_tr;

#[derive(Properties, Clone, PartialEq)]
pub struct CardStatusProps {
    /// The tag's name, so the dialog says which product it is about.
    pub title: AttrValue,
    /// `None` while loading; otherwise why the product cannot be shown.
    pub problem: Option<AttrValue>,
    /// Whether a retry can help (a network failure, not an unknown product).
    pub can_retry: bool,
    pub on_retry: Callback<()>,
    pub on_close: Callback<()>,
}

#[function_component(CardStatus)]
pub fn card_status(props: &CardStatusProps) -> Html {
    let tr = use_tr();
    let Modal {
        dialog,
        first: close_ref,
        onkeydown,
        onclick: on_backdrop,
        oncancel,
    } = use_modal((), props.on_close.clone());
    let close = {
        let cb = props.on_close.clone();
        Callback::from(move |_| cb.emit(()))
    };
    let retry = {
        let cb = props.on_retry.clone();
        Callback::from(move |_| cb.emit(()))
    };
    let loading = props.problem.is_none();
    html! {
        <dialog ref={dialog} class="so-card so-card--status" onclick={on_backdrop} {oncancel}
             aria-labelledby="so-status-title" aria-busy={loading.to_string()} {onkeydown}>
            <button ref={close_ref} type="button" class="so-card-close" aria-label={tr.t("common.close")}
                    onclick={close}>
                <span aria-hidden="true">{ "×" }</span>
            </button>
            <h2 id="so-status-title" class="so-card-title"><bdi>{ props.title.clone() }</bdi></h2>
            if let Some(why) = &props.problem {
                <p class="so-card-error" role="alert"><bdi>{ why.clone() }</bdi></p>
                if props.can_retry {
                    <button type="button" class="so-add" onclick={retry}>{ tr.t("card.retry") }</button>
                }
            } else {
                <p class="so-card-loading" role="status">{ tr.t("card.loading") }</p>
            }
        </dialog>
    }
}
