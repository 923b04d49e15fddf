//! A minimal HTTP/1.1 client over a real loopback socket, shared by the API tests and the
//! latency benchmark (one connection per request, `Connection: close`).
#![allow(dead_code)] // Each test file uses its own subset.

pub mod world;

use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Sends `method path` with an optional Idempotency-Key and JSON body, plus `extra` header
/// lines; returns the raw response, or `None` when the connection failed.
pub async fn raw(
    addr: &str,
    method: &str,
    path: &str,
    key: Option<&str>,
    body: &str,
    extra: &str,
) -> Option<String> {
    let mut s = TcpStream::connect(addr).await.ok()?;
    let key = key
        .map(|k| format!("Idempotency-Key: {k}\r\n"))
        .unwrap_or_default();
    let req = format!(
        "{method} {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\n\
         {key}{extra}Content-Length: {}\r\n\r\n{body}",
        body.len()
    );
    s.write_all(req.as_bytes()).await.ok()?;
    let mut out = Vec::new();
    s.read_to_end(&mut out).await.ok()?;
    Some(String::from_utf8_lossy(&out).into_owned())
}

/// Status and JSON body (Null when not JSON), or `None` when the connection failed.
pub async fn try_call(
    addr: &str,
    method: &str,
    path: &str,
    key: Option<&str>,
    body: &str,
) -> Option<(u16, Value)> {
    let text = raw(addr, method, path, key, body, "").await?;
    let status = text.get(9..12)?.parse().ok()?;
    let payload = text.split("\r\n\r\n").nth(1).unwrap_or_default();
    Some((status, serde_json::from_str(payload).unwrap_or(Value::Null)))
}

/// Like [`try_call`], with `(0, Null)` for a failed connection.
pub async fn call(
    addr: &str,
    method: &str,
    path: &str,
    key: Option<&str>,
    body: Option<&str>,
) -> (u16, Value) {
    try_call(addr, method, path, key, body.unwrap_or(""))
        .await
        .unwrap_or((0, Value::Null))
}

pub fn temp(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("commerce-api-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::create_dir_all(&dir);
    let _ = std::fs::write(dir.join("index.html"), "<!doctype html>");
    dir
}

/// A server on a free loopback port over a fresh database file; its address and the store.
/// Passkeys as on the demo (its site is localhost); no rate limits (the tests are one client
/// doing the work of hundreds: `start_limited` has them).
pub async fn start(name: &str) -> (String, commerce::Db) {
    start_with(name, commerce::limit::Limits::off()).await
}

/// [`start`] with rate limits, the client being the `X-Forwarded-For` address.
pub async fn start_limited(name: &str) -> (String, commerce::Db) {
    start_with(name, commerce::limit::Limits::new(true)).await
}

async fn start_with(name: &str, limits: commerce::limit::Limits) -> (String, commerce::Db) {
    let dir = temp(name);
    let db = commerce::Db::open(&dir.join("db.sqlite")).unwrap_or_else(|e| panic!("db: {e}"));
    let l = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .unwrap_or_else(|e| panic!("bind: {e}"));
    let addr = l.local_addr().map(|a| a.to_string()).unwrap_or_default();
    let passkeys = commerce::auth::passkey::Passkeys::at("http://localhost")
        .unwrap_or_else(|e| panic!("passkeys: {e}"));
    let options = commerce::Options { passkeys, limits };
    let app = commerce::app_with(dir, db.clone(), options)
        .into_make_service_with_connect_info::<std::net::SocketAddr>();
    tokio::spawn(async move { axum::serve(l, app).await });
    (addr, db)
}

/// A Server-Sent Events subscriber over a raw socket (HTTP/1.0, so the body is the bare event
/// stream, not chunked).
pub struct SseClient {
    stream: TcpStream,
    buf: String,
    pub status: u16,
}

/// One event: id, type, data.
pub type SseEvent = (i64, String, String);

impl SseClient {
    pub async fn connect(addr: &str, path: &str, last_event_id: Option<i64>) -> Option<SseClient> {
        let mut stream = TcpStream::connect(addr).await.ok()?;
        let last = last_event_id
            .map(|n| format!("Last-Event-ID: {n}\r\n"))
            .unwrap_or_default();
        let req =
            format!("GET {path} HTTP/1.0\r\nHost: x\r\nAccept: text/event-stream\r\n{last}\r\n");
        stream.write_all(req.as_bytes()).await.ok()?;
        let mut c = SseClient {
            stream,
            buf: String::new(),
            status: 0,
        };
        while !c.buf.contains("\r\n\r\n") {
            if !c.fill().await {
                break;
            }
        }
        c.status = c.buf.get(9..12)?.parse().ok()?;
        let body = c.buf.split_once("\r\n\r\n").map(|(_, b)| b.to_string())?;
        c.buf = body;
        Some(c)
    }

    async fn fill(&mut self) -> bool {
        let mut chunk = [0u8; 4096];
        match self.stream.read(&mut chunk).await {
            Ok(0) | Err(_) => false,
            Ok(n) => {
                self.buf.push_str(&String::from_utf8_lossy(&chunk[..n]));
                true
            }
        }
    }

    /// The next event with an id, or `None` after `wait` of silence or a closed stream.
    pub async fn next(&mut self, wait: std::time::Duration) -> Option<SseEvent> {
        loop {
            while let Some((block, rest)) = self.buf.split_once("\n\n") {
                let (block, rest) = (block.to_string(), rest.to_string());
                self.buf = rest;
                let (mut id, mut kind, mut data) = (None, String::from("message"), String::new());
                for line in block.lines() {
                    if let Some(v) = line.strip_prefix("id:") {
                        id = v.trim().parse().ok();
                    } else if let Some(v) = line.strip_prefix("event:") {
                        kind = v.trim().to_string();
                    } else if let Some(v) = line.strip_prefix("data:") {
                        data.push_str(v.trim_start());
                    }
                }
                if let Some(id) = id {
                    return Some((id, kind, data));
                }
            }
            match tokio::time::timeout(wait, self.fill()).await {
                Ok(true) => {}
                _ => return None,
            }
        }
    }
}

/// The demo's people made ready (password `password`), and an API token for `handle` with
/// every scope: the header line to send it with.
pub fn bearer(db: &commerce::Db, handle: &str) -> String {
    let handle = handle.to_string();
    let token = db
        .blocking(move |conn| {
            commerce::auth::accounts::seed_demo(conn, "a test password")?;
            let user = commerce::auth::accounts::person(conn, &handle)?.unwrap_or_default();
            commerce::auth::tokens::issue(conn, &user, "test", &commerce::auth::Scope::ALL, 1)
        })
        .unwrap_or_else(|e| panic!("token: {e}"));
    format!("Authorization: Bearer {}\r\n", token.1)
}

/// The demo seller's token header (it sells the whole sample catalogue).
pub fn seller(db: &commerce::Db) -> String {
    bearer(db, "seller@northwind.example")
}

/// [`call`] with `extra` header lines (credentials).
pub async fn call_as(
    addr: &str,
    extra: &str,
    method: &str,
    path: &str,
    key: Option<&str>,
    body: Option<&str>,
) -> (u16, Value) {
    let Some(text) = raw(addr, method, path, key, body.unwrap_or(""), extra).await else {
        return (0, Value::Null);
    };
    let status = text.get(9..12).and_then(|s| s.parse().ok()).unwrap_or(0);
    let payload = text.split("\r\n\r\n").nth(1).unwrap_or_default();
    (status, serde_json::from_str(payload).unwrap_or(Value::Null))
}
