//! A product's variants as option choices: one group per option axis (colour, size…), each
//! value with the variant a tap on it leads to and whether that combination can be bought, so
//! a card shows "colour" and "size" rather than ten flat "42 · Black" chips.

/// A variant's option values, axis name → value, in the order the API gave them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Options(pub Vec<(String, String)>);

impl Options {
    /// The value on axis `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// An option axis of a product ("color": Black, Sand, Olive).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Axis {
    /// The key the variants' options use.
    pub name: String,
    /// What the viewer reads ("Colour"), in the language the API answered in.
    pub label: String,
    pub values: Vec<AxisValue>,
}

/// One value of an axis.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AxisValue {
    pub value: String,
    pub label: String,
    /// A colour to show it as (`#rgb` or `#rrggbb`, checked by [`swatch`]).
    pub swatch: Option<String>,
}

impl Axis {
    /// The label of `value` on this axis (the value itself when the axis does not list it).
    pub fn label_of<'a>(&'a self, value: &'a str) -> &'a str {
        self.values
            .iter()
            .find(|v| v.value == value)
            .map_or(value, |v| v.label.as_str())
    }

    /// Whether every value has a swatch: the axis is shown as colours.
    pub fn swatches(&self) -> bool {
        !self.values.is_empty() && self.values.iter().all(|v| v.swatch.is_some())
    }
}

/// A colour that may be shown as a swatch: `#rgb` or `#rrggbb`, nothing else (it reaches the
/// style of an element).
pub fn swatch(s: &str) -> Option<String> {
    let hex = s.strip_prefix('#')?;
    ((hex.len() == 3 || hex.len() == 6) && hex.bytes().all(|b| b.is_ascii_hexdigit()))
        .then(|| s.to_ascii_lowercase())
}

/// A variant as the choices see it.
#[derive(Clone, Copy, Debug)]
pub struct Offer<'a> {
    pub id: &'a str,
    pub options: &'a Options,
    /// What can still be added (stock less what the cart holds).
    pub available: i64,
    /// What the cart holds of it.
    pub in_cart: i64,
}

/// The axis of a product whose variants carry no options at all: each variant is its own
/// value (named by its id).
pub const BY_VARIANT: &str = "";

fn value_on<'a>(o: &Offer<'a>, axis: &str) -> Option<&'a str> {
    if axis == BY_VARIANT {
        Some(o.id)
    } else {
        o.options.get(axis)
    }
}

/// The axes of a product whose API listed none: the variants' option names in the order first
/// seen, each with its values in the order first seen. Several variants without options are
/// one axis of variants ([`BY_VARIANT`]).
pub fn axes_of(variants: &[Offer]) -> Vec<Axis> {
    let mut axes: Vec<Axis> = Vec::new();
    for v in variants {
        for (name, value) in &v.options.0 {
            let i = match axes.iter().position(|a| &a.name == name) {
                Some(i) => i,
                None => {
                    axes.push(Axis {
                        name: name.clone(),
                        label: name.clone(),
                        values: Vec::new(),
                    });
                    axes.len() - 1
                }
            };
            if !axes[i].values.iter().any(|x| &x.value == value) {
                axes[i].values.push(AxisValue {
                    value: value.clone(),
                    label: value.clone(),
                    swatch: None,
                });
            }
        }
    }
    if axes.is_empty() && variants.len() > 1 {
        axes.push(Axis {
            name: BY_VARIANT.to_string(),
            label: String::new(),
            values: variants
                .iter()
                .map(|v| AxisValue {
                    value: v.id.to_string(),
                    label: v.id.to_string(),
                    swatch: None,
                })
                .collect(),
        });
    }
    axes
}

/// The axes an API listed, completed with whatever its variants use that it left out (an axis
/// or a value no list names would otherwise be a variant nobody can choose).
pub fn complete(mut given: Vec<Axis>, variants: &[Offer]) -> Vec<Axis> {
    for derived in axes_of(variants) {
        match given.iter_mut().find(|a| a.name == derived.name) {
            Some(a) => {
                for v in derived.values {
                    if !a.values.iter().any(|x| x.value == v.value) {
                        a.values.push(v);
                    }
                }
            }
            None => given.push(derived),
        }
    }
    given
}

/// Whether one value can be bought together with the other values chosen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stock {
    /// That many can still be added.
    Left(i64),
    /// In stock, and the cart already holds all of it.
    AllInCart,
    SoldOut,
    /// No variant has this value with the other values chosen.
    NoSuchCombination,
}

