// Labels shown at rest never overlap one another nor cover another tag's target, and stay
// inside the player (clear.js): under contain (letterboxed), cover and on a phone (44 px targets, Arabic),
// with tags still and moving, paused and playing. A label with no room shows on hover and
// focus, drawn above the rest.
import { test, expect } from "./fixtures.js";
import { signIn } from "./auth.js";
import { open, seekAll, SHOTS } from "./helpers.js";
import { expectClear, installClear } from "./clear.js";

const NAMES = ["Leather Weekender", "Field Watch", "Canvas Tote", "Trail Runner", "Desk Lamp", "Linen Shirt", "Wool Beanie", "Steel Bottle"];

/// A crowded manifest over the demo's video: a 3 × 3 cluster of labelled tags 5 % apart, a
/// column of three, a tag with no label in the cluster, and two labelled tags that move
/// through the cluster, one across and one down.
async function crowded(page) {
  const video = JSON.parse(await (await page.request.get("/media/demo.manifest.json")).text()).video;
  const products = NAMES.map((name, i) => ({ id: `p${i}`, name }));
  const tags = [];
  for (let r = 0; r < 3; r++) {
    for (let c = 0; c < 3; c++) {
      tags.push({ id: `g${r}${c}`, product: `p${(r * 3 + c) % 8}`, start: 0, end: 30, x: 0.4 + c * 0.05, y: 0.35 + r * 0.05, label: `${NAMES[(r * 3 + c) % 8]} ${r}${c}` });
    }
  }
  tags.push({ id: "bare", product: "p7", start: 0, end: 30, x: 0.5, y: 0.3 });
  for (let r = 0; r < 3; r++) tags.push({ id: `col${r}`, product: "p1", start: 0, end: 30, x: 0.15, y: 0.6 + r * 0.04, label: `Column ${r}` });
  tags.push({ id: "across", product: "p2", start: 0, end: 30, label: "Moving across", keyframes: [{ t: 0, x: 0.05, y: 0.42 }, { t: 20, x: 0.95, y: 0.42 }] });
  tags.push({ id: "down", product: "p3", start: 0, end: 30, label: "Moving down", keyframes: [{ t: 0, x: 0.47, y: 0.05 }, { t: 20, x: 0.47, y: 0.95 }] });
  return { version: 1, video, products, tags };
}

/// Mounts the crowded manifest on every demo video, in place of the demo's overlays.
async function remount(page, manifest, locale) {
  await page.evaluate(
    async ({ manifest, locale }) => {
      for (const [id, h] of window.shoppable.handles) {
        h.destroy();
        const v = document.getElementById(id);
        const next = window.shoppable.mount(v, { manifest: JSON.stringify(manifest), ...(locale ? { locale } : {}) });
        await new Promise((ok, fail) => {
          next.on("ready", ok);
          next.on("error", (e) => fail(new Error(e.message)));
        });
        window.shoppable.handles.set(id, next);
      }
    },
    { manifest, locale },
  );
}

async function auditAt(page, times, shot) {
  const seen = { shown: 0, muted: 0 };
  for (const t of times) {
    await seekAll(page, t);
    const r = await expectClear(page, `at t=${t}`);
    seen.shown += r.shown;
    seen.muted += r.muted;
  }
  // The crowd is dense enough that some labels turn, and some have no room at all.
  expect(seen.shown).toBeGreaterThan(0);
  expect(seen.muted).toBeGreaterThan(0);
  await page.screenshot({ path: `${SHOTS}${shot}.png` });
}

/// Plays the main video for about two seconds and audits every animation frame: moving tags'
/// labels are decided for the half second ahead, so they stay clear between the looks.
async function auditPlaying(page) {
  const bad = await page.evaluate(async () => {
    const v = document.getElementById("main");
    v.currentTime = 4;
    await v.play();
    const bad = [];
    const until = performance.now() + 2000;
    while (performance.now() < until) {
      await new Promise((r) => requestAnimationFrame(r));
      for (const b of window.__clear().bad) if (b.startsWith("main")) bad.push(`${v.currentTime.toFixed(2)} ${b}`);
    }
    v.pause();
    return bad;
  });
  expect(bad).toEqual([]);
}

