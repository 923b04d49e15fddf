//! The sample media: one scene description makes both the video and its manifest, so tags and
//! products agree by construction, to the frame and to the pixel. The video is a flat lay: the
//! products' illustrations (the catalogue's own pictures, `commerce/illustrations/`, drawn
//! without their ground) on a wooden table seen from above, each moving along its keyframes;
//! the manifest has tags on the same keyframes. The camera pans slowly over the table
//! ([`CAMERA`]), so a product lying still moves on screen and its tag follows it: each tag's
//! keyframes are its product's path minus the camera's, exact because both are piecewise linear
//! (an eased product segment is never under a moving camera). ffmpeg rasterizes the drawings
//! (librsvg) and crops the camera's window out of the table.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result};
use serde_json::{json, Value};

use crate::util::{dist, root, run};

mod scene;

use scene::{camera, screen_path, world, K, PRODUCTS, SPRITE, TAGS};

pub const WIDTH: u32 = 960;
pub const HEIGHT: u32 = 540;
pub const FPS: u32 = 30;
pub const DURATION: f64 = 40.0;

/// The table the products lie on (with the margins the camera pans over), seen from above:
/// planks of a warm wood with their grain, a soft light from the top left.
fn table_svg() -> String {
    let (ww, wh) = world();
    let mut planks = String::new();
    let tones = [
        "#b98a5e", "#c39468", "#b4845a", "#bf9063", "#b88a5f", "#c6986c",
    ];
    for i in 0..ww.div_ceil(96) {
        let x = i * 96;
        let tone = tones[i as usize % tones.len()];
        let _ = write!(
            planks,
            "<rect x=\"{x}\" y=\"0\" width=\"96\" height=\"{wh}\" fill=\"{tone}\"/>"
        );
        for g in 0..4u32 {
            let gx = x + 14 + g * 21;
            let wave = 6 + (i * 7 + g * 5) % 11;
            let _ = write!(
                planks,
                "<path d=\"M{gx} 0 C{a} 140 {b} 280 {gx} 420 S{a} 500 {gx} {wh}\" \
                 stroke=\"#7a5233\" stroke-opacity=\".18\" stroke-width=\"2\" fill=\"none\"/>",
                a = gx + wave,
                b = gx.saturating_sub(wave),
            );
        }
        let _ = write!(planks, "<rect x=\"{x}\" y=\"0\" width=\"2\" height=\"{wh}\" fill=\"#6b4529\" fill-opacity=\".35\"/>");
    }
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{ww}\" height=\"{wh}\" viewBox=\"0 0 {ww} {wh}\">\
         <defs><radialGradient id=\"light\" cx=\".25\" cy=\".1\" r=\"1\">\
         <stop offset=\"0\" stop-color=\"#fff\" stop-opacity=\".28\"/>\
         <stop offset=\"1\" stop-color=\"#000\" stop-opacity=\".22\"/></radialGradient></defs>\
         {planks}<rect width=\"{ww}\" height=\"{wh}\" fill=\"url(#light)\"/></svg>"
    )
}

/// A product's illustration without its ground (the table shows through), for the video.
fn sprite_svg(product: &str) -> Result<String> {
    let path = root().join(format!("commerce/illustrations/{product}.svg"));
    let svg = fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    let Some(start) = svg.find("<rect class=\"bg\"") else {
        anyhow::bail!(
            "{}: no <rect class=\"bg\"> ground to take away",
            path.display()
        );
    };
    let end = svg[start..].find("/>").map_or(start, |e| start + e + 2);
    Ok(format!("{}{}", &svg[..start], &svg[end..]))
}

/// A path for ffmpeg's filter syntax: relative to the root (where ffmpeg runs), quoted.
fn filter_path(p: &Path) -> String {
    let rel = p.strip_prefix(root()).unwrap_or(p);
    format!("'{}'", rel.display())
}

