//! Frames for the tracker: luma built from the RGBA bytes a canvas or a decoder gives, sampled
//! bilinearly, with a box that can reach past the edges (outside reads as the nearest edge),
//! and each pixel's colour quantised to one of [`COLOUR_BINS`] bins for the colour model.

use thiserror::Error;

/// Why a frame could not be read.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum FrameError {
    #[error("a frame of {width}×{height} needs {expected} RGBA bytes, not {got}")]
    WrongLength {
        width: u32,
        height: u32,
        expected: usize,
        got: usize,
    },
    #[error("a frame must be at least 8×8 pixels, not {width}×{height}")]
    TooSmall { width: u32, height: u32 },
}

/// Levels per channel of the colour bins.
pub const COLOUR_LEVELS: usize = 8;
/// Colour bins: `COLOUR_LEVELS`³ (512): coarse enough that a few thousand pixels fill them.
pub const COLOUR_BINS: usize = COLOUR_LEVELS * COLOUR_LEVELS * COLOUR_LEVELS;

fn bin(r: u8, g: u8, b: u8) -> u16 {
    let q = |v: u8| (v as usize * COLOUR_LEVELS / 256) as u16;
    (q(r) * COLOUR_LEVELS as u16 + q(g)) * COLOUR_LEVELS as u16 + q(b)
}

/// A frame: luma in 0..=255 and colour bins, row-major.
#[derive(Clone, Debug, PartialEq)]
pub struct Gray {
    pub width: u32,
    pub height: u32,
    pub data: Vec<f32>,
    /// Each pixel's colour bin (grey levels only for a frame made from luma).
    pub bins: Vec<u16>,
}

impl Gray {
    /// Converts RGBA bytes (Rec. 601 luma, alpha ignored).
    pub fn from_rgba(width: u32, height: u32, rgba: &[u8]) -> Result<Gray, FrameError> {
        if width < 8 || height < 8 {
            return Err(FrameError::TooSmall { width, height });
        }
        let expected = width as usize * height as usize * 4;
        if rgba.len() != expected {
            return Err(FrameError::WrongLength {
                width,
                height,
                expected,
                got: rgba.len(),
            });
        }
        let data = rgba
            .chunks_exact(4)
            .map(|p| 0.299 * p[0] as f32 + 0.587 * p[1] as f32 + 0.114 * p[2] as f32)
            .collect();
        let bins = rgba
            .chunks_exact(4)
            .map(|p| bin(p[0], p[1], p[2]))
            .collect();
        Ok(Gray {
            width,
            height,
            data,
            bins,
        })
    }

    /// A frame from luma values already computed (the synthetic clips).
    pub fn from_luma(width: u32, height: u32, data: Vec<f32>) -> Result<Gray, FrameError> {
        if width < 8 || height < 8 {
            return Err(FrameError::TooSmall { width, height });
        }
        let expected = width as usize * height as usize;
        if data.len() != expected {
            return Err(FrameError::WrongLength {
                width,
                height,
                expected: expected * 4,
                got: data.len() * 4,
            });
        }
        let bins = data
            .iter()
            .map(|&v| {
                let v = v.clamp(0.0, 255.0) as u8;
                bin(v, v, v)
            })
            .collect();
        Ok(Gray {
            width,
            height,
            data,
            bins,
        })
    }

    /// The colour bin of the pixel holding `(x, y)` (clamped to the frame).
    pub fn bin_at(&self, x: f32, y: f32) -> usize {
        let x = (x as i64).clamp(0, self.width as i64 - 1) as usize;
        let y = (y as i64).clamp(0, self.height as i64 - 1) as usize;
        self.bins[y * self.width as usize + x] as usize
    }

    fn at(&self, x: i64, y: i64) -> f32 {
        let x = x.clamp(0, self.width as i64 - 1) as usize;
        let y = y.clamp(0, self.height as i64 - 1) as usize;
        self.data[y * self.width as usize + x]
    }

