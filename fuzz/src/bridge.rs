//! Target: the bridge-answer reader (`shop::wire::read_answer`), fed a settled answer as JSON
//! text (`{ok, value}` or `{ok, reason}`, as a REST adapter or an app's envelope hands it over)
//! and read as each answer type the shop asks for. Every answer ends in a typed value, a typed
//! failure, or an error that names the call and where in the answer it went wrong.

use serde_json::Value;
use shop::wire::{
    read_answer, CallError, Cart, Checkout, FromBridge, Order, Products, Room, ServerTime,
};

use crate::manifest::shape;
use crate::Outcome;

/// The calls whose answers the shop reads, with the type each is read as.
const CALLS: [&str; 6] = [
    "products",
    "cart",
    "checkout",
    "order",
    "room",
    "serverTime",
];

pub fn run(input: &[u8]) -> Outcome {
    // The JS side hands over plain data only: a mutation that is no longer JSON is used as the
    // randomness for a change to the structure of a well-formed answer instead.
    let answer = serde_json::from_slice::<Value>(input).unwrap_or_else(|_| structural(input));
    let ok = answer.get("ok").and_then(Value::as_bool);
    let payload = match ok {
        Some(true) => answer.get("value").cloned().unwrap_or(Value::Null),
        Some(false) => answer.get("reason").cloned().unwrap_or(Value::Null),
        None => Value::Null,
    };
    let mut signature = String::new();
    for method in CALLS {
        let got = match method {
            "products" => check::<Products>(method, ok, &payload),
            "cart" => check::<Cart>(method, ok, &payload),
            "checkout" => check::<Checkout>(method, ok, &payload),
            "order" => check::<Order>(method, ok, &payload),
            "room" => check::<Room>(method, ok, &payload),
            _ => check::<ServerTime>(method, ok, &payload),
        };
        match got {
            Ok(s) => signature.push_str(&s),
            Err(bad) => return bad,
        }
        signature.push(' ');
    }
    if ok == Some(true) && !signature.contains("value ok") {
        Outcome::rejected(signature)
    } else {
        Outcome::accepted(signature)
    }
}

/// One reading: its kind for the signature, or the broken invariant.
fn check<T: FromBridge>(
    method: &str,
    ok: Option<bool>,
    payload: &Value,
) -> Result<String, Outcome> {
    match read_answer::<T>(method, ok, Ok(payload.clone())) {
        Ok(_) => Ok(format!("{method}:value ok")),
        Err(CallError::Failed(f)) => Ok(format!("{method}:failed {}", shape(&format!("{f:?}")))),
        Err(CallError::Stale(_)) => Ok(format!("{method}:stale")),
        Err(CallError::Refused(m)) => {
            if !m.starts_with(&format!("bridge.{method} refused: ")) || m.trim_end().ends_with(':')
            {
                return Err(Outcome::bad(format!("a refusal without its words: {m}")));
            }
            Ok(format!("{method}:refused"))
        }
        Err(CallError::Malformed(m)) => {
            // Names the call, and where: the answer's shape, its value or its reason.
            let named = m.starts_with(&format!("bridge.{method} "))
                || m.starts_with(&format!("bridge.{method}:"));
            let placed = ["value", "reason", "answer", "kind"]
                .iter()
                .any(|w| m.contains(w));
            if !named || !placed {
                return Err(Outcome::bad(format!(
                    "an error that does not say where: {m}"
                )));
            }
            Ok(format!(
                "{method}:malformed {}",
                shape(m.split(':').nth(1).unwrap_or(""))
            ))
        }
    }
}

/// Well-formed answers to change.
const BASES: [&str; 5] = [
    r#"{"ok":true,"value":{"products":[{"id":"p","title":"T","currency":"USD","image":"/i.svg","url":"https://x.example/p","variants":[{"id":"v","options":{"color":"Black","size":null},"price":100,"compare_at":null,"available":2}],"deals":[{"id":"d","product_id":"p","variant_id":null,"price":80,"starts_ms":1,"ends_ms":2,"announce_ms":null,"limit":2,"stock_left":5,"title":"D"}]}],"missing":["q"]}}"#,
    r#"{"ok":true,"value":{"id":"c","revision":2,"currency":"USD","order_id":null,"lines":[{"variant_id":"v","product_id":"p","title":"T","options":{"color":null,"size":"M"},"quantity":1,"unit_price":100,"available":3}]}}"#,
    r#"{"ok":false,"reason":{"kind":"stale","cart":{"id":"c","revision":3,"currency":"USD","lines":[]},"message":"m"}}"#,
    r#"{"ok":false,"reason":{"kind":"invalid","code":"deal_limit","max":2,"message":"m"}}"#,
    r#"{"ok":true,"value":{"id":"r","title":"R","pinned":["p"],"last_event_id":4,"now_ms":5,"total":9,"currency":"USD","handoff":true}}"#,
];

/// A well-formed answer changed in one to four places, `entropy` choosing where and how.
fn structural(entropy: &[u8]) -> Value {
    let mut bytes = entropy.iter().copied().cycle().chain(std::iter::repeat(0));
    let mut next = move || usize::from(bytes.next().unwrap_or(0));
    let mut v: Value = serde_json::from_str(BASES[next() % BASES.len()]).unwrap_or(Value::Null);
    for _ in 0..1 + next() % 4 {
        let replacement = match next() % 14 {
            0 => Value::Null,
            1 => Value::Bool(next() % 2 == 0),
            2 => serde_json::json!(-1),
            3 => serde_json::json!(0),
            4 => serde_json::json!(1.5),
            5 => serde_json::json!(1e308),
            6 => serde_json::json!(i64::MAX),
            7 => serde_json::json!(u64::MAX),
            8 => Value::String(String::new()),
            9 => Value::String("\u{202e}x\u{fffd}".repeat(1 + next() % 3)),
            10 => Value::String("y".repeat(next() * 40)),
            11 => Value::Array(Vec::new()),
            12 => serde_json::json!({}),
            _ => serde_json::json!("stale"),
        };
        // Walk down to a random node (as a JSON pointer) and put the replacement there.
        let mut path = String::new();
        let mut at = &v;
        for _ in 0..next() % 6 {
            match at {
                Value::Object(m) if !m.is_empty() => {
                    if let Some((k, c)) = m.iter().nth(next() % m.len()) {
                        path.push('/');
                        path.push_str(&k.replace('~', "~0").replace('/', "~1"));
                        at = c;
                    }
                }
                Value::Array(a) if !a.is_empty() => {
                    let k = next() % a.len();
                    path.push_str(&format!("/{k}"));
                    at = &a[k];
                }
                _ => break,
            }
        }
        if let Some(slot) = v.pointer_mut(&path) {
            *slot = replacement;
        }
    }
    v
}
