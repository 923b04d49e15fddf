//! What the bridge answers, checked for shape: every answer is `{ ok: true, value }` or
//! `{ ok: false, reason }`, and each value is read into a typed struct. An answer of the wrong
//! shape becomes a failure that says what was wrong, never a crash.

use overlay::choices::{Axis, AxisValue, Offer, Options};
use overlay::{Deal, Failure, ServerCart};
use serde_json::Value;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use widgets::Tr;

/// Reads a bridge value field by field, naming the path of whatever is missing or mistyped
/// (`products[2].variants[0].price: must be a whole number`). Reading through
/// `serde_json::Value` rather than derived deserializers keeps float formatting and a
/// deserializer per struct out of the Wasm bundle.
pub struct Reader<'a> {
    v: &'a Value,
    path: String,
}

type Read<T> = Result<T, String>;

impl<'a> Reader<'a> {
    pub fn new(v: &'a Value) -> Reader<'a> {
        Reader {
            v,
            path: String::new(),
        }
    }

    fn at(&self, key: &str) -> Reader<'a> {
        let path = if self.path.is_empty() {
            key.to_string()
        } else {
            format!("{}.{key}", self.path)
        };
        Reader {
            v: self.v.get(key).unwrap_or(&Value::Null),
            path,
        }
    }

    fn fail<T>(&self, what: &str) -> Read<T> {
        let at = if self.path.is_empty() {
            "value"
        } else {
            &self.path
        };
        Err(format!("{at}: must be {what}"))
    }

    fn str(&self, key: &str) -> Read<String> {
        let r = self.at(key);
        match r.v.as_str() {
            Some(s) => Ok(s.to_string()),
            None => r.fail("a string"),
        }
    }

    fn opt_str(&self, key: &str) -> Read<Option<String>> {
        let r = self.at(key);
        match r.v {
            Value::Null => Ok(None),
            Value::String(s) => Ok(Some(s.clone())),
            _ => r.fail("a string or null"),
        }
    }

    fn int(&self, key: &str) -> Read<i64> {
        let r = self.at(key);
        match r.v.as_i64() {
            Some(n) => Ok(n),
            None => r.fail("a whole number"),
        }
    }

    fn ms(&self, key: &str) -> Read<f64> {
        Ok(self.int(key)? as f64)
    }

    fn opt_int(&self, key: &str) -> Read<Option<i64>> {
        let r = self.at(key);
        match r.v {
            Value::Null => Ok(None),
            v => v
                .as_i64()
                .map(Some)
                .map_or_else(|| r.fail("a whole number or null"), Ok),
        }
    }

