//! Rate limits on the changes anyone may make (signing in, carts, checkout, analytics): a
//! token bucket per client and kind of change, so a burst from one client is answered `429`
//! with `Retry-After` (the overlay's bridge already backs off on it) while every other client
//! goes on. The client is the connection's address, or the first `X-Forwarded-For` address
//! when the server is told it stands behind a proxy that sets it (`--trust-proxy`).

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Mutex;
use std::time::Instant;

use axum::extract::ConnectInfo;
use axum::http::{HeaderMap, Method};

/// A kind of change, limited on its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Class {
    SignIn,
    Cart,
    Checkout,
    Analytics,
}

impl Class {
    /// The bucket: how many at once, and how many more per second.
    fn rate(self) -> (f64, f64) {
        match self {
            // Guessing passwords: 20, then one every 3 s.
            Class::SignIn => (20.0, 1.0 / 3.0),
            // A shopper changes quantities quickly, but not hundreds of times a minute.
            Class::Cart => (60.0, 2.0),
            Class::Checkout => (20.0, 0.5),
            // The overlay sends a batch every 5 s at most, plus a beacon when hidden.
            Class::Analytics => (30.0, 1.0),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Class::SignIn => "sign-in",
            Class::Cart => "cart",
            Class::Checkout => "checkout",
            Class::Analytics => "analytics",
        }
    }
}

/// The limited routes: method, path as routed, class.
pub const LIMITED: &[(&str, &str, Class)] = &[
    ("POST", "/api/session", Class::SignIn),
    ("POST", "/api/session/passkey/start", Class::SignIn),
    ("POST", "/api/session/passkey/finish", Class::SignIn),
    ("POST", "/api/carts", Class::Cart),
    ("PUT", "/api/carts/{id}/lines/{variant}", Class::Cart),
    ("DELETE", "/api/carts/{id}/lines/{variant}", Class::Cart),
    ("POST", "/api/carts/{id}/checkout", Class::Checkout),
    ("POST", "/api/analytics", Class::Analytics),
];

/// The class of a routed request, if it is limited.
pub fn class_of(method: &Method, path: &str) -> Option<Class> {
    LIMITED
        .iter()
        .find(|(m, p, _)| *m == method.as_str() && *p == path)
        .map(|(_, _, c)| *c)
}

#[derive(Clone, Copy, Debug)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

/// Buckets past this many are swept of the full ones (clients gone quiet).
const SWEEP_AT: usize = 50_000;

/// The buckets of every client.
#[derive(Debug)]
pub struct Limits {
    on: bool,
    trust_proxy: bool,
    buckets: Mutex<HashMap<(Class, String), Bucket>>,
}

impl Limits {
    /// Limits on; `trust_proxy`: the client is the first `X-Forwarded-For` address.
    pub fn new(trust_proxy: bool) -> Limits {
        Limits {
            on: true,
            trust_proxy,
            buckets: Mutex::default(),
        }
    }

    /// No limits (the fuzzer, which is one client sending a million requests).
    pub fn off() -> Limits {
        Limits {
            on: false,
            ..Limits::new(false)
        }
    }

    /// Who the client is.
    pub fn client(&self, headers: &HeaderMap, peer: Option<&ConnectInfo<SocketAddr>>) -> String {
        if self.trust_proxy {
            let forwarded = headers
                .get("x-forwarded-for")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.split(',').next())
                .map(str::trim)
                .filter(|v| !v.is_empty());
            if let Some(f) = forwarded {
                return f.to_string();
            }
        }
        peer.map_or_else(|| "-".to_string(), |p| p.0.ip().to_string())
    }

    /// Takes one from `client`'s `class` bucket at `now`; when it is empty, how many whole
    /// seconds until there is one.
    pub fn take(&self, class: Class, client: &str, now: Instant) -> Result<(), u64> {
        if !self.on {
            return Ok(());
        }
        let (burst, per_second) = class.rate();
        let mut buckets = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        if buckets.len() > SWEEP_AT {
            buckets.retain(|(c, _), b| {
                let (burst, rate) = c.rate();
                b.tokens + now.saturating_duration_since(b.at).as_secs_f64() * rate < burst
            });
        }
        let b = buckets
            .entry((class, client.to_string()))
            .or_insert(Bucket {
                tokens: burst,
                at: now,
            });
        b.tokens =
            (b.tokens + now.saturating_duration_since(b.at).as_secs_f64() * per_second).min(burst);
        b.at = now;
        if b.tokens >= 1.0 {
            b.tokens -= 1.0;
            Ok(())
        } else {
            Err(((1.0 - b.tokens) / per_second).ceil().max(1.0) as u64)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn a_burst_is_refused_after_its_allowance_and_refills_with_time_for_that_client_only() {
        let l = Limits::new(false);
        let t0 = tokio::time::Instant::now().into_std();
        for _ in 0..20 {
            assert_eq!(l.take(Class::Checkout, "a", t0), Ok(()));
        }
        // The 21st: a retry in 2 s (one every 2 s).
        assert_eq!(l.take(Class::Checkout, "a", t0), Err(2));
        assert_eq!(l.take(Class::Checkout, "b", t0), Ok(()), "another client");
        assert_eq!(l.take(Class::Cart, "a", t0), Ok(()), "another kind");
        assert_eq!(
            l.take(Class::Checkout, "a", t0 + Duration::from_secs(2)),
            Ok(())
        );
        assert!(l
            .take(Class::Checkout, "a", t0 + Duration::from_secs(2))
            .is_err());
        assert_eq!(Limits::off().take(Class::Checkout, "a", t0), Ok(()));
    }

    #[test]
    fn the_client_is_the_proxys_word_only_when_trusted() {
        let mut h = HeaderMap::new();
        h.insert(
            "x-forwarded-for",
            "203.0.113.7, 10.0.0.1".parse().unwrap_or_else(|_| panic!()),
        );
        let peer = ConnectInfo(SocketAddr::from(([10, 0, 0, 1], 5000)));
        assert_eq!(Limits::new(true).client(&h, Some(&peer)), "203.0.113.7");
        assert_eq!(Limits::new(false).client(&h, Some(&peer)), "10.0.0.1");
        assert_eq!(Limits::new(false).client(&h, None), "-");
    }
}
