//! One option axis of the product card ("Colour: Black"): its values as a row of buttons, or
//! as colour swatches when every value has one; a value that cannot be bought with the other
//! values chosen is struck through and says why, and can still be chosen (the card then
//! explains).

use std::rc::Rc;

use yew::prelude::*;

use crate::components::swatch::Swatch;

/// One value of an axis as the card shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct ChoiceView {
    pub label: AttrValue,
    /// A checked colour (`#rgb`, `#rrggbb`).
    pub swatch: Option<AttrValue>,
    pub chosen: bool,
    /// The variant a press chooses; `None` when no variant has this value.
    pub target: Option<AttrValue>,
    /// "2 left", "sold out", "in your cart".
    pub note: Option<AttrValue>,
    /// It cannot be bought with the other values chosen.
    pub out: bool,
}

/// One axis as the card shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct OptionGroupView {
    /// "Colour".
    pub label: AttrValue,
    /// "Colour: Black" (the chosen value said).
    pub legend: AttrValue,
    pub swatches: bool,
    pub choices: Rc<[ChoiceView]>,
}

#[derive(Properties, Clone, PartialEq)]
pub struct OptionGroupProps {
    pub group: OptionGroupView,
    /// Chooses a variant.
    pub on_select: Callback<AttrValue>,
}

#[function_component(OptionGroup)]
pub fn option_group(props: &OptionGroupProps) -> Html {
    let g = &props.group;
    html! {
        <fieldset class={classes!("so-option", g.swatches.then_some("so-option--swatches"))}>
            <legend class="so-option-legend"><bdi>{ g.legend.clone() }</bdi></legend>
            <div class="so-choices">
                { for g.choices.iter().map(|c| {
                    let on_select = props.on_select.clone();
                    let target = c.target.clone();
                    let onclick = Callback::from(move |_| {
                        if let Some(t) = &target {
                            on_select.emit(t.clone());
                        }
                    });
                    // A swatch's name is its label, with its note ("Olive, sold out").
                    let name = c.note.as_ref().map_or_else(
                        || c.label.to_string(),
                        |n| format!("{}, {n}", c.label),
                    );
                    html! {
                        <button type="button"
                                class={classes!("so-choice", c.out.then_some("so-choice--out"))}
                                aria-pressed={c.chosen.to_string()} disabled={c.target.is_none()}
                                aria-label={g.swatches.then(|| name.clone())}
                                title={g.swatches.then(|| name.clone())}
                                {onclick}>
                            if let Some(colour) = &c.swatch {
                                if g.swatches {
                                    <Swatch colour={colour.clone()} />
                                }
                            }
                            if !g.swatches {
                                <bdi>{ c.label.clone() }</bdi>
                                if let Some(n) = &c.note {
                                    <span class="so-choice-note"><bdi>{ n.clone() }</bdi></span>
                                }
                            }
                        </button>
                    }
                }) }
            </div>
        </fieldset>
    }
}
