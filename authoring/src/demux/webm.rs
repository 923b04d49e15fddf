//! A WebM (Matroska) demuxer: the EBML header, then in the Segment the timestamp scale (Info),
//! the first video track (Tracks: VP9, VP8, AV1, or H.264 in Matroska) and every frame of it in
//! the Clusters (SimpleBlock, or BlockGroup/Block), into the same `VideoTrack` as MP4. Live
//! files (a Segment or Clusters of unknown size, as MediaRecorder writes them) are read; laced
//! blocks are refused. Frame numbers come from the timestamps and the frame rate (the track's
//! DefaultDuration, else the typical gap between frames), so a file that skips frames still
//! numbers them as a player shows them.
//!
//! Why one file: the EBML element ids, the reader of variable-length sizes and the walk that
//! uses them are one grammar; the probe (header ranges) and the full demux share every element
//! reader, and the tests at the end build files element by element with the same ids.

use super::{DemuxError, Probe, Sample, VideoTrack};

const EBML: u32 = 0x1A45_DFA3;
const DOC_TYPE: u32 = 0x4282;
const SEGMENT: u32 = 0x1853_8067;
const INFO: u32 = 0x1549_A966;
const TIMECODE_SCALE: u32 = 0x2A_D7B1;
const TRACKS: u32 = 0x1654_AE6B;
const TRACK_ENTRY: u32 = 0xAE;
const TRACK_NUMBER: u32 = 0xD7;
const TRACK_TYPE: u32 = 0x83;
const CODEC_ID: u32 = 0x86;
const CODEC_PRIVATE: u32 = 0x63A2;
const DEFAULT_DURATION: u32 = 0x23_E383;
const VIDEO: u32 = 0xE0;
const PIXEL_WIDTH: u32 = 0xB0;
const PIXEL_HEIGHT: u32 = 0xBA;
const CONTENT_ENCODINGS: u32 = 0x6D80;
const CLUSTER: u32 = 0x1F43_B675;
const TIMECODE: u32 = 0xE7;
const SIMPLE_BLOCK: u32 = 0xA3;
const BLOCK_GROUP: u32 = 0xA0;
const BLOCK: u32 = 0xA1;
const REFERENCE_BLOCK: u32 = 0xFB;

/// What may sit inside a Cluster: an unknown-size Cluster ends at the first element that is
/// not one of these (the next Cluster, Cues, Tags…).
const CLUSTER_CHILDREN: [u32; 10] = [
    TIMECODE,
    SIMPLE_BLOCK,
    BLOCK_GROUP,
    0xA7,   // Position
    0xAB,   // PrevSize
    0x5854, // SilentTracks
    0xAF,   // EncryptedBlock
    0xEC,   // Void
    0xBF,   // CRC-32
    0x4DBB, // Seek (misplaced by some muxers; harmless)
];

/// Frames a file may hold (about 46 hours at 60 frames/s): a bound on what a damaged or
/// hostile file can make the studio allocate.
const MAX_FRAMES: u64 = 10_000_000;

/// Blocks enough for the frame rate from timestamps alone, when probing a file's start.
const PROBE_BLOCKS: usize = 16;

fn name(id: u32) -> &'static str {
    match id {
        EBML => "EBML header",
        DOC_TYPE => "DocType",
        SEGMENT => "Segment",
        INFO => "Info",
        TIMECODE_SCALE => "TimecodeScale",
        TRACKS => "Tracks",
        TRACK_ENTRY => "TrackEntry",
        TRACK_NUMBER => "TrackNumber",
        TRACK_TYPE => "TrackType",
        CODEC_ID => "CodecID",
        CODEC_PRIVATE => "CodecPrivate",
        DEFAULT_DURATION => "DefaultDuration",
        VIDEO => "Video",
        PIXEL_WIDTH => "PixelWidth",
        PIXEL_HEIGHT => "PixelHeight",
        CONTENT_ENCODINGS => "ContentEncodings",
        CLUSTER => "Cluster",
        TIMECODE => "Timecode",
        SIMPLE_BLOCK => "SimpleBlock",
        BLOCK_GROUP => "BlockGroup",
        BLOCK => "Block",
        REFERENCE_BLOCK => "ReferenceBlock",
        _ => "element",
    }
}

/// An element's header.
#[derive(Clone, Copy, Debug)]
struct Head {
    id: u32,
    /// Where the element starts (its id), and where its data starts, in `bytes`.
    at: usize,
    data: usize,
    /// `None`: unknown size (it runs until an element its parent holds begins).
    size: Option<u64>,
}

/// A variable-length integer at the start of `b`: (value without its length marker, length,
/// whether every value bit is set). `None` if `b` is too short; `Err` if the first byte is 0.
fn vint(b: &[u8]) -> Option<Result<(u64, usize, bool), ()>> {
    let first = *b.first()?;
    if first == 0 {
        return Some(Err(()));
    }
    let len = first.leading_zeros() as usize + 1;
    let bytes = b.get(..len)?;
    let mut v = u64::from(first) & (0xFF >> len);
    for &x in &bytes[1..] {
        v = (v << 8) | u64::from(x);
    }
    let all_ones = v == (1u64 << (7 * len)) - 1;
    Some(Ok((v, len, all_ones)))
}

fn uint(d: &[u8]) -> Option<u64> {
    (d.len() <= 8).then(|| d.iter().fold(0u64, |v, &x| (v << 8) | u64::from(x)))
}

/// The video track's entry in Tracks.
#[derive(Clone, Debug, Default)]
struct Entry {
    number: u64,
    kind: u64,
    codec: String,
    private: Vec<u8>,
    default_duration: Option<u64>,
    width: u64,
    height: u64,
    encoded: bool,
}

/// One frame of the video track, as read.
#[derive(Clone, Copy, Debug)]
struct Frame {
    offset: u64,
    size: u32,
    /// Cluster timecode plus the block's, in TimecodeScale units.
    time: i64,
    key: bool,
    shown: bool,
}

