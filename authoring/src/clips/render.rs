//! Draws a clip of the evaluation table frame by frame (RGBA) and answers where the product
//! truly is: its centre and size, and how much of it is visible (inside the picture and not
//! behind the occluder). One description renders natively for the tests and through ffmpeg
//! for the browser and OpenCV, so every tracker is measured against the same truth.

use super::{ClipSpec, Cover, Ground, Look, Path};
/// Where the product truly is on one frame: the same answer the older clips give.
pub use crate::synth::Truth;
use crate::synth::{splitmix, unit, value_noise};

/// An RGB image, row-major, 0..255 per channel.
#[derive(Clone, Debug)]
struct Rgb {
    w: usize,
    h: usize,
    px: Vec<[f32; 3]>,
}

impl Rgb {
    /// Bilinear sample at `(x, y)` in pixels (centres at +0.5), clamped at the edges.
    fn sample(&self, x: f64, y: f64) -> [f32; 3] {
        let (fx, fy) = (x - 0.5, y - 0.5);
        let (x0, y0) = (fx.floor(), fy.floor());
        let (ax, ay) = ((fx - x0) as f32, (fy - y0) as f32);
        let at = |i: f64, j: f64| {
            let i = (i as i64).clamp(0, self.w as i64 - 1) as usize;
            let j = (j as i64).clamp(0, self.h as i64 - 1) as usize;
            self.px[j * self.w + i]
        };
        let (a, b, c, d) = (
            at(x0, y0),
            at(x0 + 1.0, y0),
            at(x0, y0 + 1.0),
            at(x0 + 1.0, y0 + 1.0),
        );
        let mut out = [0.0; 3];
        for k in 0..3 {
            let top = a[k] * (1.0 - ax) + b[k] * ax;
            let bot = c[k] * (1.0 - ax) + d[k] * ax;
            out[k] = top * (1.0 - ay) + bot * ay;
        }
        out
    }
}

/// A clip ready to draw.
#[derive(Clone, Debug)]
pub struct Clip {
    pub spec: ClipSpec,
    pub width: u32,
    pub height: u32,
    pub frames: u32,
    product: Rgb,
    twin: Rgb,
    ground: Rgb,
    layer: Rgb,
    /// Pan range covered by `ground`, px.
    pan_origin: (f64, f64),
}

const TEXELS: usize = 128;
const MARGIN: f64 = 60.0;

fn palette(seed: u64) -> Vec<[f32; 3]> {
    let colours = [
        [220.0, 40.0, 40.0],
        [240.0, 200.0, 40.0],
        [40.0, 90.0, 210.0],
        [40.0, 170.0, 70.0],
        [240.0, 130.0, 30.0],
        [140.0, 50.0, 170.0],
        [30.0, 170.0, 190.0],
        [235.0, 235.0, 230.0],
    ];
    let mut s = seed;
    let mut out: Vec<[f32; 3]> = colours.to_vec();
    for i in (1..out.len()).rev() {
        let j = (splitmix(&mut s) % (i as u64 + 1)) as usize;
        out.swap(i, j);
    }
    out
}

