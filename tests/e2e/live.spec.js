// LIVE shopping end to end: a host pins in the console page and every viewer page shows it at
// once (video paused or not); a flash deal reaches the viewer with its countdown; a viewer
// whose connection is cut and restored misses no pin and sees none twice.
import { test, expect } from "./fixtures.js";
import { SHOTS, flashDeal } from "./helpers.js";
import { HOST, signInByForm } from "./auth.js";

/// Signs the host in (through the sign-in page the console sends them to), starts a room in
/// the console; returns the console page and the room id.
async function hostRoom(browser, title) {
  const host = await (await browser.newContext()).newPage();
  await host.goto("/host.html");
  await signInByForm(host, HOST);
  await expect(host.locator("#who")).toContainText(`Signed in as ${HOST}`);
  await host.fill("#title", title);
  await host.click("#start button");
  await expect(host.locator("#viewer")).toBeVisible();
  const room = new URL(host.url()).searchParams.get("room");
  expect(room).toMatch(/^r-[0-9a-f]+$/);
  return { host, room };
}

async function pinFromConsole(host, query, title) {
  await host.fill("#q", query);
  await host.click("#find button");
  await host.getByRole("button", { name: `Pin ${title}` }).click();
  await expect(host.locator("#pinned")).toContainText(title);
}

async function viewer(browser, room, query = "") {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(e.message));
  const streams = [];
  page.on("request", (r) => {
    if (r.url().includes(`/api/rooms/${room}/events`)) {
      // A stream still reconnecting when its page closes has no headers to read: null.
      streams.push(r.allHeaders().then((h) => h["last-event-id"] ?? null, () => null));
    }
  });
  // The viewer is in the room once its event stream is open (the shop module, which joins the
  // room, loads when the page is idle): a pin made before that arrives as the room's state, not
  // as an event, and is not announced.
  const joined = page.waitForRequest((r) => r.url().includes(`/api/rooms/${room}/events`));
  await page.goto(`/live.html?room=${room}${query}`);
  await page.waitForFunction(() => window.shoppable?.ready);
  await joined;
  return { context, page, problems, streams };
}

test("the host pins a product and starts a flash deal; the viewer sees both at once, paused or not", async ({ browser }) => {
  const { host, room } = await hostRoom(browser, "Friday haul");
  const { page, problems } = await viewer(browser, room);
  await page.evaluate(() => document.getElementById("main").pause());

  await pinFromConsole(host, "aviator", "Aviator Sunglasses");
  const pin = page.locator(".so-pin");
  await expect(page.locator(".so-announce")).toHaveText("Pinned by the host: Aviator Sunglasses");
  await expect(pin.locator(".so-pin-title")).toHaveText("Aviator Sunglasses");
  await expect(pin.locator(".so-pin-price")).toContainText("$59.00");
  // Never over the player's control bar: at least 48 px above the video's bottom edge.
  const v = await page.locator("#main").boundingBox();
  const p = await pin.boundingBox();
  expect(p.y + p.height).toBeLessThanOrEqual(v.y + v.height - 48);

  // The host chooses the deal: −25 % for 10 minutes, 12 units, 3 per customer.
  await flashDeal(host, "Aviator Sunglasses", { percent: 25, minutes: 10, stock: 12, limit: 3 });
  const row = host.locator("#pinned li", { hasText: "Aviator Sunglasses" });
  await expect(row.locator(".deal")).toHaveText(/^Flash deal −25 % · (10:00|9:5\d) left · 12 units left · 3 per customer$/);
  await expect(row.locator(".price")).toHaveText("$44.25 $59.00");
  // The row says the deal runs and offers no second one; focus is on that line.
  await expect(row.getByRole("button", { name: /Flash deal on/ })).toHaveCount(0);
  await expect(row.locator(".deal")).toBeFocused();
  await expect(pin.locator(".so-pin-deal")).toContainText(/Flash deal · ends in (10:00|09:\d\d)/);
  await expect(pin.locator(".so-pin-price")).toContainText("$44.25");
  await page.screenshot({ path: `${SHOTS}live-pin.png` });

  await pin.getByRole("button", { name: "Shop Aviator Sunglasses" }).click();
  await expect(page.locator(".so-card .so-price")).toHaveText("$44.25");
  await expect(page.locator(".so-card .so-deal-note-part")).toHaveText(["12 left at this price", "3 per customer"]);
  // The picker stops at the deal's per-customer limit: the server would refuse a fourth.
  const more = page.locator(".so-card button[aria-label='One more']");
  await more.click();
  await more.click();
  await expect(page.locator(".so-card .so-quantity output")).toHaveText("3");
  await expect(more).toBeDisabled();
  await page.locator(".so-card .so-add").click();
  await expect(page.locator(".so-cart-count")).toHaveText("3");
  // Nothing more can be added at the deal price, and the card says why.
  await expect(page.locator(".so-card .so-limit-note")).toHaveText("Flash deal allows 3 per customer, and your cart has them.");
  await expect(page.locator(".so-card .so-add")).toHaveAttribute("aria-disabled", "true");
  // The viewer buys them; the host console hears the order (the room's stock event) and counts
  // the deal's units down.
  await page.locator(".so-card-close").click();
  await page.locator(".so-cart-button").click();
  await page.locator(".so-drawer .so-checkout").click();
  await expect(page.locator(".so-drawer .so-order-id")).not.toBeEmpty();
  await expect(row.locator(".deal")).toContainText("9 units left");
  // The host ends the deal early: every viewer is back at the regular price, and the console
  // offers a new deal.
  await row.getByRole("button", { name: "End deal on Aviator Sunglasses" }).click();
  await expect(pin.locator(".so-pin-price")).toContainText("$59.00");
  await expect(pin.locator(".so-pin-deal")).toHaveCount(0);
  await expect(row.locator(".deal")).toBeEmpty();
  await expect(row.getByRole("button", { name: "Flash deal on Aviator Sunglasses" })).toBeVisible();
  const events = await page.evaluate(() => window.shoppable.live.map((e) => [e.id, e.kind, e.productId]));
  expect(events).toEqual([
    [1, "pin", "p-shades"],
    [2, "deal", "p-shades"],
    [3, "stock", "p-shades"],
    [4, "deal", "p-shades"],
  ]);
  expect(problems).toEqual([]);
});

