//! LIVE rooms over a real socket: pins reach every subscriber as Server-Sent Events in order;
//! a subscriber that drops and comes back with `Last-Event-ID` gets exactly what it missed;
//! concurrent pins reach every viewer once each, in sequence.

use std::time::Duration;

use serde_json::json;

mod common;
use common::{call, call_as, start, SseClient, SseEvent};

const WAIT: Duration = Duration::from_secs(5);

async fn room(addr: &str, auth: &str) -> String {
    let (st, r) = call_as(
        addr,
        auth,
        "POST",
        "/api/rooms",
        Some("room-1"),
        Some(&json!({ "title": "Friday haul" }).to_string()),
    )
    .await;
    assert_eq!(st, 201, "{r}");
    r["id"].as_str().unwrap_or_default().to_string()
}

async fn pin(addr: &str, auth: &str, room: &str, product: &str, key: &str) -> u16 {
    let body = json!({ "product_id": product }).to_string();
    let (st, r) = call_as(
        addr,
        auth,
        "POST",
        &format!("/api/rooms/{room}/pins"),
        Some(key),
        Some(&body),
    )
    .await;
    assert!(st == 200 || st == 404 || st == 400, "{st} {r}");
    st
}

async fn take(c: &mut SseClient, n: usize) -> Vec<SseEvent> {
    let mut out = Vec::new();
    while out.len() < n {
        match c.next(WAIT).await {
            Some(e) => out.push(e),
            None => break,
        }
    }
    out
}

