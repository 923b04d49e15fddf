//! Sellers, creators and sessions on a real socket: a creator features a seller's product only
//! inside its programme (and never prices it); signing in again or out ends the old session;
//! the same idempotency key from two accounts is two requests; tokens are shown once, scoped,
//! revocable only by their own account; and the audit log has who did what.

use serde_json::{json, Value};

mod common;
use common::raw;
use common::world::{issue, manifest, send, session, session_as, world, Who, PW};

#[tokio::test]
async fn a_creator_features_a_sellers_product_only_inside_its_programme() {
    let w = world("access-2").await;
    let inside = w.credentials(Who::CreatorIn).await;
    let outside = w.credentials(Who::CreatorOut).await;
    // Each in its own room: the programme decides, not the room.
    for (who, creds, want) in [("inside", &inside, 200), ("outside", &outside, 403)] {
        let (st, _, r) = send(&w.addr, "POST", "/api/rooms", r#"{"title":"Mine"}"#, creds).await;
        assert_eq!(st, 201, "{who}: {r}");
        let room = r["id"].as_str().unwrap_or_default();
        let (st, _, v) = send(
            &w.addr,
            "POST",
            &format!("/api/rooms/{room}/pins"),
            r#"{"product_id":"p-watch"}"#,
            creds,
        )
        .await;
        assert_eq!(st, want, "{who} pins: {v}");
        let video = format!("v-{who}");
        let (st, _, v) = send(
            &w.addr,
            "PUT",
            &format!("/api/videos/{video}/manifest"),
            &manifest(&video),
            &format!("{creds}If-None-Match: *\r\n"),
        )
        .await;
        assert_eq!(
            st,
            if want == 200 { 201 } else { 403 },
            "{who} publishes: {v}"
        );
        if want == 403 {
            let m = v["error"]["message"].as_str().unwrap_or_default();
            assert!(m.starts_with("products[0]: "), "says which product: {m}");
            assert_eq!(v["error"]["code"], "not_in_programme");
        }
        // Nor a price: a deal is the seller's, even in the creator's own room.
        let (st, _, v) = send(
            &w.addr,
            "POST",
            &format!("/api/rooms/{room}/deals"),
            r#"{"product_id":"p-watch","price":1,"duration_ms":600000}"#,
            creds,
        )
        .await;
        assert_eq!(st, 403, "{who} prices: {v}");
    }
    // The studio's and host console's search shows each only what it may feature.
    let titles = |v: &Value| v["products"].as_array().map_or(0, Vec::len);
    let (_, _, all) = send(&w.addr, "GET", "/api/products?q=&mine=1", "", &inside).await;
    let (_, _, none) = send(&w.addr, "GET", "/api/products?q=&mine=1", "", &outside).await;
    let (st, _, _) = send(&w.addr, "GET", "/api/products?q=&mine=1", "", "").await;
    assert!(titles(&all) > 0);
    assert_eq!(titles(&none), 0);
    assert_eq!(st, 401, "mine=1 needs someone signed in");
}

#[tokio::test]
async fn signing_in_again_or_out_ends_the_old_session_and_keys_are_each_callers_own() {
    let w = world("access-3").await;
    let (cookie, csrf) = session(&w.addr).await;
    let (st, _, _) = send(&w.addr, "GET", "/api/session", "", &cookie).await;
    assert_eq!(st, 200);
    // Signing in with a session already in the browser replaces it: an id planted before
    // (session fixation) is never the signed-in one.
    let body = json!({ "handle": "seller@northwind.example", "password": PW }).to_string();
    let (st, head, _) = send(&w.addr, "POST", "/api/session", &body, &cookie).await;
    assert_eq!(st, 201);
    assert!(
        !head.contains(cookie.trim().trim_start_matches("Cookie: ")),
        "a new id"
    );
    let (st, _, v) = send(&w.addr, "GET", "/api/session", "", &cookie).await;
    assert_eq!(st, 401, "the old session is over: {v}");
    // Signing out revokes on the server: the cookie replayed is refused.
    let (cookie, csrf2) = session(&w.addr).await;
    assert_ne!(csrf, csrf2, "each session its own CSRF token");
    let (st, head, _) = send(
        &w.addr,
        "DELETE",
        "/api/session",
        "",
        &format!("{cookie}X-CSRF-Token: {csrf2}\r\n"),
    )
    .await;
    assert_eq!(st, 204);
    assert!(head.contains("Max-Age=0"), "{head}");
    let (st, _, v) = send(&w.addr, "GET", "/api/session", "", &cookie).await;
    assert_eq!(st, 401);
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap_or("")
            .contains("signed out"),
        "{v}"
    );
    // A wrong password and an unknown handle get the same answer.
    let wrong = json!({ "handle": "seller@northwind.example", "password": "not it at all" });
    let unknown = json!({ "handle": "nobody@nowhere.example", "password": "not it at all" });
    let (a, _, va) = send(&w.addr, "POST", "/api/session", &wrong.to_string(), "").await;
    let (b, _, vb) = send(&w.addr, "POST", "/api/session", &unknown.to_string(), "").await;
    assert_eq!((a, b), (401, 401));
    assert_eq!(va, vb);
    // The same Idempotency-Key from two sellers: two requests, neither sees the other's answer.
    let owner = w.credentials(Who::Owner).await;
    let other = w.credentials(Who::OtherSeller).await;
    let key = "shared-key";
    let body = r#"{"title":"Same key"}"#;
    let a = raw(&w.addr, "POST", "/api/rooms", Some(key), body, &owner)
        .await
        .unwrap_or_default();
    let b = raw(&w.addr, "POST", "/api/rooms", Some(key), body, &other)
        .await
        .unwrap_or_default();
    let id = |t: &str| {
        serde_json::from_str::<Value>(t.split("\r\n\r\n").nth(1).unwrap_or(""))
            .map(|v| v["id"].clone())
            .unwrap_or(Value::Null)
    };
    assert!(
        a.starts_with("HTTP/1.1 201") && b.starts_with("HTTP/1.1 201"),
        "{a}\n{b}"
    );
    assert_ne!(id(&a), id(&b), "each seller got its own room");
}

