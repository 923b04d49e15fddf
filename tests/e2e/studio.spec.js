// The brand studio on the real page, the real API and the real sample video: place three tags
// (tap, drag and drop, keyboard), trim one by dragging, keyframe one, auto-track a moving
// product and compare with the generator's ground truth, export (the file follows the
// schema), publish and play it in the viewer, undo/redo past 100 steps, import a broken file
// without losing work, and a save conflict between two editors; local files (H.264 MP4, and
// VP9, VP8 and AV1 WebM) opened through the file picker and tracked from decoded frames under
// the page's real CSP, and why a run seeks where it cannot decode. Screenshots for a person.
import { chromium } from "@playwright/test";
import { test, expect } from "./fixtures.js";
import { signIn } from "./auth.js";
import Ajv2020 from "ajv/dist/2020.js";
import { readFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { SHOTS } from "./helpers.js";
import { positionAt } from "../path.js";
import { launchOptions } from "../chromium.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const read = (p) => JSON.parse(readFileSync(root + p, "utf8"));
const ajv = new Ajv2020({ allErrors: true });
const validate = ajv.compile(read("www/static/manifest.schema.json"));
/** The sample's own manifest is the generator's ground truth for where products are. */
const truth = read("www/static/media/demo.manifest.json");

const truthAt = (tagId, t) => positionAt(truth.tags.find((g) => g.id === tagId), t);

async function openStudio(page, query = "") {
  // The studio is the signed-in seller's (without a session it sends the brand to sign in).
  await signIn(page);
  const problems = [];
  page.on("pageerror", (e) => problems.push(e.message));
  page.on("console", (m) => {
    // The studio asks for a published manifest that may not exist yet (a 404 is the answer).
    if (m.type() === "error" && !/404/.test(m.text())) problems.push(m.text());
  });
  await page.addInitScript(() => {
    window.__csp = [];
    document.addEventListener("securitypolicyviolation", (e) => window.__csp.push(e.violatedDirective));
  });
  await page.goto(`/studio.html${query}`);
  await page.waitForFunction(() => window.studio?.ready || window.studio?.errors.length);
  await page.waitForFunction(() => document.querySelector(".st-video")?.readyState >= 2);
  return problems;
}

/** Names the draft's video (a fresh id per run: the API keeps versions per video); its id. */
async function newVideo(page, prefix) {
  const video = `${prefix}-${Date.now()}`;
  const id = page.getByRole("textbox", { name: "Video id" });
  await id.fill(video);
  await id.press("Enter");
  return video;
}

/** Drags a box of 10% × 15% of the picture around the sneaker where it is at 02:00. */
async function drawAroundSneaker(page) {
  const [x, y] = truthAt("t-sneaker", 2);
  const b = await page.locator(".st-layer").boundingBox();
  await page.mouse.move(b.x + b.width * (x - 0.05), b.y + b.height * (y - 0.075));
  await page.mouse.down();
  await page.mouse.move(b.x + b.width * x, b.y + b.height * y, { steps: 3 });
  await page.mouse.move(b.x + b.width * (x + 0.05), b.y + b.height * (y + 0.075), { steps: 3 });
  await page.mouse.up();
}

/** Sets the playhead by typing a timecode, as a person would. */
async function goTo(page, tc) {
  const box = page.getByRole("textbox", { name: "Go to" });
  await box.fill(tc);
  await box.press("Enter");
  await expect(page.getByRole("slider", { name: "Playhead" })).toHaveAttribute("aria-valuetext", tc);
}

/** Clicks the picture at fractions of the video frame (the stage's video is 16:9 contain). */
async function tapPicture(page, x, y) {
  const layer = page.locator(".st-layer");
  const b = await layer.boundingBox();
  await layer.click({ position: { x: b.width * x, y: b.height * y } });
}

/** The draft as the studio saved it in this browser. */
async function savedDraft(page, video = "demo-studio-haul") {
  await page.waitForTimeout(400); // the save is debounced by 300 ms
  return page.evaluate((v) => JSON.parse(localStorage.getItem(`studio:draft:${v}`)), video);
}

test("a brand places, trims, keyframes, tracks, exports and publishes; the viewer shows it", async ({ page, request }) => {
  test.setTimeout(180_000);
  // A flash deal on the watch, so the preview has deal states to show whatever the demo's are.
  const deal = await request.post("/api/deals", {
    data: { product_id: "p-watch", price: 9900, duration_ms: 20 * 60_000, title: "Studio test deal" },
    headers: { "idempotency-key": `studio-deal-${Date.now()}`, ...(await signIn(request)) },
  });
  expect(deal.status(), await deal.text()).toBe(201);
  const problems = await openStudio(page);
  const video = await newVideo(page, "e2e");

  // 1. Field Watch, by tap: arm, then tap where it is at 04:00 (the camera pans: the truth
  // says where).
  await goTo(page, "00:04.00");
  await page.getByRole("button", { name: "Place Field Watch on the video" }).click();
  await tapPicture(page, ...truthAt("t-watch", 4));
  await expect(page.locator(".st-marker")).toHaveCount(await page.locator(".st-marker").count());
  // 2. The sneaker, by drag and drop from the picker, at 02:00 where it starts.
  await goTo(page, "00:02.00");
  const layer = page.locator(".st-layer");
  const b = await layer.boundingBox();
  const [sx, sy] = truthAt("t-sneaker", 2);
  await page.locator('.st-product[data-product="p-sneaker"]').dragTo(layer, {
    targetPosition: { x: b.width * sx, y: b.height * sy },
  });
  await expect(page.getByRole("button", { name: /Trail Runner Sneaker \(arrow keys/ })).toBeVisible();
  // 3. The tote, from 00:00, by tap.
  await goTo(page, "00:00.00");
  await page.getByRole("button", { name: "Place Canvas Tote Bag on the video" }).click();
  await tapPicture(page, ...truthAt("t-tote-1", 0));
  let d = await savedDraft(page, video);
  // A new tag shows from the playhead to the end of the video (no other tag of its product
  // follows), so a product's whole movement can be tracked at once.
  expect(d.manifest.tags.map((t) => [t.product, t.start, t.end])).toEqual([
    ["p-watch", 4, 40],
    ["p-sneaker", 2, 40],
    ["p-tote", 0, 40],
  ]);

  // Trim the tote's end by dragging its bar's end handle (a 24 px target) to the left (00:40 →
  // about 00:08).
  const bar = page.locator('.st-bar[data-tag="t-tote-1"]');
  const handle = bar.locator(".st-handle--end");
  const hb = await handle.boundingBox();
  expect(Math.min(hb.width, hb.height)).toBeGreaterThanOrEqual(24);
  const ruler = await page.locator(".st-ruler").boundingBox();
  const pxPerSec = ruler.width / 40;
  // Its visible half: the track clips the half past the video's end.
  const grab = Math.min(hb.x + hb.width / 2, ruler.x + ruler.width - 4);
  await page.mouse.move(grab, hb.y + hb.height / 2);
  await page.mouse.down();
  await page.mouse.move(grab - pxPerSec * 16, hb.y + 5, { steps: 5 });
  await page.mouse.move(grab - pxPerSec * 32, hb.y + 5, { steps: 5 });
  await page.mouse.up();
  d = await savedDraft(page, video);
  const tote = d.manifest.tags.find((t) => t.id === "t-tote-1");
  expect(tote.start).toBe(0);
  expect(tote.end).toBeGreaterThan(7.5);
  expect(tote.end).toBeLessThan(8.5);

  // Keyframe the watch: it does not move in the sample, so drag it 5% right at 05:00 and back.
  await goTo(page, "00:05.00");
  const watch = page.locator('.st-marker[data-tag="t-watch-1"]');
  const wb = await watch.boundingBox();
  await page.mouse.move(wb.x + wb.width / 2, wb.y + wb.height / 2);
  await page.mouse.down();
  await page.mouse.move(wb.x + wb.width / 2 + b.width * 0.05, wb.y + wb.height / 2, { steps: 4 });
  await page.mouse.up();
  d = await savedDraft(page, video);
  const wk = d.manifest.tags.find((t) => t.id === "t-watch-1").keyframes;
  expect(wk.map((k) => k.t)).toEqual([4, 5]);
  expect(wk[1].x - wk[0].x).toBeGreaterThan(0.04);
  // Undo puts it back to a still tag.
  await page.keyboard.press("Control+z");
  d = await savedDraft(page, video);
  expect(d.manifest.tags.find((t) => t.id === "t-watch-1").x).toBeCloseTo(truthAt("t-watch", 4)[0], 2);

  // Auto-track the sneaker from 02:00 to the end of its path (shown until 09.29, so its last
  // frame is 09.28).
  await page.getByRole("button", { name: /^Trail Runner Sneaker, / }).click();
  const end = page.getByRole("textbox", { name: "End (mm:ss.ff)" });
  await end.fill("00:09.29");
  await end.press("Enter");
  await goTo(page, "00:02.00");
  await page.getByRole("button", { name: "Track forward" }).click();
  await expect(page.locator(".st-summary")).toContainText("Tracked 00:02.00 to 00:09.28", { timeout: 60_000 });
  d = await savedDraft(page, video);
  const sneaker = d.manifest.tags.find((t) => t.product === "p-sneaker");
  expect(sneaker.keyframes.length).toBeGreaterThanOrEqual(2);
  expect(sneaker.keyframes.length).toBeLessThan(30); // simplified, not one per frame
  // Every frame of the tracked path is within 2% of the frame width of the truth.
  let worst = 0;
  for (let f = 60; f <= 298; f++) {
    const [x, y] = positionAt(sneaker, f / 30);
    const [tx, ty] = truthAt("t-sneaker", f / 30);
    worst = Math.max(worst, Math.hypot(x - tx, (y - ty) * (9 / 16)));
  }
  expect(worst, "worst tracking error, fraction of the frame width").toBeLessThan(0.02);
  // The timeline shows the run's confidence under the bar.
  await expect(page.locator('.st-row:has(.st-bar[data-tag="t-sneaker-1"]) .st-conf--high').first()).toBeVisible();
  await page.screenshot({ path: `${SHOTS}studio.png`, fullPage: true });

  // Export: a file that follows the schema and the engine's rules.
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Export" }).click(),
  ]);
  expect(download.suggestedFilename()).toBe(`${video}.manifest.json`);
  const exported = JSON.parse(readFileSync(await download.path(), "utf8"));
  expect(validate(exported), ajv.errorsText(validate.errors)).toBe(true);
  expect(exported.tags).toHaveLength(3);

  // Publish; the API serves it with its version, and the viewer plays it.
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.locator(".st-status")).toContainText("Published version 1");
  const served = await request.get(`/api/videos/${video}/manifest`);
  expect(served.headers()["etag"]).toBe('"1"');
  expect(await served.json()).toEqual(exported);

  // Preview: the real viewer in the device matrix; screenshots of the phone and RTL players.
  // The preview is a tab beside the editor: the stage and the timeline stay in view.
  await page.getByRole("tab", { name: "Preview" }).click();
  await expect(page.getByRole("tab", { name: "Preview" })).toHaveAttribute("aria-selected", "true");
  await expect(page.locator(".st-stage")).toBeVisible();
  await goTo(page, "00:05.00");
  await expect(page.locator('.st-pv--phone .so-tag').first()).toBeAttached();
  await expect(page.locator(".st-pv--rtl .so-root")).toBeAttached();
  await page.waitForFunction(() =>
    [...document.querySelectorAll(".st-pv-video")].every((v) => v.readyState >= 2 && !v.seeking),
  );
  // The deal badge is a whole message in the overlay's language and reads in its direction.
  const badge = page.locator(".st-pv--rtl .so-badge").first();
  if (await badge.count()) {
    const [direction, root] = await badge.evaluate((b) => [getComputedStyle(b).direction, b.closest(".so-root").getAttribute("dir")]);
    expect(direction).toBe(root);
  }
  await page.locator(".st-preview").screenshot({ path: `${SHOTS}studio-preview.png` });
  // Deal states on a simulated server clock: the demo's flash deals end, then run again.
  const deals = page.getByRole("combobox", { name: "Deals" });
  const badges = page.locator(".st-pv--desktop .so-badge");
  await expect(badges.first()).toBeVisible();
  await deals.selectOption("ended");
  await expect(badges).toHaveCount(0);
  await deals.selectOption("live");
  await expect(badges.first()).toBeVisible();

  // The viewer page, by video id: its sneaker tag sits on the sneaker (within 2% of width).
  const viewer = await page.context().newPage();
  await viewer.goto(`/?video=${video}&only=main`);
  await viewer.waitForFunction(() => window.shoppable?.ready);
  await viewer.waitForFunction(() => document.getElementById("main").readyState >= 2);
  for (const t of [3, 5.5, 8]) {
    await viewer.evaluate(async (t) => {
      const v = document.getElementById("main");
      v.pause();
      await new Promise((r) => {
        v.requestVideoFrameCallback(() => r());
        v.currentTime = t + 1 / 60;
      });
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    }, t);
    const pos = await viewer.evaluate(() => {
      const v = document.getElementById("main");
      const tag = [...document.querySelectorAll(".so-tag")].find((b) => !b.matches(".so-tag--hidden, .so-tag--soon") && /Sneaker/.test(b.getAttribute("aria-label") || b.textContent));
      const r = tag.getBoundingClientRect();
      const vr = v.getBoundingClientRect();
      return [(r.left + r.width / 2 - vr.left) / vr.width, (r.top + r.height / 2 - vr.top) / vr.height];
    });
    const [tx, ty] = truthAt("t-sneaker", t);
    expect(Math.hypot(pos[0] - tx, (pos[1] - ty) * (9 / 16)), `viewer tag at ${t}s`).toBeLessThan(0.02);
  }
  await viewer.close();
  expect(await page.evaluate(() => window.__csp)).toEqual([]);
  expect(problems).toEqual([]);
});

