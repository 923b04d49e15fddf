//! Where a manifest path points, in a brand's words: `tags[2].end` is "Field Watch (tag 3),
//! end time", `products[1]` is "Trail Runner Sneaker", a path into a file that did not import
//! is "Tag 2, position". Problems and refusals name these, never the JSON path.

use crate::Draft;

/// `path` in words; the draft, when there is one, gives the tags' and products' names.
pub fn place(path: &str, d: Option<&Draft>) -> String {
    if path.is_empty() {
        return "The manifest".into();
    }
    if let Some((i, rest)) = indexed(path, "tags") {
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
                    format!("{name} (tag {})", i + 1)
                } else {
                    name
                }
            }
            None => format!("Tag {}", i + 1),
        };
        return match field(rest) {
            Some(f) => format!("{who}, {f}"),
            None => who,
        };
    }
    if let Some((i, rest)) = indexed(path, "products") {
        let who = d.and_then(|d| d.products.get(i)).map_or_else(
            || format!("Product {}", i + 1),
            |p| p.name.clone().unwrap_or_else(|| p.id.clone()),
        );
        return match field(rest) {
            Some(f) => format!("{who}, {f}"),
            None => who,
        };
    }
    if let Some((i, _)) = indexed(path, "deals") {
        return format!("Deal {}", i + 1);
    }
    if path.starts_with("video") {
        return "The video".into();
    }
    if path.starts_with("attribution") {
        return "Attribution (creator, campaign)".into();
    }
    "The manifest".into()
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
        return Some(format!("keyframe {}", k + 1));
    }
    let name = rest.split(['.', '[']).next().unwrap_or(rest);
    Some(
        match name {
            "start" => "start time",
            "end" => "end time",
            "x" | "y" => "position",
            "product" => "product",
            "label" => "label",
            "id" => "id",
            "name" => "name",
            "keyframes" => "keyframes",
            "ease" => "easing",
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
