// Type declarations for "shoppable-overlay/bridge/rest" (www/static/bridge/rest.js): the
// bridge adapter for the reference commerce API. Every method resolves to
// `{ ok: true, value }` or `{ ok: false, reason }` and never rejects.

import type {
  AnalyticsEvent,
  AnalyticsOptions,
  Bridge,
  BridgeAnswer,
  BridgeCart,
  BridgeFailure,
  BridgeOrder,
  CheckoutRequest,
  LiveStreamMessage,
  LiveSubscription,
  ProductsValue,
  RoomValue,
  SearchValue,
  ServerTimeValue,
  SetQuantityRequest,
} from "../index.js";

/** The `fetch` the bridge calls (the global one unless given; a test may pass its own). */
export type RestFetch = (input: string, init: RequestInit) => Promise<Response>;

/** Options of `restBridge`. */
export interface RestBridgeOptions {
  /** Prefix of every API path, e.g. "https://shop.example" (default "": same origin). */
  base?: string | undefined;
  /** The fetch to use (default: the global `fetch`). */
  fetch?: RestFetch | undefined;
  /** How long a call waits before it answers `network` (default 8000 ms). */
  timeoutMs?: number | undefined;
  /** Ask the server to end each LIVE event stream after this many ms (EventSource then resumes). */
  liveStreamMs?: number | undefined;
  /**
   * The language the catalogue answers in (titles, option names and values), sent as
   * `Accept-Language`; default: the page's `<html lang>`, else the browser's.
   */
  lang?: string | undefined;
}

/** A failure reason as `failure()` makes it: always with the server's (or an HTTP) message. */
export type RestFailure = BridgeFailure & { message: string };

/** What the reference API answers for `GET /api/orders/{id}` (the engine never calls `order`). */
export interface RestOrder extends BridgeOrder {
  /** The cart it came from. */
  cart_id?: string | undefined;
  /** When it was placed, Unix ms. */
  created_ms?: number | undefined;
  /** Its lines, as the API lists them. */
  lines?: unknown[] | undefined;
}

/** The REST bridge: every `Bridge` method plus LIVE, search and order reads; all promise-returning. */
export interface RestBridge extends Bridge {
  /** `GET /api/products?ids=…`. */
  products(ids: string[]): Promise<BridgeAnswer<ProductsValue>>;
  /** `GET /api/products?q=…`. */
  search(text: string): Promise<BridgeAnswer<SearchValue>>;
  /** `POST /api/carts` with the idempotency key (and `{ customer }` when given). */
  createCart(key: string, customer?: string): Promise<BridgeAnswer<BridgeCart>>;
  /** `GET /api/carts/{id}`. */
  cart(cartId: string): Promise<BridgeAnswer<BridgeCart>>;
  /** `PUT /api/carts/{id}/lines/{variant}` with the idempotency key. */
  setQuantity(request: SetQuantityRequest): Promise<BridgeAnswer<BridgeCart>>;
  /** `POST /api/carts/{id}/checkout` with the idempotency key. */
  checkout(request: CheckoutRequest): Promise<BridgeAnswer<BridgeOrder>>;
  /** `GET /api/orders/{id}`. */
  order(orderId: string): Promise<BridgeAnswer<RestOrder>>;
  /** `GET /api/time`. */
  serverTime(): Promise<BridgeAnswer<ServerTimeValue>>;
  /** `GET /api/rooms/{id}`. */
  room(roomId: string): Promise<BridgeAnswer<RoomValue>>;
  /** `GET /api/rooms/{id}/events?after=…` through EventSource (resumes by itself; `{type: "closed"}` when it gives up). */
  liveEvents(roomId: string, after: number, onEvent: (event: LiveStreamMessage) => void): LiveSubscription;
  /** `POST /api/analytics`, or `navigator.sendBeacon` with `{ beacon: true }`. */
  analytics(batch: string, events: AnalyticsEvent[], options?: Partial<AnalyticsOptions>): Promise<BridgeAnswer<unknown>>;
}

/** Milliseconds from a Retry-After header (seconds or an HTTP date; `now` in Unix ms), or undefined. */
export declare function retryAfterMs(header: string | null | undefined, now?: number): number | undefined;

/** Maps an HTTP answer (status, parsed JSON body, headers) to the bridge's typed failure. */
export declare function failure(
  status: number,
  body: unknown,
  headers?: { get?(name: string): string | null } | null,
): RestFailure;

/** A bridge to the reference commerce API (`/api/...` under `base`). */
export declare function restBridge(options?: RestBridgeOptions): RestBridge;
