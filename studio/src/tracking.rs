//! Drives one tracking run: asks the sans-IO `authoring::track::Run` which frame it wants,
//! gets it (decoded with WebCodecs from the local `File` or the URL's bytes, or by seeking
//! through the `Grabber`), feeds it, reports progress, and stops when the run is done or the
//! brand cancels. Awaiting each frame yields to the page, so tracking never blocks it; the run
//! lives in one task the studio can cancel.

use authoring::words;
use std::cell::Cell;
use std::rc::Rc;

use authoring::track::{Outcome, Run, Spec};
use glue::js::now;

use crate::decoder::Decoder;
use crate::frames::Grabber;

/// Where frames come from.
enum Source {
    Decoder(Decoder),
    Seek(Grabber),
}

/// Progress as the studio shows it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Progress {
    pub done: u64,
    pub total: u64,
}

/// What a run ended with, and how fast frames came.
pub struct Finished {
    pub outcome: Outcome,
    pub frames: u64,
    pub millis: f64,
    pub unconfirmed: u32,
    /// How frames were read, in words: "straight from the file", or "by stepping through the
    /// video" and why that slower way.
    pub access: String,
}

/// Runs `spec` over frames of `src`, read from `file` when the video is a local file (its
/// object URL is `src`). `cancel` stops it at the next frame (what was tracked so far is kept).
pub async fn track(
    src: String,
    file: Option<web_sys::File>,
    spec: Spec,
    seek_only: bool,
    cancel: Rc<Cell<bool>>,
    progress: impl Fn(Progress),
) -> Result<Finished, String> {
    let fps = spec.fps;
    let started = now();
    // WebCodecs when the file can be demuxed and decoded here; seeking otherwise. The frame
    // rate must agree with the file's, or frame numbers would not be the viewer's.
    let decoder = if seek_only {
        Err(words::t("access.asked").to_string())
    } else {
        Decoder::open(&src, file.as_ref()).await
    };
    let (mut source, mut access) = match decoder {
        Ok(d) if d.fps().is_some_and(|f| (f - fps).abs() < 0.01 * fps) => {
            (Source::Decoder(d), words::t("access.file").to_string())
        }
        Ok(d) => {
            let why = words::f(
                "access.seek_rate",
                &[
                    ("file", &format!("{:.3}", d.fps().unwrap_or(0.0))),
                    ("fps", &fps.to_string()),
                ],
            );
            (Source::Seek(open_grabber(&src).await?), why)
        }
        Err(why) => (
            Source::Seek(open_grabber(&src).await?),
            words::f("access.seek", &[("why", &why)]),
        ),
    };
    let mut run = Run::new(spec).map_err(|e| e.to_string())?;
    let mut frames = 0u64;
    while let Some(k) = run.wanted() {
        if cancel.get() {
            run.cancel();
            break;
        }
        let frame = match &mut source {
            Source::Decoder(d) => match d.frame(k).await {
                Ok(f) => f,
                // A decoder that fails on its first frame (a stream the browser's decoder
                // refuses after all) leaves the run to seeking, and the summary says why.
                Err(e) if frames == 0 => {
                    let mut g = open_grabber(&src).await?;
                    let f = g.frame(k, fps).await?;
                    access = words::f("access.seek", &[("why", &e)]);
                    source = Source::Seek(g);
                    f
                }
                Err(e) => return Err(e),
            },
            Source::Seek(g) => g.frame(k, fps).await?,
        };
        run.feed(k, &frame).map_err(|e| e.to_string())?;
        frames += 1;
        let (done, total) = run.progress();
        progress(Progress { done, total });
    }
    let millis = now() - started;
    Ok(Finished {
        outcome: run.finish(),
        frames,
        millis,
        unconfirmed: match &source {
            Source::Seek(g) => g.unconfirmed,
            Source::Decoder(_) => 0,
        },
        access,
    })
}

async fn open_grabber(src: &str) -> Result<Grabber, String> {
    let g = Grabber::open(src).await?;
    g.probe()?;
    Ok(g)
}
