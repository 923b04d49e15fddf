// The lean viewer, side by side with the player a team would pick instead: video.js 8 with
// videojs-overlay 4 (from npm), on the same 30 fps sample clip with the same 500 tag timings
// (ten 4-second waves of 50). Written as JSON to the file given:
//  - main-thread cost per second of playback (script + style + layout, from CDP performance
//    metrics; layouts per second) for both, at 1× and at 4× CPU throttle;
//  - show/hide drift for both (presented frames from a boundary to the frame showing it);
//  - startup from a cold page load (bundle served compressed by the reference server):
//    mount() on a video with metadata → first tag in the DOM, positioned and focusable, and
//    → the frame that paints it, at 1× and 4×;
//  - tap → card painted when the shop module is not loaded yet (it is fetched by the tap).
// Usage: BASE_URL=http://127.0.0.1:PORT node tests/bench/lean.mjs OUT.json
import { chromium } from "@playwright/test";
import { launchOptions } from "../chromium.js";
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const base = process.env.BASE_URL;
const out = process.argv[2];
if (!base || !out) throw new Error("usage: BASE_URL=... node tests/bench/lean.mjs OUT.json");
const file = (p) => fileURLToPath(new URL(p, import.meta.url));
const bench = JSON.parse(readFileSync(file("../../www/dist/media/bench.manifest.json"), "utf8"));
const SECONDS = 20;

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] : NaN;
};

// One page per side, the same size, one video each; served on the server's origin (so our
// bundle loads as a page would load it), the peer's files from node_modules.
const PLAYER = "width: 960px; height: 540px";
const oursPage = `<!doctype html><html><head><meta charset="utf-8">
<link rel="stylesheet" href="/overlay.css">
<style>body{margin:0} .player{position:relative;${PLAYER}} video{width:100%;height:100%;display:block}</style>
</head><body><div class="player"><video id="v" src="/media/demo.mp4" muted playsinline controls preload="auto"></video></div>
<script type="module">
import init, { mount } from "/pkg/www.js";
window.bench = { init, mount };
window.benchReady = true;
</script></body></html>`;
const peerPage = `<!doctype html><html><head><meta charset="utf-8">
<link rel="stylesheet" href="/peer/video-js.min.css"><link rel="stylesheet" href="/peer/videojs-overlay.css">
<style>body{margin:0}</style>
</head><body><video id="v" class="video-js" src="/media/demo.mp4" muted playsinline controls preload="auto" style="${PLAYER}"></video>
<script src="/peer/video.min.js"></script><script src="/peer/videojs-overlay.min.js"></script>
<script>window.benchReady = true;</script></body></html>`;
const peerFiles = {
  "/peer/video.min.js": file("../../node_modules/video.js/dist/video.min.js"),
  "/peer/video-js.min.css": file("../../node_modules/video.js/dist/video-js.min.css"),
  "/peer/videojs-overlay.min.js": file("../../node_modules/videojs-overlay/dist/videojs-overlay.min.js"),
  "/peer/videojs-overlay.css": file("../../node_modules/videojs-overlay/dist/videojs-overlay.css"),
};

async function open(context, which) {
  const page = await context.newPage();
  await page.route(`${base}/bench-*.html`, (r) =>
    r.fulfill({ contentType: "text/html", body: which === "ours" ? oursPage : peerPage }),
  );
  await page.route(`${base}/peer/**`, (r) => {
    const path = new URL(r.request().url()).pathname;
    const type = path.endsWith(".css") ? "text/css" : "text/javascript";
    r.fulfill({ contentType: type, body: readFileSync(peerFiles[path]) });
  });
  await page.goto(`${base}/bench-${which}.html`);
  await page.waitForFunction(() => window.benchReady && document.querySelector("video")?.readyState >= 2);
  return page;
}

/// Starts the overlay (ours: mount with the bench manifest; peer: the plugin with the same
/// timings, one overlay per tag) and returns once it is up.
async function start(page, which) {
  if (which === "ours") {
    await page.evaluate(async (manifest) => {
      await window.bench.init();
      window.handle = window.bench.mount(document.querySelector("video"), { manifest: JSON.stringify(manifest) });
    }, bench);
  } else {
    await page.evaluate((tags) => {
      const player = window.videojs("v");
      player.overlay({
        overlays: tags.map((t) => ({
          start: t.start,
          end: t.end,
          content: `<span data-tag-id="${t.id}">${t.product}</span>`,
          align: "top-left",
          showBackground: true,
        })),
      });
      window.player = player;
    }, bench.tags);
  }
}

