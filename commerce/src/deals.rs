//! Deals on the server's clock. The server is the authority: a deal price is charged only while
//! the deal is live (`starts_ms <= now < ends_ms`, server time), within its per-customer limit
//! and its deal stock, and a refusal says which of these failed.

use axum::extract::{Extension, State};
use axum::http::{HeaderMap, Method, Uri};
use axum::response::Response;
use rusqlite::{params, Connection, OptionalExtension};
use serde_json::{json, Value};

use crate::auth::{owner, Caller};
use crate::db::{now_ms, Db};
use crate::error::ApiError;
use crate::request::{body_value, mutate, opt_text};

/// Deal and room titles: at most this many characters.
pub const MAX_TITLE_CHARS: usize = 80;

/// A deal as stored.
#[derive(Clone, Debug)]
pub struct DealRow {
    pub id: String,
    pub product: String,
    pub variant: Option<String>,
    pub price: i64,
    pub starts_ms: i64,
    pub ends_ms: i64,
    pub announce_ms: Option<i64>,
    pub per_customer: Option<i64>,
    pub stock: Option<i64>,
    pub title: Option<String>,
}

const COLUMNS: &str =
    "id, product_id, variant_id, price, starts_ms, ends_ms, announce_ms, per_customer, stock, title";

fn row(r: &rusqlite::Row) -> rusqlite::Result<DealRow> {
    Ok(DealRow {
        id: r.get(0)?,
        product: r.get(1)?,
        variant: r.get(2)?,
        price: r.get(3)?,
        starts_ms: r.get(4)?,
        ends_ms: r.get(5)?,
        announce_ms: r.get(6)?,
        per_customer: r.get(7)?,
        stock: r.get(8)?,
        title: r.get(9)?,
    })
}

impl DealRow {
    pub fn json(&self) -> Value {
        json!({
            "id": self.id, "product_id": self.product, "variant_id": self.variant,
            "price": self.price, "starts_ms": self.starts_ms, "ends_ms": self.ends_ms,
            "announce_ms": self.announce_ms, "limit": self.per_customer,
            "stock_left": self.stock, "title": self.title,
        })
    }
}

/// Ends deal `id` at `now` (a host closing a flash deal early): the deal as it is now and
/// whether this ended it, or `None` when there is no such deal. A deal that has ended stays
/// as it was.
pub fn end_now(conn: &Connection, id: &str, now: i64) -> Result<Option<(DealRow, bool)>, ApiError> {
    let changed = conn.execute(
        "UPDATE deals SET ends_ms = ?2, starts_ms = min(starts_ms, ?2 - 1),
                          announce_ms = CASE WHEN announce_ms > ?2 - 1 THEN ?2 - 1 ELSE announce_ms END
         WHERE id = ?1 AND ends_ms > ?2",
        params![id, now],
    )?;
    Ok(conn
        .query_row(
            &format!("SELECT {COLUMNS} FROM deals WHERE id = ?1"),
            [id],
            row,
        )
        .optional()?
        .map(|d| (d, changed == 1)))
}

/// The deals of `product` that have not ended at `now`, soonest first.
pub fn of_product(conn: &Connection, product: &str, now: i64) -> Result<Vec<DealRow>, ApiError> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM deals WHERE product_id = ?1 AND ends_ms > ?2 ORDER BY starts_ms, id"
    ))?;
    let rows = stmt
        .query_map(params![product, now], row)?
        .collect::<Result<_, _>>()?;
    Ok(rows)
}

/// The live deal for `variant` at `now` with the lowest price and deal stock left, if any.
pub fn live_for(conn: &Connection, variant: &str, now: i64) -> Result<Option<DealRow>, ApiError> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM deals d
             WHERE d.product_id = (SELECT product_id FROM variants WHERE id = ?1)
               AND (d.variant_id IS NULL OR d.variant_id = ?1)
               AND d.starts_ms <= ?2 AND ?2 < d.ends_ms AND (d.stock IS NULL OR d.stock > 0)
             ORDER BY d.price, d.id LIMIT 1"
        ))?
        .query_row(params![variant, now], row)
        .optional()?)
}

