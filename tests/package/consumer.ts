// A consumer of the published package, type-checked (never run) against the hand-written
// declarations in www/package/: it uses every public API the way an integrator would, and each
// line marked as expecting an error is a misuse the types must keep refusing.
// tests/package/package.test.mjs copies it with tsconfig.json into a project that installed the
// packed package, and runs `tsc -p` there.

import "shoppable-overlay/overlay.css";
import init, { init as initNamed, mount } from "shoppable-overlay";
import type {
  Bridge,
  BridgeAnswer,
  BridgeCart,
  BridgeFailure,
  LiveEvent,
  LiveStreamMessage,
  Manifest,
  MountOptions,
  OrderEvent,
  OverlayErrorEvent,
  OverlayErrorKind,
  OverlayEventMap,
  OverlayHandle,
  ReadyEvent,
  TagActivateEvent,
} from "shoppable-overlay";
import { ShoppableOverlay } from "shoppable-overlay/element";
import type { ElementErrorKind, ShoppableOverlayEventMap } from "shoppable-overlay/element";
import { failure, restBridge, retryAfterMs } from "shoppable-overlay/bridge/rest";
import type { RestBridge } from "shoppable-overlay/bridge/rest";
import { METHODS, detectTransport, nativeBridge } from "shoppable-overlay/bridge/native";
import type { NativeBridge, NativeTransport } from "shoppable-overlay/bridge/native";

const log = (...parts: unknown[]): void => console.log(...parts);

/** A manifest written in code (the schema's shape, both tag forms). */
const manifest: Manifest = {
  version: 1,
  video: { id: "demo", duration: 40 },
  attribution: { creator: "@maya.styles", campaign: "fall-haul" },
  products: [{ id: "p-sneaker", name: "Trail Runner Sneaker" }, { id: "p-watch" }],
  tags: [
    {
      id: "t-sneaker",
      product: "p-sneaker",
      start: 2,
      end: 10,
      label: "Trail Runner −20%",
      keyframes: [
        { t: 2, x: 0.1, y: 0.75 },
        { t: 6, x: 0.5, y: 0.75, ease: "ease-in-out" },
        { t: 10, x: 0.85, y: 0.6 },
      ],
    },
    { id: "t-watch", product: "p-watch", start: 4, end: 14, x: 0.75, y: 0.25 },
  ],
  deals: [{ id: "d-1", product: "p-watch", price: 9900, starts_ms: 0, ends_ms: 1, limit: 2 }],
};

/** Every payload field, read with its type. */
function listen(handle: OverlayHandle): void {
  handle.on("ready", (e) => {
    const count: number = e.tags + e.products;
    for (const w of e.warnings) log(w.path, w.message, count);
  });
  const onError = (e: OverlayErrorEvent): void => {
    const kind: OverlayErrorKind = e.kind;
    if (e.kind === "manifest") for (const p of e.problems) log(p.path, p.message);
    if (e.kind === "panic") log(handle.panicMessage());
    log(kind, e.message);
  };
  handle.on("error", onError);
  handle.on("tag-activate", (e) => {
    const input: "pointer" | "keyboard" = e.input;
    log(e.tagId, e.productId, e.mediaTime.toFixed(2), input);
  });
  handle.on("order", (e) => log("order", e.orderId, e.total.toUpperCase()));
  handle.on("live-event", (e) => {
    if (e.kind === "pin" || e.kind === "unpin" || e.kind === "deal" || e.kind === "stock") {
      log(e.id + 1, e.productId);
    }
  });
  handle.off("error", onError);

  // @ts-expect-error: "click" is not an event a handle emits (it would throw at runtime).
  handle.on("click", () => log("never"));
  // @ts-expect-error: the order payload has orderId, not orderID.
  handle.on("order", (e) => log(e.orderID));
  // @ts-expect-error: a ready listener does not hear tag-activate payloads.
  handle.on("ready", (e: TagActivateEvent) => log(e.tagId));
  handle.on("error", (e) => {
    // @ts-expect-error: "oops" is not an error kind, so the comparison can never be true.
    if (e.kind === "oops") log(e);
  });
  handle.on("live-event", (e) => {
    // @ts-expect-error: live events are pin, unpin, deal or stock, never "pinned".
    if (e.kind === "pinned") log(e);
  });
}

