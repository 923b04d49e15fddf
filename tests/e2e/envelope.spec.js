// bridge/native.js on its own (in Node, no page): an app's own transport, the envelope it
// sends, correlation from a random first id, timeouts, and every way a message from the app
// can be wrong — each changes nothing and is reported with what was wrong.
import { test, expect } from "./fixtures.js";
import { nativeBridge, detectTransport } from "../../www/static/bridge/native.js";

/// A transport the test plays the app through: what the page sent, and a way to answer.
function scripted() {
  const sent = [];
  let receive = () => {};
  return {
    sent,
    answer: (m) => receive(typeof m === "string" ? m : JSON.stringify(m)),
    /// Hands the page a value as it is (a transport may deliver something other than text).
    raw: (v) => receive(v),
    transport: {
      kind: "custom",
      send: (text) => void sent.push(JSON.parse(text)),
      listen: (r) => {
        receive = r;
        return () => {};
      },
    },
  };
}

function watched(bridge) {
  const reports = [];
  bridge.watch((m) => reports.push(m));
  return reports;
}

test("requests are versioned envelopes with a random first id, the token, and no source text", async () => {
  const a = scripted();
  const b = scripted();
  nativeBridge({ transport: a.transport, token: "tok" });
  nativeBridge({ transport: b.transport });
  expect(a.sent[0]).toMatchObject({ v: 1, method: "hello", params: { version: 1 }, token: "tok" });
  expect(b.sent[0].token).toBeUndefined();
  expect(a.sent[0].id).not.toBe(b.sent[0].id);
  expect(Number.isSafeInteger(a.sent[0].id) && a.sent[0].id > 0).toBe(true);
});

test("a reply settles its call once; a second reply, a late one, or one for nobody is reported", async () => {
  const s = scripted();
  const bridge = nativeBridge({ transport: s.transport, timeoutMs: 50 });
  const reports = watched(bridge);
  const call = bridge.setQuantity({ cartId: "c", variant: "v", quantity: 2, key: "k1", attribution: {} });
  const req = s.sent[1];
  expect(req).toMatchObject({ method: "setQuantity", params: { cartId: "c", variant: "v", quantity: 2, key: "k1" } });
  s.answer({ v: 1, id: req.id, ok: true, value: { id: "c", revision: 1 } });
  s.answer({ v: 1, id: req.id, ok: true, value: { id: "c", revision: 2 } });
  await expect(call).resolves.toEqual({ ok: true, value: { id: "c", revision: 1 } });
  expect(reports).toEqual([expect.stringContaining(`reply ${req.id}: no call is waiting for it`)]);

  const slow = bridge.serverTime();
  const id = s.sent[2].id;
  await expect(slow).resolves.toMatchObject({ ok: false, reason: { kind: "network" } });
  s.answer({ v: 1, id, ok: true, value: { now_ms: 1 } });
  expect(reports[1]).toContain(`reply ${id}: no call is waiting`);
});

test("malformed messages are reported with what was wrong and settle nothing", async () => {
  const s = scripted();
  const bridge = nativeBridge({ transport: s.transport, timeoutMs: 200 });
  const reports = watched(bridge);
  const call = bridge.cart("c1");
  const id = s.sent[1].id;
  const bad = [
    "{not json",
    "[1]",
    JSON.stringify({ v: 2, id, ok: true }),
    JSON.stringify({ v: 1, ok: true }),
    JSON.stringify({ v: 1, id, ok: "yes" }),
    JSON.stringify({ v: 1, sub: 77, event: "pin", seq: 1, data: {} }),
  ];
  for (const m of bad) s.answer(m);
  s.raw(42);
  expect(reports).toHaveLength(7);
  expect(reports[0]).toMatch(/not JSON/);
  expect(reports[1]).toMatch(/must be a JSON object/);
  expect(reports[2]).toMatch(/v: 2 is not a version/);
  expect(reports[3]).toMatch(/needs a numeric id/);
  expect(reports[4]).toMatch(/ok must be true or false/);
  expect(reports[5]).toMatch(/subscription 77: it is not open/);
  expect(reports[6]).toMatch(/must be JSON text, got number/);
  // A reason of an unknown kind is a failure the engine can read, and is reported.
  s.answer({ v: 1, id, ok: false, reason: { kind: "teapot" } });
  await expect(call).resolves.toMatchObject({ ok: false, reason: { kind: "invalid" } });
  expect(reports[7]).toMatch(/reason.kind must be one of/);
});

test("LIVE events reach their subscription until it closes; then they are reported", async () => {
  const s = scripted();
  const bridge = nativeBridge({ transport: s.transport });
  const reports = watched(bridge);
  const got = [];
  const sub = bridge.liveEvents("r1", 5, (e) => got.push(e));
  const req = s.sent[1];
  expect(req).toMatchObject({ method: "subscribe", params: { channel: "live", room: "r1", after: 5 } });
  s.answer({ v: 1, id: req.id, ok: true, value: {} });
  s.answer({ v: 1, sub: req.id, event: "pin", seq: 6, data: { product_id: "p1" } });
  s.answer({ v: 1, sub: req.id, event: "pin", seq: "6", data: {} });
  expect(got).toEqual([{ id: "6", type: "pin", data: '{"product_id":"p1"}' }]);
  expect(reports[0]).toMatch(/seq must be a positive integer/);
  sub.close();
  expect(s.sent[2]).toMatchObject({ method: "unsubscribe", params: { sub: req.id } });
  s.answer({ v: 1, sub: req.id, event: "pin", seq: 7, data: { product_id: "p2" } });
  expect(got).toHaveLength(1);
  expect(reports[1]).toMatch(/it is not open/);
});

test("a refused subscribe reads as closed, so the engine subscribes again", async () => {
  const s = scripted();
  const bridge = nativeBridge({ transport: s.transport });
  const got = [];
  bridge.liveEvents("r1", 0, (e) => got.push(e));
  s.answer({ v: 1, id: s.sent[1].id, ok: false, reason: { kind: "not_found" } });
  await new Promise((r) => setTimeout(r, 0));
  expect(got).toEqual([{ type: "closed" }]);
});

test("a transport that throws answers network; an iOS reply rejected by the app answers server", async () => {
  const throwing = nativeBridge({
    transport: { kind: "custom", listen: () => () => {}, send: () => { throw new Error("gone"); } },
  });
  await expect(throwing.serverTime()).resolves.toMatchObject({ ok: false, reason: { kind: "network" } });
  const w = { webkit: { messageHandlers: { shoppableBridge: { postMessage: () => Promise.reject(new Error("no cart")) } } } };
  const t = detectTransport("shoppableBridge", w);
  expect(t.kind).toBe("ios");
  const ios = nativeBridge({ transport: t });
  await expect(ios.cart("c")).resolves.toMatchObject({ ok: false, reason: { kind: "server", message: expect.stringContaining("no cart") } });
});

test("detection order: iOS, Android, React Native, Flutter; none outside an app", () => {
  const post = { postMessage() {} };
  const android = { postMessage() {}, addEventListener() {}, removeEventListener() {} };
  expect(detectTransport("b", { webkit: { messageHandlers: { b: post } }, b: android })?.kind).toBe("ios");
  expect(detectTransport("b", { b: android, ReactNativeWebView: post })?.kind).toBe("android");
  expect(detectTransport("b", { ReactNativeWebView: post, b: post })?.kind).toBe("react-native");
  expect(detectTransport("b", { b: post })?.kind).toBe("flutter");
  expect(detectTransport("b", {})).toBeNull();
  expect(() => nativeBridge({ transport: undefined, name: "nothing-here" })).toThrow(/no app transport found/);
});
