//! The world the access tests run in: a server with the demo's people and another seller and
//! an outside creator, a room, a published video, a cart and an order, and every kind of caller
//! with the header lines it sends.

use serde_json::{json, Value};

use super::{raw, start};
use commerce::auth::{accounts, tokens, Kind, Role, Scope};

pub const PW: &str = "a password for the matrix";

/// The callers, in the order of each row's expected statuses.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Who {
    Anonymous,
    Shopper,
    Owner,
    OtherSeller,
    CreatorIn,
    CreatorOut,
    Host,
    OtherHost,
    Revoked,
    Expired,
    Session,
    NoCsrf,
    CrossSite,
}

pub const WHO: [Who; 13] = [
    Who::Anonymous,
    Who::Shopper,
    Who::Owner,
    Who::OtherSeller,
    Who::CreatorIn,
    Who::CreatorOut,
    Who::Host,
    Who::OtherHost,
    Who::Revoked,
    Who::Expired,
    Who::Session,
    Who::NoCsrf,
    Who::CrossSite,
];

pub struct World {
    pub addr: String,
    pub db: commerce::Db,
    pub variant: String,
    pub room: String,
    pub video: String,
    pub order: String,
    pub cart: String,
    pub tokens: Vec<(Who, String)>,
}

pub fn issue(db: &commerce::Db, handle: &str, days: i64) -> String {
    db.blocking(|conn| {
        let user = accounts::person(conn, handle)?.unwrap_or_default();
        tokens::issue(conn, &user, "matrix", &Scope::ALL, days).map(|t| t.1)
    })
    .unwrap_or_else(|e| panic!("token for {handle}: {e}"))
}

pub async fn send(
    addr: &str,
    method: &str,
    path: &str,
    body: &str,
    extra: &str,
) -> (u16, String, Value) {
    let key = format!("k-{}", next());
    let text = raw(addr, method, path, Some(&key), body, extra)
        .await
        .unwrap_or_default();
    let status = text.get(9..12).and_then(|s| s.parse().ok()).unwrap_or(0);
    let (head, payload) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    (
        status,
        head.to_string(),
        serde_json::from_str(payload).unwrap_or(Value::Null),
    )
}

pub fn next() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    N.fetch_add(1, Ordering::Relaxed)
}

/// Signs the demo seller in; the cookie header line and the CSRF token.
pub async fn session(addr: &str) -> (String, String) {
    session_as(addr, "seller@northwind.example").await
}

/// Signs `handle` in; the cookie header line and the CSRF token.
pub async fn session_as(addr: &str, handle: &str) -> (String, String) {
    let body = json!({ "handle": handle, "password": PW }).to_string();
    let (st, head, v) = send(addr, "POST", "/api/session", &body, "").await;
    assert_eq!(st, 201, "sign in: {v}");
    let cookie = head
        .lines()
        .find_map(|l| l.strip_prefix("set-cookie: "))
        .and_then(|c| c.split(';').next())
        .unwrap_or_default()
        .to_string();
    // The tests' Host is not loopback: the cookie is __Host- and Secure, as on a real site.
    assert!(cookie.starts_with("__Host-sid="), "{head}");
    assert!(head.contains("; Secure;"), "{head}");
    assert!(
        head.contains("HttpOnly") && head.contains("SameSite=Strict"),
        "{head}"
    );
    (
        format!("Cookie: {cookie}\r\n"),
        v["csrf"].as_str().unwrap_or_default().to_string(),
    )
}

