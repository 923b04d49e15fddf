//! The API over a real socket and a real SQLite file: catalog, carts under idempotency keys,
//! refusals that name the field, checkout that never oversells, even with 100 buyers racing
//! for the last unit.

use serde_json::{json, Value};

mod common;
use common::{call, raw, start};

/// Status, `Content-Language` and JSON body of a GET with extra header lines.
async fn get_with(addr: &str, path: &str, extra: &str) -> (u16, String, Value) {
    let text = raw(addr, "GET", path, None, "", extra)
        .await
        .unwrap_or_default();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or_default();
    let status = head.get(9..12).and_then(|s| s.parse().ok()).unwrap_or(0);
    let lang = head
        .lines()
        .find_map(|l| {
            l.to_ascii_lowercase()
                .strip_prefix("content-language: ")
                .map(String::from)
        })
        .unwrap_or_default();
    (
        status,
        lang,
        serde_json::from_str(body).unwrap_or(Value::Null),
    )
}

#[tokio::test]
async fn the_catalogue_answers_in_the_language_asked_for_falling_back_to_english_per_field() {
    let (addr, db) = start("catalog-lang").await;
    // `?lang=` first; then Accept-Language by weight; a language it is not written in is English.
    let (st, lang, es) = get_with(&addr, "/api/products?ids=p-sneaker&lang=es", "").await;
    assert_eq!((st, lang.as_str()), (200, "es"));
    let shoe = &es["products"][0];
    assert_eq!(shoe["title"], "Zapatilla de trail");
    assert_eq!(shoe["options"][0]["label"], "Color");
    assert_eq!(shoe["options"][1]["label"], "Talla");
    assert_eq!(
        shoe["options"][0]["values"][0],
        json!({ "value": "Black", "label": "Negro", "swatch": "#1d1d1f" })
    );
    // The values a variant is chosen by do not change with the language.
    assert_eq!(shoe["variants"][0]["options"]["color"], "Black");
    let (_, lang, ar) = get_with(
        &addr,
        "/api/products?ids=p-tote",
        "Accept-Language: fr-FR, ar;q=0.8, es;q=0.5\r\n",
    )
    .await;
    assert_eq!(lang, "ar");
    assert_eq!(ar["products"][0]["title"], "حقيبة قماشية");
    assert_eq!(
        ar["products"][0]["options"][0]["values"][1]["label"],
        "رملي"
    );
    let (_, lang, fr) = get_with(&addr, "/api/products?ids=p-tote&lang=fr", "").await;
    assert_eq!(lang, "en");
    assert_eq!(fr["products"][0]["title"], "Canvas Tote Bag");
    // A field with no translation is English; the others stay translated.
    let edited = db.blocking(|c| {
        c.execute(
            "UPDATE product_text SET title = NULL WHERE product_id = 'p-tote' AND lang = 'es'",
            [],
        )?;
        c.execute(
            "DELETE FROM catalog_words WHERE word = 'value:Sand' AND lang = 'es'",
            [],
        )?;
        Ok(())
    });
    assert!(edited.is_ok(), "the translations are editable");
    let (_, _, es) = get_with(&addr, "/api/products?ids=p-tote&lang=es", "").await;
    let tote = &es["products"][0];
    assert_eq!(tote["title"], "Canvas Tote Bag");
    assert_eq!(tote["description"], "Bolso tote de lona, como en el vídeo.");
    assert_eq!(tote["options"][0]["values"][0]["label"], "Negro");
    assert_eq!(tote["options"][0]["values"][1]["label"], "Sand");
    // Search finds the shopper's words, in the order of the titles they read.
    let (_, _, hits) = get_with(&addr, "/api/products?q=reloj&lang=es", "").await;
    assert_eq!(hits["products"][0]["id"], "p-watch");
    let (_, _, all) = get_with(&addr, "/api/products?q=&lang=es", "").await;
    let titles: Vec<String> = all["products"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| p["title"].as_str().map(String::from))
        .collect();
    let mut sorted = titles.clone();
    sorted.sort();
    assert!(titles.len() >= 30);
    assert_eq!(titles, sorted);
}

