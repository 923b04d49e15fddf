//! Synthetic clips harder than the sample, with ground truth: a textured product on a textured,
//! noisy background that pans, moving along a curve while it grows, with motion blur, an
//! occluding bar, and (in one scenario) leaving the picture. One description renders every
//! frame (natively for the tracker's tests, piped to ffmpeg for the browser's) and answers
//! where the product truly is, so accuracy is measured against the generator, never by eye.

/// Which hard case a clip stresses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scenario {
    /// Textures, noise, panning, 40% growth, motion blur on the fast stretch.
    Textured,
    /// As `Textured`, plus an opaque bar that covers the product completely for a while.
    Occluded,
    /// The product slides out of the picture on the right and does not come back.
    Exit,
}

impl Scenario {
    pub const ALL: [Scenario; 3] = [Scenario::Textured, Scenario::Occluded, Scenario::Exit];

    pub fn name(self) -> &'static str {
        match self {
            Scenario::Textured => "textured",
            Scenario::Occluded => "occluded",
            Scenario::Exit => "exit",
        }
    }
}

/// Where the product is on frame `k`, in frame pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Truth {
    pub cx: f64,
    pub cy: f64,
    pub w: f64,
    pub h: f64,
    /// Fraction of the product not hidden by the occluder and inside the picture (0..=1).
    pub visible: f64,
}

/// A rendered clip description.
#[derive(Clone, Debug)]
pub struct Clip {
    pub scenario: Scenario,
    pub width: u32,
    pub height: u32,
    pub fps: u32,
    pub frames: u32,
    background: Vec<f32>,
    bg_w: usize,
    bg_h: usize,
    product: Vec<f32>,
    product_n: usize,
    seed: u64,
}

/// The occluding bar's frames, for [`Scenario::Occluded`] (fully covering from 45 to 54).
pub const OCCLUSION: (u32, u32) = (42, 58);

