//! Each LIVE room as a live HLS stream: a sliding-window media playlist over the pre-cut
//! segments of the sample video (looped, a discontinuity at each restart), every segment
//! stamped with `EXT-X-PROGRAM-DATE-TIME`, and the room's events written as `EXT-X-DATERANGE`
//! tags at the moment they happened. This is the path for a million viewers: a CDN fans out
//! playlists (cacheable for a second) and immutable segments, not connections; the SSE stream
//! stays for the host console and small rooms.
//!
//! Two classes of date range:
//! - `com.shoppable.event`, ID `ev-N` (N = the room event's sequence number): one instant
//!   (`DURATION=0`) per event, at its time, with `X-SEQ`, `X-KIND` and `X-DATA` (the event's
//!   JSON, percent-encoded as a quoted attribute cannot hold `"`), for the viewer to apply when
//!   the frame carrying that time is presented.
//! - `com.shoppable.state`, ID `state-N`, `END-ON-NEXT=YES`: the room after event N (the
//!   pinned products, `X-PINNED`; N as `X-LAST-EVENT`), so a viewer who joins late starts from
//!   the state of the frame it is shown, not from "now" (which runs ahead of its picture by the
//!   stream latency), and its first event is the one after N.
//!
//! A range stays in the playlist while any of its time maps to a segment in it (RFC 8216bis
//! 6.2.1): events from the window's start on, and the state in force at the window's start
//! with every later one.

use std::path::PathBuf;
use std::sync::OnceLock;

use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use rusqlite::{params, Connection};

use crate::db::{now_ms, Db};
use crate::error::ApiError;

/// Segments in the live window (the client holds back three target durations).
const WINDOW: u64 = 6;
/// How long before a room's creation its stream starts, so a new room's window is full.
const PRE_ROLL_SEGMENTS: u64 = WINDOW;

pub const EVENT_CLASS: &str = "com.shoppable.event";
pub const STATE_CLASS: &str = "com.shoppable.state";

/// The pre-cut media: segment durations (ms) of `media/hls/index.m3u8`, read once.
#[derive(Clone)]
pub struct Hls {
    dir: PathBuf,
    cut: std::sync::Arc<OnceLock<Vec<u64>>>,
}

impl Hls {
    pub fn new(dist: PathBuf) -> Hls {
        Hls {
            dir: dist.join("media/hls"),
            cut: std::sync::Arc::default(),
        }
    }

    /// Segment durations in ms, or `None` while the media is not cut (`cargo xtask media`;
    /// read again on the next request until it is).
    fn durations(&self) -> Option<&[u64]> {
        if let Some(d) = self.cut.get() {
            return Some(d);
        }
        let text = std::fs::read_to_string(self.dir.join("index.m3u8")).ok()?;
        let d: Vec<u64> = text
            .lines()
            .filter_map(|l| l.strip_prefix("#EXTINF:"))
            .filter_map(|l| l.split(',').next()?.trim().parse::<f64>().ok())
            .map(|s| (s * 1000.0).round() as u64)
            .collect();
        if d.is_empty() || d.contains(&0) {
            return None;
        }
        Some(self.cut.get_or_init(|| d))
    }
}

