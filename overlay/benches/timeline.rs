//! Criterion benchmarks for the engine's hot paths: the active-set query, a whole frame, and
//! deciding where 50 moving tags' labels and badges go.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use overlay::{Cursor, LabelBox, Layout, Manifest, ObjectFit, Scene, Size, Timeline};

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
            black_box(cursor.advance(&tl, black_box(t), 0.0, &mut en, &mut le))
        })
    });
    let mut scene = crowd();
    let mut t = 0.0;
    c.bench_function("relabel/50_moving_labelled", |b| {
        b.iter(|| {
            t = (t + 0.5) % 8.0;
            black_box(scene.relabel(black_box(t)).moved.len())
        })
    });
}

/// 50 tags moving across a 960 × 540 player in a 10 × 5 grid, each with a 120 px label, every
/// other one with a deal badge: what the viewer decides twice a second while they move.
fn crowd() -> Scene {
    let mut tags = String::new();
    for i in 0..50 {
        let (x, y) = (
            0.05 + f64::from(i % 10) * 0.09,
            0.1 + f64::from(i / 10) * 0.18,
        );
        if i > 0 {
            tags.push(',');
        }
        tags.push_str(&format!(
            r#"{{"id":"t{i}","product":"p","start":0,"end":8,"label":"Label {i}","keyframes":[{{"t":0,"x":{x},"y":{y}}},{{"t":8,"x":{},"y":{}}}]}}"#,
            x + 0.04,
            y + 0.08
        ));
    }
    let json = format!(
        r#"{{"version":1,"video":{{"id":"v"}},"products":[{{"id":"p"}}],"tags":[{tags}]}}"#
    );
    let manifest = Manifest::parse(&json)
        .map(|p| p.manifest)
        .unwrap_or_else(|e| panic!("{e}"));
    let mut scene = Scene::new(manifest);
    scene.set_layout(Layout {
        element: Size { w: 960.0, h: 540.0 },
        intrinsic: Size {
            w: 1920.0,
            h: 1080.0,
        },
        fit: ObjectFit::Contain,
        ..Layout::default()
    });
    scene.frame(0.0);
    for i in 0..50 {
        let b = LabelBox {
            w: 120.0,
            h: 24.0,
            r: 16.0,
        };
        scene.set_label(i, b);
        if i % 2 == 0 {
            scene.set_badge(
                i,
                Some(LabelBox {
                    w: 80.0,
                    h: 18.0,
                    r: 16.0,
                }),
            );
        }
    }
    scene
}

criterion_group!(benches, bench);
criterion_main!(benches);
