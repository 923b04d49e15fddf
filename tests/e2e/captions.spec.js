// Tags keep clear of captions: those the browser draws for a showing text track (found here by
// the pixels a cue changes, since the browser's caption boxes are out of reach of script), and
// those video.js draws itself; a tag under them moves up while they show, and goes back onto
// its product a moment after they go.
import { test, expect } from "./fixtures.js";
import { lowestTag, middle, open, seekAll, SHOTS } from "./helpers.js";
import { expectClear } from "./clear.js";

/// Tags low in the picture (under where captions go), and one in the middle.
async function lowTags(page) {
  const video = JSON.parse(await (await page.request.get("/media/demo.manifest.json")).text()).video;
  return {
    version: 1,
    video,
    products: [{ id: "p", name: "Field Watch" }],
    tags: [
      { id: "low-left", product: "p", start: 0, end: 30, x: 0.3, y: 0.93 },
      { id: "low-mid", product: "p", start: 0, end: 30, x: 0.5, y: 0.88, label: "Field Watch" },
      { id: "low-right", product: "p", start: 0, end: 30, x: 0.7, y: 0.96 },
      { id: "middle", product: "p", start: 0, end: 30, x: 0.5, y: 0.5 },
    ],
  };
}

/// Where each shown tag's target is, by tag id (page pixels).
function targets(page, scope) {
  return page.evaluate(
    (scope) =>
      Object.fromEntries(
        [...document.querySelectorAll(`${scope} .so-tag:not(.so-tag--hidden):not(.so-tag--soon)`)].map((b) => {
          const r = b.getBoundingClientRect();
          return [b.dataset.tagId, { top: r.top, bottom: r.bottom, left: r.left, right: r.right, y: r.top + r.height / 2 }];
        }),
      ),
    scope,
  );
}

/// The box the captions over `#id` take on screen: the pixels that differ between the paused
/// frame with the track showing and hidden (the overlay hidden for both).
async function captionBox(page, id) {
  const clip = await page.evaluate((id) => {
    const r = document.getElementById(id).getBoundingClientRect();
    return { x: r.x, y: r.y, width: r.width, height: r.height };
  }, id);
  const shot = async (mode) => {
    await page.evaluate(async (mode) => {
      for (const root of document.querySelectorAll(".so-root")) root.style.visibility = "hidden";
      window.__track.mode = mode;
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    }, mode);
    return (await page.screenshot({ clip })).toString("base64");
  };
  const hidden = await shot("hidden");
  const showing = await shot("showing");
  await page.evaluate(() => {
    for (const root of document.querySelectorAll(".so-root")) root.style.visibility = "";
  });
  const box = await page.evaluate(async ([a, b]) => {
    const pixels = async (s) => {
      const bytes = Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
      const bitmap = await createImageBitmap(new Blob([bytes], { type: "image/png" }));
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const g = canvas.getContext("2d");
      g.drawImage(bitmap, 0, 0);
      return g.getImageData(0, 0, bitmap.width, bitmap.height);
    };
    const [A, B] = [await pixels(a), await pixels(b)];
    let top = Infinity, bottom = -1, left = Infinity, right = -1;
    for (let y = 0; y < A.height; y++) {
      for (let x = 0; x < A.width; x++) {
        const i = (y * A.width + x) * 4;
        const d = Math.abs(A.data[i] - B.data[i]) + Math.abs(A.data[i + 1] - B.data[i + 1]) + Math.abs(A.data[i + 2] - B.data[i + 2]);
        if (d > 30) {
          top = Math.min(top, y);
          bottom = Math.max(bottom, y + 1);
          left = Math.min(left, x);
          right = Math.max(right, x + 1);
        }
      }
    }
    return bottom < 0 ? null : { top, bottom, left, right };
  }, [hidden, showing]);
  expect(box, "the captions show").not.toBeNull();
  return { top: clip.y + box.top, bottom: clip.y + box.bottom, left: clip.x + box.left, right: clip.x + box.right, video: clip };
}

const meets = (a, b) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > 0 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 0;

