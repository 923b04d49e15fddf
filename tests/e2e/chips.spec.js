// On a phone there is no hover: every tag says what it is at rest, a chip with the product's
// name and the price a viewer pays now, where the label engine finds room (a dot where it does
// not), and the corner button leads to every product of the video. No tag, and nothing a tag
// shows, goes under the corner buttons.
import { test, expect } from "./fixtures.js";
import { open, seekAll, SHOTS } from "./helpers.js";

/// The chips shown now: each visible label's box, text and whether it is muted.
async function chips(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll("#main ~ .so-root .so-tag:not(.so-tag--hidden):not(.so-tag--soon)")].map((t) => {
      const label = t.querySelector(".so-label");
      const r = label.getBoundingClientRect();
      const d = t.getBoundingClientRect();
      return {
        id: t.dataset.tagId,
        atRest: label.classList.contains("so-label--always"),
        shown: getComputedStyle(label).opacity === "1",
        name: label.querySelector(".so-label-name")?.textContent ?? "",
        price: label.querySelector(".so-label-price")?.textContent ?? "",
        box: { l: r.left, t: r.top, r: r.right, b: r.bottom },
        dot: { x: d.left + d.width / 2, y: d.top + d.height / 2, r: d.width / 2 },
      };
    }),
  );
}

/// The deal badges shown now (not muted), with their boxes.
async function shownBadges(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll("#main ~ .so-root .so-tag:not(.so-tag--hidden):not(.so-tag--soon):not(.so-tag--badge-muted) .so-badge")].map((b) => {
      const r = b.getBoundingClientRect();
      return { id: b.parentElement.dataset.tagId, box: { l: r.left, t: r.top, r: r.right, b: r.bottom } };
    }),
  );
}

const overlap = (a, b) => a.l < b.r - 0.5 && b.l < a.r - 0.5 && a.t < b.b - 0.5 && b.t < a.b - 0.5;

test.describe("on a phone", () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

  test("tags are chips with name and price where there is room, dots where there is not", async ({ page }) => {
    const problems = await open(page, "?only=main");
    const manifest = await (await page.request.get("/media/demo.manifest.json")).json();
    let seen = 0;
    for (const t of [2.5, 4.2, 6.9]) {
      await seekAll(page, t);
      // The shop has the prices once the products arrived.
      await expect.poll(async () => (await chips(page)).filter((c) => c.price).length, { timeout: 15_000 }).toBeGreaterThan(0);
      // Shown or muted only after the engine placed the measured chips: wait for the fade.
      await page.waitForTimeout(300);
      const now = await chips(page);
      expect(now.every((c) => c.atRest), "every tag at rest on a phone").toBe(true);
      const shown = now.filter((c) => c.shown);
      for (const c of shown) {
        expect(c.name.length, c.id).toBeGreaterThan(0);
        // Inside the player, clear of every other chip and every other tag's dot.
        const player = await page.locator("#main").boundingBox();
        expect(c.box.l).toBeGreaterThanOrEqual(player.x - 0.5);
        expect(c.box.r).toBeLessThanOrEqual(player.x + player.width + 0.5);
        for (const o of shown.filter((o) => o !== c)) expect(overlap(c.box, o.box), `${c.id} over ${o.id}`).toBe(false);
        for (const o of now.filter((o) => o !== c)) {
          const inner = { l: o.dot.x - o.dot.r + 2, r: o.dot.x + o.dot.r - 2, t: o.dot.y - o.dot.r + 2, b: o.dot.y + o.dot.r - 2 };
          expect(overlap(c.box, inner), `${c.id} covers ${o.id}'s target`).toBe(false);
        }
      }
      for (const c of now.filter((c) => c.price)) expect(c.price).toMatch(/^\$\d+\.\d\d$/);
      // The shop's buttons hold the top corner: no chip and no deal badge goes under them.
      const corner = await page.locator("#main ~ .so-root .so-corner").boundingBox();
      const held = { l: corner.x, t: corner.y, r: corner.x + corner.width, b: corner.y + corner.height };
      for (const c of shown) expect(overlap(c.box, held), `${c.id}'s chip under the corner buttons`).toBe(false);
      // Nor any tag: one whose product is under them moves out from under them, tappable.
      for (const c of now) {
        const dot = { l: c.dot.x - c.dot.r + 1, r: c.dot.x + c.dot.r - 1, t: c.dot.y - c.dot.r + 1, b: c.dot.y + c.dot.r - 1 };
        expect(overlap(dot, held), `${c.id}'s tag under the corner buttons`).toBe(false);
      }
      for (const b of await shownBadges(page)) expect(overlap(b.box, held), `${b.id}'s badge under the corner buttons`).toBe(false);
      seen += shown.filter((c) => c.price).length;
    }
    expect(seen).toBeGreaterThan(0);
    await page.screenshot({ path: `${SHOTS}chips-phone.png` });
    // The corner buttons grow (a longer count, a larger font): what was under their new box
    // moves or hides, and nothing a tag shows goes under them.
    await page.evaluate(() => {
      const c = document.querySelector("#main ~ .so-root .so-corner");
      c.style.paddingBottom = "90px";
      c.style.paddingInlineStart = "120px";
    });
    await expect
      .poll(async () => {
        const corner = await page.locator("#main ~ .so-root .so-corner").boundingBox();
        const held = { l: corner.x, t: corner.y, r: corner.x + corner.width, b: corner.y + corner.height };
        const now = await chips(page);
        const under = now.filter((c) => c.shown && overlap(c.box, held)).map((c) => `chip ${c.id}`);
        for (const c of now) {
          const dot = { l: c.dot.x - c.dot.r + 1, r: c.dot.x + c.dot.r - 1, t: c.dot.y - c.dot.r + 1, b: c.dot.y + c.dot.r - 1 };
          if (overlap(dot, held)) under.push(`tag ${c.id}`);
        }
        for (const b of await shownBadges(page)) if (overlap(b.box, held)) under.push(`badge ${b.id}`);
        return under;
      }, { message: "chips and badges under the grown corner" })
      .toEqual([]);
    // The way into every product of the video, counted.
    const entry = page.locator("#main ~ .so-root .so-shelf-button");
    await expect(entry).toHaveText(`${manifest.products.length} products`);
    await entry.tap();
    await expect(page.locator(".so-shelf .so-shelf-item")).toHaveCount(manifest.products.length);
    expect(problems).toEqual([]);
  });
});

test("with a mouse, a tag without an author's label shows its name on hover only", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  const problems = await open(page, "?only=main");
  await seekAll(page, 4.2);
  const now = await chips(page);
  const manifest = await (await page.request.get("/media/demo.manifest.json")).json();
  for (const c of now) {
    const labelled = manifest.tags.find((t) => t.id === c.id)?.label !== undefined;
    expect(c.atRest, c.id).toBe(labelled);
  }
  expect(problems).toEqual([]);
});
