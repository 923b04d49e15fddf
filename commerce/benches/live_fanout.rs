//! LIVE pin fan-out on loopback: N viewers hold Server-Sent Event streams on one room while a
//! host pins and unpins 20 times; each delivery's latency runs from the host's request being
//! sent to the viewer reading the event. N grows 100 → 2,000 to show how it scales. Viewers,
//! host and server share this 2-core machine. Prints one JSON line.

use std::time::Duration;

use serde_json::{json, Value};
use tokio::time::Instant;

#[path = "../tests/common/mod.rs"]
mod common;
use common::{call_as, SseClient};

const EVENTS: usize = 20;
const PRODUCTS: [&str; 10] = [
    "p-tote", "p-watch", "p-mug", "p-lamp", "p-cap", "p-ring", "p-case", "p-pack", "p-scarf",
    "p-shades",
];

fn pct(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[i.clamp(1, sorted.len()) - 1]
}

async fn round(addr: &str, auth: &str, viewers: usize) -> Value {
    let (_, room) = call_as(
        addr,
        auth,
        "POST",
        "/api/rooms",
        Some(&format!("room-{viewers}")),
        Some(&json!({ "title": format!("{viewers} viewers") }).to_string()),
    )
    .await;
    let room = room["id"].as_str().unwrap_or_default().to_string();
    let path = format!("/api/rooms/{room}/events");
    let mut clients = Vec::with_capacity(viewers);
    for _ in 0..viewers {
        match SseClient::connect(addr, &path, None).await {
            Some(c) if c.status == 200 => clients.push(c),
            _ => {}
        }
    }
    let connected = clients.len();
    let readers: Vec<_> = clients
        .into_iter()
        .map(|mut c| {
            tokio::spawn(async move {
                let mut got = Vec::with_capacity(EVENTS);
                while got.len() < EVENTS {
                    match c.next(Duration::from_secs(20)).await {
                        Some((id, _, _)) => got.push((id, Instant::now())),
                        None => break,
                    }
                }
                got
            })
        })
        .collect();
    // The host: pin all, then unpin all, 50 ms apart; remember when each request left.
    let mut sent = Vec::with_capacity(EVENTS);
    for i in 0..EVENTS {
        let p = PRODUCTS[i % PRODUCTS.len()];
        let at = Instant::now();
        let (st, _) = if i < PRODUCTS.len() {
            let body = json!({ "product_id": p }).to_string();
            call_as(
                addr,
                auth,
                "POST",
                &format!("/api/rooms/{room}/pins"),
                Some(&format!("{room}-{i}")),
                Some(&body),
            )
            .await
        } else {
            call_as(
                addr,
                auth,
                "DELETE",
                &format!("/api/rooms/{room}/pins/{p}"),
                Some(&format!("{room}-{i}")),
                None,
            )
            .await
        };
        if st == 200 {
            sent.push(at);
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let mut lat = Vec::with_capacity(viewers * EVENTS);
    let mut missing = 0usize;
    for r in readers {
        let got = r.await.unwrap_or_default();
        missing += EVENTS - got.len();
        for (id, t) in got {
            if let Some(s) = sent.get((id - 1) as usize) {
                lat.push(t.duration_since(*s).as_secs_f64() * 1000.0);
            }
        }
    }
    lat.sort_by(f64::total_cmp);
    json!({
        "viewers": viewers, "connected": connected, "events": sent.len(),
        "deliveries": lat.len(), "missing": missing,
        "p50_ms": pct(&lat, 50.0), "p99_ms": pct(&lat, 99.0),
        "max_ms": lat.last().copied().unwrap_or(f64::NAN),
    })
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let (addr, db) = common::start("bench-fanout").await;
    // The host: the demo seller's API token.
    let auth = common::seller(&db);
    let mut rounds = Vec::new();
    for n in [100, 500, 1000, 2000] {
        rounds.push(round(&addr, &auth, n).await);
    }
    println!("{}", json!({ "fanout": rounds }));
}