test("tracking through an occlusion stops where the product is lost, finds it again after and continues from there on one click; cancel keeps what was done", async ({ page }) => {
  test.setTimeout(120_000);
  const problems = await openStudio(page);
  const truth = await (await page.request.get("/media/track-occluded.truth.json")).json();
  await page.getByRole("textbox", { name: "Video URL" }).fill("/media/track-occluded.mp4");
  await page.getByRole("button", { name: "Load", exact: true }).click();
  await page.waitForFunction(() => document.querySelector(".st-video")?.readyState >= 2);
  const video = `occ-${Date.now()}`;
  const id = page.getByRole("textbox", { name: "Video id" });
  await id.fill(video);
  await id.press("Enter");
  const [cx, cy, w, h] = truth.truth[5];
  await goTo(page, "00:00.05");
  await page.getByRole("button", { name: "Place Field Watch on the video" }).click();
  await tapPicture(page, cx, cy);
  for (const [field, value] of [["Start (mm:ss.ff)", "00:00.00"], ["End (mm:ss.ff)", "00:04.00"]]) {
    const f = page.getByRole("textbox", { name: field });
    await f.fill(value);
    await f.press("Enter");
  }
  for (const [name, v] of [["Box width (% of the picture)", w * 100], ["Box height (% of the picture)", h * 100]]) {
    const f = page.getByRole("spinbutton", { name });
    await f.fill(String(Math.round(v)));
    await f.press("Enter");
  }
  await page.getByRole("button", { name: "Track forward" }).click();
  const summary = page.locator(".st-summary");
  await expect(summary).toContainText("forward stopped at", { timeout: 60_000 });
  await expect(summary).toContainText("lost the product");
  // It stopped within a few frames of the product disappearing, not somewhere on the bar.
  const hidden = truth.truth.findIndex((t) => t[4] < 0.5);
  const stoppedAt = (await summary.textContent()).match(/forward stopped at 00:(\d\d)\.(\d\d)/);
  const stopFrame = +stoppedAt[1] * 30 + +stoppedAt[2];
  expect(stopFrame).toBeGreaterThanOrEqual(hidden - 3);
  expect(stopFrame).toBeLessThanOrEqual(hidden + 3);
  // The timeline shows where confidence fell.
  await expect(page.locator(".st-conf--low").first()).toBeAttached();
  // The run looked on after the loss and found the product again once the bar had passed;
  // the brand continues from there with one click.
  const foundAt = (await summary.textContent()).match(/found it again forward at 00:(\d\d)\.(\d\d)/);
  expect(foundAt, "the product was found again after the bar").not.toBeNull();
  const after = +foundAt[1] * 30 + +foundAt[2];
  const back = truth.truth.findLastIndex((t) => t[4] < 0.5) + 1;
  expect(after, "found once it shows again").toBeGreaterThanOrEqual(back);
  expect(after, "found within half a second of coming back").toBeLessThanOrEqual(back + 15);
  const resume = page.getByRole("button", { name: `Continue tracking forward from 00:${foundAt[1]}.${foundAt[2]}` });
  await resume.click();
  await expect(summary).toContainText("to 00:03.29", { timeout: 60_000 });
  await expect(resume).toHaveCount(0);
  // It went on both ways from the find: back over the frames where the product had come
  // out from behind the bar before the search was sure of it, and on to the tag's end.
  const resumed = (await summary.textContent()).match(/Tracked 00:(\d\d)\.(\d\d) to 00:03\.29/);
  expect(resumed, "the continuation's summary").not.toBeNull();
  const from = +resumed[1] * 30 + +resumed[2];
  expect(from, "back to where it came out").toBeLessThanOrEqual(Math.max(back, after - 1));
  expect(from, "not over the bar").toBeGreaterThanOrEqual(back - 3);
  const d = await savedDraft(page, video);
  const tracked = d.manifest.tags[0];
  const start = Math.max(from, back);
  for (const k of [...Array(hidden - 5).keys()].map((i) => i + 5).concat([...Array(120 - start).keys()].map((i) => i + start))) {
    const [x, y] = positionAt(tracked, k / 30);
    const [tx, ty] = truth.truth[k];
    expect(Math.hypot(x - tx, (y - ty) * (9 / 16)), `frame ${k}`).toBeLessThan(0.02);
  }
  // Both runs are one undo step each.
  await page.keyboard.press("Control+z");
  await expect(page.locator('[aria-live="polite"]').last()).toContainText("Undid: track a product");

  // Cancel: reading frames by seeking is slow enough to stop half-way; what was tracked stays.
  await page.goto("/studio.html?frames=seek");
  await page.waitForFunction(() => window.studio?.ready);
  await page.waitForFunction(() => document.querySelector(".st-video")?.readyState >= 2);
  await goTo(page, "00:02.00");
  await page.getByRole("button", { name: "Place Trail Runner Sneaker on the video" }).click();
  await tapPicture(page, ...truthAt("t-sneaker", 2));
  const end = page.getByRole("textbox", { name: "End (mm:ss.ff)" });
  await end.fill("00:09.29");
  await end.press("Enter");
  await page.getByRole("button", { name: "Track forward" }).click();
  await expect(page.getByRole("progressbar", { name: "Tracking progress" })).toBeVisible();
  await page.waitForFunction(() => +document.querySelector("progress")?.value >= 20);
  await page.getByRole("button", { name: "Cancel" }).click();
  await expect(summary).toContainText("forward stopped at");
  await expect(summary).toContainText("cancelled");
  await expect(summary).toContainText("by stepping through the video (slower: the page asked for it)");
  const partial = (await savedDraft(page)).manifest.tags[0];
  expect(partial.keyframes?.length ?? 1, "the frames tracked before the cancel are kept").toBeGreaterThanOrEqual(2);
  expect(problems).toEqual([]);
});

