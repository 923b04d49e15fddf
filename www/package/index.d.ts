// Type declarations for "shoppable-overlay" (www/package/index.js: `init` and `mount` over the
// wasm-bindgen `--target web` output of the `www` crate in pkg/). Hand-written against www/src
// (options.rs, handle.rs, events.rs, bindings.rs), shop/src (events.rs, wire.rs, bindings.rs)
// and www/static/manifest.schema.json; keep them in step with those files.

// ---- loading ---------------------------------------------------------------------------------

/** Options of `init`. */
export interface InitOptions {
  /**
   * URL of the folder holding the viewer's files (`www.js`, `www_bg.wasm`, `shop/`), relative
   * to the page; default: `pkg/` beside the package's `index.js`. Needed when a bundler moved
   * the code away from them (copy the package's `pkg/` folder there).
   */
  base?: string | URL | undefined;
}

/**
 * Loads the viewer's Wasm module and tells it where its files are. Once per page: later calls
 * return the same promise (and ignore their options); a failed load is tried again by the next
 * call. Await it before `mount`. After the viewer panicked (an `error` of kind "panic";
 * `hasPanicked()`), a call loads a fresh instance: destroy the old overlays, await it, mount
 * again (a mount before that is inert and says so with an `error` of kind "panic").
 */
declare function init(options?: InitOptions): Promise<void>;

export default init;
export { init };

/**
 * Mounts the overlay on an existing `<video>` without moving or wrapping it (one layer is
 * inserted as the video's next sibling). The overlay lives until `handle.destroy()` or until
 * the video leaves the document; keeping the handle is optional. Throws a TypeError only when
 * `video` is not a video element; every other problem is an `error` event on the returned
 * handle, and the video plays on.
 */
export declare function mount(video: HTMLVideoElement, options: MountOptions): OverlayHandle;

// ---- options ---------------------------------------------------------------------------------

/**
 * The options of `mount` (read and checked by www/src/options.rs). A wrong value is an `error`
 * of kind "options" and nothing mounts; a key not listed here (a misspelling such as
 * `pauseOnPlay`) is an `error` of kind "options" naming the option it is closest to, and the
 * overlay mounts without it.
 */
export interface MountOptions {
  /** The manifest as JSON text, or as an object (serialized first, so limits and messages are the same). */
  manifest: string | Manifest;
  /** Accessible name of the tag group. */
  name?: string | null | undefined;
  /** Record per-frame script time for `handle.takeFrameTimes()` (for benchmarks; default false). */
  measure?: boolean | null | undefined;
  /** The commerce bridge; without it tags only raise `tag-activate` and no card or cart is shown. */
  bridge?: Bridge | null | undefined;
  /** BCP 47 locale for words, digits and prices (must be known to `Intl`); default: the page's `<html lang>`, else the browser's language. */
  locale?: string | null | undefined;
  /** Pause the video while the product card is open and resume on close (default true). */
  pauseOnOpen?: boolean | null | undefined;
  /** Follow a LIVE room's pins and flash deals; needs `bridge` with `room` and `liveEvents`. */
  live?: LiveOptions | null | undefined;
  /** Per-locale message catalogs (locale → message key → text) overriding or adding translations. */
  messages?: MessageCatalogs | undefined;
}

/** `options.live`: the LIVE room to follow. */
export interface LiveOptions {
  /** The room id (non-empty, at most 64 characters). */
  room: string;
}

/** One message: plain text, or one text per CLDR plural category (chosen with `Intl.PluralRules`). */
export type MessageText = string | Partial<Record<Intl.LDMLPluralRule, string>>;

/** One locale's messages, by message key. */
export type MessageCatalog = Record<string, MessageText>;

/** Message catalogs by locale (BCP 47 tag), then by message key. */
export type MessageCatalogs = Record<string, MessageCatalog>;

// ---- the handle ------------------------------------------------------------------------------

/** A listener of one event type; it is called with no `this` and its return value is ignored. */
export type OverlayListener<T> = (event: T) => void;

