//! The floor every API module stands on: reading request bodies, optional text fields and
//! `If-Match` conditions, and running a mutation under its Idempotency-Key. `api`, `deals`, `live` and `manifests` import
//! from here and never from each other for these, so the modules form a tree, not a circle.

use axum::http::{header, HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use rusqlite::Connection;
use serde_json::Value;

use crate::auth::Caller;
use crate::db::{idempotent, Db, Stored};
use crate::error::ApiError;

/// The idempotency key of a mutating request: required, at most 255 visible ASCII characters.
pub fn key(headers: &HeaderMap) -> Result<String, ApiError> {
    let k = headers
        .get("idempotency-key")
        .ok_or_else(|| {
            ApiError::invalid(
                "Idempotency-Key",
                "this request needs an Idempotency-Key header",
            )
        })?
        .to_str()
        .map_err(|_| ApiError::invalid("Idempotency-Key", "must be visible ASCII"))?;
    if k.is_empty() || k.len() > 255 {
        return Err(ApiError::invalid(
            "Idempotency-Key",
            "must be 1 to 255 characters",
        ));
    }
    Ok(k.to_string())
}

/// What a key is bound to: method, path and the body, canonicalized (key order, spacing).
pub fn fingerprint(method: &Method, uri: &Uri, body: &Value) -> String {
    format!("{method} {}\n{body}", uri.path())
}

pub fn stored(s: Stored) -> Response {
    let status = StatusCode::from_u16(s.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (status, [("content-type", "application/json")], s.body).into_response()
}

/// Every mutation: needs an Idempotency-Key, runs `f` under it (see [`idempotent`]) and
/// answers with the stored response. Keys are the caller's own: another account (or a
/// shopper) sending the same key gets its own answer, never this one.
pub async fn mutate(
    db: &Db,
    caller: &Caller,
    headers: &HeaderMap,
    method: &Method,
    uri: &Uri,
    body: Value,
    f: impl FnOnce(&Connection, &Value) -> Result<(u16, Value), ApiError> + Send + 'static,
) -> Result<Response, ApiError> {
    mutate_stored(db, caller, headers, method, uri, body, f)
        .await
        .map(stored)
}

/// [`mutate`], handing back the stored answer itself, for a caller that adds headers to it.
pub async fn mutate_stored(
    db: &Db,
    caller: &Caller,
    headers: &HeaderMap,
    method: &Method,
    uri: &Uri,
    body: Value,
    f: impl FnOnce(&Connection, &Value) -> Result<(u16, Value), ApiError> + Send + 'static,
) -> Result<Stored, ApiError> {
    let key = format!("{}\u{1f}{}", caller.principal(), key(headers)?);
    let fp = fingerprint(method, uri, &body);
    db.run(move |conn| idempotent(conn, &key, &fp, |tx| f(tx, &body)))
        .await
}

/// Reads an optional JSON body into a value, naming what is wrong when it is not JSON.
pub fn body_value(body: &axum::body::Bytes) -> Result<Value, ApiError> {
    if body.is_empty() {
        return Ok(Value::Null);
    }
    serde_json::from_slice(body).map_err(|e| {
        ApiError::invalid(
            "body",
            format!("not JSON (line {}, column {}): {e}", e.line(), e.column()),
        )
    })
}

/// A text field the request body must have (a string).
pub fn text(body: &Value, key: &str) -> Result<String, ApiError> {
    body.get(key)
        .and_then(Value::as_str)
        .map(str::to_string)
        .ok_or_else(|| ApiError::invalid(key, "is required (a string)"))
}

/// An optional text field of a request body: absent or null is `None`; otherwise 1 to `max`
/// characters, not all blank.
pub fn opt_text(v: &Value, path: &str, max: usize) -> Result<Option<String>, ApiError> {
    match v {
        Value::Null => Ok(None),
        Value::String(s) if s.chars().count() <= max && !s.trim().is_empty() => Ok(Some(s.clone())),
        Value::String(_) => Err(ApiError::invalid(
            path,
            format!("must be 1 to {max} characters"),
        )),
        _ => Err(ApiError::invalid(path, "must be a string")),
    }
}

/// What an `If-Match` header asks for: nothing (absent), any current version (`*`), or one
/// version (`"3"` or `W/"3"`, the ETags this API sends).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IfMatch {
    Absent,
    Any,
    Version(i64),
}

impl IfMatch {
    pub fn read(headers: &HeaderMap) -> Result<IfMatch, ApiError> {
        let Some(v) = headers.get(header::IF_MATCH) else {
            return Ok(IfMatch::Absent);
        };
        let text = v
            .to_str()
            .map_err(|_| ApiError::invalid("If-Match", "must be visible ASCII"))?
            .trim();
        if text == "*" {
            return Ok(IfMatch::Any);
        }
        text.trim_start_matches("W/")
            .trim_matches('"')
            .parse::<i64>()
            .map(IfMatch::Version)
            .map_err(|_| ApiError::invalid("If-Match", "must be an ETag from this API, like \"3\""))
    }

    /// The header's text, for an idempotency fingerprint: the same key with another
    /// condition is another request.
    pub fn fingerprint(headers: &HeaderMap) -> String {
        [header::IF_MATCH, header::IF_NONE_MATCH]
            .iter()
            .filter_map(|h| headers.get(h))
            .filter_map(|v| v.to_str().ok())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// A strong ETag for a version or revision number.
pub fn etag(version: i64) -> String {
    format!("\"{version}\"")
}
