//! The one place that says who may call what: [`RULES`] names every route with its rule, and
//! [`gate`] (a layer on every route) finds the caller — a session cookie or an API token —
//! and lets the call through only as its rule allows. A route with no rule is refused, so a
//! new route cannot be open by omission. Changes made with a session cookie must carry the
//! session's CSRF token in `X-CSRF-Token` and, when the browser says where it came from, come
//! from this origin: a cross-site form or a cross-origin fetch is refused. Before any of that,
//! the changes anyone may make pass their client's rate limit (`crate::limit`).

use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::{ConnectInfo, MatchedPath, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::{secret, session, tokens, Caller, Scope, Via};
use crate::db::Db;
use crate::error::ApiError;
use crate::limit::{self, Limits};

/// Who may call a route.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rule {
    /// Anyone, signed in or not (shoppers; a cart or order id is the capability).
    Public,
    /// A signed-in seller or creator whose role (and token) has the scope. What the call
    /// changes must still be its own ([`super::owner`]).
    Member(Scope),
    /// A person signed in with the session cookie (not a token): managing tokens, signing
    /// out.
    Session,
    /// Signing in: open to anyone, but only from this site (a login forged from another
    /// site would sign the victim's browser in as the forger).
    SignIn,
}

/// Every route: method, path as routed, rule. `HEAD` follows `GET`.
pub const RULES: &[(&str, &str, Rule)] = &[
    ("GET", "/api/time", Rule::Public),
    ("GET", "/api/products", Rule::Public),
    ("GET", "/media/products/{file}", Rule::Public),
    ("POST", "/api/carts", Rule::Public),
    ("GET", "/api/carts/{id}", Rule::Public),
    ("PUT", "/api/carts/{id}/lines/{variant}", Rule::Public),
    ("DELETE", "/api/carts/{id}/lines/{variant}", Rule::Public),
    ("POST", "/api/carts/{id}/checkout", Rule::Public),
    ("GET", "/api/orders/{id}", Rule::Public),
    ("POST", "/api/analytics", Rule::Public),
    ("POST", "/api/deals", Rule::Member(Scope::Catalog)),
    ("POST", "/api/rooms", Rule::Member(Scope::Live)),
    ("GET", "/api/rooms/{id}", Rule::Public),
    ("POST", "/api/rooms/{id}/pins", Rule::Member(Scope::Live)),
    (
        "DELETE",
        "/api/rooms/{id}/pins/{product}",
        Rule::Member(Scope::Live),
    ),
    ("POST", "/api/rooms/{id}/deals", Rule::Member(Scope::Live)),
    (
        "POST",
        "/api/rooms/{id}/deals/{deal}/end",
        Rule::Member(Scope::Live),
    ),
    ("GET", "/api/rooms/{id}/events", Rule::Public),
    ("GET", "/api/rooms/{id}/live.m3u8", Rule::Public),
    ("GET", "/media/hls/live/{file}", Rule::Public),
    ("GET", "/api/videos/{id}/manifest", Rule::Public),
    (
        "PUT",
        "/api/videos/{id}/manifest",
        Rule::Member(Scope::Publish),
    ),
    ("GET", "/api/videos/{id}/manifest/versions", Rule::Public),
    (
        "GET",
        "/api/videos/{id}/manifest/versions/{n}",
        Rule::Public,
    ),
    ("GET", "/api/session", Rule::Public),
    ("POST", "/api/session", Rule::SignIn),
    ("DELETE", "/api/session", Rule::Session),
    ("GET", "/api/tokens", Rule::Session),
    ("POST", "/api/tokens", Rule::Session),
    ("DELETE", "/api/tokens/{id}", Rule::Session),
    ("GET", "/api/audit", Rule::Member(Scope::Read)),
    ("GET", "/api/programme", Rule::Member(Scope::Read)),
    (
        "PUT",
        "/api/programme/{creator}",
        Rule::Member(Scope::Catalog),
    ),
    (
        "DELETE",
        "/api/programme/{creator}",
        Rule::Member(Scope::Catalog),
    ),
    ("GET", "/api/earnings", Rule::Member(Scope::Read)),
    ("GET", "/api/session/passkey", Rule::Public),
    ("POST", "/api/session/passkey/start", Rule::SignIn),
    ("POST", "/api/session/passkey/finish", Rule::SignIn),
    ("GET", "/api/passkeys", Rule::Session),
    ("POST", "/api/passkeys/register/start", Rule::Session),
    ("POST", "/api/passkeys/register/finish", Rule::Session),
    ("DELETE", "/api/passkeys/{id}", Rule::Session),
];

/// The rule for a routed path, if it has one.
pub fn rule(method: &Method, path: &str) -> Option<Rule> {
    let method = if method == Method::HEAD {
        "GET"
    } else {
        method.as_str()
    };
    RULES
        .iter()
        .find(|(m, p, _)| *m == method && *p == path)
        .map(|(_, _, r)| *r)
}

/// Who the request's credentials name: `Ok(Anonymous)` when it sent none, an error when
/// what it sent is unknown, expired or revoked.
async fn caller(db: &Db, headers: &HeaderMap) -> Result<Caller, ApiError> {
    if let Some(t) = tokens::bearer(headers) {
        let t = t.to_string();
        return db
            .run(move |conn| tokens::resolve(conn, &t).map(Caller::Member))
            .await;
    }
    if let Some(sid) = session::cookie(headers) {
        return db
            .run(move |conn| session::resolve(conn, &sid).map(Caller::Member))
            .await;
    }
    Ok(Caller::Anonymous)
}

