//! Demuxers for the studio's frame access: MP4 (ISO BMFF, here) and WebM/Matroska (`webm`).
//! Each finds the first video track and reads where each coded frame is in the file, its
//! decode and presentation times, which frames are keyframes, and the decoder configuration
//! WebCodecs needs (`avc1.PPCCLL` and the `avcC` record; `vp09.PP.LL.DD`, `vp8`, `av01.…`).
//! Frames are numbered in presentation order, so frame `k` is the one a player shows from
//! `k / fps`. Every malformed input is an error that says what was wrong and where; nothing is
//! trusted past the bytes that exist.

mod webm;

pub use webm::webm_video;

use thiserror::Error;

#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum DemuxError {
    #[error("not an MP4 file: {0}")]
    NotMp4(String),
    #[error("not a WebM file: {0}")]
    NotWebm(String),
    #[error("not an MP4 or WebM file: it starts with neither an ftyp box nor an EBML header")]
    Unknown,
    #[error("the file has no video track")]
    NoVideo,
    #[error(
        "the video is {0}; the studio decodes H.264 (MP4, Matroska) and VP8, VP9 and AV1 (WebM) \
         directly and seeks for the rest"
    )]
    Codec(String),
    #[error("box {0} is truncated or malformed")]
    Malformed(&'static str),
    /// A WebM element that is not as the format says: which one, where it starts, and what.
    #[error("WebM {element} at byte {offset}: {problem}")]
    Webm {
        element: String,
        offset: u64,
        problem: String,
    },
    #[error(
        "the WebM block at byte {offset} packs several frames in one block (lacing), which \
         the studio does not read"
    )]
    Lacing { offset: u64 },
}

/// One coded frame.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sample {
    /// Byte range in the file.
    pub offset: u64,
    pub size: u32,
    /// Decode and presentation times, in the track's timescale.
    pub dts: i64,
    pub pts: i64,
    pub key: bool,
}

/// The video track.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VideoTrack {
    /// WebCodecs codec string, e.g. `avc1.64001f`.
    pub codec: String,
    /// The `avcC` record (the decoder's `description`).
    pub description: Vec<u8>,
    pub width: u32,
    pub height: u32,
    pub timescale: u32,
    /// In decode order.
    pub samples: Vec<Sample>,
    /// `presentation[k]` is the decode index of frame `k`.
    pub presentation: Vec<usize>,
    /// `frame_of[d]` is the frame number of decode index `d`.
    pub frame_of: Vec<u64>,
    /// Frames per second as a fraction (numerator, denominator) when the container states it
    /// or the frames' timestamps give it (WebM); `None` leaves it to the mean frame duration.
    pub rate: Option<(u64, u64)>,
}

impl VideoTrack {
    /// The decode-order range to decode for frame `k`: from the keyframe at or before it to
    /// the next keyframe (one group of pictures).
    pub fn group_of(&self, k: u64) -> Option<std::ops::Range<usize>> {
        let d = *self.presentation.get(k as usize)?;
        let start = (0..=d).rev().find(|&i| self.samples[i].key).unwrap_or(0);
        let end = (d + 1..self.samples.len())
            .find(|&i| self.samples[i].key)
            .unwrap_or(self.samples.len());
        Some(start..end)
    }

    /// Frames per second: the stated rate, else from the mean frame duration.
    pub fn fps(&self) -> Option<f64> {
        if let Some((num, den)) = self.rate {
            return (num > 0 && den > 0).then(|| num as f64 / den as f64);
        }
        let n = self.samples.len();
        if n < 2 || self.timescale == 0 {
            return None;
        }
        let (min, max) = self.samples.iter().fold((i64::MAX, i64::MIN), |(a, b), s| {
            (a.min(s.pts), b.max(s.pts))
        });
        let span = (max - min) as f64 / self.timescale as f64;
        (span > 0.0).then(|| (n - 1) as f64 / span)
    }
}

struct Reader<'a> {
    b: &'a [u8],
    at: usize,
    what: &'static str,
}

