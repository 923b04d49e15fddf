// The npm package in the browser, installed and bundled by tests/package (which runs first):
// a fire-and-forget mount survives forced garbage collections, removing the video cleans up,
// and an esbuild bundle of a TypeScript app mounts, shops and runs the custom element.
import { test, expect } from "./fixtures.js";
import { launchOptions } from "../chromium.js";
import { seekVideo, watchErrors } from "./helpers.js";

test.use({ launchOptions: { ...launchOptions, args: [...launchOptions.args, "--js-flags=--expose-gc"] } });

test("a mount whose handle nobody keeps outlives garbage collection; removing the video cleans up", async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto("/consumer/plain.html");
  await page.waitForFunction(() => document.body.dataset.mounted === "true");
  await page.waitForFunction(() => [...document.querySelectorAll("video")].every((v) => v.readyState >= 2));
  // Collect until the page's FinalizationRegistry reports the second handle gone.
  await page.waitForFunction(async () => {
    globalThis.gc();
    await new Promise((r) => setTimeout(r, 20));
    return document.body.dataset.collected === "true";
  }, null, { polling: 100 });
  for (const id of ["v", "v2"]) {
    await seekVideo(page, id, 7);
    await expect(page.locator(`#${id} ~ .so-root .so-tag[data-tag-id="t-watch"]`)).toBeVisible();
  }
  // Playing on after the collection: the tags still follow, and a tap still opens the card.
  await page.evaluate(() => document.getElementById("v").play());
  await page.waitForFunction(() => document.getElementById("v").currentTime > 7.5);
  await page.evaluate(() => document.getElementById("v").pause());
  await page.locator("#v ~ .so-root .so-tag").first().click();
  await expect(page.locator(".so-card .so-price")).toHaveText(/^\$\d+\.\d\d$/);
  await page.keyboard.press("Escape");
  await expect(page.locator(".so-card")).toHaveCount(0);

  // The video leaves the page: its overlay goes with every node it made; the other stays.
  await page.evaluate(() => document.getElementById("v2").closest(".player").remove());
  await expect(page.locator(".so-root")).toHaveCount(1);
  await page.evaluate(() => document.getElementById("v").remove());
  await expect(page.locator(".so-root")).toHaveCount(0);
  expect(errors).toEqual([]);
});

test("an esbuild bundle of a TypeScript app mounts, opens the card, and runs the element with a bridge", async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto("/consumer/bundled.html");
  await page.waitForFunction(() => document.body.dataset.mounted === "true");
  await page.waitForFunction(() => [...document.querySelectorAll("video")].every((v) => v.readyState >= 2));
  await seekVideo(page, "v", 7);
  const tag = page.locator('#v ~ .so-root .so-tag[data-tag-id="t-watch"]');
  await tag.click();
  await expect(page.locator("#log li").first()).toHaveText("tag t-watch p-watch");
  await expect(page.locator(".so-card .so-price")).toHaveText(/^\$\d+\.\d\d$/);
  await page.keyboard.press("Escape");
  await expect(page.locator(".so-card")).toHaveCount(0);

  // The element got its bridge as a property after it was upgraded: its tags open the card.
  await seekVideo(page, "v2", 7);
  await page.locator('#v2 ~ .so-root .so-tag[data-tag-id="t-watch"]').click();
  await expect(page.locator("#log li").first()).toHaveText("element tag t-watch");
  await expect(page.locator(".so-card .so-price")).toHaveText(/^\$\d+\.\d\d$/);
  expect(errors).toEqual([]);
});
