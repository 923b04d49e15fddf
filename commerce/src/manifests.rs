//! Published manifests: one per video, every version kept. `PUT` validates with the engine the
//! viewer runs (every error with its JSON path) and is a conditional write: `If-Match` with the
//! version the editor started from, or `If-None-Match: *` for a first publish, so two editors
//! can never silently overwrite each other (412, and the current version to reload from).
//! `GET` serves the newest version with its `ETag`; older versions stay readable.

use axum::body::Bytes;
use axum::extract::{Extension, Path, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Json;
use rusqlite::{params, Connection, OptionalExtension};
use serde_json::{json, Value};

use crate::auth::{owner, Caller, Member};
use crate::db::{now_ms, Db};
use crate::error::ApiError;
use crate::request::{body_value, etag, mutate_stored, stored, IfMatch};

/// A manifest may be this large (the engine's own limit); other bodies stay at 64 KiB.
pub const MAX_MANIFEST_BYTES: usize = 1024 * 1024;

/// Video ids as the manifest allows them.
fn video_id(id: &str) -> Result<(), ApiError> {
    if id.is_empty() || id.chars().count() > 64 || id.chars().any(char::is_control) {
        return Err(ApiError::invalid("video", "must be 1 to 64 characters"));
    }
    Ok(())
}

fn current(conn: &Connection, video: &str) -> Result<Option<i64>, ApiError> {
    Ok(conn
        .query_row(
            "SELECT max(version) FROM manifests WHERE video_id = ?1",
            [video],
            |r| r.get::<_, Option<i64>>(0),
        )
        .optional()?
        .flatten())
}

/// The version an `If-Match` header names: `"3"`, `W/"3"` or `*`.
enum Precondition {
    None,
    Any,
    Version(i64),
    Absent,
}

fn precondition(headers: &HeaderMap) -> Result<Precondition, ApiError> {
    if let Some(v) = headers.get(header::IF_NONE_MATCH) {
        return if v.as_bytes() == b"*" {
            Ok(Precondition::Absent)
        } else {
            Err(ApiError::invalid(
                "If-None-Match",
                "only * is understood here (publish only if nothing is published yet)",
            ))
        };
    }
    Ok(match IfMatch::read(headers)? {
        IfMatch::Absent => Precondition::None,
        IfMatch::Any => Precondition::Any,
        IfMatch::Version(v) => Precondition::Version(v),
    })
}

/// `PUT /api/videos/{id}/manifest`: publishes a new version.
pub async fn put(
    State(db): State<Db>,
    Extension(caller): Extension<Caller>,
    Path(video): Path<String>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    video_id(&video)?;
    let text = std::str::from_utf8(&body)
        .map_err(|_| ApiError::invalid("body", "must be UTF-8 text"))?
        .to_string();
    let pre = precondition(&headers)?;
    // The idempotency fingerprint covers the condition too: the same key with another
    // If-Match is another request.
    let cond = IfMatch::fingerprint(&headers);
    let fp_body = json!({ "condition": cond, "manifest": body_value(&body)? });
    let m = caller.member()?.clone();
    let answer = mutate_stored(
        &db,
        &caller,
        &headers,
        &method,
        &uri,
        fp_body,
        move |conn, _| publish(conn, &m, &video, &text, pre),
    )
    .await?;
    // A stored answer (the first one, or a replay) keeps its body only: the ETag comes
    // from the version in it.
    let tag = (200..300)
        .contains(&answer.status)
        .then(|| serde_json::from_str::<Value>(&answer.body).ok())
        .flatten()
        .and_then(|v| v.get("etag").and_then(Value::as_str).map(str::to_string))
        .and_then(|t| HeaderValue::from_str(&t).ok());
    let mut res = stored(answer);
    if let Some(v) = tag {
        res.headers_mut().insert(header::ETAG, v);
    }
    Ok(res)
}

fn publish(
    conn: &Connection,
    m: &Member,
    video: &str,
    text: &str,
    pre: Precondition,
) -> Result<(u16, Value), ApiError> {
    let parsed = overlay::Manifest::parse(text).map_err(|e| ApiError::InvalidManifest {
        message: e
            .to_string()
            .lines()
            .next()
            .unwrap_or("invalid manifest")
            .to_string(),
        problems: e.0.into_iter().map(|p| (p.path, p.message)).collect(),
    })?;
    if parsed.manifest.video.id != video {
        return Err(ApiError::InvalidManifest {
            message: "the manifest is for another video".into(),
            problems: vec![(
                "video.id".into(),
                format!(
                    "is \"{}\" but this is the manifest of \"{video}\"",
                    parsed.manifest.video.id
                ),
            )],
        });
    }
    // The video is the publisher's (the first to publish it claims it), and every product
    // it tags is the publisher's own or in a programme it joined.
    owner::own_video(conn, m, video)?;
    for (i, p) in parsed.manifest.products.iter().enumerate() {
        owner::may_feature(conn, m, &p.id).map_err(|e| match e {
            ApiError::Forbidden { code, message } => ApiError::Forbidden {
                code,
                message: format!("products[{i}]: {message}"),
            },
            ApiError::NotFound { id, .. } => ApiError::InvalidManifest {
                message: format!("products[{i}] is not in the catalogue"),
                problems: vec![(
                    format!("products[{i}].id"),
                    format!("\"{id}\" is not a product of this shop"),
                )],
            },
            e => e,
        })?;
    }
    let now = current(conn, video)?;
    match (&pre, now) {
        (Precondition::None, Some(v)) => {
            return Err(ApiError::PreconditionRequired {
                current: v,
                message: format!(
                    "version {v} is published; send If-Match: \"{v}\" with the version you edited"
                ),
            })
        }
        (Precondition::Absent, Some(v)) => {
            return Err(ApiError::PreconditionFailed {
                current: Some(v),
                message: format!("someone published version {v} of this manifest first"),
            })
        }
        (Precondition::Version(want), Some(v)) if *want != v => {
            return Err(ApiError::PreconditionFailed {
                current: Some(v),
                message: format!(
                    "you edited version {want}, but version {v} has been published since"
                ),
            })
        }
        (Precondition::Version(want), None) => {
            return Err(ApiError::PreconditionFailed {
                current: None,
                message: format!("version {want} does not exist; nothing is published yet"),
            })
        }
        _ => {}
    }
    let version = now.unwrap_or(0) + 1;
    conn.execute(
        "INSERT INTO manifests (video_id, version, body, tags, created_ms) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![video, version, text, parsed.manifest.tags.len() as i64, now_ms()],
    )?;
    owner::audit(
        conn,
        m,
        "manifest.publish",
        video,
        now.map(|v| json!({ "version": v })).as_ref(),
        Some(&json!({ "version": version, "tags": parsed.manifest.tags.len() })),
    )?;
    let warnings: Vec<Value> = parsed
        .warnings
        .iter()
        .map(|w| json!({ "path": w.path, "message": w.message }))
        .collect();
    Ok((
        if version == 1 { 201 } else { 200 },
        json!({ "video": video, "version": version, "etag": etag(version), "warnings": warnings }),
    ))
}

fn manifest_response(version: i64, body: String) -> Response {
    let mut res = (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "application/json")],
        body,
    )
        .into_response();
    if let Ok(v) = HeaderValue::from_str(&etag(version)) {
        res.headers_mut().insert(header::ETAG, v);
    }
    res
}

