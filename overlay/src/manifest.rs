//! The manifest, version 1: the JSON a brand authors for one video, and its validation.
//!
//! Validation walks the whole document and returns every error, each naming its JSON path and
//! the rule it broke (`tags[3].keyframes[1].t: keyframes must be in time order`). Fields this
//! version does not know are ignored with a warning, so a version-1 manifest written for a newer
//! engine (deals, LIVE, attribution) still plays here; a breaking change bumps `version`.
//!
//! Why one file: it is the one validator of the format, field by field in document order, so a
//! rule and its path are read together; split by field, each part would pass the same path,
//! limits and error list down and the order of the checks (the order errors are reported in)
//! would live in no single place.

use std::fmt;

use crate::json::{Map, Value};
use crate::small::StrIndex;

use crate::cart::Attribution;
use crate::deal::Deal;
use crate::motion::{Ease, Keyframe, Track};

/// The manifest version this engine reads.
pub const VERSION: u64 = 1;

/// Bounds that keep a hostile manifest from eating memory or time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    pub max_bytes: usize,
    pub max_products: usize,
    pub max_tags: usize,
    pub max_keyframes_per_tag: usize,
    pub max_keyframes_total: usize,
    pub max_id_chars: usize,
    pub max_text_chars: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: 1024 * 1024,
            max_products: 1_000,
            max_tags: 2_000,
            max_keyframes_per_tag: 1_000,
            max_keyframes_total: 50_000,
            max_id_chars: 64,
            max_text_chars: 200,
        }
    }
}

/// One validation problem: where, and what rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ManifestError {
    /// JSON path such as `tags[3].keyframes[1].t`; empty for the document itself.
    pub path: String,
    pub message: String,
}

impl fmt::Display for ManifestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

/// Every error a manifest has (never empty).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub struct ManifestErrors(pub Vec<ManifestError>);

impl ManifestErrors {
    /// The text is not JSON: `why` says where and what (the browser's or serde_json's words).
    pub fn malformed(why: &str) -> ManifestErrors {
        ManifestErrors(vec![ManifestError {
            path: String::new(),
            message: format!("malformed JSON at {why}"),
        }])
    }
}

impl fmt::Display for ManifestErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.0.len();
        write!(
            f,
            "invalid manifest ({n} error{})",
            if n == 1 { "" } else { "s" }
        )?;
        for e in &self.0 {
            write!(f, "\n  {e}")?;
        }
        Ok(())
    }
}

/// The video a manifest describes.
#[derive(Clone, Debug, PartialEq)]
pub struct Video {
    pub id: String,
    /// Seconds, when the author gave it.
    pub duration: Option<f64>,
}

/// A product the video shows. Details (price, images) come from the commerce API; `name` is
/// the author's fallback for the tag's accessible name.
#[derive(Clone, Debug, PartialEq)]
pub struct Product {
    pub id: String,
    pub name: Option<String>,
}

/// A product tag on the picture.
#[derive(Clone, Debug, PartialEq)]
pub struct Tag {
    pub id: String,
    /// Index into [`Manifest::products`].
    pub product: usize,
    pub start: f64,
    pub end: f64,
    pub track: Track,
    pub label: Option<String>,
}

/// A validated manifest.
#[derive(Clone, Debug, PartialEq)]
pub struct Manifest {
    pub video: Video,
    pub products: Vec<Product>,
    pub tags: Vec<Tag>,
    /// Who gets credit for sales from this video (a creator or affiliate, a campaign); carried
    /// on every cart line the overlay sets and recorded on the order.
    pub attribution: Attribution,
    /// Deals the video features (times in server Unix ms). The commerce API stays the
    /// authority: the overlay shows a deal only as the API states it.
    pub deals: Vec<Deal>,
}

/// A manifest and the warnings met while reading it (unknown fields).
#[derive(Clone, Debug, PartialEq)]
pub struct Parsed {
    pub manifest: Manifest,
    pub warnings: Vec<ManifestError>,
}

impl Manifest {
    /// Parses and validates with the default [`Limits`].
    #[cfg(feature = "serde_json")]
    pub fn parse(json: &str) -> Result<Parsed, ManifestErrors> {
        Self::parse_with(json, &Limits::default())
    }

