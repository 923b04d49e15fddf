//! A correlation-filter tracker (MOSSE, Bolme et al. 2010) with a scale search: it learns a
//! filter whose correlation with the product's patch is a sharp peak, finds the peak in each
//! new frame at three scales, and reports the peak-to-sidelobe ratio (PSR) as its confidence.
//! A low PSR means the product is occluded or gone; the filter is then not updated, so an
//! occluder is not learned.

use super::fft::{Plan, C32};
use super::image::Gray;

/// Side of the filter's square template, in samples (a power of two for the FFT).
pub const TEMPLATE: usize = 64;
/// The template covers the box padded to this many times its larger side: context helps.
const PADDING: f32 = 2.0;
/// Width of the desired Gaussian response, in template samples.
const SIGMA: f32 = 2.0;
/// How fast the filter follows appearance changes.
const LEARNING_RATE: f32 = 0.1;
/// Keeps the division stable where the spectrum has no energy.
const REGULARISE: f32 = 0.01;
/// Scales searched each frame, relative to the current one.
const SCALES: [f32; 3] = [1.0 / 1.04, 1.0, 1.04];
/// A scale change must win by this factor over staying the same size (damps jitter).
const SCALE_PENALTY: f32 = 0.985;
/// Half-size of the window around the peak left out of the sidelobe statistics.
const PEAK_EXCLUSION: i64 = 5;

/// A box in frame pixels: centre and size.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BoxPx {
    pub cx: f32,
    pub cy: f32,
    pub w: f32,
    pub h: f32,
}

/// The tracker's answer for one frame.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Step {
    pub bbox: BoxPx,
    /// Peak-to-sidelobe ratio: about 20 and above when locked, under 6 when lost.
    pub psr: f32,
}

/// PSR at and above which the filter learns from the frame.
pub const PSR_LEARN: f32 = 8.0;
/// PSR under which the frame counts as lost (occluded, gone, or a different object).
pub const PSR_LOST: f32 = 6.0;

/// One tracked object.
#[derive(Clone, Debug)]
pub struct Tracker {
    plan: Plan,
    window: Vec<f32>,
    /// Spectrum of the desired response (a Gaussian peak at the template's centre).
    target: Vec<C32>,
    /// Filter numerator and denominator (running averages).
    a: Vec<C32>,
    b: Vec<f32>,
    bbox: BoxPx,
    /// Template side in frame pixels at scale 1.
    base_side: f32,
    base_size: (f32, f32),
    scale: f32,
    velocity: (f32, f32),
    scratch: Vec<f32>,
    spectrum: Vec<C32>,
}

fn hann(n: usize) -> Vec<f32> {
    let w: Vec<f32> = (0..n)
        .map(|i| 0.5 - 0.5 * (2.0 * std::f32::consts::PI * (i as f32 + 0.5) / n as f32).cos())
        .collect();
    let mut out = Vec::with_capacity(n * n);
    for y in 0..n {
        for x in 0..n {
            out.push(w[x] * w[y]);
        }
    }
    out
}

fn gaussian(n: usize, cx: f32, cy: f32, plan: &Plan) -> Vec<C32> {
    let mut g: Vec<C32> = (0..n * n)
        .map(|i| {
            let (x, y) = ((i % n) as f32 - cx, (i / n) as f32 - cy);
            C32::new((-(x * x + y * y) / (2.0 * SIGMA * SIGMA)).exp(), 0.0)
        })
        .collect();
    plan.forward_2d(&mut g);
    g
}

impl Tracker {
    /// Starts tracking the object inside `bbox` on `frame`.
    pub fn new(frame: &Gray, bbox: BoxPx) -> Tracker {
        let n = TEMPLATE;
        let plan = Plan::new(n);
        let longest = bbox.w.max(bbox.h).max(8.0);
        let mut t = Tracker {
            window: hann(n),
            target: gaussian(n, n as f32 / 2.0, n as f32 / 2.0, &plan),
            plan,
            a: vec![C32::ZERO; n * n],
            b: vec![0.0; n * n],
            bbox,
            base_side: longest * PADDING,
            base_size: (bbox.w, bbox.h),
            scale: 1.0,
            velocity: (0.0, 0.0),
            scratch: vec![0.0; n * n],
            spectrum: vec![C32::ZERO; n * n],
        };
        // Train on the patch and a few shifted and scaled copies, each with its own target,
        // so the first frames are not matched against a single view.
        let side = t.base_side;
        let samples: [(f32, f32, f32); 7] = [
            (0.0, 0.0, 1.0),
            (3.0, 0.0, 1.0),
            (-3.0, 0.0, 1.0),
            (0.0, 3.0, 1.0),
            (0.0, -3.0, 1.0),
            (0.0, 0.0, 0.95),
            (0.0, 0.0, 1.05),
        ];
        for (dx, dy, k) in samples {
            // A patch taken `d` template samples away shows the object `-d` from its centre.
            let px = side * k / n as f32;
            t.spectrum_of(frame, bbox.cx + dx * px, bbox.cy + dy * px, side * k);
            let g = if dx == 0.0 && dy == 0.0 {
                t.target.clone()
            } else {
                gaussian(n, n as f32 / 2.0 - dx, n as f32 / 2.0 - dy, &t.plan)
            };
            for (i, gi) in g.iter().enumerate() {
                let f = t.spectrum[i];
                t.a[i] = t.a[i] + *gi * f.conj();
                t.b[i] += f.norm_sqr();
            }
        }
        t
    }