/** A bridge an app writes itself (the engine accepts plain answers as well as promises). */
function ownBridge(): Bridge {
  const cart: BridgeCart = { id: "c-1", revision: 0, currency: "EUR", lines: [] };
  const refuse: BridgeAnswer<never> = { ok: false, reason: { kind: "throttled", retryAfterMs: 500 } };
  return {
    products: async (ids) => ({ ok: true, value: { products: [], missing: ids } }),
    createCart: (key, customer) => {
      log(key, customer);
      return { ok: true, value: cart };
    },
    cart: async () => ({ ok: true, value: cart }),
    setQuantity: async (r) => {
      log(r.cartId, r.variant, r.quantity, r.key, r.attribution.creator, r.attribution.campaign);
      return { ok: false, reason: { kind: "out_of_stock", available: 1, variant: r.variant } };
    },
    checkout: async ({ cartId, key }) => {
      log(cartId, key);
      return { ok: true, value: { handoff: true } };
    },
    serverTime: async () => ({ ok: true, value: { now_ms: Date.now() } }),
    analytics: async (batch, events, { beacon }) => {
      for (const e of events) log(batch, e.type, e.media_time, e.tag, beacon);
      return refuse;
    },
    room: async (id) => ({ ok: true, value: { id, pinned: [], last_event_id: 0 } }),
    liveEvents: (room, after, onEvent) => {
      onEvent({ id: String(after + 1), type: "pin", data: JSON.stringify({ product_id: room }) });
      onEvent({ type: "closed" });
      return { close: () => log("closed") };
    },
    watch: (report) => {
      report("nothing wrong");
      return () => log("unwatched");
    },
  };
}

/** What a failure reason says, by kind. */
function explain(reason: BridgeFailure): string {
  switch (reason.kind) {
    case "out_of_stock":
      return `only ${reason.available ?? 0} left`;
    case "limit":
      return `at most ${reason.max ?? 0}`;
    case "throttled":
      return `retry in ${reason.retryAfterMs ?? 1000} ms`;
    case "invalid":
      return `${reason.code ?? "invalid"} ${reason.field ?? ""} ${reason.deal ?? ""}`;
    case "not_found":
      return `${reason.field ?? "it"} not found`;
    case "stale":
      return `the cart is at revision ${reason.cart.revision} now`;
    case "network":
    case "server":
      return reason.message ?? reason.kind;
  }
}

async function bridges(): Promise<void> {
  const rest: RestBridge = restBridge({
    base: "https://shop.example",
    timeoutMs: 5000,
    liveStreamMs: 30_000,
    fetch: (input, init) => fetch(input, init),
  });
  const answer = await rest.products(["p-sneaker", "p-watch"]);
  if (answer.ok) {
    for (const p of answer.value.products) {
      for (const v of p.variants) log(p.title, v.id, v.price, v.compare_at, v.available, v.options?.size);
      for (const d of p.deals ?? []) log(d.id, d.starts_ms, d.ends_ms, d.variant_id);
    }
  } else {
    log(explain(answer.reason));
  }
  const placed = await rest.checkout({ cartId: "c-1", key: "k-1" });
  if (placed.ok) log(placed.value.id, placed.value.total, placed.value.currency);
  const found = await rest.search("watch");
  if (found.ok) log(found.value.products.length);
  const order = await rest.order("o-1");
  if (order.ok) log(order.value.created_ms);
  const room = await rest.room("r-1");
  if (room.ok) log(room.value.pinned, room.value.last_event_id);
  const sub = rest.liveEvents("r-1", 0, (e: LiveStreamMessage) => {
    if (e.type === "closed") return;
    if ("data" in e) log(e.id, e.data);
  });
  sub.close();
  await rest.analytics("b-1", [{ type: "tag_tap", at: Date.now(), media_time: 3.5, tag: "t-watch" }]);
  const why = failure(429, { error: { message: "slow down" } }, new Headers({ "retry-after": "2" }));
  log(why.message, explain(why), retryAfterMs("2"), retryAfterMs(null, Date.now()));

  // @ts-expect-error: products takes an array of ids, not one id.
  await rest.products("p-sneaker");
  // @ts-expect-error: setQuantity takes one request object with cartId, variant, quantity, key, attribution.
  await rest.setQuantity("c-1", "v-1", 2);

  const transport: NativeTransport = {
    kind: "custom",
    send: (text) => log(text),
    listen: (receive) => receive('{"v":1,"id":1,"ok":true,"value":{}}'),
  };
  const native: NativeBridge = nativeBridge({ transport, timeoutMs: 8000, token: "tok" });
  const stop = native.watch((message) => log(message.length));
  stop();
  const hello = await native.hello;
  if (hello.ok) log(native.transport, hello.value.app, hello.value.version);
  const checkout = await native.checkout({ cartId: "c-1", key: "k-2" });
  if (checkout.ok) log("handoff" in checkout.value ? "in the app" : checkout.value.total);
  const detected = detectTransport("shoppableBridge", window);
  if (detected) log(detected.kind === "react-native", nativeBridge({ transport: detected }).transport);
  log(METHODS.includes("subscribe"));

  // @ts-expect-error: timeoutMs is a number of milliseconds, not text.
  nativeBridge({ timeoutMs: "8000" });
}