#[tokio::test]
async fn tokens_are_shown_once_scoped_expire_and_revoke_and_actions_are_audited() {
    let w = world("access-4").await;
    let (cookie, csrf) = session(&w.addr).await;
    let creds = format!("{cookie}X-CSRF-Token: {csrf}\r\n");
    let body = json!({ "label": "pins only", "scopes": ["live"], "days": 30 }).to_string();
    let (st, _, t) = send(&w.addr, "POST", "/api/tokens", &body, &creds).await;
    assert_eq!(st, 201, "{t}");
    let token = t["token"].as_str().unwrap_or_default().to_string();
    assert!(token.starts_with("sk_t-"), "{token}");
    let (_, _, list) = send(&w.addr, "GET", "/api/tokens", "", &creds).await;
    assert!(
        !list.to_string().contains(&token[10..]),
        "never shown again"
    );
    assert!(list["tokens"]
        .as_array()
        .is_some_and(|a| a.iter().any(|x| x["label"] == "pins only")));
    let bearer = format!("Authorization: Bearer {token}\r\n");
    // Its scope: rooms yes, deals and publishing no.
    let (st, _, _) = send(
        &w.addr,
        "POST",
        "/api/rooms",
        r#"{"title":"Scoped"}"#,
        &bearer,
    )
    .await;
    assert_eq!(st, 201);
    let deal = r#"{"product_id":"p-watch","price":9000,"duration_ms":60000}"#;
    let (st, _, v) = send(&w.addr, "POST", "/api/deals", deal, &bearer).await;
    assert_eq!((st, v["error"]["code"].as_str()), (403, Some("scope")));
    // Bad requests name the field.
    for (bad, field) in [
        (json!({ "scopes": ["live"] }), "label"),
        (
            json!({ "label": "x", "scopes": ["everything"] }),
            "scopes[0]",
        ),
        (
            json!({ "label": "x", "scopes": ["live"], "days": 9999 }),
            "days",
        ),
    ] {
        let (st, _, v) = send(&w.addr, "POST", "/api/tokens", &bad.to_string(), &creds).await;
        assert_eq!(
            (st, v["error"]["field"].as_str()),
            (400, Some(field)),
            "{v}"
        );
    }
    // Revoked: refused from then on, saying so.
    let id = t["id"].as_str().unwrap_or_default();
    let (st, _, _) = send(&w.addr, "DELETE", &format!("/api/tokens/{id}"), "", &creds).await;
    assert_eq!(st, 204);
    let (st, _, v) = send(
        &w.addr,
        "POST",
        "/api/rooms",
        r#"{"title":"After"}"#,
        &bearer,
    )
    .await;
    assert_eq!(st, 401);
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap_or("")
            .contains("revoked"),
        "{v}"
    );
    // Another account cannot revoke it (it is not theirs to see).
    let mine = issue(&w.db, "seller@northwind.example", 1);
    let their_session = {
        let (cookie, csrf) = session_as(&w.addr, "admin@other.example").await;
        format!("{cookie}X-CSRF-Token: {csrf}\r\n")
    };
    let mine_id = mine.split('_').nth(1).unwrap_or_default();
    let (st, _, _) = send(
        &w.addr,
        "DELETE",
        &format!("/api/tokens/{mine_id}"),
        "",
        &their_session,
    )
    .await;
    assert_eq!(st, 404);
    // The audit log has who did what, with the deal's and the publish's before and after.
    let (_, _, log) = send(&w.addr, "GET", "/api/audit", "", &creds).await;
    let actions: Vec<&str> = log["entries"]
        .as_array()
        .map(|a| a.iter().filter_map(|e| e["action"].as_str()).collect())
        .unwrap_or_default();
    for a in [
        "token.create",
        "token.revoke",
        "room.create",
        "manifest.publish",
    ] {
        assert!(actions.contains(&a), "{a} in {actions:?}");
    }
    let publish = log["entries"]
        .as_array()
        .and_then(|a| a.iter().find(|e| e["action"] == "manifest.publish"))
        .cloned()
        .unwrap_or(Value::Null);
    assert_eq!(publish["after"]["version"], 1);
    assert_eq!(publish["by"], "seller@northwind.example");
    let (_, _, theirs) = send(&w.addr, "GET", "/api/audit", "", &their_session).await;
    assert!(
        !theirs.to_string().contains("manifest.publish"),
        "each account sees its own log only"
    );
}

