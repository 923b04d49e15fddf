//! Published manifests on a real socket and SQLite file: validation by the viewer's engine
//! with every path, versions with ETags, conditional writes so two editors cannot overwrite each
//! other (one of ten racing wins), replays under the same key, old versions kept, and
//! manifests larger than other request bodies.

use serde_json::{json, Value};

mod common;
use common::{raw, start};

/// Status, headers (lower-case names) and body of a response.
async fn req(
    addr: &str,
    auth: &str,
    method: &str,
    path: &str,
    key: Option<&str>,
    body: &str,
    extra: &str,
) -> (u16, String, String) {
    let text = raw(addr, method, path, key, body, &format!("{auth}{extra}"))
        .await
        .unwrap_or_default();
    let status = text.get(9..12).and_then(|s| s.parse().ok()).unwrap_or(0);
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    (status, head.to_ascii_lowercase(), body.to_string())
}

fn json_of(s: &str) -> Value {
    serde_json::from_str(s).unwrap_or(Value::Null)
}

fn manifest(video: &str, x: f64) -> String {
    json!({
        "version": 1,
        "video": { "id": video, "duration": 40 },
        "products": [{ "id": "p-watch", "name": "Field Watch" }],
        "tags": [{ "id": "t-1", "product": "p-watch", "start": 1, "end": 4, "x": x, "y": 0.5 }]
    })
    .to_string()
}

const PATH: &str = "/api/videos/v-one/manifest";

#[tokio::test]
async fn publish_read_conflict_and_versions() {
    let (addr, db) = start("manifests").await;
    let auth = common::seller(&db);
    let (st, _, _) = req(&addr, &auth, "GET", PATH, None, "", "").await;
    assert_eq!(st, 404);

    // Invalid: every error with its path, from the viewer's own validator.
    let bad = json!({ "version": 1, "video": { "id": "v-one" }, "products": [],
        "tags": [{ "id": "t", "product": "p-x", "start": 3, "end": 2, "x": 2, "y": 0 }] });
    let (st, _, body) = req(
        &addr,
        &auth,
        "PUT",
        PATH,
        Some("k-bad"),
        &bad.to_string(),
        "",
    )
    .await;
    assert_eq!(st, 422, "{body}");
    let paths: Vec<String> = json_of(&body)["error"]["problems"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|p| p["path"].as_str().unwrap_or("").to_string())
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(
        paths,
        ["tags[0].product", "tags[0].end", "tags[0].x"],
        "{body}"
    );
    // Another video's manifest under this id.
    let (st, _, body) = req(
        &addr,
        &auth,
        "PUT",
        PATH,
        Some("k-other"),
        &manifest("v-two", 0.5),
        "",
    )
    .await;
    assert_eq!(st, 422);
    assert_eq!(json_of(&body)["error"]["problems"][0]["path"], "video.id");

    // First publish, only if nothing is published yet.
    let v1 = manifest("v-one", 0.25);
    let (st, head, body) = req(
        &addr,
        &auth,
        "PUT",
        PATH,
        Some("k-1"),
        &v1,
        "If-None-Match: *\r\n",
    )
    .await;
    assert_eq!(st, 201, "{body}");
    assert!(head.contains("etag: \"1\""), "{head}");
    let (st, head, body) = req(&addr, &auth, "GET", PATH, None, "", "").await;
    assert_eq!((st, body.as_str()), (200, v1.as_str()));
    assert!(head.contains("etag: \"1\""));

    // A write that does not say which version it edited is refused.
    let (st, _, body) = req(
        &addr,
        &auth,
        "PUT",
        PATH,
        Some("k-blind"),
        &manifest("v-one", 0.3),
        "",
    )
    .await;
    assert_eq!(st, 428, "{body}");
    assert_eq!(json_of(&body)["error"]["current"], 1);

    // Two editors start from version 1; the first to publish wins, the second hears why.
    let a = manifest("v-one", 0.4);
    let (st, head, body) = req(
        &addr,
        &auth,
        "PUT",
        PATH,
        Some("k-a"),
        &a,
        "If-Match: \"1\"\r\n",
    )
    .await;
    assert_eq!(st, 200, "{body}");
    assert!(head.contains("etag: \"2\""));
    let (st, _, body) = req(
        &addr,
        &auth,
        "PUT",
        PATH,
        Some("k-b"),
        &manifest("v-one", 0.6),
        "If-Match: \"1\"\r\n",
    )
    .await;
    assert_eq!(st, 412, "{body}");
    let e = json_of(&body);
    assert_eq!(e["error"]["current"], 2);
    assert_eq!(
        e["error"]["message"],
        "you edited version 1, but version 2 has been published since"
    );
    // A retry of A's request replays its answer (with its ETag), and publishes nothing more.
    let (st, head, _) = req(
        &addr,
        &auth,
        "PUT",
        PATH,
        Some("k-a"),
        &a,
        "If-Match: \"1\"\r\n",
    )
    .await;
    assert_eq!(st, 200);
    assert!(head.contains("etag: \"2\""));

    // Every version is kept and readable.
    let (st, _, body) = req(
        &addr,
        &auth,
        "GET",
        &format!("{PATH}/versions"),
        None,
        "",
        "",
    )
    .await;
    assert_eq!(st, 200);
    let vs = json_of(&body);
    assert_eq!(vs["versions"].as_array().map(Vec::len), Some(2), "{vs}");
    assert_eq!(vs["versions"][0]["version"], 2);
    let (st, _, body) = req(
        &addr,
        &auth,
        "GET",
        &format!("{PATH}/versions/1"),
        None,
        "",
        "",
    )
    .await;
    assert_eq!((st, body.as_str()), (200, v1.as_str()));
    let (_, _, body) = req(&addr, &auth, "GET", PATH, None, "", "").await;
    assert_eq!(body, a);
}

