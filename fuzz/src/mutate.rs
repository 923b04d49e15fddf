//! The mutation engine: a seeded xorshift generator and the edits a fuzzer makes to a corpus
//! input — bit flips, interesting bytes and tokens, deletions, duplications, splices from
//! another input, numbers pushed to their limits, hostile strings (bidi overrides, lone
//! surrogate escapes, very long runs).

/// xorshift64*: small, fast, and the same sequence for the same seed on every machine.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number below `n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

/// Tokens that reach the interesting branches of JSON readers and validators.
const TOKENS: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "\"",
    "\\",
    "null",
    "true",
    "false",
    "-0",
    "0",
    "1e308",
    "-1e308",
    "1e-400",
    "9007199254740993",
    "-9223372036854775809",
    "NaN",
    "Infinity",
    "\\u0000",
    "\\ud800",
    "\\udfff",
    "\\u202e",
    "\\u2066",
    "\u{202e}",
    "\u{feff}",
    "\u{0}",
    "<script>alert(1)</script>",
    "javascript:alert(1)",
    "JaVaScRiPt:",
    "data:text/html,x",
    "vbscript:x",
    "https://example.com/",
    "//evil.example/",
    "\u{1}\u{7f}",
    "%00",
    "%22",
    "\"version\":",
    "\"tags\":",
    "\"products\":",
    "\"keyframes\":",
    "\"id\":",
    "\"x\":",
    "\"start\":",
    "\"end\":",
    "\"product_id\":",
    "\"quantity\":",
    "\"price\":",
    "?after=",
    "&max_ms=",
    "/api/",
    "..",
    "%2e%2e",
];

/// One to four edits of `input`, sometimes splicing in part of `other`.
pub fn mutate(rng: &mut Rng, input: &[u8], other: &[u8]) -> Vec<u8> {
    let mut out = input.to_vec();
    for _ in 0..=rng.below(4) {
        let len = out.len();
        match rng.below(10) {
            0 if len > 0 => {
                let i = rng.below(len);
                out[i] ^= 1 << rng.below(8);
            }
            1 => {
                let i = rng.below(len + 1);
                out.insert(i, rng.below(256) as u8);
            }
            2 | 3 => {
                let t = TOKENS[rng.below(TOKENS.len())].as_bytes();
                let i = rng.below(len + 1);
                out.splice(i..i, t.iter().copied());
            }
            4 if len > 0 => {
                let i = rng.below(len);
                let n = 1 + rng.below((len - i).min(64));
                out.drain(i..i + n);
            }
            5 if len > 0 => {
                let i = rng.below(len);
                let n = 1 + rng.below((len - i).min(64));
                let piece: Vec<u8> = out[i..i + n].to_vec();
                let at = rng.below(out.len() + 1);
                out.splice(at..at, piece);
            }
            6 if !other.is_empty() => {
                let i = rng.below(other.len());
                let n = 1 + rng.below((other.len() - i).min(256));
                let at = rng.below(len + 1);
                out.splice(at..at, other[i..i + n].iter().copied());
            }
            7 => {
                // A number somewhere becomes an extreme one.
                if let Some(i) = out.iter().position(|b| b.is_ascii_digit()) {
                    let end = out[i..]
                        .iter()
                        .position(|b| !b.is_ascii_digit())
                        .map_or(out.len(), |n| i + n);
                    let t = [
                        "1e308",
                        "-1",
                        "0",
                        "4294967296",
                        "18446744073709551616",
                        "0.0000001",
                    ][rng.below(6)];
                    out.splice(i..end, t.bytes());
                }
            }
            8 => {
                // A very long run of one character.
                let i = rng.below(len + 1);
                let c = [b'a', b'[', b'{', b' ', b'9', b'"'][rng.below(6)];
                let n = [64, 1024, 70_000][rng.below(3)];
                out.splice(i..i, std::iter::repeat_n(c, n));
            }
            _ if len > 1 => {
                let (a, b) = (rng.below(len), rng.below(len));
                out.swap(a, b);
            }
            _ => {}
        }
    }
    out
}
