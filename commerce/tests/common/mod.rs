//! A minimal HTTP/1.1 client over a real loopback socket, shared by the API tests and the
//! latency benchmark (one connection per request, `Connection: close`).
#![allow(dead_code)] // Each test file uses its own subset.

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
pub async fn start(name: &str) -> (String, commerce::Db) {
    let dir = temp(name);
    let db = commerce::Db::open(&dir.join("db.sqlite")).unwrap_or_else(|e| panic!("db: {e}"));
    let l = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .unwrap_or_else(|e| panic!("bind: {e}"));
    let addr = l.local_addr().map(|a| a.to_string()).unwrap_or_default();
    let app = commerce::app(dir, db.clone());
    tokio::spawn(async move { axum::serve(l, app).await });
    (addr, db)
}