/// The manifest of the sample video.
pub fn manifest() -> Value {
    let tags: Vec<Value> = TAGS
        .iter()
        .map(|(id, product, start, end, label, path)| {
            let mut tag = json!({ "id": id, "product": product, "start": start, "end": end });
            tag["keyframes"] = screen_path(*start, *end, path)
                .iter()
                .map(|&(t, x, y, eased)| {
                    let mut k = json!({ "t": t, "x": x, "y": y });
                    if eased {
                        k["ease"] = json!("ease-in-out");
                    }
                    k
                })
                .collect();
            if let Some(l) = label {
                tag["label"] = json!(l);
            }
            tag
        })
        .collect();
    json!({
        "$schema": "../manifest.schema.json",
        "version": 1,
        "video": { "id": "demo-studio-haul", "duration": DURATION },
        // A creator's video: sales through its tags are credited to her and the campaign.
        "attribution": { "creator": "@maya.styles", "campaign": "fall-haul" },
        "products": PRODUCTS.iter().map(|(id, name)| json!({ "id": id, "name": name })).collect::<Vec<_>>(),
        "tags": tags,
    })
}

/// An ffmpeg expression for one coordinate along a path, in pixels of an axis of `size`.
fn path_expr(path: &[K], axis: usize, size: f64) -> String {
    let v = |k: &K| if axis == 0 { k.1 } else { k.2 } * size;
    let (Some(first), Some(last)) = (path.first(), path.last()) else {
        return "0".into();
    };
    let mut expr = format!("{:.4}", v(last));
    for w in path.windows(2).rev() {
        let (a, b) = (&w[0], &w[1]);
        let u = format!("((t-{})/{})", a.0, b.0 - a.0);
        let e = if a.3 {
            format!("({u}*{u}*(3-2*{u}))")
        } else {
            u
        };
        expr = format!(
            "if(lt(t,{}),{:.4}+({:.4})*{e},{expr})",
            b.0,
            v(a),
            v(b) - v(a)
        );
    }
    format!("if(lt(t,{}),{:.4},{expr})", first.0, v(first))
}

/// The ffmpeg filter graph that draws the scene: the whole table, then each product's picture
/// (`sprites/{id}.png`) overlaid along its path while its tag shows (`overlay` evaluates x/y
/// per frame with `t` the frame time, and repeats its one picture), then the camera's window
/// cut out of it (`crop` evaluates its x/y per frame too).
pub fn filter_graph(media: &Path) -> String {
    let (ww, wh) = world();
    let mut g = format!(
        "color=c=black:s={ww}x{wh}:r={FPS}:d={DURATION}[c];movie={}[t];\
         [c][t]overlay=0:0[s0];",
        filter_path(&media.join("table.png"))
    );
    let half = f64::from(SPRITE) / 2.0;
    let (w, h) = (f64::from(WIDTH), f64::from(HEIGHT));
    // The picture's origin on the table when the camera is at its middle.
    let (ox, oy) = ((f64::from(ww) - w) / 2.0, (f64::from(wh) - h) / 2.0);
    for (i, (_, product, start, end, _, path)) in TAGS.iter().enumerate() {
        let x = format!("{ox:.1}+{}", path_expr(path, 0, w));
        let y = format!("{oy:.1}+{}", path_expr(path, 1, h));
        let enable = format!("gte(t,{start})*lt(t,{end})");
        let _ = write!(
            g,
            "movie={sprite}[b{i}];\
             [s{i}][b{i}]overlay=x='{x}-{half}':y='{y}-{half}':enable='{enable}'[s{n}];",
            sprite = filter_path(&media.join(format!("sprites/{product}.png"))),
            n = i + 1,
        );
    }
    let cam = camera();
    let _ = write!(
        g,
        "[s{}]format=rgb24,crop=w={WIDTH}:h={HEIGHT}:x='{ox:.1}+{}':y='{oy:.1}+{}',format=yuv420p[out]",
        TAGS.len(),
        path_expr(&cam, 0, w),
        path_expr(&cam, 1, h),
    );
    g
}

