//! A small in-place radix-2 FFT over complex `f32`, in one and two dimensions: all the
//! correlation filter needs, for power-of-two template sizes (64×64), with no dependency.

use std::ops::{Add, Mul, Sub};

/// A complex number.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct C32 {
    pub re: f32,
    pub im: f32,
}

impl C32 {
    pub const ZERO: C32 = C32 { re: 0.0, im: 0.0 };

    pub fn new(re: f32, im: f32) -> C32 {
        C32 { re, im }
    }

    pub fn conj(self) -> C32 {
        C32::new(self.re, -self.im)
    }

    pub fn norm_sqr(self) -> f32 {
        self.re * self.re + self.im * self.im
    }

    pub fn scale(self, k: f32) -> C32 {
        C32::new(self.re * k, self.im * k)
    }

    /// `self / other`, with `other` known to be real and positive (the filter's denominator).
    pub fn div_real(self, d: f32) -> C32 {
        C32::new(self.re / d, self.im / d)
    }
}

impl Add for C32 {
    type Output = C32;
    fn add(self, o: C32) -> C32 {
        C32::new(self.re + o.re, self.im + o.im)
    }
}

impl Sub for C32 {
    type Output = C32;
    fn sub(self, o: C32) -> C32 {
        C32::new(self.re - o.re, self.im - o.im)
    }
}

impl Mul for C32 {
    type Output = C32;
    fn mul(self, o: C32) -> C32 {
        C32::new(
            self.re * o.re - self.im * o.im,
            self.re * o.im + self.im * o.re,
        )
    }
}

/// Twiddle factors and the bit-reversal permutation for one power-of-two length.
#[derive(Clone, Debug)]
pub struct Plan {
    n: usize,
    twiddles: Vec<C32>,
    reversed: Vec<u32>,
}

impl Plan {
    /// A plan for length `n`, which must be a power of two (the tracker's template sizes are).
    pub fn new(n: usize) -> Plan {
        let n = n.max(1).next_power_of_two();
        let bits = n.trailing_zeros();
        let twiddles = (0..n / 2)
            .map(|k| {
                let a = -2.0 * std::f64::consts::PI * k as f64 / n as f64;
                C32::new(a.cos() as f32, a.sin() as f32)
            })
            .collect();
        let reversed = (0..n as u32)
            .map(|i| {
                if bits == 0 {
                    0
                } else {
                    i.reverse_bits() >> (32 - bits)
                }
            })
            .collect();
        Plan {
            n,
            twiddles,
            reversed,
        }
    }

    /// Transforms `data` (length `n`, stride `stride` from `offset`) in place. `inverse` runs
    /// the inverse transform without the 1/n factor (the 2-D caller scales once).
    fn run(&self, data: &mut [C32], offset: usize, stride: usize, inverse: bool) {
        let n = self.n;
        let at = |i: usize| offset + i * stride;
        for i in 0..n {
            let j = self.reversed[i] as usize;
            if i < j {
                data.swap(at(i), at(j));
            }
        }
        let mut len = 2;
        while len <= n {
            let half = len / 2;
            let step = n / len;
            for start in (0..n).step_by(len) {
                for k in 0..half {
                    let w = self.twiddles[k * step];
                    let w = if inverse { w.conj() } else { w };
                    let (a, b) = (at(start + k), at(start + k + half));
                    let t = data[b] * w;
                    data[b] = data[a] - t;
                    data[a] = data[a] + t;
                }
            }
            len *= 2;
        }
    }

    /// The forward 1-D transform of a contiguous slice of length `n`.
    pub fn forward(&self, data: &mut [C32]) {
        self.run(data, 0, 1, false);
    }

    /// The inverse 1-D transform, scaled by 1/n.
    pub fn inverse(&self, data: &mut [C32]) {
        self.run(data, 0, 1, true);
        let k = 1.0 / self.n as f32;
        for v in data.iter_mut() {
            *v = v.scale(k);
        }
    }

    /// The forward 2-D transform of an `n`×`n` row-major square.
    pub fn forward_2d(&self, data: &mut [C32]) {
        self.run_2d(data, false);
    }

    /// The inverse 2-D transform of an `n`×`n` square, scaled by 1/n².
    pub fn inverse_2d(&self, data: &mut [C32]) {
        self.run_2d(data, true);
        let k = 1.0 / (self.n * self.n) as f32;
        for v in data.iter_mut() {
            *v = v.scale(k);
        }
    }

    fn run_2d(&self, data: &mut [C32], inverse: bool) {
        let n = self.n;
        if data.len() < n * n {
            return;
        }
        for row in 0..n {
            self.run(data, row * n, 1, inverse);
        }
        for col in 0..n {
            self.run(data, col, n, inverse);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dft(x: &[C32]) -> Vec<C32> {
        let n = x.len();
        (0..n)
            .map(|k| {
                x.iter().enumerate().fold(C32::ZERO, |acc, (j, v)| {
                    let a = -2.0 * std::f64::consts::PI * (j * k) as f64 / n as f64;
                    acc + *v * C32::new(a.cos() as f32, a.sin() as f32)
                })
            })
            .collect()
    }

    #[test]
    fn matches_the_naive_dft_and_inverts() {
        for n in [1usize, 2, 8, 64] {
            let x: Vec<C32> = (0..n)
                .map(|i| C32::new((i as f32 * 0.37).sin(), (i as f32 * 1.3).cos()))
                .collect();
            let plan = Plan::new(n);
            let mut y = x.clone();
            plan.forward(&mut y);
            for (a, b) in y.iter().zip(dft(&x)) {
                assert!((a.re - b.re).abs() < 1e-3 && (a.im - b.im).abs() < 1e-3);
            }
            plan.inverse(&mut y);
            for (a, b) in y.iter().zip(&x) {
                assert!((a.re - b.re).abs() < 1e-4 && (a.im - b.im).abs() < 1e-4);
            }
        }
    }

    #[test]
    fn two_dimensional_round_trip_and_impulse() {
        let n = 16;
        let plan = Plan::new(n);
        let mut d = vec![C32::ZERO; n * n];
        d[0] = C32::new(1.0, 0.0);
        plan.forward_2d(&mut d);
        assert!(d
            .iter()
            .all(|v| (v.re - 1.0).abs() < 1e-6 && v.im.abs() < 1e-6));
        let x: Vec<C32> = (0..n * n)
            .map(|i| C32::new((i as f32).sin(), 0.0))
            .collect();
        let mut y = x.clone();
        plan.forward_2d(&mut y);
        plan.inverse_2d(&mut y);
        for (a, b) in y.iter().zip(&x) {
            assert!((a.re - b.re).abs() < 1e-4 && a.im.abs() < 1e-4);
        }
    }
}