/// Days since 1970-01-01 → (year, month, day), proleptic Gregorian (H. Hinnant's algorithm).
fn civil(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// Unix ms → ISO 8601 with milliseconds, UTC (`2026-11-25T18:37:07.547Z`).
pub fn iso(ms: i64) -> String {
    let (days, rem) = (ms.div_euclid(86_400_000), ms.rem_euclid(86_400_000));
    let (y, mo, d) = civil(days);
    let (h, mi, s, milli) = (
        rem / 3_600_000,
        rem / 60_000 % 60,
        rem / 1000 % 60,
        rem % 1000,
    );
    format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{milli:03}Z")
}

/// Percent-encoding of everything but unreserved characters (`decodeURIComponent` reads it).
fn pct(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 2);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// One stored room event, as the playlist needs it.
struct Ev {
    seq: i64,
    kind: String,
    data: String,
    at_ms: i64,
}

fn events(conn: &Connection, room: &str) -> Result<(i64, Vec<Ev>), ApiError> {
    let created: i64 = conn
        .query_row("SELECT created_ms FROM rooms WHERE id = ?1", [room], |r| {
            r.get(0)
        })
        .map_err(|_| ApiError::NotFound {
            what: "room",
            id: room.to_string(),
        })?;
    let list = conn
        .prepare_cached(
            "SELECT seq, kind, data, created_ms FROM room_events WHERE room_id = ?1 ORDER BY seq",
        )?
        .query_map(params![room], |r| {
            Ok(Ev {
                seq: r.get(0)?,
                kind: r.get(1)?,
                data: r.get(2)?,
                at_ms: r.get(3)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    Ok((created, list))
}

/// The product an event's JSON names (`product_id`).
fn product_of(data: &str) -> Option<String> {
    serde_json::from_str::<serde_json::Value>(data)
        .ok()?
        .get("product_id")?
        .as_str()
        .map(str::to_string)
}

/// The live media playlist of a room whose stream started at `epoch` (Unix ms), at `now`.
/// `durations`: the pre-cut segments (ms), looped.
fn playlist(epoch: i64, now: i64, durations: &[u64], evs: &[Ev], created: i64) -> String {
    let n = durations.len() as u64;
    let lap: u64 = durations.iter().sum();
    // Segment k: lap k / n, piece k % n; it is published once it has ended.
    let start_of = |k: u64| -> i64 {
        let piece: u64 = durations[..(k % n) as usize].iter().sum();
        epoch + ((k / n) * lap + piece) as i64
    };
    let elapsed = (now - epoch).max(0) as u64;
    // From the last piece of the previous lap (ended, when there was one), step forward.
    let mut last = ((elapsed / lap) * n).saturating_sub(1);
    while start_of(last + 1) + durations[((last + 1) % n) as usize] as i64 <= now {
        last += 1;
    }
    // `last` is the newest segment that has ended (at least one: the pre-roll).
    let first = last.saturating_sub(WINDOW - 1);
    let target = durations.iter().max().map_or(1, |d| d.div_ceil(1000));
    let mut out = String::with_capacity(2048);
    out.push_str("#EXTM3U\n#EXT-X-VERSION:7\n");
    out.push_str(&format!("#EXT-X-TARGETDURATION:{target}\n"));
    out.push_str(&format!("#EXT-X-MEDIA-SEQUENCE:{first}\n"));
    out.push_str(&format!("#EXT-X-DISCONTINUITY-SEQUENCE:{}\n", first / n));
    out.push_str("#EXT-X-INDEPENDENT-SEGMENTS\n");
    out.push_str("#EXT-X-MAP:URI=\"/media/hls/init.mp4\"\n");

    // The room's state after each event (what is pinned, and that event's id as the last one
    // a joiner has seen): the one in force at the window's start, and every later one. One
    // per event, not per pin change, so a joiner's first event is the next one, never a gap.
    let window_start = start_of(first);
    let mut pinned: Vec<String> = Vec::new();
    let mut states: Vec<(i64, i64, Vec<String>)> = vec![(0, created, Vec::new())];
    for e in evs {
        match (e.kind.as_str(), product_of(&e.data)) {
            ("pin", Some(p)) if !pinned.contains(&p) => pinned.push(p),
            ("unpin", Some(p)) => pinned.retain(|x| *x != p),
            _ => {}
        }
        states.push((e.seq, e.at_ms, pinned.clone()));
    }
    let in_force = states
        .iter()
        .rposition(|(_, at, _)| *at <= window_start)
        .unwrap_or(0);
    for (seq, at, pins) in &states[in_force..] {
        let list = serde_json::to_string(pins).unwrap_or_else(|_| "[]".into());
        out.push_str(&format!(
            "#EXT-X-DATERANGE:ID=\"state-{seq}\",CLASS=\"{STATE_CLASS}\",START-DATE=\"{}\",END-ON-NEXT=YES,X-LAST-EVENT=\"{seq}\",X-PINNED=\"{}\"\n",
            iso(*at),
            pct(&list)
        ));
    }
    for e in evs.iter().filter(|e| e.at_ms >= window_start) {
        out.push_str(&format!(
            "#EXT-X-DATERANGE:ID=\"ev-{}\",CLASS=\"{EVENT_CLASS}\",START-DATE=\"{}\",DURATION=0,X-SEQ=\"{}\",X-KIND=\"{}\",X-DATA=\"{}\"\n",
            e.seq,
            iso(e.at_ms),
            e.seq,
            pct(&e.kind),
            pct(&e.data)
        ));
    }
    for k in first..=last {
        if k > first && k % n == 0 {
            out.push_str("#EXT-X-DISCONTINUITY\n");
        }
        let d = durations[(k % n) as usize];
        out.push_str(&format!("#EXT-X-PROGRAM-DATE-TIME:{}\n", iso(start_of(k))));
        out.push_str(&format!("#EXTINF:{}.{:03},\n", d / 1000, d % 1000));
        out.push_str(&format!("/media/hls/live/{k}.m4s\n"));
    }
    out
}

/// What the stream's routes need.
#[derive(Clone)]
pub struct HlsState {
    pub db: Db,
    pub hls: Hls,
}

/// `GET /api/rooms/{id}/live.m3u8`: the room's live playlist (a CDN may keep it a second).
pub async fn room_playlist(
    State(HlsState { db, hls }): State<HlsState>,
    Path(room): Path<String>,
) -> Result<Response, ApiError> {
    let Some(durations) = hls.durations().map(<[u64]>::to_vec) else {
        return Err(ApiError::NotFound {
            what: "live stream media (run `cargo xtask media`)",
            id: room,
        });
    };
    let (created, evs) = db.run(move |conn| events(conn, &room)).await?;
    let pre_roll: u64 = durations
        .iter()
        .cycle()
        .take(PRE_ROLL_SEGMENTS as usize)
        .sum();
    let epoch = created - pre_roll as i64;
    let body = playlist(epoch, now_ms(), &durations, &evs, created);
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/vnd.apple.mpegurl"),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=1"),
            ),
        ],
        body,
    )
        .into_response())
}

