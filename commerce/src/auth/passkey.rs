//! Passkeys (WebAuthn, by `webauthn-rs`), the primary way to sign in: a signed-in person adds
//! one (`POST /api/passkeys/register/start`, then `…/finish` with what the authenticator made)
//! and from then on signs in with it (`POST /api/session/passkey/start` with the handle, then
//! `…/finish` with the assertion), no password typed. A ceremony's state waits in the database
//! for five minutes, keyed by a random id the page sends back, so any server instance can
//! finish what another started; the relying party is this site's public origin
//! (`--public-origin`), whose host names the passkeys (an IP address cannot: open the demo on
//! `localhost`).

use axum::extract::{Extension, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use rusqlite::{params, Connection, OptionalExtension};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::sync::Arc;
use webauthn_rs::prelude::{
    Passkey, PasskeyAuthentication, PasskeyRegistration, PublicKeyCredential,
    RegisterPublicKeyCredential, Url, Uuid, Webauthn, WebauthnBuilder,
};

use super::{accounts, owner, secret, session, Caller};
use crate::db::{now_ms, Db};
use crate::error::ApiError;
use crate::request::{body_value, text};

/// How long a ceremony may take, from its start to its finish.
const CEREMONY_MS: i64 = 5 * 60 * 1000;

/// The relying party, when the server knows its public origin.
#[derive(Clone)]
pub struct Passkeys(Option<Arc<Webauthn>>);

impl Passkeys {
    /// The relying party for `origin` (`http://localhost:8080`, `https://shop.example`).
    pub fn at(origin: &str) -> Result<Passkeys, String> {
        let url = Url::parse(origin).map_err(|e| format!("{origin}: {e}"))?;
        let host = url
            .host_str()
            .ok_or_else(|| format!("{origin} has no host"))?
            .to_string();
        let rp = WebauthnBuilder::new(&host, &url)
            .and_then(|b| b.rp_name("Shoppable video").build())
            .map_err(|e| format!("passkeys for {origin}: {e}"))?;
        Ok(Passkeys(Some(Arc::new(rp))))
    }

    /// No passkeys (the server was not told where it is public).
    pub fn off() -> Passkeys {
        Passkeys(None)
    }

    fn rp(&self) -> Result<Arc<Webauthn>, ApiError> {
        self.0.clone().ok_or_else(|| {
            ApiError::forbidden(
                "passkeys_off",
                "passkeys need the server's public origin (commerce --public-origin URL)",
            )
        })
    }
}

/// The state the passkey routes share.
#[derive(Clone)]
pub struct PasskeyState {
    pub db: Db,
    pub passkeys: Passkeys,
}

/// The WebAuthn user handle of person `user`: stable, and not their id itself.
fn user_uuid(user: &str) -> Uuid {
    let d = Sha256::digest(user.as_bytes());
    let mut b = [0u8; 16];
    b.copy_from_slice(&d[..16]);
    Uuid::from_bytes(b)
}

fn bad(e: impl std::fmt::Display) -> ApiError {
    ApiError::unauthenticated(format!("the passkey was not accepted: {e}"))
}

fn store_ceremony(
    conn: &Connection,
    kind: &str,
    user: &str,
    state: &impl serde::Serialize,
) -> Result<String, ApiError> {
    let id = secret::new_secret()?;
    let state = serde_json::to_string(state).map_err(|e| ApiError::Internal(e.to_string()))?;
    let now = now_ms();
    conn.execute("DELETE FROM ceremonies WHERE expires_ms <= ?1", [now])?;
    conn.execute(
        "INSERT INTO ceremonies (id, kind, user_id, state, expires_ms) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![secret::digest(&id), kind, user, state, now + CEREMONY_MS],
    )?;
    Ok(id)
}

/// Takes (and removes: a ceremony finishes once) the ceremony `id` of `kind`.
fn take_ceremony<T: serde::de::DeserializeOwned>(
    conn: &Connection,
    kind: &str,
    id: &str,
) -> Result<(String, T), ApiError> {
    let row: Option<(String, String, i64)> = conn
        .query_row(
            "DELETE FROM ceremonies WHERE id = ?1 AND kind = ?2 RETURNING user_id, state, expires_ms",
            params![secret::digest(id), kind],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let Some((user, state, expires)) = row else {
        return Err(bad(
            "this sign-in or registration is unknown or already finished",
        ));
    };
    if expires <= now_ms() {
        return Err(bad("it took more than five minutes; start again"));
    }
    let state = serde_json::from_str(&state).map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok((user, state))
}

fn passkeys_of(conn: &Connection, user: &str) -> Result<Vec<(String, Passkey)>, ApiError> {
    let mut stmt = conn.prepare_cached("SELECT id, passkey FROM passkeys WHERE user_id = ?1")?;
    let rows = stmt
        .query_map([user], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, p)| serde_json::from_str(&p).ok().map(|p| (id, p)))
        .collect())
}