/// Whether the browser says the request came from another site: `Sec-Fetch-Site` other than
/// same-origin (or none, typed by the person), or an `Origin` that is not this host's.
fn cross_site(headers: &HeaderMap) -> bool {
    let site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
    if site.is_some_and(|s| s != "same-origin" && s != "none") {
        return true;
    }
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    match (headers.get(header::ORIGIN).map(|v| v.to_str()), host) {
        (None, _) => false,
        (Some(Ok(origin)), Some(host)) => origin
            .split_once("://")
            .is_none_or(|(_, authority)| authority != host),
        _ => true,
    }
}

fn changes(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// Refuses a cookie-authenticated change without the session's CSRF token, or from another
/// site.
fn csrf(headers: &HeaderMap, expected: &str) -> Result<(), ApiError> {
    let sent = headers
        .get("x-csrf-token")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if cross_site(headers) {
        return Err(ApiError::forbidden(
            "csrf",
            "a change signed in with a cookie must come from this site",
        ));
    }
    if !secret::same(sent, expected) {
        return Err(ApiError::forbidden(
            "csrf",
            "a change signed in with a cookie needs the session's X-CSRF-Token (GET /api/session)",
        ));
    }
    Ok(())
}

/// What the gate needs: the store, and the rate limits.
#[derive(Clone)]
pub struct GateState {
    pub db: Db,
    pub limits: Arc<Limits>,
}

/// Lets the call through as its route's rule allows, with the [`Caller`] in its extensions;
/// first, a limited change over its client's rate is `429` with `Retry-After`.
pub async fn gate(State(g): State<GateState>, mut req: Request, next: Next) -> Response {
    let path = req
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_string())
        .unwrap_or_default();
    let (method, headers) = (req.method().clone(), req.headers().clone());
    if let Some(class) = limit::class_of(&method, &path) {
        let client = g
            .limits
            .client(&headers, req.extensions().get::<ConnectInfo<SocketAddr>>());
        if let Err(wait) = g
            .limits
            .take(class, &client, tokio::time::Instant::now().into_std())
        {
            let body = serde_json::json!({ "error": { "code": "rate_limited",
                "message": format!("too many {} requests from here: try again in {wait} s", class.as_str()) } });
            let mut res = (StatusCode::TOO_MANY_REQUESTS, axum::Json(body)).into_response();
            if let Ok(v) = HeaderValue::from_str(&wait.to_string()) {
                res.headers_mut().insert(header::RETRY_AFTER, v);
            }
            return res;
        }
    }
    let db = g.db;
    match admit(&db, &method, &path, &headers).await {
        Ok(c) => {
            req.extensions_mut().insert(c);
            next.run(req).await
        }
        Err(e) => e.into_response(),
    }
}

async fn admit(
    db: &Db,
    method: &Method,
    path: &str,
    headers: &HeaderMap,
) -> Result<Caller, ApiError> {
    let Some(rule) = rule(method, path) else {
        return Err(ApiError::forbidden(
            "no_rule",
            format!("{method} {path} has no access rule"),
        ));
    };
    let found = caller(db, headers).await;
    match rule {
        // Credentials a shopper's call does not need do not stand in its way.
        Rule::Public => Ok(found.unwrap_or_else(|e| Caller::Refused(e.to_string()))),
        Rule::SignIn => {
            if cross_site(headers) {
                return Err(ApiError::forbidden(
                    "csrf",
                    "signing in must come from this site",
                ));
            }
            Ok(found.unwrap_or_else(|e| Caller::Refused(e.to_string())))
        }
        Rule::Member(scope) => {
            let c = found?;
            let m = c.member()?;
            if !m.may(scope) {
                return Err(ApiError::forbidden(
                    "scope",
                    format!(
                        "{} needs the {} scope, which this {} does not have",
                        path,
                        scope.as_str(),
                        match m.via {
                            Via::Session { .. } => "person's role",
                            Via::Token { .. } => "token",
                        }
                    ),
                ));
            }
            if let Via::Session { csrf: expected } = &m.via {
                if changes(method) {
                    csrf(headers, expected)?;
                }
            }
            Ok(c)
        }
        Rule::Session => {
            let c = found?;
            let m = c.member()?;
            let Via::Session { csrf: expected } = &m.via else {
                return Err(ApiError::forbidden(
                    "session_only",
                    "this needs a person signed in, not an API token",
                ));
            };
            if changes(method) {
                csrf(headers, expected)?;
            }
            Ok(c)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn every_rule_is_one_route_once() {
        for (i, (m, p, _)) in RULES.iter().enumerate() {
            assert!(
                !RULES[..i].iter().any(|(m2, p2, _)| m2 == m && p2 == p),
                "{m} {p} twice"
            );
        }
        assert_eq!(
            rule(&Method::HEAD, "/api/products"),
            Some(Rule::Public),
            "HEAD follows GET"
        );
        assert_eq!(rule(&Method::PATCH, "/api/products"), None);
    }

    #[test]
    fn another_site_is_told_apart_from_this_one() {
        let mut h = HeaderMap::new();
        h.insert(header::HOST, HeaderValue::from_static("127.0.0.1:8080"));
        assert!(!cross_site(&h), "no Origin: a non-browser client");
        h.insert(
            header::ORIGIN,
            HeaderValue::from_static("http://127.0.0.1:8080"),
        );
        assert!(!cross_site(&h));
        h.insert(
            header::ORIGIN,
            HeaderValue::from_static("https://evil.example"),
        );
        assert!(cross_site(&h));
        h.insert(header::ORIGIN, HeaderValue::from_static("null"));
        assert!(
            cross_site(&h),
            "an opaque origin (a sandboxed frame, a data: page)"
        );
        h.remove(header::ORIGIN);
        h.insert("sec-fetch-site", HeaderValue::from_static("cross-site"));
        assert!(cross_site(&h));
        h.insert("sec-fetch-site", HeaderValue::from_static("same-origin"));
        assert!(!cross_site(&h));
    }
}
