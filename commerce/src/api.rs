//! The JSON API: carts (absolute quantities under idempotency keys), checkout, orders (the
//! catalogue is `products.rs`, analytics `analytics.rs`). Every refusal says what was wrong
//! and where.

use axum::extract::{Extension, Path, State};
use axum::http::{HeaderMap, Method, Uri};
use axum::response::Response;
use axum::Json;
use rusqlite::{params, Connection, OptionalExtension};
use serde_json::{json, Value};

use crate::auth::Caller;
use crate::db::{now_ms, Db};
use crate::error::ApiError;
use crate::request::{body_value, key, mutate, opt_text, IfMatch};

/// The most of one variant a cart line may hold.
pub const MAX_PER_LINE: u32 = 10;
/// Lines per cart.
pub const MAX_LINES: i64 = 50;
/// Ids per product lookup.
pub const MAX_IDS: usize = 100;

/// A cart's revision and, once checked out, its order id; 404 for an unknown cart.
fn cart_head(conn: &Connection, id: &str) -> Result<(i64, Option<String>), ApiError> {
    let revision: Option<i64> = conn
        .query_row("SELECT revision FROM carts WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .optional()?;
    let Some(revision) = revision else {
        return Err(ApiError::NotFound {
            what: "cart",
            id: id.to_string(),
        });
    };
    let order = conn
        .query_row("SELECT id FROM orders WHERE cart_id = ?1", [id], |r| {
            r.get(0)
        })
        .optional()?;
    Ok((revision, order))
}

pub fn cart_json(conn: &Connection, id: &str) -> Result<Value, ApiError> {
    let (revision, order) = cart_head(conn, id)?;
    let mut stmt = conn.prepare_cached(
        "SELECT l.variant_id, v.product_id, p.title, v.size, v.colour, l.quantity, v.price,
                v.compare_at, v.stock, l.creator, l.campaign, l.video
         FROM cart_lines l JOIN variants v ON v.id = l.variant_id JOIN products p ON p.id = v.product_id
         WHERE l.cart_id = ?1 ORDER BY l.position",
    )?;
    type Row = (
        String,
        String,
        String,
        Option<String>,
        String,
        i64,
        i64,
        Option<i64>,
        i64,
        Option<String>,
        Option<String>,
        Option<String>,
    );
    let rows: Vec<Row> = stmt
        .query_map([id], |r| r.try_into())?
        .collect::<Result<_, _>>()?;
    // Lines are priced as checkout would price them now: a live deal's price while it lasts.
    let now = now_ms();
    let mut subtotal = 0i64;
    let mut lines = Vec::with_capacity(rows.len());
    for (
        variant,
        product,
        title,
        size,
        colour,
        quantity,
        price,
        compare_at,
        stock,
        creator,
        campaign,
        video,
    ) in rows
    {
        let deal = crate::deals::live_for(conn, &variant, now)?.filter(|d| d.price < price);
        let unit = deal.as_ref().map_or(price, |d| d.price);
        subtotal += quantity * unit;
        lines.push(json!({
            "variant_id": variant, "product_id": product, "title": title,
            "options": { "size": size, "color": colour },
            "quantity": quantity, "unit_price": unit, "regular_price": price,
            "compare_at": compare_at, "available": stock, "line_total": quantity * unit,
            "deal": deal.map(|d| json!({ "id": d.id, "ends_ms": d.ends_ms })),
            "attribution": { "creator": creator, "campaign": campaign, "video": video },
        }));
    }
    Ok(json!({
        "id": id, "revision": revision, "currency": "USD", "lines": lines,
        "subtotal": subtotal, "order_id": order,
    }))
}

/// `POST /api/carts` with an optional `{customer}`: a new, empty cart. `customer` is the
/// anonymous id the overlay keeps for this browser; per-customer deal limits count by it.
pub async fn create_cart(
    State(db): State<Db>,
    Extension(caller): Extension<Caller>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Response, ApiError> {
    let body = body_value(&body)?;
    if !(body.is_null() || body.is_object()) {
        return Err(ApiError::invalid(
            "body",
            "must be an object like {\"customer\": \"…\"}",
        ));
    }
    let customer = opt_text(
        body.get("customer").unwrap_or(&Value::Null),
        "customer",
        MAX_ID_CHARS,
    )?;
    mutate(&db, &caller, &headers, &method, &uri, body, move |tx, _| {
        let id: String = tx.query_row("SELECT lower(hex(randomblob(16)))", [], |r| r.get(0))?;
        tx.execute(
            "INSERT INTO carts (id, revision, created_ms, customer) VALUES (?1, 0, ?2, ?3)",
            params![id, now_ms(), customer],
        )?;
        Ok((201, cart_json(tx, &id)?))
    })
    .await
}

/// `GET /api/carts/{id}`.
pub async fn get_cart(
    State(db): State<Db>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    db.run(move |conn| cart_json(conn, &id).map(Json)).await
}

/// Ids and attribution handles: at most this many characters.
const MAX_ID_CHARS: usize = 64;

fn set_line(
    conn: &Connection,
    cart: &str,
    variant: &str,
    body: &Value,
    condition: IfMatch,
) -> Result<(u16, Value), ApiError> {
    let quantity = match body.get("quantity") {
        Some(q) => q
            .as_u64()
            .ok_or_else(|| ApiError::invalid("quantity", "must be a whole number, 0 or more"))?,
        None => return Err(ApiError::invalid("quantity", "is required")),
    };
    if quantity > u64::from(MAX_PER_LINE) {
        return Err(ApiError::Limit {
            variant: variant.to_string(),
            max: MAX_PER_LINE,
        });
    }
    let attribution = body.get("attribution").unwrap_or(&Value::Null);
    if !(attribution.is_null() || attribution.is_object()) {
        return Err(ApiError::invalid("attribution", "must be an object"));
    }
    let creator = opt_text(
        attribution.get("creator").unwrap_or(&Value::Null),
        "attribution.creator",
        MAX_ID_CHARS,
    )?;
    let campaign = opt_text(
        attribution.get("campaign").unwrap_or(&Value::Null),
        "attribution.campaign",
        MAX_ID_CHARS,
    )?;
    let video = opt_text(
        attribution.get("video").unwrap_or(&Value::Null),
        "attribution.video",
        MAX_ID_CHARS,
    )?;
    let (revision, order) = cart_head(conn, cart)?;
    if let Some(order) = order {
        return Err(ApiError::Conflict(format!(
            "cart {cart} was checked out as order {order}"
        )));
    }
    // A change made against an older revision would overwrite what came since (a request
    // the client gave up on, arriving after a newer one for the same line): refused.
    if let IfMatch::Version(sent) = condition {
        if sent != revision {
            return Err(ApiError::StaleCart {
                id: cart.to_string(),
                sent,
                current: revision,
                cart: cart_json(conn, cart)?,
            });
        }
    }
    let Some(stock) = stock_of(conn, variant)? else {
        return Err(ApiError::NotFound {
            what: "variant",
            id: variant.to_string(),
        });
    };
    if quantity as i64 > stock {
        return Err(ApiError::OutOfStock {
            variant: variant.to_string(),
            available: stock.max(0) as u32,
        });
    }
    if quantity == 0 {
        conn.execute(
            "DELETE FROM cart_lines WHERE cart_id = ?1 AND variant_id = ?2",
            params![cart, variant],
        )?;
    } else {
        let lines: i64 = conn.query_row(
            "SELECT count(*) FROM cart_lines WHERE cart_id = ?1",
            [cart],
            |r| r.get(0),
        )?;
        let exists: bool = conn
            .query_row(
                "SELECT 1 FROM cart_lines WHERE cart_id = ?1 AND variant_id = ?2",
                params![cart, variant],
                |_| Ok(true),
            )
            .optional()?
            .unwrap_or(false);
        if !exists && lines >= MAX_LINES {
            return Err(ApiError::Limit {
                variant: variant.to_string(),
                max: MAX_LINES as u32,
            });
        }
        conn.execute(
            "INSERT INTO cart_lines (cart_id, variant_id, quantity, creator, campaign, video, position)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, (SELECT coalesce(max(position), 0) + 1 FROM cart_lines WHERE cart_id = ?1))
             ON CONFLICT (cart_id, variant_id) DO UPDATE SET quantity = excluded.quantity,
               creator = coalesce(excluded.creator, creator), campaign = coalesce(excluded.campaign, campaign),
               video = coalesce(excluded.video, video)",
            params![cart, variant, quantity as i64, creator, campaign, video],
        )?;
    }
    conn.execute(
        "UPDATE carts SET revision = revision + 1 WHERE id = ?1",
        [cart],
    )?;
    Ok((200, cart_json(conn, cart)?))
}

/// `PUT /api/carts/{id}/lines/{variant}` with `{quantity, attribution?}`: sets the absolute
/// quantity (0 removes the line). With `If-Match: "<revision>"` only if the cart is still at
/// that revision (412 with the current cart otherwise).
pub async fn put_line(
    State(db): State<Db>,
    Extension(caller): Extension<Caller>,
    Path((cart, variant)): Path<(String, String)>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Response, ApiError> {
    // A missing key is reported before a bad body, as on every other mutation.
    key(&headers)?;
    let body = body_value(&body)?;
    if !body.is_object() {
        return Err(ApiError::invalid(
            "body",
            "must be a JSON object like {\"quantity\": 2}",
        ));
    }
    let condition = IfMatch::read(&headers)?;
    let fp = json!({ "condition": IfMatch::fingerprint(&headers), "body": body });
    mutate(&db, &caller, &headers, &method, &uri, fp, move |tx, fp| {
        set_line(tx, &cart, &variant, &fp["body"], condition)
    })
    .await
}

/// `DELETE /api/carts/{id}/lines/{variant}`.
pub async fn delete_line(
    State(db): State<Db>,
    Extension(caller): Extension<Caller>,
    Path((cart, variant)): Path<(String, String)>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let condition = IfMatch::read(&headers)?;
    let fp = json!({ "condition": IfMatch::fingerprint(&headers) });
    mutate(&db, &caller, &headers, &method, &uri, fp, move |tx, _| {
        set_line(tx, &cart, &variant, &json!({ "quantity": 0 }), condition)
    })
    .await
}

fn checkout_tx(conn: &Connection, cart: &str) -> Result<(u16, Value), ApiError> {
    if let (_, Some(order)) = cart_head(conn, cart)? {
        return Err(ApiError::Conflict(format!(
            "cart {cart} was already checked out as order {order}"
        )));
    }
    let mut stmt = conn.prepare_cached(
        "SELECT l.variant_id, l.quantity, v.price, v.stock, l.creator, l.campaign, l.video
         FROM cart_lines l JOIN variants v ON v.id = l.variant_id WHERE l.cart_id = ?1 ORDER BY l.position",
    )?;
    type Line = (
        String,
        i64,
        i64,
        i64,
        Option<String>,
        Option<String>,
        Option<String>,
    );
    let lines: Vec<Line> = stmt
        .query_map([cart], |r| r.try_into())?
        .collect::<Result<_, _>>()?;
    if lines.is_empty() {
        return Err(ApiError::invalid("cart", "the cart is empty"));
    }
    let order: String = conn.query_row("SELECT 'o-' || lower(hex(randomblob(16)))", [], |r| {
        r.get(0)
    })?;
    let customer: Option<String> =
        conn.query_row("SELECT customer FROM carts WHERE id = ?1", [cart], |r| {
            r.get(0)
        })?;
    let now = now_ms();
    let mut total = 0i64;
    let mut out = Vec::new();
    let mut priced = Vec::with_capacity(lines.len());
    for (variant, qty, regular, stock, creator, campaign, video) in &lines {
        let (price, deal) = crate::deals::price_at_checkout(
            conn,
            customer.as_deref(),
            variant,
            *qty,
            *regular,
            now,
        )?;
        let price = &price;
        // The guard in the UPDATE is what makes overselling impossible, whatever ran before.
        let changed = conn.execute(
            "UPDATE variants SET stock = stock - ?1 WHERE id = ?2 AND stock >= ?1",
            params![qty, variant],
        )?;
        if changed != 1 {
            return Err(ApiError::OutOfStock {
                variant: variant.clone(),
                available: (*stock).max(0) as u32,
            });
        }
        total += qty * price;
        out.push(json!({
            "variant_id": variant, "quantity": qty, "unit_price": price, "deal_id": deal,
            "attribution": { "creator": creator, "campaign": campaign, "video": video },
        }));
        priced.push((variant, qty, *price, deal, creator, campaign, video));
    }
    let number = crate::order_number::fresh(conn)?;
    conn.execute(
        "INSERT INTO orders (id, cart_id, total, currency, created_ms, number)
         VALUES (?1, ?2, ?3, 'USD', ?4, ?5)",
        params![order, cart, total, now_ms(), number],
    )?;
    for (variant, qty, price, deal, creator, campaign, video) in &priced {
        // The creator's commission, if the seller's programme gives one for this product.
        let by = (creator.as_deref(), video.as_deref());
        let earned = crate::affiliate::accrue(conn, variant, by, **qty, *price)?;
        let (creator_id, bp, commission) = match earned {
            Some((c, bp, amount)) => (Some(c), Some(bp), Some(amount)),
            None => (None, None, None),
        };
        conn.execute(
            "INSERT INTO order_lines (order_id, variant_id, quantity, unit_price, creator, campaign, deal_id, seller_id,
                                      creator_id, commission_bp, commission, video)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7,
                     (SELECT p.seller_id FROM variants v JOIN products p ON p.id = v.product_id WHERE v.id = ?2),
                     ?8, ?9, ?10, ?11)",
            params![order, variant, qty, price, creator, campaign, deal, creator_id, bp, commission, video],
        )?;
    }
    Ok((
        201,
        json!({ "id": order, "number": number, "cart_id": cart, "currency": "USD", "total": total,
                "lines": out }),
    ))
}

/// `POST /api/carts/{id}/checkout`: the order, with stock taken in the same transaction.
/// LIVE rooms that pin an ordered product hear the new stock (stored with the order, sent
/// after it commits).
pub async fn checkout(
    State(state): State<crate::live::AppState>,
    Extension(caller): Extension<Caller>,
    Path(cart): Path<String>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let _order = state.live.write_lock().await;
    let made: std::sync::Arc<std::sync::Mutex<Vec<(String, crate::live::RoomEvent)>>> =
        Default::default();
    let slot = made.clone();
    let resp = mutate(
        &state.db,
        &caller,
        &headers,
        &method,
        &uri,
        Value::Null,
        move |tx, _| {
            let (status, order) = checkout_tx(tx, &cart)?;
            let events = crate::live::stock_events(tx, &order)?;
            *slot.lock().unwrap_or_else(|p| p.into_inner()) = events;
            Ok((status, order))
        },
    )
    .await?;
    for (room, e) in made.lock().unwrap_or_else(|p| p.into_inner()).drain(..) {
        state.live.publish(&room, e);
    }
    Ok(resp)
}

/// `GET /api/orders/{id}`.
pub async fn order(State(db): State<Db>, Path(id): Path<String>) -> Result<Json<Value>, ApiError> {
    db.run(move |conn| {
        let head = conn
            .query_row("SELECT cart_id, total, currency, created_ms, number FROM orders WHERE id = ?1", [&id], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?, r.get::<_, String>(2)?, r.get::<_, i64>(3)?, r.get::<_, Option<String>>(4)?))
            })
            .optional()?;
        let Some((cart, total, currency, created, number)) = head else {
            return Err(ApiError::NotFound { what: "order", id });
        };
        let mut stmt = conn.prepare_cached(
            "SELECT variant_id, quantity, unit_price, creator, campaign, deal_id, video FROM order_lines WHERE order_id = ?1 ORDER BY variant_id",
        )?;
        let lines: Vec<Value> = stmt
            .query_map([&id], |r| {
                Ok(json!({
                    "variant_id": r.get::<_, String>(0)?, "quantity": r.get::<_, i64>(1)?,
                    "unit_price": r.get::<_, i64>(2)?, "deal_id": r.get::<_, Option<String>>(5)?,
                    "attribution": { "creator": r.get::<_, Option<String>>(3)?, "campaign": r.get::<_, Option<String>>(4)?,
                                     "video": r.get::<_, Option<String>>(6)? },
                }))
            })?
            .collect::<Result<_, _>>()?;
        Ok(Json(json!({ "id": id, "number": number, "cart_id": cart, "total": total, "currency": currency, "created_ms": created, "lines": lines })))
    })
    .await
}

/// A variant's stock, `None` for an unknown variant.
pub fn stock_of(conn: &Connection, variant: &str) -> Result<Option<i64>, ApiError> {
    Ok(conn
        .query_row("SELECT stock FROM variants WHERE id = ?1", [variant], |r| {
            r.get(0)
        })
        .optional()?)
}

/// Sets a variant's stock (tests and the LIVE host console use it).
pub fn set_stock(conn: &Connection, variant: &str, stock: i64) -> Result<(), ApiError> {
    conn.execute(
        "UPDATE variants SET stock = ?1 WHERE id = ?2",
        params![stock.max(0), variant],
    )?;
    Ok(())
}