test("a viewer whose connection is cut and restored misses no pin and sees none twice", async ({ browser }) => {
  const { host, room } = await hostRoom(browser, "Cut test");
  // Each event stream lasts 1.5 s, so the connection really breaks while offline (an open
  // stream would survive Chromium's offline switch) and every reconnect must resume.
  const { context, page, problems, streams } = await viewer(browser, room, "&stream_ms=1500");
  await pinFromConsole(host, "tote", "Canvas Tote Bag");
  await expect(page.locator(".so-pin-title")).toHaveText("Canvas Tote Bag");

  // The network goes away (the stream ends and cannot come back); the host keeps pinning.
  await context.setOffline(true);
  await page.waitForTimeout(2500);
  await pinFromConsole(host, "mug", "Stoneware Mug");
  await pinFromConsole(host, "lamp", "Desk Lamp");
  await host.getByRole("button", { name: "Unpin Canvas Tote Bag" }).click();
  await expect(host.locator("#pinned")).not.toContainText("Canvas Tote Bag");
  await context.setOffline(false);

  // Back: the stream resumes after the last event it had.
  await expect(page.locator(".so-pin-title"), JSON.stringify({ streams, live: await page.evaluate(() => window.shoppable.live) })).toHaveText("Desk Lamp", { timeout: 15_000 });
  await expect(page.locator(".so-pin-more")).toHaveText("+1 more pinned");
  const events = await page.evaluate(() => window.shoppable.live.map((e) => [e.id, e.kind, e.productId]));
  expect(events).toEqual([
    [1, "pin", "p-tote"],
    [2, "pin", "p-mug"],
    [3, "pin", "p-lamp"],
    [4, "unpin", "p-tote"],
  ]);
  // It really reconnected, asking to resume after the last event it had.
  const resumed = await Promise.all(streams);
  expect(resumed.length).toBeGreaterThanOrEqual(2);
  expect(resumed).toContain("1");
  expect(problems).toEqual([]);
});

test("phone viewport in Arabic (RTL): the pin card sits at the start corner above the controls", async ({ browser }) => {
  const { host, room } = await hostRoom(browser, "RTL room");
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await page.goto(`/live.html?room=${room}&lang=ar`);
  await page.waitForFunction(() => window.shoppable?.ready);
  await pinFromConsole(host, "tote", "Canvas Tote Bag");
  const pin = page.locator(".so-pin");
  // The catalogue answers in the page's language: the host pinned "Canvas Tote Bag".
  await expect(pin.locator(".so-pin-title")).toHaveText("حقيبة قماشية");
  const v = await page.locator("#main").boundingBox();
  const p = await pin.boundingBox();
  expect(p.x + p.width).toBeLessThanOrEqual(v.x + v.width + 0.5);
  expect(p.x).toBeGreaterThanOrEqual(v.x - 0.5);
  expect(v.x + v.width - (p.x + p.width)).toBeLessThanOrEqual(24); // start corner is the right in RTL
  expect(p.y + p.height).toBeLessThanOrEqual(v.y + v.height - 48);
  // One compact line, clear of the corner buttons; what else is pinned shows on a tap.
  expect(p.height).toBeLessThanOrEqual(52);
  const corner = await page.locator(".so-corner").first().boundingBox();
  expect(p.y >= corner.y + corner.height || p.x >= corner.x + corner.width || p.x + p.width <= corner.x).toBe(true);
  await pinFromConsole(host, "mug", "Stoneware Mug");
  await expect(pin.locator(".so-pin-title")).toHaveText("كوب فخاري");
  const summary = pin.locator(".so-pin-summary");
  await expect(summary).toHaveAttribute("aria-expanded", "false");
  await expect(pin.locator(".so-pin-more")).toBeHidden();
  await page.screenshot({ path: `${SHOTS}live-phone-rtl.png` });
  await summary.click();
  await expect(summary).toHaveAttribute("aria-expanded", "true");
  await expect(pin.locator(".so-pin-more")).toBeVisible();
  await page.screenshot({ path: `${SHOTS}live-phone-rtl-open.png` });
  // The page is in Arabic, so the overlay and the catalogue are too; the title sits isolated.
  const shop = pin.getByRole("button", { name: "تسوّق \u2068كوب فخاري\u2069" });
  const b = await shop.boundingBox();
  expect(b.height).toBeGreaterThanOrEqual(24);
  await shop.click();
  await expect(page.locator(".so-card .so-card-title")).toHaveText("كوب فخاري");
  await page.screenshot({ path: `${SHOTS}live-phone-rtl-card.png` });
});
