//! Target: the commerce API's request bodies and query strings, in process (the real router,
//! a real SQLite file on tmpfs). The input is `METHOD PATH\n` then the body, sent every other
//! case as the demo seller (an API token with every scope) and otherwise with no credentials,
//! so the seller's routes are fuzzed past the access gate too. No input may crash the server or
//! answer 500; every refusal is JSON naming its code and saying what was wrong.

use std::path::PathBuf;

use axum::body::Body;
use axum::http::{Method, Request};
use tower::ServiceExt;

use crate::Outcome;

pub struct Api {
    app: axum::Router,
    rt: tokio::runtime::Runtime,
    n: u64,
    /// `Bearer sk_…` for the demo seller.
    seller: String,
    _dir: TempDir,
}

/// A folder removed on drop.
struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

impl Api {
    pub fn new() -> anyhow::Result<Api> {
        // tmpfs where there is one: SQLite syncs every write (synchronous=FULL).
        let base = ["/dev/shm", "/tmp"]
            .iter()
            .map(PathBuf::from)
            .find(|p| p.is_dir())
            .unwrap_or_else(std::env::temp_dir);
        let dir = base.join(format!("fuzz-api-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("dist"))?;
        let db = commerce::db::Db::open(&dir.join("fuzz.sqlite"))?;
        let token = db
            .blocking(|conn| {
                commerce::auth::accounts::seed_demo(conn, "the fuzzer's password")?;
                let user = commerce::auth::accounts::person(conn, "seller@northwind.example")?
                    .unwrap_or_default();
                let all = commerce::auth::Scope::ALL;
                commerce::auth::tokens::issue(conn, &user, "fuzz", &all, 365)
            })
            .map_err(|e| anyhow::anyhow!("the fuzzer's seller: {e}"))?;
        // One client sending every case: no rate limits (they would answer most cases 429).
        let options = commerce::Options {
            limits: commerce::limit::Limits::off(),
            ..commerce::Options::default()
        };
        let app = commerce::app_with(dir.join("dist"), db, options);
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        Ok(Api {
            app,
            rt,
            n: 0,
            seller: format!("Bearer {}", token.1),
            _dir: TempDir(dir),
        })
    }

    pub fn run(&mut self, input: &[u8]) -> Outcome {
        let split = input
            .iter()
            .position(|&b| b == b'\n')
            .unwrap_or(input.len());
        let head = String::from_utf8_lossy(&input[..split]);
        let body = input.get(split + 1..).unwrap_or_default().to_vec();
        let mut words = head.splitn(2, ' ');
        let (Some(method), Some(path)) = (words.next(), words.next()) else {
            return Outcome::skipped();
        };
        let Ok(method) = Method::from_bytes(method.as_bytes()) else {
            return Outcome::skipped();
        };
        // Only origin-form targets reach an application: an HTTP server refuses the rest.
        if !path.starts_with('/') {
            return Outcome::skipped();
        }
        self.n += 1;
        // Not a request an HTTP server would hand on: the fuzzer moves on.
        let mut request = Request::builder()
            .method(method)
            .uri(path.trim())
            .header("content-type", "application/json")
            .header("idempotency-key", format!("fuzz-{}", self.n));
        if self.n % 2 == 0 {
            request = request.header("authorization", &self.seller);
        }
        let Ok(request) = request.body(Body::from(body)) else {
            return Outcome::skipped();
        };
        let app = self.app.clone();
        let answer = self.rt.block_on(async move {
            let response = app.oneshot(request).await.ok()?;
            let status = response.status().as_u16();
            let bytes = axum::body::to_bytes(response.into_body(), 1 << 22)
                .await
                .ok()?;
            Some((status, bytes))
        });
        let Some((status, bytes)) = answer else {
            return Outcome::bad("no answer");
        };
        if status >= 500 {
            return Outcome::bad(format!(
                "HTTP {status}: {}",
                String::from_utf8_lossy(&bytes)
                    .chars()
                    .take(200)
                    .collect::<String>()
            ));
        }
        if status < 400 {
            return Outcome::accepted(format!("{status}"));
        }
        if status == 404 || status == 405 || status == 413 {
            // No such route (the static fallback answers 404 without JSON), no such method, or
            // a body over the limit (refused by the transport layer before it is read).
            return Outcome::rejected(format!("{status}"));
        }
        let Ok(json) = serde_json::from_slice::<serde_json::Value>(&bytes) else {
            return Outcome::bad(format!("HTTP {status} without a JSON error"));
        };
        let code = json["error"]["code"].as_str().unwrap_or("");
        let message = json["error"]["message"].as_str().unwrap_or("");
        if code.is_empty() || message.trim().is_empty() {
            return Outcome::bad(format!(
                "HTTP {status} error without a code or message: {json}"
            ));
        }
        let field = json["error"]["field"].as_str().unwrap_or("-");
        Outcome::rejected(format!("{status} {code} {field}"))
    }
}