#[tokio::test]
async fn a_burst_from_one_client_is_slowed_and_every_other_client_goes_on() {
    let (addr, _db) = common::start_limited("limits").await;
    let from = |ip: &str| format!("X-Forwarded-For: {ip}\r\n");
    // Guessing passwords from one address: 20 at once, then one every 3 s; past that, 429
    // with when to come back (each guess costs an Argon2id check, so time passes as it goes:
    // a few more may get through on a slow machine, never all of them).
    let body =
        json!({ "handle": "seller@northwind.example", "password": "a guess at it" }).to_string();
    let mut statuses = Vec::new();
    let mut retry = None;
    for _ in 0..40 {
        let (st, head, v) = send(&addr, "POST", "/api/session", &body, &from("203.0.113.9")).await;
        if st == 429 {
            retry = head
                .lines()
                .find_map(|l| l.strip_prefix("retry-after: "))
                .map(str::to_string);
            assert_eq!(v["error"]["code"], "rate_limited", "{v}");
        }
        statuses.push(st);
    }
    assert_eq!(statuses[..20], [401; 20], "{statuses:?}");
    assert!(statuses.iter().all(|s| *s == 401 || *s == 429));
    assert!(
        statuses.iter().filter(|s| **s == 429).count() >= 10,
        "{statuses:?}"
    );
    let wait: u64 = retry.and_then(|r| r.parse().ok()).unwrap_or(0);
    assert!((1..=3).contains(&wait), "Retry-After {wait}");
    // Checkout, without that cost: exactly 20 at once, the 21st refused.
    let mut checkouts = Vec::new();
    for i in 0..21 {
        let path = format!("/api/carts/c-{i}/checkout");
        checkouts.push(
            send(&addr, "POST", &path, "", &from("203.0.113.10"))
                .await
                .0,
        );
    }
    assert_eq!(checkouts[..20], [404; 20], "no such carts, but answered");
    assert_eq!(checkouts[20], 429);
    // Another client is not held back by it, nor is the same client's shopping.
    let (st, _, _) = send(&addr, "POST", "/api/session", &body, &from("198.51.100.4")).await;
    assert_eq!(st, 401);
    let (st, _, _) = send(&addr, "POST", "/api/carts", "", &from("203.0.113.9")).await;
    assert_eq!(st, 201);
    // Analytics: a bad batch names what is wrong (kind, media time, size).
    for (events, field) in [
        (json!([{ "type": "tag_explode" }]), "events[0].type"),
        (
            json!([{ "type": "tag_tap", "media_time": -3 }]),
            "events[0].media_time",
        ),
        (
            json!([{ "type": "tag_tap", "tag": "x".repeat(500) }]),
            "events[0]",
        ),
        (
            json!([{ "type": "tag_tap", "tag": { "nested": 1 } }]),
            "events[0]",
        ),
    ] {
        let b =
            json!({ "batch": format!("b-{field}-{}", events.to_string().len()), "events": events });
        let (st, _, v) = send(
            &addr,
            "POST",
            "/api/analytics",
            &b.to_string(),
            &from("198.51.100.5"),
        )
        .await;
        assert_eq!(
            (st, v["error"]["field"].as_str()),
            (400, Some(field)),
            "{v}"
        );
    }
}

