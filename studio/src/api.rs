//! The commerce API as the studio uses it: product search and lookup for the picker and lint,
//! the published manifest with its version, and the conditional publish. Answers are read
//! field by field; anything unexpected is an error that says what was wrong.

use glue::intl::{plain, Money};
use serde_json::Value;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Request, RequestInit, Response};

use crate::bindings::error_text;

/// A catalog product as the picker and lint need it.
#[derive(Clone, Debug, PartialEq)]
pub struct Product {
    pub id: String,
    pub title: String,
    pub image: Option<String>,
    /// Lowest variant price, minor units.
    pub price: Option<i64>,
    pub currency: String,
    /// Units in stock over every variant.
    pub stock: i64,
    /// Deals as the API states them (server ms).
    pub deals: Vec<overlay::Deal>,
}

impl Product {
    fn read(v: &Value) -> Option<Product> {
        let id = v.get("id")?.as_str()?.to_string();
        let title = v.get("title")?.as_str()?.to_string();
        let variants = v.get("variants")?.as_array()?;
        let price = variants
            .iter()
            .filter_map(|x| x.get("price").and_then(Value::as_i64))
            .min();
        let stock = variants
            .iter()
            .filter_map(|x| x.get("available").and_then(Value::as_i64))
            .sum();
        let image = v
            .get("image")
            .and_then(Value::as_str)
            .and_then(|u| overlay::safe_href(u, &origin()));
        let deals = v
            .get("deals")
            .and_then(Value::as_array)
            .map(|ds| ds.iter().filter_map(|d| deal(d, &id)).collect())
            .unwrap_or_default();
        Some(Product {
            id,
            title,
            image,
            price,
            currency: v
                .get("currency")
                .and_then(Value::as_str)
                .unwrap_or("USD")
                .to_string(),
            stock,
            deals,
        })
    }

    /// The price for people, e.g. `$49.00` or `¥4,900` (Intl, the page's locale): the price is
    /// in the currency's minor units, as many digits as `Intl` says the currency has.
    pub fn price_text(&self) -> String {
        let Some(p) = self.price else {
            return String::new();
        };
        match Money::new(&JsValue::UNDEFINED, &self.currency) {
            Some(m) => m.format(p),
            None => format!("{} {}", plain(p, 2), self.currency),
        }
    }
}

fn deal(v: &Value, product: &str) -> Option<overlay::Deal> {
    Some(overlay::Deal {
        id: v.get("id")?.as_str()?.to_string(),
        product: product.to_string(),
        variant: v.get("variant").and_then(Value::as_str).map(str::to_string),
        price: v.get("price")?.as_i64()?,
        starts_ms: v.get("starts_ms")?.as_f64()?,
        ends_ms: v.get("ends_ms")?.as_f64()?,
        announce_ms: v.get("announce_ms").and_then(Value::as_f64),
        limit: None,
        stock_left: None,
        title: v.get("title").and_then(Value::as_str).map(str::to_string),
    })
}

/// The page's origin (links and images must be https or this origin).
pub fn origin() -> String {
    web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default()
}

/// An answer: status, headers we care about, body text.
pub struct Answer {
    pub status: u16,
    pub etag: Option<String>,
    pub text: String,
}

/// The signed-in session's CSRF token, which every change must carry ("" when no one is
/// signed in: the change is then refused with the API's "sign in" answer).
async fn csrf() -> Result<String, String> {
    let a = fetch_once("GET", "/api/session", None, &[]).await?;
    Ok(serde_json::from_str::<Value>(&a.text)
        .ok()
        .and_then(|v| v.get("csrf").and_then(Value::as_str).map(str::to_string))
        .unwrap_or_default())
}

/// One request, as the signed-in seller or creator (with the session's CSRF token when it
/// changes something); network failures are an `Err` saying so.
pub async fn send(
    method: &str,
    url: &str,
    body: Option<&str>,
    headers: &[(&str, &str)],
) -> Result<Answer, String> {
    if method == "GET" {
        return fetch_once(method, url, body, headers).await;
    }
    let token = csrf().await?;
    let mut all = headers.to_vec();
    all.push(("X-CSRF-Token", &token));
    fetch_once(method, url, body, &all).await
}

async fn fetch_once(
    method: &str,
    url: &str,
    body: Option<&str>,
    headers: &[(&str, &str)],
) -> Result<Answer, String> {
    let init = RequestInit::new();
    init.set_method(method);
    if let Some(b) = body {
        init.set_body(&JsValue::from_str(b));
    }
    let req = Request::new_with_str_and_init(url, &init).map_err(|e| error_text(&e))?;
    let h = req.headers();
    for (k, v) in headers {
        h.set(k, v).map_err(|e| error_text(&e))?;
    }
    if body.is_some() {
        h.set("Content-Type", "application/json")
            .map_err(|e| error_text(&e))?;
    }
    let window = web_sys::window().ok_or("no window")?;
    let res: Response = JsFuture::from(window.fetch_with_request(&req))
        .await
        .map_err(|e| format!("the network failed ({})", error_text(&e)))?
        .unchecked_into();
    let etag = res.headers().get("etag").ok().flatten();
    let text = match res.text() {
        Ok(p) => JsFuture::from(p)
            .await
            .ok()
            .and_then(|t| t.as_string())
            .unwrap_or_default(),
        Err(_) => String::new(),
    };
    Ok(Answer {
        status: res.status(),
        etag,
        text,
    })
}