test("labels never overlap under contain and cover, still and moving, paused and playing", async ({ page }) => {
  await installClear(page);
  const problems = await open(page);
  await remount(page, await crowded(page));
  await auditAt(page, [0.5, 3, 6, 9, 12, 15, 18], "labels-crowded");
  await auditPlaying(page);
  // A label with no room shows when its tag has keyboard focus, above the others.
  await seekAll(page, 1);
  const muted = page.locator("#main + .so-root .so-tag--label-muted").first();
  await expect(muted).toHaveCount(1);
  await muted.focus();
  await expect(muted.locator(".so-label")).toHaveCSS("opacity", "1");
  await expect(muted).toHaveCSS("z-index", "1");
  await page.screenshot({ path: `${SHOTS}labels-focus.png` });
  expect(problems).toEqual([]);
});

test("labels never overlap on a phone in Arabic (44 px targets, right to left)", async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: "ar" });
  const page = await context.newPage();
  await installClear(page);
  const problems = await open(page, "?only=main");
  await page.evaluate(() => (document.documentElement.dir = "rtl"));
  await remount(page, await crowded(page), "ar");
  const target = await page.locator("#main + .so-root .so-tag:not(.so-tag--hidden):not(.so-tag--soon)").first().evaluate((b) => b.getBoundingClientRect().width);
  expect(target).toBe(44);
  await auditAt(page, [0.5, 5, 10, 15], "labels-phone-rtl");
  expect(problems).toEqual([]);
  await context.close();
});

test("deal badges keep clear too: above the dot, else below, else on hover and focus", async ({ page, playwright }) => {
  await installClear(page);
  // Live deals on three products, as a brand or a LIVE host would start them: products no other
  // test prices or orders (the server, and its deals, are shared by the whole run).
  const products = ["p-phones", "p-case", "p-candle"];
  const seller = await playwright.request.newContext({ baseURL: process.env.BASE_URL });
  const csrf = await signIn(seller);
  for (const id of products) {
    const { products: [p] } = await (await page.request.get(`/api/products?ids=${id}`)).json();
    const res = await seller.post("/api/deals", {
      data: { product_id: id, price: Math.floor(Math.min(...p.variants.map((v) => v.price)) * 0.8), duration_ms: 10 * 60_000, title: "Badge test" },
      headers: { "idempotency-key": `badge-${id}-${Date.now()}-${Math.random()}`, ...csrf },
    });
    expect(res.status(), await res.text()).toBe(201);
  }
  const problems = await open(page, "?only=main");
  const video = JSON.parse(await (await page.request.get("/media/demo.manifest.json")).text()).video;
  // A row of four deal tags 5 % apart, one labelled, and two more beside the row's badges.
  const tags = [0, 1, 2, 3].map((i) => ({ id: `row${i}`, product: products[i % 3], start: 0, end: 30, x: 0.35 + i * 0.05, y: 0.4, ...(i === 1 ? { label: "Phone Case" } : {}) }));
  tags.push({ id: "under", product: "p-case", start: 0, end: 30, x: 0.4, y: 0.45, label: "Under the row" });
  tags.push({ id: "above", product: "p-candle", start: 0, end: 30, x: 0.45, y: 0.35 });
  const manifest = { version: 1, video, products: products.map((id) => ({ id })), tags };
  await page.evaluate(async (manifest) => {
    const { restBridge } = await import("/bridge/rest.js");
    const v = document.getElementById("main");
    v.controls = false;
    window.shoppable.handles.get("main").destroy();
    const h = window.shoppable.mount(v, { manifest: JSON.stringify(manifest), bridge: restBridge() });
    await new Promise((ok) => h.on("ready", ok));
    window.shoppable.handles.set("main", h);
  }, manifest);
  await seekAll(page, 2);
  // The badges arrive with the shop module and the catalog.
  await expect(page.locator("#main + .so-root .so-badge")).toHaveCount(6, { timeout: 15000 });
  await seekAll(page, 3);
  const r = await expectClear(page, "badges and labels");
  expect(r.badges).toBeGreaterThan(1);
  // The second of the row has its neighbours' badges beside its own above, and the tag under
  // it below: its badge shows on hover and focus. Another goes below its dot.
  await expect(page.locator("#main + .so-root .so-tag--badge-below")).not.toHaveCount(0);
  const muted = page.locator('#main + .so-root .so-tag[data-tag-id="row1"]');
  await expect(muted).toHaveClass(/so-tag--badge-muted/);
  await page.locator("#main").screenshot({ path: `${SHOTS}labels-badges.png` });
  await muted.focus();
  await expect(muted.locator(".so-badge")).toHaveCSS("opacity", "1");
  expect(problems).toEqual([]);
});

