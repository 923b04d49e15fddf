//! The affiliate programme: a seller lets a creator feature its products (all, or one) at a
//! commission rate; an order line attributed to that creator (the manifest's
//! `attribution.creator` is the creator's account id, or the line comes from a video the
//! creator published) accrues the commission at the price paid, in the order's currency, worked out once at checkout and kept on the line; the
//! creator sees what it earned, the seller what it owes, by video, product and campaign.

use axum::extract::{Extension, Path, Query, State};
use axum::http::StatusCode;
use axum::Json;
use rusqlite::{params, Connection, OptionalExtension};
use serde_json::{json, Value};
use std::collections::HashMap;

use crate::auth::{accounts, owner, Caller, Kind};
use crate::db::Db;
use crate::error::ApiError;
use crate::request::body_value;

/// What one order line earns its creator: the creator's account and the rate, when the line
/// is attributed to a creator in the seller's programme for the product; and the amount, in
/// minor units, rounded down (a commission is never more than the rate). The creator is the
/// one the attribution names, or else the creator who published the video the line was added
/// from (a creator's own video credits it without its manifest saying so).
pub fn accrue(
    conn: &Connection,
    variant: &str,
    (creator, video): (Option<&str>, Option<&str>),
    quantity: i64,
    unit_price: i64,
) -> Result<Option<(String, i64, i64)>, ApiError> {
    let publisher: Option<String> = match video {
        Some(v) => conn
            .prepare_cached(
                "SELECT a.id FROM videos x JOIN accounts a ON a.id = x.owner_id
                 WHERE x.id = ?1 AND a.kind = 'creator'",
            )?
            .query_row([v], |r| r.get(0))
            .optional()?,
        None => None,
    };
    for candidate in [creator, publisher.as_deref()].into_iter().flatten() {
        let rate: Option<i64> = conn
            .prepare_cached(
                "SELECT g.rate_bp FROM variants v JOIN products p ON p.id = v.product_id
                 JOIN programmes g ON g.seller_id = p.seller_id AND g.creator_id = ?2
                   AND g.product_id IN (p.id, '*')
                 WHERE v.id = ?1 ORDER BY g.product_id = '*' LIMIT 1",
            )?
            .query_row(params![variant, candidate], |r| r.get(0))
            .optional()?;
        if let Some(bp) = rate {
            let amount = quantity * unit_price * bp / 10_000;
            return Ok(Some((candidate.to_string(), bp, amount)));
        }
    }
    Ok(None)
}

/// `GET /api/programme`: a seller's programme (who may feature what, at which rate), or the
/// programmes a creator is in.
pub async fn list(
    State(db): State<Db>,
    Extension(caller): Extension<Caller>,
) -> Result<Json<Value>, ApiError> {
    let m = caller.member()?.clone();
    db.run(move |conn| {
        let column = match m.kind {
            Kind::Seller => "seller_id",
            Kind::Creator => "creator_id",
        };
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT seller_id, creator_id, product_id, rate_bp FROM programmes WHERE {column} = ?1
             ORDER BY seller_id, creator_id, product_id"
        ))?;
        let rows = stmt
            .query_map([&m.account], |r| {
                let product: String = r.get(2)?;
                Ok(json!({
                    "seller": r.get::<_, String>(0)?, "creator": r.get::<_, String>(1)?,
                    "product_id": (product != "*").then_some(product), "rate_bp": r.get::<_, i64>(3)?,
                }))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Json(json!({ "programme": rows })))
    })
    .await
}

/// `PUT /api/programme/{creator}` with `{rate_bp, product_id?}`: the seller lets `creator`
/// feature its products (or the one), at `rate_bp` basis points.
pub async fn put(
    State(db): State<Db>,
    Extension(caller): Extension<Caller>,
    Path(creator): Path<String>,
    body: axum::body::Bytes,
) -> Result<Json<Value>, ApiError> {
    let m = seller(&caller)?;
    let body = body_value(&body)?;
    let rate = body
        .get("rate_bp")
        .and_then(Value::as_i64)
        .filter(|r| (0..=10_000).contains(r))
        .ok_or_else(|| ApiError::invalid("rate_bp", "is required: 0 to 10000 basis points"))?;
    let product = match body.get("product_id") {
        None | Some(Value::Null) => None,
        Some(Value::String(p)) => Some(p.clone()),
        Some(_) => return Err(ApiError::invalid("product_id", "must be a product id")),
    };
    db.run(move |conn| {
        let tx = conn.transaction()?;
        let (_, kind) = accounts::describe(&tx, &creator)?;
        if kind != "creator" {
            return Err(ApiError::invalid(
                "creator",
                format!("{creator} is not a creator"),
            ));
        }
        if let Some(p) = &product {
            owner::own_product(&tx, &m, p)?;
        }
        let before = rate_of(&tx, &m.account, &creator, product.as_deref())?;
        accounts::join_programme(&tx, &m.account, &creator, product.as_deref(), rate)?;
        let after = json!({ "creator": creator, "product_id": product, "rate_bp": rate });
        let was = before.map(|r| json!({ "rate_bp": r }));
        owner::audit(
            &tx,
            &m,
            "programme.set",
            &creator,
            was.as_ref(),
            Some(&after),
        )?;
        tx.commit()?;
        Ok(Json(after))
    })
    .await
}

