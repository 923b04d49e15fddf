//! Every string the overlay shows or announces, in the viewer's language: built-in catalogs
//! (English, Arabic, Spanish), an integrator's own (`messages` in `mount`'s options) over them,
//! and English under both. A whole sentence is one message with named placeholders
//! (`{count}`, `{price}`, `{name}`…) filled with values the caller formatted through `Intl`;
//! plurals pick the form for a CLDR category the caller got from `Intl.PluralRules`. A key that
//! the chosen language lacks falls back to English and is noted once, for the caller to report.
//!
//! Two tables per language keep the first load lean: `Viewer` (what the tags say) is all the
//! viewer links; `Shop` (card, cart, shelf, deals, LIVE) lives in the shop module.

mod ar;
mod en;
mod es;

use std::cell::RefCell;

/// A message: one text, or one text per plural category (`zero`, `one`, `two`, `few`, `many`,
/// `other`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Text {
    Plain(&'static str),
    Plural(&'static [(&'static str, &'static str)]),
}

/// The languages with a built-in catalog.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    En,
    Ar,
    Es,
}

/// Which part of the overlay a message belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Table {
    /// The first load: tags.
    Viewer,
    /// The shop module: card, cart, shelf, deals, LIVE.
    Shop,
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::En, Lang::Ar, Lang::Es];

    /// The built-in language of a BCP 47 tag (its primary subtag), if there is one.
    pub fn of(locale: &str) -> Option<Lang> {
        let primary = primary(locale);
        Lang::ALL
            .into_iter()
            .find(|l| l.tag().eq_ignore_ascii_case(primary))
    }

    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ar => "ar",
            Lang::Es => "es",
        }
    }

    /// The catalog of `table` (links both tables: the modules call [`Lang::viewer`] or
    /// [`Lang::shop`]).
    pub fn catalog(self, table: Table) -> &'static [(&'static str, Text)] {
        match table {
            Table::Viewer => self.viewer(),
            Table::Shop => self.shop(),
        }
    }

    /// The first load's catalog of this language. A function per table, never a lookup by a
    /// table chosen at run time: the viewer calls only this one, so the linker leaves the
    /// shop's messages out of its Wasm.
    pub fn viewer(self) -> &'static [(&'static str, Text)] {
        match self {
            Lang::En => en::VIEWER,
            Lang::Ar => ar::VIEWER,
            Lang::Es => es::VIEWER,
        }
    }

    /// The shop module's catalog of this language.
    pub fn shop(self) -> &'static [(&'static str, Text)] {
        match self {
            Lang::En => en::SHOP,
            Lang::Ar => ar::SHOP,
            Lang::Es => es::SHOP,
        }
    }

    /// The built-in message `key` (catalogs are sorted by key).
    pub fn find(self, table: Table, key: &str) -> Option<Text> {
        search(self.catalog(table), key)
    }
}

fn search(list: &'static [(&'static str, Text)], key: &str) -> Option<Text> {
    list.binary_search_by(|(k, _)| (*k).cmp(key))
        .ok()
        .map(|i| list[i].1)
}

/// The primary language subtag of a BCP 47 tag (a byte scan: no string-search machinery in
/// the first load; `-` and `_` are ASCII, so the cut is on a character boundary).
pub fn primary(locale: &str) -> &str {
    let end = locale
        .as_bytes()
        .iter()
        .position(|&c| c == b'-' || c == b'_')
        .unwrap_or(locale.len());
    locale.get(..end).unwrap_or(locale)
}

/// Whether `locale` is written right to left (Arabic, Hebrew, Persian, Urdu and the like).
pub fn is_rtl(locale: &str) -> bool {
    let p = primary(locale);
    [
        "ar", "he", "iw", "fa", "ur", "ps", "sd", "ug", "yi", "dv", "ckb",
    ]
    .iter()
    .any(|l| l.eq_ignore_ascii_case(p))
}

