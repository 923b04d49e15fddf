//! The engine's own JSON value: what the manifest validator reads. On the web it is filled
//! from the browser's `JSON.parse` (no JSON parser in the first load); natively, with the
//! `serde_json` feature, from serde_json. Numbers are doubles, as in JavaScript.

/// A JSON value. Objects keep their keys in document order (a key given twice keeps the last
/// value, as `JSON.parse` does).
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    Array(Vec<Value>),
    Object(Map),
}

/// A JSON object's members in document order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Map(Vec<(String, Value)>);

impl Map {
    pub fn new() -> Map {
        Map(Vec::new())
    }

    /// Adds a member; a key already present takes the new value in its first place.
    pub fn insert(&mut self, key: String, value: Value) {
        match self.0.iter_mut().find(|(k, _)| *k == key) {
            Some(slot) => slot.1 = value,
            None => self.0.push((key, value)),
        }
    }

    pub fn get(&self, key: &str) -> Option<&Value> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(k, _)| k.as_str())
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// The largest integer a double holds exactly.
const MAX_SAFE: f64 = 9_007_199_254_740_991.0;

impl Value {
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Number(n) => Some(*n),
            _ => None,
        }
    }

    /// The number as a whole, non-negative integer (`2` and `2.0` alike), if it is one.
    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Value::Number(n) if n.fract() == 0.0 && (0.0..=MAX_SAFE).contains(n) => Some(*n as u64),
            _ => None,
        }
    }

    /// The number as a whole integer, if it is one.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Value::Number(n) if n.fract() == 0.0 && (-MAX_SAFE..=MAX_SAFE).contains(n) => {
                Some(*n as i64)
            }
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Object(m) => m.get(key),
            _ => None,
        }
    }

    /// What kind of value this is, for messages ("must be a string, not an array").
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        }
    }
}

/// JSON text with every escaped lone surrogate (`"\ud800"` without its pair: what
/// `JSON.stringify` writes for a JavaScript string that is not well formed) replaced by
/// `\ufffd`, as the browser shows such a string. A strict reader (serde_json) refuses the text
/// otherwise, and one bad character would lose a whole answer. Borrowed when there is none.
pub fn well_formed(text: &str) -> std::borrow::Cow<'_, str> {
    let b = text.as_bytes();
    let hex = |at: usize| -> Option<u16> {
        let digits = text.get(at..at + 4)?;
        u16::from_str_radix(digits, 16).ok()
    };
    // A `\uXXXX` escape starting at `at` (the backslash).
    let unit = |at: usize| -> Option<u16> {
        (b.get(at) == Some(&b'\\') && b.get(at + 1) == Some(&b'u'))
            .then(|| hex(at + 2))
            .flatten()
    };
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'\\' {
            i += 1;
            continue;
        }
        let Some(u) = unit(i) else {
            // Any other escape is two bytes (`\"`, `\\`, `\n`, …).
            i += 2;
            continue;
        };
        let paired = (0xD800..0xDC00).contains(&u)
            && unit(i + 6).is_some_and(|l| (0xDC00..0xE000).contains(&l));
        if paired {
            i += 12;
        } else if (0xD800..0xE000).contains(&u) {
            let o = out.get_or_insert_with(|| String::with_capacity(text.len()));
            o.push_str(&text[copied..i]);
            o.push_str("\\ufffd");
            i += 6;
            copied = i;
        } else {
            i += 6;
        }
    }
    match out {
        None => std::borrow::Cow::Borrowed(text),
        Some(mut o) => {
            o.push_str(&text[copied..]);
            std::borrow::Cow::Owned(o)
        }
    }
}

/// Where JSON text first breaks the grammar: `(line, column, what was expected)`, 1-based,
/// counted as serde_json counts them. The browser's `JSON.parse` says only that the text is
/// not JSON; this finds the place, on the error path only (it checks the grammar and builds
/// nothing). `None` when the text is JSON.
pub fn syntax_error(text: &str) -> Option<(usize, usize, &'static str)> {
    let mut c = Scan {
        b: text.as_bytes(),
        i: 0,
    };
    let r = c.value(0).and_then(|()| {
        c.ws();
        if c.i < c.b.len() {
            Err("trailing characters")
        } else {
            Ok(())
        }
    });
    let why = r.err()?;
    // serde_json reports the position of the offending character (1-based column).
    let upto = &c.b[..c.i.min(c.b.len())];
    let line = upto.iter().filter(|&&b| b == b'\n').count() + 1;
    let start = upto.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
    // Columns count bytes, as serde_json's do.
    let col = c.i.min(c.b.len()) - start;
    Some((line, col + usize::from(c.i < c.b.len()), why))
}

