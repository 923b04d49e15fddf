//! The studio's editable document: a manifest as plain data the edits can change, written back
//! as version-1 manifest JSON and checked by the viewer's own validator, so what the studio
//! exports is exactly what the viewer reads. Confidence traces from tracking ride along in the
//! saved draft for the timeline, but never in the manifest.

use overlay::manifest::{num, Manifest, ManifestErrors, Parsed};
pub use overlay::manifest::{Product, Video};
use overlay::{Attribution, Deal, Keyframe, Track};
use serde_json::{json, Map, Value};

/// A tag as the studio edits it: always keyframes (one keyframe is a tag that stands still).
#[derive(Clone, Debug, PartialEq)]
pub struct Tag {
    pub id: String,
    pub product: String,
    pub start: f64,
    pub end: f64,
    pub label: Option<String>,
    /// In time order, never empty.
    pub keyframes: Vec<Keyframe>,
    /// Tracking confidence (time, 0..=1) from the last run over this tag; studio-only.
    pub confidence: Vec<(f64, f32)>,
}

impl Tag {
    /// Where the tag is at time `t` (the viewer's own motion rule).
    pub fn position_at(&self, t: f64) -> (f64, f64) {
        Track::Keyframes(self.keyframes.clone()).position_at(t)
    }

    /// Whether the tag is on screen at `t` (`[start, end)`, as the viewer shows it).
    pub fn shows_at(&self, t: f64) -> bool {
        t >= self.start && t < self.end
    }
}

/// The document.
#[derive(Clone, Debug, PartialEq)]
pub struct Draft {
    pub video: Video,
    pub attribution: Attribution,
    pub products: Vec<Product>,
    pub tags: Vec<Tag>,
    /// Deals imported with the manifest, kept as they were.
    pub deals: Vec<Deal>,
}

/// Times in the manifest: six decimals keep every frame boundary of any common frame rate
/// on the right frame (a rounded boundary stays within a microsecond of it).
fn time(t: f64) -> Value {
    json!((t * 1e6).round() / 1e6)
}

/// Positions: five decimals is a twentieth of a pixel on a 4K picture.
fn unit(v: f64) -> Value {
    json!((v.clamp(0.0, 1.0) * 1e5).round() / 1e5)
}

impl Draft {
    /// An empty draft for a video.
    pub fn new(video_id: &str, duration: Option<f64>) -> Draft {
        Draft {
            video: Video {
                id: video_id.to_string(),
                duration,
            },
            attribution: Attribution::default(),
            products: Vec::new(),
            tags: Vec::new(),
            deals: Vec::new(),
        }
    }

    /// The draft of a validated manifest.
    pub fn from_manifest(m: &Manifest) -> Draft {
        let tags = m
            .tags
            .iter()
            .map(|t| Tag {
                id: t.id.clone(),
                product: m
                    .products
                    .get(t.product)
                    .map(|p| p.id.clone())
                    .unwrap_or_default(),
                start: t.start,
                end: t.end,
                label: t.label.clone(),
                keyframes: match &t.track {
                    Track::Fixed { x, y } => vec![Keyframe {
                        t: t.start,
                        x: *x,
                        y: *y,
                        ease: Default::default(),
                    }],
                    Track::Keyframes(k) => k.clone(),
                },
                confidence: Vec::new(),
            })
            .collect();
        Draft {
            video: m.video.clone(),
            attribution: m.attribution.clone(),
            products: m.products.clone(),
            tags,
            deals: m.deals.clone(),
        }
    }

    /// Reads manifest JSON (an import): every error with its path, or the draft and the
    /// validator's warnings.
    pub fn import(json: &str) -> Result<(Draft, Parsed), ManifestErrors> {
        let parsed = Manifest::parse(json)?;
        Ok((Draft::from_manifest(&parsed.manifest), parsed))
    }

    /// The manifest as a JSON value (what is exported and published).
    pub fn to_value(&self) -> Value {
        let mut doc = Map::new();
        doc.insert("version".into(), json!(overlay::manifest::VERSION));
        let mut video = Map::new();
        video.insert("id".into(), json!(self.video.id));
        if let Some(d) = self.video.duration {
            video.insert("duration".into(), time(d));
        }
        doc.insert("video".into(), Value::Object(video));
        let a = &self.attribution;
        if a.creator.is_some() || a.campaign.is_some() {
            let mut attr = Map::new();
            if let Some(c) = &a.creator {
                attr.insert("creator".into(), json!(c));
            }
            if let Some(c) = &a.campaign {
                attr.insert("campaign".into(), json!(c));
            }
            doc.insert("attribution".into(), Value::Object(attr));
        }
        let products: Vec<Value> = self
            .products
            .iter()
            .map(|p| match &p.name {
                Some(n) => json!({ "id": p.id, "name": n }),
                None => json!({ "id": p.id }),
            })
            .collect();
        doc.insert("products".into(), Value::Array(products));
        let tags: Vec<Value> = self.tags.iter().map(tag_value).collect();
        doc.insert("tags".into(), Value::Array(tags));
        if !self.deals.is_empty() {
            let deals: Vec<Value> = self.deals.iter().map(deal_value).collect();
            doc.insert("deals".into(), Value::Array(deals));
        }
        Value::Object(doc)
    }

