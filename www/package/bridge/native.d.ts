// Type declarations for "shoppable-overlay/bridge/native" (www/static/bridge/native.js): the
// bridge spoken to the mobile app that embeds the page, over one versioned JSON envelope
// (`{v:1,id,method,params,token}` → `{v:1,id,ok,value|reason}`; events `{v:1,sub,event,seq,data}`).

import type {
  AnalyticsEvent,
  Bridge,
  BridgeAnswer,
  BridgeCart,
  BridgeOrder,
  CheckoutRequest,
  CheckoutValue,
  LiveStreamMessage,
  LiveSubscription,
  ProductsValue,
  RoomValue,
  SearchValue,
  ServerTimeValue,
  SetQuantityRequest,
} from "../index.js";

/** A method the page calls on the app. */
export type NativeMethod =
  | "hello"
  | "products"
  | "search"
  | "createCart"
  | "cart"
  | "setQuantity"
  | "checkout"
  | "order"
  | "serverTime"
  | "room"
  | "subscribe"
  | "unsubscribe"
  | "analytics";

/** Every method the app must answer, in the order of the contract atop native.js. */
export declare const METHODS: readonly NativeMethod[];

/** The transports `detectTransport` finds. */
export type NativeTransportKind = "ios" | "android" | "react-native" | "flutter";

/** A channel to the app: JSON text out, JSON text back through `receive`. */
export interface NativeTransport {
  /** A name for messages (e.g. "ios" or your own). */
  kind: string;
  /** Posts one envelope; may return a promise of the reply's text (iOS with reply). */
  send(text: string): unknown;
  /** Starts delivering the app's messages (replies and events) to `receive`. */
  listen(receive: (text: unknown) => void): unknown;
}

/** A transport found by `detectTransport`. */
export interface DetectedTransport extends NativeTransport {
  /** Which one. */
  kind: NativeTransportKind;
  /** Starts delivering; returns a function that stops it. */
  listen(receive: (text: unknown) => void): () => void;
}

/** Finds the app's transport on `w` (default `globalThis`) under `name` (default "shoppableBridge"): iOS, Android, React Native, then Flutter; null when none. */
export declare function detectTransport(name?: string, w?: object): DetectedTransport | null;

/** Options of `nativeBridge`. */
export interface NativeBridgeOptions {
  /** The channel to the app (default: `detectTransport(name)`). */
  transport?: NativeTransport | null | undefined;
  /** The name the app registered its channel under (default "shoppableBridge"). */
  name?: string | undefined;
  /** How long a call waits for its reply before it answers `network` (default 8000 ms). */
  timeoutMs?: number | undefined;
  /** The per-page token the app injected (default: `window.shoppableToken`, taken at load). */
  token?: string | undefined;
}

/** What the app answers to `hello`. */
export interface HelloValue {
  /** The app's name. */
  app?: string | undefined;
  /** The envelope version it speaks. */
  version?: number | undefined;
}

/** The native bridge: every `Bridge` method plus LIVE, search, order, `watch` and the hello. */
export interface NativeBridge extends Bridge {
  /** The kind of transport in use. */
  readonly transport: string;
  /** The app's answer to the page's first message. */
  readonly hello: Promise<BridgeAnswer<HelloValue>>;
  /** Hears what was wrong with a message from the app (the overlay calls it at mount); returns a function that stops it. */
  watch(report: (message: string) => void): () => void;
  /** `products {ids}`. */
  products(ids: string[]): Promise<BridgeAnswer<ProductsValue>>;
  /** `search {text}`. */
  search(text: string): Promise<BridgeAnswer<SearchValue>>;
  /** `createCart {key, customer}`. */
  createCart(key: string, customer?: string): Promise<BridgeAnswer<BridgeCart>>;
  /** `cart {cartId}`. */
  cart(cartId: string): Promise<BridgeAnswer<BridgeCart>>;
  /** `setQuantity {cartId, variant, quantity, key, attribution, ifRevision?}`. */
  setQuantity(request: SetQuantityRequest): Promise<BridgeAnswer<BridgeCart>>;
  /** `checkout {cartId, key}`: an order, or `{ handoff: true }`. */
  checkout(request: CheckoutRequest): Promise<BridgeAnswer<CheckoutValue>>;
  /** `order {orderId}`. */
  order(orderId: string): Promise<BridgeAnswer<BridgeOrder>>;
  /** `serverTime {}`. */
  serverTime(): Promise<BridgeAnswer<ServerTimeValue>>;
  /** `room {room}`. */
  room(roomId: string): Promise<BridgeAnswer<RoomValue>>;
  /** `subscribe {channel: "live", room, after}`; events pushed under this request's id; `close()` unsubscribes. */
  liveEvents(roomId: string, after: number, onEvent: (event: LiveStreamMessage) => void): LiveSubscription;
  /** `analytics {batch, events}` (there is no beacon: the app is asked either way). */
  analytics(batch: string, events: AnalyticsEvent[]): Promise<BridgeAnswer<unknown>>;
}

/** A bridge to the app through `transport` (detected when not given); throws a TypeError when there is none. */
export declare function nativeBridge(options?: NativeBridgeOptions): NativeBridge;
