//! LIVE rooms: a host pins and unpins products and starts flash deals; every viewer of the room
//! gets each change as a Server-Sent Event with an id. Events are stored with a per-room
//! sequence number, so a viewer who reconnects with `Last-Event-ID` gets exactly what it
//! missed: nothing twice, nothing lost. Writes to rooms are serialized and broadcast after they
//! commit, so live events reach subscribers in sequence order.

use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::{Extension, FromRef, Path, Query, State};
use axum::http::{HeaderMap, Method, Uri};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::Json;
use futures_util::stream;
use rusqlite::{params, Connection, OptionalExtension};
use serde::Deserialize;
use serde_json::{json, Value};
use tokio::sync::broadcast;

use crate::auth::{owner, Caller, Member};
use crate::db::{now_ms, Db};
use crate::error::ApiError;
use crate::request::{body_value, mutate, opt_text};

/// Events buffered per room for slow subscribers; one that falls further behind catches up
/// from the database.
const BUFFER: usize = 1024;
/// Pinned products per room.
const MAX_PINS: i64 = 20;

/// One stored room event.
#[derive(Clone, Debug)]
pub struct RoomEvent {
    pub seq: i64,
    pub kind: String,
    pub data: String,
}

impl RoomEvent {
    fn sse(&self) -> Event {
        Event::default()
            .id(self.seq.to_string())
            .event(&self.kind)
            .data(&self.data)
    }
}

/// The fan-out: one broadcast channel per room with subscribers, and the lock that keeps room
/// writes (and so their broadcasts) in sequence order.
#[derive(Clone, Default)]
pub struct Live {
    rooms: Arc<Mutex<HashMap<String, broadcast::Sender<RoomEvent>>>>,
    write: Arc<tokio::sync::Mutex<()>>,
}

impl Live {
    fn sender(&self, room: &str) -> broadcast::Sender<RoomEvent> {
        let mut rooms = self.rooms.lock().unwrap_or_else(|p| p.into_inner());
        rooms
            .entry(room.to_string())
            .or_insert_with(|| broadcast::channel(BUFFER).0)
            .clone()
    }

    /// Held by every write that makes room events, so they are broadcast in sequence order.
    pub(crate) async fn write_lock(&self) -> tokio::sync::MutexGuard<'_, ()> {
        self.write.lock().await
    }

    pub(crate) fn publish(&self, room: &str, e: RoomEvent) {
        // No subscribers is fine: the event is stored, and a later viewer replays it.
        let _ = self.sender(room).send(e);
    }

    /// Viewers connected to `room` now.
    pub fn viewers(&self, room: &str) -> usize {
        self.sender(room).receiver_count()
    }
}

/// The server's state: the store and the LIVE fan-out.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub live: Live,
}

impl FromRef<AppState> for Db {
    fn from_ref(s: &AppState) -> Db {
        s.db.clone()
    }
}

impl FromRef<AppState> for Live {
    fn from_ref(s: &AppState) -> Live {
        s.live.clone()
    }
}

