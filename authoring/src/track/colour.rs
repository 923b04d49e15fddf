//! The product's colours against its surroundings (as in Staple, Bertinetto et al. 2016): a
//! histogram of the colour bins inside the box and one of the ring around it give, for every
//! pixel, how likely its colour is the product's. Summed over a box, that likelihood finds a
//! flat-coloured product that a correlation filter on brightness alone slides off, and says
//! nothing where the product and its surroundings share their colours.

use super::image::{Gray, COLOUR_BINS};

/// How fast the histograms follow the product's colours.
const LEARNING_RATE: f32 = 0.04;

/// Foreground and background colour histograms, each summing to 1.
#[derive(Clone, Debug)]
pub struct Colour {
    fg: Vec<f32>,
    bg: Vec<f32>,
    /// P(product | bin), kept in step with the histograms.
    p: Vec<f32>,
    /// How much the likelihood separates the product from its ring (0 = not at all).
    pub contrast: f32,
}

fn histograms(frame: &Gray, cx: f32, cy: f32, w: f32, h: f32, side: f32) -> (Vec<f32>, Vec<f32>) {
    let mut fg = vec![0.0f32; COLOUR_BINS];
    let mut bg = vec![0.0f32; COLOUR_BINS];
    // Sample on a grid (about 128 steps across the context) rather than every pixel.
    let step = (side / 128.0).max(1.0);
    let (ix, iy) = (w * 0.4, h * 0.4);
    let (ox, oy) = (w * 0.6, h * 0.6);
    let half = side / 2.0;
    let mut y = cy - half;
    while y < cy + half {
        let mut x = cx - half;
        while x < cx + half {
            let inside_x =
                x >= 0.0 && y >= 0.0 && x < frame.width as f32 && y < frame.height as f32;
            if inside_x {
                let (dx, dy) = ((x - cx).abs(), (y - cy).abs());
                let b = frame.bin_at(x, y);
                if dx <= ix && dy <= iy {
                    fg[b] += 1.0;
                } else if dx >= ox || dy >= oy {
                    bg[b] += 1.0;
                }
            }
            x += step;
        }
        y += step;
    }
    for h in [&mut fg, &mut bg] {
        let sum: f32 = h.iter().sum();
        if sum > 0.0 {
            h.iter_mut().for_each(|v| *v /= sum);
        }
    }
    (fg, bg)
}

impl Colour {
    /// Learns the product in the box `w`×`h` centred on `(cx, cy)`, against the square of side
    /// `side` around it.
    pub fn new(frame: &Gray, cx: f32, cy: f32, w: f32, h: f32, side: f32) -> Colour {
        let (fg, bg) = histograms(frame, cx, cy, w, h, side);
        let mut c = Colour {
            fg,
            bg,
            p: vec![0.5; COLOUR_BINS],
            contrast: 0.0,
        };
        c.refresh();
        c
    }

    fn refresh(&mut self) {
        for i in 0..COLOUR_BINS {
            let (f, b) = (self.fg[i], self.bg[i]);
            self.p[i] = if f + b > 0.0 { f / (f + b) } else { 0.5 };
        }
        // Mean likelihood over the product's pixels minus over the ring's.
        let inside: f32 = self.fg.iter().zip(&self.p).map(|(f, p)| f * p).sum();
        let outside: f32 = self.bg.iter().zip(&self.p).map(|(b, p)| b * p).sum();
        self.contrast = (inside - outside).max(0.0);
    }

    /// Moves the histograms towards the box's colours now.
    pub fn learn(&mut self, frame: &Gray, cx: f32, cy: f32, w: f32, h: f32, side: f32) {
        let (fg, bg) = histograms(frame, cx, cy, w, h, side);
        for i in 0..COLOUR_BINS {
            self.fg[i] = self.fg[i] * (1.0 - LEARNING_RATE) + fg[i] * LEARNING_RATE;
            self.bg[i] = self.bg[i] * (1.0 - LEARNING_RATE) + bg[i] * LEARNING_RATE;
        }
        self.refresh();
    }

    /// How well a box `w`×`h` centred on `(cx, cy)` fits the product's colours: the mean
    /// likelihood inside it less the mean over a ring a quarter of its size around it. Too
    /// large a box takes in the surroundings, too small a one leaves product in the ring.
    pub fn fit(&self, frame: &Gray, cx: f32, cy: f32, w: f32, h: f32) -> f32 {
        let step = (w.max(h) / 24.0).max(1.0);
        let (mut inside, mut n_in, mut ring, mut n_ring) = (0.0f32, 0u32, 0.0f32, 0u32);
        let (ow, oh) = (w * 0.75, h * 0.75);
        let mut y = cy - oh;
        while y <= cy + oh {
            let mut x = cx - ow;
            while x <= cx + ow {
                let shown =
                    x >= 0.0 && y >= 0.0 && x < frame.width as f32 && y < frame.height as f32;
                if (x - cx).abs() <= w / 2.0 && (y - cy).abs() <= h / 2.0 {
                    // Box outside the picture is product not seen: it counts as missing.
                    inside += if shown {
                        self.p[frame.bin_at(x, y)]
                    } else {
                        0.0
                    };
                    n_in += 1;
                } else if shown {
                    ring += self.p[frame.bin_at(x, y)];
                    n_ring += 1;
                }
                x += step;
            }
            y += step;
        }
        inside / n_in.max(1) as f32 - ring / n_ring.max(1) as f32
    }

    /// The mean product likelihood of a box `bw`×`bh` (template samples) centred on each
    /// sample edge `(i, j)` of the `n`×`n` grid covering the square of side `side` around
    /// `(cx, cy)`: the same grid as the correlation filter's response, so the two add up.
    pub fn response(
        &self,
        frame: &Gray,
        (cx, cy, side): (f32, f32, f32),
        n: usize,
        (bw, bh): (f32, f32),
        out: &mut [f32],
    ) {
        let step = side / n as f32;
        let (x0, y0) = (cx - side / 2.0, cy - side / 2.0);
        // Integral image of the likelihood, (n+1)².
        let m = n + 1;
        let mut sum = vec![0.0f32; m * m];
        for j in 0..n {
            let mut row = 0.0;
            for i in 0..n {
                let (x, y) = (x0 + (i as f32 + 0.5) * step, y0 + (j as f32 + 0.5) * step);
                let inside =
                    x >= 0.0 && y >= 0.0 && x < frame.width as f32 && y < frame.height as f32;
                row += if inside {
                    self.p[frame.bin_at(x, y)]
                } else {
                    0.0
                };
                sum[(j + 1) * m + i + 1] = sum[j * m + i + 1] + row;
            }
        }
        let (hw, hh) = (
            (bw / 2.0).round().max(1.0) as i64,
            (bh / 2.0).round().max(1.0) as i64,
        );
        let area = (4 * hw * hh) as f32;
        let clamp = |v: i64| v.clamp(0, n as i64) as usize;
        for j in 0..n as i64 {
            let (a, b) = (clamp(j - hh), clamp(j + hh));
            for i in 0..n as i64 {
                let (l, r) = (clamp(i - hw), clamp(i + hw));
                let s = sum[b * m + r] - sum[a * m + r] - sum[b * m + l] + sum[a * m + l];
                out[j as usize * n + i as usize] = s / area;
            }
        }
    }
}