/// An integrator's message (from `messages` in the options).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Custom {
    Plain(String),
    /// (category, text) pairs.
    Plural(Vec<(String, String)>),
}

/// The plural categories of `Intl.PluralRules`.
pub const CATEGORIES: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];

impl Custom {
    /// An integrator's plural forms, checked: every category one `Intl.PluralRules` knows,
    /// and `other` among them (the form any count falls back to).
    pub fn plural(forms: Vec<(String, String)>) -> Result<Custom, String> {
        if let Some((c, _)) = forms
            .iter()
            .find(|(c, _)| !CATEGORIES.contains(&c.as_str()))
        {
            let mut m = String::from("\"");
            m.push_str(c);
            m.push_str("\" is not a plural category (use ");
            m.push_str(&crate::small::join(&CATEGORIES, ", "));
            m.push(')');
            return Err(m);
        }
        if !forms.iter().any(|(c, _)| c == "other") {
            return Err("plural forms need \"other\"".into());
        }
        Ok(Custom::Plural(forms))
    }
}

/// Whether `key` names a message an integrator may override (one of the English catalogs').
pub fn is_key(key: &str) -> bool {
    Lang::En.find(Table::Shop, key).is_some() || Lang::En.find(Table::Viewer, key).is_some()
}

/// The tags whose integrator messages apply to `locale`, most exact first: `pt-BR` reads
/// `pt-BR`'s, then `pt`'s.
pub fn lookup_tags(locale: &str) -> Vec<&str> {
    let p = primary(locale);
    if p == locale {
        vec![locale]
    } else {
        vec![locale, p]
    }
}

/// What [`Messages::take_missing`] reports for a locale with no messages at all.
pub const WHOLE_LOCALE: &str = "*";

/// A message found for a key, borrowed from a catalog.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Found<'a> {
    Builtin(Text),
    Custom(&'a Custom),
}

impl Found<'_> {
    /// Whether the message has plural forms (the caller then needs a category).
    pub fn is_plural(&self) -> bool {
        matches!(
            self,
            Found::Builtin(Text::Plural(_)) | Found::Custom(Custom::Plural(_))
        )
    }

    /// The text for plural `category` (`other` when the message has no such form, the first
    /// form when it has no `other`); a plain message ignores the category.
    pub fn form(&self, category: &str) -> &str {
        fn pick<'s>(forms: impl Iterator<Item = (&'s str, &'s str)> + Clone, c: &str) -> &'s str {
            let mut all = forms.clone();
            forms
                .clone()
                .find(|(k, _)| *k == c)
                .or_else(|| forms.clone().find(|(k, _)| *k == "other"))
                .or_else(|| all.next())
                .map_or("", |(_, v)| v)
        }
        match self {
            Found::Builtin(Text::Plain(s)) => s,
            Found::Builtin(Text::Plural(forms)) => pick(forms.iter().copied(), category),
            Found::Custom(Custom::Plain(s)) => s,
            Found::Custom(Custom::Plural(forms)) => pick(
                forms.iter().map(|(k, v)| (k.as_str(), v.as_str())),
                category,
            ),
        }
    }
}

/// The messages for one viewer: the chosen language's, an integrator's over them, English
/// under both. Notes each key that fell back to English, once.
#[derive(Debug)]
pub struct Messages {
    /// The locale asked for (the `locale` option or the page's language).
    locale: String,
    lang: Option<Lang>,
    /// The integrator's messages for this locale, sorted by key.
    custom: Vec<(String, Custom)>,
    /// Keys that fell back to English and are not yet reported / already reported.
    missing: RefCell<(Vec<String>, Vec<String>)>,
}

