//! The reference commerce API and the demo's web server: serves the `www` pages with a strict
//! Content-Security-Policy, the sample media (with byte ranges, so video seeks work) and the
//! JSON API over one SQLite file: catalog, carts, checkout, orders, deals, LIVE rooms (with
//! Server-Sent Events), server time, analytics; sellers and creators sign in, and every route
//! passes one access gate (`auth`).

pub mod affiliate;
pub mod analytics;
pub mod api;
pub mod auth;
pub mod catalog;
pub mod db;
pub mod deals;
pub mod error;
pub mod hls;
pub mod illustrations;
pub mod limit;
pub mod live;
pub mod manifests;
pub mod order_number;
pub mod products;
pub mod request;
pub mod words;

pub use db::Db;

use std::path::PathBuf;
use std::time::{SystemTime, UNIX_EPOCH};

use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderValue};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use serde::Serialize;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

/// The pages run under this policy: scripts only from this origin (plus compiling our own
/// Wasm), no inline script or style, no plugins, no framing by other sites. Fonts may be data:
/// URLs (video.js's icon font is one, inside its stylesheet); product images may come from any
/// https host (a catalog's CDN), as the overlay's link rule allows. Trusted Types: no string reaches
/// a script sink (HTML parsing, script URLs, eval) unless the one policy allowed, "default"
/// (www/static/trusted-types.js: hls.js's worker and video.js's script, on this origin), passes it.
pub const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
    style-src 'self'; img-src 'self' data: https:; font-src 'self' data:; media-src 'self' blob: https:; connect-src 'self'; \
    object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'; \
    require-trusted-types-for 'script'; trusted-types default";

/// Request bodies above this are refused with 413 before they are read.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

#[derive(Serialize)]
struct ServerTime {
    /// Milliseconds since the Unix epoch on the server's clock.
    now_ms: u128,
}

async fn time() -> Json<ServerTime> {
    let now_ms = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or(0);
    Json(ServerTime { now_ms })
}

/// Paths no file can have are refused before they reach the file system, which would answer a
/// name over its limit with an I/O error (a 500): over 2 KiB is 414, a segment over 255 bytes
/// is 404. Found by `cargo xtask fuzz`.
async fn sane_path(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let path = request.uri().path();
    if path.len() > 2048 {
        let body = serde_json::json!({"error": {"code": "uri_too_long", "message": "the path is over 2048 bytes"}});
        return (axum::http::StatusCode::URI_TOO_LONG, Json(body)).into_response();
    }
    if !decodes_to_utf8(path) {
        let body = serde_json::json!({"error": {"code": "invalid", "field": "path",
            "message": "the path is not valid percent-encoded UTF-8"}});
        return (axum::http::StatusCode::BAD_REQUEST, Json(body)).into_response();
    }
    if path.split('/').any(|segment| segment.len() > 255) {
        return error::ApiError::NotFound {
            what: "file",
            id: "(a path segment over 255 bytes)".into(),
        }
        .into_response();
    }
    next.run(request).await
}