    /// The manifest JSON, indented for people and diffs.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(&self.to_value()).unwrap_or_default()
    }

    /// Checks the draft with the viewer's validator.
    pub fn validate(&self) -> Result<Parsed, ManifestErrors> {
        Manifest::parse(&self.to_json())
    }

    pub fn tag(&self, id: &str) -> Option<&Tag> {
        self.tags.iter().find(|t| t.id == id)
    }

    pub fn tag_index(&self, id: &str) -> Option<usize> {
        self.tags.iter().position(|t| t.id == id)
    }

    /// The name people know a product by in this draft.
    pub fn product_name(&self, id: &str) -> String {
        self.products
            .iter()
            .find(|p| p.id == id)
            .and_then(|p| p.name.clone())
            .unwrap_or_else(|| id.to_string())
    }

    /// The draft as saved in the browser between sessions: the manifest plus the confidence
    /// traces (which the manifest does not carry).
    pub fn to_saved(&self) -> String {
        let confidence: Map<String, Value> = self
            .tags
            .iter()
            .filter(|t| !t.confidence.is_empty())
            .map(|t| {
                let pts: Vec<Value> = t
                    .confidence
                    .iter()
                    .map(|(t, c)| json!([(t * 1e6).round() / 1e6, (*c * 100.0).round() / 100.0]))
                    .collect();
                (t.id.clone(), Value::Array(pts))
            })
            .collect();
        json!({ "manifest": self.to_value(), "confidence": confidence }).to_string()
    }

    /// Reads a saved draft back. A saved draft that no longer validates is refused with the
    /// validator's errors (the caller keeps the stored text).
    pub fn from_saved(text: &str) -> Result<Draft, ManifestErrors> {
        let bad = |message: &str| {
            ManifestErrors(vec![overlay::ManifestError {
                path: String::new(),
                message: message.to_string(),
            }])
        };
        let v: Value =
            serde_json::from_str(text).map_err(|_| bad("the saved draft is not JSON"))?;
        let manifest = v
            .get("manifest")
            .ok_or_else(|| bad("the saved draft has no manifest"))?;
        let (mut draft, _) = Draft::import(&manifest.to_string())?;
        if let Some(Value::Object(conf)) = v.get("confidence") {
            for tag in &mut draft.tags {
                if let Some(Value::Array(pts)) = conf.get(&tag.id) {
                    tag.confidence = pts
                        .iter()
                        .filter_map(|p| {
                            let t = p.get(0)?.as_f64()?;
                            let c = p.get(1)?.as_f64()?;
                            (t.is_finite() && (0.0..=1.0).contains(&c)).then_some((t, c as f32))
                        })
                        .collect();
                }
            }
        }
        Ok(draft)
    }
}

fn tag_value(t: &Tag) -> Value {
    let mut m = Map::new();
    m.insert("id".into(), json!(t.id));
    m.insert("product".into(), json!(t.product));
    m.insert("start".into(), time(t.start));
    m.insert("end".into(), time(t.end));
    if let Some(l) = &t.label {
        m.insert("label".into(), json!(l));
    }
    match t.keyframes.as_slice() {
        [only] => {
            m.insert("x".into(), unit(only.x));
            m.insert("y".into(), unit(only.y));
        }
        keys => {
            let ks: Vec<Value> = keys
                .iter()
                .map(|k| {
                    let mut o = Map::new();
                    o.insert("t".into(), time(k.t));
                    o.insert("x".into(), unit(k.x));
                    o.insert("y".into(), unit(k.y));
                    if k.ease != overlay::Ease::Linear {
                        o.insert("ease".into(), json!(k.ease.name()));
                    }
                    Value::Object(o)
                })
                .collect();
            m.insert("keyframes".into(), Value::Array(ks));
        }
    }
    Value::Object(m)
}

fn deal_value(d: &Deal) -> Value {
    let mut m = Map::new();
    m.insert("id".into(), json!(d.id));
    m.insert("product".into(), json!(d.product));
    if let Some(v) = &d.variant {
        m.insert("variant".into(), json!(v));
    }
    m.insert("price".into(), json!(d.price));
    m.insert("starts_ms".into(), json!(d.starts_ms as i64));
    m.insert("ends_ms".into(), json!(d.ends_ms as i64));
    if let Some(a) = d.announce_ms {
        m.insert("announce_ms".into(), json!(a as i64));
    }
    if let Some(l) = d.limit {
        m.insert("limit".into(), json!(l));
    }
    if let Some(s) = d.stock_left {
        m.insert("stock".into(), json!(s));
    }
    if let Some(t) = &d.title {
        m.insert("title".into(), json!(t));
    }
    Value::Object(m)
}

/// A time for messages, in seconds (`2.5 s`).
pub fn seconds(t: f64) -> String {
    crate::words::f("unit.seconds", &[("n", &num((t * 100.0).round() / 100.0))])
}
