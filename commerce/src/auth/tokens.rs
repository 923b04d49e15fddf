//! API tokens for server-to-server callers: `sk_<id>_<secret>`, made by a signed-in admin
//! for some scopes and a number of days, shown once (only the secret's SHA-256 is kept),
//! listed without it, and revocable. Rotating is making the new one, switching, revoking the
//! old.

use axum::extract::{Extension, Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use rusqlite::{params, Connection, OptionalExtension};
use serde_json::{json, Value};

use super::{accounts, owner, secret, Caller, Member, Role, Scope, Via};
use crate::db::{now_ms, Db};
use crate::error::ApiError;
use crate::request::{body_value, opt_text};

/// Longest a token may live.
pub const MAX_DAYS: i64 = 365;
const DAY_MS: i64 = 24 * 3600 * 1000;

/// A new token for person `user`: its id, the token itself (to show once) and its expiry.
pub fn issue(
    conn: &Connection,
    user: &str,
    label: &str,
    scopes: &[Scope],
    days: i64,
) -> Result<(String, String, i64), ApiError> {
    let id = format!("t-{}", secret::random_hex(8)?);
    let s = secret::new_secret()?;
    let now = now_ms();
    let expires = now + days * DAY_MS;
    let scopes: Vec<&str> = scopes.iter().map(|s| s.as_str()).collect();
    conn.execute(
        "INSERT INTO api_tokens (id, hash, user_id, label, scopes, created_ms, expires_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            id,
            secret::digest(&s),
            user,
            label,
            scopes.join(" "),
            now,
            expires
        ],
    )?;
    Ok((id.clone(), format!("sk_{id}_{s}"), expires))
}

/// The member a bearer token signs in, or why not.
pub fn resolve(conn: &Connection, token: &str) -> Result<Member, ApiError> {
    let bad = |why: &str| ApiError::unauthenticated(format!("this API token {why}"));
    let (id, s) = token
        .strip_prefix("sk_")
        .and_then(|t| t.rsplit_once('_'))
        .ok_or_else(|| bad("is not one this API made (sk_…)"))?;
    let row: Option<(String, String, String, i64, Option<i64>)> = conn
        .prepare_cached(
            "SELECT hash, user_id, scopes, expires_ms, revoked_ms FROM api_tokens WHERE id = ?1",
        )?
        .query_row([id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .optional()?;
    let Some((hash, user, scopes, expires, revoked)) = row else {
        return Err(bad("is unknown"));
    };
    if !secret::same(&hash, &secret::digest(s)) {
        return Err(bad("is unknown"));
    }
    if revoked.is_some() {
        return Err(bad("was revoked"));
    }
    if expires <= now_ms() {
        return Err(bad("has expired"));
    }
    let scopes = scopes.split_whitespace().filter_map(Scope::parse).collect();
    accounts::member(
        conn,
        &user,
        Via::Token {
            id: id.to_string(),
            scopes,
        },
    )?
    .ok_or_else(|| bad("belongs to no one"))
}

/// The bearer token of the request, if it sent one.
pub fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")
        .map(str::trim)
}

fn admin(caller: &Caller) -> Result<Member, ApiError> {
    let m = caller.member()?;
    if m.role != Role::Admin {
        return Err(ApiError::forbidden(
            "role",
            "only an account's admins manage its API tokens",
        ));
    }
    Ok(m.clone())
}

/// `POST /api/tokens` with `{label, scopes: [...], days}`: a new token, shown this once.
pub async fn create(
    State(db): State<Db>,
    Extension(caller): Extension<Caller>,
    body: axum::body::Bytes,
) -> Result<Response, ApiError> {
    let m = admin(&caller)?;
    let body = body_value(&body)?;
    let label = opt_text(body.get("label").unwrap_or(&Value::Null), "label", 80)?
        .ok_or_else(|| ApiError::invalid("label", "is required: what the token is for"))?;
    let scopes = body
        .get("scopes")
        .and_then(Value::as_array)
        .filter(|a| !a.is_empty())
        .ok_or_else(|| {
            ApiError::invalid(
                "scopes",
                "is required: a list of catalog, publish, live, read",
            )
        })?
        .iter()
        .enumerate()
        .map(|(i, v)| {
            v.as_str().and_then(Scope::parse).ok_or_else(|| {
                ApiError::invalid(
                    &format!("scopes[{i}]"),
                    "must be one of catalog, publish, live, read",
                )
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let days = match body.get("days") {
        None | Some(Value::Null) => 90,
        Some(v) => v
            .as_i64()
            .filter(|d| (1..=MAX_DAYS).contains(d))
            .ok_or_else(|| ApiError::invalid("days", format!("must be 1 to {MAX_DAYS}")))?,
    };
    let out = db
        .run(move |conn| {
            let tx = conn.transaction()?;
            let (id, token, expires) = issue(&tx, &m.user, &label, &scopes, days)?;
            let names: Vec<&str> = scopes.iter().map(|s| s.as_str()).collect();
            let shown = json!({ "id": id, "label": label, "scopes": names, "expires_ms": expires });
            owner::audit(&tx, &m, "token.create", &id, None, Some(&shown))?;
            tx.commit()?;
            let mut shown = shown;
            shown["token"] = json!(token);
            Ok(shown)
        })
        .await?;
    let mut res = (StatusCode::CREATED, Json(out)).into_response();
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(res)
}

/// `GET /api/tokens`: the account's tokens, without their secrets.
pub async fn list(
    State(db): State<Db>,
    Extension(caller): Extension<Caller>,
) -> Result<Json<Value>, ApiError> {
    let m = admin(&caller)?;
    db.run(move |conn| {
        let mut stmt = conn.prepare_cached(
            "SELECT t.id, t.label, t.scopes, t.created_ms, t.expires_ms, t.revoked_ms, u.handle
             FROM api_tokens t JOIN users u ON u.id = t.user_id
             WHERE u.account_id = ?1 ORDER BY t.created_ms DESC, t.id",
        )?;
        let rows = stmt
            .query_map([&m.account], |r| {
                Ok(json!({
                    "id": r.get::<_, String>(0)?, "label": r.get::<_, String>(1)?,
                    "scopes": r.get::<_, String>(2)?.split_whitespace().collect::<Vec<_>>(),
                    "created_ms": r.get::<_, i64>(3)?, "expires_ms": r.get::<_, i64>(4)?,
                    "revoked_ms": r.get::<_, Option<i64>>(5)?, "made_by": r.get::<_, String>(6)?,
                }))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Json(json!({ "tokens": rows })))
    })
    .await
}

/// `DELETE /api/tokens/{id}`: revokes one of the account's tokens.
pub async fn revoke(
    State(db): State<Db>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let m = admin(&caller)?;
    db.run(move |conn| {
        let tx = conn.transaction()?;
        let n = tx.execute(
            "UPDATE api_tokens SET revoked_ms = ?3 WHERE id = ?1 AND revoked_ms IS NULL
               AND user_id IN (SELECT id FROM users WHERE account_id = ?2)",
            params![id, m.account, now_ms()],
        )?;
        if n == 0 {
            return Err(ApiError::NotFound {
                what: "token",
                id: id.clone(),
            });
        }
        owner::audit(&tx, &m, "token.revoke", &id, None, None)?;
        tx.commit()?;
        Ok(StatusCode::NO_CONTENT)
    })
    .await
}
