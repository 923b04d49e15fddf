//! Whose things are whose: each check refuses, with `403` and what it found, a member who
//! reaches for another tenant's product, room or video; and the audit log of what members did.

use rusqlite::{params, Connection, OptionalExtension};
use serde_json::Value;

use super::{Kind, Member};
use crate::db::now_ms;
use crate::error::ApiError;

/// The seller of `product` (404 for an unknown product).
pub fn seller_of(conn: &Connection, product: &str) -> Result<String, ApiError> {
    conn.prepare_cached("SELECT seller_id FROM products WHERE id = ?1")?
        .query_row([product], |r| r.get(0))
        .optional()?
        .ok_or_else(|| ApiError::NotFound {
            what: "product",
            id: product.to_string(),
        })
}

/// The member's account sells `product`: prices, stock and deals are the seller's alone.
pub fn own_product(conn: &Connection, m: &Member, product: &str) -> Result<(), ApiError> {
    if seller_of(conn, product)? != m.account {
        return Err(ApiError::forbidden(
            "not_yours",
            format!("{product} is another seller's product"),
        ));
    }
    Ok(())
}

/// The member may show `product` in a video or a room: its seller, or a creator in the
/// seller's affiliate programme for it (or for all its products). Returns the commission
/// rate in basis points for a creator (0 for the seller).
pub fn may_feature(conn: &Connection, m: &Member, product: &str) -> Result<i64, ApiError> {
    let seller = seller_of(conn, product)?;
    if seller == m.account {
        return Ok(0);
    }
    if m.kind == Kind::Creator {
        let rate: Option<i64> = conn
            .prepare_cached(
                "SELECT rate_bp FROM programmes WHERE seller_id = ?1 AND creator_id = ?2
                   AND product_id IN (?3, '*')
                 ORDER BY product_id = '*' LIMIT 1",
            )?
            .query_row(params![seller, m.account, product], |r| r.get(0))
            .optional()?;
        if let Some(rate) = rate {
            return Ok(rate);
        }
        return Err(ApiError::forbidden(
            "not_in_programme",
            format!("{product}'s seller has not let you feature it (join its affiliate programme)"),
        ));
    }
    Err(ApiError::forbidden(
        "not_yours",
        format!("{product} is another seller's product"),
    ))
}

/// The member's account hosts `room` (404 for an unknown room).
pub fn own_room(conn: &Connection, m: &Member, room: &str) -> Result<(), ApiError> {
    let host: String = conn
        .prepare_cached("SELECT host_id FROM rooms WHERE id = ?1")?
        .query_row([room], |r| r.get(0))
        .optional()?
        .ok_or_else(|| ApiError::NotFound {
            what: "room",
            id: room.to_string(),
        })?;
    if host != m.account {
        return Err(ApiError::forbidden(
            "not_yours",
            format!("{room} is another host's room"),
        ));
    }
    Ok(())
}

/// The member's account owns `video`, claiming it when no one has published it yet.
pub fn own_video(conn: &Connection, m: &Member, video: &str) -> Result<(), ApiError> {
    let owner: Option<String> = conn
        .prepare_cached("SELECT owner_id FROM videos WHERE id = ?1")?
        .query_row([video], |r| r.get(0))
        .optional()?;
    match owner {
        Some(o) if o == m.account => Ok(()),
        Some(_) => Err(ApiError::forbidden(
            "not_yours",
            format!("the video {video} belongs to another account"),
        )),
        None => {
            conn.execute(
                "INSERT INTO videos (id, owner_id, created_ms) VALUES (?1, ?2, ?3)",
                params![video, m.account, now_ms()],
            )?;
            Ok(())
        }
    }
}

/// Writes what a member did to the audit log: the action, what it was done to, and the
/// thing before and after (deals and publishes keep both).
pub fn audit(
    conn: &Connection,
    m: &Member,
    action: &str,
    subject: &str,
    before: Option<&Value>,
    after: Option<&Value>,
) -> Result<(), ApiError> {
    conn.prepare_cached(
        "INSERT INTO audit (at_ms, account_id, user_id, action, subject, before, after)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        now_ms(),
        m.account,
        m.user,
        action,
        subject,
        before.map(Value::to_string),
        after.map(Value::to_string),
    ])?;
    Ok(())
}

/// `GET /api/audit?before=ID`: the account's audit log, newest first, 100 at a time (the
/// next page from the last id seen).
pub async fn log(
    axum::extract::State(db): axum::extract::State<crate::db::Db>,
    axum::extract::Extension(caller): axum::extract::Extension<super::Caller>,
    axum::extract::Query(q): axum::extract::Query<std::collections::HashMap<String, String>>,
) -> Result<axum::Json<Value>, ApiError> {
    let m = caller.member()?.clone();
    let before = match q.get("before") {
        None => i64::MAX,
        Some(v) => v
            .parse::<i64>()
            .map_err(|_| ApiError::invalid("before", "must be an entry's id"))?,
    };
    db.run(move |conn| {
        let mut stmt = conn.prepare_cached(
            "SELECT a.id, a.at_ms, u.handle, a.action, a.subject, a.before, a.after
             FROM audit a LEFT JOIN users u ON u.id = a.user_id
             WHERE a.account_id = ?1 AND a.id < ?2 ORDER BY a.id DESC LIMIT 100",
        )?;
        let parse = |s: Option<String>| {
            s.and_then(|t| serde_json::from_str::<Value>(&t).ok())
                .unwrap_or(Value::Null)
        };
        let rows = stmt
            .query_map(params![m.account, before], |r| {
                Ok(serde_json::json!({
                    "id": r.get::<_, i64>(0)?, "at_ms": r.get::<_, i64>(1)?,
                    "by": r.get::<_, Option<String>>(2)?, "action": r.get::<_, String>(3)?,
                    "subject": r.get::<_, String>(4)?,
                    "before": parse(r.get(5)?), "after": parse(r.get(6)?),
                }))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(axum::Json(serde_json::json!({ "entries": rows })))
    })
    .await
}
