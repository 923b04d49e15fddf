// The <shoppable-overlay> custom element: mounts from markup, re-dispatches events as DOM
// events, and leaves nothing behind when removed.
import { test, expect } from "./fixtures.js";

test("markup mounts the overlay, events bubble, removal destroys it", async ({ page }) => {
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto("/element.html");
  await page.waitForFunction(() => document.getElementById("clip").readyState >= 2);
  await page.evaluate(async () => {
    const v = document.getElementById("clip");
    v.pause();
    v.currentTime = 7;
    await new Promise((r) => v.addEventListener("seeked", r, { once: true }));
  });
  const tag = page.locator('#clip + .so-root button[data-tag-id="t-watch"]');
  await expect(tag).toBeVisible();
  await tag.click();
  await expect(page.locator("#log li").first()).toContainText("t-watch → p-watch at 7.00 s");

  await page.evaluate(() => document.querySelector("shoppable-overlay").remove());
  await expect(page.locator(".so-root")).toHaveCount(0);

  // A broken reference is an error event on the element, not an exception.
  await page.evaluate(() => {
    const el = document.createElement("shoppable-overlay");
    el.setAttribute("for", "nope");
    el.setAttribute("manifest", "media/demo.manifest.json");
    document.body.append(el);
  });
  await expect(page.locator("#log li").first()).toContainText('no <video> with id "nope"');
  expect(errors).toEqual([]);
});
