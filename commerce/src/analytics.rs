//! Analytics ingest: `POST /api/analytics` takes the overlay's batches (deduplicated by their
//! batch id, since `sendBeacon` cannot set an Idempotency-Key), each event checked to be one
//! the overlay sends and of a sane size before it is kept.

use axum::extract::State;
use axum::response::Response;
use rusqlite::params;
use serde_json::{json, Value};

use crate::db::{idempotent, now_ms, Db};
use crate::error::ApiError;
use crate::request::{body_value, stored};

/// Longest text field of an analytics event (ids, attribution).
const MAX_EVENT_TEXT: usize = 200;
/// Largest media time an event may carry, in seconds (a day: no video is longer).
const MAX_MEDIA_TIME: f64 = 86_400.0;

/// One analytics event is sane: a kind the overlay sends, an object no larger than the
/// overlay's, a media time that is a time, short text fields. The field and what is wrong.
fn check_event(e: &Value) -> Result<(), (&'static str, String)> {
    let Some(o) = e.as_object() else {
        return Err(("", "must be an object".into()));
    };
    match o.get("type").and_then(Value::as_str) {
        Some(k) if overlay::contract::ANALYTICS_KINDS.contains(&k) => {}
        Some(k) => {
            return Err((
                ".type",
                format!(
                    "\"{}\" is not one of {}",
                    k.chars().take(40).collect::<String>(),
                    overlay::contract::ANALYTICS_KINDS.join(", ")
                ),
            ))
        }
        None => return Err((".type", "is required (a string)".into())),
    }
    if o.len() > 16 {
        return Err(("", "has more than 16 fields".into()));
    }
    match o.get("media_time") {
        None | Some(Value::Null) => {}
        Some(t)
            if t.as_f64()
                .is_some_and(|t| (0.0..=MAX_MEDIA_TIME).contains(&t)) => {}
        Some(_) => {
            return Err((
                ".media_time",
                format!("must be seconds from 0 to {MAX_MEDIA_TIME}"),
            ))
        }
    }
    for (k, v) in o {
        match v {
            Value::String(s) if s.chars().count() > MAX_EVENT_TEXT => {
                return Err((
                    "",
                    format!("{k} is longer than {MAX_EVENT_TEXT} characters"),
                ))
            }
            Value::Array(_) | Value::Object(_) => {
                return Err((
                    "",
                    format!("{k} must be a plain value, not a list or object"),
                ))
            }
            _ => {}
        }
    }
    Ok(())
}

/// `POST /api/analytics` with `{batch, events: [{type, ...}]}`. `sendBeacon` cannot set
/// headers, so the batch id in the body is the idempotency key.
pub async fn analytics(
    State(db): State<Db>,
    body: axum::body::Bytes,
) -> Result<Response, ApiError> {
    let body = body_value(&body)?;
    let batch = body
        .get("batch")
        .and_then(Value::as_str)
        .filter(|b| !b.is_empty() && b.len() <= 255)
        .ok_or_else(|| ApiError::invalid("batch", "is required: a unique id for this batch"))?
        .to_string();
    let events = body
        .get("events")
        .and_then(Value::as_array)
        .ok_or_else(|| ApiError::invalid("events", "must be an array"))?
        .clone();
    if events.len() > 200 {
        return Err(ApiError::invalid("events", "at most 200 events per batch"));
    }
    for (i, e) in events.iter().enumerate() {
        check_event(e).map_err(|(field, message)| {
            ApiError::invalid(&format!("events[{i}]{field}"), message)
        })?;
    }
    let fp = format!("analytics\n{body}");
    let s = db
        .run(move |conn| {
            idempotent(conn, &format!("analytics:{batch}"), &fp, |tx| {
                let now = now_ms();
                for e in &events {
                    tx.execute(
                        "INSERT INTO analytics (received_ms, event) VALUES (?1, ?2)",
                        params![now, e.to_string()],
                    )?;
                }
                Ok((202, json!({ "accepted": events.len() })))
            })
        })
        .await?;
    Ok(stored(s))
}