/// What a pass over the file found.
#[derive(Default)]
struct Scan {
    scale: Option<u64>,
    /// Tracks was read, and the video track in it, if any.
    tracks: bool,
    track: Option<Entry>,
    frames: Vec<Frame>,
    /// The first bytes of the first frame (a VP9 frame header tells its profile and depth).
    first: Vec<u8>,
    /// The bytes ended before the file did (a prefix being probed).
    truncated: bool,
}

struct Parser<'a> {
    b: &'a [u8],
    /// A prefix of the file: running out of bytes ends the pass instead of failing it.
    partial: bool,
    scan: Scan,
}

impl<'a> Parser<'a> {
    fn err(&self, id: u32, at: usize, problem: impl Into<String>) -> DemuxError {
        DemuxError::Webm {
            element: format!("{} (id 0x{id:X})", name(id)),
            offset: at as u64,
            problem: problem.into(),
        }
    }

    /// The header of the element at `at`; `None` when a prefix ends inside it.
    fn head(&mut self, at: usize) -> Result<Option<Head>, DemuxError> {
        let rest = self.b.get(at..).unwrap_or_default();
        let (id, id_len) = match vint(rest) {
            Some(Ok((_, len, _))) if len <= 4 => {
                (uint(&rest[..len]).unwrap_or_default() as u32, len)
            }
            Some(_) => {
                return Err(DemuxError::Webm {
                    element: "element id".into(),
                    offset: at as u64,
                    problem: format!("0x{:02X} does not begin an EBML id", rest[0]),
                })
            }
            None => return self.short(at),
        };
        match vint(&rest[id_len..]) {
            Some(Ok((v, len, all_ones))) => Ok(Some(Head {
                id,
                at,
                data: at + id_len + len,
                size: (!all_ones).then_some(v),
            })),
            Some(Err(())) => Err(self.err(id, at, "its size field is longer than 8 bytes")),
            None => self.short(at),
        }
    }

    fn short(&mut self, at: usize) -> Result<Option<Head>, DemuxError> {
        if self.partial {
            self.scan.truncated = true;
            return Ok(None);
        }
        Err(DemuxError::Webm {
            element: "element header".into(),
            offset: at as u64,
            problem: "the file ends inside it".into(),
        })
    }

    /// Where `h` ends, inside a parent that ends at `limit`; `None` when a prefix ends first.
    fn end(&mut self, h: &Head, limit: usize) -> Result<Option<usize>, DemuxError> {
        let Some(size) = h.size else {
            return Err(self.err(
                h.id,
                h.at,
                "its size is unknown, which only a Segment or a Cluster may be",
            ));
        };
        let end = (h.data as u64).saturating_add(size);
        if end <= limit as u64 {
            return Ok(Some(end as usize));
        }
        if limit >= self.b.len() {
            if self.partial {
                self.scan.truncated = true;
                return Ok(None);
            }
            return Err(self.err(
                h.id,
                h.at,
                format!(
                    "its size ({size} bytes) runs past the end of the file ({} bytes)",
                    self.b.len()
                ),
            ));
        }
        Err(self.err(
            h.id,
            h.at,
            format!("its size ({size} bytes) runs past the end of its parent (byte {limit})"),
        ))
    }

    /// The children of the element whose data is `from..to`, each with its data; `None` ends
    /// the list early when a prefix runs out.
    fn children(&mut self, from: usize, to: usize) -> Result<Vec<(Head, &'a [u8])>, DemuxError> {
        let mut out = Vec::new();
        let mut at = from;
        while at < to {
            let Some(h) = self.head(at)? else { break };
            let Some(end) = self.end(&h, to)? else { break };
            out.push((h, &self.b[h.data..end]));
            at = end;
        }
        Ok(out)
    }

    fn uint(&self, h: &Head, d: &[u8]) -> Result<u64, DemuxError> {
        uint(d).ok_or_else(|| self.err(h.id, h.at, "an unsigned integer longer than 8 bytes"))
    }

    fn file(&mut self) -> Result<(), DemuxError> {
        let Some(h) = self.head(0)? else {
            return Ok(());
        };
        if h.id != EBML {
            return Err(DemuxError::NotWebm(
                "it does not start with an EBML header".into(),
            ));
        }
        let Some(end) = self.end(&h, self.b.len())? else {
            return Ok(());
        };
        let mut doc = "matroska".to_string();
        for (c, d) in self.children(h.data, end)? {
            if c.id == DOC_TYPE {
                doc = String::from_utf8_lossy(d)
                    .trim_end_matches('\0')
                    .to_string();
            }
        }
        if doc != "webm" && doc != "matroska" {
            return Err(DemuxError::NotWebm(format!(
                "its EBML DocType is \"{doc}\", not webm or matroska"
            )));
        }
        // The Segment, after whatever else sits at the top level.
        let mut at = end;
        loop {
            if at >= self.b.len() {
                if self.partial {
                    self.scan.truncated = true;
                    return Ok(());
                }
                return Err(DemuxError::NotWebm("it has no Segment".into()));
            }
            let Some(h) = self.head(at)? else {
                return Ok(());
            };
            if h.id == SEGMENT {
                let end = match h.size {
                    None => self.b.len(),
                    Some(s) => {
                        let end = (h.data as u64).saturating_add(s);
                        if end > self.b.len() as u64 && !self.partial {
                            return Err(self.err(
                                h.id,
                                h.at,
                                format!(
                                    "its size ({s} bytes) runs past the end of the file ({} \
                                     bytes)",
                                    self.b.len()
                                ),
                            ));
                        }
                        end.min(self.b.len() as u64) as usize
                    }
                };
                return self.segment(h.data, end);
            }
            let Some(end) = self.end(&h, self.b.len())? else {
                return Ok(());
            };
            at = end;
        }
    }

