// The two sides every frame-loop comparison plays: this overlay (its bundle from the reference
// server, as a page loads it) and the player a team would pick instead, video.js 8 with
// videojs-overlay 4 (from npm), on one 960×540 player over the same sample clip; and the
// manifest's tag timings given to both.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const file = (p) => fileURLToPath(new URL(p, import.meta.url));

const PLAYER = "width: 960px; height: 540px";
export const oursPage = `<!doctype html><html><head><meta charset="utf-8">
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

/// A page of `which` side ("ours" or "peer") on the server at `base`, its video's first frame
/// loaded.
export async function open(context, base, which) {
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

/// Starts the overlay on `page` (ours: mount with `manifest`; the peer: the plugin with the
/// same timings, one overlay per tag, showing the tag's label or, unlabelled, an empty dot)
/// and returns once it is up.
export async function start(page, which, manifest) {
  if (which === "ours") {
    await page.evaluate(async (manifest) => {
      await window.bench.init();
      window.handle = window.bench.mount(document.querySelector("video"), { manifest: JSON.stringify(manifest) });
    }, manifest);
  } else {
    await page.evaluate((tags) => {
      const player = window.videojs("v");
      const text = (s) => String(s).replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
      player.overlay({
        overlays: tags.map((t) => ({
          start: t.start,
          end: t.end,
          content: `<span data-tag-id="${text(t.id)}">${t.label ? text(t.label) : ""}</span>`,
          align: "top-left",
          showBackground: true,
        })),
      });
      window.player = player;
    }, manifest.tags);
  }
}

/// What each side's shown tags match (ours: and painted, by their opacity: the browser shows
/// and hides them on its own clock); every one carries its tag's id in `data-tag-id`.
const SHOWN = {
  ours: ".so-tag:not(.so-tag--hidden)",
  peer: ".vjs-overlay:not(.vjs-hidden) [data-tag-id]",
};

/// The `p`th percentile of `xs` (nearest rank).
export const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] : NaN;
};

const VIEWPORT = { viewport: { width: 1280, height: 800 } };

/// Main-thread cost of `which` side with `manifest` over `seconds` of playback from `from`
/// (media seconds; a second of it played first, past the first frames), at `throttle`× CPU:
/// script + style + layout per second of playback from CDP performance metrics.
export async function cost(browser, base, { which, throttle, manifest, seconds, from = 0 }) {
  const context = await browser.newContext(VIEWPORT);
  const page = await open(context, base, which);
  await start(page, which, manifest);
  const cdp = await context.newCDPSession(page);
  await cdp.send("Performance.enable");
  if (throttle > 1) await cdp.send("Emulation.setCPUThrottlingRate", { rate: throttle });
  await page.evaluate(async (from) => {
    const v = document.querySelector("video");
    v.currentTime = from;
    await new Promise((r) => setTimeout(r, 300));
    await v.play();
    await new Promise((r) => setTimeout(r, 1000));
  }, from);
  const metrics = async () =>
    Object.fromEntries((await cdp.send("Performance.getMetrics")).metrics.map((m) => [m.name, m.value]));
  const a = await metrics();
  const t0 = Date.now();
  const m0 = await page.evaluate(() => document.querySelector("video").currentTime);
  await page.waitForTimeout(seconds * 1000);
  const m1 = await page.evaluate(() => document.querySelector("video").currentTime);
  const b = await metrics();
  const wall = (Date.now() - t0) / 1000;
  await context.close();
  const d = (k) => (b[k] ?? 0) - (a[k] ?? 0);
  const per = (k) => (d(k) * 1000) / wall; // seconds of work per second → ms/s
  const script = per("ScriptDuration");
  const style = per("RecalcStyleDuration");
  const layout = per("LayoutDuration");
  return {
    throttle,
    seconds: wall,
    media: [m0, m1],
    script_ms_s: script,
    style_ms_s: style,
    layout_ms_s: layout,
    main_ms_s: script + style + layout,
    layouts_s: d("LayoutCount") / wall,
    style_recalcs_s: d("RecalcStyleCount") / wall,
  };
}

/// Drift: on every presented frame over `seconds` of playback from `from`, which tags show;
/// per boundary of `manifest` in that span, presented frames from due to shown (or hidden).
export async function drift(browser, base, { which, manifest, seconds, from = 0, throttle = 1 }) {
  const context = await browser.newContext(VIEWPORT);
  const page = await open(context, base, which);
  await start(page, which, manifest);
  if (throttle > 1) {
    const cdp = await context.newCDPSession(page);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: throttle });
  }
  const frames = await page.evaluate(
    async ({ selector, seconds, from }) => {
      const v = document.querySelector("video");
      const shown = () => [...document.querySelectorAll(selector)].filter((b) => getComputedStyle(b).opacity > 0.5).map((b) => b.dataset.tagId);
      v.pause();
      v.currentTime = from;
      await new Promise((r) => v.addEventListener("seeked", r, { once: true }));
      // What a frame paints is the tags' state after every callback of that frame, ours and
      // this recorder's, in whatever order they run: video frame callbacks run before the
      // frame's animation frame callbacks, so a rAF loop reads the state each frame paints,
      // and the recorder's frame callback gives that frame's media time (both get the
      // frame's time).
      const media = new Map(); // frame time → media time
      const painted = new Map(); // frame time → ids
      let stop = false;
      const step = (now, meta) => {
        media.set(now, meta.mediaTime);
        if (!stop) v.requestVideoFrameCallback(step);
      };
      const paint = (now) => {
        painted.set(now, shown());
        if (!stop) requestAnimationFrame(paint);
      };
      v.requestVideoFrameCallback(step);
      requestAnimationFrame(paint);
      await v.play();
      await new Promise((r) => setTimeout(r, seconds * 1000));
      stop = true;
      v.pause();
      return [...media].filter(([now]) => painted.has(now)).map(([now, t]) => ({ t, ids: painted.get(now) }));
    },
    { selector: SHOWN[which], seconds, from },
  );
  await context.close();
  const FRAME = 1 / 30;
  const first = frames.length ? frames[0].t : 0;
  const end = frames.length ? frames[frames.length - 1].t : 0;
  const d = [];
  for (const tag of manifest.tags) {
    for (const [kind, at] of [["show", tag.start], ["hide", tag.end]]) {
      if (at <= first + 0.05 || at >= end - 1) continue;
      const due = frames.find((f) => f.t >= at - 1e-6);
      if (!due) continue;
      const done = frames.find(
        (f) => f.t >= due.t && (kind === "show" ? f.ids.includes(tag.id) : !f.ids.includes(tag.id)),
      );
      if (!done) continue;
      d.push(Math.round((done.t - due.t) / FRAME));
    }
  }
  return {
    presented_frames: frames.length,
    boundaries: d.length,
    p50_frames: pct(d, 50),
    p99_frames: pct(d, 99),
    max_frames: d.length ? Math.max(...d) : NaN,
  };
}