/// One value as the card shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Choice {
    /// Index into the axis's values.
    pub value: usize,
    pub chosen: bool,
    /// The variant a tap on it chooses: the one with this value and the other values chosen,
    /// else the closest that can be bought, else the closest; `None` when no variant has it.
    pub target: Option<String>,
    /// The combination of this value with the other values chosen.
    pub stock: Stock,
}

/// One axis as the card shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    /// Index into the axes.
    pub axis: usize,
    pub choices: Vec<Choice>,
}

fn stock_of(o: &Offer) -> Stock {
    if o.available > 0 {
        Stock::Left(o.available)
    } else if o.in_cart > 0 {
        Stock::AllInCart
    } else {
        Stock::SoldOut
    }
}

/// The groups of choices for `axes` with the variant `selected` chosen.
pub fn groups(axes: &[Axis], variants: &[Offer], selected: Option<&str>) -> Vec<Group> {
    let chosen = selected.and_then(|s| variants.iter().find(|v| v.id == s));
    axes.iter()
        .enumerate()
        .map(|(a, axis)| {
            let choices = axis
                .values
                .iter()
                .enumerate()
                .map(|(i, value)| {
                    let with: Vec<&Offer> = variants
                        .iter()
                        .filter(|v| value_on(v, &axis.name) == Some(value.value.as_str()))
                        .collect();
                    // How many of the other axes a variant agrees on with the chosen one.
                    let agrees = |v: &Offer| {
                        chosen.map_or(0, |c| {
                            axes.iter()
                                .enumerate()
                                .filter(|&(b, other)| {
                                    b != a && value_on(v, &other.name) == value_on(c, &other.name)
                                })
                                .count()
                        })
                    };
                    let others = axes.len().saturating_sub(1);
                    let exact = with
                        .iter()
                        .find(|v| chosen.is_none() || agrees(v) == others);
                    // The first of those agreeing most (`max_by_key` keeps the last).
                    let best = |buyable: bool| {
                        with.iter()
                            .rev()
                            .filter(|v| !buyable || v.available > 0)
                            .max_by_key(|v| agrees(v))
                            .copied()
                    };
                    let target = exact
                        .copied()
                        .filter(|v| chosen.is_some() || v.available > 0)
                        .or_else(|| best(true))
                        .or_else(|| best(false));
                    let stock = match (chosen, exact) {
                        (Some(_), Some(v)) => stock_of(v),
                        (Some(_), None) => Stock::NoSuchCombination,
                        // Nothing chosen: whether any variant with this value can be bought.
                        (None, _) => with
                            .iter()
                            .map(|v| stock_of(v))
                            .find(|s| matches!(s, Stock::Left(_)))
                            .or_else(|| with.first().map(|v| stock_of(v)))
                            .unwrap_or(Stock::NoSuchCombination),
                    };
                    Choice {
                        value: i,
                        chosen: chosen
                            .is_some_and(|c| value_on(c, &axis.name) == Some(value.value.as_str())),
                        target: target.map(|v| v.id.to_string()),
                        stock,
                    }
                })
                .collect();
            Group { axis: a, choices }
        })
        .collect()
}

