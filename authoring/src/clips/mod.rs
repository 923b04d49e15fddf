//! The tracker's evaluation set: clips generated as families from one table of parameters
//! (product look, background, path, growth, rotation, blur, occlusion, leaving and coming back,
//! a look-alike, frame rate and encoding), each with its ground truth, and a held-out set made
//! from the same table with other seeds and jittered parameters that nothing is tuned on.
//! `render` draws the frames, `follow` tracks them as a brand would, `score` computes the
//! literature's metrics and ours.

pub mod follow;
pub mod render;
pub mod score;

pub use follow::follow;
pub use render::{Clip, Truth};
pub use score::{score, Answer, Score};

/// What the product looks like.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Look {
    /// Saturated colour bands (some pairs close in brightness).
    Bands,
    /// A natural-looking texture (wood, fabric).
    Texture,
    /// A faint logo on a body close to the background's colour.
    Logo,
    /// A light label with dark printed lines.
    Text,
    /// One flat colour with one strong edge.
    Flat,
}

/// What is behind the product.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Ground {
    /// A still texture.
    Still,
    /// A texture with a second layer sliding over it and flickering.
    Animated,
    /// A texture under heavy sensor noise.
    Noisy,
    /// The camera pans (px per frame).
    Pan { vx: f64, vy: f64 },
    /// The light dims and brightens over the clip (everything, product too).
    Light,
}

/// How the product moves. Speeds are in px per frame; directions in degrees (0 = right,
/// 90 = down, as on screen). Straight paths bounce off a margin inside the picture.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Path {
    /// A straight line at one speed, with a sway across it (amplitude in px).
    Line { deg: f64, speed: f64, sway: f64 },
    /// A figure of eight over the picture, one loop every `period` seconds.
    Curve { period: f64 },
    /// Speeding up from `from` to `to` over the clip.
    Speedup { deg: f64, from: f64, to: f64 },
    /// Two seconds moving, one second standing, again.
    StopGo { deg: f64, speed: f64 },
    /// Straight out of the picture, a second away, and back the same way.
    Exit { deg: f64, speed: f64 },
}

/// What hides the product, and when (seconds from the start).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Cover {
    None,
    /// A sleeve from the left hides up to `frac` of the product's width, then withdraws.
    Partial {
        at: f64,
        secs: f64,
        frac: f64,
    },
    /// A bar passes over the product, hiding it completely for `secs`.
    Full {
        at: f64,
        secs: f64,
    },
}

/// How the clip is encoded for the browser and for OpenCV.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Codec {
    /// H.264 with this many B-frames and a keyframe every `gop` seconds.
    H264 { bframes: u32, gop: f64 },
    /// VP9 in WebM.
    Vp9,
}

impl Codec {
    /// The file extension.
    pub fn ext(self) -> &'static str {
        match self {
            Codec::H264 { .. } => "mp4",
            Codec::Vp9 => "webm",
        }
    }
}

/// One row of the table.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ClipSpec {
    pub name: &'static str,
    pub look: Look,
    /// Product width at the start, px; its height is `size * aspect`.
    pub size: f64,
    pub aspect: f64,
    pub ground: Ground,
    pub path: Path,
    /// Size change over the clip (0.4 = 40 % larger at the end; −0.5 = half).
    pub growth: f64,
    /// In-plane rotation amplitude, degrees.
    pub spin: f64,
    pub blur: bool,
    /// Sensor noise, standard deviation in grey levels.
    pub noise: f64,
    pub cover: Cover,
    /// A look-alike of the product crosses behind it (seconds from the start).
    pub twin: Option<f64>,
    pub fps: u32,
    pub seconds: f64,
    pub codec: Codec,
    /// Seeds textures, noise and (for the held-out set) the jitter.
    pub seed: u64,
}

const fn row(name: &'static str, look: Look, ground: Ground, path: Path) -> ClipSpec {
    ClipSpec {
        name,
        look,
        size: 64.0,
        aspect: 1.1,
        ground,
        path,
        growth: 0.0,
        spin: 0.0,
        blur: false,
        noise: 6.0,
        cover: Cover::None,
        twin: None,
        fps: 30,
        seconds: 10.0,
        codec: Codec::H264 {
            bframes: 3,
            gop: 2.0,
        },
        seed: 1,
    }
}