/// `GET /api/videos/{id}/manifest`: the newest version.
pub async fn get(State(db): State<Db>, Path(video): Path<String>) -> Result<Response, ApiError> {
    video_id(&video)?;
    let found = db
        .run(move |conn| {
            conn.query_row(
                "SELECT version, body FROM manifests WHERE video_id = ?1 ORDER BY version DESC LIMIT 1",
                [&video],
                |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)),
            )
            .optional()?
            .ok_or(ApiError::NotFound {
                what: "manifest of video",
                id: video,
            })
        })
        .await?;
    Ok(manifest_response(found.0, found.1))
}

/// `GET /api/videos/{id}/manifest/versions`: every version, newest first.
pub async fn versions(
    State(db): State<Db>,
    Path(video): Path<String>,
) -> Result<Json<Value>, ApiError> {
    video_id(&video)?;
    db.run(move |conn| {
        let mut st = conn.prepare(
            "SELECT version, created_ms, tags, length(body) FROM manifests WHERE video_id = ?1 ORDER BY version DESC",
        )?;
        let rows = st
            .query_map([&video], |r| {
                Ok(json!({
                    "version": r.get::<_, i64>(0)?, "etag": etag(r.get(0)?),
                    "created_ms": r.get::<_, i64>(1)?, "tags": r.get::<_, i64>(2)?,
                    "bytes": r.get::<_, i64>(3)?,
                }))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Json(json!({ "video": video, "versions": rows })))
    })
    .await
}

/// `GET /api/videos/{id}/manifest/versions/{n}`: one version as it was published.
pub async fn version(
    State(db): State<Db>,
    Path((video, n)): Path<(String, i64)>,
) -> Result<Response, ApiError> {
    video_id(&video)?;
    let body = db
        .run(move |conn| {
            conn.query_row(
                "SELECT body FROM manifests WHERE video_id = ?1 AND version = ?2",
                params![video, n],
                |r| r.get::<_, String>(0),
            )
            .optional()?
            .ok_or(ApiError::NotFound {
                what: "manifest version",
                id: format!("{video}@{n}"),
            })
        })
        .await?;
    Ok(manifest_response(n, body))
}
