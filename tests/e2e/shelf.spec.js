// The shop shelf: every product of the video, deals first, text search and an "on deal"
// filter, each item opening the product card; and the polite live region that tells a screen
// reader which products came into view.
import { test, expect } from "./fixtures.js";
import { signIn } from "./auth.js";
import { open, seekAll, SHOTS } from "./helpers.js";

const uniq = () => `${Date.now()}-${Math.random().toString(36).slice(2)}`;

async function createDeal(request, body) {
  const csrf = await signIn(request);
  const res = await request.post("/api/deals", { data: body, headers: { "idempotency-key": `deal-${uniq()}`, ...csrf } });
  expect(res.status(), await res.text()).toBe(201);
  return res.json();
}

test("the shelf lists the video's products with deals first, searches and filters, and opens the card", async ({ page, request }) => {
  await createDeal(request, { product_id: "p-scarf", price: 3000, duration_ms: 10 * 60_000, title: "Scarf deal" });
  await createDeal(request, {
    product_id: "p-pack", price: 7000, starts_in_ms: 5 * 60_000, announce_before_ms: 5 * 60_000, duration_ms: 60_000,
  });
  const problems = await open(page, "?only=main");
  const manifest = await (await page.request.get("/media/demo.manifest.json")).json();
  // The way in says how many products the video has.
  await page.getByRole("button", { name: `${manifest.products.length} products`, exact: true }).click();
  const shelf = page.getByRole("dialog", { name: "Shop this video" });
  await expect(shelf.locator(".so-shelf-item")).toHaveCount(manifest.products.length);
  await expect(shelf.getByRole("searchbox", { name: "Search products" })).toBeFocused();
  // Deals first: live ones, then announced ones.
  const order = await shelf.locator(".so-shelf-item").evaluateAll((xs) => xs.map((x) => x.dataset.productId));
  const ranks = order.map((id) => (id === "p-pack" ? 1 : 0));
  expect(order.indexOf("p-scarf")).toBeLessThan(order.indexOf("p-pack"));
  expect(order.indexOf("p-pack")).toBeLessThan(order.indexOf("p-tote"));
  expect(ranks.length).toBe(manifest.products.length);
  const scarf = shelf.locator('.so-shelf-item[data-product-id="p-scarf"]');
  await expect(scarf.locator(".so-shelf-price")).toContainText("$30.00");
  await expect(scarf.locator(".so-shelf-badge")).toContainText(/−\d+% · \d\d:\d\d/);
  await expect(shelf.locator('.so-shelf-item[data-product-id="p-pack"] .so-shelf-badge')).toContainText("Starts 0");

  await shelf.getByRole("searchbox").fill("mug");
  await expect(shelf.locator(".so-shelf-item")).toHaveCount(1);
  await expect(shelf.locator(".so-line-title")).toHaveText("Stoneware Mug");
  await shelf.getByRole("searchbox").fill("zzz");
  await expect(shelf.locator(".so-shelf-count")).toHaveText("No products match.");
  await shelf.getByRole("searchbox").fill("");
  await shelf.getByRole("button", { name: "On deal" }).click();
  await expect(shelf.getByRole("button", { name: "On deal" })).toHaveAttribute("aria-pressed", "true");
  await expect(scarf).toBeVisible();
  await expect(shelf.locator('.so-shelf-item[data-product-id="p-tote"]')).toHaveCount(0);
  await expect(shelf.locator('.so-shelf-item[data-product-id="p-pack"]')).toHaveCount(0);
  for (const item of await shelf.locator(".so-shelf-item").all()) {
    await expect(item.locator(".so-shelf-price s")).toBeVisible(); // every one shows a deal price
  }
  await page.screenshot({ path: `${SHOTS}shelf-deals.png` });

  await scarf.getByRole("button", { name: "View Merino Scarf" }).click();
  await expect(page.locator(".so-card .so-price")).toHaveText("$30.00");
  await expect(page.locator(".so-card .so-deal-headline")).toContainText("Scarf deal · ends in");
  await page.keyboard.press("Escape");
  await expect(page.locator(".so-card")).toHaveCount(0);
  expect(problems).toEqual([]);
});

test("a screen reader hears, politely, which products came into view", async ({ page }) => {
  const problems = await open(page, "?only=main");
  const region = page.locator(".so-announce");
  await expect(region).toHaveAttribute("aria-live", "polite");
  await seekAll(page, 11);
  // t-mug starts at 10 s, t-phones at 12 s: seeking to 11 brings the mug (and others) in.
  await expect(region).toContainText("In the video now:");
  await expect(region).toContainText("Stoneware Mug");
  expect(problems).toEqual([]);
});
