// The studio's tracker in Chromium, including frame access, on the generated clips: tracked
// frames per second with WebCodecs decoding and with seeking (the two ways the studio reads
// frames), and accuracy against the generator's truth (mean and p95 error in % of the frame
// width over the frames the tracker kept), driven through the real page as a brand would —
// the clip loaded from its URL, and as a local file through the file picker.
// Usage: BASE_URL=http://127.0.0.1:PORT node tests/bench/studio.mjs OUT.json
import { chromium } from "@playwright/test";
import { launchOptions } from "../chromium.js";
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { positionAt } from "../path.js";

const base = process.env.BASE_URL;
const out = process.argv[2];
if (!base || !out) throw new Error("usage: BASE_URL=... node tests/bench/studio.mjs OUT.json");
const browser = await chromium.launch(launchOptions);
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] : NaN;
};
const tc = (k) => `00:${String(Math.floor(k / 30)).padStart(2, "0")}.${String(k % 30).padStart(2, "0")}`;

const media = fileURLToPath(new URL("../../www/dist/media/", import.meta.url));

async function trackClip(scenario, frames, direction, local = false) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const truth = await (await fetch(`${base}/media/track-${scenario}.truth.json`)).json();
  // The studio is the signed-in seller's (the server's --demo-accounts).
  const signed = await page.request.post(`${base}/api/session`, {
    data: { handle: "seller@northwind.example", password: process.env.DEMO_PASSWORD },
  });
  if (signed.status() !== 201) throw new Error(`signing in: HTTP ${signed.status()} (is DEMO_PASSWORD set?)`);
  await page.goto(`${base}/studio.html?frames=${frames}`);
  await page.waitForFunction(() => window.studio?.ready);
  const video = `bench-${scenario}-${frames}-${Date.now()}`;
  if (local) {
    await page.locator('.st-source input[type="file"]').setInputFiles(`${media}track-${scenario}.mp4`);
  } else {
    await page.getByRole("textbox", { name: "Video URL" }).fill(`/media/track-${scenario}.mp4`);
    await page.getByRole("button", { name: "Load", exact: true }).click();
  }
  await page.waitForFunction(() => document.querySelector(".st-video")?.readyState >= 2);
  const id = page.getByRole("textbox", { name: "Video id" });
  await id.fill(video);
  await id.press("Enter");
  const seed = 5;
  const [cx, cy, w, h] = truth.truth[seed];
  const go = page.getByRole("textbox", { name: "Go to" });
  await go.fill(tc(seed));
  await go.press("Enter");
  await page.getByRole("button", { name: /^Place / }).first().click();
  const layer = page.locator(".st-layer");
  const b = await layer.boundingBox();
  await layer.click({ position: { x: b.width * cx, y: b.height * cy } });
  const start = page.getByRole("textbox", { name: "Start (mm:ss.ff)" });
  await start.fill("00:00.00");
  await start.press("Enter");
  const end = page.getByRole("textbox", { name: "End (mm:ss.ff)" });
  await end.fill(tc(truth.frames));
  await end.press("Enter");
  for (const [name, v] of [["Box width (% of the picture)", w * 100], ["Box height (% of the picture)", h * 100], ["How closely the tag follows", 0.2]]) {
    const f = page.getByRole("spinbutton", { name });
    await f.fill(String(Math.round(v * 10) / 10));
    await f.press("Enter");
  }
  await page.getByRole("button", { name: direction }).click();
  await page.waitForFunction(() => document.querySelector(".st-summary") && !document.querySelector(".st-progress"), null, { timeout: 300_000 });
  const summary = await page.locator(".st-summary").textContent();
  await page.waitForTimeout(400);
  const d = await page.evaluate((v) => JSON.parse(localStorage.getItem(`studio:draft:${v}`)), video);
  await page.close();
  const tag = d.manifest.tags[0];
  const m = summary.match(/Tracked (\S+) to (\S+).*?Read (\d+) frames (.*?), (\d+) a second/);
  const toFrame = (s) => {
    const [mm, rest] = s.split(":");
    const [ss, ff] = rest.split(".");
    return (+mm * 60 + +ss) * 30 + +ff;
  };
  const [from, to] = m ? [toFrame(m[1]), toFrame(m[2])] : [0, -1];
  const aspect = truth.height / truth.width;
  const errors = [];
  for (let k = from; k <= to; k++) {
    const [x, y] = positionAt(tag, k / truth.fps);
    const [tx, ty] = truth.truth[k];
    errors.push(Math.hypot(x - tx, (y - ty) * aspect) * 100);
  }
  return {
    scenario: local ? `${scenario} (local file)` : scenario, frames_access: m ? m[4] : "?", tracked_frames: m ? +m[3] : 0,
    frames_per_s: m ? +m[5] : 0, covered: [from, to], keyframes: tag.keyframes?.length ?? 1,
    mean_error_pct: errors.reduce((a, b) => a + b, 0) / Math.max(errors.length, 1),
    p95_error_pct: pct(errors, 95), summary,
  };
}

const results = [];
for (const frames of ["auto", "seek"]) {
  results.push(await trackClip("textured", frames, "Track both ways"));
}
results.push(await trackClip("textured", "auto", "Track both ways", true));
results.push(await trackClip("occluded", "auto", "Track forward"));
await browser.close();
writeFileSync(out, JSON.stringify({ studio: results }, null, 2));
console.log(JSON.stringify(results, null, 2));
