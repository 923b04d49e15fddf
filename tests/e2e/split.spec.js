// The viewer's two pieces: the tags come from the first load alone, the shop module (card,
// cart, deals, LIVE, shelf) is fetched only when wanted — when the page is idle after the tags
// are up, or on the first tap — a tap before it arrives is felt at once and opens the card when
// it lands, and a failed fetch is an error event while the tags keep working.
import { test, expect } from "./fixtures.js";
import { open } from "./helpers.js";

const SHOP = /\/pkg\/shop\//;

/// Records when the shop's files were asked for, and when the first tag entered the page.
async function watchShop(page) {
  const asked = [];
  page.on("request", (r) => {
    if (SHOP.test(r.url())) asked.push({ url: r.url(), at: Date.now() });
  });
  return asked;
}

test("tags alone never fetch the shop; with a bridge it comes after the tags are up", async ({ page }) => {
  const asked = await watchShop(page);
  const encodings = {};
  page.on("response", (r) => {
    const path = new URL(r.url()).pathname;
    // The first answer for each file (a reload revalidates from the cache).
    if (path.startsWith("/pkg/") && !(path in encodings)) encodings[path] = r.allHeaders().then((h) => h["content-encoding"]);
  });
  // The two layout previews mount without a bridge; ?only=letterbox mounts just one of them.
  await open(page, "?only=letterbox");
  await page.evaluate(() => document.getElementById("letterbox").play());
  await page.waitForFunction(() => document.querySelectorAll("#letterbox ~ .so-root .so-tag:not(.so-tag--hidden):not(.so-tag--soon)").length > 0);
  await page.waitForTimeout(2500); // longer than the idle prefetch would wait
  expect(asked, "a tags-only overlay needs no shop").toEqual([]);

  const firstTag = { at: 0 };
  await page.exposeFunction("__tagSeen", () => {
    firstTag.at ||= Date.now();
  });
  await page.addInitScript(() => {
    new MutationObserver(() => {
      if (document.querySelector(".so-tag")) window.__tagSeen?.();
    }).observe(document, { childList: true, subtree: true });
  });
  await open(page, "?only=main");
  await expect.poll(() => asked.length, { timeout: 10_000 }).toBeGreaterThan(0);
  // Served compressed, as a CDN would (precompressed brotli beside each file).
  expect(await encodings["/pkg/www_bg.wasm"]).toBe("br");
  expect(await encodings["/pkg/www.js"]).toBe("br");
  expect(firstTag.at, "a tag was in the page").toBeGreaterThan(0);
  expect(asked[0].at, "the shop was asked for after the first tag showed").toBeGreaterThanOrEqual(firstTag.at);
  // Then it works: a tap opens the card.
  await page.evaluate(() => document.getElementById("main").play());
  const tag = page.locator("#main ~ .so-root .so-tag:not(.so-tag--hidden):not(.so-tag--soon)").first();
  await tag.click({ force: true });
  await expect(page.locator(".so-card .so-price")).toBeVisible();
});

test("a tap before the shop has arrived is felt at once and opens the card when it lands", async ({ page }) => {
  let release;
  const held = new Promise((r) => (release = r));
  await page.route(/\/pkg\/shop\/shop\.js/, async (route) => {
    await held;
    await route.continue();
  });
  await open(page, "?only=main");
  await page.evaluate(() => document.getElementById("main").play());
  const tag = page.locator("#main ~ .so-root .so-tag:not(.so-tag--hidden):not(.so-tag--soon)").first();
  await tag.click({ force: true });
  await expect(tag).toHaveClass(/so-tag--loading/);
  await expect(tag).toHaveAttribute("aria-busy", "true");
  await expect(page.locator(".so-card")).toHaveCount(0);
  release();
  await expect(page.locator(".so-card .so-price")).toBeVisible();
  await expect(page.locator(".so-tag--loading")).toHaveCount(0);
});

test("a failed fetch is an error event; the tags keep working and the next tap tries again", async ({ page }) => {
  await page.route(SHOP, (route) => route.abort("failed"));
  await open(page, "?only=main");
  const video = page.locator("#main");
  await page.evaluate(() => document.getElementById("main").play());
  const tag = page.locator("#main ~ .so-root .so-tag:not(.so-tag--hidden):not(.so-tag--soon)").first();
  await tag.click({ force: true });
  await page.waitForFunction(() => window.shoppable.errors.some((e) => e.kind === "shop"));
  const err = await page.evaluate(() => window.shoppable.errors.find((e) => e.kind === "shop"));
  expect(err.message).toContain("the shop (card and cart) could not be loaded");
  await expect(page.locator(".so-tag--loading")).toHaveCount(0);
  // The video plays on and tags keep following it.
  const t0 = await video.evaluate((v) => v.currentTime);
  await page.waitForFunction((t0) => document.getElementById("main").currentTime > t0 + 0.3, t0);
  expect(await page.locator("#main ~ .so-root .so-tag:not(.so-tag--hidden):not(.so-tag--soon)").count()).toBeGreaterThan(0);
  // The network is back: the next tap loads the shop and opens the card.
  await page.unroute(SHOP);
  await page.locator("#main ~ .so-root .so-tag:not(.so-tag--hidden):not(.so-tag--soon)").first().click({ force: true });
  await expect(page.locator(".so-card .so-price")).toBeVisible();
});