#[tokio::test]
async fn catalog_lookup_and_search() {
    let (addr, _) = start("catalog").await;
    let (st, v) = call(&addr, "GET", "/api/products?ids=p-tote,p-nope", None, None).await;
    assert_eq!(st, 200);
    assert_eq!(v["products"][0]["title"], "Canvas Tote Bag");
    assert_eq!(v["products"][0]["variants"][0]["price"], 3400);
    assert_eq!(v["products"][0]["variants"][0]["compare_at"], 4200);
    assert_eq!(v["missing"], json!(["p-nope"]));
    // Option axes, colour first with swatches, then size, each value in the variants' order.
    let (_, shoe) = call(&addr, "GET", "/api/products?ids=p-sneaker", None, None).await;
    let axes = &shoe["products"][0]["options"];
    assert_eq!(axes[0]["name"], "color");
    assert_eq!(
        axes[0]["values"][0],
        json!({ "value": "Black", "label": "Black", "swatch": "#1d1d1f" })
    );
    assert_eq!(axes[1]["name"], "size");
    assert_eq!(
        axes[1]["values"],
        json!(["40", "41", "42", "43", "44"].map(|v| json!({ "value": v, "label": v })))
    );
    let (_, tote) = call(&addr, "GET", "/api/products?ids=p-tote", None, None).await;
    assert_eq!(
        tote["products"][0]["options"].as_array().map(Vec::len),
        Some(1),
        "one colour axis, no size"
    );
    let (_, all) = call(&addr, "GET", "/api/products?q=", None, None).await;
    assert!(
        all["products"].as_array().is_some_and(|p| p.len() >= 30),
        "at least 30 products"
    );
    let (_, hits) = call(&addr, "GET", "/api/products?q=watch", None, None).await;
    assert_eq!(hits["products"][0]["id"], "p-watch");
    let (_, none) = call(&addr, "GET", "/api/products?q=%25", None, None).await;
    assert_eq!(
        none["products"],
        json!([]),
        "% is a literal, not a wildcard"
    );
    let (st, e) = call(&addr, "GET", "/api/products", None, None).await;
    assert_eq!((st, e["error"]["field"].as_str()), (400, Some("ids")));
}