    fn segment(&mut self, from: usize, to: usize) -> Result<(), DemuxError> {
        let mut at = from;
        while at < to {
            let Some(h) = self.head(at)? else {
                return Ok(());
            };
            if h.id == CLUSTER {
                match self.cluster(&h, to)? {
                    Some(next) => at = next,
                    None => return Ok(()),
                }
                continue;
            }
            let Some(end) = self.end(&h, to)? else {
                return Ok(());
            };
            match h.id {
                INFO => {
                    for (c, d) in self.children(h.data, end)? {
                        if c.id == TIMECODE_SCALE {
                            self.scan.scale = Some(self.uint(&c, d)?);
                        }
                    }
                }
                TRACKS if self.scan.track.is_none() => {
                    self.scan.tracks = true;
                    self.tracks(&h, end)?
                }
                _ => {}
            }
            at = end;
        }
        Ok(())
    }

    fn tracks(&mut self, h: &Head, end: usize) -> Result<(), DemuxError> {
        for (e, d) in self.children(h.data, end)? {
            if e.id != TRACK_ENTRY {
                continue;
            }
            let mut t = Entry::default();
            let (from, to) = (e.data, e.data + d.len());
            for (c, d) in self.children(from, to)? {
                match c.id {
                    TRACK_NUMBER => t.number = self.uint(&c, d)?,
                    TRACK_TYPE => t.kind = self.uint(&c, d)?,
                    CODEC_ID => t.codec = String::from_utf8_lossy(d).trim_end_matches('\0').into(),
                    CODEC_PRIVATE => t.private = d.to_vec(),
                    DEFAULT_DURATION => t.default_duration = Some(self.uint(&c, d)?),
                    CONTENT_ENCODINGS => t.encoded = true,
                    VIDEO => {
                        let (from, to) = (c.data, c.data + d.len());
                        for (v, d) in self.children(from, to)? {
                            match v.id {
                                PIXEL_WIDTH => t.width = self.uint(&v, d)?,
                                PIXEL_HEIGHT => t.height = self.uint(&v, d)?,
                                _ => {}
                            }
                        }
                    }
                    _ => {}
                }
            }
            if t.kind == 1 {
                if t.number == 0 {
                    return Err(self.err(e.id, e.at, "the video track has no TrackNumber"));
                }
                if t.encoded {
                    return Err(self.err(
                        e.id,
                        e.at,
                        "the video track's frames are compressed or encrypted \
                         (ContentEncodings), which the studio does not undo",
                    ));
                }
                self.scan.track = Some(t);
                return Ok(());
            }
        }
        Ok(())
    }

    /// Reads a Cluster inside a Segment ending at `to`; where the next element starts, or
    /// `None` when a prefix runs out.
    fn cluster(&mut self, h: &Head, to: usize) -> Result<Option<usize>, DemuxError> {
        let Some(number) = self.scan.track.as_ref().map(|t| t.number) else {
            if self.scan.tracks {
                return Err(DemuxError::NoVideo);
            }
            return Err(self.err(
                h.id,
                h.at,
                "it comes before the Tracks that say what it holds",
            ));
        };
        let (end, known) = match h.size {
            Some(_) => match self.end(h, to)? {
                Some(e) => (e, true),
                None => (self.b.len(), true),
            },
            None => (to, false),
        };
        let mut timecode: Option<i64> = None;
        let mut at = h.data;
        while at < end {
            let Some(c) = self.head(at)? else {
                return Ok(None);
            };
            if !known && !CLUSTER_CHILDREN.contains(&c.id) {
                return Ok(Some(at));
            }
            let Some(cend) = self.end(&c, end)? else {
                return Ok(None);
            };
            match c.id {
                TIMECODE => {
                    let v = self.uint(&c, &self.b[c.data..cend])?;
                    timecode = Some(i64::try_from(v).map_err(|_| {
                        self.err(c.id, c.at, format!("the timecode {v} is out of range"))
                    })?);
                }
                SIMPLE_BLOCK => self.block(&c, cend, number, timecode, None)?,
                BLOCK_GROUP => {
                    let mut block = None;
                    let mut referenced = false;
                    for (g, d) in self.children(c.data, cend)? {
                        match g.id {
                            BLOCK => block = Some((g, g.data + d.len())),
                            REFERENCE_BLOCK => referenced = true,
                            _ => {}
                        }
                    }
                    if let Some((g, gend)) = block {
                        self.block(&g, gend, number, timecode, Some(!referenced))?;
                    }
                }
                _ => {}
            }
            at = cend;
        }
        Ok(Some(end))
    }

    /// A SimpleBlock (`key: None`, from its flags) or a BlockGroup's Block (`key` from whether
    /// it references another frame) whose data is `h.data..end`.
    fn block(
        &mut self,
        h: &Head,
        end: usize,
        number: u64,
        timecode: Option<i64>,
        key: Option<bool>,
    ) -> Result<(), DemuxError> {
        let b: &'a [u8] = self.b;
        let d = &b[h.data..end];
        let (track, n) = match vint(d) {
            Some(Ok((v, n, _))) => (v, n),
            _ => return Err(self.err(h.id, h.at, "its track number is malformed")),
        };
        if track != number {
            return Ok(());
        }
        let Some(head) = d.get(n..n + 3) else {
            return Err(self.err(h.id, h.at, "it is shorter than a block header"));
        };
        let flags = head[2];
        if flags & 0x06 != 0 {
            return Err(DemuxError::Lacing {
                offset: h.at as u64,
            });
        }
        let Some(cluster) = timecode else {
            return Err(self.err(h.id, h.at, "it comes before its Cluster's Timecode"));
        };
        let data = &d[n + 3..];
        if data.is_empty() {
            return Err(self.err(h.id, h.at, "it holds no frame"));
        }
        if self.scan.frames.len() as u64 >= MAX_FRAMES {
            return Err(self.err(h.id, h.at, "the file has more frames than the studio reads"));
        }
        if self.scan.frames.is_empty() {
            self.scan.first = data[..data.len().min(16)].to_vec();
        }
        self.scan.frames.push(Frame {
            offset: (h.data + n + 3) as u64,
            size: u32::try_from(data.len())
                .map_err(|_| self.err(h.id, h.at, "the frame is larger than 4 GiB"))?,
            time: cluster + i64::from(i16::from_be_bytes([head[0], head[1]])),
            key: key.unwrap_or(flags & 0x80 != 0),
            shown: flags & 0x08 == 0,
        });
        Ok(())
    }
}