fn field<T: serde::de::DeserializeOwned>(body: &Value, key: &str) -> Result<T, ApiError> {
    serde_json::from_value(body.get(key).cloned().unwrap_or(Value::Null))
        .map_err(|e| ApiError::invalid(key, format!("is not a WebAuthn credential: {e}")))
}

/// `POST /api/passkeys/register/start`: the options for `navigator.credentials.create`.
pub async fn register_start(
    State(s): State<PasskeyState>,
    Extension(caller): Extension<Caller>,
) -> Result<Json<Value>, ApiError> {
    let m = caller.member()?.clone();
    let rp = s.passkeys.rp()?;
    s.db.run(move |conn| {
        let handle: String =
            conn.query_row("SELECT handle FROM users WHERE id = ?1", [&m.user], |r| {
                r.get(0)
            })?;
        let known: Vec<_> = passkeys_of(conn, &m.user)?
            .iter()
            .map(|(_, p)| p.cred_id().clone())
            .collect();
        let (options, state) = rp
            .start_passkey_registration(user_uuid(&m.user), &handle, &handle, Some(known))
            .map_err(|e| ApiError::Internal(e.to_string()))?;
        let id = store_ceremony(conn, "register", &m.user, &state)?;
        Ok(Json(json!({ "ceremony": id, "options": options })))
    })
    .await
}

/// `POST /api/passkeys/register/finish` with `{ceremony, credential, name?}`: keeps the passkey.
pub async fn register_finish(
    State(s): State<PasskeyState>,
    Extension(caller): Extension<Caller>,
    body: axum::body::Bytes,
) -> Result<Response, ApiError> {
    let m = caller.member()?.clone();
    let rp = s.passkeys.rp()?;
    let body = body_value(&body)?;
    let ceremony = text(&body, "ceremony")?;
    let credential: RegisterPublicKeyCredential = field(&body, "credential")?;
    let name = body
        .get("name")
        .and_then(Value::as_str)
        .map(|n| n.chars().take(60).collect::<String>())
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| "Passkey".to_string());
    let made = s
        .db
        .run(move |conn| {
            let tx = conn.transaction()?;
            let (user, state): (String, PasskeyRegistration) =
                take_ceremony(&tx, "register", &ceremony)?;
            if user != m.user {
                return Err(bad("it was started by someone else"));
            }
            let passkey = rp
                .finish_passkey_registration(&credential, &state)
                .map_err(bad)?;
            let id = format!("pk-{}", secret::random_hex(8)?);
            let stored =
                serde_json::to_string(&passkey).map_err(|e| ApiError::Internal(e.to_string()))?;
            tx.execute(
                "INSERT INTO passkeys (id, user_id, name, passkey, created_ms) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![id, m.user, name, stored, now_ms()],
            )?;
            let made = json!({ "id": id, "name": name });
            owner::audit(&tx, &m, "passkey.add", &id, None, Some(&made))?;
            tx.commit()?;
            Ok(made)
        })
        .await?;
    Ok((StatusCode::CREATED, Json(made)).into_response())
}

