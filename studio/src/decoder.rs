//! Frames for the tracker through WebCodecs: the video's bytes are read whole (a local file
//! from its `File` (`arrayBuffer()`), never by fetching its object URL, which the page's
//! `connect-src 'self'` refuses; a URL by `fetch`), demuxed in Rust (`authoring::demux`: MP4 or
//! WebM), and each group of pictures the tracker needs is decoded once by a `VideoDecoder`,
//! drawn at tracking size and kept as frames until the run moves on. Decoding runs at
//! hundreds of frames a second where a seek costs tens of milliseconds; a file it cannot demux
//! or a codec the browser lacks falls back to seeking (the caller's choice), with the reason.

use authoring::words;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use authoring::demux::{probe, video, Probe, VideoTrack};
use authoring::track::Gray;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::HtmlCanvasElement;

use crate::bindings::{error_text, has_video_decoder, EncodedVideoChunk, VideoDecoder, VideoFrame};
use crate::frames::{reading_context, tracking_size};

/// Files larger than this are tracked by seeking (the whole file would sit in memory).
const MAX_FILE_BYTES: f64 = 512.0 * 1024.0 * 1024.0;
/// Decoded frames kept at most (about three groups of pictures at 640×360).
const CACHE_FRAMES: usize = 96;

/// Reads `start..end` of the video: a slice of the local file, or a range request (a server
/// that ignores `Range` sends the whole file, which is cut here).
async fn read_range(
    src: &str,
    file: Option<&web_sys::File>,
    start: u64,
    end: u64,
) -> Option<Vec<u8>> {
    let buf = match file {
        Some(f) => {
            let part = f.slice_with_f64_and_f64(start as f64, end as f64).ok()?;
            JsFuture::from(part.array_buffer()).await.ok()?
        }
        None => {
            let init = web_sys::RequestInit::new();
            let req = web_sys::Request::new_with_str_and_init(src, &init).ok()?;
            req.headers()
                .set("Range", &format!("bytes={start}-{}", end.saturating_sub(1)))
                .ok()?;
            let window = web_sys::window()?;
            let res: web_sys::Response = JsFuture::from(window.fetch_with_request(&req))
                .await
                .ok()?
                .unchecked_into();
            let whole = match res.status() {
                206 => false,
                200 => true,
                _ => return None,
            };
            let buf = JsFuture::from(res.array_buffer().ok()?).await.ok()?;
            if whole {
                let all = js_sys::Uint8Array::new(&buf);
                let (s, e) = (start.min(all.length() as u64), end.min(all.length() as u64));
                return Some(all.subarray(s as u32, e as u32).to_vec());
            }
            buf
        }
    };
    Some(js_sys::Uint8Array::new(&buf).to_vec())
}

/// The video's frame rate from its MP4 or WebM header, read in a few ranges (the header only,
/// not the whole file; a WebM without a stated rate, its first frames); `None` for other
/// files, which keep the rate the brand types.
pub async fn frame_rate(src: &str, file: Option<web_sys::File>) -> Option<f64> {
    let mut offset = 0u64;
    // 2 MiB finds a header at the start; the later reads are for one at the end, or a long
    // video's large header.
    for chunk in [2u64 << 20, 16 << 20, 64 << 20] {
        let bytes = read_range(src, file.as_ref(), offset, offset + chunk).await?;
        match probe(&bytes, offset).ok()? {
            Probe::Track(t) => return t.fps(),
            Probe::Need(at) if at > offset || (bytes.len() as u64) == chunk => offset = at,
            Probe::Need(_) => return None,
        }
    }
    None
}

struct Shared {
    frames: BTreeMap<u64, Gray>,
    error: Option<String>,
}

/// A decoder over one file.
pub struct Decoder {
    decoder: VideoDecoder,
    track: VideoTrack,
    file: js_sys::Uint8Array,
    shared: Rc<RefCell<Shared>>,
    canvas: HtmlCanvasElement,
    _output: Closure<dyn FnMut(VideoFrame)>,
    _error: Closure<dyn FnMut(JsValue)>,
}

impl Drop for Decoder {
    fn drop(&mut self) {
        if self.decoder.state() != "closed" {
            let _ = self.decoder.close();
        }
        self.canvas.remove();
    }
}