/**
 * A mounted overlay, as `mount` returns it: a view of the overlay, which lives until
 * `destroy()` or until its video leaves the document (then the methods do nothing and answer
 * false/undefined). Events are delivered in a microtask after the call that raised them
 * returned, in the order raised, so a listener may call any method of the handle (`back()` from
 * `tag-activate`, say) and it takes effect. `error` and `ready` events raised before anyone
 * listens (during `mount`) are kept for the first listener of their type.
 */
export interface OverlayHandle {
  /** Hears `ready`: the manifest is valid and the tags are live. */
  on(type: "ready", listener: OverlayListener<ReadyEvent>): void;
  /** Hears `error`: something could not be done; the video plays on. */
  on(type: "error", listener: OverlayListener<OverlayErrorEvent>): void;
  /** Hears `tag-activate`: a viewer tapped, clicked or pressed a tag. */
  on(type: "tag-activate", listener: OverlayListener<TagActivateEvent>): void;
  /** Hears `order`: a checkout through the bridge placed an order. */
  on(type: "order", listener: OverlayListener<OrderEvent>): void;
  /** Hears `live-event`: a LIVE room event (pin, unpin, deal, stock) was applied. */
  on(type: "live-event", listener: OverlayListener<LiveEvent>): void;

  /** Removes a `ready` listener (by identity). */
  off(type: "ready", listener: OverlayListener<ReadyEvent>): void;
  /** Removes an `error` listener (by identity). */
  off(type: "error", listener: OverlayListener<OverlayErrorEvent>): void;
  /** Removes a `tag-activate` listener (by identity). */
  off(type: "tag-activate", listener: OverlayListener<TagActivateEvent>): void;
  /** Removes an `order` listener (by identity). */
  off(type: "order", listener: OverlayListener<OrderEvent>): void;
  /** Removes a `live-event` listener (by identity). */
  off(type: "live-event", listener: OverlayListener<LiveEvent>): void;

  /** Measures the video again; call after changing its `object-fit`, `object-position` or padding. */
  relayout(): void;
  /**
   * Bands along the video's edges the player's own controls cover, in CSS pixels: a tag whose
   * point falls in one moves out of it (its whole 32 px target clear of it) until the band is
   * given back (`setSafeArea({})`). Throws a TypeError for a side that is not a number of
   * pixels, 0 or more.
   */
  setSafeArea(insets: { top?: number; right?: number; bottom?: number; left?: number }): void;
  /** Whether tags follow exact presented-frame times (`requestVideoFrameCallback`). */
  exactFrames(): boolean;
  /** Closes the topmost thing the overlay opened (card, cart, shelf); false when nothing was open (navigate back yourself). */
  back(): boolean;
  /** The server's time (Unix ms) as estimated from `bridge.serverTime` round-trips, once known. */
  serverNow(): number | undefined;
  /** Per-frame script times in ms since the last call (only with `measure: true`). */
  takeFrameTimes(): Float64Array;
  /** Removes every node, listener and callback the overlay made, and its listeners; safe twice and inside a listener. */
  destroy(): void;
  /** Whether the viewer's Wasm module panicked (every overlay on the page is then inert); a shop-module panic is only an `error` of kind "panic". */
  hasPanicked(): boolean;
  /** The viewer's panic message, if it panicked. */
  panicMessage(): string | undefined;
  /** Releases the handle's own Wasm memory (the overlay stays until `destroy()` or its video leaves); do not use the handle afterwards. */
  free(): void;
}

// ---- events ----------------------------------------------------------------------------------

/** Every event type a handle emits, with its payload. */
export interface OverlayEventMap {
  /** See {@link ReadyEvent}. */
  ready: ReadyEvent;
  /** See {@link OverlayErrorEvent}. */
  error: OverlayErrorEvent;
  /** See {@link TagActivateEvent}. */
  "tag-activate": TagActivateEvent;
  /** See {@link OrderEvent}. */
  order: OrderEvent;
  /** See {@link LiveEvent}. */
  "live-event": LiveEvent;
}