/// Rasterizes the table and each product's picture for the video (PNG with alpha, through
/// ffmpeg's librsvg); the returned text is what they were made from, for the stamp.
fn pictures(media: &Path) -> Result<String> {
    let sprites = media.join("sprites");
    fs::create_dir_all(&sprites)?;
    let mut made = String::new();
    let mut jobs = vec![(
        "table".to_string(),
        table_svg(),
        media.join("table.png"),
        format!("{}:{}", world().0, world().1),
    )];
    for (id, _) in PRODUCTS {
        jobs.push((
            id.to_string(),
            sprite_svg(id)?,
            sprites.join(format!("{id}.png")),
            format!("{SPRITE}:{SPRITE}"),
        ));
    }
    for (name, svg, png, size) in jobs {
        let src = media.join(format!("{name}.svg"));
        fs::write(&src, &svg)?;
        run(Command::new("ffmpeg")
            .args(["-hide_banner", "-loglevel", "error", "-y", "-i"])
            .arg(&src)
            .args([
                "-vf",
                &format!("scale={size}"),
                "-pix_fmt",
                "rgba",
                "-frames:v",
                "1",
            ])
            .arg(&png))
        .context(
            "ffmpeg (Debian package ffmpeg, built with librsvg) draws the sample's pictures",
        )?;
        fs::remove_file(&src)?;
        made.push_str(&svg);
    }
    Ok(made)
}

/// Writes the manifest into `www/static/media` (committed) and, when missing or out of date,
/// the video into `www/dist/media`. Returns whether the video was (re)made.
pub fn generate(force: bool) -> Result<bool> {
    let manifest = serde_json::to_string_pretty(&manifest())? + "\n";
    let static_media = root().join("www/static/media");
    fs::create_dir_all(&static_media)?;
    let mpath = static_media.join("demo.manifest.json");
    if fs::read_to_string(&mpath).ok().as_deref() != Some(manifest.as_str()) {
        fs::write(&mpath, &manifest)?;
    }
    let out = dist().join("media");
    fs::create_dir_all(&out)?;
    fs::copy(&mpath, out.join("demo.manifest.json"))?;
    let drawn = pictures(&out)?;
    let graph = filter_graph(&out);
    // No B-frames: WebKitGTK's GStreamer reports a B-frame stream's frame times two frames
    // late (it ignores the edit list), and live streams are encoded without them anyway.
    let encode = [
        "-map",
        "[out]",
        "-c:v",
        "libx264",
        "-preset",
        "veryfast",
        "-crf",
        "28",
        "-bf",
        "0",
        "-g",
        "15",
        "-pix_fmt",
        "yuv420p",
        "-movflags",
        "+faststart",
    ];
    let stamped = format!("{graph}\n{}\n{drawn}", encode.join(" "));
    let stamp = out.join("demo.stamp");
    let video = out.join("demo.mp4");
    if !force
        && video.exists()
        && fs::read_to_string(&stamp).ok().as_deref() == Some(stamped.as_str())
    {
        tracking_clips(&out)?;
        hls_cut(&out, false)?;
        return Ok(false);
    }
    let script = out.join("demo.filter");
    fs::write(&script, &graph)?;
    run(Command::new("ffmpeg")
        .args([
            "-hide_banner",
            "-loglevel",
            "error",
            "-y",
            "-filter_complex_script",
        ])
        .arg(&script)
        .args(encode)
        .arg(&video))
    .context(
        "ffmpeg (Debian package ffmpeg) makes the sample video: run `cargo xtask bootstrap`",
    )?;
    fs::write(&stamp, &stamped)?;
    tracking_clips(&out)?;
    hls_cut(&out, true)?;
    Ok(true)
}