/// Reads the first video track of a WebM (or Matroska) file.
pub fn webm_video(file: &[u8]) -> Result<VideoTrack, DemuxError> {
    let scan = pass(file, false)?;
    let track = build(scan)?;
    if track.samples.is_empty() {
        return Err(DemuxError::NotWebm(
            "its video track holds no frames".into(),
        ));
    }
    Ok(track)
}

/// The video track from a WebM file's first bytes: `Need(0)` when they end before the track,
/// or before its frame rate shows.
pub(super) fn probe(bytes: &[u8]) -> Result<Probe, DemuxError> {
    let scan = pass(bytes, true)?;
    let Some(entry) = &scan.track else {
        return if scan.truncated {
            Ok(Probe::Need(0))
        } else {
            Err(DemuxError::NoVideo)
        };
    };
    let shown = scan.frames.iter().filter(|f| f.shown).count();
    if entry.default_duration.is_none() && scan.truncated && shown < PROBE_BLOCKS {
        return Ok(Probe::Need(0));
    }
    build(scan).map(|t| Probe::Track(Box::new(t)))
}

fn pass(b: &[u8], partial: bool) -> Result<Scan, DemuxError> {
    let mut p = Parser {
        b,
        partial,
        scan: Scan::default(),
    };
    p.file()?;
    if p.scan.track.is_none() && !(partial && p.scan.truncated) {
        return Err(DemuxError::NoVideo);
    }
    Ok(p.scan)
}

/// The frame rate from frame timestamps (in `ticks_per_second`): the mean of the gaps near
/// the median gap, so a millisecond timestamp rounded either way and a dropped frame do not
/// bend it. `None` with fewer than two distinct times.
fn rate_from_times(times: &[i64], ticks_per_second: u64) -> Option<(u64, u64)> {
    let mut sorted = times.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    let mut gaps: Vec<u64> = sorted.windows(2).map(|w| (w[1] - w[0]) as u64).collect();
    if gaps.is_empty() {
        return None;
    }
    gaps.sort_unstable();
    let median = gaps[gaps.len() / 2];
    let slack = (median / 10).max(1);
    let near: Vec<u64> = gaps
        .into_iter()
        .filter(|g| g.abs_diff(median) <= slack)
        .collect();
    let sum: u64 = near.iter().sum();
    (sum > 0).then(|| ((near.len() as u64).saturating_mul(ticks_per_second), sum))
}

/// The WebCodecs codec string and description for the track.
fn config(
    entry: &Entry,
    first: &[u8],
    pixels: u64,
    rate: f64,
) -> Result<(String, Vec<u8>), DemuxError> {
    match entry.codec.as_str() {
        "V_VP8" => Ok(("vp8".into(), Vec::new())),
        "V_VP9" => Ok((vp9_codec(&entry.private, first, pixels, rate), Vec::new())),
        "V_AV1" => Ok((av1_codec(&entry.private, pixels), Vec::new())),
        "V_MPEG4/ISO/AVC" => match entry.private.get(1..4) {
            Some(p) => Ok((
                format!("avc1.{:02x}{:02x}{:02x}", p[0], p[1], p[2]),
                entry.private.clone(),
            )),
            None => Err(DemuxError::NotWebm(
                "its H.264 track has no decoder configuration (CodecPrivate)".into(),
            )),
        },
        other => Err(DemuxError::Codec(format!(
            "coded as {other} in Matroska/WebM"
        ))),
    }
}

/// The VP9 level for a picture size and rate (luma samples per picture and per second).
fn vp9_level(pixels: u64, rate: f64) -> u32 {
    const LEVELS: [(u32, u64, f64); 14] = [
        (10, 36_864, 829_440.0),
        (11, 73_728, 2_764_800.0),
        (20, 122_880, 4_608_000.0),
        (21, 245_760, 9_216_000.0),
        (30, 552_960, 20_736_000.0),
        (31, 983_040, 36_864_000.0),
        (40, 2_228_224, 83_558_400.0),
        (41, 2_228_224, 160_432_128.0),
        (50, 8_912_896, 311_951_360.0),
        (51, 8_912_896, 588_251_136.0),
        (52, 8_912_896, 1_176_502_272.0),
        (60, 35_651_584, 1_176_502_272.0),
        (61, 35_651_584, 2_353_004_544.0),
        (62, 35_651_584, 4_706_009_088.0),
    ];
    LEVELS
        .iter()
        .find(|(_, size, per_second)| pixels <= *size && pixels as f64 * rate <= *per_second)
        .map_or(62, |l| l.0)
}

/// `vp09.PP.LL.DD`: profile and bit depth from CodecPrivate's features, else from the first
/// frame's header; the level from CodecPrivate, else from the picture size and rate. A header
/// that cannot be read means profile 0, 8 bits (4:2:0, the usual WebM).
fn vp9_codec(private: &[u8], first: &[u8], pixels: u64, rate: f64) -> String {
    let (mut profile, mut depth) = vp9_header(first).unwrap_or((0, 8));
    let mut level = vp9_level(pixels, rate);
    // CodecPrivate: (id, length, value) features; 1 profile, 2 level, 3 bit depth.
    let mut at = 0;
    while let (Some(&id), Some(&len)) = (private.get(at), private.get(at + 1)) {
        let value = private.get(at + 2..at + 2 + len as usize);
        match (id, value) {
            (1, Some([v])) => profile = u32::from(*v),
            (2, Some([v])) if *v > 0 => level = u32::from(*v),
            (3, Some([v])) => depth = u32::from(*v),
            _ => {}
        }
        at += 2 + len as usize;
    }
    format!("vp09.{profile:02}.{level:02}.{depth:02}")
}