fn product_texture(look: Look, seed: u64) -> Rgb {
    let n = TEXELS;
    let grain = value_noise(n, n, seed ^ 0xA1, &[(32, 0.5), (8, 0.3), (2, 0.2)]);
    let mut px = vec![[0.0f32; 3]; n * n];
    let pal = palette(seed);
    let mut s = seed ^ 0x7E47;
    // Glyph rows for the printed label: widths of "words".
    let words: Vec<f32> = (0..64).map(|_| 0.04 + 0.12 * unit(&mut s)).collect();
    for y in 0..n {
        for x in 0..n {
            let (u, v) = ((x as f32 + 0.5) / n as f32, (y as f32 + 0.5) / n as f32);
            let g = grain[y * n + x] - 0.5;
            let c: [f32; 3] = match look {
                Look::Bands => {
                    let b = pal[((v * 6.0) as usize).min(5)];
                    [b[0] + 20.0 * g, b[1] + 20.0 * g, b[2] + 20.0 * g]
                }
                Look::Texture => {
                    // Wood or fabric: a warm ramp with fine grain.
                    let t = grain[y * n + x] + 0.25 * ((u * 40.0 + 6.0 * g).sin());
                    [60.0 + 150.0 * t, 40.0 + 110.0 * t, 20.0 + 70.0 * t]
                }
                Look::Logo => {
                    // A body near the background's mid-grey and a faint ring and bar.
                    let (du, dv) = (u - 0.5, v - 0.45);
                    let r = (du * du + dv * dv).sqrt();
                    let mark = (0.18..0.26).contains(&r)
                        || ((0.4..0.6).contains(&u) && (0.7..0.8).contains(&v));
                    let l = if mark { 142.0 } else { 118.0 } + 8.0 * g;
                    [l + 6.0, l, l - 6.0]
                }
                Look::Text => {
                    let line = (v * 9.0) as usize;
                    let inside_v = (v * 9.0).fract() > 0.35 && (1..8).contains(&line);
                    // Words along the line, separated by gaps.
                    let mut pos = 0.08;
                    let mut ink = false;
                    let mut k = line * 7;
                    while pos < 0.92 {
                        let wd = words[k % words.len()];
                        if u >= pos && u < (pos + wd).min(0.92) {
                            ink = inside_v;
                            break;
                        }
                        pos += wd + 0.03;
                        k += 1;
                    }
                    let l = if ink { 35.0 } else { 232.0 } + 6.0 * g;
                    [l, l, l - 4.0]
                }
                Look::Flat => {
                    let b = pal[0];
                    let edge = if v < 0.18 { 0.35 } else { 1.0 };
                    [
                        b[0] * edge + 4.0 * g,
                        b[1] * edge + 4.0 * g,
                        b[2] * edge + 4.0 * g,
                    ]
                }
            };
            px[y * n + x] = c;
        }
    }
    Rgb { w: n, h: n, px }
}

fn ground_texture(w: usize, h: usize, seed: u64, cell: usize) -> Rgb {
    let a = value_noise(w, h, seed, &[(cell, 0.55), (cell / 4, 0.3), (3, 0.15)]);
    let b = value_noise(w, h, seed ^ 0x55, &[(cell * 2, 1.0)]);
    let px = a
        .iter()
        .zip(&b)
        .map(|(&l, &t)| {
            let l = 40.0 + 170.0 * l;
            let t = (t - 0.5) * 40.0;
            [l + t, l, l - t * 0.5]
        })
        .collect();
    Rgb { w, h, px }
}

/// The path's position at time `t` seconds (fractional frames allowed), before clamping.
fn bounce(v: f64, lo: f64, hi: f64) -> f64 {
    let span = hi - lo;
    if span <= 0.0 {
        return lo;
    }
    let m = (v - lo).rem_euclid(2.0 * span);
    lo + if m > span { 2.0 * span - m } else { m }
}

impl Clip {
    pub fn new(spec: ClipSpec) -> Clip {
        let (width, height) = (640u32, 360u32);
        let frames = (spec.seconds * spec.fps as f64).round() as u32;
        let (vx, vy) = match spec.ground {
            Ground::Pan { vx, vy } => (vx, vy),
            _ => (0.0, 0.0),
        };
        let n = frames as f64;
        let pan = (
            (vx * n).abs().ceil() as usize,
            (vy * n).abs().ceil() as usize,
        );
        let pan_origin = (
            if vx < 0.0 { pan.0 as f64 } else { 0.0 },
            if vy < 0.0 { pan.1 as f64 } else { 0.0 },
        );
        let ground = ground_texture(
            width as usize + pan.0 + 2,
            height as usize + pan.1 + 2,
            spec.seed ^ 0x6A,
            40,
        );
        let layer = ground_texture(
            width as usize + 2 * frames as usize + 2,
            height as usize + 2,
            spec.seed ^ 0x3C,
            24,
        );
        let product = product_texture(spec.look, spec.seed);
        let mut twin = product.clone();
        for p in &mut twin.px {
            // A look-alike: the same design, a shade lighter.
            *p = [p[0] * 1.08 + 6.0, p[1] * 1.08 + 6.0, p[2] * 1.08 + 6.0];
        }
        Clip {
            spec,
            width,
            height,
            frames,
            product,
            twin,
            ground,
            layer,
            pan_origin,
        }
    }

    fn seconds(&self, f: f64) -> f64 {
        f / self.spec.fps as f64
    }

