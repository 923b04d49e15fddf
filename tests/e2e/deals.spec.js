// Countdown deals on the server's clock, against the real API: the countdown is right whatever
// the device's clock says, a deal that ends while the card is open stops offering its price
// everywhere and checkout charges the regular price, and clock answers that make no sense are
// reported and ignored.
import { test, expect } from "./fixtures.js";
import { signIn } from "./auth.js";
import { choice, open, openCard, SHOTS } from "./helpers.js";
import { shiftDate } from "../clock.js";

const uniq = () => `${Date.now()}-${Math.random().toString(36).slice(2)}`;

/// Creates a deal through the API, as a brand or a LIVE host would.
async function createDeal(request, body) {
  const csrf = await signIn(request);
  const res = await request.post("/api/deals", { data: body, headers: { "idempotency-key": `deal-${uniq()}`, ...csrf } });
  expect(res.status(), await res.text()).toBe(201);
  return res.json();
}

/// The server's time, bracketed by the request's own round-trip.
async function serverNow(request) {
  const t0 = Date.now();
  const { now_ms } = await (await request.get("/api/time")).json();
  return { now_ms, rtt: Date.now() - t0 };
}

const seconds = (text) => {
  const m = /(\d+):(\d\d)/.exec(text);
  return m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
};

for (const shift of [3_600_000, -3_600_000]) {
  test(`device clock off by ${shift > 0 ? "+" : "−"}1 h: the countdown shows the server's remaining time`, async ({ page }) => {
    // Every Date in the page is an hour off; performance.now() and the server are not.
    await page.addInitScript(shiftDate, shift);
    // The lowest live price is the one shown: go below any deal an earlier test left.
    const before = await (await page.request.get("/api/products?ids=p-mug")).json();
    const price = Math.min(1300, ...before.products[0].deals.map((d) => d.price)) - 100;
    const deal = await createDeal(page.request, {
      product_id: "p-mug", price, duration_ms: 10 * 60_000, title: "Mug deal",
    });
    const problems = await open(page, "?only=main");
    expect(await page.evaluate(() => Date.now() - performance.timeOrigin - performance.now())).not.toBeCloseTo(0, -4);
    await openCard(page, "p-mug");
    const headline = page.locator(".so-card .so-deal-headline");
    await expect(headline).toContainText("Mug deal · ends in");
    for (let i = 0; i < 3; i++) {
      const shown = seconds(await headline.innerText());
      const { now_ms, rtt } = await serverNow(page.request);
      const truth = Math.ceil((deal.ends_ms - now_ms) / 1000);
      expect(Math.abs(shown - truth), `shown ${shown}s, server says ${truth}s (rtt ${rtt} ms)`).toBeLessThanOrEqual(1);
      await page.waitForTimeout(700);
    }
    await expect(page.locator(".so-card .so-price")).toHaveText(`$${(price / 100).toFixed(2)}`);
    await expect(page.locator(".so-card .so-compare-at")).toHaveText("$18.00");
    const badge = page.locator('.so-tag[data-product-id="p-mug"] .so-badge');
    await expect(badge).toContainText(`−${Math.round(((1800 - price) * 100) / 1800)}% · `);
    expect(problems).toEqual([]);
  });
}