struct Scan<'a> {
    b: &'a [u8],
    i: usize,
}

type Step = Result<(), &'static str>;

impl Scan<'_> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }

    fn word(&mut self, w: &[u8]) -> Step {
        for &x in w {
            if self.peek() != Some(x) {
                return Err("expected value");
            }
            self.i += 1;
        }
        Ok(())
    }

    fn value(&mut self, depth: usize) -> Step {
        if depth > 128 {
            return Err("recursion limit exceeded");
        }
        self.ws();
        match self.peek() {
            None => Err("EOF while parsing a value"),
            Some(b'{') => self.object(depth),
            Some(b'[') => self.array(depth),
            Some(b'"') => self.string(),
            Some(b't') => self.word(b"true"),
            Some(b'f') => self.word(b"false"),
            Some(b'n') => self.word(b"null"),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err("expected value"),
        }
    }

    fn digits(&mut self) -> usize {
        let from = self.i;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.i += 1;
        }
        self.i - from
    }

    fn number(&mut self) -> Step {
        if self.peek() == Some(b'-') {
            self.i += 1;
        }
        if self.peek() == Some(b'0') {
            self.i += 1;
        } else if self.digits() == 0 {
            return Err("invalid number");
        }
        if self.peek() == Some(b'.') {
            self.i += 1;
            if self.digits() == 0 {
                return Err("invalid number");
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.i += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.i += 1;
            }
            if self.digits() == 0 {
                return Err("invalid number");
            }
        }
        Ok(())
    }

    fn string(&mut self) -> Step {
        self.i += 1;
        loop {
            match self.peek() {
                None => return Err("EOF while parsing a string"),
                Some(b'"') => {
                    self.i += 1;
                    return Ok(());
                }
                Some(b'\\') => {
                    self.i += 1;
                    match self.peek() {
                        Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => self.i += 1,
                        Some(b'u') => {
                            self.i += 1;
                            for _ in 0..4 {
                                if !self.peek().is_some_and(|b| b.is_ascii_hexdigit()) {
                                    return Err("invalid escape");
                                }
                                self.i += 1;
                            }
                        }
                        _ => return Err("invalid escape"),
                    }
                }
                Some(0..=0x1f) => {
                    return Err("control character (\\u0000-\\u001F) found while parsing a string")
                }
                Some(_) => self.i += 1,
            }
        }
    }

    fn array(&mut self, depth: usize) -> Step {
        self.i += 1;
        self.ws();
        if self.peek() == Some(b']') {
            self.i += 1;
            return Ok(());
        }
        loop {
            self.value(depth + 1)?;
            self.ws();
            match self.peek() {
                Some(b',') => self.i += 1,
                Some(b']') => {
                    self.i += 1;
                    return Ok(());
                }
                None => return Err("EOF while parsing a list"),
                Some(_) => return Err("expected `,` or `]`"),
            }
        }
    }

    fn object(&mut self, depth: usize) -> Step {
        self.i += 1;
        self.ws();
        if self.peek() == Some(b'}') {
            self.i += 1;
            return Ok(());
        }
        loop {
            self.ws();
            match self.peek() {
                Some(b'"') => self.string()?,
                None => return Err("EOF while parsing an object"),
                Some(_) => return Err("key must be a string"),
            }
            self.ws();
            match self.peek() {
                Some(b':') => self.i += 1,
                None => return Err("EOF while parsing an object"),
                Some(_) => return Err("expected `:`"),
            }
            self.value(depth + 1)?;
            self.ws();
            match self.peek() {
                Some(b',') => self.i += 1,
                Some(b'}') => {
                    self.i += 1;
                    return Ok(());
                }
                None => return Err("EOF while parsing an object"),
                Some(_) => return Err("expected `,` or `}`"),
            }
        }
    }
}