const fn line(deg: f64, speed: f64) -> Path {
    Path::Line {
        deg,
        speed,
        sway: 0.0,
    }
}

const H264_GOP1: Codec = Codec::H264 {
    bframes: 2,
    gop: 1.0,
};
const H264_GOP4: Codec = Codec::H264 {
    bframes: 3,
    gop: 4.0,
};

/// The evaluation table: every family the issue names, each row a clip of at least 10 s.
/// Add rows to grow the set; the held-out set follows automatically.
pub const TABLE: &[ClipSpec] = &[
    // The shape a brand reported: coloured bands moving right with a sway over a noisy,
    // changing background, growing 40 %, hidden by a bar at 4.0–4.6 s.
    ClipSpec {
        growth: 0.4,
        noise: 14.0,
        cover: Cover::Full { at: 4.0, secs: 0.6 },
        ..row(
            "bands-sway-occluded",
            Look::Bands,
            Ground::Animated,
            Path::Line {
                deg: 0.0,
                speed: 1.5,
                sway: 30.0,
            },
        )
    },
    ClipSpec {
        codec: H264_GOP1,
        ..row("texture-east", Look::Texture, Ground::Still, line(0.0, 2.0))
    },
    ClipSpec {
        fps: 25,
        codec: H264_GOP4,
        ..row(
            "texture-northeast-pan",
            Look::Texture,
            Ground::Pan { vx: 0.8, vy: 0.2 },
            line(-45.0, 3.0),
        )
    },
    ClipSpec {
        codec: Codec::Vp9,
        ..row("logo-north", Look::Logo, Ground::Still, line(-90.0, 1.0))
    },
    ClipSpec {
        fps: 24,
        ..row(
            "text-northwest-animated",
            Look::Text,
            Ground::Animated,
            line(-135.0, 2.5),
        )
    },
    ClipSpec {
        growth: -0.3,
        ..row(
            "flat-west-shrink",
            Look::Flat,
            Ground::Still,
            line(180.0, 1.5),
        )
    },
    ClipSpec {
        fps: 60,
        codec: H264_GOP1,
        ..row(
            "bands-southwest-light",
            Look::Bands,
            Ground::Light,
            line(135.0, 2.0),
        )
    },
    ClipSpec {
        codec: Codec::Vp9,
        ..row(
            "texture-south-noisy",
            Look::Texture,
            Ground::Noisy,
            line(90.0, 0.5),
        )
    },
    ClipSpec {
        fps: 25,
        ..row(
            "logo-southeast-pan",
            Look::Logo,
            Ground::Pan { vx: -0.6, vy: 0.0 },
            line(45.0, 3.0),
        )
    },
    ClipSpec {
        growth: 0.5,
        ..row(
            "texture-curve-grow",
            Look::Texture,
            Ground::Still,
            Path::Curve { period: 8.0 },
        )
    },
    ClipSpec {
        fps: 60,
        blur: true,
        ..row(
            "bands-curve-blur",
            Look::Bands,
            Ground::Pan { vx: 0.5, vy: 0.3 },
            Path::Curve { period: 6.0 },
        )
    },
    ClipSpec {
        blur: true,
        ..row(
            "text-speedup-blur",
            Look::Text,
            Ground::Still,
            Path::Speedup {
                deg: 20.0,
                from: 0.5,
                to: 6.0,
            },
        )
    },
    ClipSpec {
        codec: Codec::Vp9,
        ..row(
            "logo-stopgo-animated",
            Look::Logo,
            Ground::Animated,
            Path::StopGo {
                deg: 200.0,
                speed: 2.5,
            },
        )
    },
    ClipSpec {
        fps: 24,
        growth: 0.5,
        ..row(
            "flat-curve-grow-pan",
            Look::Flat,
            Ground::Pan { vx: 1.0, vy: 0.0 },
            Path::Curve { period: 9.0 },
        )
    },
    ClipSpec {
        growth: -0.5,
        size: 90.0,
        ..row(
            "texture-shrink-light",
            Look::Texture,
            Ground::Light,
            line(60.0, 1.0),
        )
    },
    ClipSpec {
        spin: 20.0,
        ..row("bands-spin", Look::Bands, Ground::Still, line(-60.0, 1.0))
    },
    ClipSpec {
        fps: 25,
        spin: 15.0,
        codec: Codec::Vp9,
        ..row(
            "text-curve-spin-noisy",
            Look::Text,
            Ground::Noisy,
            Path::Curve { period: 10.0 },
        )
    },
    ClipSpec {
        blur: true,
        ..row(
            "texture-fast-blur",
            Look::Texture,
            Ground::Still,
            line(10.0, 6.0),
        )
    },
    ClipSpec {
        cover: Cover::Partial {
            at: 3.0,
            secs: 2.5,
            frac: 0.5,
        },
        ..row(
            "text-partial-cover",
            Look::Text,
            Ground::Animated,
            line(0.0, 2.0),
        )
    },
    ClipSpec {
        cover: Cover::Full { at: 6.5, secs: 1.0 },
        codec: Codec::Vp9,
        ..row(
            "texture-full-cover-pan",
            Look::Texture,
            Ground::Pan { vx: 0.5, vy: 0.0 },
            line(180.0, 2.0),
        )
    },
    ClipSpec {
        seconds: 12.0,
        ..row(
            "bands-exit-return",
            Look::Bands,
            Ground::Still,
            Path::Exit {
                deg: 0.0,
                speed: 4.0,
            },
        )
    },
    ClipSpec {
        fps: 25,
        seconds: 12.0,
        ..row(
            "texture-exit-return-down",
            Look::Texture,
            Ground::Animated,
            Path::Exit {
                deg: 90.0,
                speed: 3.0,
            },
        )
    },
    ClipSpec {
        twin: Some(3.5),
        ..row("texture-twin", Look::Texture, Ground::Still, line(0.0, 1.5))
    },
    ClipSpec {
        twin: Some(6.5),
        codec: Codec::Vp9,
        ..row(
            "bands-twin-curve-pan",
            Look::Bands,
            Ground::Pan { vx: 0.4, vy: 0.2 },
            Path::Curve { period: 9.0 },
        )
    },
    ClipSpec {
        fps: 60,
        ..row(
            "flat-stopgo-light",
            Look::Flat,
            Ground::Light,
            Path::StopGo {
                deg: -30.0,
                speed: 3.0,
            },
        )
    },
    ClipSpec {
        fps: 24,
        noise: 10.0,
        ..row(
            "logo-curve-noisy",
            Look::Logo,
            Ground::Noisy,
            Path::Curve { period: 7.0 },
        )
    },
];