/// Profile and bit depth from a VP9 keyframe's uncompressed header.
fn vp9_header(b: &[u8]) -> Option<(u32, u32)> {
    let mut bits = Bits { b, at: 0 };
    if bits.read(2)? != 2 {
        return None;
    }
    let low = bits.read(1)?;
    let profile = (bits.read(1)? << 1) | low;
    if profile == 3 {
        bits.read(1)?;
    }
    // show_existing_frame, then frame_type (0: key frame), show_frame, error_resilient_mode.
    if bits.read(1)? == 1 || bits.read(1)? != 0 {
        return None;
    }
    bits.read(2)?;
    if bits.read(24)? != 0x49_8342 {
        return None;
    }
    let depth = if profile >= 2 {
        if bits.read(1)? == 1 {
            12
        } else {
            10
        }
    } else {
        8
    };
    Some((profile, depth))
}

struct Bits<'a> {
    b: &'a [u8],
    at: usize,
}

impl Bits<'_> {
    fn read(&mut self, n: usize) -> Option<u32> {
        let mut v = 0u32;
        for _ in 0..n {
            let byte = *self.b.get(self.at / 8)?;
            v = (v << 1) | u32::from((byte >> (7 - self.at % 8)) & 1);
            self.at += 1;
        }
        Some(v)
    }
}

/// `av01.P.LLT.DD` from CodecPrivate's AV1CodecConfigurationRecord, else main profile, 8 bits
/// and the level that fits the picture size.
fn av1_codec(private: &[u8], pixels: u64) -> String {
    if let [marker, b1, b2, ..] = private {
        if marker & 0x80 != 0 {
            let profile = b1 >> 5;
            let level = b1 & 0x1F;
            let tier = if b2 & 0x80 != 0 { 'H' } else { 'M' };
            let depth = match (b2 & 0x40 != 0, b2 & 0x20 != 0) {
                (true, true) => 12,
                (true, false) => 10,
                _ => 8,
            };
            return format!("av01.{profile}.{level:02}{tier}.{depth:02}");
        }
    }
    const LEVELS: [(u8, u64); 7] = [
        (0, 147_456),
        (1, 278_784),
        (4, 665_856),
        (5, 1_065_024),
        (8, 2_359_296),
        (12, 8_912_896),
        (16, 35_651_584),
    ];
    let level = LEVELS
        .iter()
        .find(|(_, size)| pixels <= *size)
        .map_or(19, |l| l.0);
    format!("av01.0.{level:02}M.08")
}

/// The `VideoTrack` from what a pass found.
fn build(scan: Scan) -> Result<VideoTrack, DemuxError> {
    let Scan {
        scale,
        track,
        frames,
        first,
        ..
    } = scan;
    let entry = track.ok_or(DemuxError::NoVideo)?;
    let scale = scale.unwrap_or(1_000_000);
    if scale == 0 {
        return Err(DemuxError::NotWebm("its TimecodeScale is 0".into()));
    }
    // Times in the file's own units when they divide a second, else in nanoseconds.
    let (timescale, mul) = if 1_000_000_000 % scale == 0 {
        ((1_000_000_000 / scale) as u32, 1i64)
    } else {
        (
            1_000_000_000u32,
            i64::try_from(scale)
                .map_err(|_| DemuxError::NotWebm("its TimecodeScale is too large".into()))?,
        )
    };
    let mut samples = Vec::with_capacity(frames.len());
    for f in &frames {
        let t = f.time.checked_mul(mul).ok_or_else(|| DemuxError::Webm {
            element: "block".into(),
            offset: f.offset,
            problem: "its timestamp is out of range".into(),
        })?;
        // Matroska stores presentation times only: decode order is the file's order, and `dts`
        // repeats the time.
        samples.push(Sample {
            offset: f.offset,
            size: f.size,
            dts: t,
            pts: t,
            key: f.key,
        });
    }
    let shown: Vec<usize> = (0..frames.len()).filter(|&d| frames[d].shown).collect();
    let rate = match entry.default_duration {
        Some(ns) if ns > 0 => Some((1_000_000_000, ns)),
        _ => {
            let times: Vec<i64> = shown.iter().map(|&d| samples[d].pts).collect();
            rate_from_times(&times, u64::from(timescale))
        }
    };
    let fps = rate.map(|(n, d)| n as f64 / d as f64);
    // Frame numbers: the timestamp times the rate, rounded (millisecond timestamps fall either
    // side of a frame's start); without a rate, the order of presentation.
    let mut frame_of = vec![0u64; samples.len()];
    let mut order = shown.clone();
    order.sort_by_key(|&d| (samples[d].pts, d));
    for (rank, &d) in order.iter().enumerate() {
        frame_of[d] = match fps {
            Some(fps) => {
                let k = (samples[d].pts as f64 / f64::from(timescale) * fps).round();
                if k > MAX_FRAMES as f64 {
                    return Err(DemuxError::Webm {
                        element: "block".into(),
                        offset: samples[d].offset,
                        problem: format!(
                            "its timestamp ({:.0} s) is past the longest video the studio reads",
                            samples[d].pts as f64 / f64::from(timescale)
                        ),
                    });
                }
                k.max(0.0) as u64
            }
            None => rank as u64,
        };
    }
    // A frame shown by nobody (hidden, or a frame the file skips) belongs to the frame before.
    for d in 1..samples.len() {
        if !frames[d].shown {
            frame_of[d] = frame_of[d - 1];
        }
    }
    // `presentation[k]`: the frame on screen at frame `k`, the last one that starts at or
    // before it (the first for frames before it starts).
    let mut presentation = Vec::new();
    if let Some(&last) = order.last() {
        let mut j = 0;
        let mut current = order[0];
        for k in 0..=frame_of[last] {
            while let Some(&d) = order.get(j).filter(|&&d| frame_of[d] <= k) {
                current = d;
                j += 1;
            }
            presentation.push(current);
        }
    }
    let pixels = entry.width.saturating_mul(entry.height);
    let (codec, description) = config(&entry, &first, pixels, fps.unwrap_or(30.0))?;
    Ok(VideoTrack {
        codec,
        description,
        width: u32::try_from(entry.width).unwrap_or(0),
        height: u32::try_from(entry.height).unwrap_or(0),
        timescale,
        samples,
        presentation,
        frame_of,
        rate,
    })
}