/** An event type a handle emits. */
export type OverlayEventType = keyof OverlayEventMap;

/** One problem, with its JSON path (e.g. `tags[3].keyframes[1].t`; empty when it has none). */
export interface Problem {
  /** JSON path into the manifest, or "". */
  path: string;
  /** What is wrong, readable. */
  message: string;
}

/** `ready`: the manifest is valid and the overlay is live. */
export interface ReadyEvent {
  /** Number of tags in the manifest. */
  tags: number;
  /** Number of products in the manifest. */
  products: number;
  /** Fields the engine ignored, with their paths. */
  warnings: Problem[];
}

/**
 * Why an `error` event was raised.
 * - "options": `mount`'s options are wrong (www/src/handle.rs).
 * - "manifest": the manifest is invalid; `problems` lists each error with its path.
 * - "mount": the overlay could not attach to the video.
 * - "shop": the shop module (card, cart) could not be fetched; the next tap tries again.
 * - "panic": an internal error in the viewer or the shop module; that module stops.
 * - "bridge": a bridge answer of the wrong shape, a bridge that threw, or a `watch` report.
 * - "clock": a server time that makes no sense.
 * - "live": a malformed or unknown LIVE event, or events that never arrived.
 * - "deal": a manifest deal the commerce API does not offer.
 */
export type OverlayErrorKind =
  | "options"
  | "manifest"
  | "mount"
  | "shop"
  | "panic"
  | "bridge"
  | "clock"
  | "live"
  | "deal"
  /** A message fell back to English (once per key; once per page for a language with no messages). */
  | "locale";

/** `error`: the overlay cannot do what was asked; the video plays on. */
export interface OverlayErrorEvent {
  /** What kind of problem. */
  kind: OverlayErrorKind;
  /** One readable message with every problem in it. */
  message: string;
  /** The manifest's problems with their paths (kind "manifest"); empty otherwise. */
  problems: Problem[];
}

/** `tag-activate`: a viewer tapped, clicked or pressed a tag. */
export interface TagActivateEvent {
  /** The manifest id of the tag. */
  tagId: string;
  /** The manifest id of its product. */
  productId: string;
  /** Media time (seconds) of the frame on screen. */
  mediaTime: number;
  /** How it was activated. */
  input: "pointer" | "keyboard";
}

/** `order`: checkout placed an order (not raised when the checkout is handed off to an app). */
export interface OrderEvent {
  /** The order id the bridge answered. */
  orderId: string;
  /** The number the viewer was shown: the bridge's `number`, else the id. */
  orderNumber: string;
  /** The total, formatted for the viewer's locale (may be "" if unknown). */
  total: string;
}

/** What a LIVE room event did. */
export type LiveEventKind = "pin" | "unpin" | "deal" | "stock";

/** `live-event`: a LIVE room event was applied (duplicates and refused events are not raised). */
export interface LiveEvent {
  /** The room event's sequence number. */
  id: number;
  /** What it did. */
  kind: LiveEventKind;
  /** The product it concerns. */
  productId: string;
}

// ---- the bridge ------------------------------------------------------------------------------

/** A bridge call's outcome: a value, or a typed reason it failed. */
export type BridgeAnswer<T> = { ok: true; value: T } | { ok: false; reason: BridgeFailure };

/** What a bridge method may return: an answer or (usually) a promise of one. It should never throw or reject. */
export type BridgeResult<T> = BridgeAnswer<T> | PromiseLike<BridgeAnswer<T>>;

/** Fields every failure reason may carry. */
export interface FailureBase {
  /** A readable explanation (for logs; the engine shows `invalid`'s to the viewer). */
  message?: string | undefined;
}

/** Offline, refused, reset or timed out: the server may or may not have acted (the engine retries with the same key). */
export interface NetworkFailure extends FailureBase {
  /** Discriminant. */
  kind: "network";
}

/** Too many requests (HTTP 429). */
export interface ThrottledFailure extends FailureBase {
  /** Discriminant. */
  kind: "throttled";
  /** How long to wait before retrying, in ms (capped at one hour by the engine). */
  retryAfterMs?: number | undefined;
}

