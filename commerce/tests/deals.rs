//! Deals enforced by the server on a real socket and SQLite file: the deal price only while the
//! deal is live, the per-customer limit and the deal stock, refusals that say which, and bad
//! deals refused with the field named.

use serde_json::{json, Value};

mod common;
use common::{call, call_as, start};

async fn deal(addr: &str, auth: &str, key: &str, body: Value) -> (u16, Value) {
    call_as(
        addr,
        auth,
        "POST",
        "/api/deals",
        Some(key),
        Some(&body.to_string()),
    )
    .await
}

/// A cart for `customer` holding `quantity` of `variant`; returns its id.
async fn cart_with(addr: &str, key: &str, customer: &str, variant: &str, quantity: u32) -> String {
    let (st, c) = call(
        addr,
        "POST",
        "/api/carts",
        Some(&format!("{key}-c")),
        Some(&json!({ "customer": customer }).to_string()),
    )
    .await;
    assert_eq!(st, 201, "{c}");
    let id = c["id"].as_str().unwrap_or_default().to_string();
    let (st, c) = call(
        addr,
        "PUT",
        &format!("/api/carts/{id}/lines/{variant}"),
        Some(&format!("{key}-l")),
        Some(&json!({ "quantity": quantity }).to_string()),
    )
    .await;
    assert_eq!(st, 200, "{c}");
    id
}

async fn checkout(addr: &str, key: &str, cart: &str) -> (u16, Value) {
    call(
        addr,
        "POST",
        &format!("/api/carts/{cart}/checkout"),
        Some(key),
        None,
    )
    .await
}

#[tokio::test]
async fn the_deal_price_is_charged_only_while_live() {
    let (addr, db) = start("deal-live").await;
    let auth = common::seller(&db);
    // p-watch costs 14900; a deal at 11900 for 1.5 s starting now, and one that starts later.
    let (st, d) = deal(
        &addr,
        &auth,
        "d1",
        json!({ "product_id": "p-watch", "price": 11900, "duration_ms": 1500, "title": "Flash" }),
    )
    .await;
    assert_eq!(st, 201, "{d}");
    let (st, later) = deal(
        &addr,
        &auth,
        "d2",
        json!({ "product_id": "p-watch", "price": 9900, "starts_in_ms": 60_000,
                "announce_before_ms": 30_000, "duration_ms": 60_000 }),
    )
    .await;
    assert_eq!(st, 201, "{later}");
    let (_, p) = call(&addr, "GET", "/api/products?ids=p-watch", None, None).await;
    assert_eq!(p["products"][0]["deals"].as_array().map(Vec::len), Some(2));
    assert_eq!(p["products"][0]["deals"][0]["price"], 11900);

    let cart = cart_with(&addr, "a", "cust-a", "p-watch-black", 1).await;
    let (_, c) = call(&addr, "GET", &format!("/api/carts/{cart}"), None, None).await;
    assert_eq!(
        c["lines"][0]["unit_price"], 11900,
        "the cart shows the live deal"
    );
    assert_eq!(c["lines"][0]["regular_price"], 14900);
    let (st, o) = checkout(&addr, "a-o", &cart).await;
    assert_eq!(st, 201, "{o}");
    assert_eq!(o["lines"][0]["unit_price"], 11900);
    assert_eq!(o["lines"][0]["deal_id"], d["id"]);

    tokio::time::sleep(std::time::Duration::from_millis(1600)).await;
    let cart = cart_with(&addr, "b", "cust-a", "p-watch-black", 1).await;
    let (st, o) = checkout(&addr, "b-o", &cart).await;
    assert_eq!(st, 201, "{o}");
    assert_eq!(
        o["lines"][0]["unit_price"], 14900,
        "ended: the regular price"
    );
    assert_eq!(o["lines"][0]["deal_id"], Value::Null);
    assert_eq!(o["total"], 14900);
}

#[tokio::test]
async fn the_limit_and_the_deal_stock_are_enforced_and_explained() {
    let (addr, db) = start("deal-limits").await;
    let auth = common::seller(&db);
    let (st, d) = deal(
        &addr,
        &auth,
        "d1",
        json!({ "product_id": "p-lamp", "price": 1000, "duration_ms": 60_000, "limit": 2,
                "stock": 3, "title": "Lamp flash deal" }),
    )
    .await;
    assert_eq!(st, 201, "{d}");
    // One customer: 2 allowed; a third at the deal price is refused with what is left.
    let c1 = cart_with(&addr, "a", "alice", "p-lamp-white", 2).await;
    assert_eq!(checkout(&addr, "a-o", &c1).await.0, 201);
    let c2 = cart_with(&addr, "b", "alice", "p-lamp-white", 1).await;
    let (st, e) = checkout(&addr, "b-o", &c2).await;
    assert_eq!(st, 422, "{e}");
    assert_eq!(e["error"]["code"], "deal_limit");
    assert_eq!(e["error"]["max"], 0);
    assert_eq!(
        e["error"]["message"],
        "Lamp flash deal allows 2 per customer; 0 more at the deal price"
    );
    // Another customer wants 2, but the deal stock has 1 left.
    let c3 = cart_with(&addr, "c", "bob", "p-lamp-white", 2).await;
    let (st, e) = checkout(&addr, "c-o", &c3).await;
    assert_eq!(st, 409, "{e}");
    assert_eq!(e["error"]["code"], "deal_sold_out");
    assert_eq!(e["error"]["available"], 1);
    // Nothing of the refused checkout was kept: the regular stock is untouched and bob can
    // still buy the one deal unit.
    let c4 = cart_with(&addr, "d", "bob", "p-lamp-white", 1).await;
    let (st, o) = checkout(&addr, "d-o", &c4).await;
    assert_eq!(st, 201, "{o}");
    assert_eq!(o["lines"][0]["unit_price"], 1000);
    // The deal stock is gone: the next buyer pays the regular price.
    let c5 = cart_with(&addr, "e", "carol", "p-lamp-white", 1).await;
    let (st, o) = checkout(&addr, "e-o", &c5).await;
    assert_eq!(st, 201, "{o}");
    assert_ne!(o["lines"][0]["unit_price"], 1000);
}

#[tokio::test]
async fn bad_deals_are_refused_with_the_field() {
    let (addr, db) = start("deal-bad").await;
    let auth = common::seller(&db);
    let cases = [
        (json!({ "price": 10, "duration_ms": 1 }), "product_id"),
        (
            json!({ "product_id": "p-nope", "price": 10, "duration_ms": 1 }),
            "product",
        ),
        (
            json!({ "product_id": "p-watch", "price": 99999, "duration_ms": 1 }),
            "price",
        ),
        (json!({ "product_id": "p-watch", "price": 10 }), "ends_ms"),
        (
            json!({ "product_id": "p-watch", "price": 10, "starts_ms": 2000, "ends_ms": 1000 }),
            "ends_ms",
        ),
        (
            json!({ "product_id": "p-watch", "price": 10, "starts_in_ms": 0, "duration_ms": 10, "announce_ms": 9e15 }),
            "announce_ms",
        ),
        (
            json!({ "product_id": "p-watch", "price": 10, "duration_ms": 10, "limit": 0 }),
            "limit",
        ),
    ];
    for (i, (body, field)) in cases.into_iter().enumerate() {
        let (st, e) = deal(&addr, &auth, &format!("k{i}"), body.clone()).await;
        assert!(st == 400 || st == 404, "{body} → {st} {e}");
        assert_eq!(e["error"]["field"], field, "{body} → {e}");
    }
}