impl<'a> Reader<'a> {
    fn new(b: &'a [u8], what: &'static str) -> Reader<'a> {
        Reader { b, at: 0, what }
    }
    fn take(&mut self, n: usize) -> Result<&'a [u8], DemuxError> {
        let end = self
            .at
            .checked_add(n)
            .ok_or(DemuxError::Malformed(self.what))?;
        let s = self
            .b
            .get(self.at..end)
            .ok_or(DemuxError::Malformed(self.what))?;
        self.at = end;
        Ok(s)
    }
    fn u8(&mut self) -> Result<u8, DemuxError> {
        Ok(self.take(1)?[0])
    }
    fn u16(&mut self) -> Result<u16, DemuxError> {
        let s = self.take(2)?;
        Ok(u16::from_be_bytes([s[0], s[1]]))
    }
    fn u32(&mut self) -> Result<u32, DemuxError> {
        let s = self.take(4)?;
        Ok(u32::from_be_bytes([s[0], s[1], s[2], s[3]]))
    }
    fn u64(&mut self) -> Result<u64, DemuxError> {
        let s = self.take(8)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(s);
        Ok(u64::from_be_bytes(a))
    }
    fn skip(&mut self, n: usize) -> Result<(), DemuxError> {
        self.take(n).map(|_| ())
    }
    /// A count of table entries that must fit in what is left (`each` bytes per entry).
    fn count(&mut self, each: usize) -> Result<usize, DemuxError> {
        let n = self.u32()? as usize;
        if n.saturating_mul(each) > self.b.len().saturating_sub(self.at) {
            return Err(DemuxError::Malformed(self.what));
        }
        Ok(n)
    }
}

/// A box: its four-character type and its payload.
type Box4<'a> = ([u8; 4], &'a [u8]);

/// The boxes directly inside `b`.
fn boxes(b: &[u8]) -> Result<Vec<Box4<'_>>, DemuxError> {
    let mut out = Vec::new();
    let mut at = 0usize;
    while at + 8 <= b.len() {
        let size32 = u32::from_be_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]]) as u64;
        let kind = [b[at + 4], b[at + 5], b[at + 6], b[at + 7]];
        let (header, size) = match size32 {
            1 => {
                let s = b
                    .get(at + 8..at + 16)
                    .ok_or(DemuxError::Malformed("box header"))?;
                let mut a = [0u8; 8];
                a.copy_from_slice(s);
                (16u64, u64::from_be_bytes(a))
            }
            0 => (8, (b.len() - at) as u64),
            n => (8, n),
        };
        if size < header || at as u64 + size > b.len() as u64 {
            return Err(DemuxError::Malformed("box header"));
        }
        out.push((kind, &b[at + header as usize..at + size as usize]));
        at += size as usize;
    }
    Ok(out)
}

fn child<'a>(b: &'a [u8], kind: &[u8; 4]) -> Result<Option<&'a [u8]>, DemuxError> {
    Ok(boxes(b)?
        .into_iter()
        .find(|(k, _)| k == kind)
        .map(|(_, p)| p))
}

fn need<'a>(b: &'a [u8], kind: &[u8; 4], what: &'static str) -> Result<&'a [u8], DemuxError> {
    child(b, kind)?.ok_or(DemuxError::Malformed(what))
}

/// The first bytes of every EBML (WebM, Matroska) file: the EBML header's id.
const EBML_MAGIC: [u8; 4] = [0x1A, 0x45, 0xDF, 0xA3];

/// Reads the first video track of an MP4 or a WebM file, whichever `file` is.
pub fn video(file: &[u8]) -> Result<VideoTrack, DemuxError> {
    if file.starts_with(&EBML_MAGIC) {
        webm_video(file)
    } else if file.get(4..8) == Some(b"ftyp".as_slice()) {
        mp4_video(file)
    } else {
        Err(DemuxError::Unknown)
    }
}