/** The server failed (HTTP 5xx, or the app's handler rejected). */
export interface ServerFailure extends FailureBase {
  /** Discriminant. */
  kind: "server";
}

/** Not enough stock for the quantity asked. */
export interface OutOfStockFailure extends FailureBase {
  /** Discriminant. */
  kind: "out_of_stock";
  /** How many are left (missing or null: read as 0, sold out). */
  available?: number | null | undefined;
  /** The variant concerned. */
  variant?: string | undefined;
}

/** Over the per-line or per-order limit. */
export interface LimitFailure extends FailureBase {
  /** Discriminant. */
  kind: "limit";
  /** The most allowed (missing or null: read as 0). */
  max?: number | null | undefined;
  /** The variant concerned. */
  variant?: string | undefined;
}

/** The cart, product, order or room does not exist. */
export interface NotFoundFailure extends FailureBase {
  /** Discriminant. */
  kind: "not_found";
  /** What was not found. */
  field?: string | undefined;
}

/** The request was refused as invalid (including a deal's own limits: code "deal_limit" / "deal_sold_out"). */
export interface InvalidFailure extends FailureBase {
  /** Discriminant. */
  kind: "invalid";
  /** The field at fault. */
  field?: string | undefined;
  /** The API's error code, e.g. "invalid", "deal_limit", "deal_sold_out", "idempotency_key_reused", "conflict". */
  code?: string | undefined;
  /** The deal whose limit was hit. */
  deal?: string | undefined;
  /** The variant concerned. */
  variant?: string | undefined;
}

/** A line change made against an older cart revision (`ifRevision`) than the cart's: not applied. */
export interface StaleFailure extends FailureBase {
  /** Discriminant. */
  kind: "stale";
  /** The cart as it is now (the engine adopts it and sends the change again against it). */
  cart: BridgeCart;
}

/** Why a bridge call failed: `reason` of `{ ok: false, reason }` (any other kind is an `error` event of kind "bridge"). */
export type BridgeFailure =
  | NetworkFailure
  | ThrottledFailure
  | ServerFailure
  | OutOfStockFailure
  | LimitFailure
  | NotFoundFailure
  | InvalidFailure
  | StaleFailure;

/** A failure reason's kind. */
export type BridgeFailureKind = BridgeFailure["kind"];

/**
 * What `options.bridge` must be: the engine calls these methods (www/src/bindings.rs
 * BRIDGE_METHODS; LIVE_METHODS `room` and `liveEvents` when `options.live` is set) and checks
 * every answer's shape. Retries, idempotency keys and optimistic state live in the engine.
 */
export interface Bridge {
  /** Products by id (at most 100 per call); ids neither returned nor in `missing` count as missing. */
  products(ids: string[]): BridgeResult<ProductsValue>;
  /** Creates a cart under idempotency `key`; `customer` is the browser's anonymous id for per-customer deal limits. */
  createCart(key: string, customer: string): BridgeResult<BridgeCart>;
  /** Reads a cart. */
  cart(cartId: string): BridgeResult<BridgeCart>;
  /** Sets one line's absolute quantity (0 removes); a repeated `key` must get its first answer and never apply twice. */
  setQuantity(request: SetQuantityRequest): BridgeResult<BridgeCart>;
  /** Checks the cart out under idempotency `key`: an order, or `{ handoff: true }` when an app takes over. */
  checkout(request: CheckoutRequest): BridgeResult<CheckoutValue>;
  /** The server's clock. */
  serverTime(): BridgeResult<ServerTimeValue>;
  /** Sends an analytics batch (`batch` is its idempotency id); `beacon` when the page is going away. */
  analytics(batch: string, events: AnalyticsEvent[], options: AnalyticsOptions): BridgeResult<unknown>;
  /** A LIVE room's state (required with `options.live`). */
  room?(roomId: string): BridgeResult<RoomValue>;
  /** Subscribes to a LIVE room's events after id `after` (required with `options.live`). */
  liveEvents?(roomId: string, after: number, onEvent: (event: LiveStreamMessage) => void): LiveSubscription;
  /** Optional: hears problems with messages the engine never sees; returns a function that stops it. */
  watch?(report: (message: string) => void): (() => void) | void;
}

