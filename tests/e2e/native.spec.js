// The native bridge in Chromium against a scripted app: each transport's real shape (iOS with
// reply and the older plain handler, Android's addWebMessageListener object, React Native's
// string messages, a Flutter channel) carries the whole flow; replies that come twice, late,
// malformed or for nobody change nothing; a cross-origin frame cannot drive the app's cart;
// a phone with safe-area insets, touch-sized targets and Arabic (RTL).
import { test, expect } from "./fixtures.js";
import { BUYABLE, SHOTS } from "./helpers.js";
import { openApp } from "./app.js";

/// Seeks to a frame with tags, taps the first, picks a variant and adds it.
async function addFirst(page) {
  await page.evaluate(
    () =>
      new Promise((resolve) => {
        const v = document.getElementById("main");
        v.pause();
        v.requestVideoFrameCallback(() => resolve());
        v.currentTime = 4.2;
      }),
  );
  const tag = page.locator(".so-tag:not(.so-tag--hidden):not(.so-tag--soon)").first();
  await tag.click();
  const card = page.locator(".so-card");
  await expect(card.locator(".so-price")).toHaveText(/\$/);
  await card.locator(BUYABLE).first().click();
  await card.locator(".so-add").click();
  await expect(card.locator(".so-add")).toHaveText("Added to cart");
  await expect(page.locator(".so-cart-count")).toHaveText("1");
}

for (const kind of ["ios", "ios-legacy", "android", "react-native", "flutter"]) {
  test(`${kind}: tap, add, quantity and a handed-off checkout through the app's transport`, async ({ page }) => {
    const problems = await openApp(page, kind, { query: "?room=r1" });
    await addFirst(page);
    await page.keyboard.press("Escape");
    await page.locator(".so-cart-button").click();
    await page.locator(".so-drawer .so-line button[aria-label='One more']").click();
    await expect(page.locator(".so-cart-count")).toHaveText("2");
    await expect(page.locator(".so-drawer .so-line")).toHaveAttribute("aria-busy", "false");
    await page.locator(".so-drawer .so-checkout").click();
    await expect(page.locator(".so-drawer")).toContainText("Checkout continues in the app.");
    const app = await page.evaluate(() => window.__app);
    expect(app.handoffs).toEqual([Object.fromEntries(Object.entries(app.carts.c1.lines))]);
    expect(Object.values(app.handoffs[0])).toEqual([2]);
    expect(Object.values(app.applied).every((n) => n === 1)).toBe(true);
    expect(app.log[0]).toBe("hello");
    // A LIVE pin the app pushes reaches the pin card, whatever the transport.
    await page.waitForFunction(() => window.__app.subs.length > 0);
    await page.evaluate(() => window.__app.push("pin", 1, { product_id: "p-watch" }));
    await expect(page.locator(".so-pin .so-pin-title")).not.toBeEmpty();
    expect(await page.evaluate(() => window.shoppable.errors)).toEqual([]);
    expect(problems).toEqual([]);
  });
}

test("a reply twice, a reply for nobody, a malformed reply: applied once, each reported", async ({ page }) => {
  await openApp(page, "android", { extra: { twice: true } });
  await addFirst(page);
  await page.waitForFunction(() => window.shoppable.errors.length >= 3);
  const reports = await page.evaluate(() => window.shoppable.errors.map((e) => `${e.kind}: ${e.message}`));
  expect(reports.join("\n")).toContain("no call is waiting for it");
  expect(reports.join("\n")).toContain("needs a numeric id");
  expect(reports.every((r) => r.startsWith("bridge: bridge.native:"))).toBe(true);
  await page.waitForTimeout(100); // let any stray message land before counting
  await expect(page.locator(".so-cart-count")).toHaveText("1");
  const app = await page.evaluate(() => window.__app);
  expect(Object.values(app.carts.c1.lines)).toEqual([1]);
});

test("an app that never answers: the call times out into a visible, recoverable state", async ({ page }) => {
  await page.addInitScript(() => {
    // The app receives but never answers products: the card says so instead of hanging.
    window.webkit = { messageHandlers: { shoppableBridge: { postMessage: () => new Promise(() => {}) } } };
  });
  await page.goto("/app.html?timeout_ms=800");
  await page.waitForFunction(() => window.shoppable?.ready);
  await page.evaluate(
    () =>
      new Promise((resolve) => {
        const v = document.getElementById("main");
        v.pause();
        v.requestVideoFrameCallback(() => resolve());
        v.currentTime = 4.2;
      }),
  );
  await page.locator(".so-tag:not(.so-tag--hidden):not(.so-tag--soon)").first().click();
  await expect(page.locator(".so-card .so-card-error")).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(page.locator(".so-card")).toHaveCount(0);
  expect(await page.evaluate(() => document.getElementById("main").error)).toBeNull();
});

