// Calling back into the handle from inside its own events, as an app does first: `back()` from
// `tag-activate` (with `setSafeArea()`, `relayout()`, `exactFrames()`, `serverNow()`),
// `exactFrames()` and `destroy()` from `ready`, `back()` from `order`. Each
// call must take effect (events are delivered after the overlay is released, not while a tap
// is still being handled with the overlay borrowed).
import { test, expect } from "./fixtures.js";
import { BUYABLE, open, openCard, seekAll } from "./helpers.js";

test("every handle method works from inside tag-activate", async ({ page }) => {
  await open(page, "?only=main");
  // The first tap loads the shop module; close that card the usual way.
  const tagId = await openCard(page, "p-watch");
  await page.keyboard.press("Escape");
  await expect(page.locator(".so-card")).toHaveCount(0);
  await page.evaluate(() => {
    const h = window.shoppable.handles.get("main");
    window.__inside = [];
    h.on("tag-activate", (e) => {
      window.__inside.push({
        tag: e.tagId,
        back: h.back(),
        exact: h.exactFrames(),
        now: h.serverNow(),
        frames: h.takeFrameTimes() instanceof Float64Array,
      });
      // A band the host's controls cover, down to below the tapped tag: it moves out of it.
      const video = document.getElementById("main").getBoundingClientRect();
      const tag = document.querySelector(`#main ~ .so-root .so-tag[data-tag-id="${e.tagId}"]`).getBoundingClientRect();
      window.__band = tag.bottom - video.top + 20;
      h.setSafeArea({ top: window.__band });
      h.relayout();
    });
  });
  await page.locator(`#main ~ .so-root .so-tag[data-tag-id="${tagId}"]`).click();
  await expect.poll(() => page.evaluate(() => window.__inside.length)).toBe(1);
  const [inside] = await page.evaluate(() => window.__inside);
  expect(inside.tag).toBe(tagId);
  expect(inside.back, "back() found the card the tap opened, and closed it").toBe(true);
  expect(inside.exact, "exactFrames() read the driver").toBe(true);
  expect(typeof inside.now, "serverNow() read the shop's clock").toBe("number");
  expect(inside.frames).toBe(true);
  await expect(page.locator(".so-card")).toHaveCount(0);
  // setSafeArea() from inside took effect: the tag moved below the band.
  const below = () =>
    page.evaluate((id) => {
      const video = document.getElementById("main").getBoundingClientRect();
      const tag = document.querySelector(`#main ~ .so-root .so-tag[data-tag-id="${id}"]`).getBoundingClientRect();
      return tag.top - video.top >= window.__band - 1;
    }, tagId);
  await expect.poll(below).toBe(true);
  await page.evaluate(() => window.shoppable.handles.get("main").setSafeArea({}));
  await expect.poll(below).toBe(false);
});

test("ready's listener can measure and destroy; order's can close the cart", async ({ page }) => {
  await open(page, "?only=main");
  await seekAll(page, 7);
  // A second overlay mounted the way an integrator writes it, its handle used inside ready.
  const seen = await page.evaluate(async () => {
    const main = document.getElementById("main");
    const manifest = await (await fetch("media/demo.manifest.json")).text();
    const video = document.createElement("video");
    video.muted = true;
    video.src = main.currentSrc;
    video.style.width = "320px";
    main.parentElement.after(video);
    await new Promise((r) => video.addEventListener("loadeddata", r, { once: true }));
    video.currentTime = 7;
    await new Promise((r) => video.addEventListener("seeked", r, { once: true }));
    const h = window.shoppable.mount(video, { manifest });
    return new Promise((resolve) => {
      h.on("ready", () => {
        h.relayout();
        const exact = h.exactFrames();
        h.destroy();
        resolve({ exact, rootGone: !video.nextElementSibling?.classList.contains("so-root") });
      });
    });
  });
  expect(seen.exact).toBe(true);
  expect(seen.rootGone, "destroy() from ready removed the overlay").toBe(true);

  // order: the listener closes the cart drawer with back().
  await page.evaluate(() => {
    const h = window.shoppable.handles.get("main");
    window.__order = [];
    h.on("order", (e) => {
      window.__order.push({ id: e.orderId, back: h.back() });
    });
  });
  await openCard(page, "p-watch");
  const card = page.locator(".so-card");
  const chips = card.locator(BUYABLE);
  if ((await chips.count()) > 0) await chips.last().click();
  await card.locator(".so-add").click();
  await expect(page.locator(".so-cart-count")).toHaveText("1");
  await page.keyboard.press("Escape");
  await page.locator(".so-cart-button").click();
  await page.locator(".so-drawer .so-checkout").click();
  await expect.poll(() => page.evaluate(() => window.__order.length)).toBe(1);
  const [order] = await page.evaluate(() => window.__order);
  expect(order.id).toMatch(/^o-[0-9a-f]+$/);
  expect(order.back, "back() closed the drawer from inside order").toBe(true);
  await expect(page.locator(".so-drawer")).toHaveCount(0);
});