/// The API's error message in an answer, or the status.
pub fn error_message(a: &Answer) -> String {
    serde_json::from_str::<Value>(&a.text)
        .ok()
        .and_then(|v| {
            v.pointer("/error/message")
                .and_then(Value::as_str)
                .map(str::to_string)
        })
        .unwrap_or_else(|| format!("HTTP {}", a.status))
}

fn products_of(a: &Answer) -> Result<(Vec<Product>, Vec<String>), String> {
    if a.status != 200 {
        return Err(error_message(a));
    }
    let v: Value = serde_json::from_str(&a.text).map_err(|_| "the answer is not JSON")?;
    let list = v
        .get("products")
        .and_then(Value::as_array)
        .ok_or("the answer has no products list")?;
    let missing = v
        .get("missing")
        .and_then(Value::as_array)
        .map(|m| {
            m.iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    Ok((list.iter().filter_map(Product::read).collect(), missing))
}

fn encode(s: &str) -> String {
    js_sys::encode_uri_component(s).into()
}

/// Products whose title contains `q` (the first 50 by title for an empty search).
pub async fn search(q: &str) -> Result<Vec<Product>, String> {
    // Only what the signed-in account may tag: its own products, or its programmes'.
    let a = send(
        "GET",
        &format!("/api/products?mine=1&q={}", encode(q)),
        None,
        &[],
    )
    .await?;
    products_of(&a).map(|(p, _)| p)
}

/// Products by id, and the ids the catalog does not have.
pub async fn lookup(ids: &[String]) -> Result<(Vec<Product>, Vec<String>), String> {
    let mut found = Vec::new();
    let mut missing = Vec::new();
    for chunk in ids.chunks(100) {
        let joined: Vec<String> = chunk.iter().map(|i| encode(i)).collect();
        let a = send(
            "GET",
            &format!("/api/products?ids={}", joined.join(",")),
            None,
            &[],
        )
        .await?;
        let (p, m) = products_of(&a)?;
        found.extend(p);
        missing.extend(m);
    }
    Ok((found, missing))
}

/// The published manifest of `video` and its version, or `None` when nothing is published.
pub async fn published(video: &str) -> Result<Option<(String, i64)>, String> {
    let a = send(
        "GET",
        &format!("/api/videos/{}/manifest", encode(video)),
        None,
        &[],
    )
    .await?;
    match a.status {
        200 => {
            let v = a
                .etag
                .as_deref()
                .and_then(version_of)
                .ok_or("the published manifest has no version (ETag)")?;
            Ok(Some((a.text, v)))
        }
        404 => Ok(None),
        _ => Err(error_message(&a)),
    }
}

/// `"3"` → 3.
pub fn version_of(etag: &str) -> Option<i64> {
    etag.trim_start_matches("W/").trim_matches('"').parse().ok()
}

/// How a publish ended.
pub enum Published {
    Version(i64),
    /// Someone published since `base`: the current version, and the API's sentence.
    Conflict(Option<i64>, String),
    /// The engine refused the manifest: every problem.
    Invalid(Vec<(String, String)>),
    Failed(String),
}

/// Publishes `manifest` for `video` as an edit of version `base` (`None`: first publish).
pub async fn publish(video: &str, manifest: &str, base: Option<i64>, key: &str) -> Published {
    let cond = match base {
        Some(v) => ("If-Match", format!("\"{v}\"")),
        None => ("If-None-Match", "*".to_string()),
    };
    let a = match send(
        "PUT",
        &format!("/api/videos/{}/manifest", encode(video)),
        Some(manifest),
        &[(cond.0, cond.1.as_str()), ("Idempotency-Key", key)],
    )
    .await
    {
        Ok(a) => a,
        Err(e) => return Published::Failed(e),
    };
    let v: Value = serde_json::from_str(&a.text).unwrap_or(Value::Null);
    match a.status {
        200 | 201 => match v.get("version").and_then(Value::as_i64) {
            Some(n) => Published::Version(n),
            None => Published::Failed("the answer has no version".into()),
        },
        412 | 428 => Published::Conflict(
            v.pointer("/error/current").and_then(Value::as_i64),
            error_message(&a),
        ),
        422 => Published::Invalid(
            v.pointer("/error/problems")
                .and_then(Value::as_array)
                .map(|ps| {
                    ps.iter()
                        .map(|p| {
                            (
                                p.get("path").and_then(Value::as_str).unwrap_or("").into(),
                                p.get("message")
                                    .and_then(Value::as_str)
                                    .unwrap_or("")
                                    .into(),
                            )
                        })
                        .collect()
                })
                .unwrap_or_default(),
        ),
        _ => Published::Failed(error_message(&a)),
    }
}