/// `GET /api/passkeys`: the signed-in person's passkeys.
pub async fn list(
    State(s): State<PasskeyState>,
    Extension(caller): Extension<Caller>,
) -> Result<Json<Value>, ApiError> {
    let m = caller.member()?.clone();
    s.db.run(move |conn| {
        let mut stmt = conn.prepare_cached(
            "SELECT id, name, created_ms, last_used_ms FROM passkeys WHERE user_id = ?1 ORDER BY created_ms",
        )?;
        let rows = stmt
            .query_map([&m.user], |r| {
                Ok(json!({ "id": r.get::<_, String>(0)?, "name": r.get::<_, String>(1)?,
                    "created_ms": r.get::<_, i64>(2)?, "last_used_ms": r.get::<_, Option<i64>>(3)? }))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Json(json!({ "passkeys": rows })))
    })
    .await
}

/// `DELETE /api/passkeys/{id}`: removes one of the signed-in person's passkeys.
pub async fn remove(
    State(s): State<PasskeyState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let m = caller.member()?.clone();
    s.db.run(move |conn| {
        let tx = conn.transaction()?;
        let n = tx.execute(
            "DELETE FROM passkeys WHERE id = ?1 AND user_id = ?2",
            params![id, m.user],
        )?;
        if n == 0 {
            return Err(ApiError::NotFound {
                what: "passkey",
                id: id.clone(),
            });
        }
        owner::audit(&tx, &m, "passkey.remove", &id, None, None)?;
        tx.commit()?;
        Ok(StatusCode::NO_CONTENT)
    })
    .await
}

/// `POST /api/session/passkey/start` with `{handle}`: the options for
/// `navigator.credentials.get`, for that person's passkeys.
pub async fn sign_in_start(
    State(s): State<PasskeyState>,
    body: axum::body::Bytes,
) -> Result<Json<Value>, ApiError> {
    let rp = s.passkeys.rp()?;
    let body = body_value(&body)?;
    let handle = text(&body, "handle")?;
    s.db.run(move |conn| {
        let user = accounts::person(conn, &handle)?;
        let keys: Vec<Passkey> = match &user {
            Some(u) => passkeys_of(conn, u)?.into_iter().map(|(_, p)| p).collect(),
            None => Vec::new(),
        };
        let (Some(user), false) = (user, keys.is_empty()) else {
            return Err(ApiError::unauthenticated(
                "no passkey for this handle: sign in with the password and add one",
            ));
        };
        let (options, state) = rp
            .start_passkey_authentication(&keys)
            .map_err(|e| ApiError::Internal(e.to_string()))?;
        let id = store_ceremony(conn, "sign-in", &user, &state)?;
        Ok(Json(json!({ "ceremony": id, "options": options })))
    })
    .await
}

/// `POST /api/session/passkey/finish` with `{ceremony, credential}`: signs in (the same
/// session cookie as a password sign-in).
pub async fn sign_in_finish(
    State(s): State<PasskeyState>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Response, ApiError> {
    let rp = s.passkeys.rp()?;
    let body = body_value(&body)?;
    let ceremony = text(&body, "ceremony")?;
    let credential: PublicKeyCredential = field(&body, "credential")?;
    let old = session::cookie(&headers);
    let (sid, described) =
        s.db.run(move |conn| {
            let tx = conn.transaction()?;
            let (user, state): (String, PasskeyAuthentication) =
                take_ceremony(&tx, "sign-in", &ceremony)?;
            let result = rp
                .finish_passkey_authentication(&credential, &state)
                .map_err(bad)?;
            // The signature counter and backup state move on with each use.
            for (id, mut p) in passkeys_of(&tx, &user)? {
                if p.update_credential(&result).is_some() {
                    let stored =
                        serde_json::to_string(&p).map_err(|e| ApiError::Internal(e.to_string()))?;
                    tx.execute(
                        "UPDATE passkeys SET passkey = ?2, last_used_ms = ?3 WHERE id = ?1",
                        params![id, stored, now_ms()],
                    )?;
                }
            }
            let out = session::open(&tx, &user, old.as_deref())?;
            tx.commit()?;
            Ok(out)
        })
        .await?;
    session::answer(&headers, &sid, described)
}

/// `GET /api/session/passkey`: whether this server takes passkeys.
pub async fn available(State(s): State<PasskeyState>) -> Json<Value> {
    Json(json!({ "available": s.passkeys.0.is_some() }))
}
