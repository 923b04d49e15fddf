//! Signing in with a password: `POST /api/session` checks it and sets the session cookie
//! (HttpOnly, SameSite=Strict, Secure unless the server is on loopback; a new id every time,
//! and a session the browser already had is revoked, so no id fixed beforehand is ever
//! signed in); `GET /api/session` says who is signed in and hands the CSRF token every change
//! must carry; `DELETE /api/session` revokes it.

use axum::extract::{Extension, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use rusqlite::{params, Connection, OptionalExtension};
use serde_json::{json, Value};

use super::{accounts, secret, Caller, Member, Via};
use crate::db::{now_ms, Db};
use crate::error::ApiError;
use crate::request::{body_value, text};

/// The cookie's name on loopback (plain HTTP) and elsewhere (HTTPS: the `__Host-` prefix
/// makes the browser refuse it unless Secure, for this host only, on every path).
const COOKIE_LOOPBACK: &str = "sid";
const COOKIE_SECURE: &str = "__Host-sid";
/// A session lasts a working day and a night.
pub const SESSION_MS: i64 = 24 * 3600 * 1000;

/// Whether the request came to a loopback host (the demo), where the cookie cannot be Secure.
pub fn loopback(headers: &HeaderMap) -> bool {
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let name = match host.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(""),
        None => host.split(':').next().unwrap_or(""),
    };
    matches!(name, "localhost" | "127.0.0.1" | "::1")
}

/// The session id the request's cookie carries, if any.
pub fn cookie(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == COOKIE_SECURE || *k == COOKIE_LOOPBACK)
        .map(|(_, v)| v.to_string())
}

