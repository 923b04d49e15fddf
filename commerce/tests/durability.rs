//! Kill the real server (SIGKILL) in the middle of a run of checkouts, restart it on the same
//! SQLite file: every order it acknowledged is there, whole, and stock adds up.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use serde_json::Value;

mod common;

struct Server {
    child: Child,
    addr: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn spawn(dir: &std::path::Path) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_commerce"))
        .arg("--dist")
        .arg(dir)
        .arg("--db")
        .arg(dir.join("db.sqlite"))
        .args(["--addr", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("spawn: {e}"));
    let mut line = String::new();
    if let Some(out) = child.stdout.take() {
        let _ = BufReader::new(out).read_line(&mut line);
    }
    let addr = line
        .trim()
        .strip_prefix("listening on http://")
        .unwrap_or_else(|| panic!("server did not start: {line:?}"))
        .to_string();
    Server { child, addr }
}

async fn call(addr: &str, method: &str, path: &str, key: &str, body: &str) -> Option<(u16, Value)> {
    common::try_call(addr, method, path, Some(key), body).await
}

/// The stock of `variant` in a products answer (-1 when it is not there).
fn available(products: &Value, variant: &str) -> i64 {
    products["products"][0]["variants"]
        .as_array()
        .and_then(|vs| vs.iter().find(|v| v["id"] == variant))
        .and_then(|v| v["available"].as_i64())
        .unwrap_or(-1)
}

/// Buys one unit of `variant` through a fresh cart; the order id when acknowledged.
async fn buy(addr: &str, i: usize, variant: &str) -> Option<String> {
    let (_, cart) = call(addr, "POST", "/api/carts", &format!("c{i}"), "").await?;
    let id = cart["id"].as_str()?.to_string();
    let line = format!("/api/carts/{id}/lines/{variant}");
    call(addr, "PUT", &line, &format!("l{i}"), r#"{"quantity":1}"#).await?;
    let (st, order) = call(
        addr,
        "POST",
        &format!("/api/carts/{id}/checkout"),
        &format!("o{i}"),
        "",
    )
    .await?;
    (st == 201)
        .then(|| order["id"].as_str().map(String::from))
        .flatten()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledged_orders_survive_sigkill() {
    let dir = std::env::temp_dir().join(format!("commerce-kill-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::create_dir_all(&dir);
    let _ = std::fs::write(dir.join("index.html"), "<!doctype html>");
    let variant = "p-cap-olive";
    {
        // Seed the file first, with plenty of stock to sell.
        let db = commerce::Db::open(&dir.join("db.sqlite")).unwrap_or_else(|e| panic!("db: {e}"));
        db.run(move |c| commerce::api::set_stock(c, variant, 500))
            .await
            .unwrap_or_else(|e| panic!("{e}"));
    }

    let server = spawn(&dir);
    let (_, before) = call(&server.addr, "GET", "/api/products?ids=p-cap", "-", "")
        .await
        .unwrap_or_else(|| panic!("catalog"));
    let stock_before = available(&before, variant);
    assert_eq!(stock_before, 500);

    // Buyers run concurrently; the server is killed while they are mid-flight.
    let addr = server.addr.clone();
    let buyers = tokio::spawn(async move {
        let mut acked = Vec::new();
        for i in 0..200 {
            match buy(&addr, i, variant).await {
                Some(o) => acked.push(o),
                None if i > 5 => break,
                None => {}
            }
        }
        acked
    });
    tokio::time::sleep(std::time::Duration::from_millis(150)).await;
    drop(server); // SIGKILL
    let acked = buyers.await.unwrap_or_default();
    assert!(
        !acked.is_empty(),
        "some orders were acknowledged before the kill"
    );
    eprintln!("{} orders acknowledged before SIGKILL", acked.len());

    let server = spawn(&dir);
    let mut units = 0;
    for id in &acked {
        let (st, order) = call(&server.addr, "GET", &format!("/api/orders/{id}"), "-", "")
            .await
            .unwrap_or_else(|| panic!("order {id}"));
        assert_eq!(st, 200, "acknowledged order {id} is gone");
        assert_eq!(
            order["lines"].as_array().map(Vec::len),
            Some(1),
            "order {id} is whole"
        );
        units += 1;
    }
    let (_, after) = call(&server.addr, "GET", "/api/products?ids=p-cap", "-", "")
        .await
        .unwrap_or_else(|| panic!("catalog"));
    let stock_after = available(&after, variant);
    // An order may have committed with its reply lost in the kill: stock can be lower by what
    // was committed but never acknowledged, never higher than what was acknowledged allows.
    assert!(
        stock_after <= stock_before - units,
        "{stock_after} > {stock_before} - {units}"
    );
    assert!(
        stock_after >= stock_before - units - 1,
        "at most one order was in flight"
    );
}