#[cfg(test)]
mod tests {
    use super::super::{probe, video, DemuxError, Probe};
    use super::*;

    /// An element: its id (as written, marker included), an 8-byte size, its body.
    fn el(id: u32, body: &[u8]) -> Vec<u8> {
        let mut v: Vec<u8> = id
            .to_be_bytes()
            .into_iter()
            .skip_while(|&b| b == 0)
            .collect();
        v.push(0x01);
        v.extend_from_slice(&(body.len() as u64).to_be_bytes()[1..]);
        v.extend_from_slice(body);
        v
    }

    /// An element of unknown size (a live file's Segment or Cluster).
    fn open(id: u32, body: &[u8]) -> Vec<u8> {
        let mut v: Vec<u8> = id
            .to_be_bytes()
            .into_iter()
            .skip_while(|&b| b == 0)
            .collect();
        v.extend_from_slice(&[0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]);
        v.extend_from_slice(body);
        v
    }

    fn num(id: u32, v: u64) -> Vec<u8> {
        el(id, &v.to_be_bytes())
    }

    fn header(doc: &str) -> Vec<u8> {
        el(EBML, &el(DOC_TYPE, doc.as_bytes()))
    }

    fn track(number: u64, kind: u64, codec: &str, extra: &[u8]) -> Vec<u8> {
        let video = [num(PIXEL_WIDTH, 64), num(PIXEL_HEIGHT, 36)].concat();
        el(
            TRACK_ENTRY,
            &[
                num(TRACK_NUMBER, number),
                num(TRACK_TYPE, kind),
                el(CODEC_ID, codec.as_bytes()),
                el(VIDEO, &video),
                extra.to_vec(),
            ]
            .concat(),
        )
    }

    /// A SimpleBlock on track 1 (flags: 0x80 key, 0x08 invisible, 0x06 lacing).
    fn simple(track: u8, time: i16, flags: u8, frame: &[u8]) -> Vec<u8> {
        let mut b = vec![0x80 | track];
        b.extend_from_slice(&time.to_be_bytes());
        b.push(flags);
        b.extend_from_slice(frame);
        el(SIMPLE_BLOCK, &b)
    }

    /// A BlockGroup on track 1; `reference` adds a ReferenceBlock (not a keyframe).
    fn group(time: i16, reference: bool, frame: &[u8]) -> Vec<u8> {
        let mut b = vec![0x81];
        b.extend_from_slice(&time.to_be_bytes());
        b.push(0);
        b.extend_from_slice(frame);
        let mut g = el(BLOCK, &b);
        if reference {
            g.extend(el(REFERENCE_BLOCK, &(-40i16).to_be_bytes()));
        }
        el(BLOCK_GROUP, &g)
    }

    /// A VP9 keyframe header: frame marker, profile, key frame, shown, sync code, then for
    /// profiles 2 and 3 the 10/12-bit flag.
    fn vp9_key(profile: u8, twelve: bool) -> Vec<u8> {
        let mut bits = vec![1u8, 0, profile & 1, profile >> 1];
        if profile == 3 {
            bits.push(0);
        }
        bits.extend([0, 0, 1, 0]);
        for byte in [0x49u8, 0x83, 0x42] {
            bits.extend((0..8).rev().map(|i| (byte >> i) & 1));
        }
        if profile >= 2 {
            bits.push(u8::from(twelve));
        }
        bits.chunks(8)
            .map(|c| {
                c.iter()
                    .enumerate()
                    .fold(0u8, |v, (i, &b)| v | (b << (7 - i)))
            })
            .chain([0xAA; 4])
            .collect()
    }

    /// A 25 frames/s VP9 file: an audio track before the video one, two known-size Clusters
    /// (SimpleBlocks, then BlockGroups), audio blocks between the video ones.
    fn sample_file() -> Vec<u8> {
        let tracks = el(
            TRACKS,
            &[
                track(2, 2, "A_OPUS", &[]),
                track(1, 1, "V_VP9", &num(DEFAULT_DURATION, 40_000_000)),
            ]
            .concat(),
        );
        let info = el(INFO, &num(TIMECODE_SCALE, 1_000_000));
        let c1 = el(
            CLUSTER,
            &[
                num(TIMECODE, 0),
                simple(1, 0, 0x80, &vp9_key(0, false)),
                simple(2, 0, 0x80, b"audio"),
                simple(1, 40, 0, b"f1"),
                simple(1, 80, 0, b"f2"),
            ]
            .concat(),
        );
        let c2 = el(
            CLUSTER,
            &[
                num(TIMECODE, 120),
                group(0, false, &vp9_key(0, false)),
                group(40, true, b"f4"),
            ]
            .concat(),
        );
        let seg = el(SEGMENT, &[el(0xEC, &[0; 8]), info, tracks, c1, c2].concat());
        [header("webm"), seg].concat()
    }

    fn at(file: &[u8], needle: &[u8]) -> u64 {
        file.windows(needle.len())
            .position(|w| w == needle)
            .unwrap_or(usize::MAX) as u64
    }

