// LIVE over HLS: for a stream held 2, 3 and 4 segments (of 2 s) behind the live edge, how long
// after the host pins a product the hls.js viewer shows it, and how far the frame it shows it on
// is from the pin (its program date-time minus the pin's time; the budget is one frame, 1/30 s).
// A pin and an unpin alternate on one room per setting (each is one event); the host side is the API, as the console
// calls it. Writes JSON to the path given.
import { writeFileSync } from "node:fs";
import { chromium } from "@playwright/test";
import { launchOptions } from "../chromium.js";
import { apiClient } from "./api.mjs";

const base = process.env.BASE_URL;
const out = process.argv[2];
const PINS = 6;

const api = apiClient(base, "bench");

const browser = await chromium.launch(launchOptions);
const settings = [];
try {
  for (const sync of [2, 3, 4]) {
    const room = (await api("POST", "/api/rooms", { title: `bench sync ${sync}` })).id;
    const page = await browser.newPage();
    await page.goto(`${base}/live.html?room=${room}&via=hls&sync=${sync}`);
    await page.waitForFunction(() => window.shoppable?.ready);
    await page.waitForFunction(() => document.getElementById("main").currentTime > 1 && window.shoppable.hls.latency > 0);
    const runs = [];
    for (let i = 0; i < PINS; i++) {
      if (i % 2 === 0) await api("POST", `/api/rooms/${room}/pins`, { product_id: "p-shades" });
      else await api("DELETE", `/api/rooms/${room}/pins/p-shades`);
      await page.waitForFunction((n) => window.shoppable.applied.length > n, runs.length, { timeout: 30_000 });
      const a = await page.evaluate((n) => ({ ...window.shoppable.applied[n], latency: window.shoppable.hls.latency }), runs.length);
      runs.push({ delayMs: a.at - a.startDate, placementMs: a.programDateTime - a.startDate, latencyS: a.latency });
    }
    await page.close();
    const stat = (k) => {
      const v = runs.map((r) => r[k]).sort((x, y) => x - y);
      return { min: v[0], median: v[Math.floor(v.length / 2)], max: v.at(-1) };
    };
    settings.push({ sync, targetLatencyS: sync * 2, runs, delayMs: stat("delayMs"), placementMs: stat("placementMs"), latencyS: stat("latencyS") });
  }
} finally {
  await browser.close();
}
writeFileSync(out, JSON.stringify({ frameMs: 1000 / 30, settings }, null, 1));