test("a cross-origin frame cannot drive the app's cart, and cannot reach the page's inbox", async ({ page }) => {
  const origin = new URL(process.env.BASE_URL).origin;
  // The app page, allowed to frame one other origin for this test (an ad, say).
  await page.route("**/app.html*", async (route) => {
    const res = await route.fetch();
    const headers = { ...res.headers() };
    headers["content-security-policy"] = headers["content-security-policy"].replace("default-src 'self'", "default-src 'self'; frame-src http://other.test");
    await route.fulfill({ response: res, headers });
  });
  await page.route("http://other.test/**", (route) =>
    route.fulfill({ contentType: "text/html", body: "<!doctype html><title>other</title>" }),
  );
  await openApp(page, "ios");
  await addFirst(page);
  await page.evaluate(() => {
    const f = document.createElement("iframe");
    f.src = "http://other.test/frame.html";
    document.body.append(f);
    return new Promise((r) => f.addEventListener("load", r));
  });
  const frame = page.frames().find((f) => f.url().startsWith("http://other.test"));
  const got = await frame.evaluate(async () => {
    const out = {};
    // The handler exists in every frame (as on iOS); the app must refuse this one.
    const msg = { v: 1, id: 1, method: "setQuantity", params: { cartId: "c1", variant: "x", quantity: 9, key: "evil" } };
    out.reply = JSON.parse(await window.webkit.messageHandlers.shoppableBridge.postMessage(JSON.stringify(msg)));
    try {
      window.parent.shoppableNative.receive("{}");
      out.inbox = "reached";
    } catch (e) {
      out.inbox = e.name;
    }
    out.token = typeof window.shoppableToken;
    return out;
  });
  expect(got.reply.ok).toBe(false);
  expect(got.inbox).toBe("SecurityError");
  expect(got.token).toBe("undefined");
  const app = await page.evaluate(() => window.__app);
  expect(Object.values(app.carts.c1.lines)).toEqual([1]);
  expect(app.applied.evil).toBeUndefined();
  expect(origin).toBe(await page.evaluate(() => location.origin));
});

test("a phone with safe-area insets, touch-sized targets, in Arabic", async ({ browser }) => {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: "ar",
  });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  // The notch and the home indicator of a recent iPhone.
  await cdp.send("Emulation.setSafeAreaInsetsOverride", { insets: { top: 47, bottom: 34, left: 0, right: 0 } });
  await openApp(page, "ios", { query: "?lang=ar&room=r1" });
  await page.evaluate(
    () =>
      new Promise((resolve) => {
        const v = document.getElementById("main");
        v.pause();
        v.requestVideoFrameCallback(() => resolve());
        v.currentTime = 4.2;
      }),
  );
  const corner = await page.locator(".so-corner").boundingBox();
  expect(corner.y).toBeGreaterThanOrEqual(47 + 8 - 0.5);
  // In Arabic the corner buttons sit at the left (inline end).
  expect(corner.x).toBeLessThan(100);
  const tag = await page.locator(".so-tag:not(.so-tag--hidden):not(.so-tag--soon)").first().boundingBox();
  expect(tag.width).toBeGreaterThanOrEqual(44);
  await page.screenshot({ path: `${SHOTS}native-phone-ar-tags.png` });
  await page.locator(".so-tag:not(.so-tag--hidden):not(.so-tag--soon)").first().tap();
  const card = page.locator(".so-card");
  await expect(card.locator(".so-price")).toBeVisible();
  // Nothing widens the page: a phone would let it scroll sideways and zoom out.
  expect(await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth])).toEqual([390, 390]);
  const sizes = await page.evaluate(() =>
    [...document.querySelectorAll(".so-shop button")]
      .filter((b) => b.offsetParent)
      .map((b) => ({ name: b.getAttribute("aria-label") || b.textContent.trim(), h: b.getBoundingClientRect().height, w: b.getBoundingClientRect().width })),
  );
  for (const s of sizes) expect(Math.min(s.h, s.w), s.name).toBeGreaterThanOrEqual(44);
  // The bottom sheet keeps its last control above the home indicator.
  const sheet = await card.boundingBox();
  await card.evaluate((c) => (c.scrollTop = c.scrollHeight));
  const last = await card.locator(".so-card-done").boundingBox();
  expect(sheet.y + sheet.height).toBeLessThanOrEqual(844 + 0.5);
  expect(sheet.y + sheet.height - (last.y + last.height)).toBeGreaterThanOrEqual(16 + 34 - 0.5);
  await card.evaluate((c) => (c.scrollTop = 0));
  await page.screenshot({ path: `${SHOTS}native-phone-ar-card.png` });
  // The app's back gesture closes the sheet.
  expect(await page.evaluate(() => window.shoppableApp.back())).toBe(true);
  await expect(card).toHaveCount(0);
  await page.evaluate(() => window.__app.push("pin", 1, { product_id: "p-watch" }));
  const pin = await page.locator(".so-pin").boundingBox();
  expect(pin.y + pin.height).toBeLessThanOrEqual(844 - 34 - 72 + 0.5);
  await page.screenshot({ path: `${SHOTS}native-phone-ar-pin.png` });
  await context.close();
});