    fn list<T>(&self, key: &str, item: impl Fn(&Reader<'a>) -> Read<T>) -> Read<Vec<T>> {
        let r = self.at(key);
        let Some(items) = r.v.as_array() else {
            return r.fail("an array");
        };
        items
            .iter()
            .enumerate()
            .map(|(i, v)| {
                item(&Reader {
                    v,
                    path: format!("{}[{i}]", r.path),
                })
            })
            .collect()
    }
}

/// Something a bridge answers with.
pub trait FromBridge: Sized {
    fn read(r: &Reader) -> Read<Self>;
}

/// Anything at all (analytics answers nothing useful).
pub struct Ignored;

impl FromBridge for Ignored {
    fn read(_: &Reader) -> Read<Self> {
        Ok(Ignored)
    }
}

/// A product as the commerce API describes it.
#[derive(Clone, Debug)]
pub struct Product {
    pub id: String,
    pub title: String,
    pub currency: String,
    pub image: Option<String>,
    pub url: Option<String>,
    pub variants: Vec<Variant>,
    /// Its option axes, as the API listed them or as its variants' options imply.
    pub axes: Vec<Axis>,
    /// Deals not ended when the answer was made (the engine decides their phase).
    pub deals: Vec<Deal>,
    /// Deals that made no sense (end before start…), ignored; the shop reports them.
    pub problems: Vec<String>,
}

#[derive(Clone, Debug)]
pub struct Variant {
    pub id: String,
    pub options: Options,
    pub price: i64,
    pub compare_at: Option<i64>,
    pub available: i64,
}

/// A variant's options as the viewer reads them, in the order of its product's `axes`: "Black ·
/// 42", or "One size" in the viewer's language.
pub fn options_label(tr: &Tr, axes: &[Axis], o: &Options) -> String {
    let parts = overlay::choices::describe(axes, o);
    if parts.is_empty() {
        tr.t("card.one_size")
    } else {
        parts.join(" · ")
    }
}

/// A variant's options, axis name → value (`{ "size": "42", "color": "Black" }`); a null
/// value is no value.
fn options(r: &Reader) -> Read<Options> {
    let o = r.at("options");
    match o.v {
        Value::Null => Ok(Options::default()),
        Value::Object(map) => map
            .iter()
            .filter(|(_, v)| !v.is_null())
            .map(|(k, v)| match v.as_str() {
                Some(s) => Ok((k.clone(), s.to_string())),
                None => o.at(k).fail("a string or null"),
            })
            .collect::<Read<Vec<_>>>()
            .map(Options),
        _ => o.fail("an object of option values"),
    }
}

fn deal(r: &Reader, product: &str) -> Read<Deal> {
    let count = |key: &str| -> Read<Option<u32>> {
        Ok(r.opt_int(key)?
            .map(|n| n.clamp(0, i64::from(u32::MAX)) as u32))
    };
    Ok(Deal {
        id: r.str("id")?,
        product: product.to_string(),
        variant: r.opt_str("variant_id")?,
        price: r.int("price")?,
        starts_ms: r.ms("starts_ms")?,
        ends_ms: r.ms("ends_ms")?,
        announce_ms: r.opt_int("announce_ms")?.map(|t| t as f64),
        limit: count("limit")?,
        stock_left: count("stock_left")?,
        title: r.opt_str("title")?,
    })
}

/// A product's option axes, in the order to show them: `[{ "name": "color", "label":
/// "Colour", "values": [{ "value": "Black", "label": "Black", "swatch": "#1d1d1f" }] }]`
/// (labels default to the names; a value may be a plain string). A swatch that is not a hex
/// colour is left out, and reported in `problems`.
fn axes(r: &Reader, problems: &mut Vec<String>) -> Read<Option<Vec<Axis>>> {
    if r.at("options").v.is_null() {
        return Ok(None);
    }
    let mut axes = r.list("options", |a| {
        let name = a.str("name")?;
        Ok(Axis {
            label: a.opt_str("label")?.unwrap_or_else(|| name.clone()),
            name,
            values: a.list("values", |v| {
                if let Some(s) = v.v.as_str() {
                    return Ok(AxisValue {
                        value: s.to_string(),
                        label: s.to_string(),
                        swatch: None,
                    });
                }
                let value = v.str("value")?;
                Ok(AxisValue {
                    label: v.opt_str("label")?.unwrap_or_else(|| value.clone()),
                    value,
                    // Checked below.
                    swatch: v.opt_str("swatch")?,
                })
            })?,
        })
    })?;
    for (a, axis) in axes.iter_mut().enumerate() {
        for (i, value) in axis.values.iter_mut().enumerate() {
            let Some(given) = value.swatch.take() else {
                continue;
            };
            value.swatch = overlay::choices::swatch(&given);
            if value.swatch.is_none() {
                problems.push(format!(
                    "{}[{a}].values[{i}].swatch: must be a colour like #1d1d1f; left out",
                    r.at("options").path
                ));
            }
        }
    }
    Ok(Some(axes))
}

impl FromBridge for Product {
    fn read(r: &Reader) -> Read<Product> {
        let id = r.str("id")?;
        let mut problems = Vec::new();
        let mut deals = Vec::new();
        let list = r.at("deals");
        match list.v {
            Value::Null => {}
            Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    let path = format!("{}[{i}]", list.path);
                    let d = Reader {
                        v,
                        path: path.clone(),
                    };
                    match deal(&d, &id) {
                        Ok(d) => match d.check() {
                            Ok(()) => deals.push(d),
                            Err(e) => problems.push(format!("{path}: {e}; the deal is ignored")),
                        },
                        Err(m) => problems.push(format!("{m}; the deal is ignored")),
                    }
                }
            }
            _ => return list.fail("an array"),
        }
        let given = axes(r, &mut problems)?;
        let variants = r.list("variants", |v| {
            Ok(Variant {
                id: v.str("id")?,
                options: options(v)?,
                price: v.int("price")?,
                compare_at: v.opt_int("compare_at")?,
                available: v.int("available")?,
            })
        })?;
        let axes = {
            let offers: Vec<Offer> = variants
                .iter()
                .map(|v| Offer {
                    id: &v.id,
                    options: &v.options,
                    available: v.available,
                    in_cart: 0,
                })
                .collect();
            overlay::choices::complete(given.unwrap_or_default(), &offers)
        };
        Ok(Product {
            deals,
            problems,
            id,
            title: r.str("title")?,
            currency: r.str("currency")?,
            image: r.opt_str("image")?,
            url: r.opt_str("url")?,
            variants,
            axes,
        })
    }
}