#[tokio::test]
async fn of_ten_editors_racing_from_one_version_exactly_one_wins() {
    let (addr, db) = start("manifests-race").await;
    let auth = common::seller(&db);
    let path = "/api/videos/v-race/manifest";
    let (st, _, _) = req(
        &addr,
        &auth,
        "PUT",
        path,
        Some("r-0"),
        &manifest("v-race", 0.5),
        "",
    )
    .await;
    assert_eq!(st, 201);
    let tasks: Vec<_> = (0..10)
        .map(|i| {
            let (addr, auth) = (addr.clone(), auth.clone());
            tokio::spawn(async move {
                let body = manifest("v-race", 0.05 * i as f64);
                req(
                    &addr,
                    &auth,
                    "PUT",
                    path,
                    Some(&format!("r-{}", i + 1)),
                    &body,
                    "If-Match: \"1\"\r\n",
                )
                .await
                .0
            })
        })
        .collect();
    let mut codes = Vec::new();
    for t in tasks {
        codes.push(t.await.unwrap_or(0));
    }
    codes.sort_unstable();
    assert_eq!(codes, [200, 412, 412, 412, 412, 412, 412, 412, 412, 412]);
}

#[tokio::test]
async fn a_tracked_manifest_larger_than_other_bodies_is_accepted() {
    let (addr, db) = start("manifests-large").await;
    let auth = common::seller(&db);
    // Six tags tracked over 40 s, 400 keyframes each (the engine allows 1,000 per tag).
    let keys: Vec<Value> = (0..400)
        .map(|k| json!({ "t": k as f64 / 10.0, "x": 0.3 + (k % 100) as f64 / 1000.0, "y": 0.5 }))
        .collect();
    let tags: Vec<Value> = (0..6)
        .map(|i| json!({ "id": format!("t-{i}"), "product": "p-watch", "start": 0, "end": 40, "keyframes": keys }))
        .collect();
    let m = json!({ "version": 1, "video": { "id": "v-big" },
        "products": [{ "id": "p-watch" }], "tags": tags })
    .to_string();
    assert!(m.len() > 64 * 1024, "{} bytes", m.len());
    let (st, _, body) = req(
        &addr,
        &auth,
        "PUT",
        "/api/videos/v-big/manifest",
        Some("big"),
        &m,
        "",
    )
    .await;
    assert_eq!(st, 201, "{body}");
    // Other bodies keep the 64 KiB limit.
    let big = json!({ "customer": "x".repeat(70_000) }).to_string();
    let (st, _, _) = req(&addr, &auth, "POST", "/api/carts", Some("c"), &big, "").await;
    assert_eq!(st, 413);
}