    /// Centre at time `t` seconds.
    fn centre(&self, t: f64) -> (f64, f64) {
        let (w, h) = (self.width as f64, self.height as f64);
        let fps = self.spec.fps as f64;
        let phase = (self.spec.seed % 1000) as f64 / 1000.0;
        let start = (w * (0.3 + 0.4 * phase), h * (0.35 + 0.3 * (1.0 - phase)));
        let dir = |deg: f64| (deg.to_radians().cos(), deg.to_radians().sin());
        let straight = |deg: f64, dist: f64, across: f64| {
            let (dx, dy) = dir(deg);
            let (x, y) = (
                start.0 + dx * dist - dy * across,
                start.1 + dy * dist + dx * across,
            );
            (bounce(x, MARGIN, w - MARGIN), bounce(y, MARGIN, h - MARGIN))
        };
        match self.spec.path {
            Path::Line { deg, speed, sway } => straight(
                deg,
                speed * fps * t,
                sway * (t * std::f64::consts::TAU / 4.0).sin(),
            ),
            Path::Curve { period } => {
                let a = t * std::f64::consts::TAU / period + phase * 6.0;
                (
                    w / 2.0 + (w / 2.0 - MARGIN - 20.0) * a.sin(),
                    h / 2.0 + (h / 2.0 - MARGIN) * (2.0 * a).sin() * 0.8,
                )
            }
            Path::Speedup { deg, from, to } => {
                let total = self.spec.seconds;
                let dist = fps * (from * t + (to - from) * t * t / (2.0 * total));
                straight(deg, dist, 0.0)
            }
            Path::StopGo { deg, speed } => {
                let cycles = (t / 3.0).floor();
                let moving = (t - cycles * 3.0).min(2.0);
                straight(deg, speed * fps * (cycles * 2.0 + moving), 0.0)
            }
            Path::Exit { deg, speed } => {
                // Out over the first part, a second away, then back along the same line.
                let (dx, dy) = dir(deg);
                let centre = (w / 2.0, h / 2.0);
                let reach = (w / 2.0 * dx.abs() + h / 2.0 * dy.abs()) + self.spec.size * 1.5;
                let out = reach / (speed * fps);
                let lead = (self.spec.seconds - 2.0 * out - 1.0).max(0.0) / 2.0;
                let s = if t < lead {
                    -(lead - t) * 0.3
                } else if t < lead + out {
                    (t - lead) / out
                } else if t < lead + out + 1.0 {
                    1.0
                } else {
                    (1.0 - (t - lead - out - 1.0) / out).max(-1.0)
                };
                let d = if s < 0.0 { s * speed * fps } else { s * reach };
                (centre.0 + dx * d, centre.1 + dy * d)
            }
        }
    }

    fn scale(&self, t: f64) -> f64 {
        1.0 + self.spec.growth * t / self.spec.seconds
    }

    fn angle(&self, t: f64) -> f64 {
        self.spec.spin.to_radians() * (t * std::f64::consts::TAU / 5.0).sin()
    }

    /// The occluder's extent in product widths relative to the product's left side
    /// (0 = left side, 1 = right side), or none.
    fn occluder(&self, t: f64) -> Option<(f64, f64)> {
        match self.spec.cover {
            Cover::None => None,
            Cover::Full { at, secs } => {
                // A bar 2.2 widths wide passes left to right; fully over for `secs`.
                let sweep = secs / (1.2 / 3.2);
                let start = at - sweep * (1.0 / 3.2);
                let u = (t - start) / sweep;
                (0.0..=1.0).contains(&u).then(|| {
                    let r = u * 3.2;
                    (r - 2.2, r)
                })
            }
            Cover::Partial { at, secs, frac } => {
                let ramp = secs * 0.3;
                let u = if t < at || t > at + secs {
                    return None;
                } else if t < at + ramp {
                    (t - at) / ramp
                } else if t > at + secs - ramp {
                    (at + secs - t) / ramp
                } else {
                    1.0
                };
                Some((-3.0, frac * u))
            }
        }
    }

    fn twin_centre(&self, t: f64) -> Option<(f64, f64)> {
        let tc = self.spec.twin?;
        if (t - tc).abs() > 2.5 {
            return None;
        }
        // Crosses the product's position at `tc`, moving across the picture downwards.
        let (x, y) = self.centre(tc);
        let v = 2.5 * self.spec.fps as f64;
        Some((x + (t - tc) * v * 0.5, y + (t - tc) * v))
    }