    /// Parses and validates with explicit limits.
    #[cfg(feature = "serde_json")]
    pub fn parse_with(json: &str, limits: &Limits) -> Result<Parsed, ManifestErrors> {
        too_big(json.len(), limits)?;
        let value: serde_json::Value = serde_json::from_str(json).map_err(|e| {
            ManifestErrors::malformed(&format!(
                "line {}, column {}: {}",
                e.line(),
                e.column(),
                strip_position(&e.to_string())
            ))
        })?;
        Self::validate(&Value::from(value), limits)
    }

    /// Validates a document already parsed (on the web, by the browser's `JSON.parse`) from
    /// `bytes` bytes of JSON text, with the default [`Limits`].
    pub fn from_value(value: &Value, bytes: usize) -> Result<Parsed, ManifestErrors> {
        let limits = Limits::default();
        too_big(bytes, &limits)?;
        Self::validate(value, &limits)
    }

    /// Refuses a document over the byte limit before anything reads it.
    pub fn check_size(bytes: usize) -> Result<(), ManifestErrors> {
        too_big(bytes, &Limits::default())
    }

    fn validate(value: &Value, limits: &Limits) -> Result<Parsed, ManifestErrors> {
        let mut v = Validator {
            limits,
            errors: Vec::new(),
            warnings: Vec::new(),
            keyframes_total: 0,
        };
        let manifest = v.document(value);
        match manifest {
            Some(manifest) if v.errors.is_empty() => Ok(Parsed {
                manifest,
                warnings: v.warnings,
            }),
            _ => Err(ManifestErrors(v.errors)),
        }
    }

    /// The accessible name of tag `i`: its label, else its product's name, else the product id.
    pub fn tag_name(&self, i: usize) -> &str {
        let Some(tag) = self.tags.get(i) else {
            return "";
        };
        let product = self.products.get(tag.product);
        tag.label
            .as_deref()
            .or_else(|| product.and_then(|p| p.name.as_deref()))
            .or_else(|| product.map(|p| p.id.as_str()))
            .unwrap_or("")
    }
}

/// Formats a number for a message: up to six decimals, trailing zeros trimmed. Integer
/// arithmetic only: core's float formatting would add ~20 KiB to the Wasm bundle.
pub fn num(v: f64) -> String {
    if !v.is_finite() {
        return "a non-finite number".into();
    }
    let sign = if v < 0.0 { "-" } else { "" };
    let a = v.abs();
    if a >= 1e12 {
        // Whole, as digits and a power of ten past 15 digits (no 128-bit formatting, which
        // would cost the first load 1.5 KiB).
        let (mut m, mut e) = (a, 0u32);
        while m >= 1e15 {
            m /= 10.0;
            e += 1;
        }
        let digits = m.round() as u64;
        return if e == 0 {
            format!("{sign}{digits}")
        } else {
            format!("{sign}{digits}e{e}")
        };
    }
    let scaled = (a * 1e6).round() as u64;
    let (int, frac) = (scaled / 1_000_000, scaled % 1_000_000);
    let sign = if scaled == 0 { "" } else { sign };
    if frac == 0 {
        format!("{sign}{int}")
    } else {
        let frac = format!("{frac:06}");
        format!("{sign}{int}.{}", frac.trim_end_matches('0'))
    }
}

/// The document's size against the limit, before anything is read.
fn too_big(bytes: usize, limits: &Limits) -> Result<(), ManifestErrors> {
    if bytes > limits.max_bytes {
        return Err(ManifestErrors(vec![ManifestError {
            path: String::new(),
            message: format!(
                "document is {bytes} bytes; the limit is {} bytes",
                limits.max_bytes
            ),
        }]));
    }
    Ok(())
}

/// serde_json appends " at line L column C" to its messages; the caller prints it once.
#[cfg(feature = "serde_json")]
fn strip_position(msg: &str) -> &str {
    msg.find(" at line ").map_or(msg, |i| &msg[..i])
}

struct Validator<'a> {
    limits: &'a Limits,
    errors: Vec<ManifestError>,
    warnings: Vec<ManifestError>,
    keyframes_total: usize,
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

fn type_name(v: &Value) -> &'static str {
    v.type_name()
}

