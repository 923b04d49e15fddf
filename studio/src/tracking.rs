//! Drives one tracking run: asks the sans-IO `authoring::track::Run` which frame it wants,
//! fetches it through the `Grabber`, feeds it, reports progress, and stops when the run is
//! done or the brand cancels. Awaiting each seek yields to the page, so tracking never blocks
//! it; the run lives in one task the studio can cancel.

use std::cell::Cell;
use std::rc::Rc;

use authoring::track::{Outcome, Run, Spec};

use crate::frames::Grabber;

/// Progress as the studio shows it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Progress {
    pub done: u64,
    pub total: u64,
    /// Where the box is on the last frame read (fractions of the picture).
    pub at: Option<(f64, f64)>,
}

/// What a run ended with, and how fast frames came.
pub struct Finished {
    pub outcome: Outcome,
    pub frames: u64,
    pub millis: f64,
    pub unconfirmed: u32,
}

fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// Runs `spec` over frames of `src`. `cancel` stops it at the next frame (what was tracked
/// so far is kept).
pub async fn track(
    src: String,
    spec: Spec,
    cancel: Rc<Cell<bool>>,
    progress: impl Fn(Progress),
) -> Result<Finished, String> {
    let mut grabber = Grabber::open(&src).await?;
    grabber.probe()?;
    let fps = spec.fps;
    let mut run = Run::new(spec).map_err(|e| e.to_string())?;
    let started = now();
    let mut frames = 0u64;
    while let Some(k) = run.wanted() {
        if cancel.get() {
            run.cancel();
            break;
        }
        let frame = grabber.frame(k, fps).await?;
        run.feed(k, &frame).map_err(|e| e.to_string())?;
        frames += 1;
        let (done, total) = run.progress();
        progress(Progress {
            done,
            total,
            at: None,
        });
    }
    let millis = now() - started;
    Ok(Finished {
        outcome: run.finish(),
        frames,
        millis,
        unconfirmed: grabber.unconfirmed,
    })
}