    /// Fills `self.spectrum` with the preprocessed patch's spectrum.
    fn spectrum_of(&mut self, frame: &Gray, cx: f32, cy: f32, side: f32) {
        let n = TEMPLATE;
        frame.patch(cx, cy, side, n, &mut self.scratch);
        let mut mean = 0.0;
        for v in self.scratch.iter_mut() {
            *v = (*v + 1.0).ln();
            mean += *v;
        }
        mean /= (n * n) as f32;
        let var = self
            .scratch
            .iter()
            .map(|v| (v - mean) * (v - mean))
            .sum::<f32>()
            / (n * n) as f32;
        let inv = 1.0 / (var.sqrt() + 1e-5);
        for i in 0..n * n {
            self.spectrum[i] = C32::new((self.scratch[i] - mean) * inv * self.window[i], 0.0);
        }
        self.plan.forward_2d(&mut self.spectrum);
    }

    /// The filter's response to the current spectrum: peak position (template samples, with
    /// sub-sample refinement), peak value and PSR.
    fn respond(&mut self) -> (f32, f32, f32, f32) {
        let n = TEMPLATE;
        for i in 0..n * n {
            let h = self.a[i].div_real(self.b[i] + REGULARISE);
            self.spectrum[i] = self.spectrum[i] * h;
        }
        self.plan.inverse_2d(&mut self.spectrum);
        let (mut best, mut at) = (f32::MIN, 0usize);
        for (i, v) in self.spectrum.iter().enumerate() {
            if v.re > best {
                best = v.re;
                at = i;
            }
        }
        let (px, py) = ((at % n) as i64, (at / n) as i64);
        let r = |x: i64, y: i64| -> f32 {
            let (x, y) = (
                x.rem_euclid(n as i64) as usize,
                y.rem_euclid(n as i64) as usize,
            );
            self.spectrum[y * n + x].re
        };
        let refine = |l: f32, c: f32, r: f32| -> f32 {
            let d = l - 2.0 * c + r;
            if d.abs() < 1e-12 {
                0.0
            } else {
                (0.5 * (l - r) / d).clamp(-0.5, 0.5)
            }
        };
        let sx = px as f32 + refine(r(px - 1, py), best, r(px + 1, py));
        let sy = py as f32 + refine(r(px, py - 1), best, r(px, py + 1));
        let (mut sum, mut sum2, mut count) = (0.0f64, 0.0f64, 0usize);
        for (i, v) in self.spectrum.iter().enumerate() {
            let (x, y) = ((i % n) as i64, (i / n) as i64);
            if (x - px).abs() <= PEAK_EXCLUSION && (y - py).abs() <= PEAK_EXCLUSION {
                continue;
            }
            sum += v.re as f64;
            sum2 += (v.re as f64) * (v.re as f64);
            count += 1;
        }
        let mean = sum / count.max(1) as f64;
        let std = (sum2 / count.max(1) as f64 - mean * mean).max(0.0).sqrt();
        let psr = if std > 1e-12 {
            ((best as f64 - mean) / std) as f32
        } else {
            0.0
        };
        (sx, sy, best, psr)
    }

    /// Finds the object in the next frame. The filter learns from the frame only when the
    /// answer is confident; otherwise the box stays where the object was last seen.
    pub fn update(&mut self, frame: &Gray) -> Step {
        let n = TEMPLATE as f32;
        let (cx, cy) = (
            self.bbox.cx + self.velocity.0,
            self.bbox.cy + self.velocity.1,
        );
        let mut best: Option<(f32, f32, f32, f32, f32)> = None;
        for k in SCALES {
            let side = self.base_side * self.scale * k;
            self.spectrum_of(frame, cx, cy, side);
            let (sx, sy, peak, psr) = self.respond();
            let score = if k == 1.0 { peak } else { peak * SCALE_PENALTY };
            let px = side / n;
            let found = (cx + (sx - n / 2.0) * px, cy + (sy - n / 2.0) * px);
            if best.is_none_or(|b| score > b.4) {
                best = Some((found.0, found.1, k, psr, score));
            }
        }
        let Some((x, y, k, psr, _)) = best else {
            return Step {
                bbox: self.bbox,
                psr: 0.0,
            };
        };
        if psr < PSR_LOST {
            // Do not follow (or learn) what is probably an occluder: hold the last position.
            self.velocity = (0.0, 0.0);
            return Step {
                bbox: self.bbox,
                psr,
            };
        }
        let moved = (x - self.bbox.cx, y - self.bbox.cy);
        self.velocity = (
            0.6 * moved.0 + 0.4 * self.velocity.0,
            0.6 * moved.1 + 0.4 * self.velocity.1,
        );
        self.scale = (self.scale * k).clamp(0.2, 5.0);
        self.bbox = BoxPx {
            cx: x,
            cy: y,
            w: self.base_size.0 * self.scale,
            h: self.base_size.1 * self.scale,
        };
        if psr >= PSR_LEARN {
            let side = self.base_side * self.scale;
            self.spectrum_of(frame, x, y, side);
            for i in 0..TEMPLATE * TEMPLATE {
                let f = self.spectrum[i];
                self.a[i] = (self.target[i] * f.conj()).scale(LEARNING_RATE)
                    + self.a[i].scale(1.0 - LEARNING_RATE);
                self.b[i] = f.norm_sqr() * LEARNING_RATE + self.b[i] * (1.0 - LEARNING_RATE);
            }
        }
        Step {
            bbox: self.bbox,
            psr,
        }
    }
}
