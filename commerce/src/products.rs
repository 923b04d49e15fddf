//! The catalogue's answers: products by ids or by search, in the shopper's language (`?lang=`
//! or `Accept-Language`, each field English where it has no translation), with their option
//! axes, variants and deals; and each product's picture.

use axum::extract::{Extension, Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::Json;
use rusqlite::{params, Connection, OptionalExtension};
use serde::Deserialize;
use serde_json::{json, Value};
use std::collections::HashMap;

use crate::api::MAX_IDS;
use crate::auth::Caller;
use crate::db::{now_ms, product_image, Db};
use crate::error::ApiError;

/// A product as the API answers it, its words in `lang` (English where a field has none).
/// `words` are the catalogue's option words in `lang` ([`crate::words::words`]), read once
/// per request.
fn product_json(
    conn: &Connection,
    id: &str,
    lang: &str,
    words: &HashMap<String, String>,
) -> Result<Option<Value>, ApiError> {
    let row = conn
        .query_row(
            "SELECT title, description, currency, url FROM products WHERE id = ?1",
            [id],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                ))
            },
        )
        .optional()?;
    let Some((title, description, currency, url)) = row else {
        return Ok(None);
    };
    let (title, description) = crate::words::product_text(conn, id, lang, (title, description))?;
    let mut stmt = conn.prepare_cached(
        "SELECT id, size, colour, price, compare_at, stock FROM variants
         WHERE product_id = ?1 ORDER BY position",
    )?;
    let variants: Vec<Value> = stmt
        .query_map([id], |r| {
            Ok(json!({
                "id": r.get::<_, String>(0)?,
                "options": { "size": r.get::<_, Option<String>>(1)?, "color": r.get::<_, String>(2)? },
                "price": r.get::<_, i64>(3)?,
                "compare_at": r.get::<_, Option<i64>>(4)?,
                "available": r.get::<_, i64>(5)?,
            }))
        })?
        .collect::<Result<_, _>>()?;
    let options = crate::catalog::axes(&variants, |key| words.get(key).cloned());
    let deals: Vec<Value> = crate::deals::of_product(conn, id, now_ms())?
        .iter()
        .map(crate::deals::DealRow::json)
        .collect();
    Ok(Some(json!({
        "id": id, "title": title, "description": description, "currency": currency,
        "image": format!("/media/products/{id}.svg"), "url": url, "options": options,
        "variants": variants, "deals": deals,
    })))
}

#[derive(Deserialize)]
pub struct ProductQuery {
    ids: Option<String>,
    q: Option<String>,
    /// `mine=1`: only products the signed-in seller sells, or a creator's programmes allow.
    mine: Option<String>,
    /// The language to answer in (else `Accept-Language`'s; English where a field has none).
    lang: Option<String>,
}

/// `GET /api/products?ids=a,b` or `?q=text` (with `mine=1`, signed in: only what the
/// caller may feature), in the language asked for (`?lang=` or `Accept-Language`): its
/// `Content-Language` says which.
pub async fn products(
    State(db): State<Db>,
    Extension(caller): Extension<Caller>,
    Query(q): Query<ProductQuery>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let lang = crate::words::negotiate(q.lang.as_deref(), &headers);
    let answer = product_answer(&db, &caller, q, lang).await?;
    Ok((
        [
            (axum::http::header::CONTENT_LANGUAGE, lang),
            (axum::http::header::VARY, "Accept-Language"),
        ],
        answer,
    )
        .into_response())
}

async fn product_answer(
    db: &Db,
    caller: &Caller,
    q: ProductQuery,
    lang: &'static str,
) -> Result<Json<Value>, ApiError> {
    let mine = match q.mine.as_deref() {
        None | Some("0") => None,
        Some("1") => Some(caller.member()?.account.clone()),
        Some(_) => return Err(ApiError::invalid("mine", "must be 1 or 0")),
    };
    match (q.ids, q.q) {
        (Some(ids), None) => {
            let ids: Vec<String> = ids
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect();
            if ids.is_empty() || ids.len() > MAX_IDS {
                return Err(ApiError::invalid(
                    "ids",
                    format!("give 1 to {MAX_IDS} comma-separated product ids"),
                ));
            }
            db.run(move |conn| {
                let words = crate::words::words(conn, lang)?;
                let (mut found, mut missing) = (Vec::new(), Vec::new());
                for id in ids {
                    match product_json(conn, &id, lang, &words)? {
                        Some(p) => found.push(p),
                        None => missing.push(id),
                    }
                }
                Ok(Json(json!({ "products": found, "missing": missing })))
            })
            .await
        }
        (None, Some(text)) => {
            let text = text.trim().to_string();
            if text.chars().count() > 100 {
                return Err(ApiError::invalid(
                    "q",
                    "the search text is longer than 100 characters",
                ));
            }
            db.run(move |conn| {
                let pattern = format!(
                    "%{}%",
                    text.replace('\\', "\\\\")
                        .replace('%', "\\%")
                        .replace('_', "\\_")
                );
                // `?2` NULL: everyone's; else the account's own and its programmes'. The text
                // is found in the English title or the one in the shopper's language, and the
                // list is in the order of the titles the shopper reads.
                let ids: Vec<String> = conn
                    .prepare_cached(
                        "SELECT p.id FROM products p
                           LEFT JOIN product_text t ON t.product_id = p.id AND t.lang = ?3
                         WHERE (p.title LIKE ?1 ESCAPE '\\' OR t.title LIKE ?1 ESCAPE '\\')
                           AND (?2 IS NULL OR p.seller_id = ?2 OR EXISTS (
                             SELECT 1 FROM programmes g WHERE g.creator_id = ?2
                               AND g.seller_id = p.seller_id AND g.product_id IN (p.id, '*')))
                         ORDER BY coalesce(t.title, p.title) LIMIT 50",
                    )?
                    .query_map(params![pattern, mine, lang], |r| r.get(0))?
                    .collect::<Result<_, _>>()?;
                let words = crate::words::words(conn, lang)?;
                let products: Vec<Value> = ids
                    .iter()
                    .map(|id| product_json(conn, id, lang, &words))
                    .collect::<Result<Vec<_>, _>>()?
                    .into_iter()
                    .flatten()
                    .collect();
                Ok(Json(json!({ "products": products })))
            })
            .await
        }
        _ => Err(ApiError::invalid("ids", "give either ids=a,b or q=text")),
    }
}

/// `GET /media/products/{id}.svg`: the generated product image.
pub async fn image(State(db): State<Db>, Path(file): Path<String>) -> Result<Response, ApiError> {
    let id = file
        .strip_suffix(".svg")
        .ok_or_else(|| ApiError::NotFound {
            what: "image",
            id: file.clone(),
        })?
        .to_string();
    let svg = db.run(move |conn| product_image(conn, &id)).await?;
    match svg {
        Some(svg) => Ok(([("content-type", "image/svg+xml")], svg).into_response()),
        None => Err(ApiError::NotFound {
            what: "image",
            id: file,
        }),
    }
}