fn room_json(conn: &Connection, id: &str) -> Result<Value, ApiError> {
    let head: Option<(String, i64)> = conn
        .query_row(
            "SELECT title, created_ms FROM rooms WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let Some((title, created)) = head else {
        return Err(ApiError::NotFound {
            what: "room",
            id: id.to_string(),
        });
    };
    let pinned: Vec<String> = conn
        .prepare_cached("SELECT product_id FROM room_pins WHERE room_id = ?1 ORDER BY position")?
        .query_map([id], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let last: i64 = conn.query_row(
        "SELECT coalesce(max(seq), 0) FROM room_events WHERE room_id = ?1",
        [id],
        |r| r.get(0),
    )?;
    Ok(json!({
        "id": id, "title": title, "created_ms": created, "pinned": pinned, "last_event_id": last,
    }))
}

/// Appends an event to a room inside the caller's transaction.
fn append(conn: &Connection, room: &str, kind: &str, data: Value) -> Result<RoomEvent, ApiError> {
    let seq: i64 = conn.query_row(
        "SELECT coalesce(max(seq), 0) + 1 FROM room_events WHERE room_id = ?1",
        [room],
        |r| r.get(0),
    )?;
    let data = data.to_string();
    conn.execute(
        "INSERT INTO room_events (room_id, seq, kind, data, created_ms) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![room, seq, kind, data, now_ms()],
    )?;
    Ok(RoomEvent {
        seq,
        kind: kind.to_string(),
        data,
    })
}

/// After an order (inside its transaction): a `stock` event, with what is left, for every
/// ordered variant whose product a room has pinned.
pub(crate) fn stock_events(
    conn: &Connection,
    order: &Value,
) -> Result<Vec<(String, RoomEvent)>, ApiError> {
    let mut out = Vec::new();
    let lines = order
        .get("lines")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    for line in lines {
        let Some(variant) = line.get("variant_id").and_then(Value::as_str) else {
            continue;
        };
        let (product, available): (String, i64) = conn.query_row(
            "SELECT product_id, stock FROM variants WHERE id = ?1",
            [variant],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let rooms: Vec<String> = conn
            .prepare_cached("SELECT room_id FROM room_pins WHERE product_id = ?1")?
            .query_map([&product], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        for room in rooms {
            let data =
                json!({ "product_id": product, "variant_id": variant, "available": available });
            out.push((room.clone(), append(conn, &room, "stock", data)?));
        }
    }
    Ok(out)
}

/// What a room write did: the event to store and broadcast (none when nothing changed), and
/// the answer (the room itself when `None`).
struct Change {
    event: Option<(&'static str, Value)>,
    answer: Option<Value>,
}

/// Runs a room change under its idempotency key and broadcasts the event it made, if it made
/// one (a replayed request made none). Room writes are serialized, so broadcasts leave in
/// sequence order.
#[allow(clippy::too_many_arguments)] // Each is one part of the request the write needs.
async fn room_write(
    state: &AppState,
    caller: &Caller,
    headers: &HeaderMap,
    method: &Method,
    uri: &Uri,
    room: String,
    body: Value,
    f: impl FnOnce(&Connection, &Value, &Member) -> Result<Change, ApiError> + Send + 'static,
) -> Result<Response, ApiError> {
    // Only the room's host: checked in the write's own transaction.
    let m = caller.member()?.clone();
    let _order = state.live.write_lock().await;
    let made: Arc<Mutex<Option<RoomEvent>>> = Arc::default();
    let slot = made.clone();
    let r = room.clone();
    let resp = mutate(
        &state.db,
        caller,
        headers,
        method,
        uri,
        body,
        move |tx, body| {
            owner::own_room(tx, &m, &r)?;
            let change = f(tx, body, &m)?;
            if let Some((kind, data)) = &change.event {
                owner::audit(tx, &m, &format!("room.{kind}"), &r, None, Some(data))?;
            }
            if let Some((kind, data)) = change.event {
                let e = append(tx, &r, kind, data)?;
                *slot.lock().unwrap_or_else(|p| p.into_inner()) = Some(e);
            }
            // The answer is read after the event is stored, so it counts it.
            let out = match change.answer {
                Some(v) => v,
                None => room_json(tx, &r)?,
            };
            Ok((200, out))
        },
    )
    .await?;
    // `mutate` returns once the transaction committed: only committed events go out.
    if let Some(e) = made.lock().unwrap_or_else(|p| p.into_inner()).take() {
        state.live.publish(&room, e);
    }
    Ok(resp)
}

/// `POST /api/rooms` with `{title}`: a new LIVE room.
pub async fn create(
    State(db): State<Db>,
    Extension(caller): Extension<Caller>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Response, ApiError> {
    let body = body_value(&body)?;
    let title = opt_text(
        body.get("title").unwrap_or(&Value::Null),
        "title",
        crate::deals::MAX_TITLE_CHARS,
    )?
    .ok_or_else(|| ApiError::invalid("title", "is required: 1 to 80 characters"))?;
    let m = caller.member()?.clone();
    mutate(&db, &caller, &headers, &method, &uri, body, move |tx, _| {
        let id: String =
            tx.query_row("SELECT 'r-' || lower(hex(randomblob(6)))", [], |r| r.get(0))?;
        tx.execute(
            "INSERT INTO rooms (id, title, created_ms, host_id) VALUES (?1, ?2, ?3, ?4)",
            params![id, title, now_ms(), m.account],
        )?;
        let made = room_json(tx, &id)?;
        owner::audit(tx, &m, "room.create", &id, None, Some(&made))?;
        Ok((201, made))
    })
    .await
}

/// `GET /api/rooms/{id}`: the room with its pinned products.
pub async fn get(State(db): State<Db>, Path(id): Path<String>) -> Result<Json<Value>, ApiError> {
    db.run(move |conn| room_json(conn, &id).map(Json)).await
}

/// `POST /api/rooms/{id}/pins` with `{product_id}`: pins a product for every viewer.
pub async fn pin(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(room): Path<String>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Response, ApiError> {
    let body = body_value(&body)?;
    let r = room.clone();
    room_write(&state, &caller, &headers, &method, &uri, room, body, move |tx, body, m| {
        let product = body
            .get("product_id")
            .and_then(Value::as_str)
            .ok_or_else(|| ApiError::invalid("product_id", "is required: a product id"))?
            .to_string();
        // The host's own products, or (a creator) those its programmes allow.
        owner::may_feature(tx, m, &product)?;
        let already = tx
            .query_row(
                "SELECT 1 FROM room_pins WHERE room_id = ?1 AND product_id = ?2",
                params![r, product],
                |_| Ok(()),
            )
            .optional()?
            .is_some();
        if already {
            // Pinning what is pinned changes nothing and tells nobody.
            return Ok(Change {
                event: None,
                answer: None,
            });
        }
        let pins: i64 = tx.query_row(
            "SELECT count(*) FROM room_pins WHERE room_id = ?1",
            [&r],
            |x| x.get(0),
        )?;
        if pins >= MAX_PINS {
            return Err(ApiError::invalid(
                "product_id",
                format!("a room holds at most {MAX_PINS} pinned products; unpin one first"),
            ));
        }
        tx.execute(
            "INSERT INTO room_pins (room_id, product_id, position)
             VALUES (?1, ?2, (SELECT coalesce(max(position), 0) + 1 FROM room_pins WHERE room_id = ?1))",
            params![r, product],
        )?;
        Ok(Change {
            event: Some(("pin", json!({ "product_id": product }))),
            answer: None,
        })
    })
    .await
}

/// `DELETE /api/rooms/{id}/pins/{product}`: unpins it.
pub async fn unpin(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path((room, product)): Path<(String, String)>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let r = room.clone();
    room_write(
        &state,
        &caller,
        &headers,
        &method,
        &uri,
        room,
        Value::Null,
        move |tx, _, _| {
            let removed = tx.execute(
                "DELETE FROM room_pins WHERE room_id = ?1 AND product_id = ?2",
                params![r, product],
            )?;
            Ok(Change {
                event: (removed == 1).then(|| ("unpin", json!({ "product_id": product }))),
                answer: None,
            })
        },
    )
    .await
}

/// `POST /api/rooms/{id}/deals` with a deal (as `POST /api/deals`): a flash deal during the
/// stream, announced to every viewer.
pub async fn deal(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(room): Path<String>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Response, ApiError> {
    let body = body_value(&body)?;
    room_write(
        &state,
        &caller,
        &headers,
        &method,
        &uri,
        room,
        body,
        move |tx, body, m| {
            // A price is the seller's to set: a creator's room cannot start one.
            let d = crate::deals::parse(tx, body, now_ms())?;
            owner::own_product(tx, m, &d.product)?;
            let d = crate::deals::insert(tx, d)?;
            let j = d.json();
            Ok(Change {
                event: Some(("deal", j.clone())),
                answer: Some(j),
            })
        },
    )
    .await
}

/// `POST /api/rooms/{id}/deals/{deal}/end`: the host ends a flash deal now; every viewer
/// hears the deal again with its new end (and prices fall back at once), and checkout stops
/// charging its price.
pub async fn end_deal(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path((room, deal)): Path<(String, String)>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    room_write(
        &state,
        &caller,
        &headers,
        &method,
        &uri,
        room,
        Value::Null,
        move |tx, _, m| {
            let missing = || ApiError::NotFound {
                what: "deal",
                id: deal.clone(),
            };
            let product: String = tx
                .query_row("SELECT product_id FROM deals WHERE id = ?1", [&deal], |r| {
                    r.get(0)
                })
                .optional()?
                .ok_or_else(missing)?;
            owner::own_product(tx, m, &product)?;
            let (d, ended) = crate::deals::end_now(tx, &deal, now_ms())?.ok_or_else(missing)?;
            let j = d.json();
            Ok(Change {
                // Ending what has ended tells nobody anything.
                event: ended.then(|| ("deal", j.clone())),
                answer: Some(j),
            })
        },
    )
    .await
}

/// The stored events of `room` after `after`, in order.
fn events_after(conn: &Connection, room: &str, after: i64) -> Result<Vec<RoomEvent>, ApiError> {
    let rows = conn
        .prepare_cached(
            "SELECT seq, kind, data FROM room_events WHERE room_id = ?1 AND seq > ?2 ORDER BY seq",
        )?
        .query_map(params![room, after], |r| {
            Ok(RoomEvent {
                seq: r.get(0)?,
                kind: r.get(1)?,
                data: r.get(2)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    Ok(rows)
}

#[derive(Deserialize)]
pub struct EventsQuery {
    after: Option<i64>,
    /// End the stream after this long (at least a second); the client reconnects with
    /// `Last-Event-ID`. Bounded connection lifetimes spread viewers over servers as they
    /// come and go; tests use it to cut a viewer off.
    max_ms: Option<u64>,
}

struct Feed {
    db: Db,
    room: String,
    rx: broadcast::Receiver<RoomEvent>,
    /// Stored events not sent yet.
    backlog: std::collections::VecDeque<RoomEvent>,
    /// The last sequence number sent: anything at or below it is a duplicate.
    last: i64,
    first: bool,
    ends: Option<tokio::time::Instant>,
}

/// `GET /api/rooms/{id}/events`: the room's events as Server-Sent Events. Resumes after the
/// `Last-Event-ID` header (sent by `EventSource` when it reconnects) or `?after=N`.
pub async fn events(
    State(state): State<AppState>,
    Path(room): Path<String>,
    Query(q): Query<EventsQuery>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let after = match headers.get("last-event-id") {
        Some(h) => h
            .to_str()
            .ok()
            .and_then(|s| s.trim().parse::<i64>().ok())
            .filter(|n| *n >= 0)
            .ok_or_else(|| ApiError::invalid("Last-Event-ID", "must be an event id (0 or more)"))?,
        None => q.after.unwrap_or(0).max(0),
    };
    // Subscribe before reading what is stored: an event committed in between is in both, and
    // the sequence number drops the copy.
    let rx = state.live.sender(&room).subscribe();
    let r = room.clone();
    let backlog = state
        .db
        .run(move |conn| {
            room_json(conn, &r)?;
            events_after(conn, &r, after)
        })
        .await?;
    let feed = Feed {
        db: state.db.clone(),
        room,
        rx,
        backlog: backlog.into(),
        last: after,
        first: true,
        ends: q
            .max_ms
            .map(|ms| tokio::time::Instant::now() + Duration::from_millis(ms.max(1000))),
    };
    let stream = stream::unfold(feed, next_event);
    Ok(Sse::new(stream)
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
        .into_response())
}

async fn next_event(mut f: Feed) -> Option<(Result<Event, Infallible>, Feed)> {
    if std::mem::take(&mut f.first) {
        // Reconnect quickly after a drop; EventSource sends Last-Event-ID when it does.
        return Some((Ok(Event::default().retry(Duration::from_millis(500))), f));
    }
    loop {
        if let Some(e) = f.backlog.pop_front() {
            if e.seq <= f.last {
                continue;
            }
            f.last = e.seq;
            return Some((Ok(e.sse()), f));
        }
        let received = match f.ends {
            Some(at) => tokio::select! {
                r = f.rx.recv() => r,
                () = tokio::time::sleep_until(at) => return None,
            },
            None => f.rx.recv().await,
        };
        match received {
            Ok(e) => {
                if e.seq > f.last {
                    f.last = e.seq;
                    return Some((Ok(e.sse()), f));
                }
            }
            Err(broadcast::error::RecvError::Lagged(_)) => {
                // Too far behind the live buffer: catch up from the store.
                let (room, after) = (f.room.clone(), f.last);
                match f.db.run(move |conn| events_after(conn, &room, after)).await {
                    Ok(missed) => f.backlog = missed.into(),
                    Err(_) => return None,
                }
            }
            Err(broadcast::error::RecvError::Closed) => return None,
        }
    }
}