    /// The truth for frame `k`.
    pub fn truth(&self, k: u32) -> Truth {
        let t = self.seconds(k as f64);
        let (cx, cy) = self.centre(t);
        let s = self.scale(t);
        let (w, h) = (self.spec.size * s, self.spec.size * self.spec.aspect * s);
        // Visible share by sampling the product's area.
        let (c, si) = (self.angle(t).cos(), self.angle(t).sin());
        let occ = self.occluder(t);
        let mut seen = 0;
        let grid = 16;
        for j in 0..grid {
            for i in 0..grid {
                let (u, v) = (
                    (i as f64 + 0.5) / grid as f64,
                    (j as f64 + 0.5) / grid as f64,
                );
                let (lx, ly) = ((u - 0.5) * w, (v - 0.5) * h);
                let (x, y) = (cx + lx * c - ly * si, cy + lx * si + ly * c);
                let inside =
                    x >= 0.0 && y >= 0.0 && x < self.width as f64 && y < self.height as f64;
                let hidden = occ.is_some_and(|(a, b)| {
                    let rel = (x - (cx - w / 2.0)) / w;
                    rel >= a && rel <= b
                });
                if inside && !hidden {
                    seen += 1;
                }
            }
        }
        Truth {
            cx,
            cy,
            w,
            h,
            visible: seen as f64 / (grid * grid) as f64,
        }
    }

    /// The seed frame: the middle of the clip, or the nearest frame where all of the product
    /// shows.
    pub fn seed_frame(&self) -> u32 {
        let mid = self.frames / 2;
        (0..self.frames)
            .flat_map(|d| [mid.saturating_add(d), mid.saturating_sub(d)])
            .find(|&k| k < self.frames && self.truth(k).visible > 0.999)
            .unwrap_or(mid)
    }

    /// The product's (or the look-alike's) colour at `(x, y)` at time `t`, if it covers it.
    fn object_at(&self, tex: &Rgb, centre: (f64, f64), t: f64, x: f64, y: f64) -> Option<[f32; 3]> {
        let s = self.scale(t);
        let (w, h) = (self.spec.size * s, self.spec.size * self.spec.aspect * s);
        let (c, si) = (self.angle(t).cos(), self.angle(t).sin());
        let (dx, dy) = (x - centre.0, y - centre.1);
        let (lx, ly) = (dx * c + dy * si, -dx * si + dy * c);
        let (u, v) = (lx / w + 0.5, ly / h + 0.5);
        if !(0.0..1.0).contains(&u) || !(0.0..1.0).contains(&v) {
            return None;
        }
        Some(tex.sample(u * tex.w as f64, v * tex.h as f64))
    }

    fn ground_at(&self, x: f64, y: f64, f: f64) -> [f32; 3] {
        let (vx, vy) = match self.spec.ground {
            Ground::Pan { vx, vy } => (vx, vy),
            _ => (0.0, 0.0),
        };
        let (gx, gy) = (
            x + self.pan_origin.0 + vx * f,
            y + self.pan_origin.1 + vy * f,
        );
        let mut p = self.ground.sample(gx, gy);
        if self.spec.ground == Ground::Animated {
            // A second layer sliding by, fading in and out.
            let q = self.layer.sample(x + f * 1.0, y);
            let a = 0.35 + 0.25 * (f * 0.05).sin() as f32;
            for k in 0..3 {
                p[k] = p[k] * (1.0 - a) + q[k] * a;
            }
        }
        p
    }

    fn sleeve_at(&self, x: f64, t: f64) -> Option<[f32; 3]> {
        let (a, b) = self.occluder(t)?;
        let (cx, _) = self.centre(t);
        let w = self.spec.size * self.scale(t);
        let rel = (x - (cx - w / 2.0)) / w;
        // A dark sleeve with a lighter rim.
        let rim = (rel - a) * w < 4.0 || (b - rel) * w < 4.0;
        (rel >= a && rel <= b).then_some(if rim {
            [170.0, 160.0, 150.0]
        } else {
            [55.0, 50.0, 60.0]
        })
    }

