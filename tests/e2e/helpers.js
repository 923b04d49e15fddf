// Shared steps of the end-to-end tests: open the demo, seek, record frames, compare.
import { expect } from "@playwright/test";
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expected, snapshotInPage } from "./oracle.js";
import { positionAt } from "../path.js";

export const SHOTS = fileURLToPath(new URL("../screenshots/", import.meta.url));
mkdirSync(SHOTS, { recursive: true });

/// Opens the demo and waits until the overlay is mounted and the videos have metadata.
export async function open(page, query = "") {
  const problems = [];
  page.on("pageerror", (e) => problems.push(e.message));
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(m.text());
  });
  // The measuring function, installed the way Playwright injects scripts (exempt from CSP).
  await page.addInitScript({ content: `window.__snap = ${snapshotInPage.toString()};` });
  await page.goto(`/${query}`);
  await page.waitForFunction(() => window.shoppable?.ready || window.shoppable?.errors.length > 0);
  await page.waitForFunction(() =>
    [...document.querySelectorAll("video[data-shoppable]")].every((v) => v.readyState >= 2),
  );
  return problems;
}

/// Pauses every video at media time t and waits for the frame to be presented.
export async function seekAll(page, t) {
  await page.evaluate(async (t) => {
    const vids = [...document.querySelectorAll("video[data-shoppable]")];
    await Promise.all(
      vids.map(
        (v) =>
          new Promise((resolve) => {
            v.pause();
            v.requestVideoFrameCallback(() => resolve());
            v.currentTime = t;
          }),
      ),
    );
  }, t);
  // One more rendering step, so the overlay's own frame callback has run too.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

export async function snapshot(page, id) {
  // Two rendering steps first: a control the shop just put in a corner has been measured and
  // the tags under it moved (a ResizeObserver reports before the paint after its layout).
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  return page.evaluate(snapshotInPage, id);
}

/// Every tag of a snapshot is where the oracle puts it (within tolerance px), and the visible
/// set equals the active, uncropped set.
export function expectPlaced(snap, activeIds, tolerance = 2) {
  const visible = snap.tags.filter((g) => !g.hidden);
  const want = activeIds.filter((id) => expected(snap, id, snap.t).inside).sort();
  expect(visible.map((g) => g.id).sort()).toEqual(want);
  for (const g of visible) {
    const e = expected(snap, g.id, snap.t);
    expect.soft(Math.abs(g.x - e.x), `${g.id} x at t=${snap.t}`).toBeLessThanOrEqual(tolerance);
    expect.soft(Math.abs(g.y - e.y), `${g.id} y at t=${snap.t}`).toBeLessThanOrEqual(tolerance);
    expect.soft(g.w, `${g.id} tap target`).toBeGreaterThanOrEqual(24);
    expect.soft(g.h, `${g.id} tap target`).toBeGreaterThanOrEqual(24);
    expect.soft(g.name, `${g.id} accessible name`).toBeTruthy();
  }
  return visible;
}

/// Records, on every presented frame of video `id`, its media time and its tags, in a frame
/// callback registered after the overlay's (so it sees what that frame shows).
export async function startRecording(page, id) {
  await page.evaluate(
    (id) => {
      const fn = window.__snap;
      const v = document.getElementById(id);
      // Video frame callbacks (the overlay's and this one) run before the frame's animation
      // frame callbacks: a rAF loop snapshots what each frame paints, whatever order the frame
      // callbacks ran in; this frame callback gives the frame's media time (same frame time).
      window.__rec = { frames: [], media: new Map(), stop: false };
      const step = (now, meta) => {
        window.__rec.media.set(now, meta.mediaTime);
        if (!window.__rec.stop) v.requestVideoFrameCallback(step);
      };
      const paint = (now) => {
        const t = window.__rec.media.get(now);
        if (t !== undefined) {
          const s = fn(id);
          s.t = t;
          window.__rec.frames.push(s);
        }
        if (!window.__rec.stop) requestAnimationFrame(paint);
      };
      v.requestVideoFrameCallback(step);
      requestAnimationFrame(paint);
    },
    id,
  );
}

export async function stopRecording(page) {
  return page.evaluate(() => {
    window.__rec.stop = true;
    return window.__rec.frames;
  });
}

/// The middle of a tag's span.
export const middle = (tag) => (tag.start + tag.end) / 2;

/// The tag lowest in the picture at its own middle moment, with that `y` (the sample's camera
/// pans, so every tag moves a little).
export function lowestTag(manifest) {
  return manifest.tags
    .map((t) => ({ ...t, y: positionAt(t, middle(t))[1] }))
    .sort((a, b) => b.y - a.y)[0];
}

/// Opens the card of `product` by pausing in the middle of its longest-shown tag and tapping it.
export async function openCard(page, product) {
  const manifest = await (await page.request.get("/media/demo.manifest.json")).json();
  const tag = manifest.tags
    .filter((t) => t.product === product)
    .sort((a, b) => b.end - b.start - (a.end - a.start))[0];
  await seekAll(page, middle(tag));
  await page.locator(`#main ~ .so-root .so-tag[data-tag-id="${tag.id}"]`).click();
  await expect(page.locator(".so-card .so-price")).toBeVisible();
  return tag.id;
}

/// Collects the page's uncaught errors and console errors.
export function watchErrors(page) {
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  return errors;
}

/// Pauses the video with this id at media time t and waits for that frame to be presented
/// (at once if it is there already: no new frame would come), then one more rendering step.
export async function seekVideo(page, id, t) {
  await page.evaluate(
    ([id, t]) =>
      new Promise((resolve) => {
        const v = document.getElementById(id);
        v.pause();
        if (Math.abs(v.currentTime - t) < 0.001) return resolve();
        v.requestVideoFrameCallback(() => resolve());
        v.currentTime = t;
      }),
    [id, t],
  );
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

/// The card's choice for option value `value` ("Black", "42"): a swatch is named by its value
/// (and its note: "Olive, 2 left"), a word choice shows it.
export function choice(card, value) {
  return card.locator(
    `.so-choice[aria-label="${value}"], .so-choice[aria-label^="${value}, "], .so-choice:has(> bdi:text-is("${value}"))`,
  );
}

/// Chooses `variant` (as the API describes it) in the open card, one option value at a time.
export async function chooseVariant(card, variant) {
  for (const value of Object.values(variant.options ?? {}).filter(Boolean)) {
    await choice(card, value).click();
    await expect(choice(card, value)).toHaveAttribute("aria-pressed", "true");
  }
}

/// Any choice that leads to a variant that can be bought.
export const BUYABLE = ".so-choice:not(.so-choice--out):not([disabled])";

/// Starts a flash deal from the host console on a pinned product, as a host does: opens its
/// form, changes what is given (the rest keep the console's defaults: −20 %, 5 minutes, 25
/// units, 2 per customer) and starts it; returns once the console says it runs.
export async function flashDeal(host, title, { percent, minutes, stock, limit } = {}) {
  await host.getByRole("button", { name: `Flash deal on ${title}` }).click();
  const form = host.locator(".deal-form:not([hidden])");
  await expect(form.locator("input[name=percent]")).toBeFocused();
  for (const [name, value] of [["percent", percent], ["stock", stock], ["limit", limit]]) {
    if (value != null) await form.locator(`input[name=${name}]`).fill(String(value));
  }
  if (minutes != null) await form.locator("select[name=minutes]").selectOption(String(minutes));
  await form.getByRole("button", { name: `Start flash deal on ${title}` }).click();
  await expect(host.locator("#pinned li", { hasText: title }).locator(".deal")).toContainText("Flash deal");
}
