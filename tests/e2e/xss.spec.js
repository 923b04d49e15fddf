// The XSS corpus (xss-corpus.js) through every way text reaches the page: manifest names and
// labels, catalog titles and descriptions, product and image URLs and deal titles over the REST
// bridge, the same answered by a native app, and a LIVE room's title. Nothing runs, nothing
// becomes markup, no link or image points anywhere but https or this origin, bidi controls
// stay isolated, and the text reads exactly as it was sent. (The fixture fails any test on a
// CSP or Trusted Types violation besides.)
import { test, expect } from "./fixtures.js";
import { open } from "./helpers.js";
import { openApp } from "./app.js";
import { PAYLOADS, LONG, URLS } from "./xss-corpus.js";

/// What a payload reads as once shown: lone surrogates cannot cross into Rust strings.
const shown = (p) => p.toWellFormed();

/// Installs `__xss` before the page's scripts: a payload that ran would call it.
async function trap(page) {
  await page.addInitScript(() => {
    window.__xssRan = [];
    window.__xss = (n) => window.__xssRan.push(n);
  });
}

/// Everything on the page a payload could have become: elements no UI here makes, handler
/// attributes, and links, images or frames pointing anywhere but https or this origin.
function audit(page) {
  return page.evaluate(() => {
    const bad = [];
    const foreign = "b, i, marquee, details, template, math, style, script:not([src]), iframe, object, embed, base, meta[http-equiv], animate, source, form, noscript";
    for (const el of document.body.querySelectorAll(foreign)) bad.push(`element <${el.localName}>`);
    // The page's own head (its icon, stylesheets, scripts) is not what a payload reaches.
    for (const el of document.body.querySelectorAll("*")) {
      for (const a of el.attributes) {
        if (a.name.startsWith("on")) bad.push(`<${el.localName} ${a.name}>`);
        if (["href", "src", "action", "formaction", "data", "poster"].includes(a.name)) {
          let ok = false;
          try {
            const u = new URL(a.value, location.href);
            ok = u.protocol === "https:" || u.origin === location.origin;
          } catch {}
          if (!ok) bad.push(`<${el.localName} ${a.name}="${a.value.slice(0, 60)}">`);
        }
      }
    }
    return { bad, ran: window.__xssRan };
  });
}

/// Whether the element holding `text` on the page isolates its direction (`<bdi>` or
/// `unicode-bidi: isolate`), so a bidi override cannot reorder what is around it.
function isolated(locator) {
  return locator.evaluate((el) => {
    for (let e = el; e; e = e.parentElement) {
      const u = getComputedStyle(e).unicodeBidi;
      if (u === "isolate" || u === "plaintext" || u === "isolate-override") return true;
      if (e.classList.contains("so-root")) break;
    }
    return false;
  });
}

test("manifest names and labels: the text as written on the tags, never markup", async ({ page }) => {
  expect(PAYLOADS.length).toBeGreaterThanOrEqual(50);
  await trap(page);
  const problems = await open(page, "?only=main");
  const video = JSON.parse(await (await page.request.get("/media/demo.manifest.json")).text()).video;
  const results = await page.evaluate(
    async ({ payloads, long, video }) => {
      const v = document.getElementById("main");
      v.pause();
      // A seek always ends in `seeked` (a frame callback needs a new frame to be presented).
      const seeked = new Promise((ok) => v.addEventListener("seeked", ok, { once: true }));
      v.currentTime = 1;
      await seeked;
      window.shoppable.handles.get("main").destroy();
      const frame = () => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok)));
      const out = [];
      for (const text of [...payloads, long]) {
        const manifest = {
          version: 1,
          video,
          products: [{ id: "p-a", name: text }, { id: "p-b", name: "Plain" }],
          tags: [
            { id: "t-name", product: "p-a", start: 0, end: 20, x: 0.3, y: 0.4 },
            { id: "t-label", product: "p-b", start: 0, end: 20, x: 0.6, y: 0.6, label: text },
          ],
        };
        const h = window.shoppable.mount(v, { manifest: JSON.stringify(manifest) });
        const heard = await new Promise((ok) => {
          h.on("ready", () => ok({ ready: true }));
          h.on("error", (e) => ok({ error: e.problems.map((p) => p.path) }));
        });
        await frame();
        const tag = (id) => document.querySelector(`.so-tag[data-tag-id="${id}"]`);
        out.push({
          heard,
          name: tag("t-name") && { aria: tag("t-name").getAttribute("aria-label"), text: tag("t-name").querySelector(".so-label")?.textContent, kids: tag("t-name").querySelectorAll("*").length },
          label: tag("t-label") && { aria: tag("t-label").getAttribute("aria-label"), text: tag("t-label").querySelector(".so-label")?.textContent, kids: tag("t-label").querySelectorAll("*").length },
        });
        h.destroy();
      }
      return out;
    },
    { payloads: PAYLOADS, long: LONG, video },
  );
  PAYLOADS.forEach((p, i) => {
    const r = results[i];
    expect(r.heard, `payload ${i}`).toEqual({ ready: true });
    // The name is the tag's accessible name and, with no label, its text; the label is shown.
    // Three elements: the dot, the label and the name's span in it (no shop here: no price).
    expect(r.name, `payload ${i}`).toEqual({ aria: shown(p), text: shown(p), kids: 3 });
    expect(r.label, `payload ${i}`).toEqual({ aria: shown(p), text: shown(p), kids: 3 });
  });
  // Past the manifest's 200-character limit: refused, naming both fields, and no tags.
  expect(results.at(-1)).toEqual({ heard: { error: ["products[0].name", "tags[1].label"] }, name: null, label: null });
  expect(await audit(page)).toEqual({ bad: [], ran: [] });
  expect(await page.evaluate(() => document.getElementById("main").error)).toBeNull();
  expect(problems).toEqual([]);
});

