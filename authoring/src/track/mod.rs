//! The product tracker: grey frames, an FFT, a correlation filter with a scale search and a
//! confidence, path simplification, and the sans-IO run that ties them to a tag's frames.

pub mod dcf;
pub mod fft;
pub mod image;
pub mod rdp;
pub mod run;

pub use dcf::{BoxPx, Step, Tracker, PSR_LOST as PSR_LOST_PUBLIC};
pub use image::{FrameError, Gray};
pub use rdp::{simplify, Sample};
pub use run::{Direction, NormBox, Outcome, Run, Spec, Stop, TrackError, Tracked};