    /// The value at a sub-pixel position (pixel centres at integer + 0.5).
    pub fn sample(&self, x: f32, y: f32) -> f32 {
        let (fx, fy) = (x - 0.5, y - 0.5);
        let (x0, y0) = (fx.floor(), fy.floor());
        let (ax, ay) = (fx - x0, fy - y0);
        let (x0, y0) = (x0 as i64, y0 as i64);
        let top = self.at(x0, y0) * (1.0 - ax) + self.at(x0 + 1, y0) * ax;
        let bottom = self.at(x0, y0 + 1) * (1.0 - ax) + self.at(x0 + 1, y0 + 1) * ax;
        top * (1.0 - ay) + bottom * ay
    }

    /// Resamples the square of side `side` pixels centred on `(cx, cy)`, turned by `angle`
    /// radians (clockwise on the screen), into `n`×`n` values: a product turned by the same
    /// angle comes out upright. When one output pixel covers several input pixels, it averages
    /// a 2×2 grid of samples so that downscaling does not alias. Samples outside the picture
    /// are NaN: the caller fills them with something that carries no pattern (edge pixels
    /// stretched outwards would be learned as the product's surroundings).
    pub fn patch(&self, (cx, cy): (f32, f32), side: f32, angle: f32, n: usize, out: &mut [f32]) {
        let (w, h) = (self.width as f32, self.height as f32);
        let step = side / n as f32;
        let (sin, cos) = angle.sin_cos();
        let supersample = step > 1.5;
        for j in 0..n {
            for i in 0..n {
                let u = (i as f32 + 0.5) * step - side / 2.0;
                let v = (j as f32 + 0.5) * step - side / 2.0;
                let (px, py) = (cx + u * cos - v * sin, cy + u * sin + v * cos);
                out[j * n + i] = if px < 0.0 || py < 0.0 || px >= w || py >= h {
                    f32::NAN
                } else if supersample {
                    let q = step / 4.0;
                    (self.sample(px - q, py - q)
                        + self.sample(px + q, py - q)
                        + self.sample(px - q, py + q)
                        + self.sample(px + q, py + q))
                        / 4.0
                } else {
                    self.sample(px, py)
                };
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn luma_and_shape_errors() {
        let g = Gray::from_rgba(8, 8, &[255u8; 256]).unwrap_or_else(|e| panic!("{e}"));
        assert!((g.data[0] - 255.0).abs() < 0.01);
        assert_eq!(
            Gray::from_rgba(8, 8, &[0u8; 10])
                .err()
                .map(|e| e.to_string()),
            Some("a frame of 8×8 needs 256 RGBA bytes, not 10".into())
        );
        assert!(Gray::from_rgba(4, 8, &[0u8; 128]).is_err());
    }

    #[test]
    fn sampling_interpolates_and_clamps() {
        let data: Vec<f32> = (0..64).map(|i| (i % 8) as f32).collect();
        let g = Gray::from_luma(8, 8, data).unwrap_or_else(|e| panic!("{e}"));
        assert!((g.sample(0.5, 0.5) - 0.0).abs() < 1e-6);
        assert!((g.sample(1.0, 0.5) - 0.5).abs() < 1e-6);
        assert!((g.sample(-10.0, 3.0) - 0.0).abs() < 1e-6);
        assert!((g.sample(100.0, 3.0) - 7.0).abs() < 1e-6);
        let mut out = vec![0.0; 4];
        g.patch((4.0, 4.0), 8.0, 0.0, 2, &mut out);
        assert!(out[0] < out[1]);
    }

    #[test]
    fn a_turned_patch_turns_the_picture_back() {
        // Values grow to the right; a patch turned a quarter clockwise has its rows' downward
        // axis pointing left, so it reads them falling downwards.
        let data: Vec<f32> = (0..1024).map(|i| (i % 32) as f32).collect();
        let g = Gray::from_luma(32, 32, data).unwrap_or_else(|e| panic!("{e}"));
        let mut out = vec![0.0; 16];
        g.patch((16.0, 16.0), 8.0, std::f32::consts::FRAC_PI_2, 4, &mut out);
        assert!((out[0] - out[3]).abs() < 1e-3, "a row is level: {out:?}");
        assert!(out[0] > out[12] + 5.0, "columns fall downwards: {out:?}");
    }
}
