// The bridge's REST adapter: forwards each call to the reference commerce API and returns a
// promise of { ok: true, value } or { ok: false, reason }. It never throws and holds no logic:
// retries, idempotency keys and optimistic state live in the Rust engine.
//
// reason.kind is one of: out_of_stock (available), limit (max), invalid (field, message),
// not_found, network, throttled (retryAfterMs), server, stale (cart: a line change made against
// an older cart revision, refused, with the cart as it is now).

const enc = encodeURIComponent;

/// Milliseconds from a Retry-After header (seconds or an HTTP date), or undefined.
export function retryAfterMs(header, now = Date.now()) {
  if (!header) return undefined;
  const s = Number(header);
  if (Number.isFinite(s) && s >= 0) return Math.round(s * 1000);
  const at = Date.parse(header);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}

/// Maps an HTTP answer to the bridge's typed failure.
export function failure(status, body, headers) {
  const e = (body && body.error) || {};
  const message = typeof e.message === "string" ? e.message : `HTTP ${status}`;
  if (status === 412 && e.code === "version_conflict" && e.cart) return { kind: "stale", cart: e.cart, message };
  if (status === 429) return { kind: "throttled", retryAfterMs: retryAfterMs(headers?.get?.("retry-after")), message };
  if (status >= 500 || status === 0) return { kind: "server", message };
  if (e.code === "out_of_stock") return { kind: "out_of_stock", available: e.available, variant: e.variant, message };
  if (e.code === "limit") return { kind: "limit", max: e.max, variant: e.variant, message };
  // A deal's own limits: the item is still for sale at its regular price, so these are not
  // out_of_stock or limit; the server's message says what happened.
  if (e.code === "deal_limit" || e.code === "deal_sold_out") {
    return { kind: "invalid", code: e.code, deal: e.deal, variant: e.variant, max: e.max, available: e.available, message };
  }
  if (status === 404) return { kind: "not_found", field: e.field, message };
  return { kind: "invalid", field: e.field, code: e.code, message };
}

/// `liveStreamMs`: ask the server to end each LIVE event stream after this long (EventSource
/// then reconnects and resumes); unset, a stream lasts as long as the connection. `lang`: the
/// language the catalogue answers in (its titles, option names and values), by default the
/// page's (`<html lang>`), else the browser's.
export function restBridge({
  base = "",
  fetch: doFetch = globalThis.fetch.bind(globalThis),
  timeoutMs = 8000,
  liveStreamMs,
  lang = globalThis.document?.documentElement?.lang || globalThis.navigator?.language || "",
} = {}) {
  async function request(method, path, { key, body, ifMatch } = {}) {
    const ctrl = new AbortController();
    const timer = setTimeout(() => ctrl.abort(), timeoutMs);
    try {
      const headers = { accept: "application/json" };
      if (lang) headers["accept-language"] = lang;
      if (key) headers["idempotency-key"] = key;
      if (ifMatch !== undefined) headers["if-match"] = `"${ifMatch}"`;
      if (body !== undefined) headers["content-type"] = "application/json";
      const res = await doFetch(base + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: ctrl.signal,
        credentials: "same-origin",
      });
      let json = null;
      try {
        json = await res.json();
      } catch {
        json = null;
      }
      if (res.ok) return { ok: true, value: json };
      return { ok: false, reason: failure(res.status, json, res.headers) };
    } catch (e) {
      // Offline, refused, reset or timed out: the server may or may not have acted.
      return { ok: false, reason: { kind: "network", message: String(e?.message || e) } };
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    products: (ids) => request("GET", `/api/products?ids=${ids.map(enc).join(",")}`),
    search: (text) => request("GET", `/api/products?q=${enc(text)}`),
    /// `customer`: the anonymous id per-customer deal limits count by.
    createCart: (key, customer) => request("POST", "/api/carts", { key, body: customer ? { customer } : undefined }),
    cart: (cartId) => request("GET", `/api/carts/${enc(cartId)}`),
    /// `ifRevision`: the cart revision the change was made against; the server applies it only
    /// if the cart is still there (If-Match), so a request given up on cannot land late over a
    /// newer one.
    setQuantity: ({ cartId, variant, quantity, key, attribution, ifRevision }) =>
      request("PUT", `/api/carts/${enc(cartId)}/lines/${enc(variant)}`, {
        key,
        body: { quantity, attribution },
        ifMatch: Number.isSafeInteger(ifRevision) && ifRevision >= 0 ? ifRevision : undefined,
      }),
    checkout: ({ cartId, key }) => request("POST", `/api/carts/${enc(cartId)}/checkout`, { key }),
    order: (orderId) => request("GET", `/api/orders/${enc(orderId)}`),
    serverTime: () => request("GET", "/api/time"),
    room: (roomId) => request("GET", `/api/rooms/${enc(roomId)}`),
    /// A LIVE room's events after id `after`, through EventSource (which reconnects by itself
    /// and sends Last-Event-ID, so the server resumes where the stream broke). The engine
    /// checks every event; this only forwards them.
    liveEvents: (roomId, after, onEvent) => {
      const limit = liveStreamMs ? `&max_ms=${Number(liveStreamMs)}` : "";
      const es = new EventSource(`${base}/api/rooms/${enc(roomId)}/events?after=${Number(after) || 0}${limit}`);
      const forward = (e) => onEvent({ id: e.lastEventId, type: e.type, data: e.data });
      for (const type of ["pin", "unpin", "deal", "stock", "message"]) es.addEventListener(type, forward);
      es.addEventListener("error", () => {
        // CONNECTING: EventSource retries by itself. CLOSED: it gave up; the engine retries.
        if (es.readyState === EventSource.CLOSED) onEvent({ type: "closed" });
      });
      return { close: () => es.close() };
    },
    /// Analytics ride sendBeacon when the page is going away (it cannot set headers, so the
    /// batch id in the body is the idempotency key).
    analytics: (batch, events, { beacon = false } = {}) => {
      const payload = JSON.stringify({ batch, events });
      if (beacon && typeof navigator !== "undefined" && navigator.sendBeacon) {
        const queued = navigator.sendBeacon(base + "/api/analytics", new Blob([payload], { type: "application/json" }));
        return Promise.resolve(queued ? { ok: true, value: null } : { ok: false, reason: { kind: "network", message: "beacon refused" } });
      }
      return request("POST", "/api/analytics", { body: { batch, events } });
    },
  };
}
