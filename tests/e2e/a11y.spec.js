// Accessibility, checked by axe-core on every page and every state a viewer, an app user, a
// host and a brand reach — tags, card, drawer, shelf, order confirmation, pin card, host
// console, studio — against WCAG 2.2 AA plus `target-size`, in English and in Arabic (RTL).
import AxeBuilder from "@axe-core/playwright";
import { test, expect } from "./fixtures.js";
import { BUYABLE, open, openCard, seekVideo } from "./helpers.js";
import { signIn } from "./auth.js";

const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/// axe's violations on the page now, one line each (rule, impact, where).
async function axe(page, state) {
  const result = await new AxeBuilder({ page })
    .withTags(TAGS)
    .options({ rules: { "target-size": { enabled: true } } })
    .analyze();
  return result.violations.map(
    (v) => `${state}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.slice(0, 4).map((n) => n.target.join(" ")).join(" | ")}`,
  );
}

/// Starts a LIVE room with one product pinned, through the API as the host console does.
async function pinnedRoom(request) {
  const key = () => `a11y-${Date.now()}-${Math.random().toString(36).slice(2)}`;
  const csrf = await signIn(request);
  const room = await (await request.post("/api/rooms", { headers: { "idempotency-key": key(), ...csrf }, data: { title: "Accessibility room" } })).json();
  const pin = await request.post(`/api/rooms/${room.id}/pins`, { headers: { "idempotency-key": key(), ...csrf }, data: { product_id: "p-watch" } });
  expect(pin.ok(), await pin.text()).toBe(true);
  return room.id;
}

for (const lang of ["en", "ar"]) {
  const q = lang === "ar" ? "&lang=ar" : "";

  test(`viewer (${lang}): tags, card, drawer, order confirmation, shelf`, async ({ page }) => {
    test.setTimeout(120_000);
    const found = [];
    await open(page, `?only=main${q}`);
    await seekVideo(page, "main", 7);
    found.push(...(await axe(page, "tags")));
    await openCard(page, "p-watch");
    found.push(...(await axe(page, "card")));
    await page.locator(`.so-card ${BUYABLE}`).first().click();
    await page.locator(".so-card .so-add").click();
    await expect(page.locator(".so-cart-count")).toHaveText(/1|١/);
    found.push(...(await axe(page, "card, added")));
    await page.keyboard.press("Escape");
    await page.locator(".so-cart-button").click();
    const drawer = page.locator(".so-drawer");
    await expect(drawer).toHaveAttribute("aria-busy", "false");
    found.push(...(await axe(page, "drawer")));
    await drawer.locator(".so-checkout").click();
    await expect(drawer.locator(".so-order-id")).not.toBeEmpty({ timeout: 30_000 });
    found.push(...(await axe(page, "order confirmation")));
    await page.keyboard.press("Escape");
    await page.locator(".so-shelf-button").click();
    await expect(page.locator(".so-shelf-item").first()).toBeVisible();
    found.push(...(await axe(page, "shelf")));
    expect(found).toEqual([]);
  });

  test(`LIVE viewer (${lang}): the pin card; the host console`, async ({ page, request }) => {
    const room = await pinnedRoom(request);
    await page.goto(`/live.html?room=${room}${q}`);
    await page.waitForFunction(() => window.shoppable?.ready);
    await expect(page.locator(".so-pin")).toBeVisible();
    const found = await axe(page, "pin card");
    await page.goto(`/signin.html${q ? `?${q.slice(1)}` : ""}`);
    found.push(...(await axe(page, "sign-in page")));
    await signIn(page);
    await page.goto(`/host.html?room=${room}${q}`);
    await expect(page.locator("#pinned")).not.toBeEmpty();
    found.push(...(await axe(page, "host console")));
    expect(found).toEqual([]);
  });

  test(`studio, element, players and app pages (${lang})`, async ({ page }) => {
    const found = [];
    await signIn(page);
    await page.goto(`/studio.html${q ? `?${q.slice(1)}` : ""}`);
    await page.waitForFunction(() => document.querySelector(".st-app, main"));
    await page.waitForTimeout(500);
    found.push(...(await axe(page, "studio")));
    for (const path of ["/element.html", "/players.html", "/app.html"]) {
      await page.goto(`${path}${q ? `?${q.slice(1)}` : ""}`);
      await page.waitForFunction(() => [...document.querySelectorAll("video")].every((v) => v.readyState >= 2));
      await page.waitForTimeout(300);
      found.push(...(await axe(page, path)));
    }
    expect(found).toEqual([]);
  });
}