    /// Frame `k` as RGBA bytes.
    pub fn rgba(&self, k: u32) -> Vec<u8> {
        let (w, h) = (self.width as usize, self.height as usize);
        let mut out = vec![0u8; w * h * 4];
        let f = k as f64;
        let shutter: &[f64] = if self.spec.blur {
            &[-0.375, -0.125, 0.125, 0.375]
        } else {
            &[0.0]
        };
        let times: Vec<f64> = shutter.iter().map(|d| self.seconds(f + d)).collect();
        let centres: Vec<(f64, f64)> = times.iter().map(|&t| self.centre(t)).collect();
        let twins: Vec<Option<(f64, f64)>> = times.iter().map(|&t| self.twin_centre(t)).collect();
        // Only pixels near the product, its look-alike or the occluder need the shutter.
        let reach =
            self.spec.size * self.scale(self.seconds(f)).max(1.0) * self.spec.aspect.max(1.0) * 0.8
                + 8.0;
        let near =
            |x: f64, y: f64, c: (f64, f64)| (x - c.0).abs() < reach && (y - c.1).abs() < reach;
        let t = self.seconds(f);
        let light = match self.spec.ground {
            Ground::Light => {
                1.0 + 0.4 * (t * std::f64::consts::TAU / self.spec.seconds * 1.3).sin()
            }
            _ => 1.0,
        } as f32;
        let sigma = match self.spec.ground {
            Ground::Noisy => self.spec.noise.max(28.0),
            _ => self.spec.noise,
        } as f32;
        let mut noise = self.spec.seed ^ (k as u64).wrapping_mul(0x1234_5678_9abc);
        let occluded = self.occluder(t).is_some();
        for y in 0..h {
            for x in 0..w {
                let (fx, fy) = (x as f64 + 0.5, y as f64 + 0.5);
                let ground = self.ground_at(fx, fy, f);
                let busy = centres.iter().any(|&c| near(fx, fy, c))
                    || twins.iter().flatten().any(|&c| near(fx, fy, c))
                    || occluded;
                let mut p = if busy {
                    let mut acc = [0.0f32; 3];
                    for (i, &ts) in times.iter().enumerate() {
                        let mut q = ground;
                        if let Some(c) = twins[i] {
                            if let Some(v) = self.object_at(&self.twin, c, ts, fx, fy) {
                                q = v;
                            }
                        }
                        if let Some(v) = self.object_at(&self.product, centres[i], ts, fx, fy) {
                            q = v;
                        }
                        if let Some(v) = self.sleeve_at(fx, ts) {
                            q = v;
                        }
                        for c in 0..3 {
                            acc[c] += q[c];
                        }
                    }
                    acc.map(|v| v / times.len() as f32)
                } else {
                    ground
                };
                let n =
                    (unit(&mut noise) + unit(&mut noise) + unit(&mut noise) - 1.5) * 2.0 * sigma;
                let o = (y * w + x) * 4;
                for c in 0..3 {
                    p[c] = p[c] * light + n;
                    out[o + c] = p[c].clamp(0.0, 255.0) as u8;
                }
                out[o + 3] = 255;
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clips::TABLE;

    #[test]
    fn every_clip_starts_visible_at_its_seed_and_stays_mostly_in_the_picture() {
        for spec in TABLE {
            let clip = Clip::new(*spec);
            let seed = clip.seed_frame();
            assert!(clip.truth(seed).visible > 0.999, "{}", spec.name);
            let shown = (0..clip.frames)
                .filter(|&k| clip.truth(k).visible > 0.5)
                .count();
            assert!(
                shown as f64 > clip.frames as f64 * 0.6,
                "{}: {shown}",
                spec.name
            );
        }
    }

    #[test]
    fn covers_and_exits_hide_the_product() {
        let by = |n: &str| TABLE.iter().find(|s| s.name == n).map(|s| Clip::new(*s));
        let Some(c) = by("bands-sway-occluded") else {
            panic!("missing")
        };
        let hidden: Vec<u32> = (0..c.frames)
            .filter(|&k| c.truth(k).visible < 0.01)
            .collect();
        assert!(!hidden.is_empty());
        let (a, b) = (
            hidden[0] as f64 / 30.0,
            hidden[hidden.len() - 1] as f64 / 30.0,
        );
        assert!((a - 4.0).abs() < 0.1 && (b - 4.6).abs() < 0.1, "{a}–{b}");
        let Some(e) = by("bands-exit-return") else {
            panic!("missing")
        };
        let gone = (0..e.frames).filter(|&k| e.truth(k).visible < 0.01).count();
        assert!(gone >= 25, "{gone}");
        assert!(e.truth(e.frames - 1).visible > 0.99);
    }

    #[test]
    fn frames_are_deterministic() {
        let c = Clip::new(TABLE[0]);
        assert_eq!(c.rgba(7), c.rgba(7));
        assert_eq!(c.rgba(7).len(), 640 * 360 * 4);
    }
}