/// The commission in each row of `earnings[group]`, by the row's key.
fn keyed(earnings: &Value, group: &str) -> Vec<(String, i64)> {
    earnings[group]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|r| {
                    let key = r["key"].as_str().unwrap_or("").to_string();
                    (key, r["commission"].as_i64().unwrap_or(0))
                })
                .collect()
        })
        .unwrap_or_default()
}

/// A cart holding `lines` (variant, quantity) attributed to `creator` from video `v-haul`,
/// checked out: the order.
async fn order_by(addr: &str, creator: &str, lines: &[(&str, i64)]) -> Value {
    order_from(addr, creator, "v-haul", lines).await
}

async fn order_from(addr: &str, creator: &str, video: &str, lines: &[(&str, i64)]) -> Value {
    let (_, _, c) = send(addr, "POST", "/api/carts", "", "").await;
    let cart = c["id"].as_str().unwrap_or_default().to_string();
    for (variant, quantity) in lines {
        let creator = (!creator.is_empty()).then_some(creator);
        let body = json!({ "quantity": quantity,
            "attribution": { "creator": creator, "campaign": "fall-haul", "video": video } });
        let (st, _, v) = send(
            addr,
            "PUT",
            &format!("/api/carts/{cart}/lines/{variant}"),
            &body.to_string(),
            "",
        )
        .await;
        assert_eq!(st, 200, "{v}");
    }
    let (st, _, o) = send(addr, "POST", &format!("/api/carts/{cart}/checkout"), "", "").await;
    assert_eq!(st, 201, "{o}");
    o
}

