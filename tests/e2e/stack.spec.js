// A page with three shoppable videos, on a phone: whatever one overlay opens (card, cart,
// shelf) sits above everything else on the page, every tap on its controls reaches that
// control, and no other overlay's tag hears a tap while it is open.
import { test, expect } from "./fixtures.js";
import { BUYABLE, open, seekAll, SHOTS } from "./helpers.js";

test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

/// Whether a finger on the middle of `locator` lands on it (or inside it), after scrolling it
/// into view: what `document.elementFromPoint` finds there, described when it is not.
async function landsOn(locator) {
  await locator.scrollIntoViewIfNeeded();
  return locator.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    if (hit && (hit === el || el.contains(hit))) return "itself";
    return hit ? `${hit.tagName.toLowerCase()}.${[...hit.classList].join(".")}` : "nothing";
  });
}

/// Taps `locator` after checking that the tap lands on it.
async function tapChecked(locator, what) {
  expect(await landsOn(locator), what).toBe("itself");
  await locator.tap();
}

test("three overlays on a phone: every tap on the card, cart and shelf reaches it, and no other tag hears one", async ({ page }) => {
  const problems = await open(page);
  await page.evaluate(() => {
    window.__activations = {};
    for (const [id, h] of window.shoppable.handles) {
      window.__activations[id] = 0;
      h.on("tag-activate", () => window.__activations[id]++);
    }
  });
  expect(await page.evaluate(() => window.shoppable.handles.size)).toBe(3);
  await seekAll(page, 4.2);
  // The overlays in view show tags: the other one is a live target while nothing is open (the
  // third is below the fold).
  for (const id of ["main", "letterbox"]) {
    await expect(page.locator(`#${id} ~ .so-root .so-tag:not(.so-tag--hidden):not(.so-tag--soon)`).first()).toBeAttached();
  }

  // The card, over the others' tags.
  await page.locator('#main ~ .so-root .so-tag[data-tag-id="t-tote-1"]').tap();
  const card = page.locator(".so-card");
  await expect(card.locator(".so-price")).toBeVisible();
  expect(await card.evaluate((d) => d.matches("dialog:modal"))).toBe(true);
  // Everything else on the page is inert: a finger on a tag the sheet leaves in view lands on
  // the card's backdrop, not on the tag.
  const uncovered = await page.evaluate(() => {
    const top = document.querySelector(".so-card").getBoundingClientRect().top;
    const tags = [...document.querySelectorAll(".so-tag:not(.so-tag--hidden):not(.so-tag--soon)")].filter((t) => {
      const r = t.getBoundingClientRect();
      return r.width > 0 && r.bottom < top;
    });
    return tags.map((t) => {
      const r = t.getBoundingClientRect();
      const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      return { x: r.left + r.width / 2, y: r.top + r.height / 2, reached: hit === t || t.contains(hit) };
    });
  });
  expect(uncovered.length).toBeGreaterThan(0);
  expect(uncovered.filter((t) => t.reached)).toEqual([]);
  const variants = card.locator(".so-choice:not([disabled])");
  const n = await variants.count();
  expect(n).toBeGreaterThan(0);
  for (let i = 0; i < n; i++) {
    await tapChecked(variants.nth(i), `variant ${i}`);
    await expect(variants.nth(i)).toHaveAttribute("aria-pressed", "true");
  }
  // Then one that can be bought.
  const buyable = card.locator(BUYABLE).first();
  await tapChecked(buyable, "a variant in stock");
  await expect(buyable).toHaveAttribute("aria-pressed", "true");
  const qty = card.locator(".so-quantity output");
  const more = card.getByRole("button", { name: "One more" });
  const less = card.getByRole("button", { name: "One less" });
  if (await more.isEnabled()) {
    await tapChecked(more, "quantity +");
    await expect(qty).toHaveText("2");
    await tapChecked(less, "quantity −");
    await expect(qty).toHaveText("1");
  }
  const add = card.locator(".so-add");
  await tapChecked(add, "add to cart");
  await expect(add).toHaveText("Added to cart");
  await page.screenshot({ path: `${SHOTS}stack-card-phone.png` });
  await tapChecked(card.locator(".so-card-done"), "keep watching");
  await expect(card).toHaveCount(0);

  // A tap outside the card (on its backdrop, over a tag) closes it and reaches no tag.
  await page.locator('#main ~ .so-root .so-tag[data-tag-id="t-tote-1"]').tap();
  await expect(card.locator(".so-price")).toBeVisible();
  await page.touchscreen.tap(uncovered[0].x, uncovered[0].y);
  await expect(card).toHaveCount(0);

  // The cart.
  await tapChecked(page.locator("#main ~ .so-root .so-cart-button"), "cart button");
  const drawer = page.locator(".so-drawer:not(.so-shelf)");
  await expect(drawer.locator(".so-line")).toHaveCount(1);
  expect(await drawer.evaluate((d) => d.matches("dialog:modal"))).toBe(true);
  const line = drawer.locator(".so-line").first();
  const lineQty = line.locator("output");
  await tapChecked(line.getByRole("button", { name: "One more" }), "line +");
  await expect(lineQty).toHaveText("2");
  await tapChecked(line.getByRole("button", { name: "One less" }), "line −");
  await expect(lineQty).toHaveText("1");
  await tapChecked(drawer.locator(".so-checkout"), "checkout");
  await expect(drawer.locator(".so-order-title")).toBeVisible();
  await page.screenshot({ path: `${SHOTS}stack-cart-phone.png` });
  await tapChecked(drawer.locator(".so-card-close"), "close the cart");
  await expect(drawer).toHaveCount(0);

  // The shelf.
  await tapChecked(page.locator("#main ~ .so-root .so-shelf-button"), "shop button");
  const shelf = page.locator(".so-shelf");
  await expect(shelf.locator(".so-shelf-item").first()).toBeVisible();
  const search = shelf.getByRole("searchbox");
  await tapChecked(search, "search");
  await page.keyboard.type("mug");
  await expect(shelf.locator(".so-shelf-item")).toHaveCount(1);
  await search.fill("");
  const onDeal = shelf.getByRole("button", { name: "On deal" });
  await tapChecked(onDeal, "on deal");
  await expect(onDeal).toHaveAttribute("aria-pressed", "true");
  await tapChecked(onDeal, "on deal, again");
  await expect(onDeal).toHaveAttribute("aria-pressed", "false");
  await tapChecked(shelf.locator(".so-shelf-item button").first(), "a shelf item");
  await expect(card.locator(".so-price")).toBeVisible();
  await tapChecked(card.locator(".so-card-close"), "close the card");
  await expect(card).toHaveCount(0);

  // Only the two taps on the main overlay's tag were heard, by the main overlay.
  expect(await page.evaluate(() => window.__activations)).toEqual({ main: 2, letterbox: 0, cover: 0 });
  expect(problems).toEqual([]);
});