fn set(o: &js_sys::Object, k: &str, v: &JsValue) {
    let _ = js_sys::Reflect::set(o, &JsValue::from_str(k), v);
}

impl Decoder {
    /// Opens the video for decoding — the local `file` when there is one, else `src` — or
    /// says why it cannot be.
    pub async fn open(src: &str, file: Option<&web_sys::File>) -> Result<Decoder, String> {
        if !has_video_decoder() {
            return Err(words::t("decoder.none").into());
        }
        let window = web_sys::window().ok_or("no window")?;
        let bytes = match file {
            Some(f) => read_file(f).await?,
            None => fetch_whole(&window, src).await?,
        };
        let track = video(&bytes.to_vec()).map_err(|e| e.to_string())?;
        let config = js_sys::Object::new();
        set(&config, "codec", &JsValue::from_str(&track.codec));
        // H.264 needs its avcC record; VP8 and VP9 have none, and AV1's sequence header
        // travels in its keyframes.
        if !track.description.is_empty() {
            set(
                &config,
                "description",
                &js_sys::Uint8Array::from(track.description.as_slice()),
            );
        }
        set(&config, "codedWidth", &JsValue::from(track.width));
        set(&config, "codedHeight", &JsValue::from(track.height));
        let cannot = |why: String| {
            words::f(
                "decoder.cannot",
                &[
                    ("codec", codec_name(&track.codec)),
                    ("id", &track.codec),
                    ("why", &why),
                ],
            )
        };
        let support = match VideoDecoder::is_config_supported(&config) {
            Ok(p) => JsFuture::from(p).await,
            Err(e) => Err(e),
        }
        .map_err(|e| cannot(format!(": {}", error_text(&e))))?;
        let supported = js_sys::Reflect::get(&support, &JsValue::from_str("supported"))
            .ok()
            .and_then(|v| v.as_bool())
            .unwrap_or(false);
        if !supported {
            return Err(cannot(String::new()));
        }
        let size = tracking_size(track.width, track.height);
        let doc = window.document().ok_or("no document")?;
        let canvas: HtmlCanvasElement = doc
            .create_element("canvas")
            .map_err(|e| error_text(&e))?
            .unchecked_into();
        canvas.set_width(size.0);
        canvas.set_height(size.1);
        let ctx = reading_context(&canvas)?;
        let shared = Rc::new(RefCell::new(Shared {
            frames: BTreeMap::new(),
            error: None,
        }));
        let s = shared.clone();
        let output = Closure::<dyn FnMut(VideoFrame)>::new(move |frame: VideoFrame| {
            // Chunk timestamps are frame numbers (µs units), so this is the frame's number.
            let k = frame.timestamp().max(0.0) as u64;
            let (w, h) = (size.0 as f64, size.1 as f64);
            let read = ctx
                .draw_frame(&frame, 0.0, 0.0, w, h)
                .and_then(|_| ctx.get_image_data(0.0, 0.0, w, h));
            frame.close();
            let mut sh = s.borrow_mut();
            match read {
                Ok(data) => match Gray::from_rgba(size.0, size.1, &data.data()) {
                    Ok(g) => {
                        sh.frames.insert(k, g);
                    }
                    Err(e) => sh.error = Some(e.to_string()),
                },
                Err(e) => sh.error = Some(error_text(&e)),
            }
        });
        let s = shared.clone();
        let error = Closure::<dyn FnMut(JsValue)>::new(move |e: JsValue| {
            s.borrow_mut().error = Some(format!("the decoder failed ({})", error_text(&e)));
        });
        let init = js_sys::Object::new();
        set(&init, "output", output.as_ref());
        set(&init, "error", error.as_ref());
        let decoder = VideoDecoder::new(&init).map_err(|e| error_text(&e))?;
        decoder.configure(&config).map_err(|e| error_text(&e))?;
        Ok(Decoder {
            decoder,
            track,
            file: bytes,
            shared,
            canvas,
            _output: output,
            _error: error,
        })
    }

    /// Frames per second of the file, from its sample table.
    pub fn fps(&self) -> Option<f64> {
        self.track.fps()
    }