/// Cuts the sample video into 2-second fMP4 segments for HLS (`media/hls/`: `init.mp4`,
/// `seg_NNN.m4s` and a VOD playlist, `index.m3u8`), without re-encoding: it has a keyframe
/// every half second. The reference server loops these pieces as each LIVE room's live stream.
fn hls_cut(out: &Path, force: bool) -> Result<()> {
    let dir = out.join("hls");
    if !force && dir.join("index.m3u8").exists() {
        return Ok(());
    }
    if dir.exists() {
        fs::remove_dir_all(&dir)?;
    }
    fs::create_dir_all(&dir)?;
    run(Command::new("ffmpeg")
        .args(["-hide_banner", "-loglevel", "error", "-y", "-i"])
        .arg(out.join("demo.mp4"))
        .args([
            "-c",
            "copy",
            "-f",
            "hls",
            "-hls_time",
            "2",
            "-hls_playlist_type",
            "vod",
            "-hls_flags",
            "independent_segments",
            "-hls_segment_type",
            "fmp4",
            "-hls_fmp4_init_filename",
            "init.mp4",
            "-hls_segment_filename",
        ])
        .arg(dir.join("seg_%03d.m4s"))
        .arg(dir.join("index.m3u8")))
    .context("ffmpeg (Debian package ffmpeg) cuts the sample video for HLS")
}

/// Bumped when the synthetic clips change, so stale files are re-rendered.
const CLIPS_VERSION: &str = "2";