test("keyboard only: place, nudge, retime, step frames, undo and redo more than 100 steps", async ({ page }) => {
  test.setTimeout(120_000);
  const problems = await openStudio(page);
  const video = `kb-${Date.now()}`;
  const id = page.getByRole("textbox", { name: "Video id" });
  await id.fill(video);
  await id.press("Enter");
  // Search and place from the keyboard: Place puts it in the middle and focuses it.
  await page.getByRole("searchbox", { name: "Search the catalog" }).fill("Desk");
  const place = page.getByRole("button", { name: "Place Desk Lamp on the video" });
  await place.focus();
  await page.keyboard.press("Enter");
  const marker = page.getByRole("button", { name: /^Desk Lamp \(arrow keys/ });
  await expect(marker).toBeFocused();
  // Nudge: 1% per arrow, 10% with Shift.
  await page.keyboard.press("Shift+ArrowLeft");
  await page.keyboard.press("ArrowUp");
  let d = await savedDraft(page, video);
  expect(d.manifest.tags[0].x).toBeCloseTo(0.4, 5);
  expect(d.manifest.tags[0].y).toBeCloseTo(0.49, 5);
  // Retime by typing.
  const end = page.getByRole("textbox", { name: "End (mm:ss.ff)" });
  await end.focus();
  await end.fill("00:06.15");
  await page.keyboard.press("Enter");
  d = await savedDraft(page, video);
  expect(d.manifest.tags[0].end).toBe(6.5);
  // Frame steps with . and , (focus away from inputs), as the slider reports.
  await page.getByRole("slider", { name: "Playhead" }).focus();
  await page.keyboard.press(".");
  await page.keyboard.press(".");
  await page.keyboard.press(",");
  await expect(page.getByRole("slider", { name: "Playhead" })).toHaveAttribute("aria-valuetext", "00:00.01");
  // Typing a timecode while the video plays is not overwritten by the moving playhead.
  await page.getByRole("button", { name: "Play", exact: true }).click();
  const go = page.getByRole("textbox", { name: "Go to" });
  await go.click();
  await go.fill("");
  await go.pressSequentially("00:03.10", { delay: 50 });
  await page.waitForTimeout(500); // many frames re-render the studio meanwhile
  await expect(go).toHaveValue("00:03.10");
  await page.getByRole("button", { name: "Pause", exact: true }).click();
  await go.press("Enter");
  await expect(page.getByRole("slider", { name: "Playhead" })).toHaveAttribute("aria-valuetext", "00:03.10");
  // 120 nudges, each its own step; undo them all, redo them all.
  await marker.focus();
  for (let i = 0; i < 120; i++) await page.keyboard.press(i % 2 ? "ArrowDown" : "ArrowRight");
  d = await savedDraft(page, video);
  const moved = d.manifest.tags[0].keyframes.at(-1);
  expect(moved.x).toBeCloseTo(0.4 + 0.6, 5);
  for (let i = 0; i < 120; i++) await page.keyboard.press("Control+z");
  d = await savedDraft(page, video);
  const back = d.manifest.tags[0];
  expect(back.x).toBeCloseTo(0.4, 5);
  expect(back.y).toBeCloseTo(0.49, 5);
  for (let i = 0; i < 120; i++) await page.keyboard.press("Control+Shift+z");
  d = await savedDraft(page, video);
  expect(d.manifest.tags[0].keyframes.at(-1).x).toBeCloseTo(1.0, 5);
  // Changes are announced politely.
  await expect(page.locator('[aria-live="polite"]').last()).toContainText("Redid: move a tag");
  expect(problems).toEqual([]);
});

test("a broken import shows every error with its path and loses nothing", async ({ page }) => {
  const problems = await openStudio(page);
  const video = `imp-${Date.now()}`;
  const id = page.getByRole("textbox", { name: "Video id" });
  await id.fill(video);
  await id.press("Enter");
  await page.getByRole("button", { name: "Place Field Watch on the video" }).click();
  await tapPicture(page, 0.5, 0.5);
  const before = await savedDraft(page, video);
  const broken = {
    version: 1, video: { id: "x" }, products: [{ id: "p-a" }],
    tags: [
      { id: "t1", product: "p-a", start: 5, end: 2, x: 0.5, y: 0.5 },
      { id: "t2", product: "p-missing", start: 0, end: 2, x: 1.5, y: 0.5 },
    ],
  };
  await page.locator('.st-doc input[type="file"]').setInputFiles({
    name: "broken.manifest.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(broken)),
  });
  const alert = page.locator(".st-refused");
  await expect(alert).toContainText("was not imported (3 problems)");
  // Where, in words: the file did not import, so its tags are named by their place.
  await expect(alert).toContainText("Tag 1, end time");
  await expect(alert).toContainText("Tag 2, product");
  await expect(alert).toContainText("Tag 2, position");
  await expect(alert).not.toContainText("tags[");
  expect(await savedDraft(page, video)).toEqual(before);
  await expect(page.locator(".st-marker")).toHaveCount(1);
  // The draft survives a reload.
  await page.reload();
  await page.waitForFunction(() => window.studio?.ready);
  await page.waitForFunction(() => document.querySelector(".st-video")?.readyState >= 2);
  const reopened = page.getByRole("textbox", { name: "Video id" });
  await reopened.fill(video);
  await reopened.press("Enter");
  await expect(page.locator('[aria-live="polite"]').last()).toContainText(`Restored your draft of ${video}`);
  await expect(page.locator(".st-marker")).toHaveCount(1);
  // Malformed JSON says where.
  await page.locator('.st-doc input[type="file"]').setInputFiles({
    name: "bad.json", mimeType: "application/json", buffer: Buffer.from('{"version": 1,,}'),
  });
  await expect(alert).toContainText("malformed JSON at line 1, column 15");
  expect(problems).toEqual([]);
});

test("two editors: the second to publish hears of the conflict and keeps the draft", async ({ browser }) => {
  const a = await (await browser.newContext()).newPage();
  const b = await (await browser.newContext()).newPage();
  await openStudio(a);
  await openStudio(b);
  const video = `two-${Date.now()}`;
  for (const p of [a, b]) {
    const id = p.getByRole("textbox", { name: "Video id" });
    await id.fill(video);
    await id.press("Enter");
  }
  await a.getByRole("button", { name: "Place Field Watch on the video" }).click();
  await tapPicture(a, 0.75, 0.25);
  await a.getByRole("button", { name: "Publish" }).click();
  await expect(a.locator(".st-status")).toContainText("Published version 1");
  // B started before A published: publishing now would overwrite A's work.
  await b.getByRole("button", { name: "Place Desk Lamp on the video" }).click();
  await tapPicture(b, 0.6, 0.65);
  await b.getByRole("button", { name: "Publish" }).click();
  await expect(b.locator(".st-status")).toContainText("someone published version 1 of this manifest first");
  await expect(b.locator(".st-status")).toContainText("Your draft is kept");
  await expect(b.locator(".st-marker")).toHaveCount(1);
  // B loads A's version (undoable), both edit from version 1; A publishes again first.
  await b.getByRole("button", { name: "Load the published version" }).click();
  await expect(b.locator(".st-status")).toContainText("Editing published version 1");
  await b.keyboard.press("Control+z");
  await expect(b.getByRole("button", { name: /^Desk Lamp \(arrow keys/ })).toBeVisible();
  await b.keyboard.press("Control+Shift+z");
  await a.getByRole("button", { name: "Place Desk Lamp on the video" }).click();
  await tapPicture(a, 0.3, 0.4);
  await a.getByRole("button", { name: "Publish" }).click();
  await expect(a.locator(".st-status")).toContainText("Published version 2");
  await b.getByRole("button", { name: "Place Stoneware Mug on the video" }).click();
  await tapPicture(b, 0.5, 0.6);
  await b.getByRole("button", { name: "Publish" }).click();
  await expect(b.locator(".st-status")).toContainText("you edited version 1, but version 2 has been published since");
  await b.screenshot({ path: `${SHOTS}studio-conflict.png` });
});

test("the frame rate is read from the file: a local file, and a URL whose header is at its end", async ({ page }, testInfo) => {
  await openStudio(page);
  const fps = page.getByRole("spinbutton", { name: "Frames/s" });
  await expect(fps).toHaveValue("30");
  await page.getByRole("textbox", { name: "Video URL" }).fill("/media/fps25.mp4");
  await page.getByRole("button", { name: "Load", exact: true }).click();
  await expect(fps).toHaveValue("25");
  await expect(page.locator('[aria-live="polite"]').last()).toContainText("runs at 25 frames/s");
  await page.getByRole("button", { name: "Sample video" }).click();
  await expect(fps).toHaveValue("30");
  // A local WebM's rate comes from its header too.
  const webm = testInfo.outputPath("fps25.webm");
  execFileSync("ffmpeg", [
    "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "testsrc=size=320x180:rate=25",
    "-t", "2", "-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8", webm,
  ], { stdio: "pipe" });
  await page.locator('.st-source input[type="file"]').setInputFiles(webm);
  await expect(fps).toHaveValue("25");
  await page.getByRole("button", { name: "Sample video" }).click();
  await expect(fps).toHaveValue("30");
  await page.locator('.st-source input[type="file"]').setInputFiles(root + "www/dist/media/fps25.mp4");
  await expect(fps).toHaveValue("25");
  // Timecodes count 25 frames a second now.
  await page.waitForFunction(() => document.querySelector(".st-video")?.readyState >= 2);
  await goTo(page, "00:01.24");
  const bad = page.getByRole("textbox", { name: "Go to" });
  await bad.fill("00:01.25");
  await bad.press("Enter");
  await expect(page.getByRole("slider", { name: "Playhead" })).toHaveAttribute("aria-valuetext", "00:01.24");
});

/**
 * Opens `file` through the studio's file picker, places the sneaker where it is at 02:00,
 * draws the tracking box around it and tracks forward to `end`; answers the summary and the
 * draft's video id.
 */
async function trackLocalFile(page, file, end) {
  await page.locator('.st-source input[type="file"]').setInputFiles(file);
  await expect(page.locator('[aria-live="polite"]').last()).toContainText("from this computer");
  await page.waitForFunction(() => document.querySelector(".st-video")?.readyState >= 2);
  const video = `local-${Date.now()}`;
  const id = page.getByRole("textbox", { name: "Video id" });
  await id.fill(video);
  await id.press("Enter");
  await goTo(page, "00:02.00");
  await page.getByRole("button", { name: "Place Trail Runner Sneaker on the video" }).click();
  await tapPicture(page, ...truthAt("t-sneaker", 2));
  const endField = page.getByRole("textbox", { name: "End (mm:ss.ff)" });
  await endField.fill(end);
  await endField.press("Enter");
  await goTo(page, "00:02.00");
  // The box: 10% × 15% of the picture around the sneaker (a 72×64 px product in 960×540).
  await page.getByRole("button", { name: "Draw a box" }).click();
  await drawAroundSneaker(page);
  await expect(page.locator(".st-box")).toBeVisible();
  await page.getByRole("button", { name: "Track forward" }).click();
  const summary = page.locator(".st-summary");
  await expect(summary).toContainText("Tracked 00:02.00 to", { timeout: 90_000 });
  return { text: await summary.textContent(), video };
}

/** The frames and speed the summary reports for a decoded run, logged for the report. */
function decodedSpeed(text, what) {
  const m = text.match(/Read (\d+) frames straight from the file, (\d+) a second/);
  expect(m, text).not.toBeNull();
  console.log(`${what}: ${m[1]} frames decoded (WebCodecs) at ${m[2]} frames/s`);
  test.info().annotations.push({ type: "speed", description: `${what}: ${m[2]} frames/s` });
}

/** Every frame of the tracked sneaker within 2% of the frame width of the sample's truth. */
async function expectOnTheSneaker(page, video, lastFrame) {
  const d = await savedDraft(page, video);
  const sneaker = d.manifest.tags.find((t) => t.product === "p-sneaker");
  expect(sneaker.keyframes.length).toBeGreaterThanOrEqual(2);
  let worst = 0;
  for (let f = 60; f <= lastFrame; f++) {
    const [x, y] = positionAt(sneaker, f / 30);
    const [tx, ty] = truthAt("t-sneaker", f / 30);
    worst = Math.max(worst, Math.hypot(x - tx, (y - ty) * (9 / 16)));
  }
  expect(worst, "worst tracking error, fraction of the frame width").toBeLessThan(0.02);
}

// The page's CSP has `connect-src 'self'`: a fetch of the file's blob: URL is refused (and the
// fixture fails the test on that violation). The studio must read the File itself.
test("a local H.264 file opened through the file picker is decoded with WebCodecs under the page's CSP", async ({ page }) => {
  test.setTimeout(120_000);
  const problems = await openStudio(page);
  const { text, video } = await trackLocalFile(page, root + "www/dist/media/demo.mp4", "00:09.29");
  expect(text).toContain("Tracked 00:02.00 to 00:09.28");
  expect(text).toContain("straight from the file");
  decodedSpeed(text, "local H.264 MP4");
  await expectOnTheSneaker(page, video, 298);
  expect(await page.evaluate(() => window.__csp)).toEqual([]);
  expect(problems).toEqual([]);
});

test("local WebM files (VP9, VP8, AV1) are decoded with WebCodecs; without WebCodecs or without the codec the summary says why it seeks", async ({ page, browser }, testInfo) => {
  test.setTimeout(180_000);
  // The sample's first ten seconds, at tracking size, in each codec.
  const render = (name, codec) => {
    const out = testInfo.outputPath(`sample-${name}.webm`);
    execFileSync("ffmpeg", [
      "-hide_banner", "-loglevel", "error", "-y", "-i", root + "www/dist/media/demo.mp4",
      "-t", "10", "-vf", "scale=640:360", "-g", "30", "-an", ...codec, out,
    ], { stdio: "pipe" });
    return out;
  };
  const files = {
    VP9: render("vp9", ["-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8", "-b:v", "1M"]),
    VP8: render("vp8", ["-c:v", "libvpx", "-deadline", "realtime", "-cpu-used", "8", "-b:v", "1M"]),
    AV1: render("av1", ["-c:v", "libsvtav1", "-preset", "12"]),
  };
  const problems = await openStudio(page);
  for (const [codec, file] of Object.entries(files)) {
    const { text, video } = await trackLocalFile(page, file, "00:09.29");
    expect(text, codec).toContain("Tracked 00:02.00 to 00:09.28");
    expect(text, codec).toContain("straight from the file");
    decodedSpeed(text, `local ${codec} WebM`);
    await expectOnTheSneaker(page, video, 298);
  }
  expect(problems).toEqual([]);

  // A browser without WebCodecs, and one whose WebCodecs lacks VP9: the run seeks, and says why.
  for (const [init, why] of [
    [() => { delete window.VideoDecoder; }, "by stepping through the video (slower: this browser cannot decode video itself (no WebCodecs))"],
    [
      () => { window.VideoDecoder.isConfigSupported = async (c) => ({ supported: !c.codec.startsWith("vp09"), config: c }); },
      /by stepping through the video \(slower: this browser cannot decode VP9 \(vp09\.00\.\d\d\.08\) with WebCodecs\)/,
    ],
  ]) {
    const other = await (await browser.newContext()).newPage();
    await other.addInitScript(init);
    const more = await openStudio(other);
    const { text } = await trackLocalFile(other, files.VP9, "00:02.20");
    expect(text).toContain("Tracked 00:02.00 to 00:02.19");
    expect(text).toMatch(why);
    expect(more).toEqual([]);
    await other.context().close();
  }
});

test("a page that does not keep the studio's handle keeps its studio after garbage collection", async ({ baseURL }) => {
  // A browser of its own, where the page can ask for a collection.
  const browser = await chromium.launch({ ...launchOptions, args: [...launchOptions.args, "--js-flags=--expose-gc"] });
  const page = await (await browser.newContext({ baseURL })).newPage();
  const problems = await openStudio(page);
  await page.evaluate(async () => {
    window.studio.handle = undefined; // as a page that never kept it
    for (let i = 0; i < 3; i++) {
      window.gc();
      await new Promise((r) => setTimeout(r, 200));
    }
  });
  await page.getByRole("button", { name: "Place Field Watch on the video" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("button", { name: /^Field Watch \(arrow keys/ })).toBeFocused();
  expect(problems).toEqual([]);
  await browser.close();
});

test("a video that cannot play says why; the studio in a phone viewport", async ({ page }) => {
  await openStudio(page);
  await page.getByRole("textbox", { name: "Video URL" }).fill("/media/missing.mp4");
  await page.getByRole("button", { name: "Load", exact: true }).click();
  await expect(page.locator(".st-video-error")).toContainText("cannot play");
  await page.getByRole("textbox", { name: "Video URL" }).fill("javascript:alert(1)");
  await page.getByRole("button", { name: "Load", exact: true }).click();
  await expect(page.locator(".st-video-error")).toContainText("is not a video address");
  await page.getByRole("button", { name: "Sample video" }).click();
  await page.waitForFunction(() => document.querySelector(".st-video")?.readyState >= 2);
  await expect(page.locator(".st-video-error")).toHaveCount(0);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByRole("button", { name: "Place Field Watch on the video" }).click();
  await tapPicture(page, 0.75, 0.25);
  // Controls keep a usable size on a phone.
  for (const el of await page.locator(".st-btn:visible").all()) {
    const r = await el.boundingBox();
    expect(Math.min(r.width, r.height), await el.textContent()).toBeGreaterThanOrEqual(24);
  }
});

test("the studio speaks Arabic (right to left) and Spanish: its controls, what an edit did, problems and their places", async ({ page }) => {
  const problems = await openStudio(page, "?lang=ar");
  expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(["ar", "rtl"]);
  await expect(page).toHaveTitle("فيديو قابل للتسوق — الاستوديو");
  await expect(page.getByRole("button", { name: "انشر" })).toBeVisible();
  await expect(page.getByRole("tab", { name: "معاينة" })).toBeVisible();
  const id = page.getByRole("textbox", { name: "معرّف الفيديو" });
  const video = `ar-${Date.now()}`;
  await id.fill(video);
  await id.press("Enter");
  await page.getByRole("textbox", { name: "انتقل إلى" }).fill("00:04.00");
  await page.getByRole("textbox", { name: "انتقل إلى" }).press("Enter");
  await page.getByRole("button", { name: "ضع Field Watch على الفيديو" }).click();
  await tapPicture(page, ...truthAt("t-watch", 4));
  // What the edit did, in Arabic, naming the product (not its id) and the time.
  await expect(page.locator('[aria-live="polite"]').last()).toContainText("وُضع Field Watch عند");
  // A tag too brief to tap: the problem names the product and the field in Arabic.
  const end = page.getByRole("textbox", { name: "النهاية (mm:ss.ff)" });
  await end.fill("00:04.10");
  await end.press("Enter");
  await expect(page.locator(".st-problems h2")).toContainText("المشكلات (");
  const brief = page.locator(".st-finding", { hasText: "Field Watch، وقت النهاية" });
  await expect(brief).toContainText("تنبيه");
  await expect(brief).toContainText("يحتاج المشاهدون 1 ث على الأقل");
  // A typed time that is not one is refused in Arabic, and nothing changes.
  await end.fill("soon");
  await end.press("Enter");
  await expect(page.locator(".st-inspector .st-error")).toContainText("«soon» ليس وقتًا");
  await page.setViewportSize({ width: 390, height: 844 });
  for (const el of await page.locator(".st-btn:visible").all()) {
    const r = await el.boundingBox();
    expect(Math.min(r.width, r.height), await el.textContent()).toBeGreaterThanOrEqual(24);
  }
  await page.screenshot({ path: `${SHOTS}studio-phone-rtl.png`, fullPage: true });
  expect(problems).toEqual([]);

  // Spanish, from the browser's language as much as from ?lang=.
  await page.goto("/studio.html?lang=es");
  await page.waitForFunction(() => window.studio?.ready);
  await expect(page.getByRole("button", { name: "Publicar" })).toBeVisible();
  await expect(page.getByRole("searchbox", { name: "Buscar en el catálogo" })).toBeVisible();
  await expect(page.locator(".st-timeline h2")).toHaveText("Línea de tiempo");
});

test("a box drawn around another tag than the selected one asks which tag it is for, and moves neither until told", async ({ page }) => {
  const problems = await openStudio(page);
  const video = await newVideo(page, "ask");
  await goTo(page, "00:02.00");
  await page.getByRole("button", { name: "Place Trail Runner Sneaker on the video" }).click();
  await tapPicture(page, ...truthAt("t-sneaker", 2));
  await page.getByRole("button", { name: "Place Field Watch on the video" }).click();
  await tapPicture(page, 0.75, 0.25);
  // The watch is selected (just placed); the brand draws a box around the sneaker.
  await expect(page.locator(".st-inspector h2")).toHaveText("Field Watch");
  const before = (await savedDraft(page, video)).manifest.tags;
  await page.getByRole("button", { name: "Draw a box" }).click();
  await drawAroundSneaker(page);
  const ask = page.getByRole("group", { name: "This box is around the Trail Runner Sneaker tag. Which tag is it for?" });
  await expect(ask).toBeVisible();
  await page.screenshot({ path: `${SHOTS}studio-box-ask.png` });
  // Nothing moved while it asks; the answer selects the sneaker with the box, still unmoved.
  expect((await savedDraft(page, video)).manifest.tags).toEqual(before);
  await ask.getByRole("button", { name: "Track Trail Runner Sneaker" }).click();
  await expect(ask).toHaveCount(0);
  await expect(page.locator(".st-inspector h2")).toHaveText("Trail Runner Sneaker");
  await expect(page.locator(".st-box")).toBeVisible();
  expect((await savedDraft(page, video)).manifest.tags).toEqual(before);
  expect(problems).toEqual([]);
});
