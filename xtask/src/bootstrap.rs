//! Installs what the build and tests need on a fresh Debian 12 machine, from the package
//! registries alone: the wasm32 target (rustup), Chromium, chromedriver, ffmpeg and WebKitGTK
//! with Xvfb (Debian), and the npm packages (wasm-opt from `binaryen`, Playwright). Idempotent and quick when done.

use std::path::Path;
use std::process::Command;

use anyhow::{bail, Context, Result};

use crate::util::{exists_on_path, output, root, run};

/// Debian packages the project uses, and a file each one provides.
const DEBIAN: &[(&str, &str)] = &[
    ("chromium", "/usr/bin/chromium"),
    ("chromium-driver", "/usr/bin/chromedriver"),
    ("ffmpeg", "/usr/bin/ffmpeg"),
    (
        "fonts-dejavu-core",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    ),
    (
        "fonts-noto-core",
        "/usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf",
    ),
    // WebKit (the engine of Safari and every iOS webview) for the app-host tests: WebKitGTK
    // through GObject introspection, driven by the system Python under Xvfb, with GStreamer
    // decoding the H.264 sample.
    (
        "gir1.2-webkit2-4.1",
        "/usr/lib/x86_64-linux-gnu/girepository-1.0/WebKit2-4.1.typelib",
    ),
    (
        "python3-gi",
        "/usr/lib/python3/dist-packages/gi/__init__.py",
    ),
    (
        "python3-gi-cairo",
        "/usr/lib/python3/dist-packages/gi/_gi_cairo.cpython-311-x86_64-linux-gnu.so",
    ),
    ("xvfb", "/usr/bin/xvfb-run"),
    // The commerce server's passkeys (webauthn-rs) link the system OpenSSL.
    ("libssl-dev", "/usr/include/openssl/ssl.h"),
    ("pkg-config", "/usr/bin/pkg-config"),
    ("xauth", "/usr/bin/xauth"),
    (
        "gstreamer1.0-plugins-base",
        "/usr/lib/x86_64-linux-gnu/gstreamer-1.0/libgstplayback.so",
    ),
    (
        "gstreamer1.0-plugins-good",
        "/usr/lib/x86_64-linux-gnu/gstreamer-1.0/libgstisomp4.so",
    ),
    (
        "gstreamer1.0-plugins-bad",
        "/usr/lib/x86_64-linux-gnu/gstreamer-1.0/libgstaccurip.so",
    ),
    (
        "gstreamer1.0-libav",
        "/usr/lib/x86_64-linux-gnu/gstreamer-1.0/libgstlibav.so",
    ),
    (
        "gstreamer1.0-gl",
        "/usr/lib/x86_64-linux-gnu/gstreamer-1.0/libgstopengl.so",
    ),
];

pub fn all() -> Result<()> {
    check_wasm_bindgen_pin()?;
    wasm_target()?;
    debian()?;
    npm()?;
    Ok(())
}

/// The wasm-bindgen library this xtask links must be the version the Wasm crate uses, or the
/// generated glue does not match the module. Both versions come from Cargo.lock.
pub fn check_wasm_bindgen_pin() -> Result<()> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock")).context("reading Cargo.lock")?;
    let version_of = |name: &str| -> Option<String> {
        let mut lines = lock.lines();
        while let Some(l) = lines.next() {
            if l == format!("name = \"{name}\"") {
                return lines
                    .next()
                    .and_then(|v| v.strip_prefix("version = \""))
                    .map(|v| v.trim_end_matches('"').to_string());
            }
        }
        None
    };
    let lib = version_of("wasm-bindgen");
    let cli = version_of("wasm-bindgen-cli");
    if lib.is_none() || lib != cli {
        bail!(
            "wasm-bindgen {} (used by www) and wasm-bindgen-cli {} (linked by xtask) differ in \
             Cargo.lock; pin both to the same exact version in Cargo.toml and xtask/Cargo.toml",
            lib.unwrap_or_else(|| "?".into()),
            cli.unwrap_or_else(|| "?".into())
        );
    }
    Ok(())
}

fn wasm_target() -> Result<()> {
    let installed = output(Command::new("rustup").args(["target", "list", "--installed"]))
        .context("rustup is needed to add the wasm32 target")?;
    if !installed
        .lines()
        .any(|l| l.trim() == "wasm32-unknown-unknown")
    {
        run(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))?;
    }
    Ok(())
}

fn debian() -> Result<()> {
    let mut missing: Vec<&str> = DEBIAN
        .iter()
        .filter(|(_, file)| !Path::new(file).exists())
        .map(|(pkg, _)| *pkg)
        .collect();
    if !exists_on_path("node") || !exists_on_path("npm") {
        missing.extend(["nodejs", "npm"]);
    }
    if missing.is_empty() {
        return Ok(());
    }
    apt(&missing)
}

/// `apt-get install` of `packages` (through sudo when not root).
pub fn apt(packages: &[&str]) -> Result<()> {
    let sudo = !is_root() && exists_on_path("sudo");
    let apt = |args: &[&str]| {
        let mut c = if sudo {
            Command::new("sudo")
        } else {
            Command::new("apt-get")
        };
        if sudo {
            c.arg("apt-get");
        }
        c.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        c
    };
    eprintln!("xtask: installing Debian packages: {}", packages.join(" "));
    run(&mut apt(&["update", "-qq"]))?;
    let mut install = apt(&["install", "-y", "-qq", "--no-install-recommends"]);
    install.args(packages);
    run(&mut install)
}

fn is_root() -> bool {
    output(Command::new("id").arg("-u")).is_ok_and(|s| s.trim() == "0")
}

/// `npm ci` when node_modules is missing or older than the lockfile.
pub fn npm() -> Result<()> {
    let r = root();
    let stamp = r.join("node_modules/.package-lock.json");
    let lock = r.join("package-lock.json");
    let fresh = match (std::fs::metadata(&stamp), std::fs::metadata(&lock)) {
        (Ok(s), Ok(l)) => s.modified()? >= l.modified()?,
        _ => false,
    };
    if !fresh {
        run(Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1"))?;
    }
    Ok(())
}
