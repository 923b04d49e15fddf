//! The studio's words in the brand's language — English, Spanish or Arabic — for everything it
//! says: the editor's labels and help, what an edit did or why it was refused, problems, and
//! where they are. One language per page (`set_lang`, from `?lang=` or the browser's), so the
//! catalogs are looked up by key without threading a language through every call; a key a
//! language lacks falls back to English (a test keeps the three catalogs' keys and
//! placeholders equal, and another finds every key the code uses in English).
//!
//! A message is one whole sentence with named placeholders (`{name}`, `{at}`), never words
//! glued together, so each language orders them its own way. Counted messages have one key
//! per CLDR plural category (`key.one`, `key.other`; Arabic also `zero`, `two`, `few`, `many`).

mod ar;
mod en;
mod es;

use std::cell::{Cell, OnceCell};
use std::collections::HashMap;

pub use overlay::i18n::Lang;

type Catalog = HashMap<&'static str, &'static str>;

thread_local! {
    static LANG: Cell<Lang> = const { Cell::new(Lang::En) };
    static CATALOGS: [OnceCell<Catalog>; 3] = const { [OnceCell::new(), OnceCell::new(), OnceCell::new()] };
}

/// The words of one language, as listed.
pub fn list(lang: Lang) -> &'static [(&'static str, &'static str)] {
    match lang {
        Lang::En => en::WORDS,
        Lang::Es => es::WORDS,
        Lang::Ar => ar::WORDS,
    }
}

/// Speaks `lang` from now on (the studio sets it once, at start).
pub fn set_lang(lang: Lang) {
    LANG.with(|l| l.set(lang));
}

/// The language the studio speaks.
pub fn lang() -> Lang {
    LANG.with(Cell::get)
}

fn find(lang: Lang, key: &str) -> Option<&'static str> {
    let slot = match lang {
        Lang::En => 0,
        Lang::Es => 1,
        Lang::Ar => 2,
    };
    CATALOGS.with(|c| {
        c[slot]
            .get_or_init(|| list(lang).iter().copied().collect())
            .get(key)
            .copied()
    })
}

/// The message `key` in the studio's language, else in English; a key no catalog has is
/// shown as itself (a test makes sure none is).
pub fn t(key: &'static str) -> &'static str {
    find(lang(), key)
        .or_else(|| find(Lang::En, key))
        .unwrap_or(key)
}

/// The message `key` with its `{name}` placeholders filled from `args`.
pub fn f(key: &'static str, args: &[(&str, &str)]) -> String {
    fill(t(key), args)
}

/// The counted message `key` for `count` (its form for the language's plural category), its
/// `{n}` the count and the other placeholders from `args`.
pub fn n(key: &'static str, count: u64, args: &[(&str, &str)]) -> String {
    let lang = lang();
    let form = |l: Lang| {
        find(l, &format!("{key}.{}", category(l, count)))
            .or_else(|| find(l, &format!("{key}.other")))
    };
    let text = form(lang).or_else(|| form(Lang::En)).unwrap_or(key);
    let count = count.to_string();
    let mut all: Vec<(&str, &str)> = vec![("n", count.as_str())];
    all.extend_from_slice(args);
    fill(text, &all)
}

/// The CLDR plural category of a whole number in `lang`.
pub fn category(lang: Lang, n: u64) -> &'static str {
    match lang {
        Lang::En | Lang::Es => {
            if n == 1 {
                "one"
            } else {
                "other"
            }
        }
        Lang::Ar => match (n, n % 100) {
            (0, _) => "zero",
            (1, _) => "one",
            (2, _) => "two",
            (_, 3..=10) => "few",
            (_, 11..=99) => "many",
            _ => "other",
        },
    }
}

/// `text` with each `{name}` replaced by its value; a placeholder with no value stays.
pub fn fill(text: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let name = &after[..close];
                match args.iter().find(|(k, _)| *k == name) {
                    Some((_, v)) => out.push_str(v),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// The placeholders of a message, sorted.
pub fn placeholders(text: &str) -> Vec<&str> {
    let mut out: Vec<&str> = text
        .split('{')
        .skip(1)
        .filter_map(|s| s.split_once('}').map(|(name, _)| name))
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

#[cfg(test)]
mod tests;