/// The clips of the representative subset that the test command tracks (short enough for
/// it): one of each hard family.
pub const TEST_SUBSET: &[&str] = &[
    "bands-sway-occluded",
    "logo-north",
    "text-speedup-blur",
    "bands-spin",
    "texture-exit-return-down",
    "texture-twin",
];

fn mix(seed: u64, salt: u64) -> u64 {
    let mut s = seed ^ salt.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    crate::synth::splitmix(&mut s)
}

/// A number in `[-1, 1)` from a seed.
fn jitter(seed: u64, salt: u64) -> f64 {
    (mix(seed, salt) >> 11) as f64 / (1u64 << 53) as f64 * 2.0 - 1.0
}

/// The held-out twin of a row: other texture and noise seeds, and its numbers moved within
/// the family (direction ±40°, speed and size ±25 %, growth ±0.1, cover and crossing ±0.5 s).
pub fn held_out(spec: &ClipSpec) -> ClipSpec {
    // Salted with the whole name, so no two rows share a held-out seed.
    let salt = spec.name.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ b as u64).wrapping_mul(0x100_0000_01b3)
    });
    // A set that has been looked into is no longer held out, so the base moves on each time:
    // 1000 until two fixes (the picture's edge) came from that set's results, 2000 until the
    // tracker's size check against the seed's filter was weighed on it, 3000 until the narrow
    // window for products their colours do not set apart was, 4000 until the search's peak
    // within each patch and the continuation back to the loss were, 5000 until the anchor's
    // following the product's angle was.
    let seed = mix(spec.seed.wrapping_add(6000), salt);
    let j = |salt| jitter(seed, salt);
    let speed = |v: f64, salt| (v * (1.0 + 0.25 * j(salt))).max(0.3);
    let path = match spec.path {
        Path::Line {
            deg,
            speed: v,
            sway,
        } => Path::Line {
            deg: deg + 40.0 * j(1),
            speed: speed(v, 2),
            sway: sway * (1.0 + 0.3 * j(3)),
        },
        Path::Curve { period } => Path::Curve {
            period: period * (1.0 + 0.2 * j(4)),
        },
        Path::Speedup { deg, from, to } => Path::Speedup {
            deg: deg + 40.0 * j(5),
            from: speed(from, 6),
            to: speed(to, 7),
        },
        Path::StopGo { deg, speed: v } => Path::StopGo {
            deg: deg + 40.0 * j(8),
            speed: speed(v, 9),
        },
        // Leaving and coming back keeps its edge: the direction moves less.
        Path::Exit { deg, speed: v } => Path::Exit {
            deg: deg + 15.0 * j(10),
            speed: speed(v, 11),
        },
    };
    let shift = |t: f64, salt| (t + 0.5 * j(salt)).max(1.0);
    let cover = match spec.cover {
        Cover::None => Cover::None,
        Cover::Partial { at, secs, frac } => Cover::Partial {
            at: shift(at, 12),
            secs,
            frac: (frac + 0.1 * j(13)).clamp(0.2, 0.6),
        },
        Cover::Full { at, secs } => Cover::Full {
            at: shift(at, 14),
            secs,
        },
    };
    ClipSpec {
        size: (spec.size * (1.0 + 0.25 * j(15))).round(),
        growth: (spec.growth + 0.1 * j(16)).clamp(-0.5, 0.5),
        spin: spec.spin * (1.0 + 0.2 * j(17)),
        path,
        cover,
        twin: spec.twin.map(|t| shift(t, 18)),
        seed,
        ..*spec
    }
}