/// Main-thread cost over SECONDS of playback from the start of the clip.
async function cost(which, throttle) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await open(context, which);
  await start(page, which);
  const cdp = await context.newCDPSession(page);
  await cdp.send("Performance.enable");
  if (throttle > 1) await cdp.send("Emulation.setCPUThrottlingRate", { rate: throttle });
  await page.evaluate(async () => {
    const v = document.querySelector("video");
    v.currentTime = 0;
    await new Promise((r) => setTimeout(r, 300));
    await v.play();
    await new Promise((r) => setTimeout(r, 1000)); // past the first frames and the first wave
  });
  const metrics = async () =>
    Object.fromEntries((await cdp.send("Performance.getMetrics")).metrics.map((m) => [m.name, m.value]));
  const a = await metrics();
  const t0 = Date.now();
  await page.waitForTimeout(SECONDS * 1000);
  const b = await metrics();
  const wall = (Date.now() - t0) / 1000;
  const frames = await page.evaluate(() => document.querySelector("video").getVideoPlaybackQuality?.().totalVideoFrames ?? null);
  await context.close();
  const d = (k) => ((b[k] ?? 0) - (a[k] ?? 0));
  const per = (k) => (d(k) * 1000) / wall; // seconds of work per second → ms/s
  const script = per("ScriptDuration");
  const style = per("RecalcStyleDuration");
  const layout = per("LayoutDuration");
  return {
    throttle,
    seconds: wall,
    script_ms_s: script,
    style_ms_s: style,
    layout_ms_s: layout,
    main_ms_s: script + style + layout,
    layouts_s: d("LayoutCount") / wall,
    style_recalcs_s: d("RecalcStyleCount") / wall,
    frames_decoded: frames,
  };
}

/// Drift: on every presented frame, which tags show; per boundary, frames from due to shown.
async function drift(which) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await open(context, which);
  await start(page, which);
  const frames = await page.evaluate(async ({ which, seconds }) => {
    const v = document.querySelector("video");
    v.pause();
    v.currentTime = 0;
    await new Promise((r) => v.addEventListener("seeked", r, { once: true }));
    const visible =
      which === "ours"
        ? () => [...document.querySelectorAll(".so-tag:not([hidden])")].map((b) => b.dataset.tagId)
        : () =>
            [...document.querySelectorAll(".vjs-overlay:not(.vjs-hidden) [data-tag-id]")].map((s) => s.dataset.tagId);
    // What a frame paints is the tags' state after every callback of that frame, ours and
    // this recorder's, in whatever order they run: video frame callbacks run before the
    // frame's animation frame callbacks, so a rAF loop reads the state each frame paints, and
    // the recorder's frame callback gives that frame's media time (both get the frame's time).
    const media = new Map(); // frame time → media time
    const painted = new Map(); // frame time → ids
    let stop = false;
    const step = (now, meta) => {
      media.set(now, meta.mediaTime);
      if (!stop) v.requestVideoFrameCallback(step);
    };
    const paint = (now) => {
      painted.set(now, visible());
      if (!stop) requestAnimationFrame(paint);
    };
    v.requestVideoFrameCallback(step);
    requestAnimationFrame(paint);
    await v.play();
    await new Promise((r) => setTimeout(r, seconds * 1000));
    stop = true;
    v.pause();
    return [...media].filter(([now]) => painted.has(now)).map(([now, t]) => ({ t, ids: painted.get(now) }));
  }, { which, seconds: SECONDS });
  await context.close();
  const FRAME = 1 / 30;
  const end = frames.length ? frames[frames.length - 1].t : 0;
  const d = [];
  for (const tag of bench.tags) {
    for (const [kind, at] of [["show", tag.start], ["hide", tag.end]]) {
      if (at <= 0.05 || at >= end - 1) continue;
      const due = frames.find((f) => f.t >= at - 1e-6);
      if (!due) continue;
      const done = frames.find((f) => f.t >= due.t && (kind === "show" ? f.ids.includes(tag.id) : !f.ids.includes(tag.id)));
      if (!done) continue;
      d.push(Math.round((done.t - due.t) / FRAME));
    }
  }
  return { presented_frames: frames.length, boundaries: d.length, p50_frames: pct(d, 50), p99_frames: pct(d, 99), max_frames: Math.max(...d) };
}