/// `GET /media/hls/live/{k}.m4s`: live segment k, which is pre-cut piece k mod n (the same
/// bytes for every room and viewer: immutable, cached for a year).
pub async fn segment(
    State(HlsState { hls, .. }): State<HlsState>,
    Path(file): Path<String>,
) -> Response {
    let k = file
        .strip_suffix(".m4s")
        .and_then(|k| k.parse::<u64>().ok());
    let (Some(k), Some(d)) = (k, hls.durations()) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let piece = hls.dir.join(format!("seg_{:03}.m4s", k % d.len() as u64));
    match tokio::fs::read(&piece).await {
        Ok(bytes) => (
            [
                (
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("video/iso.segment"),
                ),
                (
                    header::CACHE_CONTROL,
                    HeaderValue::from_static("public, max-age=31536000, immutable"),
                ),
            ],
            bytes,
        )
            .into_response(),
        Err(_) => StatusCode::NOT_FOUND.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_dates() {
        assert_eq!(iso(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(iso(1_795_631_827_547), "2026-11-25T18:37:07.547Z");
        assert_eq!(iso(951_782_400_000), "2000-02-29T00:00:00.000Z");
    }

    fn ev(seq: i64, kind: &str, product: &str, at_ms: i64) -> Ev {
        Ev {
            seq,
            kind: kind.into(),
            data: format!("{{\"product_id\":\"{product}\"}}"),
            at_ms,
        }
    }

    #[test]
    fn the_window_slides_loops_with_discontinuities_and_keeps_what_a_joiner_needs() {
        let d = [2000u64; 5];
        let evs = [
            ev(1, "pin", "p-a", 1_000),
            ev(2, "pin", "p-b", 3_000),
            ev(3, "unpin", "p-a", 19_500),
        ];
        // At 21.0 s: segments 0..=9 have ended (segment 9 covers 18–20 s); window 4..=9.
        let p = playlist(0, 21_000, &d, &evs, 0);
        assert!(p.contains("#EXT-X-MEDIA-SEQUENCE:4\n"), "{p}");
        assert!(p.contains("#EXT-X-DISCONTINUITY-SEQUENCE:0\n"));
        assert_eq!(p.matches("#EXTINF:2.000,").count(), 6);
        assert!(p.contains("/media/hls/live/9.m4s") && !p.contains("/live/10.m4s"));
        // Segment 5 starts lap 2: one discontinuity, before it.
        let disc = p.find("#EXT-X-DISCONTINUITY\n").unwrap_or(0);
        assert!(disc > p.find("/live/4.m4s").unwrap_or(usize::MAX));
        assert!(disc < p.find("/live/5.m4s").unwrap_or(0));
        assert!(p.contains("#EXT-X-PROGRAM-DATE-TIME:1970-01-01T00:00:08.000Z"));
        // The window starts at 8 s: the state from event 2 (both pinned) is in force there.
        assert!(
            !p.contains("ID=\"state-1\""),
            "superseded before the window: gone"
        );
        assert!(p.contains("ID=\"state-2\""));
        assert!(p.contains("X-PINNED=\"%5B%22p-a%22%2C%22p-b%22%5D\""));
        assert!(p.contains("ID=\"state-3\"") && p.contains("X-PINNED=\"%5B%22p-b%22%5D\""));
        // Events from the window's start on; earlier ones left with their segments.
        assert!(p.contains(
            "ID=\"ev-3\",CLASS=\"com.shoppable.event\",START-DATE=\"1970-01-01T00:00:19.500Z\""
        ));
        assert!(!p.contains("ID=\"ev-1\"") && !p.contains("ID=\"ev-2\""));
        assert!(!p.contains("#EXT-X-ENDLIST"), "live");

        // Later, in lap 3: the sequence numbers count the discontinuities left behind.
        let p = playlist(0, 25_100, &d, &evs, 0);
        assert!(p.contains("#EXT-X-MEDIA-SEQUENCE:6\n"));
        assert!(p.contains("#EXT-X-DISCONTINUITY-SEQUENCE:1\n"), "{p}");
    }

    #[test]
    fn a_quote_in_event_data_cannot_break_the_tag() {
        let e = Ev {
            seq: 1,
            kind: "deal".into(),
            data: r#"{"title":"Say \"hi\", now"}"#.into(),
            at_ms: 100,
        };
        let p = playlist(0, 2_500, &[2000], &[e], 0);
        let line = p.lines().find(|l| l.contains("ev-1")).unwrap_or("");
        assert_eq!(line.matches('"').count(), 12, "{line}");
        // A deal changes no pin, yet has its state: a joiner after it starts at event 1.
        assert!(p.contains("ID=\"state-1\"") && p.contains("X-LAST-EVENT=\"1\""));
    }
}