/// One product per payload, with the catalog's fields all hostile: `i` picks the payloads.
/// (The description is not shown anywhere; it is hostile and long all the same.)
function hostileProduct(id, i, now) {
  const n = PAYLOADS.length;
  return {
    id,
    title: PAYLOADS[i],
    description: `${PAYLOADS[(i + 1) % n]} ${LONG}`,
    url: URLS[i % URLS.length],
    image: URLS[(i + 5) % URLS.length],
    currency: "USD",
    variants: [{ id: `${id}-v`, options: { color: PAYLOADS[(i + 2) % n].slice(0, 40), size: null }, price: 1000, compare_at: null, available: 5 }],
    deals: [{ id: `d-${id}`, product_id: id, variant_id: null, price: 800, starts_ms: now - 60_000, ends_ms: now + 3_600_000, announce_ms: null, limit: 2, stock_left: null, title: PAYLOADS[(i + 3) % n] }],
  };
}

/// A manifest with one tag per payload's product, all on screen at once.
function corpusManifest(video) {
  return {
    version: 1,
    video,
    products: PAYLOADS.map((_, i) => ({ id: `p-x${i}`, name: `Product ${i}` })),
    tags: PAYLOADS.map((_, i) => ({ id: `t-x${i}`, product: `p-x${i}`, start: 0, end: 20, x: 0.05 + 0.9 * ((i % 8) / 7), y: 0.1 + 0.8 * (Math.floor(i / 8) / 7) })),
  };
}

/// Serves the corpus manifest and answers product lookups with hostile products; the catalog's
/// https host answers every image with a picture.
async function serveCorpus(page, video) {
  await page.route("https://shop.example/**", (r) =>
    r.fulfill({ contentType: "image/svg+xml", body: '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"/>' }),
  );
  await page.route("**/media/xss.manifest.json", (r) => r.fulfill({ json: corpusManifest(video) }));
  await page.route("**/api/products?ids=*", (r) => {
    const ids = new URL(r.request().url()).searchParams.get("ids").split(",");
    const now = Date.now();
    const products = ids.filter((id) => id.startsWith("p-x")).map((id) => hostileProduct(id, Number(id.slice(3)), now));
    return r.fulfill({ json: { products, missing: ids.filter((id) => !id.startsWith("p-x")) } });
  });
}

/// Opens every product's card in turn and reads what it shows.
async function readCards(page) {
  const out = [];
  for (let i = 0; i < PAYLOADS.length; i++) {
    await page.evaluate((i) => document.querySelector(`.so-tag[data-tag-id="t-x${i}"]`).click(), i);
    const card = page.locator(".so-card");
    await expect(card.locator(".so-price").first()).toBeVisible();
    const title = card.locator(".so-card-title");
    out.push(
      await card.evaluate((c) => ({
        title: c.querySelector(".so-card-title")?.textContent,
        link: c.querySelector(".so-card-link")?.getAttribute("href") ?? null,
        image: c.querySelector(".so-card-image")?.getAttribute("src") ?? null,
      })),
    );
    out.at(-1).isolated = await isolated(title);
    await page.keyboard.press("Escape");
    await expect(card).toHaveCount(0);
  }
  return out;
}

function checkCards(cards) {
  cards.forEach((c, i) => {
    expect(c.title, `payload ${i}`).toBe(shown(PAYLOADS[i]));
    expect(c.isolated, `payload ${i}: the title isolates its direction`).toBe(true);
  });
  // Only https and this origin become links and images, and those that may, do.
  const links = cards.map((c) => c.link).filter(Boolean);
  const images = cards.map((c) => c.image).filter(Boolean);
  expect(links).toContain("https://shop.example/products/ok?x=<script>");
  expect(images).toContain("/media/products/p-watch.svg");
  for (const u of [...links, ...images]) expect(u.startsWith("https://") || u.startsWith("/")).toBe(true);
}

