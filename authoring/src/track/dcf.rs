//! A correlation-filter tracker (MOSSE, Bolme et al. 2010) with a scale search, a colour model
//! and an anchor: it learns a filter whose correlation with the product's patch is a sharp
//! peak, finds the peak in each new frame at three scales, adds the colour model's box
//! likelihood (for products a brightness filter slides off), then corrects the position
//! against the filter learned on the seed frame. That last step is what stops drift: a filter
//! that keeps learning from its own answers keeps every error it makes and adds the next one
//! (the "template update problem", Matthews et al. 2004), while the seed's filter has none.
//! The peak-to-sidelobe ratio (PSR) is the confidence; a low PSR means the product is
//! occluded or gone, and the filter then does not learn, so an occluder is not learned.
//! After a loss, [`Tracker::search`] looks for the product over the whole frame.

use super::colour::Colour;
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
/// The seed's filter is asked about the size while its PSR at the chosen size is under this.
const ANCHOR_SCALE_BELOW: f32 = 10.0;
/// Another size must beat the chosen one's anchor PSR by this factor (a cover or a look-alike
/// nudges PSRs about; the product's true size wins clearly).
const ANCHOR_SCALE_MARGIN: f32 = 1.1;
/// Half-size of the window around the peak left out of the sidelobe statistics.
const PEAK_EXCLUSION: i64 = 5;
/// The most the seed's filter may move the answer, in template samples: further than that it
/// is matching something else (the product has changed too much since the seed).
const ANCHOR_REACH: f32 = 4.0;
/// Largest weight of the colour model's response (Staple's merge factor), reached when the
/// product's colours set it well apart from its surroundings.
const COLOUR_WEIGHT: f32 = 0.3;
/// The step of the product's angle tried either side each frame (radians; 3°).
const TURN_STEP: f32 = 3.0 * std::f32::consts::PI / 180.0;
/// The largest angle followed (radians; 35°).
const TURN_MAX: f32 = 35.0 * std::f32::consts::PI / 180.0;
/// A neighbouring angle must beat the current one's PSR by this factor.
const TURN_MARGIN: f32 = 1.02;
/// PSR a whole-frame search must reach to call a candidate the product.
pub const PSR_FOUND: f32 = 10.0;
/// Share of its usual colour fit under which the box is taken to be hidden (a product that is
/// half covered keeps much of its correlation peak, but loses its colours).
const FIT_HIDDEN: f32 = 0.65;
/// How fast the usual colour fit follows (per sure frame).
const FIT_RATE: f32 = 0.02;
/// Colour contrast from which the colour fit may call the product hidden (below it, the
/// product shares too many colours with its surroundings for the fit to be steady).
const CONTRAST_DECISIVE: f32 = 0.5;

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
    /// Whether the tracker is sure this is the product: the PSR is high enough and, where
    /// colours tell the product apart, the box still holds its colours.
    pub sure: bool,
}

/// PSR at and above which the filter learns from the frame.
pub const PSR_LEARN: f32 = 8.0;
/// PSR under which the frame counts as lost (occluded, gone, or a different object).
pub const PSR_LOST: f32 = 6.0;

/// Which filter answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Filter {
    /// The one that keeps learning.
    Adaptive,
    /// The one learned on the seed frame.
    Seed,
}

/// A peak in a response: position in template samples (sub-sample), height and PSR.
#[derive(Clone, Copy, Debug)]
struct Peak {
    x: f32,
    y: f32,
    height: f32,
    psr: f32,
}

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
    /// The filter learned on the seed frame, never updated.
    a0: Vec<C32>,
    b0: Vec<f32>,
    colour: Colour,
    /// The colour fit of the box on sure frames, a slow average: it follows the light
    /// changing over seconds, while a cover sliding in over a fraction of one stays below it.
    fit: f32,
    bbox: BoxPx,
    /// Template side in frame pixels at scale 1.
    base_side: f32,
    base_size: (f32, f32),
    scale: f32,
    /// The product's in-plane angle since the seed, radians.
    angle: f32,
    velocity: (f32, f32),
    scratch: Vec<f32>,
    spectrum: Vec<C32>,
    /// The colour model's response on the template grid.
    likelihood: Vec<f32>,
    /// The response at the best scale so far.
    best: Vec<f32>,
}

/// The window's power for a product its colours do not set apart.
const NARROW: f32 = 1.5;

