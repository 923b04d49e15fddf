// The bridge's REST adapter against the real reference API (from Node), and its mapping of
// every failure to a typed reason, including the ones a healthy server will not produce.
import { test, expect } from "./fixtures.js";
import { failure, restBridge, retryAfterMs } from "../../www/static/bridge/rest.js";

const base = process.env.BASE_URL;
const uniq = () => `${Date.now()}-${Math.random().toString(36).slice(2)}`;

test("cart calls go through and refusals come back typed", async () => {
  const b = restBridge({ base });
  const p = await b.products(["p-tote", "p-nope"]);
  expect(p.ok).toBe(true);
  expect(p.value.missing).toEqual(["p-nope"]);
  const variants = p.value.products[0].variants;
  const scarce = variants.find((v) => v.available > 0 && v.available < 10) ?? variants[0];

  const cart = await b.createCart(`c-${uniq()}`);
  expect(cart.ok).toBe(true);
  const cartId = cart.value.id;
  const key = `k-${uniq()}`;
  const set = await b.setQuantity({ cartId, variant: scarce.id, quantity: 1, key, attribution: { creator: "cr-2" } });
  expect(set.ok).toBe(true);
  expect(set.value.lines[0].attribution.creator).toBe("cr-2");
  const again = await b.setQuantity({ cartId, variant: scarce.id, quantity: 1, key, attribution: { creator: "cr-2" } });
  expect(again.value).toEqual(set.value);

  const reused = await b.setQuantity({ cartId, variant: scarce.id, quantity: 2, key });
  expect(reused.reason).toMatchObject({ kind: "invalid", code: "idempotency_key_reused" });
  if (scarce.available < 10) {
    const oos = await b.setQuantity({ cartId, variant: scarce.id, quantity: scarce.available + 1, key: `k-${uniq()}` });
    expect(oos.reason).toMatchObject({ kind: "out_of_stock", available: scarce.available });
  }
  const limit = await b.setQuantity({ cartId, variant: scarce.id, quantity: 11, key: `k-${uniq()}` });
  expect(limit.reason).toMatchObject({ kind: "limit", max: 10 });
  const missing = await b.setQuantity({ cartId, variant: "nope", quantity: 1, key: `k-${uniq()}` });
  expect(missing.reason).toMatchObject({ kind: "not_found", field: "variant" });

  const order = await b.checkout({ cartId, key: `o-${uniq()}` });
  expect(order.ok).toBe(true);
  const stored = await b.order(order.value.id);
  expect(stored.value.lines[0].attribution.creator).toBe("cr-2");
  const time = await b.serverTime();
  expect(Math.abs(time.value.now_ms - Date.now())).toBeLessThan(60_000);
  const beat = await b.analytics(`batch-${uniq()}`, [{ type: "tag_tap", tag: "t-watch" }]);
  expect(beat.ok).toBe(true);
});

test("network failures, timeouts, 429 and 5xx map to typed reasons and never throw", async () => {
  const closed = restBridge({ base: "http://127.0.0.1:9" });
  expect((await closed.cart("x")).reason.kind).toBe("network");

  const hanging = restBridge({ fetch: (_u, { signal }) => new Promise((_r, reject) => signal.addEventListener("abort", () => reject(new Error("aborted")))), timeoutMs: 50 });
  expect((await hanging.cart("x")).reason.kind).toBe("network");

  const reply = (status, body, headers = {}) => async () => new Response(body, { status, headers });
  const throttled = restBridge({ fetch: reply(429, "{}", { "retry-after": "2" }) });
  expect((await throttled.cart("x")).reason).toMatchObject({ kind: "throttled", retryAfterMs: 2000 });
  expect((await restBridge({ fetch: reply(503, "down") }).cart("x")).reason.kind).toBe("server");
  expect((await restBridge({ fetch: reply(400, "not json") }).cart("x")).reason.kind).toBe("invalid");

  expect(retryAfterMs("Wed, 21 Oct 2015 07:28:05 GMT", Date.parse("Wed, 21 Oct 2015 07:28:00 GMT"))).toBe(5000);
  expect(retryAfterMs("soon")).toBeUndefined();
  expect(failure(500, null).kind).toBe("server");
});