#[tokio::test]
async fn carts_are_idempotent_and_refusals_name_the_field() {
    let (addr, db) = start("carts").await;
    let v = "p-tote-black";
    db.run(move |c| commerce::api::set_stock(c, v, 5))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let (st, e) = call(&addr, "POST", "/api/carts", None, None).await;
    assert_eq!(
        (st, e["error"]["field"].as_str()),
        (400, Some("Idempotency-Key"))
    );
    let (st, cart) = call(&addr, "POST", "/api/carts", Some("c-1"), None).await;
    assert_eq!(st, 201);
    let (_, again) = call(&addr, "POST", "/api/carts", Some("c-1"), None).await;
    assert_eq!(
        again["id"], cart["id"],
        "the same key replays the same cart"
    );
    let id = cart["id"].as_str().unwrap_or_default().to_string();
    let line = format!("/api/carts/{id}/lines/{v}");
    let body = r#"{"quantity": 2, "attribution": {"creator": "cr-9", "campaign": "spring"}}"#;
    let (st, c1) = call(&addr, "PUT", &line, Some("k-1"), Some(body)).await;
    assert_eq!(st, 200, "{c1}");
    assert_eq!(c1["lines"][0]["quantity"], 2);
    assert_eq!(c1["lines"][0]["attribution"]["creator"], "cr-9");
    assert_eq!(c1["subtotal"], 6800);
    // Replayed with the same key (even re-spaced): same response, no second change.
    let (st, c2) = call(
        &addr,
        "PUT",
        &line,
        Some("k-1"),
        Some(r#"{"attribution":{"campaign":"spring","creator":"cr-9"},"quantity":2}"#),
    )
    .await;
    assert_eq!((st, &c2), (200, &c1));
    let (st, e) = call(&addr, "PUT", &line, Some("k-1"), Some(r#"{"quantity": 3}"#)).await;
    assert_eq!(
        (st, e["error"]["code"].as_str()),
        (422, Some("idempotency_key_reused"))
    );
    let (st, e) = call(&addr, "PUT", &line, Some("k-2"), Some(r#"{"quantity": 6}"#)).await;
    assert_eq!(
        (
            st,
            e["error"]["code"].as_str(),
            e["error"]["available"].as_u64()
        ),
        (409, Some("out_of_stock"), Some(5))
    );
    let (st, e) = call(
        &addr,
        "PUT",
        &line,
        Some("k-3"),
        Some(r#"{"quantity": 11}"#),
    )
    .await;
    assert_eq!((st, e["error"]["code"].as_str()), (422, Some("limit")));
    let (st, e) = call(
        &addr,
        "PUT",
        &line,
        Some("k-4"),
        Some(r#"{"quantity": "2"}"#),
    )
    .await;
    assert_eq!((st, e["error"]["field"].as_str()), (400, Some("quantity")));
    let (st, e) = call(&addr, "PUT", &line, Some("k-5"), Some(r#"{"quantity": 2,"#)).await;
    assert_eq!(st, 400);
    assert!(
        e["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("line 1")),
        "{e}"
    );
    let (st, e) = call(
        &addr,
        "PUT",
        &format!("/api/carts/{id}/lines/nope"),
        Some("k-6"),
        Some(r#"{"quantity": 1}"#),
    )
    .await;
    assert_eq!((st, e["error"]["field"].as_str()), (404, Some("variant")));
    let (st, _) = call(
        &addr,
        "PUT",
        &format!("/api/carts/nope/lines/{v}"),
        Some("k-7"),
        Some(r#"{"quantity": 1}"#),
    )
    .await;
    assert_eq!(st, 404);
    let big = format!(r#"{{"quantity": 1, "pad": "{}"}}"#, "x".repeat(70_000));
    let (st, _) = call(&addr, "PUT", &line, Some("k-8"), Some(&big)).await;
    assert_eq!(st, 413, "bodies over the limit are refused");
    let (st, c3) = call(&addr, "DELETE", &line, Some("k-9"), None).await;
    assert_eq!((st, c3["lines"].as_array().map(Vec::len)), (200, Some(0)));
    assert!(c3["revision"].as_i64() > c1["revision"].as_i64());
}

/// `PUT` with `If-Match` and the given key and body: status and JSON body.
async fn put_if(addr: &str, path: &str, key: &str, revision: &str, body: &str) -> (u16, Value) {
    let text = raw(
        addr,
        "PUT",
        path,
        Some(key),
        body,
        &format!("If-Match: {revision}\r\n"),
    )
    .await
    .unwrap_or_default();
    let status = text.get(9..12).and_then(|s| s.parse().ok()).unwrap_or(0);
    let payload = text.split("\r\n\r\n").nth(1).unwrap_or_default();
    (status, serde_json::from_str(payload).unwrap_or(Value::Null))
}

#[tokio::test]
async fn a_late_change_made_against_an_older_revision_does_not_overwrite_a_newer_one() {
    let (addr, _db) = start("stale").await;
    let (_, cart) = call(&addr, "POST", "/api/carts", Some("s-c"), None).await;
    let id = cart["id"].as_str().unwrap_or_default().to_string();
    let line = format!("/api/carts/{id}/lines/p-tote-black");
    let r0 = cart["revision"].as_i64().unwrap_or(-1);
    // A quantity for the line under `key`, made against revision `rev`.
    let put = |key: &'static str, rev: i64, quantity: u32| {
        let (addr, line) = (addr.clone(), line.clone());
        async move {
            let body = format!(r#"{{"quantity": {quantity}}}"#);
            put_if(&addr, &line, key, &format!("\"{rev}\""), &body).await
        }
    };
    // The viewer asked for 2 against r0; the bridge gave up on it. Then 3, also against r0
    // (nothing newer was confirmed), with a new key: it lands first.
    let (st, newer) = put("s-3", r0, 3).await;
    assert_eq!(st, 200, "{newer}");
    // The request given up on arrives late: refused, with the cart as it is now.
    let (st, e) = put("s-2", r0, 2).await;
    assert_eq!(
        (st, e["error"]["code"].as_str()),
        (412, Some("version_conflict")),
        "{e}"
    );
    assert_eq!(e["error"]["field"], "If-Match");
    assert_eq!(e["error"]["current"], newer["revision"]);
    assert_eq!(e["error"]["cart"]["lines"][0]["quantity"], 3);
    let (_, now) = call(&addr, "GET", &format!("/api/carts/{id}"), None, None).await;
    assert_eq!(
        (now["lines"][0]["quantity"].as_i64(), &now["revision"]),
        (Some(3), &newer["revision"])
    );
    // The refusal is that key's answer for good: replayed, not re-run.
    let (st, again) = put("s-2", r0, 2).await;
    assert_eq!((st, &again), (412, &e));
    // The same key under another condition is another request.
    let r1 = newer["revision"].as_i64().unwrap_or(-1);
    let (st, e) = put("s-2", r1, 2).await;
    assert_eq!(
        (st, e["error"]["code"].as_str()),
        (422, Some("idempotency_key_reused"))
    );
    // Against the current revision (weak or strong), and `*`, it goes through.
    let (st, c) = put_if(
        &addr,
        &line,
        "s-4",
        &format!("W/\"{r1}\""),
        r#"{"quantity": 4}"#,
    )
    .await;
    assert_eq!((st, c["lines"][0]["quantity"].as_i64()), (200, Some(4)));
    let (st, c) = put_if(&addr, &line, "s-5", "*", r#"{"quantity": 5}"#).await;
    assert_eq!((st, c["lines"][0]["quantity"].as_i64()), (200, Some(5)));
    // A condition that is not an ETag is named.
    let (st, e) = put_if(&addr, &line, "s-6", "yesterday", r#"{"quantity": 1}"#).await;
    assert_eq!((st, e["error"]["field"].as_str()), (400, Some("If-Match")));
    // DELETE honours it too.
    let text = raw(
        &addr,
        "DELETE",
        &line,
        Some("s-7"),
        "",
        &format!("If-Match: \"{r0}\"\r\n"),
    )
    .await
    .unwrap_or_default();
    assert!(text.starts_with("HTTP/1.1 412"), "{text}");
}

#[tokio::test]
async fn checkout_takes_stock_once_and_records_attribution() {
    let (addr, db) = start("checkout").await;
    let v = "p-mug-sand";
    db.run(move |c| commerce::api::set_stock(c, v, 3))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let (_, cart) = call(&addr, "POST", "/api/carts", Some("c"), None).await;
    let id = cart["id"].as_str().unwrap_or_default().to_string();
    let (st, e) = call(
        &addr,
        "POST",
        &format!("/api/carts/{id}/checkout"),
        Some("empty"),
        None,
    )
    .await;
    assert_eq!((st, e["error"]["field"].as_str()), (400, Some("cart")));
    let body = r#"{"quantity": 2, "attribution": {"creator": "cr-1"}}"#;
    call(
        &addr,
        "PUT",
        &format!("/api/carts/{id}/lines/{v}"),
        Some("l"),
        Some(body),
    )
    .await;
    let (st, order) = call(
        &addr,
        "POST",
        &format!("/api/carts/{id}/checkout"),
        Some("co-1"),
        None,
    )
    .await;
    assert_eq!(st, 201, "{order}");
    assert_eq!(order["total"], 3600);
    let (_, replay) = call(
        &addr,
        "POST",
        &format!("/api/carts/{id}/checkout"),
        Some("co-1"),
        None,
    )
    .await;
    assert_eq!(
        (&replay["id"], &replay["number"]),
        (&order["id"], &order["number"]),
        "a retried checkout returns the same order"
    );
    // A number a person reads and says: two groups of four, no look-alike characters.
    let number = order["number"].as_str().unwrap_or_default();
    assert!(
        number.len() == 9
            && number.chars().enumerate().all(|(i, c)| if i == 4 {
                c == '-'
            } else {
                "23456789ABCDEFGHJKMNPQRSTWXYZ".contains(c)
            }),
        "{number}"
    );
    let (st, _) = call(
        &addr,
        "POST",
        &format!("/api/carts/{id}/checkout"),
        Some("co-2"),
        None,
    )
    .await;
    assert_eq!(st, 409, "a cart is checked out once");
    let stock = db
        .run(move |c| commerce::api::stock_of(c, v))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(stock, Some(1));
    let (st, stored) = call(
        &addr,
        "GET",
        &format!("/api/orders/{}", order["id"].as_str().unwrap_or_default()),
        None,
        None,
    )
    .await;
    assert_eq!(st, 200);
    assert_eq!(stored["number"], number, "the order keeps its number");
    assert_eq!(stored["lines"][0]["attribution"]["creator"], "cr-1");
    assert_eq!(stored["lines"].as_array().map(Vec::len), Some(1));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hundred_buyers_for_the_last_unit_make_exactly_one_order() {
    let (addr, db) = start("race").await;
    let v = "p-watch-olive";
    db.run(move |c| commerce::api::set_stock(c, v, 1))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    // Every buyer fills a cart while the unit is still there.
    let mut carts = Vec::new();
    for i in 0..100 {
        let (_, cart) = call(
            &addr,
            "POST",
            "/api/carts",
            Some(&format!("cart-{i}")),
            None,
        )
        .await;
        let id = cart["id"].as_str().unwrap_or_default().to_string();
        let (st, _) = call(
            &addr,
            "PUT",
            &format!("/api/carts/{id}/lines/{v}"),
            Some(&format!("line-{i}")),
            Some(r#"{"quantity": 1}"#),
        )
        .await;
        assert_eq!(st, 200);
        carts.push(id);
    }
    let tasks: Vec<_> = carts
        .into_iter()
        .enumerate()
        .map(|(i, id)| {
            let addr = addr.clone();
            tokio::spawn(async move {
                call(
                    &addr,
                    "POST",
                    &format!("/api/carts/{id}/checkout"),
                    Some(&format!("co-{i}")),
                    None,
                )
                .await
                .0
            })
        })
        .collect();
    let mut statuses = Vec::new();
    for t in tasks {
        statuses.push(t.await.unwrap_or(0));
    }
    assert_eq!(
        statuses.iter().filter(|&&s| s == 201).count(),
        1,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|&&s| s == 409).count(),
        99,
        "{statuses:?}"
    );
    let stock = db
        .run(move |c| commerce::api::stock_of(c, v))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(stock, Some(0));
}
