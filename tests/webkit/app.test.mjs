// The overlay inside an app, in a real WebKit: a WebKitGTK web view (host.py) plays the H.264
// sample from the reference server (byte ranges) and is the app's native side — its own cart,
// its own checkout, its own LIVE room — answering the bridge's envelope. Run by `cargo xtask
// test` under Xvfb: `xvfb-run -a node --test tests/webkit/`.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Host } from "./host.js";
import { expected, snapshotInPage, FRAME } from "../e2e/oracle.js";

const base = process.env.BASE_URL;
const SHOTS = fileURLToPath(new URL("../screenshots/webkit/", import.meta.url));
mkdirSync(SHOTS, { recursive: true });

let host;
before(async () => {
  assert.ok(base, "BASE_URL must name the reference server");
  host = await Host.start(base);
});
after(async () => {
  await host?.quit();
});

/// Opens the app page and waits for the overlay and the video's first frame.
async function open(query = "") {
  await host.load(`/app.html${query}`);
  await host.waitFor(() => window.shoppable?.ready || window.shoppable?.errors.length > 0, null, "the overlay");
  const errors = await host.evaluate(() => window.shoppable.errors.map((e) => e.message || String(e)));
  assert.deepEqual(errors, [], "the overlay started without errors");
  await host.waitFor(() => document.getElementById("main").readyState >= 2, null, "the video's first frame");
}

/// Pauses at media time t and waits until that frame is presented and the overlay applied it.
async function seek(t) {
  const fn = `async ({ t }) => {
    const v = document.getElementById("main");
    v.pause();
    // WebKit may first call back for a frame that was already on its way: wait for the
    // frame asked for.
    await new Promise((resolve) => {
      const check = (_now, m) => (Math.abs(m.mediaTime - t) < 0.5 / 30 ? resolve() : v.requestVideoFrameCallback(check));
      v.requestVideoFrameCallback(check);
      v.currentTime = t;
    });
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    return (${snapshotInPage.toString()})("main");
  }`;
  return host.evaluate(fn, { t });
}

const click = (selector) =>
  host.evaluate((s) => {
    const el = document.querySelector(s);
    if (!el) return false;
    el.click();
    return true;
  }, selector);

test("tags follow a moving product, frame by frame, in WebKit", async () => {
  await open();
  assert.equal(await host.evaluate(() => window.shoppable.handle.exactFrames()), true, "rVFC in WebKit");
  // t-sneaker moves along its keyframes between 2 s and 10 s.
  for (const t of [2.5, 4.2, 6.9, 9.4]) {
    const snap = await seek(t);
    const tag = snap.tags.find((g) => g.id === "t-sneaker" && !g.hidden);
    assert.ok(tag, `t-sneaker shows at ${t}`);
    const e = expected(snap, "t-sneaker", snap.t);
    assert.ok(Math.abs(tag.x - e.x) <= 2 && Math.abs(tag.y - e.y) <= 2, `t-sneaker at ${snap.t}: (${tag.x}, ${tag.y}) vs (${e.x}, ${e.y})`);
    assert.ok(Math.abs(snap.t - t) < FRAME, "the presented frame is the one asked for");
  }
  await host.snapshot(`${SHOTS}webkit-tags.png`);
});

