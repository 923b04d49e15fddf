// Type declarations for "shoppable-overlay/element" (element.js, source
// www/static/shoppable-overlay.js): the `<shoppable-overlay for="VIDEO_ID" src="URL">` custom
// element. Importing the module defines the element (once per page) and exports its class.

import type {
  Bridge,
  LiveEvent,
  OrderEvent,
  OverlayErrorKind,
  OverlayHandle,
  Problem,
  ReadyEvent,
  TagActivateEvent,
} from "./index.js";

/** Error kinds the element reports: the handle's, plus "network" when the manifest could not be fetched. */
export type ElementErrorKind = OverlayErrorKind | "network";

/** The detail of a "shoppable-error" event (the element adds kind "network"; it says "options" for a missing video or URL). */
export interface ElementErrorDetail {
  /** What kind of problem. */
  kind: ElementErrorKind;
  /** One readable message. */
  message: string;
  /** The manifest's problems with their paths (kind "manifest"); empty otherwise. */
  problems: Problem[];
}

/** The element's DOM events: the handle's events as bubbling, composed `CustomEvent`s named "shoppable-<type>". */
export interface ShoppableOverlayEventMap {
  /** The manifest is valid and the tags are live. */
  "shoppable-ready": CustomEvent<ReadyEvent>;
  /** Something could not be done; the video plays on. */
  "shoppable-error": CustomEvent<ElementErrorDetail>;
  /** A viewer tapped, clicked or pressed a tag. */
  "shoppable-tag-activate": CustomEvent<TagActivateEvent>;
  /** A checkout through `bridge` placed an order. */
  "shoppable-order": CustomEvent<OrderEvent>;
  /** A LIVE room event was applied. */
  "shoppable-live-event": CustomEvent<LiveEvent>;
}

/**
 * `<shoppable-overlay for="VIDEO_ID" src="MANIFEST_URL">`: mounts the overlay on the `<video>`
 * with that id (or the one inside it) from the manifest at `src`, remounts when an attribute or
 * `bridge` changes, and destroys the overlay when removed. Attributes: `for`, `src` (`manifest`
 * is its older name), `locale` (options.locale), `live-room` (options.live.room).
 */
export declare class ShoppableOverlay extends HTMLElement {
  /** The attributes whose changes remount the overlay: for, src, manifest, locale, live-room. */
  static readonly observedAttributes: readonly string[];
  /** The manifest's URL: the `src` attribute (else `manifest`), "" when neither is set. */
  get src(): string;
  /** Sets the `src` attribute (remounts). */
  set src(url: string | URL);
  /** The commerce bridge for the card and cart (null: tags only, the default). */
  get bridge(): Bridge | null;
  /** Gives the element a bridge (null or undefined: none); remounts when it changes. */
  set bridge(bridge: Bridge | null | undefined);
  /** The overlay's handle while mounted (for `relayout()`, `back()`, `hasPanicked()`), else null. */
  get handle(): OverlayHandle | null;
  /** Called by the browser when the element is inserted: mounts. */
  connectedCallback(): void;
  /** Called by the browser when the element is removed: destroys the overlay. */
  disconnectedCallback(): void;
  /** Called by the browser when an observed attribute changes: remounts. */
  attributeChangedCallback(name: string, oldValue: string | null, newValue: string | null): void;

  /** Listens for one of the element's "shoppable-*" events (typed detail) or an HTMLElement event. */
  addEventListener<K extends keyof ShoppableOverlayElementEventMap>(
    type: K,
    listener: (this: ShoppableOverlay, ev: ShoppableOverlayElementEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  /** Listens for any event. */
  addEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject,
    options?: boolean | AddEventListenerOptions,
  ): void;
  /** Removes a listener added with `addEventListener`. */
  removeEventListener<K extends keyof ShoppableOverlayElementEventMap>(
    type: K,
    listener: (this: ShoppableOverlay, ev: ShoppableOverlayElementEventMap[K]) => unknown,
    options?: boolean | EventListenerOptions,
  ): void;
  /** Removes a listener. */
  removeEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject,
    options?: boolean | EventListenerOptions,
  ): void;
}

/** Every event the element hears: an HTMLElement's, plus its own "shoppable-*" ones. */
export interface ShoppableOverlayElementEventMap extends HTMLElementEventMap, ShoppableOverlayEventMap {}

declare global {
  interface HTMLElementTagNameMap {
    /** The shoppable video overlay element. */
    "shoppable-overlay": ShoppableOverlay;
  }

  // The element's events bubble and are composed, so ancestors, the document and the window
  // hear them too: every map built on GlobalEventHandlersEventMap (HTMLElementEventMap,
  // DocumentEventMap, WindowEventMap, SVGElementEventMap) gets them.
  interface GlobalEventHandlersEventMap extends ShoppableOverlayEventMap {}
}
