// The bridge's native adapter: the same interface as rest.js, spoken to the mobile app that
// embeds the page, over one versioned envelope of JSON text on every transport.
//
//   page → app   request  {"v":1,"id":N,"method":"setQuantity","params":{…},"token":"…"}
//   app → page   reply    {"v":1,"id":N,"ok":true,"value":…} | {"v":1,"id":N,"ok":false,"reason":{kind,…}}
//   app → page   event    {"v":1,"sub":N,"event":"pin","seq":42,"data":{…}}
//
// It holds no shop logic: correlation, a timeout per call and the envelope's shape checks.
// What a value means is checked by the engine, like every bridge answer. Nothing from the app
// is evaluated as source text, nothing is posted to "*", and a message that is wrong (not
// JSON, another version, an unknown or already answered id, an event for a closed
// subscription) changes nothing: it is reported through `watch` with what was wrong.

/// The methods and the params each request carries (the app's side of the contract):
///   hello {version, origin}                   → {app?, version?}
///   products {ids}                             → {products:[…], missing:[…]}
///   search {text}                              → {products:[…]}
///   createCart {key, customer}                 → cart
///   cart {cartId}                              → cart
///   setQuantity {cartId, variant, quantity, key, attribution, ifRevision?} → cart
///                                                (absolute quantity; a repeated key must not
///                                                 apply twice; with ifRevision, only if the cart
///                                                 is still at that revision, else the reason
///                                                 {kind:"stale", cart} with the cart as it is)
///   checkout {cartId, key}                     → order {id,total,currency} | {handoff:true}
///   order {orderId}                            → order
///   serverTime {}                              → {now_ms}
///   room {room}                                → {id,title,pinned,last_event_id}
///   subscribe {channel:"live", room, after}    → {}  then events {sub: <this request's id>}
///   unsubscribe {sub}                          → {}
///   analytics {batch, events}                  → {}
export const METHODS = [
  "hello", "products", "search", "createCart", "cart", "setQuantity", "checkout", "order",
  "serverTime", "room", "subscribe", "unsubscribe", "analytics",
];

const KINDS = ["network", "throttled", "server", "out_of_stock", "limit", "not_found", "invalid", "stale"];
const INBOX = "shoppableNative";
/// Longest message read; a larger one is refused unread.
const MAX_MESSAGE = 1 << 20;

/// The per-page token the app injected at document start (main frame only), taken once when
/// this module loads and removed from the global, so scripts added later do not find it there.
const PAGE_TOKEN = (() => {
  const t = globalThis.shoppableToken;
  if (typeof t !== "string") return undefined;
  try {
    delete globalThis.shoppableToken;
  } catch {
    // a non-configurable global stays; the token still works
  }
  return t;
})();

const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);

/// A random start for request ids, so replies meant for an earlier page load never match.
function firstId() {
  const a = new Uint32Array(1);
  globalThis.crypto?.getRandomValues?.(a);
  return (a[0] % 1_000_000_000) + 1;
}

/// The transports an app can provide, found in this order. Each is `{ kind, send(text),
/// listen(receive) → stop }`; `send` may return a promise of the reply's text (iOS with reply).
export function detectTransport(name = "shoppableBridge", w = globalThis) {
  const ios = w.webkit?.messageHandlers?.[name];
  if (ios && typeof ios.postMessage === "function") {
    // WKScriptMessageHandlerWithReply answers with a promise; a plain handler returns
    // nothing and the app answers through the inbox instead (older iOS).
    return { kind: "ios", send: (text) => ios.postMessage(text), listen: (r) => inbox(w, r) };
  }
  const obj = w[name];
  if (obj && typeof obj.postMessage === "function" && typeof obj.addEventListener === "function") {
    // Android's addWebMessageListener object: replies arrive as its message events, and only
    // after the page has posted once (the hello does that).
    return {
      kind: "android",
      send: (text) => obj.postMessage(text),
      listen: (receive) => {
        const on = (e) => receive(e?.data);
        obj.addEventListener("message", on);
        const stopInbox = inbox(w, receive);
        return () => {
          obj.removeEventListener("message", on);
          stopInbox();
        };
      },
    };
  }
  const rn = w.ReactNativeWebView;
  if (rn && typeof rn.postMessage === "function") {
    return { kind: "react-native", send: (text) => rn.postMessage(text), listen: (r) => inbox(w, r) };
  }
  if (obj && typeof obj.postMessage === "function") {
    // A Flutter JavaScriptChannel: strings out, runJavaScript into the inbox back.
    return { kind: "flutter", send: (text) => obj.postMessage(text), listen: (r) => inbox(w, r) };
  }
  return null;
}