test("tap → card → variant → add: the app's cart holds it; quantity; checkout handed to the app", async () => {
  await open("?lang=en");
  await seek(4.2);
  assert.ok(await click('.so-tag[data-tag-id="t-tote-1"]'), "the tag is there to tap");
  await host.waitFor(() => document.querySelector(".so-card .so-price")?.textContent, null, "the card's price");
  // A modal dialog in WebKit's top layer too: a finger on any of its buttons lands on that
  // button, and one on a tag or the cart button the sheet leaves uncovered lands on the
  // backdrop.
  const stack = await host.evaluate(() => {
    const card = document.querySelector(".so-card");
    const lands = (el) => {
      el.scrollIntoView({ block: "nearest" });
      const r = el.getBoundingClientRect();
      const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      return hit === el || el.contains(hit);
    };
    const top = card.getBoundingClientRect().top;
    const tags = [...document.querySelectorAll(".so-tag:not(.so-tag--hidden):not(.so-tag--soon)")].filter((t) => t.getBoundingClientRect().bottom < top);
    return {
      modal: card.matches("dialog:modal"),
      missed: [...card.querySelectorAll("button")].filter((b) => b.offsetParent && !lands(b)).map((b) => b.className),
      tagsHeard: tags.filter(lands).length,
      cartHeard: lands(document.querySelector(".so-cart-button")),
    };
  });
  assert.deepEqual(stack, { modal: true, missed: [], tagsHeard: 0, cartHeard: false }, "the card is modal and takes every tap on it");
  // Bottom sheet on a phone-sized view; every primary control big enough for a finger.
  const small = await host.evaluate(() =>
    [...document.querySelectorAll(".so-card button")]
      .filter((b) => b.offsetParent)
      .map((b) => [b.className, b.getBoundingClientRect().height])
      .filter(([, h]) => h < 24),
  );
  assert.deepEqual(small, [], "card controls at least 24 px");
  const picked = await host.evaluate(() => {
    const v = document.querySelector(".so-card .so-choice:not(.so-choice--out):not([disabled])");
    v.click();
    return v.getAttribute("aria-label") || v.textContent;
  });
  assert.ok(picked, "a variant to pick");
  await click(".so-card .so-add");
  await host.waitFor(() => document.querySelector(".so-cart-count")?.textContent === "1", null, "the cart badge");
  await host.snapshot(`${SHOTS}webkit-card-added.png`);
  let s = await host.state();
  const [cartId] = Object.keys(s.carts);
  assert.ok(cartId, "the app made a cart");
  assert.deepEqual(Object.values(s.carts[cartId].lines), [1], "the app's cart holds one item");

  // Back closes the card and says so; with nothing open it says false (the app navigates).
  assert.equal(await host.evaluate(() => window.shoppableApp.back()), true);
  await host.waitFor(() => !document.querySelector(".so-card"), null, "the card to close");
  assert.equal(await host.evaluate(() => window.shoppableApp.back()), false);

  await click(".so-cart-button");
  await host.waitFor(() => document.querySelectorAll(".so-drawer .so-line").length === 1, null, "the drawer");
  await click(".so-drawer .so-line button[aria-label='One more']");
  await host.waitFor(() => document.querySelector(".so-cart-count")?.textContent === "2", null, "two in the cart");
  await host.waitFor(() => !document.querySelector(".so-drawer [aria-busy='true']"), null, "the change confirmed");
  s = await host.state();
  assert.deepEqual(Object.values(s.carts[cartId].lines), [2], "the app's cart follows the quantity");
  await host.snapshot(`${SHOTS}webkit-drawer.png`);

  await click(".so-drawer .so-checkout");
  await host.waitFor(() => /continues in the app/.test(document.querySelector(".so-drawer")?.textContent || ""), null, "the handoff note");
  s = await host.state();
  assert.equal(s.handoffs.length, 1, "checkout handed to the app once");
  assert.deepEqual(Object.values(s.handoffs[0]), [2]);
  const drawer = await host.evaluate(() => document.querySelector(".so-drawer").textContent);
  assert.doesNotMatch(drawer, /order|placed|thank/i, "nothing pretends an order was placed");
  assert.equal(await host.evaluate(() => document.querySelector(".so-cart-count")?.textContent), "2", "the cart stays the app's");
  await host.snapshot(`${SHOTS}webkit-handoff.png`);

  // The app's checkout screen covers the web view and places the order; when the viewer comes
  // back, the overlay reads the server clock and the cart again and shows the cart empty.
  await host.completeCheckout();
  const before = (await host.state()).log.length;
  await host.visible(false);
  await host.waitFor(() => document.hidden, null, "the page to be hidden");
  await host.visible(true);
  await host.waitFor(() => !document.hidden, null, "the page to be visible");
  await host.waitFor(() => !document.querySelector(".so-cart-count"), null, "the emptied cart");
  s = await host.state();
  const since = s.log.slice(before).map(([m]) => m);
  assert.ok(since.includes("serverTime"), `the clock is sampled again: ${since}`);
  assert.ok(since.includes("cart"), "the cart is read again");
  assert.ok(since.includes("analytics"), "analytics flushed when hidden");
  assert.doesNotMatch(await host.evaluate(() => document.querySelector(".so-drawer")?.textContent || ""), /continues in the app/);
  assert.equal(await host.evaluate(() => window.shoppableApp.back()), true, "back closes the drawer");
});