/// The values of `options` in the order of `axes` (then any the axes do not list), each by its
/// label: "Black · 42".
pub fn describe(axes: &[Axis], options: &Options) -> Vec<String> {
    let mut out: Vec<String> = axes
        .iter()
        .filter_map(|a| options.get(&a.name).map(|v| a.label_of(v).to_string()))
        .collect();
    out.extend(
        options
            .0
            .iter()
            .filter(|(n, _)| !axes.iter().any(|a| &a.name == n))
            .map(|(_, v)| v.clone()),
    );
    out.retain(|s| !s.trim().is_empty());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts(pairs: &[(&str, &str)]) -> Options {
        Options(
            pairs
                .iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect(),
        )
    }

    /// Sizes 40–42 in Black and White; 42 Black sold out; 40 White does not exist.
    fn shoe() -> Vec<(String, Options, i64)> {
        let mut v = Vec::new();
        for c in ["Black", "White"] {
            for s in ["40", "41", "42"] {
                if c == "White" && s == "40" {
                    continue;
                }
                let left = if c == "Black" && s == "42" { 0 } else { 5 };
                v.push((format!("{c}-{s}"), opts(&[("color", c), ("size", s)]), left));
            }
        }
        v
    }

    fn offers(v: &[(String, Options, i64)]) -> Vec<Offer<'_>> {
        v.iter()
            .map(|(id, o, left)| Offer {
                id,
                options: o,
                available: *left,
                in_cart: 0,
            })
            .collect()
    }

    #[test]
    fn axes_come_from_the_variants_in_the_order_first_seen() {
        let v = shoe();
        let axes = axes_of(&offers(&v));
        let names: Vec<_> = axes.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["color", "size"]);
        let sizes: Vec<_> = axes[1].values.iter().map(|x| x.value.as_str()).collect();
        assert_eq!(sizes, ["40", "41", "42"]);
    }

    #[test]
    fn listed_axes_are_completed_by_what_the_variants_use() {
        let v = shoe();
        let o = offers(&v);
        let given = vec![Axis {
            name: "size".into(),
            label: "Size".into(),
            values: vec![AxisValue {
                value: "41".into(),
                label: "41".into(),
                swatch: None,
            }],
        }];
        let axes = complete(given, &o);
        let names: Vec<_> = axes.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["size", "color"]);
        assert_eq!(axes[0].label, "Size");
        let sizes: Vec<_> = axes[0].values.iter().map(|x| x.value.as_str()).collect();
        assert_eq!(sizes, ["41", "40", "42"]);
    }

    #[test]
    fn each_value_says_what_its_combination_with_the_others_is() {
        let v = shoe();
        let o = offers(&v);
        let axes = axes_of(&o);
        let g = groups(&axes, &o, Some("Black-41"));
        // Colours, with size 41 chosen: both exist and are in stock.
        assert_eq!(g[0].choices[0].stock, Stock::Left(5));
        assert!(g[0].choices[0].chosen);
        assert_eq!(g[0].choices[1].target.as_deref(), Some("White-41"));
        // Sizes, with Black chosen: 42 is sold out, and a tap on it still chooses it (so the
        // card can say so).
        assert_eq!(g[1].choices[2].stock, Stock::SoldOut);
        assert_eq!(g[1].choices[2].target.as_deref(), Some("Black-42"));
        assert!(g[1].choices[1].chosen);
        // With White chosen, 40 does not exist: a tap on it goes to the closest that can be
        // bought, Black 40.
        let g = groups(&axes, &o, Some("White-41"));
        assert_eq!(g[1].choices[0].stock, Stock::NoSuchCombination);
        assert_eq!(g[1].choices[0].target.as_deref(), Some("Black-40"));
    }

    #[test]
    fn with_nothing_chosen_a_value_is_buyable_when_any_variant_with_it_is() {
        let v = vec![
            ("a".to_string(), opts(&[("color", "Red")]), 0),
            ("b".to_string(), opts(&[("color", "Blue")]), 2),
        ];
        let o = offers(&v);
        let g = groups(&axes_of(&o), &o, None);
        assert_eq!(g[0].choices[0].stock, Stock::SoldOut);
        assert_eq!(g[0].choices[1].stock, Stock::Left(2));
        assert_eq!(g[0].choices[1].target.as_deref(), Some("b"));
    }

    #[test]
    fn all_of_it_in_the_cart_is_not_sold_out() {
        let v = vec![("a".to_string(), opts(&[("color", "Red")]), 0)];
        let mut o = offers(&v);
        o[0].in_cart = 3;
        let g = groups(&axes_of(&o), &o, Some("a"));
        assert_eq!(g[0].choices[0].stock, Stock::AllInCart);
    }

    #[test]
    fn variants_without_options_are_one_axis_of_variants() {
        let v = vec![
            ("small".to_string(), Options::default(), 1),
            ("large".to_string(), Options::default(), 1),
        ];
        let o = offers(&v);
        let axes = axes_of(&o);
        assert_eq!(axes.len(), 1);
        assert_eq!(axes[0].name, BY_VARIANT);
        let g = groups(&axes, &o, Some("large"));
        assert!(g[0].choices[1].chosen);
        assert_eq!(g[0].choices[0].target.as_deref(), Some("small"));
        // One variant without options: nothing to choose.
        assert!(axes_of(&o[..1]).is_empty());
    }

    #[test]
    fn described_in_the_axes_order_by_label() {
        let axes = vec![
            Axis {
                name: "size".into(),
                label: "Size".into(),
                values: vec![],
            },
            Axis {
                name: "color".into(),
                label: "Colour".into(),
                values: vec![AxisValue {
                    value: "Black".into(),
                    label: "Negro".into(),
                    swatch: Some("#111".into()),
                }],
            },
        ];
        let o = opts(&[("color", "Black"), ("size", "42"), ("fit", "wide")]);
        assert_eq!(describe(&axes, &o), ["42", "Negro", "wide"]);
    }

    #[test]
    fn swatches_are_hex_colours_only() {
        assert_eq!(swatch("#1A2b3C").as_deref(), Some("#1a2b3c"));
        assert_eq!(swatch("#fff").as_deref(), Some("#fff"));
        for bad in ["red", "#12", "#1234567", "#12345g", "url(x)", "#fff;x:y"] {
            assert_eq!(swatch(bad), None, "{bad}");
        }
    }
}