/// A Hann window raised to `power`: above 1 it narrows onto the product, below the patch's
/// background.
fn hann(n: usize, power: f32) -> Vec<f32> {
    let w: Vec<f32> = (0..n)
        .map(|i| 0.5 - 0.5 * (2.0 * std::f32::consts::PI * (i as f32 + 0.5) / n as f32).cos())
        .collect();
    let mut out = Vec::with_capacity(n * n);
    for y in 0..n {
        for x in 0..n {
            out.push((w[x] * w[y]).powf(power));
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

/// The highest value of a real response (in `re`), refined to a sub-sample position with a
/// parabola through its neighbours, and its PSR.
fn peak_of(r: &[f32], n: usize) -> Peak {
    peak_within(r, n, 0..n)
}

/// [`peak_of`] with the peak looked for only in `span`×`span` of the grid (the PSR still
/// weighs the whole response, so a stronger peak outside lowers it).
fn peak_within(r: &[f32], n: usize, span: std::ops::Range<usize>) -> Peak {
    let (mut best, mut at) = (f32::MIN, 0usize);
    for y in span.clone() {
        for x in span.clone() {
            let v = r[y * n + x];
            if v > best {
                best = v;
                at = y * n + x;
            }
        }
    }
    let (px, py) = ((at % n) as i64, (at / n) as i64);
    let get = |x: i64, y: i64| -> f32 {
        let (x, y) = (
            x.rem_euclid(n as i64) as usize,
            y.rem_euclid(n as i64) as usize,
        );
        r[y * n + x]
    };
    let refine = |l: f32, c: f32, r: f32| -> f32 {
        let d = l - 2.0 * c + r;
        if d.abs() < 1e-12 {
            0.0
        } else {
            (0.5 * (l - r) / d).clamp(-0.5, 0.5)
        }
    };
    let x = px as f32 + refine(get(px - 1, py), best, get(px + 1, py));
    let y = py as f32 + refine(get(px, py - 1), best, get(px, py + 1));
    let (mut sum, mut sum2, mut count) = (0.0f64, 0.0f64, 0usize);
    for (i, &v) in r.iter().enumerate() {
        let (x, y) = ((i % n) as i64, (i / n) as i64);
        if (x - px).abs() <= PEAK_EXCLUSION && (y - py).abs() <= PEAK_EXCLUSION {
            continue;
        }
        sum += v as f64;
        sum2 += (v as f64) * (v as f64);
        count += 1;
    }
    let mean = sum / count.max(1) as f64;
    let std = (sum2 / count.max(1) as f64 - mean * mean).max(0.0).sqrt();
    let psr = if std > 1e-12 {
        ((best as f64 - mean) / std) as f32
    } else {
        0.0
    };
    Peak {
        x,
        y,
        height: best,
        psr,
    }
}

impl Tracker {
    /// Starts tracking the object inside `bbox` on `frame`.
    pub fn new(frame: &Gray, bbox: BoxPx) -> Tracker {
        let n = TEMPLATE;
        let plan = Plan::new(n);
        let longest = bbox.w.max(bbox.h).max(8.0);
        let side = longest * PADDING;
        let colour = Colour::new(frame, bbox.cx, bbox.cy, bbox.w, bbox.h, side);
        // A product its colours do not tell apart (a faint logo, print) is found by its own
        // pattern: the window narrows so the background around it — busy, re-noised, moving —
        // weighs less. One its colours do set apart keeps the context: its outline is its pattern.
        let power = if colour.contrast < CONTRAST_DECISIVE {
            NARROW
        } else {
            1.0
        };
        let mut t = Tracker {
            window: hann(n, power),
            target: gaussian(n, n as f32 / 2.0, n as f32 / 2.0, &plan),
            plan,
            a: vec![C32::ZERO; n * n],
            b: vec![0.0; n * n],
            a0: Vec::new(),
            b0: Vec::new(),
            colour,
            fit: 0.0,
            bbox,
            base_side: side,
            base_size: (bbox.w, bbox.h),
            scale: 1.0,
            angle: 0.0,
            velocity: (0.0, 0.0),
            scratch: vec![0.0; n * n],
            spectrum: vec![C32::ZERO; n * n],
            likelihood: vec![0.0; n * n],
            best: vec![0.0; n * n],
        };
        // Train on the patch and a few shifted and scaled copies, each with its own target,
        // so the first frames are not matched against a single view.
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
        t.fit = t.colour.fit(frame, bbox.cx, bbox.cy, bbox.w, bbox.h);
        t.a0 = t.a.clone();
        t.b0 = t.b.clone();
        t
    }

    /// The box as it was last found.
    pub fn bbox(&self) -> BoxPx {
        self.bbox
    }

    /// Fills `self.spectrum` with the preprocessed patch's spectrum.
    fn spectrum_of(&mut self, frame: &Gray, cx: f32, cy: f32, side: f32) {
        self.turned_spectrum_of(frame, (cx, cy), side, 0.0);
    }

    /// [`Self::spectrum_of`] of the patch turned by `angle` radians.
    fn turned_spectrum_of(&mut self, frame: &Gray, at: (f32, f32), side: f32, angle: f32) {
        let n = TEMPLATE;
        frame.patch(at, side, angle, n, &mut self.scratch);
        let (mut mean, mut inside) = (0.0, 0usize);
        for v in self.scratch.iter_mut() {
            *v = (*v + 1.0).ln();
            if v.is_finite() {
                mean += *v;
                inside += 1;
            }
        }
        mean /= inside.max(1) as f32;
        // Outside the picture: the mean, which normalises to nothing.
        for v in self.scratch.iter_mut() {
            if !v.is_finite() {
                *v = mean;
            }
        }
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

    /// The filter's response to the current spectrum, left in `self.scratch`.
    fn respond(&mut self, filter: Filter) {
        let n = TEMPLATE;
        let (a, b) = match filter {
            Filter::Adaptive => (&self.a, &self.b),
            Filter::Seed => (&self.a0, &self.b0),
        };
        for i in 0..n * n {
            let h = a[i].div_real(b[i] + REGULARISE);
            self.spectrum[i] = self.spectrum[i] * h;
        }
        self.plan.inverse_2d(&mut self.spectrum);
        for (s, v) in self.scratch.iter_mut().zip(&self.spectrum) {
            *s = v.re;
        }
    }

    /// The colour model's weight now: none when the product's colours are its surroundings'.
    fn colour_weight(&self) -> f32 {
        COLOUR_WEIGHT * (self.colour.contrast * 2.0).clamp(0.0, 1.0)
    }

    /// Adds the colour model's response around `(cx, cy)` at template side `side` (the box at
    /// scale `s`) to the correlation response in `self.scratch`.
    fn add_colour(&mut self, frame: &Gray, cx: f32, cy: f32, side: f32, s: f32) {
        let alpha = self.colour_weight();
        if alpha <= 0.0 {
            return;
        }
        let n = TEMPLATE;
        let px = side / n as f32;
        let (bw, bh) = (self.base_size.0 * s / px, self.base_size.1 * s / px);
        self.colour
            .response(frame, (cx, cy, side), n, (bw, bh), &mut self.likelihood);
        for (s, l) in self.scratch.iter_mut().zip(&self.likelihood) {
            *s = (1.0 - alpha) * *s + alpha * l;
        }
    }

    /// Finds the object in the next frame. The filter learns from the frame only when the
    /// answer is confident; otherwise the box stays where the object was last seen.
    pub fn update(&mut self, frame: &Gray) -> Step {
        let n = TEMPLATE as f32;
        let (cx, cy) = (
            self.bbox.cx + self.velocity.0,
            self.bbox.cy + self.velocity.1,
        );
        // The scale whose correlation peak is highest, with the colour model's word on how
        // well a box of that size fits the product (a flat-coloured product gives the
        // correlation filter no reason to stop growing).
        let alpha = self.colour_weight();
        let mut best: Option<(f32, f32, f32)> = None;
        for k in SCALES {
            let side = self.base_side * self.scale * k;
            self.spectrum_of(frame, cx, cy, side);
            self.respond(Filter::Adaptive);
            let p = peak_of(&self.scratch, TEMPLATE);
            let height = if k == 1.0 {
                p.height
            } else {
                p.height * SCALE_PENALTY
            };
            let score = if alpha > 0.0 {
                let px = side / n;
                let (x, y) = (cx + (p.x - n / 2.0) * px, cy + (p.y - n / 2.0) * px);
                let s = self.scale * k;
                let fit = self
                    .colour
                    .fit(frame, x, y, self.base_size.0 * s, self.base_size.1 * s);
                (1.0 - alpha) * height + alpha * fit
            } else {
                height
            };
            if best.is_none_or(|b| score > b.1) {
                best = Some((k, score, p.psr));
                self.best.copy_from_slice(&self.scratch);
            }
        }
        let (k, _, psr) = best.unwrap_or((1.0, 0.0, 0.0));
        // The position at that scale, with the colour model's say.
        let side = self.base_side * self.scale * k;
        self.scratch.copy_from_slice(&self.best);
        self.add_colour(frame, cx, cy, side, self.scale * k);
        let p = peak_of(&self.scratch, TEMPLATE);
        let px = side / n;
        let (mut x, mut y) = (cx + (p.x - n / 2.0) * px, cy + (p.y - n / 2.0) * px);
        if psr < PSR_LOST {
            return self.hold(psr);
        }
        // The anchor: where the seed's filter puts the product, starting from this answer.
        // It corrects the answer only when it agrees closely and is sure.
        // The seed's filter sees the patch turned back by the product's angle, which follows
        // the product a step at a time: a product turned since the seed matches its seed's
        // filter off centre, and the anchor would pull the answer there.
        let mut anchor_psr = 0.0;
        for round in 0..2 {
            let a = if round == 0 {
                self.turn(frame, (x, y), side)
            } else {
                self.turned_spectrum_of(frame, (x, y), side, self.angle);
                self.respond(Filter::Seed);
                peak_of(&self.scratch, TEMPLATE)
            };
            anchor_psr = a.psr;
            let (ox, oy) = (a.x - n / 2.0, a.y - n / 2.0);
            if a.psr < PSR_LOST || ox.abs() > ANCHOR_REACH || oy.abs() > ANCHOR_REACH {
                break;
            }
            // The offset is in the turned patch's axes.
            let (sin, cos) = self.angle.sin_cos();
            x += (ox * cos - oy * sin) * px;
            y += (ox * sin + oy * cos) * px;
            // Settled: a second look would move it by less than a tenth of a sample.
            if ox.abs() < 0.1 && oy.abs() < 0.1 {
                break;
            }
        }
        // The anchor's word on size, once it weakens: the scale the adaptive filter chose
        // is its own estimate and can creep (learning each frame's view at that size); the
        // seed's filter tried a step either side says which size the product really has.
        let mut k = k;
        if anchor_psr < ANCHOR_SCALE_BELOW {
            let mut best = (1.0, anchor_psr.max(PSR_LOST) * ANCHOR_SCALE_MARGIN);
            for c in SCALES {
                if c == 1.0 {
                    continue;
                }
                self.turned_spectrum_of(frame, (x, y), side * c, self.angle);
                self.respond(Filter::Seed);
                let a = peak_of(&self.scratch, TEMPLATE);
                if a.psr > best.1 {
                    best = (c, a.psr);
                }
            }
            k *= best.0;
        }
        let s = self.scale * k;
        if self.colour.contrast >= CONTRAST_DECISIVE {
            let fit = self
                .colour
                .fit(frame, x, y, self.base_size.0 * s, self.base_size.1 * s);
            if fit < FIT_HIDDEN * self.fit {
                return self.hold(psr);
            }
            self.fit += FIT_RATE * (fit - self.fit);
        }
        let moved = (x - self.bbox.cx, y - self.bbox.cy);
        self.velocity = (
            0.6 * moved.0 + 0.4 * self.velocity.0,
            0.6 * moved.1 + 0.4 * self.velocity.1,
        );
        self.scale = (self.scale * k).clamp(0.2, 5.0);
        self.place(x, y);
        if psr >= PSR_LEARN {
            self.learn(frame);
        }
        Step {
            bbox: self.bbox,
            psr,
            sure: true,
        }
    }

    /// The seed filter's peak around `at` at the product's angle and a step either side; the
    /// angle moves to a neighbour whose PSR beats it clearly. Returns the peak at the angle
    /// kept (its response left in `self.scratch`).
    fn turn(&mut self, frame: &Gray, at: (f32, f32), side: f32) -> Peak {
        self.turned_spectrum_of(frame, at, side, self.angle);
        self.respond(Filter::Seed);
        let mut best = (self.angle, peak_of(&self.scratch, TEMPLATE));
        let kept = best.1.psr;
        let mut response = std::mem::take(&mut self.best);
        response.copy_from_slice(&self.scratch);
        for d in [-TURN_STEP, TURN_STEP] {
            let angle = self.angle + d;
            if angle.abs() > TURN_MAX {
                continue;
            }
            self.turned_spectrum_of(frame, at, side, angle);
            self.respond(Filter::Seed);
            let p = peak_of(&self.scratch, TEMPLATE);
            if p.psr > kept * TURN_MARGIN && p.psr > best.1.psr {
                best = (angle, p);
                response.copy_from_slice(&self.scratch);
            }
        }
        self.scratch.copy_from_slice(&response);
        self.best = response;
        self.angle = best.0;
        best.1
    }

    /// Not sure: do not follow (or learn) what is probably an occluder; hold the last position.
    fn hold(&mut self, psr: f32) -> Step {
        self.velocity = (0.0, 0.0);
        Step {
            bbox: self.bbox,
            psr,
            sure: false,
        }
    }

    fn place(&mut self, x: f32, y: f32) {
        self.bbox = BoxPx {
            cx: x,
            cy: y,
            w: self.base_size.0 * self.scale,
            h: self.base_size.1 * self.scale,
        };
    }

    fn learn(&mut self, frame: &Gray) {
        let side = self.base_side * self.scale;
        let b = self.bbox;
        self.spectrum_of(frame, b.cx, b.cy, side);
        for i in 0..TEMPLATE * TEMPLATE {
            let f = self.spectrum[i];
            self.a[i] = (self.target[i] * f.conj()).scale(LEARNING_RATE)
                + self.a[i].scale(1.0 - LEARNING_RATE);
            self.b[i] = f.norm_sqr() * LEARNING_RATE + self.b[i] * (1.0 - LEARNING_RATE);
        }
        self.colour.learn(frame, b.cx, b.cy, b.w, b.h, side);
    }

    /// Looks for the product over the whole frame (after a loss): every patch of the current
    /// size on a half-overlapping grid is correlated with the seed's filter, and the best peak
    /// is checked again centred on itself. Returns where it is and the PSR there when that
    /// reaches [`PSR_FOUND`] and, for a colourful product, its colours are all there. The
    /// tracker itself stays where it lost the product: going on from a find is a new run,
    /// seeded there, once the brand accepts it.
    pub fn search(&mut self, frame: &Gray) -> Option<Step> {
        let n = TEMPLATE as f32;
        let side = self.base_side * self.scale;
        let px = side / n;
        let stride = side / 2.0;
        let (fw, fh) = (frame.width as f32, frame.height as f32);
        let mut best: Option<(f32, f32, f32)> = None;
        let mut y = stride / 2.0;
        while y < fh + stride / 2.0 {
            let mut x = stride / 2.0;
            while x < fw + stride / 2.0 {
                // The seed's filter alone: the adaptive one may have learned part of what
                // covered the product as it went.
                self.spectrum_of(frame, x, y, side);
                self.respond(Filter::Seed);
                // Only the patch's middle half: the rest is seen better by a neighbouring
                // patch, and the window has all but erased it here. (Taking the patch's
                // highest peak and dropping it when outside lost a product whose patch had a
                // higher one at its edge: one coming back in at the picture's border.)
                let p = peak_within(&self.scratch, TEMPLATE, TEMPLATE / 4..TEMPLATE * 3 / 4 + 1);
                let (ox, oy) = (p.x - n / 2.0, p.y - n / 2.0);
                if best.is_none_or(|b| p.psr > b.2) {
                    best = Some((x + ox * px, y + oy * px, p.psr));
                }
                x += stride;
            }
            y += stride;
        }
        let (x, y, _) = best?;
        // Centred on the candidate, the filter must be sure of it.
        self.spectrum_of(frame, x, y, side);
        self.respond(Filter::Seed);
        let p = peak_of(&self.scratch, TEMPLATE);
        let (x, y) = (x + (p.x - n / 2.0) * px, y + (p.y - n / 2.0) * px);
        if p.psr < PSR_FOUND || x < 0.0 || y < 0.0 || x > fw || y > fh {
            return None;
        }
        // Found only once it shows again, whole: a product still half behind the occluder or
        // across the picture's edge would seed the continuation off its centre.
        let (w, h) = (self.base_size.0 * self.scale, self.base_size.1 * self.scale);
        if x - w / 2.0 < 0.0 || y - h / 2.0 < 0.0 || x + w / 2.0 > fw || y + h / 2.0 > fh {
            return None;
        }
        if self.colour.contrast >= CONTRAST_DECISIVE
            && self.colour.fit(frame, x, y, w, h) < FIT_HIDDEN * self.fit
        {
            return None;
        }
        Some(Step {
            bbox: BoxPx { cx: x, cy: y, w, h },
            psr: p.psr,
            sure: true,
        })
    }
}