test("catalog titles, descriptions, variant names, product and image URLs over REST: text, safe links", async ({ page }) => {
  test.setTimeout(180_000);
  await trap(page);
  const video = JSON.parse(await (await page.request.get("/media/demo.manifest.json")).text()).video;
  await serveCorpus(page, video);
  const problems = await open(page, "?only=main&manifest=media/xss.manifest.json");
  await page.evaluate(() => document.getElementById("main").pause());
  checkCards(await readCards(page));
  // The shelf lists every title at once.
  await page.locator(".so-shelf-button").click();
  const titles = await page.locator(".so-shelf-item .so-line-title").allTextContents();
  expect(titles.sort()).toEqual(PAYLOADS.map(shown).sort());
  await page.keyboard.press("Escape");
  expect(await audit(page)).toEqual({ bad: [], ran: [] });
  expect(problems).toEqual([]);
});

test("the same catalog answered by a native app, with deal titles and LIVE pins: text, safe links", async ({ page }) => {
  test.setTimeout(180_000);
  await trap(page);
  const video = JSON.parse(await (await page.request.get("/media/demo.manifest.json")).text()).video;
  await serveCorpus(page, video);
  const problems = await openApp(page, "ios", { query: "?manifest=media/xss.manifest.json&room=r-x" });
  await page.evaluate(() => document.getElementById("main").pause());
  checkCards(await readCards(page));
  // A deal's title shows when its per-customer limit stops an add: as text, isolated.
  // Deal titles with open overrides and isolates, Arabic, and markup: product i has deal
  // title PAYLOADS[i + 3].
  const n = PAYLOADS.length;
  const dealTitles = [PAYLOADS.indexOf("invoice\u202Efdp.exe"), PAYLOADS.indexOf("\u2066isolated\u2069 then \u2067more"), 6, PAYLOADS.length - 2];
  let inCart = 0;
  for (const i of dealTitles.map((j) => (j - 3 + n) % n)) {
    await page.evaluate((i) => document.querySelector(`.so-tag[data-tag-id="t-x${i}"]`).click(), i);
    const card = page.locator(".so-card");
    await card.locator(".so-choice").first().click();
    for (let k = 0; k < 2; k++) {
      await card.locator(".so-add").click();
      await expect(page.locator(".so-cart-count")).toHaveText(String(++inCart));
    }
    // Nothing more at the deal price: the card says why, naming the deal.
    const why = await card.locator(".so-limit-note").evaluate((e) => e.textContent);
    // Isolated when it has bidi controls or right-to-left letters, so nothing it leaves open
    // reorders the sentence around it; as written otherwise.
    const deal = shown(PAYLOADS[(i + 3) % n]);
    expect(why).toContain(/[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069\u0590-\u08ff]/.test(deal) ? `\u2068${deal}\u2069` : deal);
    await page.keyboard.press("Escape");
  }
  // A LIVE pin the app pushes shows the pinned product's title, as text.
  await page.waitForFunction(() => window.__app.subs.length > 0);
  let seq = 0;
  for (const i of [0, 7, 46, 50, 52]) {
    await page.evaluate(([i, seq]) => window.__app.push("pin", seq, { product_id: `p-x${i}` }), [i, ++seq]);
    const title = page.locator(".so-pin .so-pin-title");
    await expect(title).toHaveCount(1);
    expect(await title.evaluate((e) => e.textContent)).toBe(shown(PAYLOADS[i]));
    await page.evaluate(([i, seq]) => window.__app.push("unpin", seq, { product_id: `p-x${i}` }), [i, ++seq]);
    await expect(title).toHaveCount(0);
  }
  expect(await audit(page)).toEqual({ bad: [], ran: [] });
  expect(problems).toEqual([]);
});

test("a LIVE room's title on the viewer page: the text as written", async ({ page }) => {
  await trap(page);
  const title = PAYLOADS.join(" | ");
  await page.route("**/api/rooms/r-xss", (r) => r.fulfill({ json: { id: "r-xss", title, pinned: [], last_event_id: 0 } }));
  await page.goto("/live.html?room=r-xss");
  await expect(page.locator("#room-title")).not.toBeEmpty();
  // The page's own script sets it, so even a lone surrogate stays as sent.
  expect(await page.locator("#room-title").evaluate((e) => e.textContent)).toBe(`· ${title}`);
  expect(await audit(page)).toEqual({ bad: [], ran: [] });
});