async function viewer(video: HTMLVideoElement, text: string, room: string | null): Promise<void> {
  await init();
  await initNamed({ base: "/assets/shoppable/" });
  await init({ base: new URL("https://cdn.example/shoppable/") });
  // @ts-expect-error: init takes { base } (the folder of the viewer's files), not the Wasm file's URL.
  await init("/assets/shoppable/www_bg.wasm");

  const options: MountOptions = {
    manifest: text,
    name: "Products in this video",
    bridge: restBridge(),
    locale: "fr-FR",
    pauseOnOpen: true,
    measure: false,
    live: room ? { room } : undefined,
    messages: {
      fr: {
        "card.add": "Ajouter au panier",
        "cart.button.items": { one: "Panier, {count} article", other: "Panier, {count} articles" },
      },
    },
  };
  const handle = mount(video, options);
  listen(handle);
  const fromObject = mount(video, { manifest, bridge: ownBridge() });
  const tagsOnly = mount(video, { manifest: text });

  handle.relayout();
  const exact: boolean = handle.exactFrames();
  const closed: boolean = handle.back();
  const now: number | undefined = handle.serverNow();
  const times: Float64Array = handle.takeFrameTimes();
  log(exact, closed, now, times.length, handle.hasPanicked(), handle.panicMessage());
  for (const h of [handle, fromObject, tagsOnly]) {
    h.destroy();
    h.free();
  }

  // @ts-expect-error: pauseOnOpen is true or false.
  mount(video, { manifest: text, pauseOnOpen: "yes" });
  // @ts-expect-error: the manifest is required.
  mount(video, { bridge: restBridge() });
  // @ts-expect-error: a LIVE room id is a string.
  mount(video, { manifest: text, live: { room: 42 } });
  // @ts-expect-error: mount needs a <video>, not any element.
  mount(document.createElement("div"), { manifest: text });
  mount(video, {
    manifest: text,
    // @ts-expect-error: "several" is not a CLDR plural category.
    messages: { fr: { "cart.button.items": { several: "articles" } } },
  });
  mount(video, {
    // @ts-expect-error: a tag has x/y or keyframes, never both.
    manifest: { ...manifest, tags: [{ id: "t", product: "p-watch", start: 0, end: 1, x: 0.5, y: 0.5, keyframes: [] }] },
  });
}

function element(): void {
  const el = document.createElement("shoppable-overlay");
  const same: ShoppableOverlay = el;
  el.setAttribute("for", "v");
  el.src = "/media/demo.manifest.json";
  el.src = new URL("/media/demo.manifest.json", location.href);
  el.setAttribute("locale", "ar");
  el.setAttribute("live-room", "r-1");
  el.bridge = restBridge();
  el.bridge = null;
  el.bridge = undefined;
  const kept: Bridge | null = el.bridge;
  log(kept, el.src.length, ShoppableOverlay.observedAttributes.includes("src"));
  document.body.append(same);
  const found = document.querySelector("shoppable-overlay");
  if (found) found.bridge = ownBridge();
  const byId = document.getElementById("overlay");
  if (byId instanceof ShoppableOverlay) log(byId.src, customElements.get("shoppable-overlay") === ShoppableOverlay);

  el.addEventListener("shoppable-ready", (e) => log(e.detail.tags, e.detail.warnings.length));
  el.addEventListener("shoppable-tag-activate", (e) => log(e.detail.tagId, e.detail.mediaTime));
  el.addEventListener("shoppable-order", (e) => log(e.detail.orderId, e.detail.total));
  el.addEventListener("shoppable-live-event", (e) => log(e.detail.kind, e.detail.productId));
  document.addEventListener("shoppable-error", (e) => {
    const kind: ElementErrorKind = e.detail.kind;
    if (kind === "network") log("the manifest could not be fetched", e.detail.message);
  });
  window.addEventListener("shoppable-ready", (e) => log(e.detail.products));
  el.handle?.relayout();
  if (el.handle?.back() === false) history.back();

  // The maps line up with the handle's payloads.
  const detail: ShoppableOverlayEventMap["shoppable-order"]["detail"] = { orderId: "o", orderNumber: "7KQ2-M9XD", total: "€1" } satisfies OrderEvent;
  const ready: OverlayEventMap["ready"] = { tags: 0, products: 0, warnings: [] } satisfies ReadyEvent;
  const live: LiveEvent = { id: 1, kind: "stock", productId: "p" };
  log(detail, ready, live);

  // @ts-expect-error: bridge is a Bridge object, not the name of one.
  el.bridge = "rest";
  // @ts-expect-error: src is a URL; null would become the URL "null".
  el.src = null;
  // @ts-expect-error: handle is read-only (the element owns it).
  el.handle = null;
  // @ts-expect-error: a tag-activate event carries tagId, not orderId.
  el.addEventListener("shoppable-tag-activate", (e) => log(e.detail.orderId));
}

export { bridges, element, viewer };

// The player adapters, typed.
import { hlsLive, programDateTime, type AppliedEvent } from "shoppable-overlay/adapters/hls";
import { registerShoppable, type PlayerOverlay } from "shoppable-overlay/adapters/videojs";
export function adapters(hls: Parameters<typeof hlsLive>[0], vjs: Parameters<typeof registerShoppable>[0], base: Parameters<typeof hlsLive>[1]): void {
  const live = hlsLive(hls, base, { onApply: (e: AppliedEvent, f) => console.log(e.id, e.kind, f.programDateTime - e.startDate) });
  live.detach();
  const t: number = programDateTime(hls, 1.5);
  registerShoppable(vjs);
  const overlay = null as unknown as PlayerOverlay;
  overlay.setSafeArea({ bottom: 30 });
  console.log(t);
}
