//! Who may call what, route by route: every route of the API (every row of
//! `auth::gate::RULES`) called by every kind of caller — anonymous, a shopper holding a cart,
//! the owning seller (by token and by session), another seller, a creator inside and outside
//! the seller's programme, the seller's LIVE host, another room's host, a revoked and an
//! expired token, a session without its CSRF token and one called from another site — on a
//! real socket, with the answer each must get. A route with no row here fails the test.

use serde_json::{json, Value};

mod common;
use common::world::{manifest, next, send, world, PW, WHO};

use commerce::auth::gate::RULES;

struct Row {
    method: &'static str,
    route: &'static str,
    path: &'static str,
    body: Option<Value>,
    extra: &'static str,
    expect: [u16; 13],
}

fn row(
    method: &'static str,
    route: &'static str,
    path: &'static str,
    body: Option<Value>,
    expect: [u16; 13],
) -> Row {
    Row {
        method,
        route,
        path,
        body,
        extra: "",
        expect,
    }
}

//                  anon shop own  oth  cIn  cOut host oHst rev  exp  sess noCs xSite
const ALL_200: [u16; 13] = [200; 13];

fn rows() -> Vec<Row> {
    let deal = json!({ "product_id": "p-watch", "price": 9900, "duration_ms": 60_000 });
    let pin = json!({ "product_id": "p-watch" });
    let sign_in = json!({ "handle": "seller@northwind.example", "password": PW });
    let token = json!({ "label": "matrix", "scopes": ["live"], "days": 1 });
    let batch = json!({ "events": [{ "type": "tag_impression", "t": 1.0 }] });
    let mut rows = vec![
        row("GET", "/api/time", "/api/time", None, ALL_200),
        row("GET", "/api/products", "/api/products?q=a", None, ALL_200),
        row(
            "GET",
            "/media/products/{file}",
            "/media/products/p-watch.svg",
            None,
            ALL_200,
        ),
        row(
            "POST",
            "/api/carts",
            "/api/carts",
            None,
            [
                201, 201, 201, 201, 201, 201, 201, 201, 201, 201, 201, 201, 201,
            ],
        ),
        // A cart is its id: whoever holds it may use it; a guess finds nothing.
        row(
            "GET",
            "/api/carts/{id}",
            "/api/carts/{cart}",
            None,
            [
                404, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200,
            ],
        ),
        row(
            "PUT",
            "/api/carts/{id}/lines/{variant}",
            "/api/carts/{cart}/lines/{variant}",
            Some(json!({ "quantity": 1 })),
            [
                404, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200,
            ],
        ),
        row(
            "DELETE",
            "/api/carts/{id}/lines/{variant}",
            "/api/carts/{cart}/lines/{variant}",
            None,
            [
                404, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200,
            ],
        ),
        row(
            "POST",
            "/api/carts/{id}/checkout",
            "/api/carts/{fresh_cart}/checkout",
            None,
            [
                404, 201, 201, 201, 201, 201, 201, 201, 201, 201, 201, 201, 201,
            ],
        ),
        row(
            "GET",
            "/api/orders/{id}",
            "/api/orders/{order}",
            None,
            [
                404, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200,
            ],
        ),
        row(
            "POST",
            "/api/analytics",
            "/api/analytics",
            Some(batch),
            [202; 13],
        ),
        // Only the product's seller sets its price.
        row(
            "POST",
            "/api/deals",
            "/api/deals",
            Some(deal.clone()),
            [
                401, 401, 201, 403, 403, 403, 403, 403, 401, 401, 201, 403, 403,
            ],
        ),
        // Any seller or creator (or host) may open its own room.
        row(
            "POST",
            "/api/rooms",
            "/api/rooms",
            Some(json!({ "title": "Mine" })),
            [
                401, 401, 201, 201, 201, 201, 201, 201, 401, 401, 201, 403, 403,
            ],
        ),
        row("GET", "/api/rooms/{id}", "/api/rooms/{room}", None, ALL_200),
        // Only the room's host pins, unpins and starts deals in it.
        row(
            "POST",
            "/api/rooms/{id}/pins",
            "/api/rooms/{room}/pins",
            Some(pin),
            [
                401, 401, 200, 403, 403, 403, 200, 403, 401, 401, 200, 403, 403,
            ],
        ),
        row(
            "DELETE",
            "/api/rooms/{id}/pins/{product}",
            "/api/rooms/{room}/pins/p-watch",
            None,
            [
                401, 401, 200, 403, 403, 403, 200, 403, 401, 401, 200, 403, 403,
            ],
        ),
        row(
            "POST",
            "/api/rooms/{id}/deals",
            "/api/rooms/{room}/deals",
            Some(deal),
            [
                401, 401, 200, 403, 403, 403, 200, 403, 401, 401, 200, 403, 403,
            ],
        ),
        // Ending a deal: the room's host reaches the deal (none here: 404), nobody else the room.
        row(
            "POST",
            "/api/rooms/{id}/deals/{deal}/end",
            "/api/rooms/{room}/deals/d-none/end",
            None,
            [
                401, 401, 404, 403, 403, 403, 404, 403, 401, 401, 404, 403, 403,
            ],
        ),
        row(
            "GET",
            "/api/rooms/{id}/events",
            "/api/rooms/{room}/events",
            None,
            ALL_200,
        ),
        // No stream is playing in the test's folder: the same answer for everyone.
        row(
            "GET",
            "/api/rooms/{id}/live.m3u8",
            "/api/rooms/{room}/live.m3u8",
            None,
            [0; 13],
        ),
        row(
            "GET",
            "/media/hls/live/{file}",
            "/media/hls/live/seg-0.ts",
            None,
            [0; 13],
        ),
        row(
            "GET",
            "/api/videos/{id}/manifest",
            "/api/videos/{video}/manifest",
            None,
            ALL_200,
        ),
        // Only the video's owner publishes it (the host's role has no publish scope).
        Row {
            extra: "If-Match: *\r\n",
            ..row(
                "PUT",
                "/api/videos/{id}/manifest",
                "/api/videos/{video}/manifest",
                Some(Value::Null),
                [
                    401, 401, 200, 403, 403, 403, 403, 403, 401, 401, 200, 403, 403,
                ],
            )
        },
        row(
            "GET",
            "/api/videos/{id}/manifest/versions",
            "/api/videos/{video}/manifest/versions",
            None,
            ALL_200,
        ),
        row(
            "GET",
            "/api/videos/{id}/manifest/versions/{n}",
            "/api/videos/{video}/manifest/versions/1",
            None,
            ALL_200,
        ),
        row(
            "GET",
            "/api/session",
            "/api/session",
            None,
            [
                401, 401, 200, 200, 200, 200, 200, 200, 401, 401, 200, 200, 200,
            ],
        ),
        // Signing in is open to all, but not from another site (a forged login).
        row(
            "POST",
            "/api/session",
            "/api/session",
            Some(sign_in),
            [
                201, 201, 201, 201, 201, 201, 201, 201, 201, 201, 201, 201, 403,
            ],
        ),
        // Tokens are managed by a signed-in person, never by another token.
        row(
            "GET",
            "/api/tokens",
            "/api/tokens",
            None,
            [
                401, 401, 403, 403, 403, 403, 403, 403, 401, 401, 200, 200, 200,
            ],
        ),
        row(
            "POST",
            "/api/tokens",
            "/api/tokens",
            Some(token),
            [
                401, 401, 403, 403, 403, 403, 403, 403, 401, 401, 201, 403, 403,
            ],
        ),
        row(
            "DELETE",
            "/api/tokens/{id}",
            "/api/tokens/{token}",
            None,
            [
                401, 401, 403, 403, 403, 403, 403, 403, 401, 401, 204, 403, 403,
            ],
        ),
        row(
            "GET",
            "/api/audit",
            "/api/audit",
            None,
            [
                401, 401, 200, 200, 200, 200, 200, 200, 401, 401, 200, 200, 200,
            ],
        ),
        // The affiliate programme is the seller's to set (a creator sees the ones it is in);
        // earnings are each account's own.
        row(
            "GET",
            "/api/programme",
            "/api/programme",
            None,
            [
                401, 401, 200, 200, 200, 200, 200, 200, 401, 401, 200, 200, 200,
            ],
        ),
        row(
            "PUT",
            "/api/programme/{creator}",
            "/api/programme/c-outsider",
            Some(json!({ "rate_bp": 500 })),
            [
                401, 401, 200, 200, 403, 403, 403, 200, 401, 401, 200, 403, 403,
            ],
        ),
        row(
            "DELETE",
            "/api/programme/{creator}",
            "/api/programme/c-outsider",
            None,
            [
                401, 401, 204, 204, 403, 403, 403, 404, 401, 401, 404, 403, 403,
            ],
        ),
        row(
            "GET",
            "/api/earnings",
            "/api/earnings",
            None,
            [
                401, 401, 200, 200, 200, 200, 200, 200, 401, 401, 200, 200, 200,
            ],
        ),
        // Passkeys: whether the server takes them is public; signing in with one is open to
        // all (here: nobody has one yet, and a bad credential is named), but not from another
        // site; a person manages their own, signed in.
        row(
            "GET",
            "/api/session/passkey",
            "/api/session/passkey",
            None,
            ALL_200,
        ),
        row(
            "POST",
            "/api/session/passkey/start",
            "/api/session/passkey/start",
            Some(json!({ "handle": "seller@northwind.example" })),
            [
                401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 403,
            ],
        ),
        row(
            "POST",
            "/api/session/passkey/finish",
            "/api/session/passkey/finish",
            Some(json!({ "ceremony": "x", "credential": null })),
            [
                400, 400, 400, 400, 400, 400, 400, 400, 400, 400, 400, 400, 403,
            ],
        ),
        row(
            "GET",
            "/api/passkeys",
            "/api/passkeys",
            None,
            [
                401, 401, 403, 403, 403, 403, 403, 403, 401, 401, 200, 200, 200,
            ],
        ),
        row(
            "POST",
            "/api/passkeys/register/start",
            "/api/passkeys/register/start",
            None,
            [
                401, 401, 403, 403, 403, 403, 403, 403, 401, 401, 200, 403, 403,
            ],
        ),
        row(
            "POST",
            "/api/passkeys/register/finish",
            "/api/passkeys/register/finish",
            Some(json!({ "ceremony": "x", "credential": null })),
            [
                401, 401, 403, 403, 403, 403, 403, 403, 401, 401, 400, 403, 403,
            ],
        ),
        row(
            "DELETE",
            "/api/passkeys/{id}",
            "/api/passkeys/pk-0000000000000000",
            None,
            [
                401, 401, 403, 403, 403, 403, 403, 403, 401, 401, 404, 403, 403,
            ],
        ),
        row(
            "DELETE",
            "/api/session",
            "/api/session",
            None,
            [
                401, 401, 403, 403, 403, 403, 403, 403, 401, 401, 204, 403, 403,
            ],
        ),
    ];
    rows.shrink_to_fit();
    rows
}