/// The member a session id signs in, or why not (unknown, expired or revoked: sign in again).
pub fn resolve(conn: &Connection, sid: &str) -> Result<Member, ApiError> {
    let row: Option<(String, String, i64, Option<i64>)> = conn
        .prepare_cached(
            "SELECT user_id, csrf, expires_ms, revoked_ms FROM sessions WHERE hash = ?1",
        )?
        .query_row([secret::digest(sid)], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .optional()?;
    let again = |why: &str| ApiError::unauthenticated(format!("{why}: sign in again"));
    let Some((user, csrf, expires, revoked)) = row else {
        return Err(again("this session is unknown"));
    };
    if revoked.is_some() {
        return Err(again("this session was signed out"));
    }
    if expires <= now_ms() {
        return Err(again("this session has expired"));
    }
    accounts::member(conn, &user, Via::Session { csrf })?.ok_or_else(|| again("no such person"))
}

fn set_cookie(headers: &HeaderMap, value: &str, max_age_s: i64) -> Result<HeaderValue, ApiError> {
    let c = if loopback(headers) {
        format!("{COOKIE_LOOPBACK}={value}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age_s}")
    } else {
        format!(
            "{COOKIE_SECURE}={value}; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age={max_age_s}"
        )
    };
    HeaderValue::from_str(&c).map_err(|e| ApiError::Internal(e.to_string()))
}

fn describe(conn: &Connection, m: &Member) -> Result<Value, ApiError> {
    let (name, kind) = accounts::describe(conn, &m.account)?;
    let handle: String =
        conn.query_row("SELECT handle FROM users WHERE id = ?1", [&m.user], |r| {
            r.get(0)
        })?;
    let csrf = match &m.via {
        Via::Session { csrf } => Some(csrf.clone()),
        Via::Token { .. } => None,
    };
    Ok(json!({
        "user": { "id": m.user, "handle": handle, "role": m.role.as_str() },
        "account": { "id": m.account, "kind": kind, "name": name },
        "scopes": m.role.scopes().iter().filter(|s| m.may(**s)).map(|s| s.as_str()).collect::<Vec<_>>(),
        "csrf": csrf,
    }))
}

/// `GET /api/session`: who is signed in (401 when no one).
pub async fn get(
    State(db): State<Db>,
    Extension(caller): Extension<Caller>,
) -> Result<Json<Value>, ApiError> {
    let m = caller.member()?.clone();
    db.run(move |conn| describe(conn, &m).map(Json)).await
}

/// Opens a session for person `user` (revoking `old`, the one the browser had, if any): its
/// id for the cookie and who it is.
pub fn open(conn: &Connection, user: &str, old: Option<&str>) -> Result<(String, Value), ApiError> {
    if let Some(old) = old {
        conn.execute(
            "UPDATE sessions SET revoked_ms = ?2 WHERE hash = ?1 AND revoked_ms IS NULL",
            params![secret::digest(old), now_ms()],
        )?;
    }
    let (sid, csrf) = (secret::new_secret()?, secret::new_secret()?);
    let now = now_ms();
    conn.execute(
        "INSERT INTO sessions (hash, user_id, csrf, created_ms, expires_ms) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![secret::digest(&sid), user, csrf, now, now + SESSION_MS],
    )?;
    let m = accounts::member(conn, user, Via::Session { csrf })?
        .ok_or_else(|| ApiError::Internal("a person without an account".into()))?;
    Ok((sid, describe(conn, &m)?))
}

/// The answer to a sign-in: 201, who it is, and the cookie.
pub fn answer(headers: &HeaderMap, sid: &str, described: Value) -> Result<Response, ApiError> {
    let c = set_cookie(headers, sid, SESSION_MS / 1000)?;
    let mut res = (StatusCode::CREATED, Json(described)).into_response();
    res.headers_mut().insert(header::SET_COOKIE, c);
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(res)
}

/// `POST /api/session` with `{handle, password}`: signs in.
pub async fn create(
    State(db): State<Db>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Response, ApiError> {
    let body = body_value(&body)?;
    let (handle, password) = (text(&body, "handle")?, text(&body, "password")?);
    let old = cookie(&headers);
    let (sid, described) = db
        .run(move |conn| {
            let user = accounts::check_password(conn, &handle, &password)?;
            let tx = conn.transaction()?;
            let out = open(&tx, &user, old.as_deref())?;
            tx.commit()?;
            Ok(out)
        })
        .await?;
    answer(&headers, &sid, described)
}

/// `DELETE /api/session`: signs out (the session is revoked on the server, not only
/// forgotten by the browser).
pub async fn delete(State(db): State<Db>, headers: HeaderMap) -> Result<Response, ApiError> {
    let sid = cookie(&headers).ok_or_else(|| ApiError::unauthenticated("not signed in"))?;
    db.run(move |conn| {
        conn.execute(
            "UPDATE sessions SET revoked_ms = ?2 WHERE hash = ?1 AND revoked_ms IS NULL",
            params![secret::digest(&sid), now_ms()],
        )?;
        Ok(())
    })
    .await?;
    let mut res = StatusCode::NO_CONTENT.into_response();
    res.headers_mut()
        .insert(header::SET_COOKIE, set_cookie(&headers, "", 0)?);
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cookie_is_read_whichever_name_and_loopback_is_the_host_alone() {
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; sid=abc; b=2"),
        );
        assert_eq!(cookie(&h).as_deref(), Some("abc"));
        h.insert(header::COOKIE, HeaderValue::from_static("__Host-sid=xyz"));
        assert_eq!(cookie(&h).as_deref(), Some("xyz"));
        h.insert(header::COOKIE, HeaderValue::from_static("sidx=1"));
        assert_eq!(cookie(&h), None);
        for (host, lo) in [
            ("127.0.0.1:8080", true),
            ("localhost", true),
            ("[::1]:80", true),
            ("shop.example", false),
            ("127.0.0.1.evil.example", false),
        ] {
            h.insert(header::HOST, HeaderValue::from_static(host));
            assert_eq!(loopback(&h), lo, "{host}");
        }
    }
}
