//! API latency under an open-loop load on loopback: set-quantity at 1,000 requests/s and
//! checkout at 200/s against the real server and a real SQLite file. Latency is measured from
//! each request's scheduled send time (so a stall counts against every request it delays).
//! Prints one JSON line: `{"set_quantity": {...}, "checkout": {...}}`.

use std::time::Duration;

use tokio::time::Instant;

use serde_json::{json, Value};

#[path = "../tests/common/mod.rs"]
mod common;

async fn call(addr: &str, method: &str, path: &str, key: &str, body: &str) -> (u16, Value) {
    common::call(addr, method, path, Some(key), Some(body)).await
}

fn pct(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[i.clamp(1, sorted.len()) - 1]
}

/// Fires `n` requests at `rate` per second; `make(i)` is request i. Returns latencies (ms) and
/// how many did not answer 2xx.
async fn open_loop<F, Fut>(n: usize, rate: f64, make: F) -> (Vec<f64>, usize)
where
    F: Fn(usize) -> Fut,
    Fut: std::future::Future<Output = u16> + Send + 'static,
{
    let start = Instant::now() + Duration::from_millis(50);
    let mut tasks = Vec::with_capacity(n);
    for i in 0..n {
        let at = start + Duration::from_secs_f64(i as f64 / rate);
        let fut = make(i);
        tasks.push(tokio::spawn(async move {
            tokio::time::sleep_until(at).await;
            let status = fut.await;
            (at.elapsed().as_secs_f64() * 1000.0, status)
        }));
    }
    let mut lat = Vec::with_capacity(n);
    let mut failed = 0;
    for t in tasks {
        if let Ok((ms, status)) = t.await {
            lat.push(ms);
            if !(200..300).contains(&status) {
                failed += 1;
            }
        }
    }
    lat.sort_by(f64::total_cmp);
    (lat, failed)
}

fn summary(lat: &[f64], failed: usize, rate: f64) -> Value {
    json!({
        "requests": lat.len(), "rate_per_s": rate, "failed": failed,
        "p50_ms": pct(lat, 50.0), "p99_ms": pct(lat, 99.0), "max_ms": lat.last().copied().unwrap_or(f64::NAN),
    })
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let (addr, db) = common::start("bench-api").await;
    let variants = ["p-tote-black", "p-mug-sand", "p-tee-black-m", "p-cap-olive"];
    for v in variants {
        let _ = db
            .run(move |c| commerce::api::set_stock(c, v, 100_000))
            .await;
    }

    // Carts to work on: 200 for set-quantity, 1,000 for checkout (one each).
    let mut carts = Vec::new();
    for i in 0..1200 {
        let (_, c) = call(&addr, "POST", "/api/carts", &format!("cart-{i}"), "").await;
        carts.push(c["id"].as_str().unwrap_or_default().to_string());
    }
    let set_carts = carts[..200].to_vec();
    let co_carts = carts[200..].to_vec();
    for (i, id) in co_carts.iter().enumerate() {
        let path = format!("/api/carts/{id}/lines/{}", variants[i % variants.len()]);
        call(
            &addr,
            "PUT",
            &path,
            &format!("pre-{i}"),
            r#"{"quantity":1}"#,
        )
        .await;
    }

    let (set_lat, set_failed) = open_loop(5000, 1000.0, |i| {
        let addr = addr.clone();
        let path = format!(
            "/api/carts/{}/lines/{}",
            set_carts[i % set_carts.len()],
            variants[i % variants.len()]
        );
        let body = format!("{{\"quantity\":{}}}", 1 + i % 5);
        async move {
            call(&addr, "PUT", &path, &format!("set-{i}"), &body)
                .await
                .0
        }
    })
    .await;
    let (co_lat, co_failed) = open_loop(co_carts.len(), 200.0, |i| {
        let addr = addr.clone();
        let path = format!("/api/carts/{}/checkout", co_carts[i]);
        async move { call(&addr, "POST", &path, &format!("co-{i}"), "").await.0 }
    })
    .await;
    println!(
        "{}",
        json!({
            "set_quantity": summary(&set_lat, set_failed, 1000.0),
            "checkout": summary(&co_lat, co_failed, 200.0),
        })
    );
}