#[cfg(feature = "serde_json")]
impl From<serde_json::Value> for Value {
    fn from(v: serde_json::Value) -> Value {
        match v {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::Bool(b) => Value::Bool(b),
            // Doubles, as the browser reads them: a number too large for one is infinite and
            // refused where a finite number is required.
            serde_json::Value::Number(n) => Value::Number(n.as_f64().unwrap_or(f64::INFINITY)),
            serde_json::Value::String(s) => Value::String(s),
            serde_json::Value::Array(a) => Value::Array(a.into_iter().map(Value::from).collect()),
            serde_json::Value::Object(o) => {
                let mut m = Map::new();
                for (k, v) in o {
                    m.insert(k, Value::from(v));
                }
                Value::Object(m)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lone_surrogate_escapes_become_replacement_characters() {
        let cases = [
            (r#"{"t":"plain"}"#, r#"{"t":"plain"}"#),
            (r#"{"t":"a\ud800b"}"#, r#"{"t":"a\ufffdb"}"#),
            (
                r#"{"t":"\udc00 \udbff\udbff"}"#,
                r#"{"t":"\ufffd \ufffd\ufffd"}"#,
            ),
            (
                r#"{"t":"pair \ud83d\ude00 kept"}"#,
                r#"{"t":"pair \ud83d\ude00 kept"}"#,
            ),
            (r#"{"t":"\\ud800 is text"}"#, r#"{"t":"\\ud800 is text"}"#),
            (r#"{"t":"\"\ud800\""}"#, r#"{"t":"\"\ufffd\""}"#),
            (r#"{"t":"end \ud800"#, r#"{"t":"end \ufffd"#),
            (r#"{"t":"cut \ud8"#, r#"{"t":"cut \ud8"#),
        ];
        for (text, want) in cases {
            assert_eq!(well_formed(text), want, "{text}");
        }
        assert!(matches!(well_formed("{}"), std::borrow::Cow::Borrowed(_)));
    }

    #[test]
    fn integers_are_whole_doubles() {
        assert_eq!(Value::Number(2.0).as_u64(), Some(2));
        assert_eq!(Value::Number(2.5).as_u64(), None);
        assert_eq!(Value::Number(-1.0).as_u64(), None);
        assert_eq!(Value::Number(-1.0).as_i64(), Some(-1));
        assert_eq!(Value::Number(1e300).as_i64(), None);
        assert_eq!(Value::String("2".into()).as_u64(), None);
    }

    /// The same place and words as serde_json, which the native path reports.
    #[cfg(feature = "serde_json")]
    #[test]
    fn syntax_errors_are_placed_as_serde_json_places_them() {
        let cases = [
            "{\n  \"version\": 1,\n  oops\n}",
            "{\"version\": 1,,}",
            "[1, 2",
            "{\"a\": tru}",
            "{\"a\": 1} x",
            "{\"a\" 1}",
            "[1,]",
            "\"abc",
            "{\"a\": -}",
            "{\"a\": 01}",
            "",
            "  \n  [\"é\", x]",
        ];
        for text in cases {
            let e = serde_json::from_str::<serde_json::Value>(text)
                .err()
                .unwrap_or_else(|| panic!("{text:?} parsed"));
            let got = syntax_error(text).unwrap_or_else(|| panic!("{text:?}: no error found"));
            assert_eq!(
                (got.0, got.1),
                (e.line(), e.column()),
                "{text:?}: {e} vs {got:?}"
            );
        }
        for ok in [
            "{}",
            "[]",
            "{\"a\": [1, -2.5e3, true, null, \"x\\n\"]}",
            " 3 ",
        ] {
            assert_eq!(syntax_error(ok), None, "{ok}");
        }
    }

    #[test]
    fn a_key_given_twice_keeps_the_last_value_in_the_first_place() {
        let mut m = Map::new();
        m.insert("a".into(), Value::Number(1.0));
        m.insert("b".into(), Value::Null);
        m.insert("a".into(), Value::Number(3.0));
        assert_eq!(m.keys().collect::<Vec<_>>(), ["a", "b"]);
        assert_eq!(m.get("a"), Some(&Value::Number(3.0)));
        assert_eq!(m.len(), 2);
    }
}
