// Browser benchmarks on the real demo page, written as JSON to the file given:
//  - per-frame overlay script time with 50 visible tags out of 500, all moving;
//  - show/hide drift against the cue's frame over the whole sample video at 1×;
//  - tap → product card painted, and add-to-cart tap → optimistic badge painted, against the
//    real commerce API (time from the click event to the first animation frame after the
//    change is in the DOM);
//  - the overlay's estimate of the server clock with the device clock off by ±1 h.
// Usage: BASE_URL=http://127.0.0.1:PORT node tests/bench/browser.mjs OUT.json
import { chromium } from "@playwright/test";
import { launchOptions } from "../chromium.js";
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { shiftDate } from "../clock.js";

const base = process.env.BASE_URL;
const out = process.argv[2];
if (!base || !out) throw new Error("usage: BASE_URL=... node tests/bench/browser.mjs OUT.json");
const manifest = JSON.parse(
  readFileSync(fileURLToPath(new URL("../../www/static/media/demo.manifest.json", import.meta.url)), "utf8"),
);

const browser = await chromium.launch(launchOptions);

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] : NaN;
};

async function ready(page, query) {
  await page.goto(`${base}/${query}`);
  await page.waitForFunction(() => window.shoppable?.ready);
  await page.waitForFunction(() => document.getElementById("main").readyState >= 2);
}

// 1. Per-frame script time, 50 visible of 500.
const frame = {};
{
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await ready(page, "?only=main&measure&manifest=media/bench.manifest.json");
  const times = await page.evaluate(async () => {
    const v = document.getElementById("main");
    const h = window.shoppable.handles.get("main");
    v.currentTime = 0;
    await v.play();
    h.takeFrameTimes();
    const shown0 = v.getVideoPlaybackQuality().totalVideoFrames;
    await new Promise((r) => setTimeout(r, 30000));
    const presented = v.getVideoPlaybackQuality().totalVideoFrames - shown0;
    const visible = v.nextElementSibling.querySelectorAll(".so-tag:not(.so-tag--hidden):not(.so-tag--soon)").length;
    v.pause();
    return { samples: Array.from(h.takeFrameTimes()), presented, visible, exact: h.exactFrames() };
  });
  // The overlay runs only on frames around a change (the browser moves the tags between):
  // every other presented frame costs it nothing.
  const perFrame = [...times.samples, ...new Array(Math.max(0, times.presented - times.samples.length)).fill(0)];
  Object.assign(frame, {
    frames: times.presented,
    callbacks: times.samples.length,
    visible_at_end: times.visible,
    exact_frames: times.exact,
    p50_ms: pct(perFrame, 50),
    p95_ms: pct(perFrame, 95),
    p99_ms: pct(perFrame, 99),
    callback_p50_ms: pct(times.samples, 50),
    max_ms: Math.max(...times.samples),
  });
  await page.close();
}

// 2. Drift: on every presented frame, which tags it paints, against which should show.
const drift = {};
{
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await ready(page, "?only=main");
  const frames = await page.evaluate(async () => {
    const v = document.getElementById("main");
    v.pause();
    v.loop = false;
    v.currentTime = 0;
    await new Promise((r) => v.addEventListener("seeked", r, { once: true }));
    // Video frame callbacks (the overlay's and this one) run before the frame's animation
    // frame callbacks: a rAF loop reads what each frame paints, whatever order the frame
    // callbacks ran in; this frame callback gives the frame's media time (same frame time).
    const media = new Map();
    const painted = new Map();
    let stop = false;
    const step = (now, meta) => {
      media.set(now, meta.mediaTime);
      if (!stop) v.requestVideoFrameCallback(step);
    };
    const paint = (now) => {
      painted.set(now, [...v.nextElementSibling.querySelectorAll(".so-tag:not(.so-tag--hidden)")].filter((b) => getComputedStyle(b).opacity > 0.5).map((b) => b.dataset.tagId));
      if (!stop) requestAnimationFrame(paint);
    };
    v.requestVideoFrameCallback(step);
    requestAnimationFrame(paint);
    await v.play();
    await new Promise((r) => v.addEventListener("ended", r, { once: true }));
    stop = true;
    return [...media].filter(([now]) => painted.has(now)).map(([now, t]) => ({ t, ids: painted.get(now) }));
  });
  const FRAME = 1 / 30;
  const events = [];
  for (const tag of manifest.tags) {
    for (const [kind, at] of [["show", tag.start], ["hide", tag.end]]) {
      // The first presented frame at or after the boundary should already show the change.
      const due = frames.find((f) => f.t >= at - 1e-6);
      if (!due) continue;
      const done = frames.find((f) => f.t >= due.t && (kind === "show" ? f.ids.includes(tag.id) : !f.ids.includes(tag.id)));
      if (!done) continue;
      events.push({ id: tag.id, kind, frames: Math.round((done.t - due.t) / FRAME) });
    }
  }
  const d = events.map((e) => e.frames);
  Object.assign(drift, {
    presented_frames: frames.length,
    boundaries: events.length,
    p50_frames: pct(d, 50),
    p99_frames: pct(d, 99),
    max_frames: Math.max(...d),
    late: events.filter((e) => e.frames > 0),
  });
  await page.close();
}