/// The studio's tracking clips (`authoring::synth`, harder than the sample), rendered frame by
/// frame through ffmpeg, each with its ground truth (`track-NAME.truth.json`: per frame the
/// product's centre and size as fractions of the picture, and how much of it is visible).
pub fn tracking_clips(out: &Path) -> Result<()> {
    use authoring::synth::{Clip, Scenario};
    use std::io::Write;
    // A short 25 frames/s clip with its header at the end (no +faststart): the studio must
    // read that rate from the file, not assume 30.
    let fps25 = out.join("fps25.mp4");
    if !fps25.exists() {
        run(Command::new("ffmpeg")
            .args(["-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi"])
            .args(["-i", "testsrc=size=320x180:rate=25", "-t", "2"])
            .args([
                "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p",
            ])
            .arg(&fps25))
        .context("ffmpeg (Debian package ffmpeg) renders the 25 frames/s clip")?;
    }
    for scenario in Scenario::ALL {
        let name = scenario.name();
        let video = out.join(format!("track-{name}.mp4"));
        let stamp = out.join(format!("track-{name}.stamp"));
        if video.exists() && fs::read_to_string(&stamp).ok().as_deref() == Some(CLIPS_VERSION) {
            continue;
        }
        let clip = Clip::new(scenario);
        let size = format!("{}x{}", clip.width, clip.height);
        let mut child = Command::new("ffmpeg")
            .args(["-hide_banner", "-loglevel", "error", "-y", "-f", "rawvideo"])
            .args([
                "-pix_fmt",
                "rgba",
                "-s",
                &size,
                "-r",
                &clip.fps.to_string(),
                "-i",
                "-",
            ])
            .args([
                "-c:v", "libx264", "-preset", "veryfast", "-crf", "18", "-g", "30",
            ])
            .args(["-pix_fmt", "yuv420p", "-movflags", "+faststart"])
            .arg(&video)
            .stdin(std::process::Stdio::piped())
            .spawn()
            .context("ffmpeg (Debian package ffmpeg) renders the tracking clips")?;
        {
            let mut stdin = child.stdin.take().context("ffmpeg's input")?;
            for k in 0..clip.frames {
                stdin.write_all(&clip.rgba(k))?;
            }
        }
        let status = child.wait()?;
        anyhow::ensure!(
            status.success(),
            "ffmpeg failed on the {name} tracking clip"
        );
        let (w, h) = (clip.width as f64, clip.height as f64);
        let truth: Vec<Value> = (0..clip.frames)
            .map(|k| {
                let t = clip.truth(k);
                json!([t.cx / w, t.cy / h, t.w / w, t.h / h, t.visible])
            })
            .collect();
        let doc = json!({
            "scenario": name, "width": clip.width, "height": clip.height, "fps": clip.fps,
            "frames": clip.frames, "truth": truth,
        });
        fs::write(
            out.join(format!("track-{name}.truth.json")),
            doc.to_string(),
        )?;
        fs::write(&stamp, CLIPS_VERSION)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::scene::{at, CAMERA, PAD};
    use super::*;

    #[test]
    fn committed_manifest_matches_the_scene() {
        let committed = fs::read_to_string(root().join("www/static/media/demo.manifest.json"))
            .unwrap_or_default();
        let now = serde_json::to_string_pretty(&manifest()).unwrap_or_default() + "\n";
        assert_eq!(
            committed, now,
            "run `cargo xtask media` and commit the manifest"
        );
    }

    #[test]
    fn sample_manifest_is_valid_and_rich_enough() {
        let text = serde_json::to_string(&manifest()).unwrap_or_default();
        let parsed = overlay::Manifest::parse(&text);
        let Ok(p) = parsed else {
            panic!("{:?}", parsed.err());
        };
        assert!(p.warnings.is_empty(), "{:?}", p.warnings);
        assert!(p.manifest.tags.len() >= 20);
        assert!(
            p.manifest
                .tags
                .iter()
                .filter(|t| t.track.is_moving())
                .count()
                >= 5
        );
    }

    #[test]
    fn every_product_of_the_scene_has_its_picture_without_a_ground() {
        for (id, _) in PRODUCTS {
            let svg = sprite_svg(id).unwrap_or_else(|e| panic!("{e:#}"));
            assert!(!svg.contains("class=\"bg\""), "{id}");
            assert!(svg.ends_with("</svg>\n") || svg.ends_with("</svg>"), "{id}");
        }
        assert!(table_svg().starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1056\""));
    }

    #[test]
    fn the_camera_stays_on_the_table_and_keeps_every_tag_in_the_picture() {
        for &(_, x, y) in CAMERA {
            assert!(
                x.abs() <= PAD && y.abs() <= PAD,
                "({x}, {y}) leaves the table"
            );
        }
        for (id, _, start, end, _, path) in TAGS {
            // Eased product segments play under a still camera, so the difference stays exact.
            for w in path.windows(2).filter(|w| w[0].3) {
                assert_eq!(at(&camera(), w[0].0), at(&camera(), w[1].0), "{id}");
                assert!(
                    !CAMERA.iter().any(|c| c.0 > w[0].0 && c.0 < w[1].0),
                    "{id}: the camera bends inside an eased segment"
                );
            }
            let keys = screen_path(*start, *end, path);
            // Between keyframes too: sample every frame against the two paths.
            let mut t = *start;
            while t <= *end {
                let (px, py) = at(path, t);
                let (cx, cy) = at(&camera(), t);
                let (sx, sy) = at(&keys, t);
                assert!(
                    (sx - (px - cx)).abs() < 1e-3 && (sy - (py - cy)).abs() < 1e-3,
                    "{id} at {t}"
                );
                assert!(
                    (0.015..=0.985).contains(&sx) && (0.015..=0.985).contains(&sy),
                    "{id} at {t}: ({sx}, {sy})"
                );
                t += 1.0 / f64::from(FPS);
            }
        }
    }

    #[test]
    fn path_expression_clamps_and_eases() {
        let e = path_expr(&[(1.0, 0.0, 0.0, true), (3.0, 1.0, 0.0, false)], 0, 100.0);
        assert_eq!(
            e,
            "if(lt(t,1),0.0000,if(lt(t,3),0.0000+(100.0000)*(((t-1)/2)*((t-1)/2)*(3-2*((t-1)/2))),100.0000))"
        );
    }
}
