//! Criterion benchmarks for the engine's hot paths: the active-set query and a whole frame.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use overlay::{Cursor, Timeline};

/// 10,000 cues spread over an hour, 2 to 20 s long: about 30 active at any time, like a busy
/// catalogue video.
fn cues(n: usize) -> Vec<(f64, f64)> {
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % 1_000_000) as f64 / 1_000_000.0
    };
    (0..n)
        .map(|_| {
            let s = next() * 3600.0;
            (s, s + 2.0 + next() * 18.0)
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let cues = cues(10_000);
    let tl = Timeline::new(&cues);
    let mut out = Vec::with_capacity(64);
    let mut t = 0.0;
    c.bench_function("active_at/10k_cues", |b| {
        b.iter(|| {
            t = (t + 7.77) % 3600.0;
            tl.active_at(black_box(t), &mut out);
            black_box(out.len())
        })
    });
    let mut cursor = Cursor::default();
    let (mut en, mut le) = (Vec::new(), Vec::new());
    let mut f = 0u64;
    c.bench_function("cursor_advance/10k_cues/30fps_play", |b| {
        b.iter(|| {
            f += 1;
            en.clear();
            le.clear();
            let t = (f as f64 / 30.0) % 3600.0;
            black_box(cursor.advance(&tl, black_box(t), &mut en, &mut le))
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