/** The request `setQuantity` gets. */
export interface SetQuantityRequest {
  /** The cart. */
  cartId: string;
  /** The variant id of the line. */
  variant: string;
  /** The absolute quantity (0 removes the line). */
  quantity: number;
  /** Idempotency key: a repeat must get the first answer and change nothing. */
  key: string;
  /** The manifest's attribution and the video's id, recorded on the order line. */
  attribution: { creator: string | null; campaign: string | null; video: string | null };
  /**
   * The cart revision the change was made against (the same on every retry under `key`).
   * Apply it only while the cart is still at that revision, and answer `{ kind: "stale", cart }`
   * otherwise: a request given up on that arrives late then cannot overwrite a newer change.
   */
  ifRevision?: number;
}

/** The request `checkout` gets. */
export interface CheckoutRequest {
  /** The cart. */
  cartId: string;
  /** Idempotency key. */
  key: string;
}

/** The third argument of `analytics`. */
export interface AnalyticsOptions {
  /** The page is being hidden or unloaded: send with `navigator.sendBeacon`; nobody waits for the answer. */
  beacon: boolean;
}

/** An analytics event type. */
export type AnalyticsEventType =
  | "tag_impression"
  | "tag_tap"
  | "card_open"
  | "variant_select"
  | "add_to_cart"
  | "checkout";

/** One analytics event as the engine sends it (absent fields are left out). */
export interface AnalyticsEvent {
  /** What happened. */
  type: AnalyticsEventType;
  /** Wall-clock Unix ms. */
  at: number;
  /** Media time in seconds. */
  media_time: number;
  /** The tag id. */
  tag?: string | undefined;
  /** The product id. */
  product?: string | undefined;
  /** The variant id. */
  variant?: string | undefined;
  /** Quantity (add_to_cart). */
  quantity?: number | undefined;
  /** Order id (reserved; not sent today). */
  order?: string | undefined;
  /** The manifest's attribution creator. */
  creator?: string | undefined;
  /** The manifest's attribution campaign. */
  campaign?: string | undefined;
}

/** `products` answers this. */
export interface ProductsValue {
  /** The products found. */
  products: BridgeProduct[];
  /** Ids that do not exist. */
  missing?: string[] | null | undefined;
}

/** A product as the commerce API describes it (prices in minor units). */
export interface BridgeProduct {
  /** Product id. */
  id: string;
  /** Display title. */
  title: string;
  /** ISO 4217 currency code. */
  currency: string;
  /** Image URL. */
  image?: string | null | undefined;
  /** Product page URL. */
  url?: string | null | undefined;
  /**
   * Its option axes in the order to show them (colour, size…). Left out, the axes are those
   * the variants' options name, in the order first seen; an axis or value the list leaves out
   * but a variant uses is added.
   */
  options?: BridgeOptionAxis[] | null | undefined;
  /** Its variants. */
  variants: BridgeVariant[];
  /** Deals not ended when answered (a broken one is reported and ignored). */
  deals?: BridgeDeal[] | null | undefined;
}

/** One option axis of a product, e.g. `{ name: "color", label: "Colour", values: [...] }`. */
export interface BridgeOptionAxis {
  /** The key the variants' `options` use. */
  name: string;
  /** What the viewer reads (defaults to `name`). */
  label?: string | null | undefined;
  /** Its values, in the order to show them: a plain string, or a value with a label and a swatch. */
  values: (string | BridgeOptionValue)[];
}

/** One value of an option axis. */
export interface BridgeOptionValue {
  /** The value the variants' `options` use. */
  value: string;
  /** What the viewer reads (defaults to `value`). */
  label?: string | null | undefined;
  /**
   * A colour to show it as, `#rgb` or `#rrggbb` (anything else is left out and reported).
   * When every value of an axis has one, the card shows the axis as swatches.
   */
  swatch?: string | null | undefined;
}