/// Cold page load (a fresh context: nothing cached), the bundle over HTTP from the reference
/// server with Content-Encoding; then mount() on the video with metadata loaded → the first tag
/// in the DOM, positioned and focusable (synchronously, inside mount) and → painted.
async function startup(throttle, runs = 10) {
  const rows = [];
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    if (throttle > 1) await cdp.send("Emulation.setCPUThrottlingRate", { rate: throttle });
    const encodings = {};
    page.on("response", async (r) => {
      const u = new URL(r.url()).pathname;
      if (u.startsWith("/pkg/")) encodings[u] = (await r.allHeaders())["content-encoding"] || "identity";
    });
    await page.route(`${base}/bench-*.html`, (r) => r.fulfill({ contentType: "text/html", body: oursPage }));
    await page.goto(`${base}/bench-ours.html`);
    const row = await page.evaluate(async (manifest) => {
      const text = JSON.stringify(manifest);
      const v = document.querySelector("video");
      if (v.readyState < 1) await new Promise((r) => v.addEventListener("loadedmetadata", r, { once: true }));
      while (!window.benchReady) await new Promise((r) => setTimeout(r, 5));
      const i0 = performance.now();
      await window.bench.init();
      const i1 = performance.now();
      const t0 = performance.now();
      const h = window.bench.mount(v, { manifest: text });
      const tag = document.querySelector(".so-tag:not([hidden])");
      const t1 = performance.now();
      const ok = !!tag && tag.tabIndex === 0 && tag.style.transform.startsWith("translate(") && tag.isConnected;
      await new Promise((r) => requestAnimationFrame(() => r()));
      const t2 = performance.now();
      h.destroy();
      return { init_ms: i1 - i0, mount_to_tag_ms: t1 - t0, mount_to_paint_ms: t2 - t0, tag_ok: ok, nav_to_init_ms: i1 };
    }, bench);
    row.encodings = encodings;
    rows.push(row);
    await context.close();
  }
  const col = (k) => rows.map((r) => r[k]);
  return {
    throttle,
    runs,
    all_tags_ok: rows.every((r) => r.tag_ok),
    encodings: rows[0].encodings,
    init_p50_ms: pct(col("init_ms"), 50),
    mount_to_tag_p50_ms: pct(col("mount_to_tag_ms"), 50),
    mount_to_tag_max_ms: Math.max(...col("mount_to_tag_ms")),
    mount_to_paint_p50_ms: pct(col("mount_to_paint_ms"), 50),
    mount_to_paint_max_ms: Math.max(...col("mount_to_paint_ms")),
  };
}

/// Tap → card painted, on the demo page, before the shop module has been fetched (the tap
/// fetches it) — a fresh context each time, so nothing is cached.
async function coldTap(runs = 8) {
  const ms = [];
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    // Hold the idle prefetch back until the tap, so the tap is what fetches the shop.
    let release;
    const held = new Promise((r) => (release = r));
    let tapped = false;
    await page.route(/\/pkg\/shop\/shop\.js/, async (route) => {
      if (!tapped) await held;
      await route.continue();
    });
    await page.goto(`${base}/?only=main`);
    await page.waitForFunction(() => window.shoppable?.ready && document.getElementById("main").readyState >= 2);
    await page.evaluate(async () => {
      const v = document.getElementById("main");
      v.pause();
      v.currentTime = 7;
      await new Promise((r) => v.addEventListener("seeked", r, { once: true }));
      window.__clickAt = 0;
      document.addEventListener("click", (e) => (window.__clickAt = e.timeStamp), true);
    });
    const box = await page.locator('.so-tag[data-tag-id="t-watch"]').boundingBox();
    const painted = page.evaluate(
      () =>
        new Promise((resolve) => {
          const mo = new MutationObserver(() => {
            if (document.querySelector(".so-card .so-price")) {
              mo.disconnect();
              requestAnimationFrame(() => resolve(performance.now() - window.__clickAt));
            }
          });
          mo.observe(document.body, { subtree: true, childList: true });
        }),
    );
    tapped = true;
    release();
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    ms.push(await painted);
    await context.close();
  }
  return { n: ms.length, p50_ms: pct(ms, 50), max_ms: Math.max(...ms) };
}

const browser = await chromium.launch(launchOptions);
const result = { clip: "media/demo.mp4 (30 fps)", tags: bench.tags.length, seconds: SECONDS, cost: {}, drift: {} };
// LEAN_ONLY=cost,drift,startup,tap runs a part (while working on one).
const only = (part) => !process.env.LEAN_ONLY || process.env.LEAN_ONLY.split(",").includes(part);
if (only("cost")) {
  for (const throttle of [1, 4]) {
    for (const which of ["ours", "peer"]) {
      result.cost[`${which}_${throttle}x`] = await cost(which, throttle);
    }
  }
}
if (only("drift")) for (const which of ["ours", "peer"]) result.drift[which] = await drift(which);
if (only("startup")) result.startup = { x1: await startup(1), x4: await startup(4) };
if (only("tap")) result.cold_tap = await coldTap();
await browser.close();
writeFileSync(out, JSON.stringify(result, null, 2));
console.log(JSON.stringify(result, null, 2));
