//! The product tracker: frames, an FFT, a correlation filter with a scale search, a colour
//! model, an anchor against drift and a confidence, a whole-frame search after a loss, path
//! simplification, and the sans-IO run that ties them to a tag's frames.

pub mod colour;
pub mod dcf;
pub mod fft;
pub mod image;
pub mod rdp;
pub mod run;

pub use dcf::{BoxPx, Step, Tracker, PSR_LOST as PSR_LOST_PUBLIC};
pub use image::{FrameError, Gray};
pub use rdp::{simplify, Sample};
pub use run::{Direction, Found, NormBox, Outcome, Run, Spec, Stop, TrackError, Tracked};
