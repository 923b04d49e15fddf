// The product card as a shopper meets it: options as a colour and a size choice, price and
// add-to-cart always in view on a phone, the whole card in view at 1280×720, a drag on the
// sheet's grip closes it, and what cannot be bought says why.
import { test, expect } from "./fixtures.js";
import { choice, open, SHOTS } from "./helpers.js";

/// Opens the card of `product` from the shelf (it works for products whose tags move too).
async function openFromShelf(page, product) {
  await page.locator("#main ~ .so-root .so-shelf-button").click();
  await page.locator(`.so-shelf-item[data-product-id="${product}"] button`).click();
  await expect(page.locator(".so-card .so-price")).toBeVisible();
  return page.locator(".so-card");
}

/// Whether `locator`'s middle is on screen and a finger there lands on it.
async function inView(locator) {
  return locator.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const [x, y] = [r.left + r.width / 2, r.top + r.height / 2];
    if (y < 0 || y > innerHeight || x < 0 || x > innerWidth) return false;
    const hit = document.elementFromPoint(x, y);
    return hit === el || el.contains(hit);
  });
}

test.describe("on a phone", () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

  test("colour and size are separate choices; price and add stay in view; a drag down closes the sheet", async ({ page }) => {
    const problems = await open(page, "?only=main");
    const { products } = await (await page.request.get("/api/products?ids=p-sneaker")).json();
    const shoe = products[0];
    const card = await openFromShelf(page, "p-sneaker");
    // One group per axis, colour as swatches.
    await expect(card.locator(".so-option")).toHaveCount(2);
    await expect(card.locator(".so-option--swatches .so-choice")).toHaveCount(2);
    await expect(card.locator(".so-option:not(.so-option--swatches) .so-choice")).toHaveCount(5);
    for (const sel of [".so-add", ".so-price"]) expect(await inView(card.locator(sel)), sel).toBe(true);
    // Scrolled to the end and back, the footer stays.
    await card.evaluate((d) => (d.scrollTop = d.scrollHeight));
    expect(await inView(card.locator(".so-add"))).toBe(true);
    await card.evaluate((d) => (d.scrollTop = 0));

    // A combination: choose White, then each size; the chosen variant is White in that size.
    await choice(card, "White").tap();
    for (const size of ["40", "44"]) {
      await choice(card, size).tap();
      const want = shoe.variants.find((v) => v.options.color === "White" && v.options.size === size);
      await expect(card.locator(".so-option-legend").first()).toHaveText("Color: White");
      await expect(card.locator(".so-option-legend").nth(1)).toHaveText(`Size: ${size}`);
      if (want.available > 0) {
        await expect(card.locator(".so-add")).toBeEnabled();
      } else {
        await expect(card.locator(".so-limit-note")).toHaveText(`White · ${size} is sold out.`);
        await expect(card.locator(".so-add")).toBeDisabled();
      }
    }
    // A sold-out size in the chosen colour is struck through and says so.
    const out = shoe.variants.find((v) => v.available === 0);
    if (out) {
      await choice(card, out.options.color).tap();
      await expect(choice(card, out.options.size)).toHaveClass(/so-choice--out/);
      await expect(choice(card, out.options.size)).toContainText("sold out");
    }
    // Up to what is left, then the stepper says why it stops.
    const few = shoe.variants.find((v) => v.available > 0 && v.available <= 3);
    if (few) {
      await choice(card, few.options.color).tap();
      await choice(card, few.options.size).tap();
      for (let i = 1; i < few.available; i++) await card.getByRole("button", { name: "One more" }).tap();
      await expect(card.getByRole("button", { name: "One more" })).toBeDisabled();
      await expect(card.locator(".so-limit-note")).toHaveText(`Only ${few.available} left of this item.`);
    }
    await page.screenshot({ path: `${SHOTS}card-phone-options.png` });

    // A short pull springs back; a long one closes.
    const grip = await card.locator(".so-card-grip").boundingBox();
    const cdp = await page.context().newCDPSession(page);
    const drag = async (dy) => {
      const x = grip.x + grip.width / 2;
      const y = grip.y + grip.height / 2;
      await cdp.send("Input.dispatchTouchEvent", { type: "touchStart", touchPoints: [{ x, y }] });
      for (let k = 1; k <= 6; k++) {
        await cdp.send("Input.dispatchTouchEvent", { type: "touchMove", touchPoints: [{ x, y: y + (dy * k) / 6 }] });
      }
      await cdp.send("Input.dispatchTouchEvent", { type: "touchEnd", touchPoints: [] });
    };
    await drag(30);
    await page.waitForTimeout(300);
    await expect(card).toHaveCount(1);
    await drag(300);
    await expect(card).toHaveCount(0);
    expect(problems).toEqual([]);
  });
});

test("on a 1280×720 screen the whole card is in view, with nothing to scroll", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  const problems = await open(page, "?only=main");
  const card = await openFromShelf(page, "p-sneaker");
  const box = await card.evaluate((d) => {
    const r = d.getBoundingClientRect();
    return { top: r.top, bottom: r.bottom, scrolls: d.scrollHeight > d.clientHeight + 1 };
  });
  expect(box.top).toBeGreaterThanOrEqual(0);
  expect(box.bottom).toBeLessThanOrEqual(720);
  expect(box.scrolls).toBe(false);
  for (const sel of [".so-add", ".so-card-done", ".so-card-close", ".so-quantity"]) {
    expect(await inView(card.locator(sel)), sel).toBe(true);
  }
  // The grip is the phone's: not here.
  await expect(card.locator(".so-card-grip")).toBeHidden();
  await page.screenshot({ path: `${SHOTS}card-desktop.png` });
  expect(problems).toEqual([]);
});