// 3. Interaction latency: tap → card, add → badge.
const interaction = {};
{
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await ready(page, "?only=main");
  await page.evaluate(async () => {
    const v = document.getElementById("main");
    v.pause();
    v.currentTime = 7;
    await new Promise((r) => v.addEventListener("seeked", r, { once: true }));
    window.__clickAt = 0;
    document.addEventListener("click", (e) => (window.__clickAt = e.timeStamp), true);
    // Resolves in the first animation frame after pred() holds: the frame that paints it.
    window.__until = (pred) =>
      new Promise((resolve) => {
        const done = () => requestAnimationFrame(() => resolve(performance.now() - window.__clickAt));
        if (pred()) return done();
        const mo = new MutationObserver(() => {
          if (pred()) {
            mo.disconnect();
            done();
          }
        });
        mo.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
      });
  });
  await page.waitForSelector('.so-tag[data-tag-id="t-watch"]');
  const box = await page.locator('.so-tag[data-tag-id="t-watch"]').boundingBox();
  const tap = [];
  const add = [];
  const ROUNDS = 40;
  for (let i = 0; i < ROUNDS; i++) {
    const card = page.evaluate(() => window.__until(() => document.querySelector(".so-card .so-price")));
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    tap.push(await card);
    const badge = page.evaluate(() => window.__until(() => document.querySelector(".so-cart-count")?.textContent === "1"));
    await page.locator(".so-add").click();
    add.push(await badge);
    // Back to an empty cart (not timed), so every round adds the first item.
    await page.keyboard.press("Escape");
    await page.locator(".so-cart-button").click();
    await page.locator(".so-line-remove").click();
    await page.locator(".so-drawer[aria-busy='false']").waitFor();
    await page.keyboard.press("Escape");
    await page.locator(".so-drawer").waitFor({ state: "detached" });
  }
  const stats = (xs) => ({ n: xs.length, p50_ms: pct(xs, 50), p75_ms: pct(xs, 75), p95_ms: pct(xs, 95), max_ms: Math.max(...xs) });
  Object.assign(interaction, { tap_to_card: stats(tap), add_to_badge: stats(add) });
  await page.close();
}

// 4. The server clock under device-clock skew: the overlay's estimate of the server's time
// against the server's own answer (bracketed by the request's round-trip), with every Date in
// the page shifted by −1 h, 0 and +1 h. Countdowns show whole seconds from this estimate.
const clock = [];
for (const shift of [-3_600_000, 0, 3_600_000]) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript(shiftDate, shift);
  const page = await context.newPage();
  await ready(page, "?only=main");
  await page.waitForFunction(() => window.shoppable.handles.get("main").serverNow() != null);
  const errors = await page.evaluate(async () => {
    const h = window.shoppable.handles.get("main");
    const out = [];
    for (let i = 0; i < 20; i++) {
      const a = performance.now();
      const { now_ms } = await (await fetch("/api/time")).json();
      const b = performance.now();
      out.push(h.serverNow() - (now_ms + (b - a) / 2));
      await new Promise((r) => setTimeout(r, 100));
    }
    return out;
  });
  const abs = errors.map(Math.abs);
  clock.push({ shift_ms: shift, samples: abs.length, p50_abs_ms: pct(abs, 50), max_abs_ms: Math.max(...abs) });
  await context.close();
}

await browser.close();
writeFileSync(out, JSON.stringify({ frame, drift, interaction, clock }, null, 2));
