// The demo pages' own words: every language has every word, each word by count has the forms
// its language's plural rules ask for, every key a page or script names exists, and a page
// opened in Arabic or Spanish reads in it (direction included).
import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { test, expect } from "./fixtures.js";
import { WORDS } from "../../www/static/words-catalog.js";

const STATIC = fileURLToPath(new URL("../../www/static/", import.meta.url));

test("every language has every word, in the plural forms its rules ask for", () => {
  const keys = Object.keys(WORDS.en).sort();
  for (const lang of ["es", "ar"]) {
    expect(Object.keys(WORDS[lang]).sort(), lang).toEqual(keys);
  }
  for (const [lang, words] of Object.entries(WORDS)) {
    const needed = new Intl.PluralRules(lang).resolvedOptions().pluralCategories;
    for (const [key, text] of Object.entries(words)) {
      const forms = typeof text === "object" ? text : null;
      if (forms) {
        for (const c of needed) expect(forms[c], `${lang} ${key} ${c}`).toBeTruthy();
      }
      // A word by count in one language is one in all: its forms take {n}.
      expect(typeof text, `${lang} ${key}`).toBe(typeof WORDS.en[key]);
    }
  }
});

test("every key a page or a script names is in the catalogue", () => {
  const named = new Set();
  for (const file of readdirSync(STATIC).filter((f) => /\.(html|js)$/.test(f))) {
    const text = readFileSync(STATIC + file, "utf8");
    if (file.endsWith(".html")) {
      for (const m of text.matchAll(/data-t(?:-placeholder|-label)?="([^"]+)"/g)) named.add(m[1]);
    } else if (file.endsWith(".js")) {
      for (const m of text.matchAll(/\bt\(\s*"([a-z_]+\.[a-z_]+)"/g)) named.add(m[1]);
      for (const m of text.matchAll(/"((?:host|index|live|app|signin|account)\.(?!html"|js"|css")[a-z_]+)"/g)) named.add(m[1]);
    }
  }
  expect(named.size).toBeGreaterThan(40);
  for (const key of named) expect(WORDS.en[key], key).toBeTruthy();
});

for (const [lang, heading, dir] of [["ar", "فيديو قابل للتسوق", "rtl"], ["es", "Vídeo comprable", "ltr"]]) {
  test(`the viewer page in ${lang}: its own words and direction`, async ({ page }) => {
    await page.goto(`/?lang=${lang}&only=main`);
    await page.waitForFunction(() => window.shoppable?.ready);
    await expect(page.locator("h1")).toHaveText(heading);
    await expect(page.locator("html")).toHaveAttribute("dir", dir);
    await expect(page).toHaveTitle(WORDS[lang]["index.page"]);
  });
}

test("the app page opened in a plain browser says where to buy, in the page's language", async ({ page }) => {
  await page.goto("/app.html?lang=es");
  await page.waitForFunction(() => window.shoppable?.ready);
  const status = page.locator("#status");
  await expect(status).toHaveText(`${WORDS.es["app.outside"]} ${WORDS.es["app.web"]}`);
  await expect(status.getByRole("link", { name: WORDS.es["app.web"] })).toHaveAttribute("href", "/?lang=es");
  // It sits over the top of the video, clear of the overlay's buttons at the bottom.
  const s = await status.boundingBox();
  const v = await page.locator("#main").boundingBox();
  expect(s.y).toBeLessThan(v.y + v.height / 3);
  // Tags still show what is in the video.
  await expect(page.locator(".so-tag:not(.so-tag--hidden):not(.so-tag--soon)").first()).toBeVisible({ timeout: 10_000 });
});
