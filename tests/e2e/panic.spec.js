// The panic path, on the viewer built with the test-only panic switch (dist/test/): it panics
// mid-playback; the video plays on, the host hears exactly one `error`, `hasPanicked()` is
// true, every later call changes nothing, and after `destroy()` and `init()` again the page
// mounts a fresh overlay that follows the video.
import { test, expect } from "./fixtures.js";

/// Where the overlay's tags are drawn: id → transform, for the tags in the page.
const tags = (page) =>
  page.evaluate(() => Object.fromEntries([...document.querySelectorAll(".so-tag")].map((t) => [t.dataset.tagId, t.style.transform])));

test("a panic mid-playback: the video plays on, one error, every later call a no-op, a fresh overlay after destroy and init", async ({ page }) => {
  const pageErrors = [];
  page.on("pageerror", (e) => pageErrors.push(e.message));
  await page.goto("/test/panic.html");
  await page.waitForFunction(() => window.panicPage?.started);
  await page.evaluate(() => document.getElementById("v").play());
  await page.waitForFunction(() => document.querySelectorAll(".so-tag").length > 0);
  expect(await page.evaluate(() => window.panicPage.heard[0])).toEqual({ errors: [], ready: 1 });

  // The switch: the next frame past now + 0.3 s panics inside the frame callback.
  await page.evaluate(() => {
    window.__shoppablePanicAt = document.getElementById("v").currentTime + 0.3;
  });
  await expect.poll(() => page.evaluate(() => window.panicPage.heard[0].errors.length)).toBe(1);
  const [error] = await page.evaluate(() => window.panicPage.heard[0].errors);
  expect(error.kind).toBe("panic");
  expect(error.message).toContain("the test-only panic switch fired");
  expect(await page.evaluate(() => window.panicPage.handle.hasPanicked())).toBe(true);
  expect(await page.evaluate(() => window.panicPage.handle.panicMessage())).toContain("panic switch");

  // The video plays on.
  const t0 = await page.evaluate(() => document.getElementById("v").currentTime);
  await page.waitForFunction((t0) => document.getElementById("v").currentTime > t0 + 1, t0);
  expect(await page.evaluate(() => document.getElementById("v").paused)).toBe(false);

  // Every later call is a no-op: the tags stay as they were, nothing else is heard.
  const frozen = await tags(page);
  const answers = await page.evaluate(() => {
    const h = window.panicPage.handle;
    h.relayout();
    h.setSafeArea({ bottom: 120 });
    return { back: h.back() };
  });
  expect(answers).toEqual({ back: false });
  await page.waitForTimeout(500);
  expect(await tags(page)).toEqual(frozen);
  expect(await page.evaluate(() => window.panicPage.heard[0].errors.length)).toBe(1);

  // A mount on the stopped instance is inert and says why.
  await page.evaluate(() => window.panicPage.mountAgain());
  expect(await page.evaluate(() => window.panicPage.heard[1])).toEqual({
    errors: [{ kind: "panic", message: expect.stringContaining("the test-only panic switch fired") }],
    ready: 0,
  });

  // destroy(), init() again: a fresh overlay on a fresh instance, following the video.
  await page.evaluate(() => window.panicPage.handle.destroy());
  await page.evaluate(() => window.panicPage.heard.length); // the first handle is the page's to drop
  await page.evaluate(async () => {
    delete window.__shoppablePanicAt;
    await window.panicPage.init();
    window.panicPage.mountAgain();
  });
  expect(await page.evaluate(() => window.panicPage.heard[2])).toEqual({ errors: [], ready: 1 });
  expect(await page.evaluate(() => window.panicPage.handle.hasPanicked())).toBe(false);
  // The old overlay's layer went with destroy()? It is the stopped instance's: the fresh one
  // adds its own, and only one layer per video follows the video.
  await page.evaluate(() => document.getElementById("v").pause());
  await page.evaluate(async () => {
    const v = document.getElementById("v");
    v.currentTime = 1.0;
    await new Promise((ok) => v.requestVideoFrameCallback(() => ok()));
  });
  await expect.poll(async () => Object.keys(await tags(page)).length).toBeGreaterThan(0);
  const a = await tags(page);
  await page.evaluate(async () => {
    const v = document.getElementById("v");
    v.currentTime = 3.0;
    await new Promise((ok) => v.requestVideoFrameCallback(() => ok()));
  });
  await expect.poll(() => tags(page)).not.toEqual(a);
  // The one uncaught error is the panic itself, thrown out of the frame callback.
  expect(pageErrors.length, pageErrors.join("\n")).toBe(1);
  expect(pageErrors[0]).toMatch(/unreachable/i);
});
