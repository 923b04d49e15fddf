//! Where a manifest path points, in a brand's words: `tags[2].end` is "Field Watch (tag 3),
//! end time", `products[1]` is "Trail Runner Sneaker", a path into a file that did not import
//! is "Tag 2, position". Problems and refusals name these, never the JSON path.

use crate::words;
use crate::Draft;

/// `path` in words; the draft, when there is one, gives the tags' and products' names.
pub fn place(path: &str, d: Option<&Draft>) -> String {
    if path.is_empty() {
        return words::t("place.manifest").into();
    }
    if let Some((i, rest)) = indexed(path, "tags") {
        let number = (i + 1).to_string();
        let tag = d.and_then(|d| d.tags.get(i).map(|t| (d, t)));
        let who = match tag {
            Some((d, t)) => {
                let name = t
                    .label
                    .clone()
                    .unwrap_or_else(|| d.product_name(&t.product));
                let same = d
                    .tags
                    .iter()
                    .filter(|o| {
                        o.label
                            .clone()
                            .unwrap_or_else(|| d.product_name(&o.product))
                            == name
                    })
                    .count();
                if same > 1 {
                    words::f("place.tag_named", &[("name", &name), ("number", &number)])
                } else {
                    name
                }
            }
            None => words::f("place.tag", &[("number", &number)]),
        };
        return of(who, rest);
    }
    if let Some((i, rest)) = indexed(path, "products") {
        let who = d.and_then(|d| d.products.get(i)).map_or_else(
            || words::f("place.product", &[("number", &(i + 1).to_string())]),
            |p| p.name.clone().unwrap_or_else(|| p.id.clone()),
        );
        return of(who, rest);
    }
    if let Some((i, _)) = indexed(path, "deals") {
        return words::f("place.deal", &[("number", &(i + 1).to_string())]);
    }
    if path.starts_with("video") {
        return words::t("place.video").into();
    }
    if path.starts_with("attribution") {
        return words::t("place.attribution").into();
    }
    words::t("place.manifest").into()
}

/// `who` and, when `rest` names one, its field: "Field Watch, end time".
fn of(who: String, rest: &str) -> String {
    match field(rest) {
        Some(f) => words::f("place.field", &[("who", &who), ("field", &f)]),
        None => who,
    }
}

/// `name[i]rest` → (i, rest).
fn indexed<'a>(path: &'a str, name: &str) -> Option<(usize, &'a str)> {
    let rest = path.strip_prefix(name)?.strip_prefix('[')?;
    let (i, rest) = rest.split_once(']')?;
    Some((i.parse().ok()?, rest))
}

/// A tag's or product's field in words: `.end` → "end time", `.keyframes[1].x` → "keyframe 2".
fn field(rest: &str) -> Option<String> {
    let rest = rest.strip_prefix('.')?;
    if let Some((k, _)) = indexed(rest, "keyframes") {
        return Some(words::f(
            "place.keyframe",
            &[("number", &(k + 1).to_string())],
        ));
    }
    let name = rest.split(['.', '[']).next().unwrap_or(rest);
    Some(
        match name {
            "start" => words::t("field.start"),
            "end" => words::t("field.end"),
            "x" | "y" => words::t("field.position"),
            "product" => words::t("field.product"),
            "label" => words::t("field.label"),
            "id" => words::t("field.id"),
            "name" => words::t("field.name"),
            "keyframes" => words::t("field.keyframes"),
            "ease" => words::t("field.ease"),
            other => other,
        }
        .to_string(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::{apply, Ctx, Edit};

    #[test]
    fn paths_in_words_with_and_without_a_draft() {
        let mut d = Draft::new("v", Some(40.0));
        let ctx = Ctx {
            fps: 30.0,
            duration: Some(40.0),
        };
        for (p, name, t) in [
            ("p-a", "Field Watch", 1.0),
            ("p-b", "Tote", 2.0),
            ("p-a", "Field Watch", 9.0),
        ] {
            let r = apply(
                &mut d,
                Edit::Place {
                    product: p.into(),
                    name: Some(name.into()),
                    t,
                    x: 0.5,
                    y: 0.5,
                },
                &ctx,
            );
            assert!(r.is_ok(), "{r:?}");
        }
        let tote = d.tags.iter().position(|t| t.product == "p-b").unwrap_or(9);
        assert_eq!(
            place(&format!("tags[{tote}].end"), Some(&d)),
            "Tote, end time"
        );
        let watch = d.tags.iter().position(|t| t.product == "p-a").unwrap_or(9);
        assert_eq!(
            place(&format!("tags[{watch}].keyframes[1].x"), Some(&d)),
            format!("Field Watch (tag {}), keyframe 2", watch + 1)
        );
        assert_eq!(place("tags[1].x", None), "Tag 2, position");
        assert_eq!(place("tags[7]", Some(&d)), "Tag 8");
        assert_eq!(place("products[0].name", None), "Product 1, name");
        assert_eq!(place("video.id", None), "The video");
        assert_eq!(place("", None), "The manifest");
        assert_eq!(place("tags[x]", None), "The manifest");
    }
}