    #[test]
    fn reads_the_first_video_track_its_frames_keyframes_and_rate() {
        let file = sample_file();
        let t = webm_video(&file).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(t.codec, "vp09.00.10.08");
        assert!(t.description.is_empty());
        assert_eq!((t.width, t.height, t.timescale), (64, 36, 1000));
        assert_eq!(t.rate, Some((1_000_000_000, 40_000_000)));
        assert!((t.fps().unwrap_or(0.0) - 25.0).abs() < 1e-9);
        let pts: Vec<i64> = t.samples.iter().map(|s| s.pts).collect();
        assert_eq!(pts, vec![0, 40, 80, 120, 160]);
        let keys: Vec<bool> = t.samples.iter().map(|s| s.key).collect();
        assert_eq!(keys, vec![true, false, false, true, false]);
        // Each sample points at its frame's bytes, not at the block header.
        assert_eq!(t.samples[1].offset, at(&file, b"f1"));
        assert_eq!(t.samples[1].size, 2);
        assert_eq!(t.samples[4].offset, at(&file, b"f4"));
        assert_eq!(t.frame_of, vec![0, 1, 2, 3, 4]);
        assert_eq!(t.presentation, vec![0, 1, 2, 3, 4]);
        assert_eq!(t.group_of(2), Some(0..3));
        assert_eq!(t.group_of(4), Some(3..5));
        // The dispatcher and the prefix probe see the same track.
        assert_eq!(video(&file), Ok(t.clone()));
        assert_eq!(probe(&file, 0), Ok(Probe::Track(Box::new(t))));
    }

    #[test]
    fn live_files_unknown_sizes_and_no_default_duration_take_the_rate_from_timestamps() {
        // 30 frames/s in millisecond timestamps (33 or 34 ms apart), frame 5 dropped, an
        // invisible frame after frame 2, Cues after the last unknown-size Cluster.
        let ms = |k: i16| ((k as f64) * 1000.0 / 30.0).round() as i16;
        let mut c1 = num(TIMECODE, 0);
        for k in 0..4 {
            c1.extend(simple(1, ms(k), if k == 0 { 0x80 } else { 0 }, b"frame"));
            if k == 2 {
                c1.extend(simple(1, ms(3), 0x08, b"hidden"));
            }
        }
        let mut c2 = num(TIMECODE, 100);
        for k in [4, 6, 7, 8, 9] {
            c2.extend(simple(
                1,
                ms(k) - 100,
                if k == 6 { 0x80 } else { 0 },
                b"frame",
            ));
        }
        let seg = open(
            SEGMENT,
            &[
                el(TRACKS, &track(1, 1, "V_VP8", &[])),
                open(CLUSTER, &c1),
                open(CLUSTER, &c2),
                el(0x1C53_BB6B, &[0; 4]),
            ]
            .concat(),
        );
        let file = [header("webm"), seg].concat();
        let t = webm_video(&file).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(t.codec, "vp8");
        assert_eq!(t.samples.len(), 10);
        let fps = t.fps().unwrap_or(0.0);
        assert!((fps - 30.0).abs() < 0.3, "{fps}");
        // The hidden frame takes the number of the frame before; the dropped frame 5 shows
        // frame 4.
        assert_eq!(t.frame_of, vec![0, 1, 2, 2, 3, 4, 6, 7, 8, 9]);
        assert_eq!(t.presentation, vec![0, 1, 2, 4, 5, 5, 6, 7, 8, 9]);
        assert_eq!(t.group_of(5), Some(0..6));
        // A prefix with a few frames and no stated rate asks for more; the whole file is enough.
        assert_eq!(probe(&file[..file.len() - 60], 0), Ok(Probe::Need(0)));
        assert!(matches!(probe(&file, 0), Ok(Probe::Track(_))));
        // Cut anywhere, a live file is an error or the frames before the cut, never a panic.
        for cut in 0..file.len() {
            if let Ok(t) = webm_video(&file[..cut]) {
                assert!(t.samples.len() <= 10);
            }
            let _ = probe(&file[..cut], 0);
        }
    }

    #[test]
    fn codec_strings_from_the_bitstream_or_codec_private() {
        let with = |codec: &str, private: &[u8], first: &[u8]| {
            let tracks = el(
                TRACKS,
                &track(
                    1,
                    1,
                    codec,
                    &[
                        el(CODEC_PRIVATE, private),
                        num(DEFAULT_DURATION, 40_000_000),
                    ]
                    .concat(),
                ),
            );
            let c = el(
                CLUSTER,
                &[num(TIMECODE, 0), simple(1, 0, 0x80, first)].concat(),
            );
            let file = [header("matroska"), el(SEGMENT, &[tracks, c].concat())].concat();
            webm_video(&file).map(|t| (t.codec, t.description))
        };
        let none: &[u8] = &[];
        assert_eq!(
            with("V_VP9", none, &vp9_key(2, false)),
            Ok(("vp09.02.10.10".into(), vec![]))
        );
        assert_eq!(
            with("V_VP9", none, &vp9_key(3, true)),
            Ok(("vp09.03.10.12".into(), vec![]))
        );
        // A header that is not a keyframe's: the stated default, profile 0, 8 bits.
        assert_eq!(
            with("V_VP9", none, b"junk"),
            Ok(("vp09.00.10.08".into(), vec![]))
        );
        // CodecPrivate's features win: profile 1, level 4.1, 8 bits.
        assert_eq!(
            with("V_VP9", &[1, 1, 1, 2, 1, 41, 3, 1, 8], &vp9_key(0, false)),
            Ok(("vp09.01.41.08".into(), vec![]))
        );
        // AV1: av1C says profile 0, level 8 (4.0), high tier, 10 bits.
        assert_eq!(
            with("V_AV1", &[0x81, 0x08, 0xC0, 0x00], b"obu"),
            Ok(("av01.0.08H.10".into(), vec![]))
        );
        assert_eq!(
            with("V_AV1", none, b"obu"),
            Ok(("av01.0.00M.08".into(), vec![]))
        );
        let avcc = [1, 0x64, 0x00, 0x1f, 0xff];
        assert_eq!(
            with("V_MPEG4/ISO/AVC", &avcc, b"nal"),
            Ok(("avc1.64001f".into(), avcc.to_vec()))
        );
        assert_eq!(
            with("V_THEORA", none, b"x").map_err(|e| e.to_string()),
            Err(
                "the video is coded as V_THEORA in Matroska/WebM; the studio decodes H.264 \
                 (MP4, Matroska) and VP8, VP9 and AV1 (WebM) directly and seeks for the rest"
                    .into()
            )
        );
    }