#[tokio::test]
async fn commissions_accrue_exactly_at_the_price_paid_and_only_inside_the_programme() {
    let w = world("commissions").await;
    let owner = w.credentials(Who::Owner).await;
    // Maya earns 10% on every product (the demo's programme) and 12.5% on the watch.
    let (st, _, v) = send(
        &w.addr,
        "PUT",
        "/api/programme/c-maya",
        &json!({ "product_id": "p-watch", "rate_bp": 1250 }).to_string(),
        &owner,
    )
    .await;
    assert_eq!(st, 200, "{v}");
    let (_, _, p) = send(&w.addr, "GET", "/api/products?ids=p-watch,p-tote", "", "").await;
    let first = |i: usize| {
        p["products"][i]["variants"]
            .as_array()
            .and_then(|vs| vs.iter().find(|v| v["available"].as_i64() >= Some(5)))
            .and_then(|v| v["id"].as_str())
            .unwrap_or_default()
            .to_string()
    };
    let (watch, tote) = (first(0), first(1));
    let a = order_by(&w.addr, "c-maya", &[(&watch, 2), (&tote, 3)]).await;
    let b = order_from(&w.addr, "c-maya", "v-picks", &[(&tote, 1)]).await;
    assert_eq!(b["lines"][0]["attribution"]["video"], "v-picks");
    // Outside the programme, or not an account: nothing accrues.
    let _ = order_by(&w.addr, "c-outsider", &[(&tote, 1)]).await;
    let _ = order_by(&w.addr, "@maya.styles", &[(&tote, 1)]).await;
    let price = |o: &Value, v: &str| {
        o["lines"]
            .as_array()
            .and_then(|ls| ls.iter().find(|l| l["variant_id"] == v))
            .and_then(|l| l["unit_price"].as_i64())
            .unwrap_or(0)
    };
    let expected = (2 * price(&a, &watch) * 1250) / 10_000
        + (3 * price(&a, &tote) * 1000) / 10_000
        + (price(&b, &tote) * 1000) / 10_000;
    assert!(expected > 0);
    let maya = w.credentials(Who::CreatorIn).await;
    let (_, _, e) = send(&w.addr, "GET", "/api/earnings", "", &maya).await;
    assert_eq!(e["as"], "creator");
    assert_eq!(e["total"][0]["commission"], expected, "{e}");
    assert_eq!(e["total"][0]["orders"], 2);
    assert_eq!(e["total"][0]["units"], 6);
    let by_product = keyed(&e, "by_product");
    assert_eq!(
        by_product,
        vec![
            (
                "p-tote".to_string(),
                (3 * price(&a, &tote) * 1000) / 10_000 + (price(&b, &tote) * 1000) / 10_000
            ),
            (
                "p-watch".to_string(),
                (2 * price(&a, &watch) * 1250) / 10_000
            ),
        ]
    );
    assert_eq!(e["by_campaign"][0]["key"], "fall-haul");
    // By video: what each of Maya's videos earned.
    let by_video = keyed(&e, "by_video");
    assert_eq!(
        by_video,
        vec![
            (
                "v-haul".to_string(),
                expected - (price(&b, &tote) * 1000) / 10_000
            ),
            ("v-picks".to_string(), (price(&b, &tote) * 1000) / 10_000),
        ]
    );
    // The seller owes the same, to Maya.
    let (_, _, owed) = send(&w.addr, "GET", "/api/earnings", "", &owner).await;
    assert_eq!(owed["by_creator"][0]["key"], "c-maya");
    assert_eq!(owed["by_creator"][0]["commission"], expected);
    assert_eq!(
        owed["by_creator"].as_array().map(Vec::len),
        Some(1),
        "{owed}"
    );
    // The outsider earned nothing; another seller owes nothing.
    let (_, _, none) = send(
        &w.addr,
        "GET",
        "/api/earnings",
        "",
        &w.credentials(Who::CreatorOut).await,
    )
    .await;
    assert_eq!(none["total"], json!([]));
    let (_, _, other) = send(
        &w.addr,
        "GET",
        "/api/earnings",
        "",
        &w.credentials(Who::OtherSeller).await,
    )
    .await;
    assert_eq!(other["total"], json!([]));
    // A creator cannot set rates; the programme shows Maya her two rates.
    let (st, _, _) = send(
        &w.addr,
        "PUT",
        "/api/programme/c-maya",
        &json!({ "rate_bp": 9000 }).to_string(),
        &maya,
    )
    .await;
    assert_eq!(st, 403);
    let (_, _, mine) = send(&w.addr, "GET", "/api/programme", "", &maya).await;
    assert_eq!(
        mine["programme"].as_array().map(Vec::len),
        Some(2),
        "{mine}"
    );
    // A line from a video Maya published credits her though its attribution names no one;
    // one from the seller's own video credits no one.
    let video = "v-mayas-own";
    let (st, _, v) = send(
        &w.addr,
        "PUT",
        &format!("/api/videos/{video}/manifest"),
        &manifest(video),
        &format!("{maya}If-None-Match: *\r\n"),
    )
    .await;
    assert_eq!(st, 201, "{v}");
    let own = order_from(&w.addr, "", video, &[(&tote, 1)]).await;
    let seller_video = order_from(&w.addr, "", &w.video, &[(&tote, 1)]).await;
    let (_, _, e) = send(&w.addr, "GET", "/api/earnings", "", &maya).await;
    assert_eq!(
        e["total"][0]["commission"],
        expected + (price(&own, &tote) * 1000) / 10_000,
        "{e}"
    );
    assert!(seller_video["id"].is_string());
}
