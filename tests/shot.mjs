// Takes screenshots of a page for a person to look at: node tests/shot.mjs URL OUT.png [w h]
// [seconds]. Uses Debian's Chromium, as the tests do.
import { chromium } from "@playwright/test";
import { launchOptions } from "./chromium.js";

const [url, out, w = "1280", h = "900", at = "3"] = process.argv.slice(2);
const browser = await chromium.launch(launchOptions);
const page = await browser.newPage({ viewport: { width: +w, height: +h } });
page.on("console", (m) => console.log(`[console.${m.type()}] ${m.text()}`));
page.on("pageerror", (e) => console.log(`[pageerror] ${e.message}`));
await page.goto(url);
await page.waitForFunction(() => window.shoppable?.ready || window.shoppable?.errors?.length);
await page.evaluate(async (t) => {
  for (const v of document.querySelectorAll("video")) {
    v.pause();
    v.currentTime = t;
    await new Promise((r) => v.addEventListener("seeked", r, { once: true }));
  }
}, +at);
await page.waitForTimeout(300);
await page.screenshot({ path: out, fullPage: true });
await browser.close();