test("the browser's captions: tags under them move up while they show, and back after", async ({ page }) => {
  const problems = await open(page, "?only=main");
  const manifest = await lowTags(page);
  await page.evaluate(async (manifest) => {
    const v = document.getElementById("main");
    // The browser's own controls lift the captions by a band no API reports; without them
    // the captions sit on the bottom edge.
    v.controls = false;
    const old = window.shoppable.handles.get("main");
    old.destroy();
    const h = window.shoppable.mount(v, { manifest: JSON.stringify(manifest) });
    await new Promise((ok) => h.on("ready", ok));
    window.shoppable.handles.set("main", h);
  }, manifest);
  await seekAll(page, 2);
  const before = await targets(page, "#main + .so-root");
  expect(Object.keys(before).sort()).toEqual(["low-left", "low-mid", "low-right", "middle"]);

  // Two lines of dialogue, shown by the browser.
  await page.evaluate(() => {
    const v = document.getElementById("main");
    const track = v.addTextTrack("captions", "English", "en");
    track.addCue(new VTTCue(0, 100, "Where did you get that watch?\n<i>It was my grandfather's.</i>"));
    track.mode = "showing";
    window.__track = track;
  });
  const caption = await captionBox(page, "main");
  await expect
    .poll(async () => {
      const now = await targets(page, "#main + .so-root");
      return Object.entries(now).filter(([, t]) => meets(t, caption)).map(([id]) => id);
    }, { message: "tags clear of the captions" })
    .toEqual([]);
  const during = await targets(page, "#main + .so-root");
  // Every tag still shows: the low ones above the captions, the middle one where it was.
  expect(Object.keys(during).sort()).toEqual(Object.keys(before).sort());
  for (const id of ["low-left", "low-mid", "low-right"]) expect(during[id].bottom).toBeLessThanOrEqual(caption.top + 0.5);
  expect(during.middle.y).toBeCloseTo(before.middle.y, 1);
  // The estimate is not wildly larger than the captions: the tags sit within a line of them.
  const line = 0.05 * Math.min(caption.video.width, caption.video.height) * 1.4;
  expect(caption.top - during["low-right"].bottom).toBeLessThan(line + 8);
  await page.screenshot({ path: `${SHOTS}captions-native.png` });

  // The captions go: the tags stay up a moment (the next line usually follows), then go back.
  await page.evaluate(() => (window.__track.mode = "disabled"));
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const held = await targets(page, "#main + .so-root");
  expect(held["low-right"].y).toBeCloseTo(during["low-right"].y, 1);
  await expect
    .poll(async () => (await targets(page, "#main + .so-root"))["low-right"].y, { timeout: 6000 })
    .toBeCloseTo(before["low-right"].y, 1);
  expect(problems).toEqual([]);
});

test("video.js's captions: tags move up above them, with the control bar or without", async ({ page }) => {
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto("/players.html");
  await page.waitForFunction(() => window.shoppable?.player?.shoppableOverlay?.handle);
  const manifest = JSON.parse(await (await page.request.get("/media/demo.manifest.json")).text());
  const low = lowestTag(manifest);
  const mid = middle(low);
  await page.evaluate(async (t) => {
    const v = document.getElementById("vjs_html5_api");
    v.pause();
    await new Promise((ok) => {
      v.requestVideoFrameCallback(() => ok());
      v.currentTime = t;
    });
    const player = window.shoppable.player;
    player.controls(false);
    // Three lines, so they reach the lowest product whatever the player's size.
    const track = player.addTextTrack("captions", "English", "en");
    track.addCue(new VTTCue(0, 100, "A line of dialogue\nanother line of dialogue\nand a third one"));
    track.mode = "showing";
  }, mid);
  const tag = page.locator(`.video-js .so-tag[data-tag-id="${low.id}"]`);
  const cues = page.locator(".video-js .vjs-text-track-display .vjs-text-track-cue");
  await expect(cues.first()).toBeVisible();
  const clear = async () => {
    const b = await tag.boundingBox();
    const boxes = await cues.evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON()));
    return b !== null && boxes.length > 0 && boxes.every((c) => b.y + b.height <= c.top + 0.5 || b.y >= c.bottom || b.x + b.width <= c.left || b.x >= c.right);
  };
  await expect.poll(clear, { message: "the lowest tag clear of the captions" }).toBe(true);
  await expect(tag).toBeVisible();
  // Pushed up onto one line, the tags' labels and deal badges still keep clear of each other.
  await expectClear(page, "labels and badges above the captions");
  await page.locator(".video-js").screenshot({ path: `${SHOTS}captions-videojs.png` });
  // The bar comes: video.js lifts its captions above it, and the tag above both.
  await page.evaluate(() => {
    const p = window.shoppable.player;
    p.hasStarted(true);
    p.controls(true);
    p.userActive(true);
  });
  await expect(page.locator(".vjs-control-bar")).toBeVisible();
  await expect.poll(clear).toBe(true);
  const bar = await page.locator(".vjs-control-bar").boundingBox();
  const b = await tag.boundingBox();
  expect(b.y + b.height).toBeLessThanOrEqual(bar.y + 0.5);
  await expectClear(page, "labels and badges above the bar and the captions");
  await page.locator(".video-js").screenshot({ path: `${SHOTS}captions-videojs-bar.png` });
  expect(errors).toEqual([]);
});
