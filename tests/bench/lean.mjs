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
import { cost, drift, oursPage, pct } from "./sides.mjs";
import { manifest as family } from "./families.mjs";

const base = process.env.BASE_URL;
const out = process.argv[2];
if (!base || !out) throw new Error("usage: BASE_URL=... node tests/bench/lean.mjs OUT.json");
const file = (p) => fileURLToPath(new URL(p, import.meta.url));
const bench = JSON.parse(readFileSync(file("../../www/dist/media/bench.manifest.json"), "utf8"));
const SECONDS = 20;

/// A fresh browser context (nothing cached) and its page, at `throttle`× CPU.
async function coldPage(throttle) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  if (throttle > 1) await cdp.send("Emulation.setCPUThrottlingRate", { rate: throttle });
  return { context, page };
}

/// Cold page load (a fresh context: nothing cached), the bundle over HTTP from the reference
/// server with Content-Encoding; then mount() with `manifest` on the video with metadata loaded
/// (at media time `at`) → the first tag in the DOM, positioned and focusable (synchronously,
/// inside mount) and → painted.
async function startup(throttle, manifest = bench, at = 0, runs = 10) {
  const rows = [];
  for (let i = 0; i < runs; i++) {
    const { context, page } = await coldPage(throttle);
    const encodings = {};
    page.on("response", async (r) => {
      const u = new URL(r.url()).pathname;
      if (u.startsWith("/pkg/")) encodings[u] = (await r.allHeaders())["content-encoding"] || "identity";
    });
    await page.route(`${base}/bench-*.html`, (r) => r.fulfill({ contentType: "text/html", body: oursPage }));
    await page.goto(`${base}/bench-ours.html`);
    const row = await page.evaluate(async ([manifest, at]) => {
      const text = JSON.stringify(manifest);
      const v = document.querySelector("video");
      if (v.readyState < 1) await new Promise((r) => v.addEventListener("loadedmetadata", r, { once: true }));
      if (at > 0) {
        v.currentTime = at;
        await new Promise((r) => v.addEventListener("seeked", r, { once: true }));
      }
      while (!window.benchReady) await new Promise((r) => setTimeout(r, 5));
      const i0 = performance.now();
      await window.bench.init();
      const i1 = performance.now();
      const t0 = performance.now();
      const h = window.bench.mount(v, { manifest: text });
      const tag = document.querySelector(".so-tag:not(.so-tag--hidden):not(.so-tag--soon)");
      const t1 = performance.now();
      const ok = !!tag && tag.tabIndex === 0 && tag.style.transform.startsWith("translate(") && tag.isConnected;
      await new Promise((r) => requestAnimationFrame(() => r()));
      const t2 = performance.now();
      h.destroy();
      return { init_ms: i1 - i0, mount_to_tag_ms: t1 - t0, mount_to_paint_ms: t2 - t0, tag_ok: ok, nav_to_init_ms: i1 };
    }, [manifest, at]);
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

/// Mounted before the video has its metadata (no source yet), then the source given and the
/// video seeked to `at`: on the first presented frame (its media time from the frame callback),
/// are the tags shown exactly the ones active then?
async function beforeMetadata(manifest, at, throttle = 4, runs = 6) {
  const rows = [];
  for (let i = 0; i < runs; i++) {
    const { context, page } = await coldPage(throttle);
    await page.route(`${base}/bench-*.html`, (r) =>
      r.fulfill({ contentType: "text/html", body: oursPage.replace(' src="/media/demo.mp4"', "") }),
    );
    await page.goto(`${base}/bench-ours.html`);
    await page.waitForFunction(() => window.benchReady);
    const row = await page.evaluate(
      async ([manifest, at]) => {
        await window.bench.init();
        const v = document.querySelector("video");
        const h = window.bench.mount(v, { manifest: JSON.stringify(manifest) });
        const first = new Promise((resolve) =>
          v.requestVideoFrameCallback((now, meta) =>
            requestAnimationFrame(() =>
              resolve({
                t: meta.mediaTime,
                ids: [...document.querySelectorAll(".so-tag:not(.so-tag--hidden)")].filter((b) => getComputedStyle(b).opacity > 0.5).map((b) => b.dataset.tagId).sort(),
              }),
            ),
          ),
        );
        v.src = "/media/demo.mp4";
        v.currentTime = at;
        const f = await first;
        h.destroy();
        return f;
      },
      [manifest, at],
    );
    const want = manifest.tags.filter((g) => g.start <= row.t && row.t < g.end).map((g) => g.id).sort();
    rows.push({ ...row, want, exact: JSON.stringify(want) === JSON.stringify(row.ids) });
    await context.close();
  }
  return { throttle, runs, exact: rows.filter((r) => r.exact).length, shown: rows.map((r) => r.ids.length), wanted: rows.map((r) => r.want.length) };
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
      result.cost[`${which}_${throttle}x`] = await cost(browser, base, { which, throttle, manifest: bench, seconds: SECONDS });
    }
  }
}
if (only("drift")) for (const which of ["ours", "peer"]) {
    result.drift[which] = await drift(browser, base, { which, manifest: bench, seconds: SECONDS });
  }
if (only("startup")) {
  result.startup = { x1: await startup(1), x4: await startup(4) };
  // The first tag on the shapes: 500 and 20 labelled tags spread evenly, at 6 s.
  const labelled = (n) => family({ shape: "even", moving: false, labelled: true, n, seed: 1 });
  result.first_tag = [];
  for (const n of [500, 20]) {
    result.first_tag.push({ tags: n, x1: await startup(1, labelled(n), 6), x4: await startup(4, labelled(n), 6) });
  }
  result.before_metadata = await beforeMetadata(labelled(500), 6);
}
if (only("tap")) result.cold_tap = await coldTap();
await browser.close();
writeFileSync(out, JSON.stringify(result, null, 2));
console.log(JSON.stringify(result, null, 2));