/// Reads the first video track of an MP4 file.
pub fn mp4_video(file: &[u8]) -> Result<VideoTrack, DemuxError> {
    let top = boxes(file).map_err(|_| DemuxError::NotMp4("its boxes do not parse".into()))?;
    if !top.iter().any(|(k, _)| k == b"ftyp") {
        return Err(DemuxError::NotMp4("no ftyp box".into()));
    }
    let moov = top
        .iter()
        .find(|(k, _)| k == b"moov")
        .map(|(_, p)| *p)
        .ok_or(DemuxError::NotMp4("no moov box".into()))?;
    moov_video(moov)
}

/// What the part of a file read so far says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Probe {
    /// The whole `moov` was there: the video track (its samples point into the whole file).
    Track(Box<VideoTrack>),
    /// Read on from this byte offset: the `moov` starts there, or lies after a box that does.
    Need(u64),
}

/// Looks for the video track in `bytes`, which are the file from offset `base` on (a range
/// request, or a slice of a local file): enough to learn the frame rate at load without
/// reading the whole video. A `moov` at the start (`+faststart`) is found in one read; one at
/// the end is found by stepping over the boxes before it. A WebM file is read from its start:
/// its header states the rate, or enough of its first frames' timestamps give it (else
/// `Need(0)`: read a longer start); its track holds the frames read so far.
pub fn probe(bytes: &[u8], base: u64) -> Result<Probe, DemuxError> {
    if base == 0 && bytes.starts_with(&EBML_MAGIC) {
        return webm::probe(bytes);
    }
    let mut at = 0usize;
    while at + 8 <= bytes.len() {
        let size32 = u32::from_be_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]);
        let kind = [bytes[at + 4], bytes[at + 5], bytes[at + 6], bytes[at + 7]];
        if base == 0 && at == 0 && &kind != b"ftyp" {
            return Err(DemuxError::NotMp4("no ftyp box".into()));
        }
        let (header, size) = match size32 {
            1 => match bytes.get(at + 8..at + 16) {
                Some(s) => {
                    let mut a = [0u8; 8];
                    a.copy_from_slice(s);
                    (16u64, u64::from_be_bytes(a))
                }
                None => return Ok(Probe::Need(base + at as u64)),
            },
            // A box that runs to the end of the file: nothing after it.
            0 if &kind == b"moov" => (8, (bytes.len() - at) as u64),
            0 => return Err(DemuxError::NotMp4("no moov box".into())),
            n => (8, n as u64),
        };
        if size < header {
            return Err(DemuxError::Malformed("box header"));
        }
        let end = at as u64 + size;
        if &kind == b"moov" {
            if end > bytes.len() as u64 {
                return Ok(Probe::Need(base + at as u64));
            }
            let payload = &bytes[at + header as usize..end as usize];
            return moov_video(payload).map(|t| Probe::Track(Box::new(t)));
        }
        if end > bytes.len() as u64 {
            return Ok(Probe::Need(base + end));
        }
        at = end as usize;
    }
    Ok(Probe::Need(base + at as u64))
}

/// The first video track of a `moov` payload.
fn moov_video(moov: &[u8]) -> Result<VideoTrack, DemuxError> {
    for (kind, trak) in boxes(moov)? {
        if &kind != b"trak" {
            continue;
        }
        let mdia = need(trak, b"mdia", "mdia")?;
        let hdlr = need(mdia, b"hdlr", "hdlr")?;
        if hdlr.get(8..12) != Some(b"vide".as_slice()) {
            continue;
        }
        return video_track(mdia);
    }
    Err(DemuxError::NoVideo)
}