/// The tuned set (the table as written).
pub fn tuned() -> Vec<ClipSpec> {
    TABLE.to_vec()
}

/// The held-out set.
pub fn held_out_set() -> Vec<ClipSpec> {
    TABLE.iter().map(held_out).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_covers_every_family() {
        assert!(TABLE.len() >= 24);
        let names: std::collections::BTreeSet<_> = TABLE.iter().map(|s| s.name).collect();
        assert_eq!(names.len(), TABLE.len(), "names are unique");
        for look in [
            Look::Bands,
            Look::Texture,
            Look::Logo,
            Look::Text,
            Look::Flat,
        ] {
            assert!(TABLE.iter().any(|s| s.look == look), "{look:?}");
        }
        for fps in [24, 25, 30, 60] {
            assert!(TABLE.iter().any(|s| s.fps == fps), "{fps} frames/s");
        }
        assert!(TABLE.iter().any(|s| s.codec == Codec::Vp9));
        assert!(TABLE.iter().all(|s| s.seconds >= 10.0));
        assert!(TABLE.iter().any(|s| s.twin.is_some()));
        assert!(TABLE.iter().any(|s| matches!(s.path, Path::Exit { .. })));
        assert!(TABLE
            .iter()
            .any(|s| matches!(s.cover, Cover::Partial { .. })));
        assert!(TABLE.iter().any(|s| s.spin >= 15.0));
        assert!(TABLE.iter().any(|s| s.growth >= 0.5) && TABLE.iter().any(|s| s.growth <= -0.5));
        // Eight directions of straight motion.
        let mut dirs: Vec<i64> = TABLE
            .iter()
            .filter_map(|s| match s.path {
                Path::Line { deg, .. } => Some(((deg.rem_euclid(360.0) / 45.0).round() as i64) % 8),
                _ => None,
            })
            .collect();
        dirs.sort_unstable();
        dirs.dedup();
        assert_eq!(dirs.len(), 8, "{dirs:?}");
        for name in TEST_SUBSET {
            assert!(names.contains(name), "{name}");
        }
    }

    #[test]
    fn the_held_out_set_differs_from_the_tuned_one() {
        let held = held_out_set();
        for (a, b) in TABLE.iter().zip(&held) {
            assert_ne!(a.seed, b.seed);
            assert_eq!(a.name, b.name);
            assert_ne!(a, b);
        }
        let mut seeds: Vec<u64> = held.iter().map(|s| s.seed).collect();
        seeds.sort_unstable();
        seeds.dedup();
        assert_eq!(
            seeds.len(),
            held.len(),
            "every held-out clip has its own seed"
        );
    }
}