/** A variant's options: axis name → value (`{ size: "42", color: "Black" }`); null is no value. */
export interface VariantOptions {
  /** Size. */
  size?: string | null | undefined;
  /** Colour. */
  color?: string | null | undefined;
  /** Any other axis. */
  [axis: string]: string | null | undefined;
}

/** One variant of a product. */
export interface BridgeVariant {
  /** Variant id. */
  id: string;
  /** Its value on each option axis. */
  options?: VariantOptions | null | undefined;
  /** Price in minor units (a whole number). */
  price: number;
  /** Regular price shown struck through, in minor units. */
  compare_at?: number | null | undefined;
  /** Units in stock. */
  available: number;
}

/** A deal as the commerce API states it (times are the server's Unix ms). */
export interface BridgeDeal {
  /** Deal id. */
  id: string;
  /** The variant it prices, or null for every variant. */
  variant_id?: string | null | undefined;
  /** Deal price in minor units. */
  price: number;
  /** When it starts. */
  starts_ms: number;
  /** When it ends. */
  ends_ms: number;
  /** When it is announced (before it starts). */
  announce_ms?: number | null | undefined;
  /** Per-customer limit. */
  limit?: number | null | undefined;
  /** Deal units left. */
  stock_left?: number | null | undefined;
  /** Its headline. */
  title?: string | null | undefined;
}

/** A cart (`createCart`, `cart`, `setQuantity` answer this). */
export interface BridgeCart {
  /** Cart id. */
  id: string;
  /** Increases with every change (0 or more). */
  revision: number;
  /** ISO 4217 currency code. */
  currency: string;
  /** Its lines. */
  lines: BridgeCartLine[];
  /** Set once the cart was checked out. */
  order_id?: string | null | undefined;
}

/** One cart line. */
export interface BridgeCartLine {
  /** Variant id. */
  variant_id: string;
  /** Product id. */
  product_id: string;
  /** Product title. */
  title: string;
  /** Its value on each option axis. */
  options?: VariantOptions | null | undefined;
  /** Quantity (0 or more). */
  quantity: number;
  /** Unit price in minor units. */
  unit_price: number;
  /** Units in stock. */
  available: number;
}

/** An order placed by `checkout`. */
export interface BridgeOrder {
  /** Order id. */
  id: string;
  /**
   * The number people read and say (e.g. "7KQ2-M9XD"), shown in the confirmation; the id is
   * shown when absent.
   */
  number?: string | undefined;
  /** Total in minor units. */
  total: number;
  /** ISO 4217 currency code. */
  currency: string;
}

/** The app opened its own checkout; nothing is ordered yet and the cart is read again on return. */
export interface CheckoutHandoff {
  /** Always true. */
  handoff: true;
}

/** `checkout` answers this. */
export type CheckoutValue = BridgeOrder | CheckoutHandoff;

/** `serverTime` answers this. */
export interface ServerTimeValue {
  /** The server's clock in Unix ms. */
  now_ms: number;
}

/** `room` answers this. */
export interface RoomValue {
  /** Room id. */
  id?: string | undefined;
  /** Room title. */
  title?: string | undefined;
  /** Pinned product ids, oldest first. */
  pinned: string[];
  /** The id of the room's last event (0 or more). */
  last_event_id: number;
}

/** What the REST and native bridges' `search(text)` answers (not called by the engine). */
export interface SearchValue {
  /** The products matching the text. */
  products: BridgeProduct[];
}

/** A LIVE room event as the bridge hands it on, in the shape of a server-sent event (id and data as text). */
export interface LiveStreamEvent {
  /** The event's sequence number, as text. */
  id: string;
  /** "pin", "unpin", "deal" or "stock" (anything else is an `error` of kind "live"). */
  type: string;
  /** The event's JSON data, as text (e.g. `{"product_id":"p-1"}`). */
  data: string;
}

/** The subscription gave up; the engine subscribes again after a pause. */
export interface LiveStreamClosed {
  /** Discriminant. */
  type: "closed";
}