fn video_track(mdia: &[u8]) -> Result<VideoTrack, DemuxError> {
    let mut r = Reader::new(need(mdia, b"mdhd", "mdhd")?, "mdhd");
    let version = r.u8()?;
    r.skip(3)?;
    r.skip(if version == 1 { 16 } else { 8 })?;
    let timescale = r.u32()?;
    let stbl = need(need(mdia, b"minf", "minf")?, b"stbl", "stbl")?;
    // stsd: the first sample entry.
    let mut r = Reader::new(need(stbl, b"stsd", "stsd")?, "stsd");
    r.skip(8)?;
    let entry = r.take(r.b.len() - r.at)?;
    let entries = boxes(entry)?;
    let (kind, body) = entries.first().ok_or(DemuxError::Malformed("stsd"))?;
    if kind != b"avc1" && kind != b"avc3" {
        return Err(DemuxError::Codec(format!(
            "coded as {}",
            String::from_utf8_lossy(kind)
        )));
    }
    let mut v = Reader::new(body, "avc1");
    v.skip(24)?;
    let width = v.u16()? as u32;
    let height = v.u16()? as u32;
    v.skip(50)?;
    let avcc = need(&body[v.at..], b"avcC", "avcC")?;
    if avcc.len() < 4 {
        return Err(DemuxError::Malformed("avcC"));
    }
    let codec = format!(
        "{}.{:02x}{:02x}{:02x}",
        String::from_utf8_lossy(kind),
        avcc[1],
        avcc[2],
        avcc[3]
    );
    // Decode times.
    let mut r = Reader::new(need(stbl, b"stts", "stts")?, "stts");
    r.skip(4)?;
    let n = r.count(8)?;
    let mut dts = Vec::new();
    let mut t = 0i64;
    for _ in 0..n {
        let (count, delta) = (r.u32()?, r.u32()? as i64);
        for _ in 0..count {
            if dts.len() > 10_000_000 {
                return Err(DemuxError::Malformed("stts"));
            }
            dts.push(t);
            t += delta;
        }
    }
    // Sizes.
    let mut r = Reader::new(need(stbl, b"stsz", "stsz")?, "stsz");
    r.skip(4)?;
    let fixed = r.u32()?;
    let count = r.u32()? as usize;
    if count != dts.len() {
        return Err(DemuxError::Malformed("stsz"));
    }
    let sizes: Vec<u32> = if fixed != 0 {
        vec![fixed; count]
    } else {
        if count.saturating_mul(4) > r.b.len() - r.at {
            return Err(DemuxError::Malformed("stsz"));
        }
        (0..count).map(|_| r.u32()).collect::<Result<_, _>>()?
    };
    // Composition offsets (B-frames), when present.
    let mut cts = vec![0i64; count];
    if let Some(b) = child(stbl, b"ctts")? {
        let mut r = Reader::new(b, "ctts");
        let version = r.u8()?;
        r.skip(3)?;
        let n = r.count(8)?;
        let mut i = 0usize;
        for _ in 0..n {
            let c = r.u32()? as usize;
            let raw = r.u32()?;
            let off = if version == 1 {
                raw as i32 as i64
            } else {
                raw as i64
            };
            for _ in 0..c {
                *cts.get_mut(i).ok_or(DemuxError::Malformed("ctts"))? = off;
                i += 1;
            }
        }
    }
    // Keyframes (absent: every frame is one).
    let mut key = vec![child(stbl, b"stss")?.is_none(); count];
    if let Some(b) = child(stbl, b"stss")? {
        let mut r = Reader::new(b, "stss");
        r.skip(4)?;
        let n = r.count(4)?;
        for _ in 0..n {
            let s = r.u32()? as usize;
            if s == 0 || s > count {
                return Err(DemuxError::Malformed("stss"));
            }
            key[s - 1] = true;
        }
    }
    // Chunk offsets and the samples in each chunk.
    let chunks: Vec<u64> = if let Some(b) = child(stbl, b"stco")? {
        let mut r = Reader::new(b, "stco");
        r.skip(4)?;
        let n = r.count(4)?;
        (0..n)
            .map(|_| r.u32().map(u64::from))
            .collect::<Result<_, _>>()?
    } else {
        let mut r = Reader::new(need(stbl, b"co64", "stco")?, "co64");
        r.skip(4)?;
        let n = r.count(8)?;
        (0..n).map(|_| r.u64()).collect::<Result<_, _>>()?
    };
    let mut r = Reader::new(need(stbl, b"stsc", "stsc")?, "stsc");
    r.skip(4)?;
    let n = r.count(12)?;
    let mut runs = Vec::with_capacity(n);
    for _ in 0..n {
        let first = r.u32()? as usize;
        let per = r.u32()? as usize;
        r.skip(4)?;
        if first == 0 {
            return Err(DemuxError::Malformed("stsc"));
        }
        runs.push((first, per));
    }
    let mut samples = Vec::with_capacity(count);
    let mut s = 0usize;
    for (ci, &base) in chunks.iter().enumerate() {
        let chunk = ci + 1;
        let per = runs
            .iter()
            .rev()
            .find(|(first, _)| *first <= chunk)
            .map_or(0, |(_, p)| *p);
        let mut off = base;
        for _ in 0..per {
            if s >= count {
                break;
            }
            samples.push(Sample {
                offset: off,
                size: sizes[s],
                dts: dts[s],
                pts: dts[s] + cts[s],
                key: key[s],
            });
            off += sizes[s] as u64;
            s += 1;
        }
    }
    if samples.len() != count {
        return Err(DemuxError::Malformed("stsc"));
    }
    let mut presentation: Vec<usize> = (0..count).collect();
    presentation.sort_by_key(|&i| (samples[i].pts, i));
    let mut frame_of = vec![0u64; count];
    for (k, &d) in presentation.iter().enumerate() {
        frame_of[d] = k as u64;
    }
    Ok(VideoTrack {
        codec,
        description: avcc.to_vec(),
        width,
        height,
        timescale,
        samples,
        presentation,
        frame_of,
        rate: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bx(kind: &[u8; 4], body: &[u8]) -> Vec<u8> {
        let mut v = ((body.len() + 8) as u32).to_be_bytes().to_vec();
        v.extend_from_slice(kind);
        v.extend_from_slice(body);
        v
    }

    fn full(kind: &[u8; 4], version: u8, body: &[u8]) -> Vec<u8> {
        let mut b = vec![version, 0, 0, 0];
        b.extend_from_slice(body);
        bx(kind, &b)
    }

    fn be(vals: &[u32]) -> Vec<u8> {
        vals.iter().flat_map(|v| v.to_be_bytes()).collect()
    }

    /// Six frames in decode order I P B B P B (presentation I B B P B P), two chunks of three,
    /// keyframes 1 and 5, sizes 10..15.
    fn sample_file() -> Vec<u8> {
        let mut avc1 = vec![0u8; 24];
        avc1.extend_from_slice(&640u16.to_be_bytes());
        avc1.extend_from_slice(&360u16.to_be_bytes());
        avc1.extend_from_slice(&[0u8; 50]);
        avc1.extend(bx(b"avcC", &[1, 0x64, 0x00, 0x1f, 0xff]));
        let stsd = full(b"stsd", 0, &[be(&[1]), bx(b"avc1", &avc1)].concat());
        let stts = full(b"stts", 0, &be(&[1, 6, 1000]));
        // Offsets: I 1000, P 3000, B 0, B 0, P 2000, B 0 (in units of the 1000 tick frame).
        let ctts = full(b"ctts", 0, &be(&[5, 1, 1000, 1, 3000, 2, 0, 1, 2000, 1, 0]));
        let stss = full(b"stss", 0, &be(&[2, 1, 5]));
        let stsz = full(b"stsz", 0, &be(&[0, 6, 10, 11, 12, 13, 14, 15]));
        let stsc = full(b"stsc", 0, &be(&[1, 1, 3, 1]));
        let stco = full(b"stco", 0, &be(&[2, 100, 500]));
        let stbl = bx(
            b"stbl",
            &[stsd, stts, ctts, stss, stsz, stsc, stco].concat(),
        );
        let minf = bx(b"minf", &stbl);
        let hdlr = full(
            b"hdlr",
            0,
            &[be(&[0]), b"vide".to_vec(), vec![0; 12]].concat(),
        );
        let mdhd = full(b"mdhd", 0, &be(&[0, 0, 30_000, 6000, 0]));
        let mdia = bx(b"mdia", &[mdhd, hdlr, minf].concat());
        let moov = bx(b"moov", &bx(b"trak", &mdia));
        [bx(b"ftyp", b"isom\0\0\0\0"), moov].concat()
    }

    #[test]
    fn reads_the_table_and_orders_frames_for_presentation() {
        let t = mp4_video(&sample_file()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(t.codec, "avc1.64001f");
        assert_eq!((t.width, t.height, t.timescale), (640, 360, 30_000));
        let offsets: Vec<u64> = t.samples.iter().map(|s| s.offset).collect();
        assert_eq!(offsets, vec![100, 110, 121, 500, 513, 527]);
        let keys: Vec<bool> = t.samples.iter().map(|s| s.key).collect();
        assert_eq!(keys, vec![true, false, false, false, true, false]);
        // pts: 1000, 4000, 2000, 3000, 6000, 5000 → presentation I B B P B P.
        assert_eq!(t.presentation, vec![0, 2, 3, 1, 5, 4]);
        assert_eq!(t.frame_of[1], 3);
        assert_eq!(t.group_of(2), Some(0..4));
        assert_eq!(t.group_of(4), Some(4..6));
        assert_eq!(t.group_of(9), None);
        assert!((t.fps().unwrap_or(0.0) - 30.0).abs() < 1e-9);
    }

    #[test]
    fn probing_a_prefix_finds_the_track_or_says_where_to_read_on() {
        let file = sample_file();
        let full = mp4_video(&file).unwrap_or_else(|e| panic!("{e}"));
        // moov first (faststart), then a big mdat we did not read.
        let mut fast = file.clone();
        fast.extend_from_slice(&1_000_000u32.to_be_bytes());
        fast.extend_from_slice(b"mdat");
        fast.extend_from_slice(&[0u8; 64]);
        assert_eq!(probe(&fast, 0), Ok(Probe::Track(Box::new(full.clone()))));
        // mdat first: the probe steps over it to where the moov must be.
        let moov_at = file.windows(4).position(|w| w == b"moov").unwrap_or(0) - 4;
        let (ftyp, moov) = file.split_at(moov_at);
        let mut late = ftyp.to_vec();
        late.extend_from_slice(&1_000u32.to_be_bytes());
        late.extend_from_slice(b"mdat");
        late.extend_from_slice(&[0u8; 992]);
        let moov_offset = late.len() as u64;
        late.extend_from_slice(moov);
        assert_eq!(probe(&late[..100], 0), Ok(Probe::Need(moov_offset)));
        let tail = &late[moov_offset as usize..];
        assert_eq!(
            probe(&tail[..20], moov_offset),
            Ok(Probe::Need(moov_offset))
        );
        assert_eq!(probe(tail, moov_offset), Ok(Probe::Track(Box::new(full))));
        assert!(matches!(
            probe(b"\0\0\0\x10nope\0\0\0\0\0\0\0\0", 0),
            Err(DemuxError::NotMp4(_))
        ));
    }

    #[test]
    fn refuses_what_it_cannot_read_and_says_which_box() {
        assert!(matches!(
            mp4_video(b"not a video"),
            Err(DemuxError::NotMp4(_))
        ));
        let good = sample_file();
        // Every truncation is an error, never a panic.
        for cut in 0..good.len() {
            let _ = mp4_video(&good[..cut]);
        }
        let mut vp9 = good.clone();
        if let Some(i) = vp9.windows(4).position(|w| w == b"avc1") {
            vp9[i..i + 4].copy_from_slice(b"vp09");
        }
        assert_eq!(
            mp4_video(&vp9).err().map(|e| e.to_string()),
            Some(
                "the video is coded as vp09; the studio decodes H.264 (MP4, Matroska) and VP8, \
                 VP9 and AV1 (WebM) directly and seeks for the rest"
                    .into()
            )
        );
    }
}