#[tokio::test]
async fn a_dropped_viewer_resumes_with_last_event_id_and_misses_nothing() {
    let (addr, db) = start("live-resume").await;
    let auth = common::seller(&db);
    let r = room(&addr, &auth).await;
    let path = format!("/api/rooms/{r}/events");
    let mut viewer = SseClient::connect(&addr, &path, None)
        .await
        .unwrap_or_else(|| panic!("connect"));
    assert_eq!(viewer.status, 200);
    assert_eq!(pin(&addr, &auth, &r, "p-watch", "k1").await, 200);
    assert_eq!(pin(&addr, &auth, &r, "p-tote", "k2").await, 200);
    // The same request again (a host's retry) is replayed, not a second event.
    assert_eq!(pin(&addr, &auth, &r, "p-tote", "k2").await, 200);
    let got = take(&mut viewer, 2).await;
    assert_eq!(
        got.iter().map(|e| (e.0, e.1.as_str())).collect::<Vec<_>>(),
        vec![(1, "pin"), (2, "pin")]
    );
    assert_eq!(got[0].2, r#"{"product_id":"p-watch"}"#);
    drop(viewer);

    // While the viewer is away: an unpin and a flash deal.
    let (st, _) = call_as(
        &addr,
        &auth,
        "DELETE",
        &format!("/api/rooms/{r}/pins/p-watch"),
        Some("k3"),
        None,
    )
    .await;
    assert_eq!(st, 200);
    let deal = json!({ "product_id": "p-tote", "price": 2000, "duration_ms": 60_000 }).to_string();
    let (st, d) = call_as(
        &addr,
        &auth,
        "POST",
        &format!("/api/rooms/{r}/deals"),
        Some("k4"),
        Some(&deal),
    )
    .await;
    assert_eq!(st, 200, "{d}");

    let mut back = SseClient::connect(&addr, &path, Some(2))
        .await
        .unwrap_or_else(|| panic!("reconnect"));
    assert_eq!(pin(&addr, &auth, &r, "p-mug", "k5").await, 200);
    let got = take(&mut back, 3).await;
    assert_eq!(
        got.iter().map(|e| (e.0, e.1.as_str())).collect::<Vec<_>>(),
        vec![(3, "unpin"), (4, "deal"), (5, "pin")],
        "exactly what was missed, then live"
    );
    assert!(
        back.next(Duration::from_millis(300)).await.is_none(),
        "nothing twice"
    );

    // The room's state agrees.
    let (_, room_now) = call(&addr, "GET", &format!("/api/rooms/{r}"), None, None).await;
    assert_eq!(room_now["pinned"], json!(["p-tote", "p-mug"]));
    assert_eq!(room_now["last_event_id"], 5);
}

#[tokio::test]
async fn concurrent_pins_reach_every_viewer_once_in_order() {
    let (addr, db) = start("live-fanout").await;
    let auth = common::seller(&db);
    let r = room(&addr, &auth).await;
    let path = format!("/api/rooms/{r}/events");
    let mut viewers = Vec::new();
    for _ in 0..5 {
        viewers.push(
            SseClient::connect(&addr, &path, None)
                .await
                .unwrap_or_else(|| panic!("connect")),
        );
    }
    let products = [
        "p-tote", "p-watch", "p-mug", "p-lamp", "p-cap", "p-ring", "p-case", "p-pack",
    ];
    let pins = products.iter().copied().enumerate().map(|(i, p)| {
        let (addr, r, auth) = (addr.clone(), r.clone(), auth.clone());
        tokio::spawn(async move { pin(&addr, &auth, &r, p, &format!("c{i}")).await })
    });
    for p in pins {
        assert_eq!(p.await.unwrap_or(0), 200);
    }
    for v in &mut viewers {
        let ids: Vec<i64> = take(v, products.len()).await.iter().map(|e| e.0).collect();
        assert_eq!(ids, (1..=products.len() as i64).collect::<Vec<_>>());
    }
}

#[tokio::test]
async fn bad_requests_name_what_is_wrong() {
    let (addr, db) = start("live-bad").await;
    let auth = common::seller(&db);
    let r = room(&addr, &auth).await;
    let c = SseClient::connect(&addr, &format!("/api/rooms/{r}/events"), None).await;
    assert_eq!(c.map(|c| c.status), Some(200));
    let (st, e) = call(&addr, "GET", "/api/rooms/r-nope", None, None).await;
    assert_eq!((st, e["error"]["field"].as_str()), (404, Some("room")));
    assert_eq!(pin(&addr, &auth, &r, "p-nope", "b1").await, 404);
    let (st, e) = call_as(
        &addr,
        &auth,
        "POST",
        &format!("/api/rooms/{r}/pins"),
        Some("b2"),
        Some("{}"),
    )
    .await;
    assert_eq!(
        (st, e["error"]["field"].as_str()),
        (400, Some("product_id"))
    );
    let c = common::raw(
        &addr,
        "GET",
        &format!("/api/rooms/{r}/events"),
        None,
        "",
        "Last-Event-ID: yesterday\r\n",
    )
    .await
    .unwrap_or_default();
    assert!(c.starts_with("HTTP/1.1 400"), "{c}");
    assert!(c.contains("Last-Event-ID"), "{c}");
}

#[tokio::test]
async fn an_order_of_a_pinned_product_tells_the_room_what_is_left() {
    let (addr, db) = start("live-stock").await;
    let auth = common::seller(&db);
    let r = room(&addr, &auth).await;
    assert_eq!(pin(&addr, &auth, &r, "p-lamp", "s1").await, 200);
    let mut viewer = SseClient::connect(&addr, &format!("/api/rooms/{r}/events"), Some(1))
        .await
        .unwrap_or_else(|| panic!("connect"));
    let (_, p) = call(&addr, "GET", "/api/products?ids=p-lamp", None, None).await;
    let before = p["products"][0]["variants"][1]["available"]
        .as_i64()
        .unwrap_or(0);
    let variant = p["products"][0]["variants"][1]["id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let (_, c) = call(&addr, "POST", "/api/carts", Some("s-cart"), None).await;
    let cart = c["id"].as_str().unwrap_or_default().to_string();
    let body = json!({ "quantity": 2 }).to_string();
    let (st, _) = call(
        &addr,
        "PUT",
        &format!("/api/carts/{cart}/lines/{variant}"),
        Some("s-line"),
        Some(&body),
    )
    .await;
    assert_eq!(st, 200);
    let (st, _) = call(
        &addr,
        "POST",
        &format!("/api/carts/{cart}/checkout"),
        Some("s-co"),
        None,
    )
    .await;
    assert_eq!(st, 201);
    // The same checkout replayed tells nobody twice.
    let (st, _) = call(
        &addr,
        "POST",
        &format!("/api/carts/{cart}/checkout"),
        Some("s-co"),
        None,
    )
    .await;
    assert_eq!(st, 201);
    let got = take(&mut viewer, 1).await;
    assert_eq!(got.len(), 1);
    assert_eq!((got[0].0, got[0].1.as_str()), (2, "stock"));
    let data: serde_json::Value = serde_json::from_str(&got[0].2).unwrap_or_default();
    assert_eq!(data["variant_id"], variant.as_str());
    assert_eq!(data["available"], before - 2);
    assert!(viewer.next(Duration::from_millis(300)).await.is_none());
}

#[tokio::test]
async fn a_host_ends_a_flash_deal_early_and_every_viewer_hears_it_once() {
    let (addr, db) = start("live-end-deal").await;
    let auth = common::seller(&db);
    let r = room(&addr, &auth).await;
    let deal = json!({ "product_id": "p-tote", "price": 2000, "duration_ms": 600_000 }).to_string();
    let (st, d) = call_as(
        &addr,
        &auth,
        "POST",
        &format!("/api/rooms/{r}/deals"),
        Some("d1"),
        Some(&deal),
    )
    .await;
    assert_eq!(st, 200, "{d}");
    let id = d["id"].as_str().unwrap_or_default().to_string();
    let path = format!("/api/rooms/{r}/events");
    let mut viewer = SseClient::connect(&addr, &path, Some(1))
        .await
        .unwrap_or_else(|| panic!("connect"));
    let end = format!("/api/rooms/{r}/deals/{id}/end");
    let (st, ended) = call_as(&addr, &auth, "POST", &end, Some("e1"), None).await;
    assert_eq!(st, 200, "{ended}");
    let ends = ended["ends_ms"].as_i64().unwrap_or(i64::MAX);
    assert!(ends <= commerce::db::now_ms(), "it ended now: {ended}");
    assert!(ended["starts_ms"].as_i64().unwrap_or(i64::MAX) < ends);
    let got = take(&mut viewer, 1).await;
    assert_eq!(
        got.iter().map(|e| (e.0, e.1.as_str())).collect::<Vec<_>>(),
        vec![(2, "deal")]
    );
    // Ending it again (another key) changes nothing and tells nobody.
    let (st, again) = call_as(&addr, &auth, "POST", &end, Some("e2"), None).await;
    assert_eq!((st, &again["ends_ms"]), (200, &ended["ends_ms"]));
    assert!(
        viewer.next(Duration::from_millis(300)).await.is_none(),
        "nothing twice"
    );
    // The product no longer lists it: it has ended.
    let (_, p) = call(&addr, "GET", "/api/products?ids=p-tote", None, None).await;
    assert!(p["products"][0]["deals"]
        .as_array()
        .is_some_and(|d| d.iter().all(|x| x["id"] != id.as_str())));
    // Nobody else ends it, and a deal that is not there is named.
    let (st, _) = call(&addr, "POST", &end, Some("e3"), None).await;
    assert!(st == 401 || st == 403, "{st}");
    let (st, e) = call_as(
        &addr,
        &auth,
        "POST",
        &format!("/api/rooms/{r}/deals/d-nope/end"),
        Some("e4"),
        None,
    )
    .await;
    assert_eq!(st, 404, "{e}");
}