impl Validator<'_> {
    fn err(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.errors.push(ManifestError {
            path: path.into(),
            message: message.into(),
        });
    }

    fn object<'v>(&mut self, v: &'v Value, path: &str) -> Option<&'v Map> {
        match v {
            Value::Object(m) => Some(m),
            other => {
                self.err(path, format!("must be an object, not {}", type_name(other)));
                None
            }
        }
    }

    fn unknown_fields(&mut self, m: &Map, path: &str, known: &[&str]) {
        for k in m.keys() {
            if !known.contains(&k) {
                self.warnings.push(ManifestError {
                    path: join(path, k),
                    message: "unknown field, ignored by manifest version 1".into(),
                });
            }
        }
    }

    fn required<'v>(&mut self, m: &'v Map, path: &str, key: &str) -> Option<&'v Value> {
        let v = m.get(key);
        if v.is_none() {
            self.err(join(path, key), "is required");
        }
        v
    }

    fn string(&mut self, v: &Value, path: &str, max: usize) -> Option<String> {
        let Value::String(s) = v else {
            self.err(path, format!("must be a string, not {}", type_name(v)));
            return None;
        };
        let n = s.chars().count();
        if s.trim().is_empty() {
            self.err(path, "must not be empty");
            None
        } else if n > max {
            self.err(path, format!("is {n} characters; the limit is {max}"));
            None
        } else {
            Some(s.clone())
        }
    }

    fn number(&mut self, v: &Value, path: &str) -> Option<f64> {
        match v.as_f64() {
            Some(n) if n.is_finite() => Some(n),
            Some(_) => {
                self.err(path, "must be a finite number");
                None
            }
            None => {
                self.err(path, format!("must be a number, not {}", type_name(v)));
                None
            }
        }
    }

    fn unit(&mut self, v: &Value, path: &str) -> Option<f64> {
        let n = self.number(v, path)?;
        if (0.0..=1.0).contains(&n) {
            Some(n)
        } else {
            self.err(
                path,
                format!(
                    "must be between 0 and 1 (a fraction of the video frame), not {}",
                    num(n)
                ),
            );
            None
        }
    }

    fn seconds(&mut self, v: &Value, path: &str) -> Option<f64> {
        let n = self.number(v, path)?;
        if n >= 0.0 {
            Some(n)
        } else {
            self.err(path, format!("must be 0 or more seconds, not {}", num(n)));
            None
        }
    }

    fn array<'v>(
        &mut self,
        v: &'v Value,
        path: &str,
        max: usize,
        what: &str,
    ) -> Option<&'v [Value]> {
        let Value::Array(a) = v else {
            self.err(path, format!("must be an array, not {}", type_name(v)));
            return None;
        };
        if a.len() > max {
            self.err(path, format!("has {} {what}; the limit is {max}", a.len()));
            return None;
        }
        Some(a)
    }

    fn document(&mut self, root: &Value) -> Option<Manifest> {
        let m = self.object(root, "")?;
        self.unknown_fields(
            m,
            "",
            &[
                "$schema",
                "version",
                "video",
                "products",
                "tags",
                "attribution",
                "deals",
            ],
        );
        match self.required(m, "", "version") {
            Some(v) => {
                match v.as_u64() {
                    Some(VERSION) => {}
                    Some(n) => {
                        self.err("version", format!("unsupported manifest version {n}; this engine reads version {VERSION}"));
                        // A different version means different rules; checking further would mislead.
                        return None;
                    }
                    None => {
                        self.err("version", format!("must be the integer {VERSION}"));
                        return None;
                    }
                }
            }
            None => return None,
        }
        let video = self.required(m, "", "video").and_then(|v| self.video(v));
        let products = match self.required(m, "", "products") {
            Some(v) => self.products(v),
            None => Vec::new(),
        };
        let tags = match m.get("tags") {
            Some(v) => self.tags(v, &products, video.as_ref()),
            None => Vec::new(),
        };
        let attribution = match m.get("attribution") {
            Some(v) => self.attribution(v)?,
            None => Attribution::default(),
        };
        let deals = match m.get("deals") {
            Some(v) => self.deals(v, &products),
            None => Vec::new(),
        };
        Some(Manifest {
            video: video?,
            products,
            tags,
            attribution,
            deals,
        })
    }

    /// Deals are checked one by one; a broken deal is a warning and is left out, so a bad
    /// deal never takes the video's tags down with it.
    fn deals(&mut self, v: &Value, products: &[Product]) -> Vec<Deal> {
        let Some(items) = self.array(v, "deals", self.limits.max_products, "deals") else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let path = format!("deals[{i}]");
            let mut one = Validator {
                limits: self.limits,
                errors: Vec::new(),
                warnings: Vec::new(),
                keyframes_total: 0,
            };
            let d = one.deal(item, &path, products);
            self.warnings.append(&mut one.warnings);
            match d {
                Some(d) if one.errors.is_empty() => out.push(d),
                _ => self
                    .warnings
                    .extend(one.errors.into_iter().map(|e| ManifestError {
                        message: format!("{}; the deal is ignored", e.message),
                        ..e
                    })),
            }
        }
        out
    }

    fn deal(&mut self, v: &Value, path: &str, products: &[Product]) -> Option<Deal> {
        let m = self.object(v, path)?;
        self.unknown_fields(
            m,
            path,
            &[
                "id",
                "product",
                "variant",
                "price",
                "starts_ms",
                "ends_ms",
                "announce_ms",
                "limit",
                "stock",
                "title",
            ],
        );
        let max_id = self.limits.max_id_chars;
        let id = self
            .required(m, path, "id")
            .and_then(|v| self.string(v, &join(path, "id"), max_id));
        let product = self
            .required(m, path, "product")
            .and_then(|v| self.string(v, &join(path, "product"), max_id));
        if let Some(p) = &product {
            if !products.iter().any(|x| &x.id == p) {
                self.err(
                    join(path, "product"),
                    format!("unknown product \"{p}\"; list it in products"),
                );
            }
        }
        let variant = m
            .get("variant")
            .and_then(|v| self.string(v, &join(path, "variant"), max_id));
        let mut whole = |key: &str, min: i64, required: bool| -> Option<Option<i64>> {
            let at = join(path, key);
            match m.get(key) {
                None if required => {
                    self.err(at, "is required");
                    None
                }
                None => Some(None),
                Some(v) => match v.as_i64() {
                    Some(n) if n >= min => Some(Some(n)),
                    _ => {
                        self.err(at, format!("must be a whole number, {min} or more"));
                        None
                    }
                },
            }
        };
        let price = whole("price", 0, true);
        let starts = whole("starts_ms", 0, true);
        let ends = whole("ends_ms", 0, true);
        let announce = whole("announce_ms", 0, false);
        let limit = whole("limit", 1, false);
        let stock = whole("stock", 0, false);
        let title = m
            .get("title")
            .and_then(|v| self.string(v, &join(path, "title"), self.limits.max_text_chars));
        let d = Deal {
            id: id?,
            product: product?,
            variant,
            price: price??,
            starts_ms: starts?? as f64,
            ends_ms: ends?? as f64,
            announce_ms: announce?.map(|t| t as f64),
            limit: limit?.map(|n| n.min(i64::from(u32::MAX)) as u32),
            stock_left: stock?.map(|n| n.min(i64::from(u32::MAX)) as u32),
            title,
        };
        if let Err(e) = d.check() {
            let field = match e {
                crate::deal::DealError::AnnouncedAfterStart => "announce_ms",
                crate::deal::DealError::NegativePrice => "price",
                _ => "ends_ms",
            };
            self.err(join(path, field), e.to_string());
            return None;
        }
        Some(d)
    }

    fn attribution(&mut self, v: &Value) -> Option<Attribution> {
        let m = self.object(v, "attribution")?;
        self.unknown_fields(m, "attribution", &["creator", "campaign"]);
        let mut field = |key: &str| match m.get(key) {
            None | Some(Value::Null) => Some(None),
            Some(v) => self
                .string(v, &join("attribution", key), self.limits.max_id_chars)
                .map(Some),
        };
        let creator = field("creator");
        let campaign = field("campaign");
        Some(Attribution {
            creator: creator?,
            campaign: campaign?,
            video: None,
        })
    }

    fn video(&mut self, v: &Value) -> Option<Video> {
        let m = self.object(v, "video")?;
        self.unknown_fields(m, "video", &["id", "duration"]);
        let id = self
            .required(m, "video", "id")
            .and_then(|v| self.string(v, "video.id", self.limits.max_id_chars));
        let duration = match m.get("duration") {
            Some(d) => match self.number(d, "video.duration") {
                Some(n) if n > 0.0 => Some(Some(n)),
                Some(n) => {
                    self.err(
                        "video.duration",
                        format!("must be more than 0 seconds, not {}", num(n)),
                    );
                    None
                }
                None => None,
            },
            None => Some(None),
        };
        Some(Video {
            id: id?,
            duration: duration?,
        })
    }

    fn products(&mut self, v: &Value) -> Vec<Product> {
        let Some(items) = self.array(v, "products", self.limits.max_products, "products") else {
            return Vec::new();
        };
        let mut out = Vec::with_capacity(items.len());
        let mut seen = StrIndex::new();
        for (i, item) in items.iter().enumerate() {
            let path = format!("products[{i}]");
            let Some(m) = self.object(item, &path) else {
                continue;
            };
            self.unknown_fields(m, &path, &["id", "name"]);
            let id = self
                .required(m, &path, "id")
                .and_then(|v| self.string(v, &join(&path, "id"), self.limits.max_id_chars));
            let name = m
                .get("name")
                .and_then(|v| self.string(v, &join(&path, "name"), self.limits.max_text_chars));
            let Some(id) = id else { continue };
            if let Some(first) = seen.insert(id.clone(), i) {
                self.err(
                    join(&path, "id"),
                    format!("duplicate product id \"{id}\" (first used at products[{first}])"),
                );
                continue;
            }
            out.push(Product { id, name });
        }
        out
    }

    fn tags(&mut self, v: &Value, products: &[Product], video: Option<&Video>) -> Vec<Tag> {
        let Some(items) = self.array(v, "tags", self.limits.max_tags, "tags") else {
            return Vec::new();
        };
        let mut index = StrIndex::new();
        for (i, p) in products.iter().enumerate() {
            index.insert(p.id.clone(), i);
        }
        let mut seen = StrIndex::new();
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let path = format!("tags[{i}]");
            if let Some(tag) = self.tag(item, &path, &index, video) {
                if let Some(first) = seen.insert(tag.id.clone(), i) {
                    self.err(
                        join(&path, "id"),
                        format!(
                            "duplicate tag id \"{}\" (first used at tags[{first}])",
                            tag.id
                        ),
                    );
                    continue;
                }
                out.push(tag);
            }
        }
        out
    }

    fn tag(
        &mut self,
        item: &Value,
        path: &str,
        products: &StrIndex,
        video: Option<&Video>,
    ) -> Option<Tag> {
        let m = self.object(item, path)?;
        self.unknown_fields(
            m,
            path,
            &[
                "id",
                "product",
                "start",
                "end",
                "x",
                "y",
                "keyframes",
                "label",
            ],
        );
        let id = self
            .required(m, path, "id")
            .and_then(|v| self.string(v, &join(path, "id"), self.limits.max_id_chars));
        let product = self
            .required(m, path, "product")
            .and_then(|v| self.string(v, &join(path, "product"), self.limits.max_id_chars))
            .and_then(|p| match products.get(&p) {
                Some(i) => Some(i),
                None => {
                    self.err(
                        join(path, "product"),
                        format!("unknown product \"{p}\"; list it in products"),
                    );
                    None
                }
            });
        let start = self
            .required(m, path, "start")
            .and_then(|v| self.seconds(v, &join(path, "start")));
        let end = self
            .required(m, path, "end")
            .and_then(|v| self.seconds(v, &join(path, "end")));
        if let (Some(s), Some(e)) = (start, end) {
            if e <= s {
                self.err(
                    join(path, "end"),
                    format!("must be after start ({} is not after {})", num(e), num(s)),
                );
            }
        }
        if let (Some(s), Some(d)) = (start, video.and_then(|v| v.duration)) {
            if s >= d {
                self.err(
                    join(path, "start"),
                    format!(
                        "is at or after the end of the video ({} ≥ {})",
                        num(s),
                        num(d)
                    ),
                );
            }
        }
        let label = m
            .get("label")
            .and_then(|v| self.string(v, &join(path, "label"), self.limits.max_text_chars));
        let track = self.track(m, path);
        let (id, product, start, end, track) = (id?, product?, start?, end?, track?);
        if end <= start {
            return None;
        }
        Some(Tag {
            id,
            product,
            start,
            end,
            track,
            label,
        })
    }

    fn track(&mut self, m: &Map, path: &str) -> Option<Track> {
        let has_point = m.contains_key("x") || m.contains_key("y");
        match (m.get("keyframes"), has_point) {
            (Some(_), true) => {
                self.err(path, "give either x and y or keyframes, not both");
                None
            }
            (Some(k), false) => self
                .keyframes(k, &join(path, "keyframes"))
                .map(Track::Keyframes),
            (None, _) => {
                let x = self
                    .required(m, path, "x")
                    .and_then(|v| self.unit(v, &join(path, "x")));
                let y = self
                    .required(m, path, "y")
                    .and_then(|v| self.unit(v, &join(path, "y")));
                Some(Track::Fixed { x: x?, y: y? })
            }
        }
    }

    fn keyframes(&mut self, v: &Value, path: &str) -> Option<Vec<Keyframe>> {
        let items = self.array(v, path, self.limits.max_keyframes_per_tag, "keyframes")?;
        if items.is_empty() {
            self.err(path, "must have at least one keyframe");
            return None;
        }
        self.keyframes_total += items.len();
        if self.keyframes_total > self.limits.max_keyframes_total {
            self.err(
                path,
                format!(
                    "the manifest has more than {} keyframes in all",
                    self.limits.max_keyframes_total
                ),
            );
            return None;
        }
        let mut out = Vec::with_capacity(items.len());
        let mut ok = true;
        let mut prev: Option<f64> = None;
        for (i, item) in items.iter().enumerate() {
            let kp = format!("{path}[{i}]");
            let Some(m) = self.object(item, &kp) else {
                ok = false;
                continue;
            };
            self.unknown_fields(m, &kp, &["t", "x", "y", "ease"]);
            let t = self
                .required(m, &kp, "t")
                .and_then(|v| self.seconds(v, &join(&kp, "t")));
            let x = self
                .required(m, &kp, "x")
                .and_then(|v| self.unit(v, &join(&kp, "x")));
            let y = self
                .required(m, &kp, "y")
                .and_then(|v| self.unit(v, &join(&kp, "y")));
            let ease = match m.get("ease") {
                None => Some(Ease::Linear),
                Some(Value::String(s)) => match Ease::from_name(s) {
                    Some(e) => Some(e),
                    None => {
                        self.err(
                            join(&kp, "ease"),
                            format!("unknown ease \"{s}\"; use \"linear\" or \"ease-in-out\""),
                        );
                        None
                    }
                },
                Some(other) => {
                    self.err(
                        join(&kp, "ease"),
                        format!("must be a string, not {}", type_name(other)),
                    );
                    None
                }
            };
            if let (Some(t), Some(p)) = (t, prev) {
                if t <= p {
                    self.err(
                        join(&kp, "t"),
                        format!(
                            "keyframes must be in time order ({} is not after {})",
                            num(t),
                            num(p)
                        ),
                    );
                    ok = false;
                }
            }
            if t.is_some() {
                prev = t;
            }
            match (t, x, y, ease) {
                (Some(t), Some(x), Some(y), Some(ease)) => out.push(Keyframe { t, x, y, ease }),
                _ => ok = false,
            }
        }
        ok.then_some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::num;

    #[test]
    fn numbers_in_messages() {
        assert_eq!(num(0.0), "0");
        assert_eq!(num(-0.0), "0");
        assert_eq!(num(1.5), "1.5");
        assert_eq!(num(-0.1), "-0.1");
        assert_eq!(num(2.0), "2");
        assert_eq!(num(0.1234567), "0.123457");
        assert_eq!(num(1e13), "10000000000000");
        assert_eq!(num(-2.5e20), "-250000000000000e6");
        assert_eq!(num(f64::MAX), "179769313486232e294");
        assert_eq!(num(f64::NAN), "a non-finite number");
    }
}