#[derive(Debug)]
pub struct Products {
    pub products: Vec<Product>,
    pub missing: Vec<String>,
}

impl FromBridge for Products {
    fn read(r: &Reader) -> Read<Products> {
        Ok(Products {
            products: r.list("products", Product::read)?,
            missing: if r.at("missing").v.is_null() {
                Vec::new()
            } else {
                r.list("missing", |m| match m.v.as_str() {
                    Some(s) => Ok(s.to_string()),
                    None => m.fail("a string"),
                })?
            },
        })
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct CartLine {
    pub variant_id: String,
    pub product_id: String,
    pub title: String,
    pub options: Options,
    pub quantity: u32,
    pub unit_price: i64,
    pub available: i64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Cart {
    pub id: String,
    pub revision: u64,
    pub currency: String,
    pub lines: Vec<CartLine>,
    pub order_id: Option<String>,
}

impl FromBridge for Cart {
    fn read(r: &Reader) -> Read<Cart> {
        let revision = r.int("revision")?;
        Ok(Cart {
            id: r.str("id")?,
            revision: u64::try_from(revision).or_else(|_| r.at("revision").fail("0 or more"))?,
            currency: r.str("currency")?,
            lines: r.list("lines", |l| {
                let quantity = l.int("quantity")?;
                Ok(CartLine {
                    variant_id: l.str("variant_id")?,
                    product_id: l.str("product_id")?,
                    title: l.str("title")?,
                    options: options(l)?,
                    quantity: u32::try_from(quantity)
                        .or_else(|_| l.at("quantity").fail("0 or more"))?,
                    unit_price: l.int("unit_price")?,
                    available: l.int("available")?,
                })
            })?,
            order_id: r.opt_str("order_id")?,
        })
    }
}

impl Cart {
    pub fn server_cart(&self) -> ServerCart {
        ServerCart {
            revision: self.revision,
            lines: self
                .lines
                .iter()
                .map(|l| (l.variant_id.clone(), l.quantity))
                .collect(),
        }
    }
}

/// A LIVE room: what is pinned now and the id of its last event.
pub struct Room {
    pub pinned: Vec<String>,
    pub last_event_id: u64,
}

impl FromBridge for Room {
    fn read(r: &Reader) -> Read<Room> {
        let last = r.int("last_event_id")?;
        Ok(Room {
            pinned: r.list("pinned", |p| match p.v.as_str() {
                Some(s) => Ok(s.to_string()),
                None => p.fail("a product id"),
            })?,
            last_event_id: u64::try_from(last)
                .or_else(|_| r.at("last_event_id").fail("0 or more"))?,
        })
    }
}

/// `serverTime`: the server's clock in Unix milliseconds.
pub struct ServerTime(pub f64);

impl FromBridge for ServerTime {
    fn read(r: &Reader) -> Read<ServerTime> {
        match r.at("now_ms").v.as_f64() {
            Some(t) => Ok(ServerTime(t)),
            None => r.at("now_ms").fail("a number"),
        }
    }
}

#[derive(Debug)]
pub struct Order {
    pub id: String,
    /// The number a person reads and says (`7KQ2-M9XD`), when the bridge has one.
    pub number: Option<String>,
    pub total: i64,
    pub currency: String,
}

impl FromBridge for Order {
    fn read(r: &Reader) -> Read<Order> {
        Ok(Order {
            id: r.str("id")?,
            number: r.opt_str("number")?,
            total: r.int("total")?,
            currency: r.str("currency")?,
        })
    }
}

/// What a checkout answered: the order it placed, or that the app took the checkout over
/// (`{ handoff: true }`: the app opens its own checkout, nothing is ordered yet).
pub enum Checkout {
    Placed(Order),
    HandedOff,
}

impl FromBridge for Checkout {
    fn read(r: &Reader) -> Read<Checkout> {
        let handoff = r.at("handoff");
        match handoff.v {
            Value::Null => Order::read(r).map(Checkout::Placed),
            Value::Bool(true) => Ok(Checkout::HandedOff),
            _ => handoff.fail("true when present"),
        }
    }
}

/// Why a bridge call did not produce a value: the bridge's own typed reason, an answer the
/// engine could not read (`Malformed`), or a refusal that came with the bridge's own text
/// (`Refused`: server or app words, never shown to viewers). The caller reports the last two
/// as `error` events and tells the viewer in the catalog's words. `Stale`: a line change made
/// against an older cart revision, refused, with the cart as it is now.
#[derive(Clone, Debug, PartialEq)]
pub enum CallError {
    Failed(Failure),
    Malformed(String),
    Refused(String),
    Stale(Box<Cart>),
}

/// A refusal the viewer is told about in words of its own: the bridge's `invalid` reason with
/// a deal `code` (`deal_limit` with `max`, how many more this customer may buy at the deal
/// price; `deal_sold_out` with `available`, what is left at it). The engine's
/// `Failure::Invalid` carries text only, so these ride in it in a form no bridge message has
/// (a leading U+0001); [`Refusal::of`] reads them back from a rollback.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    DealLimit { max: u32 },
    DealSoldOut { available: u32 },
}

const REFUSAL_MARK: char = '\u{1}';

impl Refusal {
    pub fn failure(self) -> Failure {
        Failure::Invalid(match self {
            Refusal::DealLimit { max } => format!("{REFUSAL_MARK}deal_limit {max}"),
            Refusal::DealSoldOut { available } => {
                format!("{REFUSAL_MARK}deal_sold_out {available}")
            }
        })
    }

    pub fn of(f: &Failure) -> Option<Refusal> {
        let Failure::Invalid(m) = f else {
            return None;
        };
        let (code, n) = m.strip_prefix(REFUSAL_MARK)?.split_once(' ')?;
        let n: u32 = n.parse().ok()?;
        match code {
            "deal_limit" => Some(Refusal::DealLimit { max: n }),
            "deal_sold_out" => Some(Refusal::DealSoldOut { available: n }),
            _ => None,
        }
    }
}

fn reason(r: &Reader) -> Result<Failure, String> {
    let kind = r.str("kind")?;
    let count = |key: &str| -> Read<u32> {
        Ok(r.opt_int(key)?
            .map_or(0, |n| n.clamp(0, i64::from(u32::MAX)) as u32))
    };
    Ok(match kind.as_str() {
        "network" => Failure::Network,
        "throttled" => Failure::Throttled {
            retry_after_ms: r
                .at("retryAfterMs")
                .v
                .as_f64()
                .filter(|ms| ms.is_finite() && *ms >= 0.0)
                .map(|ms| ms.min(3_600_000.0) as u64),
        },
        "server" => Failure::Server,
        "out_of_stock" => Failure::OutOfStock {
            available: count("available")?,
        },
        "limit" => Failure::Limit { max: count("max")? },
        "not_found" => Failure::NotFound,
        "invalid" => {
            // A deal's own limits have a code and a count; everything else is refused with
            // the bridge's text, which goes to the integrator, not the viewer.
            let n = |key: &str| {
                r.opt_int(key)
                    .ok()
                    .flatten()
                    .map(|n| n.clamp(0, i64::from(u32::MAX)) as u32)
            };
            let code = r.opt_str("code").ok().flatten();
            let refusal = match code.as_deref() {
                Some("deal_limit") => n("max").map(|max| Refusal::DealLimit { max }),
                Some("deal_sold_out") => {
                    n("available").map(|available| Refusal::DealSoldOut { available })
                }
                _ => None,
            };
            match refusal {
                Some(known) => known.failure(),
                None => Failure::Invalid(
                    r.opt_str("message")
                        .ok()
                        .flatten()
                        .unwrap_or_default()
                        .trim_start_matches(REFUSAL_MARK)
                        .to_string(),
                ),
            }
        }
        other => {
            return Err(format!(
                "kind: \"{other}\" is not one of network, throttled, server, out_of_stock, \
                 limit, not_found, invalid, stale"
            ))
        }
    })
}

/// A JS value as JSON (what a bridge answers is plain data).
fn json(v: &JsValue) -> Result<Value, String> {
    if v.is_undefined() {
        return Ok(Value::Null);
    }
    let text = js_sys::JSON::stringify(v)
        .ok()
        .and_then(|s| s.as_string())
        .ok_or("not plain data (JSON.stringify failed)")?;
    // A string that is not well formed (a lone surrogate) shows as U+FFFD, as the browser
    // shows it, instead of losing the whole answer.
    serde_json::from_str(&overlay::json::well_formed(&text))
        .map_err(|e| format!("not plain data ({e})"))
}

fn message_of(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "an exception".into())
}

/// Awaits what a bridge method returned (a promise or a plain answer) and reads it as `T`.
pub async fn answer<T: FromBridge>(
    method: &str,
    returned: Result<JsValue, JsValue>,
) -> Result<T, CallError> {
    let bad = |m: String| CallError::Malformed(format!("bridge.{method}{m}"));
    let returned = returned.map_err(|e| bad(format!(" threw: {}", message_of(&e))))?;
    let settled = JsFuture::from(js_sys::Promise::resolve(&returned))
        .await
        .map_err(|e| bad(format!(" rejected: {}", message_of(&e))))?;
    let get = |k: &str| js_sys::Reflect::get(&settled, &JsValue::from_str(k)).unwrap_or_default();
    if !settled.is_object() {
        return Err(bad(
            " answer: must be { ok, value } or { ok, reason }".into()
        ));
    }
    let ok = get("ok").as_bool();
    let payload = match ok {
        Some(true) => json(&get("value")),
        Some(false) => json(&get("reason")),
        None => Ok(Value::Null),
    };
    read_answer(method, ok, payload)
}

/// Reads a settled answer: `ok`, and its `value` (when true) or `reason` (when false) as JSON,
/// or why that was not plain data. Pure, so it is fuzzed natively (`cargo xtask fuzz bridge`).
pub fn read_answer<T: FromBridge>(
    method: &str,
    ok: Option<bool>,
    payload: Result<Value, String>,
) -> Result<T, CallError> {
    let bad = |m: String| CallError::Malformed(format!("bridge.{method}{m}"));
    match ok {
        Some(true) => {
            let v = payload.map_err(|m| bad(format!(" value: {m}")))?;
            T::read(&Reader::new(&v)).map_err(|m| bad(format!(" value: {m}")))
        }
        Some(false) => {
            let v = payload.map_err(|m| bad(format!(" reason: {m}")))?;
            let r = Reader {
                v: &v,
                path: "reason".into(),
            };
            if r.opt_str("kind").ok().flatten().as_deref() == Some("stale") {
                return match Cart::read(&r.at("cart")) {
                    Ok(cart) => Err(CallError::Stale(Box::new(cart))),
                    Err(m) => Err(bad(format!(": {m}"))),
                };
            }
            match reason(&r) {
                Ok(f) if Refusal::of(&f).is_some() => Err(CallError::Failed(f)),
                Ok(Failure::Invalid(m)) if !m.is_empty() => {
                    Err(CallError::Refused(format!("bridge.{method} refused: {m}")))
                }
                Ok(f) => Err(CallError::Failed(f)),
                Err(m) => Err(bad(format!(": {m}"))),
            }
        }
        None => Err(bad(" answer: \"ok\" must be true or false".into())),
    }
}