/// What one checkout line costs at `now`, taking the deal's stock and the customer's limit in
/// the same transaction as the order: the unit price and the deal it was priced under.
pub fn price_at_checkout(
    conn: &Connection,
    customer: Option<&str>,
    variant: &str,
    quantity: i64,
    regular: i64,
    now: i64,
) -> Result<(i64, Option<String>), ApiError> {
    let Some(deal) = live_for(conn, variant, now)? else {
        return Ok((regular, None));
    };
    if deal.price >= regular {
        return Ok((regular, None));
    }
    let name = deal.title.clone().unwrap_or_else(|| "the deal".into());
    if let Some(limit) = deal.per_customer {
        let bought: i64 = match customer {
            Some(c) => conn.query_row(
                "SELECT coalesce(sum(ol.quantity), 0) FROM order_lines ol
                 JOIN orders o ON o.id = ol.order_id JOIN carts c ON c.id = o.cart_id
                 WHERE ol.deal_id = ?1 AND c.customer = ?2",
                params![deal.id, c],
                |r| r.get(0),
            )?,
            None => 0,
        };
        if bought + quantity > limit {
            return Err(ApiError::DealLimit {
                variant: variant.to_string(),
                deal: deal.id,
                max: (limit - bought).max(0) as u32,
                message: format!(
                    "{name} allows {limit} per customer; {} more at the deal price",
                    (limit - bought).max(0)
                ),
            });
        }
    }
    // The guard makes the deal stock impossible to oversell, like the regular stock.
    let taken = conn.execute(
        "UPDATE deals SET stock = stock - ?1 WHERE id = ?2 AND stock IS NOT NULL AND stock >= ?1",
        params![quantity, deal.id],
    )?;
    if deal.stock.is_some() && taken != 1 {
        let left = deal.stock.unwrap_or(0).max(0);
        return Err(ApiError::DealSoldOut {
            variant: variant.to_string(),
            deal: deal.id,
            available: left as u32,
            message: format!("only {left} left at the price of {name}"),
        });
    }
    Ok((deal.price, Some(deal.id)))
}

fn int(body: &Value, field: &str) -> Result<Option<i64>, ApiError> {
    match body.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => v
            .as_i64()
            .map(Some)
            .ok_or_else(|| ApiError::invalid(field, "must be a whole number")),
    }
}

/// Reads a deal from a request body. Times are absolute (`starts_ms`, `ends_ms`,
/// `announce_ms`, server Unix milliseconds) or relative to now (`starts_in_ms`,
/// `duration_ms`, `announce_before_ms`), so a host console needs no clock of its own.
pub fn parse(conn: &Connection, body: &Value, now: i64) -> Result<DealRow, ApiError> {
    let product = body
        .get("product_id")
        .and_then(Value::as_str)
        .ok_or_else(|| ApiError::invalid("product_id", "is required: a product id"))?
        .to_string();
    let variant = match body.get("variant_id") {
        None | Some(Value::Null) => None,
        Some(v) => Some(
            v.as_str()
                .ok_or_else(|| ApiError::invalid("variant_id", "must be a string"))?
                .to_string(),
        ),
    };
    let regular: Option<i64> = conn
        .query_row(
            "SELECT min(price) FROM variants WHERE product_id = ?1 AND (?2 IS NULL OR id = ?2)",
            params![product, variant],
            |r| r.get(0),
        )
        .optional()?
        .flatten();
    let Some(regular) = regular else {
        return Err(match &variant {
            Some(v) => ApiError::NotFound {
                what: "variant",
                id: format!("{v} of {product}"),
            },
            None => ApiError::NotFound {
                what: "product",
                id: product,
            },
        });
    };
    let price = int(body, "price")?.ok_or_else(|| ApiError::invalid("price", "is required"))?;
    if price < 0 || price >= regular {
        return Err(ApiError::invalid(
            "price",
            format!("must be at least 0 and below the regular price {regular}"),
        ));
    }
    let starts_ms = match (int(body, "starts_ms")?, int(body, "starts_in_ms")?) {
        (Some(t), None) => t,
        (None, Some(d)) => now + d,
        (None, None) => now,
        (Some(_), Some(_)) => {
            return Err(ApiError::invalid(
                "starts_ms",
                "give starts_ms or starts_in_ms, not both",
            ))
        }
    };
    let ends_ms = match (int(body, "ends_ms")?, int(body, "duration_ms")?) {
        (Some(t), None) => t,
        (None, Some(d)) => starts_ms + d,
        _ => {
            return Err(ApiError::invalid(
                "ends_ms",
                "give ends_ms or duration_ms (one of them)",
            ))
        }
    };
    if ends_ms <= starts_ms {
        return Err(ApiError::invalid(
            "ends_ms",
            "the deal must end after it starts",
        ));
    }
    let announce_ms = match (int(body, "announce_ms")?, int(body, "announce_before_ms")?) {
        (Some(t), None) => Some(t),
        (None, Some(d)) => Some(starts_ms - d.max(0)),
        (None, None) => None,
        (Some(_), Some(_)) => {
            return Err(ApiError::invalid(
                "announce_ms",
                "give announce_ms or announce_before_ms, not both",
            ))
        }
    };
    if announce_ms.is_some_and(|a| a > starts_ms) {
        return Err(ApiError::invalid(
            "announce_ms",
            "a deal is announced before it starts",
        ));
    }
    let per_customer = int(body, "limit")?;
    if per_customer.is_some_and(|l| l < 1) {
        return Err(ApiError::invalid("limit", "must be 1 or more"));
    }
    let stock = int(body, "stock")?;
    if stock.is_some_and(|s| s < 0) {
        return Err(ApiError::invalid("stock", "must be 0 or more"));
    }
    let title = opt_text(
        body.get("title").unwrap_or(&Value::Null),
        "title",
        MAX_TITLE_CHARS,
    )?;
    Ok(DealRow {
        id: String::new(),
        product,
        variant,
        price,
        starts_ms,
        ends_ms,
        announce_ms,
        per_customer,
        stock,
        title,
    })
}