    /// Frame `k` (presentation order).
    pub async fn frame(&mut self, k: u64) -> Result<Gray, String> {
        let no_frame = || format!("the file has no frame {k}");
        let d = *self
            .track
            .presentation
            .get(k as usize)
            .ok_or_else(no_frame)?;
        // The number the decoded picture carries: `k`, or the frame before it when the file
        // skips frames (a WebM at a variable rate); such a picture is kept for its next frame.
        let number = *self.track.frame_of.get(d).ok_or_else(no_frame)?;
        let shared_picture = [k.checked_sub(1), k.checked_add(1)]
            .into_iter()
            .flatten()
            .any(|j| self.track.presentation.get(j as usize) == Some(&d));
        if let Some(g) = self.take(number, shared_picture) {
            return Ok(g);
        }
        let group = self.track.group_of(k).ok_or_else(no_frame)?;
        {
            let mut sh = self.shared.borrow_mut();
            if sh.frames.len() > CACHE_FRAMES {
                sh.frames.clear();
            }
        }
        for d in group {
            let s = self.track.samples[d];
            let init = js_sys::Object::new();
            set(
                &init,
                "type",
                &JsValue::from_str(if s.key { "key" } else { "delta" }),
            );
            set(
                &init,
                "timestamp",
                &JsValue::from_f64(self.track.frame_of[d] as f64),
            );
            let data = self
                .file
                .subarray(s.offset as u32, (s.offset + s.size as u64) as u32);
            set(&init, "data", &data);
            let chunk = EncodedVideoChunk::new(&init).map_err(|e| error_text(&e))?;
            self.decoder.decode(&chunk).map_err(|e| error_text(&e))?;
        }
        let flushed = self.decoder.flush().map_err(|e| error_text(&e))?;
        JsFuture::from(flushed)
            .await
            .map_err(|e| format!("the decoder failed ({})", error_text(&e)))?;
        if let Some(e) = self.shared.borrow_mut().error.take() {
            return Err(e);
        }
        self.take(number, shared_picture)
            .ok_or_else(|| format!("the decoder gave no frame {k}"))
    }

    /// The decoded picture numbered `number`: a copy when `keep`, else taken from the cache.
    fn take(&self, number: u64, keep: bool) -> Option<Gray> {
        let mut sh = self.shared.borrow_mut();
        if keep {
            sh.frames.get(&number).cloned()
        } else {
            sh.frames.remove(&number)
        }
    }
}

/// The codec's everyday name, for messages.
fn codec_name(codec: &str) -> &'static str {
    match codec.split('.').next() {
        Some("vp09") => "VP9",
        Some("vp8") => "VP8",
        Some("av01") => "AV1",
        Some("avc1" | "avc3") => "H.264",
        _ => words::t("decoder.the_video"),
    }
}

/// A local file's bytes, read from the `File` itself (no fetch of its object URL).
async fn read_file(f: &web_sys::File) -> Result<js_sys::Uint8Array, String> {
    if f.size() > MAX_FILE_BYTES {
        return Err(words::t("decoder.too_large").into());
    }
    let buf = JsFuture::from(f.array_buffer())
        .await
        .map_err(|e| words::f("decoder.unread", &[("why", &error_text(&e))]))?;
    Ok(js_sys::Uint8Array::new(&buf))
}

/// A URL's bytes, fetched whole.
async fn fetch_whole(window: &web_sys::Window, src: &str) -> Result<js_sys::Uint8Array, String> {
    let res: web_sys::Response = JsFuture::from(window.fetch_with_str(src))
        .await
        .map_err(|e| words::f("decoder.unfetched", &[("why", &error_text(&e))]))?
        .unchecked_into();
    if !res.ok() {
        return Err(words::f(
            "decoder.unfetched",
            &[("why", &format!("HTTP {}", res.status()))],
        ));
    }
    let declared = res
        .headers()
        .get("content-length")
        .ok()
        .flatten()
        .and_then(|n| n.parse::<f64>().ok());
    if declared.is_some_and(|n| n > MAX_FILE_BYTES) {
        return Err(words::t("decoder.too_large").into());
    }
    let buf = JsFuture::from(res.array_buffer().map_err(|e| error_text(&e))?)
        .await
        .map_err(|e| error_text(&e))?;
    let bytes = js_sys::Uint8Array::new(&buf);
    if bytes.length() as f64 > MAX_FILE_BYTES {
        return Err(words::t("decoder.too_large").into());
    }
    Ok(bytes)
}
