//! The demo server over a real socket: pages carry the Content-Security-Policy, media honours
//! byte ranges (video seeks need them), `/api/time` answers, unknown paths are 404.

use std::path::PathBuf;

mod common;

fn dist() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("commerce-test-{}", std::process::id()));
    let _ = std::fs::create_dir_all(dir.join("media"));
    let _ = std::fs::write(dir.join("index.html"), "<!doctype html><title>t</title>");
    let _ = std::fs::write(dir.join("media/clip.mp4"), (0u8..=255).collect::<Vec<u8>>());
    dir
}

/// Starts the app on a free loopback port, over its own database file (tests run in parallel:
/// two opening one file at once would find it locked).
async fn start(db_name: &str) -> String {
    let l = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .unwrap_or_else(|e| panic!("bind: {e}"));
    let addr = l.local_addr().map(|a| a.to_string()).unwrap_or_default();
    let db = commerce::Db::open(&dist().join(format!("{db_name}.sqlite")))
        .unwrap_or_else(|e| panic!("db: {e}"));
    tokio::spawn(async move { axum::serve(l, commerce::app(dist(), db)).await });
    addr
}

async fn get(addr: &str, path: &str, extra: &str) -> String {
    common::raw(addr, "GET", path, None, "", extra)
        .await
        .unwrap_or_default()
}

#[tokio::test]
async fn pages_media_and_time() {
    let addr = start("pages").await;
    let page = get(&addr, "/", "").await;
    assert!(page.starts_with("HTTP/1.1 200"), "{page}");
    let lower = page.to_ascii_lowercase();
    assert!(
        lower.contains(
            "content-security-policy: default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
             style-src 'self';"
        ),
        "{page}"
    );
    assert!(lower.contains("x-content-type-options: nosniff"));

    let part = get(&addr, "/media/clip.mp4", "Range: bytes=10-19\r\n").await;
    assert!(part.starts_with("HTTP/1.1 206"), "{part}");
    assert!(
        part.to_ascii_lowercase()
            .contains("content-range: bytes 10-19/256"),
        "{part}"
    );

    let time = get(&addr, "/api/time", "").await;
    assert!(time.starts_with("HTTP/1.1 200"), "{time}");
    let body = time.split("\r\n\r\n").nth(1).unwrap_or_default();
    let v: serde_json::Value = serde_json::from_str(body).unwrap_or_default();
    assert!(
        v["now_ms"]
            .as_u64()
            .is_some_and(|ms| ms > 1_700_000_000_000),
        "{body}"
    );

    assert!(get(&addr, "/nope.js", "").await.starts_with("HTTP/1.1 404"));
}

/// Found by `cargo xtask fuzz`: a name no file system takes was an I/O error, answered 500.
#[tokio::test]
async fn paths_no_file_can_have_are_refused_not_errors() {
    let addr = start("paths").await;
    let long_segment = format!("/{}", "a".repeat(300));
    let page = get(&addr, &long_segment, "").await;
    assert!(page.starts_with("HTTP/1.1 404"), "{page}");
    assert!(page.contains("\"code\""), "a JSON error: {page}");
    // Percent-encoding that decodes to no text: a JSON refusal naming the path.
    let page = get(&addr, "/api/carts/c-1/lines/p%fa", "").await;
    assert!(page.starts_with("HTTP/1.1 400"), "{page}");
    assert!(page.contains("\"field\":\"path\""), "{page}");
    let long_path = "/a".repeat(1100);
    let page = get(&addr, &long_path, "").await;
    assert!(page.starts_with("HTTP/1.1 414"), "{page}");
}