impl Messages {
    /// `custom`: the integrator's messages for `locale`; of two with one key, the first wins.
    pub fn new(locale: &str, custom: Vec<(String, Custom)>) -> Messages {
        // The engine's own sort (std's would add kilobytes to the first load), by key and then
        // by position, so the first of a key stays first.
        let mut custom: Vec<(usize, (String, Custom))> = custom.into_iter().enumerate().collect();
        crate::small::sort_by(&mut custom, |a, b| (&a.1 .0, a.0) < (&b.1 .0, b.0));
        let mut custom: Vec<(String, Custom)> = custom.into_iter().map(|(_, m)| m).collect();
        custom.dedup_by(|later, first| later.0 == first.0);
        Messages {
            locale: locale.to_string(),
            lang: Lang::of(locale),
            custom,
            missing: RefCell::default(),
        }
    }

    pub fn locale(&self) -> &str {
        &self.locale
    }

    /// The built-in language in use (`None`: only the integrator's messages and English).
    pub fn lang(&self) -> Option<Lang> {
        self.lang
    }

    /// The first load's message `key` (see [`Messages::get`]).
    pub fn viewer(&self, key: &str) -> Option<Found<'_>> {
        self.get_in(Lang::viewer, key)
    }

    /// The shop module's message `key` (see [`Messages::get`]).
    pub fn shop(&self, key: &str) -> Option<Found<'_>> {
        self.get_in(Lang::shop, key)
    }

    /// The message `key` of `table`; `None` only for a key no catalog has (a bug the tests
    /// catch: every key the code asks for is in English). Links both tables: the modules call
    /// [`Messages::viewer`] or [`Messages::shop`].
    pub fn get(&self, table: Table, key: &str) -> Option<Found<'_>> {
        match table {
            Table::Viewer => self.viewer(key),
            Table::Shop => self.shop(key),
        }
    }

    fn get_in(
        &self,
        catalog: impl Fn(Lang) -> &'static [(&'static str, Text)],
        key: &str,
    ) -> Option<Found<'_>> {
        if let Ok(i) = self.custom.binary_search_by(|(k, _)| k.as_str().cmp(key)) {
            return Some(Found::Custom(&self.custom[i].1));
        }
        if let Some(t) = self.lang.and_then(|l| search(catalog(l), key)) {
            return Some(Found::Builtin(t));
        }
        let english = search(catalog(Lang::En), key)?;
        if self.lang != Some(Lang::En) {
            // A language with no messages at all is one report (`*`), not one per key.
            let noted = if self.lang.is_none() && self.custom.is_empty() {
                WHOLE_LOCALE
            } else {
                key
            };
            let mut m = self.missing.borrow_mut();
            let (new, seen) = &mut *m;
            if !seen.iter().any(|k| k == noted) {
                seen.push(noted.to_string());
                new.push(noted.to_string());
            }
        }
        Some(Found::Builtin(english))
    }

    /// Keys that fell back to English since the last call, each reported once per viewer;
    /// [`WHOLE_LOCALE`] when the locale has no messages at all.
    pub fn take_missing(&self) -> Vec<String> {
        std::mem::take(&mut self.missing.borrow_mut().0)
    }
}

/// `template` with each `{name}` replaced by its value in `args`; a placeholder with no value
/// stays as written, so a missing argument shows instead of vanishing.
pub fn fill(template: &str, args: &[(&str, &str)]) -> String {
    // A byte scan and checked slicing (`get`): no string-search machinery and no
    // char-boundary panic path in the first load. `{` and `}` are ASCII, so every cut is on a
    // character boundary.
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    loop {
        let b = rest.as_bytes();
        let Some(open) = b.iter().position(|&c| c == b'{') else {
            break;
        };
        let Some(close) = b
            .iter()
            .skip(open)
            .position(|&c| c == b'}')
            .map(|i| i + open)
        else {
            break;
        };
        out.push_str(rest.get(..open).unwrap_or(""));
        let name = rest.get(open + 1..close).unwrap_or("");
        match args.iter().find(|(k, _)| *k == name) {
            Some((_, v)) => out.push_str(v),
            None => out.push_str(rest.get(open..=close).unwrap_or("")),
        }
        rest = rest.get(close + 1..).unwrap_or("");
    }
    out.push_str(rest);
    out
}

