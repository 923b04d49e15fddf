//! The catalogue in the shopper's language: which language a request asks for (`?lang=` or
//! `Accept-Language`), the sample catalogue's titles and option words in Spanish and Arabic,
//! and the look-ups that fall back to English one field at a time.

use axum::http::HeaderMap;
use rusqlite::{params, Connection, OptionalExtension};
use std::collections::HashMap;

/// The languages the catalogue is written in. English is every word's fallback.
pub const LANGS: [&str; 3] = ["en", "es", "ar"];

/// The language a request asks for: `?lang=` when it names one of [`LANGS`], else the first
/// of `Accept-Language`'s that is one (by its q-values, then its order), else English. A
/// language the catalogue is not written in is not an error: the answer is in English.
pub fn negotiate(query: Option<&str>, headers: &HeaderMap) -> &'static str {
    if let Some(l) = query.and_then(supported) {
        return l;
    }
    let Some(accept) = headers
        .get(axum::http::header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
    else {
        return "en";
    };
    let mut best: Option<(f32, &'static str)> = None;
    for part in accept.split(',').take(32) {
        let mut bits = part.split(';');
        let tag = bits.next().unwrap_or("").trim();
        let q = bits
            .find_map(|b| b.trim().strip_prefix("q="))
            .and_then(|q| q.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        if q.is_nan() || q <= 0.0 {
            continue;
        }
        if let Some(l) = supported(tag) {
            // The first of equal weight wins: a later one must weigh more.
            if best.is_none_or(|(b, _)| q > b) {
                best = Some((q, l));
            }
        }
    }
    best.map_or("en", |(_, l)| l)
}

/// `tag`'s primary language when the catalogue is written in it ("es-MX" → "es").
fn supported(tag: &str) -> Option<&'static str> {
    let primary = tag.split(['-', '_']).next()?.trim().to_ascii_lowercase();
    LANGS.iter().copied().find(|l| *l == primary)
}

/// A product's title and description in `lang`, each the English one where it has none.
pub fn product_text(
    conn: &Connection,
    id: &str,
    lang: &str,
    english: (String, String),
) -> Result<(String, String), rusqlite::Error> {
    if lang == "en" {
        return Ok(english);
    }
    let row: Option<(Option<String>, Option<String>)> = conn
        .query_row(
            "SELECT title, description FROM product_text WHERE product_id = ?1 AND lang = ?2",
            params![id, lang],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let (title, description) = row.unwrap_or((None, None));
    Ok((title.unwrap_or(english.0), description.unwrap_or(english.1)))
}

/// The catalogue's words (an option's name, `axis:color`, or value, `value:Black`) in `lang`;
/// a word missing here is shown in English.
pub fn words(conn: &Connection, lang: &str) -> Result<HashMap<String, String>, rusqlite::Error> {
    if lang == "en" {
        return Ok(HashMap::new());
    }
    conn.prepare_cached("SELECT word, text FROM catalog_words WHERE lang = ?1")?
        .query_map([lang], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect()
}

/// The sample catalogue's titles: (product, Spanish, Arabic).
const TITLES: &[(&str, &str, &str)] = &[
    ("p-tote", "Bolso tote de lona", "حقيبة قماشية"),
    ("p-sneaker", "Zapatilla de trail", "حذاء ركض للمسارات"),
    ("p-watch", "Reloj de campo", "ساعة ميدانية"),
    ("p-shades", "Gafas de aviador", "نظارة شمسية طيار"),
    ("p-mug", "Taza de gres", "كوب فخاري"),
    ("p-phones", "Auriculares de estudio", "سماعات استوديو"),
    ("p-lamp", "Lámpara de escritorio", "مصباح مكتب"),
    ("p-pack", "Mochila enrollable", "حقيبة ظهر بغطاء ملفوف"),
    ("p-scarf", "Bufanda de merino", "وشاح من صوف الميرينو"),
    ("p-bottle", "Botella de acero", "قارورة فولاذية"),
    ("p-cap", "Gorra lavada", "قبعة مغسولة"),
    ("p-case", "Funda de móvil", "غطاء هاتف"),
    ("p-candle", "Vela de soja", "شمعة صويا"),
    ("p-ring", "Anillo de plata", "خاتم فضة"),
    ("p-tee", "Camiseta de algodón orgánico", "قميص قطن عضوي"),
    ("p-hoodie", "Sudadera polar", "هودي صوف ناعم"),
    ("p-jeans", "Vaqueros rectos", "جينز مستقيم"),
    ("p-jacket", "Chaqueta impermeable", "سترة مطر"),
    (
        "p-socks",
        "Calcetines de lana (3 pares)",
        "جوارب صوف (3 أزواج)",
    ),
    ("p-beanie", "Gorro de canalé", "قبعة صوف مضلعة"),
    ("p-wallet", "Cartera de piel", "محفظة جلدية"),
    ("p-belt", "Cinturón de lona", "حزام قماشي"),
    ("p-speaker", "Altavoz de bolsillo", "مكبر صوت جيب"),
    ("p-charger", "Cargador rápido", "شاحن سريع"),
    ("p-notebook", "Cuaderno de puntos", "دفتر منقط"),
    ("p-pen", "Bolígrafo de latón", "قلم نحاسي"),
    ("p-plant", "Helecho en maceta", "سرخس في أصيص"),
    ("p-blanket", "Manta de punto", "بطانية محبوكة"),
    ("p-towel", "Juego de toallas de lino", "طقم مناشف كتان"),
    ("p-grinder", "Molinillo de café", "مطحنة قهوة"),
    ("p-kettle", "Hervidor de cuello de cisne", "غلاية تقطير"),
    ("p-yoga", "Esterilla de yoga", "حصيرة يوغا"),
];

/// The sample catalogue's option words: (word, Spanish, Arabic). Sizes are the same in every
/// language and have none.
const WORDS: &[(&str, &str, &str)] = &[
    ("axis:color", "Color", "اللون"),
    ("axis:size", "Talla", "المقاس"),
    ("value:Black", "Negro", "أسود"),
    ("value:White", "Blanco", "أبيض"),
    ("value:Sand", "Arena", "رملي"),
    ("value:Olive", "Oliva", "زيتوني"),
];

/// Writes the sample catalogue's translations (for the products that exist; a word already
/// there is kept, so a seller's own translation wins).
pub fn seed(conn: &Connection) -> Result<(), rusqlite::Error> {
    let mut text = conn.prepare_cached(
        "INSERT OR IGNORE INTO product_text (product_id, lang, title, description)
         SELECT id, ?2, ?3, ?4 FROM products WHERE id = ?1",
    )?;
    for (id, es, ar) in TITLES {
        text.execute(params![id, "es", es, format!("{es}, como en el vídeo.")])?;
        text.execute(params![id, "ar", ar, format!("{ar}، كما في الفيديو.")])?;
    }
    let mut words = conn.prepare_cached(
        "INSERT OR IGNORE INTO catalog_words (word, lang, text) VALUES (?1, ?2, ?3)",
    )?;
    for (key, es, ar) in WORDS {
        words.execute(params![key, "es", es])?;
        words.execute(params![key, "ar", ar])?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn accept(v: &'static str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(
            axum::http::header::ACCEPT_LANGUAGE,
            HeaderValue::from_static(v),
        );
        h
    }

    #[test]
    fn the_query_wins_then_the_heaviest_accepted_language_then_english() {
        assert_eq!(negotiate(Some("ar"), &accept("es")), "ar");
        assert_eq!(negotiate(Some("fr"), &accept("es-MX,es;q=0.9")), "es");
        assert_eq!(negotiate(None, &accept("fr-FR, ar;q=0.5, es;q=0.8")), "es");
        assert_eq!(negotiate(None, &accept("ar, es")), "ar");
        assert_eq!(negotiate(None, &accept("ES_es")), "es");
        assert_eq!(negotiate(None, &accept("es;q=0, fr")), "en");
        assert_eq!(negotiate(None, &accept("*")), "en");
        assert_eq!(negotiate(None, &accept(";;;q=x,,")), "en");
        assert_eq!(negotiate(None, &HeaderMap::new()), "en");
    }

    #[test]
    fn every_sample_product_has_its_words() {
        for (id, _, _, _, _, _) in crate::catalog::PRODUCTS {
            assert!(
                TITLES.iter().any(|(t, _, _)| t == id),
                "{id} has no translation"
            );
        }
    }
}