    #[test]
    fn refuses_what_it_cannot_read_and_says_what_and_where() {
        let good = sample_file();
        // Every truncation is an error, never a panic, and every prefix probes.
        for cut in 0..good.len() {
            assert!(webm_video(&good[..cut]).is_err(), "cut at {cut}");
            let _ = probe(&good[..cut], 0);
        }
        // Laced blocks.
        let mut laced = good.clone();
        let f1 = at(&laced, b"f1") as usize;
        laced[f1 - 1] = 0x02;
        let block = f1 - 4 - 9;
        assert_eq!(
            webm_video(&laced),
            Err(DemuxError::Lacing {
                offset: block as u64
            })
        );
        assert_eq!(
            DemuxError::Lacing { offset: 7 }.to_string(),
            "the WebM block at byte 7 packs several frames in one block (lacing), which the \
             studio does not read"
        );
        // A Cluster that runs past the end of the file.
        let cut = &good[..good.len() - 3];
        let cluster = good
            .windows(4)
            .rposition(|w| w == [0x1F, 0x43, 0xB6, 0x75])
            .unwrap_or(0);
        let seg_fixed = {
            // The Segment's own size must not be what fails first: make it unknown.
            let mut f = cut.to_vec();
            let s = at(&f, &[0x18, 0x53, 0x80, 0x67]) as usize;
            f[s + 4..s + 12].copy_from_slice(&[0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]);
            f
        };
        assert_eq!(
            webm_video(&seg_fixed).map_err(|e| e.to_string()),
            Err(format!(
                "WebM Cluster (id 0x1F43B675) at byte {cluster}: its size ({} bytes) runs past \
                 the end of the file ({} bytes)",
                good.len() - cluster - 12,
                seg_fixed.len()
            ))
        );
        // Not WebM, or a DocType that is not.
        assert_eq!(
            webm_video(&[header("mkv2"), el(SEGMENT, &[])].concat()),
            Err(DemuxError::NotWebm(
                "its EBML DocType is \"mkv2\", not webm or matroska".into()
            ))
        );
        assert_eq!(video(b"RIFF....AVI "), Err(DemuxError::Unknown));
        // No video track; a block before its Cluster's timecode; compressed frames.
        let audio_only = [
            header("webm"),
            el(SEGMENT, &el(TRACKS, &track(1, 2, "A_OPUS", &[]))),
        ]
        .concat();
        assert_eq!(webm_video(&audio_only), Err(DemuxError::NoVideo));
        let early = [
            header("webm"),
            el(
                SEGMENT,
                &[
                    el(TRACKS, &track(1, 1, "V_VP8", &[])),
                    el(CLUSTER, &simple(1, 0, 0x80, b"x")),
                ]
                .concat(),
            ),
        ]
        .concat();
        assert!(matches!(
            webm_video(&early),
            Err(DemuxError::Webm { ref problem, .. }) if problem == "it comes before its Cluster's Timecode"
        ));
        let encoded = [
            header("webm"),
            el(
                SEGMENT,
                &el(TRACKS, &track(1, 1, "V_VP8", &el(CONTENT_ENCODINGS, &[]))),
            ),
        ]
        .concat();
        assert!(matches!(
            webm_video(&encoded),
            Err(DemuxError::Webm { ref element, .. }) if element == "TrackEntry (id 0xAE)"
        ));
        // An unknown size where only a Segment or Cluster may have one.
        let open_tracks = [header("webm"), open(SEGMENT, &open(TRACKS, &[]))].concat();
        assert!(matches!(
            webm_video(&open_tracks),
            Err(DemuxError::Webm { ref element, .. }) if element == "Tracks (id 0x1654AE6B)"
        ));
    }

    /// Real files, rendered with ffmpeg 5.1 (1 s of `testsrc2=s=64x36:r=25`, a keyframe every
    /// 10 frames): `-c:v libvpx-vp9 -g 10`, `-c:v libvpx -g 10`, `-c:v libaom-av1 -cpu-used 8
    /// -g 10`.
    #[test]
    fn real_files_from_ffmpeg() {
        for (file, codec) in [
            (
                include_bytes!("../../tests/data/vp9.webm").as_slice(),
                "vp09.00.10.08",
            ),
            (
                include_bytes!("../../tests/data/vp8.webm").as_slice(),
                "vp8",
            ),
            (
                include_bytes!("../../tests/data/av1.webm").as_slice(),
                "av01.0.00M.08",
            ),
        ] {
            let t = video(file).unwrap_or_else(|e| panic!("{codec}: {e}"));
            assert_eq!(t.codec, codec);
            assert_eq!((t.width, t.height), (64, 36));
            assert_eq!(t.samples.len(), 25, "{codec}");
            assert_eq!(t.presentation.len(), 25, "{codec}");
            let keys: Vec<usize> = (0..25).filter(|&d| t.samples[d].key).collect();
            assert_eq!(keys, vec![0, 10, 20], "{codec}");
            assert_eq!(t.fps(), Some(25.0), "{codec}");
            assert_eq!(t.frame_of, (0..25).collect::<Vec<u64>>(), "{codec}");
            // The first frame's bytes are where the sample says (a VP9 keyframe's marker).
            if codec.starts_with("vp09") {
                let s = t.samples[0];
                assert_eq!(vp9_header(&file[s.offset as usize..]), Some((0, 8)));
            }
            // The rate from the header, from a prefix of the file.
            match probe(&file[..file.len() / 2], 0) {
                Ok(Probe::Track(p)) => assert_eq!(p.fps(), Some(25.0)),
                other => panic!("{codec}: {other:?}"),
            }
        }
    }
}