/// `window.shoppableNative.receive(text)`: where apps without a reply channel deliver replies
/// and events (iOS `callAsyncJavaScript`, React Native `injectJavaScript`, Flutter
/// `runJavaScript`). Several bridges on one page share it; each takes what is its own.
function inbox(w, receive) {
  let box = w[INBOX];
  if (!box || !(box.receivers instanceof Set)) {
    const receivers = new Set();
    box = Object.freeze({
      receivers,
      receive(text) {
        for (const r of receivers) r(text);
      },
    });
    Object.defineProperty(w, INBOX, { value: box, configurable: true });
  }
  box.receivers.add(receive);
  return () => box.receivers.delete(receive);
}

/// A bridge to the app through `transport` (detected when not given). `token`: the per-page
/// token the app injected at document start (main frame only), sent with every request so the
/// app can refuse messages from frames it did not load; `window.shoppableToken` when not given. `timeoutMs`: how long a call waits for its reply
/// before it answers `network`.
export function nativeBridge({ transport, name = "shoppableBridge", timeoutMs = 8000, token } = {}) {
  const t = transport || detectTransport(name);
  if (!t) {
    throw new TypeError(
      `nativeBridge: no app transport found (webkit.messageHandlers.${name}, ${name}.postMessage, ` +
        "ReactNativeWebView); pass { transport } or use restBridge outside the app",
    );
  }
  if (typeof t.send !== "function" || typeof t.listen !== "function") {
    throw new TypeError("nativeBridge: a transport needs send(text) and listen(receive)");
  }
  if (token === undefined) token = PAGE_TOKEN;
  let next = firstId();
  const pending = new Map(); // id → { method, settle, timer }
  const subs = new Map(); // id → onEvent
  const watchers = new Set();

  function problem(message) {
    const m = `bridge.native: ${message}`;
    if (watchers.size === 0) console.warn(m);
    for (const w of watchers) {
      try {
        w(m);
      } catch {
        // a watcher's own failure is not the bridge's
      }
    }
  }

  function receive(text) {
    if (typeof text !== "string") {
      problem(`a message from the app must be JSON text, got ${text === null ? "null" : typeof text}`);
      return;
    }
    if (text.length > MAX_MESSAGE) {
      problem(`a message from the app is ${text.length} characters, over ${MAX_MESSAGE}`);
      return;
    }
    let m;
    try {
      m = JSON.parse(text);
    } catch (e) {
      problem(`a message from the app is not JSON (${e.message})`);
      return;
    }
    if (!isObject(m)) return problem("a message from the app must be a JSON object");
    if (m.v !== 1) return problem(`message v: ${JSON.stringify(m.v)} is not a version this page speaks (1)`);
    if ("sub" in m) return event(m);
    if (!Number.isSafeInteger(m.id)) return problem("message: needs a numeric id (a reply) or sub (an event)");
    const call = pending.get(m.id);
    if (!call) {
      problem(`reply ${m.id}: no call is waiting for it (answered already, timed out, or never sent)`);
      return;
    }
    if (m.ok === true) {
      finish(m.id, { ok: true, value: m.value === undefined ? null : m.value });
    } else if (m.ok === false) {
      const r = m.reason;
      if (!isObject(r) || !KINDS.includes(r.kind)) {
        problem(`reply ${m.id} to ${call.method}: reason.kind must be one of ${KINDS.join(", ")}`);
        finish(m.id, { ok: false, reason: { kind: "invalid", message: "the app's answer was not understood" } });
      } else {
        finish(m.id, { ok: false, reason: r });
      }
    } else {
      problem(`reply ${m.id} to ${call.method}: ok must be true or false`);
    }
  }

  function event(m) {
    const on = Number.isSafeInteger(m.sub) ? subs.get(m.sub) : undefined;
    if (!on) return problem(`event for subscription ${JSON.stringify(m.sub)}: it is not open`);
    if (typeof m.event !== "string" || m.event.length === 0 || m.event.length > 40) {
      return problem(`event for subscription ${m.sub}: event must be a short name`);
    }
    if (!Number.isSafeInteger(m.seq) || m.seq < 1) {
      return problem(`event ${m.event} for subscription ${m.sub}: seq must be a positive integer`);
    }
    // The engine reads LIVE events as the server-sent stream gives them: id and data as text.
    on({ id: String(m.seq), type: m.event, data: JSON.stringify(m.data ?? null) });
  }

  function finish(id, answer) {
    const call = pending.get(id);
    if (!call) return;
    pending.delete(id);
    clearTimeout(call.timer);
    call.settle(answer);
  }

  t.listen(receive);

  function call(method, params = {}) {
    const id = next++;
    const envelope = { v: 1, id, method, params };
    if (token) envelope.token = token;
    return new Promise((settle) => {
      const timer = setTimeout(() => {
        if (!pending.has(id)) return;
        pending.delete(id);
        settle({ ok: false, reason: { kind: "network", message: `the app did not answer ${method} within ${timeoutMs} ms` } });
      }, timeoutMs);
      pending.set(id, { method, settle, timer });
      let returned;
      try {
        returned = t.send(JSON.stringify(envelope));
      } catch (e) {
        finish(id, { ok: false, reason: { kind: "network", message: `the app's ${t.kind} channel refused the message: ${e?.message || e}` } });
        return;
      }
      if (returned && typeof returned.then === "function") {
        // iOS with reply: the promise carries the reply's text, or rejects with the app's
        // message (replyHandler(nil, "…")), which is a failure of this call only.
        returned.then(
          (text) => {
            if (text !== undefined && text !== null) receive(text);
          },
          (e) => finish(id, { ok: false, reason: { kind: "server", message: `the app failed ${method}: ${e?.message || e}` } }),
        );
      }
    });
  }

  const hello = call("hello", { version: 1, origin: globalThis.location?.origin ?? "" });

  return {
    transport: t.kind,
    /// What the app said to the hello (`{ ok, value: { app, version } }`), once it has.
    hello,
    /// `report(message)` hears what was wrong with a message the engine never sees; the
    /// overlay calls this at mount and the returned function when it is destroyed.
    watch(report) {
      watchers.add(report);
      return () => watchers.delete(report);
    },
    products: (ids) => call("products", { ids }),
    search: (text) => call("search", { text }),
    createCart: (key, customer) => call("createCart", { key, customer }),
    cart: (cartId) => call("cart", { cartId }),
    setQuantity: ({ cartId, variant, quantity, key, attribution, ifRevision }) =>
      call("setQuantity", { cartId, variant, quantity, key, attribution, ifRevision }),
    checkout: ({ cartId, key }) => call("checkout", { cartId, key }),
    order: (orderId) => call("order", { orderId }),
    serverTime: () => call("serverTime"),
    room: (room) => call("room", { room }),
    /// Events arrive as the app pushes them with this subscription's id; the engine checks
    /// each one. A refused or failed subscribe is reported as closed, so the engine retries.
    liveEvents: (room, after, onEvent) => {
      const id = next; // the subscribe request's id names the subscription
      let open = true;
      subs.set(id, onEvent);
      call("subscribe", { channel: "live", room, after: Number(after) || 0 }).then((a) => {
        if (!a.ok && open) {
          subs.delete(id);
          onEvent({ type: "closed" });
        }
      });
      return {
        close: () => {
          if (!open) return;
          open = false;
          subs.delete(id);
          call("unsubscribe", { sub: id });
        },
      };
    },
    analytics: (batch, events) => call("analytics", { batch, events }),
  };
}