/// Whether `path` percent-decodes to UTF-8 (the router's path parameters need it; it would
/// refuse the rest in plain text, not JSON). Found by `cargo xtask fuzz`.
fn decodes_to_utf8(path: &str) -> bool {
    let b = path.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        match (
            b[i],
            b.get(i + 1).copied().and_then(hex),
            b.get(i + 2).copied().and_then(hex),
        ) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (c, _, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    std::str::from_utf8(&out).is_ok()
}

/// How the application is set up beyond its files and store.
pub struct Options {
    /// The passkeys' relying party (the site's public origin), or none.
    pub passkeys: auth::passkey::Passkeys,
    /// The rate limits on the changes anyone may make.
    pub limits: limit::Limits,
}

impl Default for Options {
    /// No passkeys; rate limits by the connection's address.
    fn default() -> Options {
        Options {
            passkeys: auth::passkey::Passkeys::off(),
            limits: limit::Limits::new(false),
        }
    }
}

/// The whole application: API routes, then the static pages from `dist` ([`Options`]'s
/// defaults; see [`app_with`]).
pub fn app(dist: PathBuf, db: Db) -> Router {
    app_with(dist, db, Options::default())
}

/// [`app`] with its passkeys and rate limits.
pub fn app_with(dist: PathBuf, db: Db, options: Options) -> Router {
    let Options { passkeys, limits } = options;
    let api = Router::new()
        .route("/api/time", get(time))
        .route("/api/products", get(products::products))
        .route("/media/products/{file}", get(products::image))
        .route("/api/carts", post(api::create_cart))
        .route("/api/carts/{id}", get(api::get_cart))
        .route(
            "/api/carts/{id}/lines/{variant}",
            put(api::put_line).delete(api::delete_line),
        )
        .route("/api/carts/{id}/checkout", post(api::checkout))
        .route("/api/orders/{id}", get(api::order))
        .route("/api/analytics", post(analytics::analytics))
        .route("/api/deals", post(deals::create))
        .route("/api/rooms", post(live::create))
        .route("/api/rooms/{id}", get(live::get))
        .route("/api/rooms/{id}/pins", post(live::pin))
        .route(
            "/api/rooms/{id}/pins/{product}",
            axum::routing::delete(live::unpin),
        )
        .route("/api/rooms/{id}/deals", post(live::deal))
        .route("/api/rooms/{id}/deals/{deal}/end", post(live::end_deal))
        .route("/api/rooms/{id}/events", get(live::events))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .with_state(live::AppState {
            db: db.clone(),
            live: live::Live::default(),
        });
    // Manifests may be larger than other bodies (a tracked video has many keyframes).
    let manifests = Router::new()
        .route(
            "/api/videos/{id}/manifest",
            get(manifests::get).put(manifests::put),
        )
        .route(
            "/api/videos/{id}/manifest/versions",
            get(manifests::versions),
        )
        .route(
            "/api/videos/{id}/manifest/versions/{n}",
            get(manifests::version),
        )
        .layer(DefaultBodyLimit::max(manifests::MAX_MANIFEST_BYTES))
        .layer(RequestBodyLimitLayer::new(manifests::MAX_MANIFEST_BYTES))
        .with_state(db.clone());
    let stream = Router::new()
        .route("/api/rooms/{id}/live.m3u8", get(hls::room_playlist))
        .route("/media/hls/live/{file}", get(hls::segment))
        .with_state(hls::HlsState {
            db: db.clone(),
            hls: hls::Hls::new(dist.clone()),
        });
    let accounts = Router::new()
        .route(
            "/api/session",
            get(auth::session::get)
                .post(auth::session::create)
                .delete(auth::session::delete),
        )
        .route(
            "/api/tokens",
            get(auth::tokens::list).post(auth::tokens::create),
        )
        .route(
            "/api/tokens/{id}",
            axum::routing::delete(auth::tokens::revoke),
        )
        .route("/api/audit", get(auth::owner::log))
        .route("/api/programme", get(affiliate::list))
        .route(
            "/api/programme/{creator}",
            put(affiliate::put).delete(affiliate::remove),
        )
        .route("/api/earnings", get(affiliate::earnings))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .with_state(db.clone());
    let passkeys = {
        use auth::passkey as p;
        Router::new()
            .route("/api/session/passkey", get(p::available))
            .route("/api/session/passkey/start", post(p::sign_in_start))
            .route("/api/session/passkey/finish", post(p::sign_in_finish))
            .route("/api/passkeys", get(p::list))
            .route("/api/passkeys/register/start", post(p::register_start))
            .route("/api/passkeys/register/finish", post(p::register_finish))
            .route("/api/passkeys/{id}", axum::routing::delete(p::remove))
            .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
            .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
            .with_state(p::PasskeyState {
                db: db.clone(),
                passkeys,
            })
    };
    api.merge(manifests)
        .merge(stream)
        .merge(accounts)
        .merge(passkeys)
        // Every route passes the gate: who is asking, and may they (`auth::gate::RULES`).
        .route_layer(axum::middleware::from_fn_with_state(
            auth::gate::GateState {
                db: db.clone(),
                limits: std::sync::Arc::new(limits),
            },
            auth::gate::gate,
        ))
        // `.br` and `.gz` beside a file (written by `xtask build`) are sent to clients that
        // accept them, with Content-Encoding, as a CDN would.
        .fallback_service(
            ServeDir::new(dist)
                .append_index_html_on_directories(true)
                .precompressed_br()
                .precompressed_gzip(),
        )
        .layer(axum::middleware::from_fn(sane_path))
        .layer(SetResponseHeaderLayer::overriding(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CSP),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("strict-origin-when-cross-origin"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-cache"),
        ))
}