/// The SplitMix64 step: the generators' one source of randomness (also for `clips`).
pub(crate) fn splitmix(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

pub(crate) fn unit(state: &mut u64) -> f32 {
    (splitmix(state) >> 40) as f32 / (1u64 << 24) as f32
}

/// Value noise: a few octaves of smoothly interpolated random lattices.
pub(crate) fn value_noise(w: usize, h: usize, seed: u64, octaves: &[(usize, f32)]) -> Vec<f32> {
    let mut out = vec![0.0f32; w * h];
    let mut s = seed;
    for &(cell, amp) in octaves {
        let (gw, gh) = (w / cell + 2, h / cell + 2);
        let lattice: Vec<f32> = (0..gw * gh).map(|_| unit(&mut s)).collect();
        for y in 0..h {
            for x in 0..w {
                let (fx, fy) = (x as f32 / cell as f32, y as f32 / cell as f32);
                let (ix, iy) = (fx as usize, fy as usize);
                let (ax, ay) = (fx - ix as f32, fy - iy as f32);
                let (ax, ay) = (ax * ax * (3.0 - 2.0 * ax), ay * ay * (3.0 - 2.0 * ay));
                let l = |i: usize, j: usize| lattice[j * gw + i];
                let top = l(ix, iy) * (1.0 - ax) + l(ix + 1, iy) * ax;
                let bot = l(ix, iy + 1) * (1.0 - ax) + l(ix + 1, iy + 1) * ax;
                out[y * w + x] += amp * (top * (1.0 - ay) + bot * ay);
            }
        }
    }
    out
}

impl Clip {
    /// The clip for `scenario`: 640×360 at 30 frames/s, 120 frames (four seconds).
    pub fn new(scenario: Scenario) -> Clip {
        let (width, height) = (640u32, 360u32);
        let (bg_w, bg_h) = (width as usize + 160, height as usize + 40);
        // Background: mid-grey clutter with the same kind of texture as the product, so the
        // tracker cannot win on a plain backdrop.
        let background = value_noise(bg_w, bg_h, 7, &[(48, 110.0), (12, 70.0), (3, 40.0)])
            .into_iter()
            .map(|v| v + 20.0)
            .collect();
        let product_n = 96;
        let mut product = value_noise(product_n, product_n, 99, &[(24, 90.0), (6, 80.0)]);
        // A printed label: stripes and a bright logo disc, as on a box or a bottle.
        for y in 0..product_n {
            for x in 0..product_n {
                let (u, v) = (x as f32 / product_n as f32, y as f32 / product_n as f32);
                let mut p = product[y * product_n + x] + 40.0;
                if (v * 6.0) as i32 % 2 == 0 && u > 0.15 && u < 0.85 {
                    p += 50.0;
                }
                let (du, dv) = (u - 0.62, v - 0.35);
                if du * du + dv * dv < 0.02 {
                    p = 245.0;
                }
                if !(0.04..=0.96).contains(&u) || !(0.04..=0.96).contains(&v) {
                    p = 20.0;
                }
                product[y * product_n + x] = p;
            }
        }
        Clip {
            scenario,
            width,
            height,
            fps: 30,
            frames: 120,
            background,
            bg_w,
            bg_h,
            product,
            product_n,
            seed: 0x5eed,
        }
    }

    /// Product centre and size at time `f` in frames (fractional for motion blur).
    fn pose(&self, f: f64) -> (f64, f64, f64, f64) {
        let u = f / self.frames as f64;
        let size = 56.0 * (1.0 + 0.4 * u);
        let (w, h) = (size, size * 1.2);
        let (cx, cy) = match self.scenario {
            Scenario::Exit => (120.0 + 620.0 * u * u, 180.0 + 30.0 * (u * 6.0).sin()),
            _ => {
                // A loop with a fast stretch in the middle (where the blur is).
                let a = u * std::f64::consts::PI * 1.6;
                (
                    320.0 + 200.0 * (a - 0.6).sin(),
                    180.0 + 90.0 * (2.0 * a).sin() * 0.8,
                )
            }
        };
        (cx, cy, w, h)
    }

    /// The occluder's horizontal extent on frame `f`, when there is one.
    fn occluder(&self, f: f64) -> Option<(f64, f64)> {
        if self.scenario != Scenario::Occluded {
            return None;
        }
        let (a, b) = (OCCLUSION.0 as f64, OCCLUSION.1 as f64);
        if f < a || f > b {
            return None;
        }
        let (cx, _, w, _) = self.pose((a + b) / 2.0);
        // The bar sweeps from the left over the product and on, 2.2× the product's width.
        let bar = w * 2.2;
        let centre = cx - w * 2.5 + (f - a) / (b - a) * w * 5.0;
        Some((centre - bar / 2.0, centre + bar / 2.0))
    }

    /// The truth for frame `k`.
    pub fn truth(&self, k: u32) -> Truth {
        let (cx, cy, w, h) = self.pose(k as f64);
        let (x0, x1) = (cx - w / 2.0, cx + w / 2.0);
        let inside = ((x1.min(self.width as f64) - x0.max(0.0)) / w).clamp(0.0, 1.0);
        let hidden = self
            .occluder(k as f64)
            .map(|(a, b)| ((x1.min(b) - x0.max(a)) / w).clamp(0.0, 1.0))
            .unwrap_or(0.0);
        Truth {
            cx,
            cy,
            w,
            h,
            visible: (inside - hidden).max(0.0),
        }
    }

    fn luma_at(&self, x: f64, y: f64, f: f64) -> f32 {
        if let Some((a, b)) = self.occluder(f) {
            if x >= a && x <= b {
                // A plain dark bar with a lighter edge, like a hand or a sleeve.
                return if x - a < 4.0 || b - x < 4.0 {
                    150.0
                } else {
                    60.0
                };
            }
        }
        let (cx, cy, w, h) = self.pose(f);
        let (u, v) = ((x - (cx - w / 2.0)) / w, (y - (cy - h / 2.0)) / h);
        if (0.0..1.0).contains(&u) && (0.0..1.0).contains(&v) {
            let n = self.product_n;
            let (i, j) = ((u * n as f64) as usize, (v * n as f64) as usize);
            return self.product[j.min(n - 1) * n + i.min(n - 1)];
        }
        // The camera pans slowly: the background slides 1 px every 2 frames.
        let pan = (f * 0.5) as usize % 120;
        let (bx, by) = (
            (x as usize + pan).min(self.bg_w - 1),
            (y as usize + 10).min(self.bg_h - 1),
        );
        self.background[by * self.bg_w + bx]
    }

    /// Luma of frame `k`, row-major, with motion blur (four sub-frame samples across the
    /// shutter) and sensor noise.
    pub fn luma(&self, k: u32) -> Vec<f32> {
        let (w, h) = (self.width as usize, self.height as usize);
        let mut out = vec![0.0f32; w * h];
        let shutter = [-0.375, -0.125, 0.125, 0.375];
        let mut noise = self.seed ^ (k as u64).wrapping_mul(0x1234_5678_9abc);
        for (y, row) in out.chunks_exact_mut(w).enumerate() {
            for (x, px) in row.iter_mut().enumerate() {
                let (fx, fy) = (x as f64 + 0.5, y as f64 + 0.5);
                let sum: f32 = shutter
                    .iter()
                    .map(|dt| self.luma_at(fx, fy, k as f64 + dt))
                    .sum();
                let n = (unit(&mut noise) - 0.5) * 16.0;
                *px = (sum / 4.0 + n).clamp(0.0, 255.0);
            }
        }
        out
    }

    /// Frame `k` as RGBA bytes (grey, with a tint so the video is not monochrome).
    pub fn rgba(&self, k: u32) -> Vec<u8> {
        self.luma(k)
            .into_iter()
            .flat_map(|l| {
                let v = l as u8;
                [v, (l * 0.95) as u8, (l * 0.85) as u8, 255]
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truth_follows_the_scenarios() {
        let t = Clip::new(Scenario::Textured);
        assert!(t.truth(119).w > t.truth(0).w * 1.35);
        assert!((0..120).all(|k| t.truth(k).visible > 0.99));
        let o = Clip::new(Scenario::Occluded);
        assert!(o.truth(50).visible < 0.01, "{:?}", o.truth(50));
        assert!(o.truth(20).visible > 0.99);
        let e = Clip::new(Scenario::Exit);
        assert!(e.truth(119).visible < 0.01);
    }

    #[test]
    fn frames_are_deterministic_and_textured() {
        let c = Clip::new(Scenario::Textured);
        let (a, b) = (c.luma(3), c.luma(3));
        assert_eq!(a, b);
        let mean = a.iter().sum::<f32>() / a.len() as f32;
        let var = a.iter().map(|v| (v - mean).powi(2)).sum::<f32>() / a.len() as f32;
        assert!(
            var.sqrt() > 20.0,
            "background should be busy, std {}",
            var.sqrt()
        );
        assert_eq!(c.rgba(0).len(), 640 * 360 * 4);
    }
}