/// The world the matrix runs in.
#[tokio::test]
async fn every_route_answers_every_caller_as_its_rule_says() {
    let w = world("access-1").await;
    let rows = rows();
    // Every route has a row, and every row is a route.
    for (m, route, _) in RULES {
        assert!(
            rows.iter().any(|r| r.method == *m && r.route == *route),
            "{m} {route} has no row in the access matrix"
        );
    }
    for r in &rows {
        assert!(
            RULES
                .iter()
                .any(|(m, route, _)| r.method == *m && r.route == *route),
            "{} {} is not a route",
            r.method,
            r.route
        );
    }
    let mut wrong = Vec::new();
    for r in &rows {
        let mut same = None;
        for (i, who) in WHO.iter().enumerate() {
            let path = w.path(*who, r.path).await;
            let extra = format!("{}{}", w.credentials(*who).await, r.extra);
            let body = match (&r.body, r.method) {
                (Some(Value::Null), "PUT") => manifest(&w.video),
                (Some(Value::Object(o)), _) if r.route == "/api/analytics" => {
                    let mut o = o.clone();
                    o.insert("batch".into(), json!(format!("b-{}", next())));
                    Value::Object(o).to_string()
                }
                (Some(b), _) => b.to_string(),
                (None, _) => String::new(),
            };
            let (st, _, v) = if path.ends_with("/events") {
                let c = common::SseClient::connect(&w.addr, &path, None).await;
                (c.map_or(0, |c| c.status), String::new(), Value::Null)
            } else {
                send(&w.addr, r.method, &path, &body, &extra).await
            };
            let want = r.expect[i];
            let ok = if want == 0 {
                // The same for everyone, and never a refusal of who is asking.
                let first = *same.get_or_insert(st);
                st == first && st != 401 && st != 403
            } else {
                st == want
            };
            if !ok {
                wrong.push(format!(
                    "{} {} as {who:?}: {st}, expected {want}: {v}",
                    r.method, path
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