pub async fn world(name: &str) -> World {
    let (addr, db) = start(name).await;
    db.blocking(|conn| {
        accounts::seed_demo(conn, PW)?;
        accounts::create(conn, "s-other", Kind::Seller, "Other Goods")?;
        accounts::add_person(conn, "s-other", "admin@other.example", Role::Admin, PW)?;
        accounts::create(conn, "c-outsider", Kind::Creator, "Outsider")?;
        accounts::add_person(conn, "c-outsider", "out@creators.example", Role::Admin, PW)?;
        Ok(())
    })
    .unwrap_or_else(|e| panic!("accounts: {e}"));
    let owner = format!(
        "Authorization: Bearer {}\r\n",
        issue(&db, "seller@northwind.example", 1)
    );
    let mut tokens = vec![
        (Who::Owner, "seller@northwind.example"),
        (Who::OtherSeller, "admin@other.example"),
        (Who::CreatorIn, "maya@creators.example"),
        (Who::CreatorOut, "out@creators.example"),
        (Who::Host, "host@northwind.example"),
        (Who::OtherHost, "admin@other.example"),
        (Who::Revoked, "seller@northwind.example"),
        (Who::Expired, "seller@northwind.example"),
    ]
    .into_iter()
    .map(|(w, h)| (w, issue(&db, h, 1)))
    .collect::<Vec<_>>();
    for (w, t) in &mut tokens {
        let id = t.split('_').nth(1).unwrap_or_default().to_string();
        let column = match w {
            Who::Revoked => "revoked_ms = 1",
            Who::Expired => "expires_ms = 1",
            _ => continue,
        };
        db.blocking(move |conn| {
            conn.execute(
                &format!("UPDATE api_tokens SET {column} WHERE id = ?1"),
                [id],
            )?;
            Ok(())
        })
        .unwrap_or_else(|e| panic!("{e}"));
    }
    let (_, _, p) = send(&addr, "GET", "/api/products?ids=p-watch", "", "").await;
    let variant = p["products"][0]["variants"][0]["id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    // Enough for every caller's checkout.
    db.blocking(|conn| commerce::api::set_stock(conn, &variant, 1000))
        .unwrap_or_else(|e| panic!("{e}"));
    let (st, _, r) = send(&addr, "POST", "/api/rooms", r#"{"title":"Matrix"}"#, &owner).await;
    assert_eq!(st, 201, "{r}");
    let room = r["id"].as_str().unwrap_or_default().to_string();
    let video = "v-matrix".to_string();
    let (st, _, v) = send(
        &addr,
        "PUT",
        &format!("/api/videos/{video}/manifest"),
        &manifest(&video),
        &format!("{owner}If-None-Match: *\r\n"),
    )
    .await;
    assert_eq!(st, 201, "{v}");
    let cart = new_cart(&addr, &variant).await;
    let (st, _, o) = send(
        &addr,
        "POST",
        &format!("/api/carts/{cart}/checkout"),
        "",
        "",
    )
    .await;
    assert_eq!(st, 201, "{o}");
    let order = o["id"].as_str().unwrap_or_default().to_string();
    World {
        cart: new_cart(&addr, &variant).await,
        addr,
        db,
        variant,
        room,
        video,
        order,
        tokens,
    }
}

pub fn manifest(video: &str) -> String {
    json!({
        "version": 1,
        "video": { "id": video, "duration": 20 },
        "products": [{ "id": "p-watch", "name": "Field Watch" }],
        "tags": [{ "id": "t-1", "product": "p-watch", "start": 1, "end": 4, "x": 0.5, "y": 0.5 }]
    })
    .to_string()
}

pub async fn new_cart(addr: &str, variant: &str) -> String {
    let (st, _, c) = send(addr, "POST", "/api/carts", "", "").await;
    assert_eq!(st, 201, "{c}");
    let id = c["id"].as_str().unwrap_or_default().to_string();
    let (st, _, l) = send(
        addr,
        "PUT",
        &format!("/api/carts/{id}/lines/{variant}"),
        r#"{"quantity":1}"#,
        "",
    )
    .await;
    assert_eq!(st, 200, "{l}");
    id
}

impl World {
    /// The header lines `who` sends (a fresh session for the cookie callers).
    pub async fn credentials(&self, who: Who) -> String {
        if let Some((_, t)) = self.tokens.iter().find(|(w, _)| *w == who) {
            return format!("Authorization: Bearer {t}\r\n");
        }
        match who {
            Who::Session | Who::NoCsrf | Who::CrossSite => {
                let (cookie, csrf) = session(&self.addr).await;
                match who {
                    Who::Session => format!("{cookie}X-CSRF-Token: {csrf}\r\n"),
                    Who::NoCsrf => cookie,
                    _ => format!(
                        "{cookie}X-CSRF-Token: {csrf}\r\nOrigin: https://evil.example\r\nSec-Fetch-Site: cross-site\r\n"
                    ),
                }
            }
            _ => String::new(),
        }
    }

    pub async fn path(&self, who: Who, template: &str) -> String {
        let guess = "00000000000000000000000000000000";
        let known = |v: &str| {
            if who == Who::Anonymous {
                guess.to_string()
            } else {
                v.to_string()
            }
        };
        let mut p = template
            .replace("{cart}", &known(&self.cart))
            .replace("{order}", &format!("o-{}", known(&self.order[2..])))
            .replace("{variant}", &self.variant)
            .replace("{room}", &self.room)
            .replace("{video}", &self.video);
        if p.contains("{fresh_cart}") {
            let c = known(&new_cart(&self.addr, &self.variant).await);
            p = p.replace("{fresh_cart}", &c);
        }
        if p.contains("{token}") {
            let t = issue(&self.db, "seller@northwind.example", 1);
            p = p.replace("{token}", t.split('_').nth(1).unwrap_or_default());
        }
        p
    }
}
