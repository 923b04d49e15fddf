// The app's side of the native bridge, scripted: what native.spec.js and xss.spec.js run in the
// page before any page script, as the platforms inject it.
import { expect } from "./fixtures.js";

/// The app's side, run in the page before any page script (as the platforms inject it). One
/// in-memory cart with idempotency keys, checkout handed to the app, LIVE events pushed to the
/// inbox. `kind` picks the transport; `extra` misbehaves on purpose.
export function scriptedApp({ kind, origin, extra = {} }) {
  const main = window.top === window;
  // The app's policy, in one place: its own page, in the main frame, with its token.
  const TOKEN = "t-" + Math.random().toString(36).slice(2);
  if (main) window.shoppableToken = TOKEN;
  const allowed = (m) => location.origin === origin && main && m.token === TOKEN;

  const app = { carts: {}, seen: {}, applied: {}, handoffs: [], log: [], refused: 0, variants: {}, subs: [], posts: 0 };
  if (main) window.__app = app;
  const cartOf = (id) => app.carts[id];
  const answer = (c) => ({
    id: c.id,
    revision: c.revision,
    currency: "USD",
    lines: Object.entries(c.lines).map(([variant, quantity]) => {
      const { p, v } = app.variants[variant];
      return { variant_id: variant, product_id: p.id, title: p.title, options: v.options, quantity, unit_price: v.price, available: v.available };
    }),
  });
  async function call(method, p) {
    switch (method) {
      case "hello":
        return { app: "scripted", version: 1 };
      case "products": {
        const got = await (await fetch(`/api/products?ids=${p.ids.map(encodeURIComponent).join(",")}`)).json();
        for (const pr of got.products) for (const v of pr.variants) app.variants[v.id] = { p: pr, v };
        return got;
      }
      case "serverTime":
        return { now_ms: Date.now() };
      case "createCart": {
        const c = { id: `c${Object.keys(app.carts).length + 1}`, revision: 0, lines: {} };
        app.carts[c.id] = c;
        return answer(c);
      }
      case "cart":
        if (!cartOf(p.cartId)) throw { kind: "not_found" };
        return answer(cartOf(p.cartId));
      case "setQuantity": {
        const c = cartOf(p.cartId);
        if (!c) throw { kind: "not_found" };
        // A change made against an older revision is not applied (a late request).
        if (Number.isInteger(p.ifRevision) && p.ifRevision !== c.revision) throw { kind: "stale", cart: answer(c) };
        if (p.quantity === 0) delete c.lines[p.variant];
        else c.lines[p.variant] = p.quantity;
        c.revision += 1;
        app.applied[p.key] = (app.applied[p.key] || 0) + 1;
        return answer(c);
      }
      case "checkout":
        app.handoffs.push({ ...cartOf(p.cartId).lines });
        return { handoff: true };
      case "room":
        return { id: p.room, title: "Scripted room", pinned: [], last_event_id: 0 };
      case "subscribe":
        return {};
      default:
        return {};
    }
  }
  /// The envelope in, the reply's text out (idempotency keys replayed, never re-applied).
  async function handle(text) {
    app.posts += 1;
    const m = JSON.parse(text);
    if (!allowed(m)) {
      app.refused += 1;
      return JSON.stringify({ v: 1, id: m.id, ok: false, reason: { kind: "invalid", message: "not allowed" } });
    }
    app.log.push(m.method);
    if (m.method === "subscribe") app.subs.push(m.id);
    const key = m.params?.key;
    if (key && app.seen[key]) return app.seen[key].replace(/"id":\d+/, `"id":${m.id}`);
    let out;
    try {
      out = { v: 1, id: m.id, ok: true, value: await call(m.method, m.params || {}) };
    } catch (reason) {
      out = { v: 1, id: m.id, ok: false, reason };
    }
    const reply = JSON.stringify(out);
    if (key) app.seen[key] = reply;
    return reply;
  }
  const inbox = (text) => setTimeout(() => window.shoppableNative?.receive(text), 0);
  /// LIVE events, pushed the way this transport delivers anything to the page.
  let deliver = inbox;
  app.push = (event, seq, data) => {
    for (const sub of app.subs) deliver(JSON.stringify({ v: 1, sub, event, seq, data }));
  };
  const misbehave = (reply) => {
    const m = JSON.parse(reply);
    if (extra.twice && m.ok && m.value?.lines) {
      // The same reply again, then junk: none of it may change anything.
      setTimeout(() => deliver(reply), 5);
      setTimeout(() => deliver('{"v":1,"id":"x"}'), 6);
      setTimeout(() => deliver('{"v":1,"id":' + m.id + ',"ok":"yes"}'), 7);
    }
    return reply;
  };

  if (kind === "ios" || kind === "ios-legacy") {
    window.webkit = {
      messageHandlers: {
        shoppableBridge: {
          postMessage(text) {
            const reply = handle(text).then(misbehave);
            if (kind === "ios") return reply; // WKScriptMessageHandlerWithReply
            reply.then(inbox); // an older app answers through evaluateJavaScript
            return undefined;
          },
        },
      },
    };
  } else if (kind === "android") {
    // addWebMessageListener's object: replies through its message event, and only after the
    // page has posted once.
    const target = new EventTarget();
    let posted = false;
    const obj = {
      postMessage(text) {
        posted = true;
        handle(text).then(misbehave).then(deliver);
      },
      addEventListener: (t, f) => target.addEventListener(t, f),
      removeEventListener: (t, f) => target.removeEventListener(t, f),
      onmessage: null,
    };
    deliver = (text) => {
      if (!posted) throw new Error("the app cannot answer before the page posts");
      setTimeout(() => target.dispatchEvent(new MessageEvent("message", { data: text })), 0);
    };
    window.shoppableBridge = obj;
  } else if (kind === "react-native") {
    window.ReactNativeWebView = { postMessage: (text) => void handle(text).then(misbehave).then(inbox) };
  } else if (kind === "flutter") {
    window.shoppableBridge = { postMessage: (text) => void handle(text).then(misbehave).then(inbox) };
  }
}

export async function openApp(page, kind, { query = "", extra } = {}) {
  const origin = new URL(process.env.BASE_URL).origin;
  await page.addInitScript(scriptedApp, { kind, origin, extra });
  const problems = [];
  page.on("pageerror", (e) => problems.push(e.message));
  await page.goto(`/app.html${query}`);
  await page.waitForFunction(() => window.shoppable?.ready || window.shoppable?.errors?.length > 0);
  expect(await page.evaluate(() => window.shoppable.bridge?.transport)).toBe(kind === "ios-legacy" ? "ios" : kind);
  return problems;
}