/** What `liveEvents`' `onEvent` receives. */
export type LiveStreamMessage = LiveStreamEvent | LiveStreamClosed;

/** What `liveEvents` returns. */
export interface LiveSubscription {
  /** Ends the subscription. */
  close(): void;
}

// ---- the manifest (www/static/manifest.schema.json, version 1) --------------------------------

/** A shoppable video manifest, version 1. Positions are fractions (0..1) of the video picture; times are media seconds. */
export interface Manifest {
  /** The JSON Schema it claims to follow. */
  $schema?: string | undefined;
  /** Always 1. */
  version: 1;
  /** The video it describes. */
  video: ManifestVideo;
  /** Products shown (details come from the commerce API); at most 1000. */
  products: ManifestProduct[];
  /** Tags placed on them; at most 2000. */
  tags?: ManifestTag[] | undefined;
  /** Deals the video features (the commerce API is the authority). */
  deals?: ManifestDeal[] | undefined;
  /** Who gets credit for sales from this video. */
  attribution?: ManifestAttribution | undefined;
}

/** The manifest's video. */
export interface ManifestVideo {
  /** Video id (1–64 characters). */
  id: string;
  /** Duration in seconds (> 0). */
  duration?: number | undefined;
}

/** A product the video shows. */
export interface ManifestProduct {
  /** Product id (1–64 characters). */
  id: string;
  /** Fallback accessible name (1–200 characters). */
  name?: string | undefined;
}

/** How a keyframe's following segment is eased. */
export type ManifestEase = "linear" | "ease-in-out";

/** A tag position at a time. */
export interface ManifestKeyframe {
  /** Media seconds. */
  t: number;
  /** Horizontal fraction of the picture (0..1). */
  x: number;
  /** Vertical fraction of the picture (0..1). */
  y: number;
  /** Ease of the segment after this keyframe. */
  ease?: ManifestEase | undefined;
}

/** Fields every tag has. */
export interface ManifestTagBase {
  /** Tag id (1–64 characters, unique). */
  id: string;
  /** The product id it opens. */
  product: string;
  /** Shown from this media second… */
  start: number;
  /** …until this one (exclusive). */
  end: number;
  /** Visible label (1–200 characters). */
  label?: string | undefined;
}

/** A tag that stays at one position. */
export interface StaticManifestTag extends ManifestTagBase {
  /** Horizontal fraction (0..1). */
  x: number;
  /** Vertical fraction (0..1). */
  y: number;
  /** Not with `x`/`y`. */
  keyframes?: never;
}

/** A tag that moves along keyframes. */
export interface MovingManifestTag extends ManifestTagBase {
  /** At least one keyframe, in time order (at most 1000). */
  keyframes: ManifestKeyframe[];
  /** Not with `keyframes`. */
  x?: never;
  /** Not with `keyframes`. */
  y?: never;
}

/** A tag: a fixed `x`/`y`, or `keyframes`. */
export type ManifestTag = StaticManifestTag | MovingManifestTag;

/** A deal the video features (times on the server's clock, Unix ms; prices in minor units). */
export interface ManifestDeal {
  /** Deal id. */
  id: string;
  /** Product id. */
  product: string;
  /** Variant id, when the deal prices one variant only. */
  variant?: string | undefined;
  /** Deal price in minor units (0 or more). */
  price: number;
  /** Start, Unix ms. */
  starts_ms: number;
  /** End, Unix ms. */
  ends_ms: number;
  /** Announcement, Unix ms. */
  announce_ms?: number | undefined;
  /** Per-customer limit (1 or more). */
  limit?: number | undefined;
  /** Deal stock (0 or more). */
  stock?: number | undefined;
  /** Headline (1–200 characters). */
  title?: string | undefined;
}

/** Who gets credit for sales; sent with every cart line. */
export interface ManifestAttribution {
  /** Creator or affiliate handle. */
  creator?: string | undefined;
  /** Campaign id. */
  campaign?: string | undefined;
}
