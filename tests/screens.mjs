// Screenshots of every screen for the README, as a shopper, a host and a brand see them: on a
// 390×844 phone and a 1280×800 desktop, in English and in Arabic. Against a running demo:
//   BASE_URL=http://127.0.0.1:8080 DEMO_PASSWORD=… node tests/screens.mjs
// writes docs/screens/{screen}-{phone|desktop}-{en|ar}.jpg. Uses Debian's Chromium, as the
// tests do.
import { chromium } from "@playwright/test";
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { launchOptions } from "./chromium.js";

const BASE = process.env.BASE_URL;
const PASSWORD = process.env.DEMO_PASSWORD;
if (!BASE || !PASSWORD) throw new Error("set BASE_URL and DEMO_PASSWORD (the demo's seller password)");
const OUT = fileURLToPath(new URL("../docs/screens/", import.meta.url));
mkdirSync(OUT, { recursive: true });
const SIZES = { phone: { width: 390, height: 844, mobile: true }, desktop: { width: 1280, height: 800, mobile: false } };

const browser = await chromium.launch(launchOptions);
const shot = (page, name, size, lang) =>
  page.screenshot({ path: `${OUT}${name}-${size}-${lang}.jpg`, type: "jpeg", quality: 72 });

async function signIn(page, handle) {
  await page.goto(`${BASE}/signin.html`);
  await page.fill("#handle", handle);
  await page.fill("#password", PASSWORD);
  await page.click("#go");
  await page.waitForURL(/studio|host/);
}

for (const [size, s] of Object.entries(SIZES)) {
  for (const lang of ["en", "ar"]) {
    const context = await browser.newContext({
      viewport: { width: s.width, height: s.height }, isMobile: s.mobile, hasTouch: s.mobile, locale: lang,
    });
    const page = await context.newPage();
    // The viewer: tags at rest, paused on a busy moment.
    await page.goto(`${BASE}/?only=main&lang=${lang}`);
    await page.waitForFunction(() => window.shoppable?.ready);
    await page.evaluate(async () => {
      const v = document.getElementById("main");
      v.pause();
      v.currentTime = 4.2;
      await new Promise((r) => v.addEventListener("seeked", r, { once: true }));
    });
    await page.waitForTimeout(1200); // the shop module loads when idle: prices on the chips
    await page.locator("#main").scrollIntoViewIfNeeded();
    await shot(page, "viewer", size, lang);
    // The card of the sneaker, a colour and a size chosen.
    await page.locator('#main ~ .so-root .so-tag[data-product-id="p-sneaker"]').click();
    const card = page.locator(".so-card");
    await card.locator(".so-add").waitFor();
    for (const group of await card.locator("fieldset.so-option").all()) {
      await group.locator(".so-choice:not(.so-choice--out):not([disabled])").first().click();
    }
    await page.waitForTimeout(300);
    await shot(page, "card", size, lang);
    await card.locator(".so-add").click();
    await page.waitForTimeout(400);
    await page.keyboard.press("Escape");
    // The cart, then the order.
    await page.locator(".so-cart-button").click();
    await page.locator(".so-drawer .so-checkout").waitFor();
    await page.waitForTimeout(300);
    await shot(page, "cart", size, lang);
    await page.locator(".so-drawer .so-checkout").click();
    await page.locator(".so-drawer .so-order-id").waitFor();
    await shot(page, "order", size, lang);
    await page.keyboard.press("Escape");
    // The shelf of every product in the video.
    await page.locator("#main ~ .so-root .so-shelf-button, .player .so-shelf-button").first().click();
    await page.waitForTimeout(500);
    await shot(page, "shelf", size, lang);
    await context.close();

    // The host's console with a room, a pin and a flash deal; the LIVE viewer beside it.
    const host = await (await browser.newContext({ viewport: { width: s.width, height: s.height }, isMobile: s.mobile, hasTouch: s.mobile, locale: lang })).newPage();
    await signIn(host, "host@northwind.example");
    await host.goto(`${BASE}/host.html?lang=${lang}`);
    await host.locator("#results li").first().waitFor();
    await host.fill("#title", lang === "ar" ? "تخفيضات الجمعة" : "Friday haul");
    await host.click("#start button");
    await host.locator("#viewer:not([hidden])").waitFor();
    const room = new URL(host.url()).searchParams.get("room");
    // Two products without a running deal: pinned, and a flash deal on the second.
    const free = host.locator("#results li:not(:has(.deal:not(:empty)))");
    await free.nth(2).locator("button").click();
    await host.locator("#pinned li").first().waitFor();
    await free.nth(5).locator("button").click();
    await host.locator("#pinned li").nth(1).waitFor();
    await host.locator("#pinned li").nth(1).locator(".actions button").nth(1).click();
    await host.waitForTimeout(300);
    await shot(host, "host", size, lang);
    await host.locator(".deal-form:not([hidden]) button[type=submit]").click();
    await host.locator("#pinned .deal:not(:empty)").waitFor();
    const viewer = await (await browser.newContext({ viewport: { width: s.width, height: s.height }, isMobile: s.mobile, hasTouch: s.mobile })).newPage();
    await viewer.goto(`${BASE}/live.html?room=${room}&lang=${lang}`);
    await viewer.waitForFunction(() => window.shoppable?.ready);
    await viewer.locator(".so-pin").waitFor();
    await viewer.waitForTimeout(500);
    await shot(viewer, "live", size, lang);
    await viewer.context().close();
    await host.context().close();

    // The brand's studio, with the sample's tags imported.
    const studio = await (await browser.newContext({ viewport: { width: s.width, height: s.height }, isMobile: s.mobile, hasTouch: s.mobile })).newPage();
    await signIn(studio, "seller@northwind.example");
    await studio.goto(`${BASE}/studio.html?lang=${lang}`);
    await studio.waitForFunction(() => window.studio?.ready);
    await studio.waitForFunction(() => document.querySelector(".st-video")?.readyState >= 2);
    await studio.locator('.st-doc input[type="file"]').setInputFiles(fileURLToPath(new URL("../www/static/media/demo.manifest.json", import.meta.url)));
    const at = studio.locator(".st-transport .st-tc");
    await at.fill("00:05.00");
    await at.press("Enter");
    await studio.waitForTimeout(500);
    await studio.locator('.st-marker[data-tag="t-sneaker"]').click();
    await studio.waitForTimeout(500);
    await shot(studio, "studio", size, lang);
    await studio.context().close();
  }
}
await browser.close();