/// Stores a deal; its id is made here.
pub fn insert(conn: &Connection, mut d: DealRow) -> Result<DealRow, ApiError> {
    d.id = conn.query_row("SELECT 'd-' || lower(hex(randomblob(6)))", [], |r| r.get(0))?;
    conn.execute(
        "INSERT INTO deals (id, product_id, variant_id, price, starts_ms, ends_ms, announce_ms,
                            per_customer, stock, title, created_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            d.id,
            d.product,
            d.variant,
            d.price,
            d.starts_ms,
            d.ends_ms,
            d.announce_ms,
            d.per_customer,
            d.stock,
            d.title,
            now_ms()
        ],
    )?;
    Ok(d)
}

/// `POST /api/deals`: a new deal (a host starting a flash deal, a brand scheduling one).
/// Only the product's seller may.
pub async fn create(
    State(db): State<Db>,
    Extension(caller): Extension<Caller>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Response, ApiError> {
    let m = caller.member()?.clone();
    let body = body_value(&body)?;
    mutate(
        &db,
        &caller,
        &headers,
        &method,
        &uri,
        body,
        move |tx, body| {
            let d = parse(tx, body, now_ms())?;
            owner::own_product(tx, &m, &d.product)?;
            let made = insert(tx, d)?.json();
            owner::audit(tx, &m, "deal.create", &d_id(&made), None, Some(&made))?;
            Ok((201, made))
        },
    )
    .await
}

/// The id in a deal's JSON.
pub fn d_id(deal: &Value) -> String {
    deal.get("id")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

/// Makes the demo deals (live and announced ones) unless some are live or coming already.
/// For the demo only: tests create their own deals through the API.
pub async fn seed_demo_deals(db: &Db) -> Result<(), ApiError> {
    db.run(|conn| {
        let tx = conn.transaction()?;
        seed_demo(&tx, now_ms())?;
        tx.commit()?;
        Ok(())
    })
    .await
}

/// Demo deals, made when the server starts with `--demo-deals` and nothing is live or coming:
/// a live flash deal with a limit and a deal stock, and one announced with a countdown.
pub fn seed_demo(conn: &Connection, now: i64) -> Result<(), ApiError> {
    let pending: i64 = conn.query_row(
        "SELECT count(*) FROM deals WHERE ends_ms > ?1",
        [now],
        |r| r.get(0),
    )?;
    if pending > 0 {
        return Ok(());
    }
    let demo = [
        json!({ "product_id": "p-watch", "price": 11900, "duration_ms": 15 * 60_000,
                "limit": 2, "stock": 20, "title": "Flash deal" }),
        json!({ "product_id": "p-sneaker", "price": 7900, "starts_in_ms": 2 * 60_000,
                "announce_before_ms": 2 * 60_000, "duration_ms": 10 * 60_000, "limit": 1,
                "title": "Sneaker drop" }),
    ];
    for d in demo {
        let row = parse(conn, &d, now)?;
        insert(conn, row)?;
    }
    Ok(())
}