test("a deal that ends while the card is open: the price changes everywhere and checkout charges the regular price", async ({ page }) => {
  const problems = await open(page, "?only=main");
  const catalog = await (await page.request.get("/api/products?ids=p-bottle")).json();
  const variant = catalog.products[0].variants.find((v) => v.available > 1);
  const deal = await createDeal(page.request, {
    product_id: "p-bottle", variant_id: variant.id, price: variant.price - 500, duration_ms: 6000, title: "Bottle blitz",
  });
  // The page learns of deals with its product data; load it again now that the deal exists.
  await page.reload();
  await page.waitForFunction(() => window.shoppable?.ready);
  await openCard(page, "p-bottle");
  const card = page.locator(".so-card");
  await choice(card, variant.options.color).click();
  const dealPrice = `$${((variant.price - 500) / 100).toFixed(2)}`;
  const regular = `$${(variant.price / 100).toFixed(2)}`;
  await expect(card.locator(".so-price")).toHaveText(dealPrice);
  await expect(card.locator(".so-deal-headline")).toContainText("Bottle blitz · ends in 00:0");
  await card.locator(".so-add").click();
  await expect(page.locator(".so-cart-count")).toHaveText("1");
  await page.screenshot({ path: `${SHOTS}deal-live.png` });

  // The deal ends on the server's clock; the open card follows without a reload.
  const { now_ms } = await (await page.request.get("/api/time")).json();
  await page.waitForTimeout(Math.max(0, deal.ends_ms - now_ms));
  await expect(card.locator(".so-deal")).toHaveClass(/so-deal--ended/, { timeout: 2000 });
  await expect(card.locator(".so-deal-headline")).toHaveText("Deal ended");
  await expect(card.locator(".so-price")).toHaveText(regular);
  await expect(page.locator('.so-tag[data-product-id="p-bottle"] .so-badge')).toHaveCount(0);
  await page.screenshot({ path: `${SHOTS}deal-ended.png` });
  await page.keyboard.press("Escape");

  await page.locator(".so-cart-button").click();
  const drawer = page.locator(".so-drawer");
  await expect(drawer.locator(".so-line-total")).toHaveText(regular);
  await drawer.locator(".so-checkout").click();
  const orderId = await drawer.locator(".so-order-id").getAttribute("data-order");
  const order = await (await page.request.get(`/api/orders/${orderId}`)).json();
  expect(order.lines[0]).toMatchObject({ variant_id: variant.id, unit_price: variant.price, deal_id: null });
  await expect(drawer.locator(".so-order")).toContainText(regular);
  expect(problems).toEqual([]);
});

test("a server clock that makes no sense is reported and no deal price is shown", async ({ page }) => {
  await createDeal(page.request, { product_id: "p-lamp", price: 1000, duration_ms: 10 * 60_000 });
  // A broken time service: 12 ms after 1970.
  await page.route("**/api/time", (r) => r.fulfill({ json: { now_ms: 12 } }));
  const problems = await open(page, "?only=main");
  await expect
    .poll(() => page.evaluate(() => window.shoppable.errors.map((e) => e.kind)))
    .toContain("clock");
  const err = await page.evaluate(() => window.shoppable.errors.find((e) => e.kind === "clock"));
  expect(err.message).toBe("server time: 12 is not a Unix time in milliseconds; sample ignored");
  await openCard(page, "p-lamp");
  // Without a trusted clock nothing is known to be live: the regular price, no countdown.
  await expect(page.locator(".so-card .so-deal")).toHaveCount(0);
  const catalog = await (await page.request.get("/api/products?ids=p-lamp")).json();
  const first = catalog.products[0].variants.find((v) => v.available > 0);
  await expect(page.locator(".so-card .so-price")).toHaveText(`$${(first.price / 100).toFixed(2)}`);
  expect(problems).toEqual([]);
});

test("a deal the manifest features but the shop does not offer is reported and never shown", async ({ page }) => {
  const demo = await (await page.request.get("/media/demo.manifest.json")).json();
  const { now_ms } = await (await page.request.get("/api/time")).json();
  const manifest = {
    ...demo,
    deals: [
      { id: "d-made-up", product: "p-cap", price: 100, starts_ms: now_ms - 60_000, ends_ms: now_ms + 600_000, title: "Too good" },
      { id: "d-backwards", product: "p-cap", price: 100, starts_ms: now_ms + 60_000, ends_ms: now_ms },
    ],
  };
  await page.route("**/media/fake-deal.manifest.json", (r) => r.fulfill({ json: manifest }));
  const problems = await open(page, "?only=main&manifest=media/fake-deal.manifest.json");
  const ready = await page.evaluate(() => window.shoppable.handles.get("main") != null);
  expect(ready).toBe(true);
  await expect
    .poll(() => page.evaluate(() => window.shoppable.errors.filter((e) => e.kind === "deal").map((e) => e.message)))
    .toEqual(["manifest deal d-made-up on p-cap is not offered by the shop; it is not shown"]);
  await openCard(page, "p-cap");
  await expect(page.locator(".so-card .so-deal")).toHaveCount(0);
  await expect(page.locator(".so-card .so-price")).not.toHaveText("$1.00");
  await expect(page.locator('.so-tag[data-product-id="p-cap"] .so-badge')).toHaveCount(0);
  expect(problems).toEqual([]);
});