/// `DELETE /api/programme/{creator}?product_id=`: ends the creator's rate (for the product, or
/// the one for all products). Lines already ordered keep what they accrued.
pub async fn remove(
    State(db): State<Db>,
    Extension(caller): Extension<Caller>,
    Path(creator): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<StatusCode, ApiError> {
    let m = seller(&caller)?;
    let product = q.get("product_id").cloned();
    db.run(move |conn| {
        let tx = conn.transaction()?;
        let before = rate_of(&tx, &m.account, &creator, product.as_deref())?;
        let Some(before) = before else {
            return Err(ApiError::NotFound {
                what: "programme",
                id: creator.clone(),
            });
        };
        tx.execute(
            "DELETE FROM programmes WHERE seller_id = ?1 AND creator_id = ?2 AND product_id = ?3",
            params![m.account, creator, product.as_deref().unwrap_or("*")],
        )?;
        let was = json!({ "product_id": product, "rate_bp": before });
        owner::audit(&tx, &m, "programme.end", &creator, Some(&was), None)?;
        tx.commit()?;
        Ok(StatusCode::NO_CONTENT)
    })
    .await
}

/// `GET /api/earnings`: for a creator, the commission it earned; for a seller, what it owes
/// its creators — totals and by video, product, campaign and creator, per currency.
pub async fn earnings(
    State(db): State<Db>,
    Extension(caller): Extension<Caller>,
) -> Result<Json<Value>, ApiError> {
    let m = caller.member()?.clone();
    db.run(move |conn| {
        let column = match m.kind {
            Kind::Seller => "l.seller_id",
            Kind::Creator => "l.creator_id",
        };
        let group = |by: &str| -> Result<Vec<Value>, ApiError> {
            let mut stmt = conn.prepare(&format!(
                "SELECT {by}, o.currency, count(DISTINCT o.id), sum(l.quantity),
                        sum(l.quantity * l.unit_price), sum(l.commission)
                 FROM order_lines l JOIN orders o ON o.id = l.order_id
                 JOIN variants v ON v.id = l.variant_id
                 WHERE {column} = ?1 AND l.commission IS NOT NULL
                 GROUP BY {by}, o.currency ORDER BY {by}"
            ))?;
            let rows = stmt
                .query_map([&m.account], |r| {
                    Ok(json!({
                        "key": r.get::<_, Option<String>>(0)?, "currency": r.get::<_, String>(1)?,
                        "orders": r.get::<_, i64>(2)?, "units": r.get::<_, i64>(3)?,
                        "sales": r.get::<_, i64>(4)?, "commission": r.get::<_, i64>(5)?,
                    }))
                })?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(rows)
        };
        Ok(Json(json!({
            "as": m.kind.as_str(),
            "total": group("'all'")?,
            "by_video": group("l.video")?,
            "by_product": group("v.product_id")?,
            "by_campaign": group("l.campaign")?,
            "by_creator": group("l.creator_id")?,
            "by_seller": group("l.seller_id")?,
        })))
    })
    .await
}

fn seller(caller: &Caller) -> Result<crate::auth::Member, ApiError> {
    let m = caller.member()?;
    if m.kind != Kind::Seller {
        return Err(ApiError::forbidden(
            "not_a_seller",
            "only a seller runs an affiliate programme",
        ));
    }
    Ok(m.clone())
}

fn rate_of(
    conn: &Connection,
    seller: &str,
    creator: &str,
    product: Option<&str>,
) -> Result<Option<i64>, ApiError> {
    Ok(conn
        .query_row(
            "SELECT rate_bp FROM programmes WHERE seller_id = ?1 AND creator_id = ?2 AND product_id = ?3",
            params![seller, creator, product.unwrap_or("*")],
            |r| r.get(0),
        )
        .optional()?)
}