test("a LIVE pin pushed by the app appears; a reply that never comes times out and recovers", async () => {
  await open("?room=app-room&timeout_ms=1500");
  await host.waitFor(() => true, null, "settle");
  let s = await host.state();
  for (let i = 0; i < 50 && s.subscriptions.length === 0; i++) {
    await new Promise((r) => setTimeout(r, 100));
    s = await host.state();
  }
  assert.equal(s.subscriptions.length, 1, "the page subscribed to the room");
  const pushed = await host.push("pin", { product_id: "p-watch" });
  assert.equal(pushed.subscriptions, 1);
  const title = await host.waitFor(() => document.querySelector(".so-pin .so-pin-title")?.textContent, null, "the pin card");
  assert.ok(title.length > 0);
  await host.snapshot(`${SHOTS}webkit-pin.png`);

  // The app applies the next change but its reply is lost: the call times out (network), the
  // engine retries with the same key, and the app answers the repeat without applying it again.
  await host.drop("setQuantity", 1);
  await click(".so-pin .so-pin-shop");
  await host.waitFor(() => document.querySelector(".so-card .so-add"), null, "the pinned product's card");
  await host.evaluate(() => {
    const all = [...document.querySelectorAll(".so-card .so-choice:not(.so-choice--out):not([disabled])")];
    all[0]?.click();
  });
  await click(".so-card .so-add");
  const busy = await host.waitFor(() => /Adding/.test(document.querySelector(".so-card .so-add")?.textContent || "") && "busy", null, "the pending add");
  assert.equal(busy, "busy", "the wait is visible");
  await host.waitFor(() => document.querySelector(".so-card .so-add")?.textContent === "Added to cart", null, "the add to recover", 20_000);
  s = await host.state();
  const keys = Object.entries(s.applied);
  assert.ok(s.log.some(([m, o]) => m === "setQuantity" && /withheld/.test(o)), "a reply was withheld");
  assert.ok(keys.every(([, n]) => n === 1), `no change applied twice: ${JSON.stringify(keys)}`);
  const late = await host.evaluate(() => window.shoppable.errors.filter((e) => e.kind === "bridge").map((e) => e.message));
  assert.deepEqual(late, [], "nothing malformed reached the overlay");
});

test("bad messages from the app change nothing and are reported", async () => {
  await open();
  await host.waitFor(() => window.shoppable.bridge, null, "the bridge");
  const before = await host.evaluate(() => document.querySelectorAll(".so-tag").length);
  for (const bad of ["not json", '{"v":2,"id":1,"ok":true}', '{"v":1,"id":12345,"ok":true,"value":{}}', '{"v":1,"sub":999,"event":"pin","seq":1,"data":{}}', "[1,2]"]) {
    await host.deliver(bad);
  }
  const reports = await host.waitFor(() => {
    const r = window.shoppable.errors.filter((e) => e.kind === "bridge").map((e) => e.message);
    return r.length >= 5 && r;
  }, null, "five reports");
  assert.match(reports.join("\n"), /not JSON/);
  assert.match(reports.join("\n"), /version/);
  assert.match(reports.join("\n"), /no call is waiting/);
  assert.match(reports.join("\n"), /subscription 999: it is not open/);
  assert.equal(await host.evaluate(() => document.querySelectorAll(".so-tag").length), before);
  assert.equal(await host.evaluate(() => document.getElementById("main").error), null, "the video is fine");
  // The app's own policy: only its page, in the main frame, with the token it injected.
  assert.equal(await host.policy({ origin: base.replace(/\/$/, ""), mainFrame: false, token: "x" }), false);
  assert.equal(await host.policy({ origin: "https://evil.example", mainFrame: true, token: "x" }), false);
});
