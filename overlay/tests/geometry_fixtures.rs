//! Data-driven geometry: every line of `fixtures/geometry.txt` goes through the engine's
//! object-fit geometry and the result must equal the matching line of `geometry.expected`
//! (`UPDATE_EXPECT=1` rewrites it; check the diff by hand against the CSS spec).

use std::fs;
use std::path::Path;

use overlay::{Layout, ObjectFit, ObjectPosition, Scene, Size};

fn size(s: &str) -> Size {
    let (w, h) = s.trim().split_once('x').unwrap_or(("0", "0"));
    Size {
        w: w.parse().unwrap_or(0.0),
        h: h.parse().unwrap_or(0.0),
    }
}

fn run(line: &str) -> String {
    let f: Vec<&str> = line.split('|').map(str::trim).collect();
    let [el, intr, fit, pos, pt] = f.as_slice() else {
        return format!("bad fixture line: {line}");
    };
    let (nx, ny) = pt.split_once(',').unwrap_or(("0", "0"));
    let (nx, ny): (f64, f64) = (nx.parse().unwrap_or(0.0), ny.parse().unwrap_or(0.0));
    let pos = ObjectPosition::parse(pos).unwrap_or_default();
    let element = size(el);
    let intrinsic = size(intr);
    let fit = ObjectFit::parse(fit);
    let pic = overlay::geometry::picture_rect(element, intrinsic, fit, pos);
    // Through the scene too: a single fixed tag at the point, as the overlay would place it.
    let json = format!(
        r#"{{"version":1,"video":{{"id":"v"}},"products":[{{"id":"p"}}],
            "tags":[{{"id":"t","product":"p","start":0,"end":10,"x":{nx},"y":{ny}}}]}}"#
    );
    let placed = match overlay::Manifest::parse(&json) {
        Ok(p) => {
            let mut scene = Scene::new(p.manifest);
            scene.set_layout(Layout {
                element,
                intrinsic,
                fit,
                position: pos,
                rtl: false,
                safe: overlay::Insets::default(),
            });
            let d = scene.frame(1.0).clone();
            match d.moved.first() {
                Some((_, p)) if p.visible => format!("at {:.2},{:.2}", p.x, p.y),
                Some((_, p)) => format!("hidden (cropped at {:.2},{:.2})", p.x, p.y),
                None => "none".into(),
            }
        }
        Err(e) => e.to_string(),
    };
    format!(
        "{line} => picture {:.2},{:.2} {:.2}x{:.2}; tag {placed}",
        pic.x, pic.y, pic.w, pic.h
    )
}

#[test]
fn geometry_fixtures() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let input = fs::read_to_string(dir.join("geometry.txt")).unwrap_or_default();
    let got: String = input
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| run(l) + "\n")
        .collect();
    assert!(got.lines().count() >= 15);
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        let _ = fs::write(dir.join("geometry.expected"), &got);
        return;
    }
    let want = fs::read_to_string(dir.join("geometry.expected")).unwrap_or_default();
    assert_eq!(got, want);
}