/// The placeholders of a text, in order (for checking catalogs against English).
pub fn placeholders(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        out.push(&after[..close]);
        rest = &after[close + 1..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integrator_plural_forms_are_checked() {
        let f = |pairs: &[(&str, &str)]| {
            pairs
                .iter()
                .map(|(c, t)| (c.to_string(), t.to_string()))
                .collect::<Vec<_>>()
        };
        assert!(Custom::plural(f(&[("one", "1 item"), ("other", "{n} items")])).is_ok());
        assert_eq!(
            Custom::plural(f(&[("one", "1 item")])),
            Err("plural forms need \"other\"".to_string())
        );
        assert_eq!(
            Custom::plural(f(&[("plural", "x"), ("other", "y")])),
            Err(
                "\"plural\" is not a plural category (use zero, one, two, few, many, other)"
                    .to_string()
            )
        );
    }

    #[test]
    fn integrator_messages_apply_from_the_exact_tag_then_its_language() {
        assert_eq!(lookup_tags("pt-BR"), vec!["pt-BR", "pt"]);
        assert_eq!(lookup_tags("zh_Hant_TW"), vec!["zh_Hant_TW", "zh"]);
        assert_eq!(lookup_tags("ar"), vec!["ar"]);
        assert!(is_key("cart.checkout"));
        assert!(!is_key("cart.chekout"));
    }

    const TABLES: [Table; 2] = [Table::Viewer, Table::Shop];

    #[test]
    fn every_catalog_is_sorted_and_has_exactly_the_english_keys() {
        for table in TABLES {
            let en: Vec<&str> = Lang::En.catalog(table).iter().map(|(k, _)| *k).collect();
            let mut sorted = en.clone();
            sorted.sort_unstable();
            sorted.dedup();
            assert_eq!(en, sorted, "{table:?}: English keys sorted and unique");
            for lang in Lang::ALL {
                let keys: Vec<&str> = lang.catalog(table).iter().map(|(k, _)| *k).collect();
                assert_eq!(
                    keys, en,
                    "{lang:?} {table:?}: the same keys as English, in order"
                );
            }
        }
    }

    /// CLDR plural categories each language uses (for cardinal numbers).
    fn categories(lang: Lang) -> &'static [&'static str] {
        match lang {
            Lang::En => &["one", "other"],
            Lang::Es => &["one", "many", "other"],
            Lang::Ar => &["zero", "one", "two", "few", "many", "other"],
        }
    }

    #[test]
    fn every_message_keeps_the_english_placeholders_and_its_plural_forms() {
        for table in TABLES {
            for (key, en) in Lang::En.catalog(table) {
                let en_forms: Vec<&str> = match en {
                    Text::Plain(s) => vec![s],
                    Text::Plural(f) => f.iter().map(|(_, v)| *v).collect(),
                };
                let mut want: Vec<&str> = en_forms.iter().flat_map(|s| placeholders(s)).collect();
                want.sort_unstable();
                want.dedup();
                for lang in Lang::ALL {
                    let Some(t) = lang.find(table, key) else {
                        panic!("{lang:?} lacks {key}");
                    };
                    let forms: Vec<(&str, &str)> = match t {
                        Text::Plain(s) => {
                            assert!(
                                matches!(en, Text::Plain(_)),
                                "{lang:?} {key}: plural in English, plain here"
                            );
                            vec![("other", s)]
                        }
                        Text::Plural(f) => {
                            let cats: Vec<&str> = f.iter().map(|(c, _)| *c).collect();
                            assert_eq!(cats, categories(lang), "{lang:?} {key}: plural forms");
                            f.to_vec()
                        }
                    };
                    let mut got: Vec<&str> =
                        forms.iter().flat_map(|(_, s)| placeholders(s)).collect();
                    got.sort_unstable();
                    got.dedup();
                    // Arabic's "one" and "two" may leave the number out; every other
                    // placeholder must be somewhere in the message.
                    for p in &want {
                        assert!(got.contains(p), "{lang:?} {key}: lost {{{p}}}");
                    }
                    for p in &got {
                        assert!(want.contains(p), "{lang:?} {key}: unknown {{{p}}}");
                    }
                    if let Some((_, other)) = forms.iter().find(|(c, _)| *c == "other") {
                        if want.contains(&"count") {
                            assert!(
                                other.contains("{count}"),
                                "{lang:?} {key}: other shows {{count}}"
                            );
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn languages_come_from_the_primary_subtag() {
        assert_eq!(Lang::of("ar-EG"), Some(Lang::Ar));
        assert_eq!(Lang::of("ES_us"), Some(Lang::Es));
        assert_eq!(Lang::of("en"), Some(Lang::En));
        assert_eq!(Lang::of("fr-FR"), None);
        assert!(is_rtl("ar-SA") && is_rtl("he") && !is_rtl("en-US") && !is_rtl("es"));
    }

    #[test]
    fn custom_messages_win_and_missing_keys_fall_back_to_english_once() {
        let none = Messages::new("fr", Vec::new());
        let _ = none.get(Table::Viewer, "tags.group");
        let _ = none.get(Table::Shop, "card.add");
        assert_eq!(
            none.take_missing(),
            vec![WHOLE_LOCALE.to_string()],
            "one report"
        );
        let m = Messages::new(
            "fr",
            vec![("card.add".into(), Custom::Plain("Ajouter au panier".into()))],
        );
        let add = m
            .get(Table::Shop, "card.add")
            .map(|f| f.form("other").to_string());
        assert_eq!(add.as_deref(), Some("Ajouter au panier"));
        assert!(m.take_missing().is_empty());
        let en = Lang::En.find(Table::Viewer, "tags.group");
        assert_eq!(m.get(Table::Viewer, "tags.group"), en.map(Found::Builtin));
        let _ = m.get(Table::Viewer, "tags.group");
        assert_eq!(m.take_missing(), vec!["tags.group".to_string()]);
        let _ = m.get(Table::Viewer, "tags.group");
        assert!(m.take_missing().is_empty(), "reported once");
        assert!(m.get(Table::Viewer, "no.such.key").is_none());
        // Of two messages with one key (an exact tag's over its language's), the first wins.
        let two = Messages::new(
            "es-MX",
            vec![
                ("card.add".into(), Custom::Plain("first".into())),
                ("card.added".into(), Custom::Plain("x".into())),
                ("card.add".into(), Custom::Plain("second".into())),
            ],
        );
        let add = two.shop("card.add").map(|f| f.form("other").to_string());
        assert_eq!(add.as_deref(), Some("first"));
    }

    #[test]
    fn built_in_languages_miss_nothing_and_english_reports_nothing() {
        for lang in Lang::ALL {
            let m = Messages::new(lang.tag(), Vec::new());
            for table in TABLES {
                for (key, _) in Lang::En.catalog(table) {
                    assert!(m.get(table, key).is_some());
                }
            }
            assert!(m.take_missing().is_empty(), "{lang:?}");
        }
    }

    #[test]
    fn plural_forms_and_placeholders() {
        let forms = Custom::Plural(vec![
            ("one".into(), "{count} item".into()),
            ("other".into(), "{count} items".into()),
        ]);
        let f = Found::Custom(&forms);
        assert!(f.is_plural());
        assert_eq!(f.form("one"), "{count} item");
        assert_eq!(
            f.form("few"),
            "{count} items",
            "an absent category is other"
        );
        assert_eq!(fill("{count} items", &[("count", "٣")]), "٣ items");
        assert_eq!(fill("{a} and {b}", &[("a", "x")]), "x and {b}");
        assert_eq!(fill("open { brace", &[]), "open { brace");
        assert_eq!(placeholders("{h}:{m}:{s}"), vec!["h", "m", "s"]);
    }
}
