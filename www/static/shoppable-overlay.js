// <shoppable-overlay for="VIDEO_ID" src="MANIFEST_URL">: the overlay as a custom element, for
// pages that prefer markup to a script. It mounts on the named <video> (or the <video> inside
// it), re-dispatches the handle's events as bubbling DOM events named "shoppable-ready",
// "shoppable-error", "shoppable-tag-activate", "shoppable-order" and "shoppable-live-event"
// (detail = the event object; prefixed so a page's window "error" handlers never mistake them
// for script errors), and destroys the overlay when removed.
//
// Attributes: `for` (the video's id), `src` (the manifest's URL; `manifest` is its older
// name), `locale`, `live-room`. Properties: `bridge` — a commerce bridge (bridge/rest.js,
// bridge/native.js) that gives markup users the product card and the cart too — and `handle`.
import init, { mount } from "./index.js";

const EVENTS = ["error", "ready", "tag-activate", "order", "live-event"];

class ShoppableOverlay extends HTMLElement {
  static observedAttributes = ["for", "src", "manifest", "locale", "live-room"];
  #handle = null;
  #bridge = null;
  #generation = 0;
  #connected = false;

  connectedCallback() {
    this.#connected = true;
    // A property set before this element was upgraded sits on the instance: take it over.
    for (const name of ["bridge", "src"]) {
      if (Object.hasOwn(this, name)) {
        const value = this[name];
        delete this[name];
        this[name] = value;
      }
    }
    this.#restart();
  }

  disconnectedCallback() {
    this.#connected = false;
    this.#stop();
  }

  attributeChangedCallback(_name, before, after) {
    if (before !== after) this.#restart();
  }

  /// The overlay's handle while mounted (for `relayout()`, `back()`, `hasPanicked()`).
  get handle() {
    return this.#handle;
  }

  /// The commerce bridge the card and cart talk through; `null` for tags only.
  get bridge() {
    return this.#bridge;
  }

  set bridge(bridge) {
    if (bridge === this.#bridge) return;
    this.#bridge = bridge ?? null;
    this.#restart();
  }

  /// The manifest's URL (the `src` attribute).
  get src() {
    return this.getAttribute("src") ?? this.getAttribute("manifest") ?? "";
  }

  set src(url) {
    this.setAttribute("src", url);
  }

  #emit(type, detail) {
    this.dispatchEvent(new CustomEvent(`shoppable-${type}`, { detail, bubbles: true, composed: true }));
  }

  #fail(kind, message) {
    this.#emit("error", { kind, message: `<shoppable-overlay>: ${message}`, problems: [] });
  }

  #restart() {
    // Before connectedCallback (attributes seen while upgrading) there is nothing to restart.
    if (!this.#connected) return;
    this.#stop();
    this.#start();
  }

  async #start() {
    const generation = ++this.#generation;
    const id = this.getAttribute("for");
    const video = id ? document.getElementById(id) : this.querySelector("video");
    if (!(video instanceof HTMLVideoElement)) {
      this.#fail("options", `no <video> ${id ? `with id "${id}"` : "inside"}`);
      return;
    }
    const url = this.src;
    if (!url) {
      this.#fail("options", "the src attribute (the manifest's URL) is required");
      return;
    }
    let text;
    try {
      // One task later: a page that imports this element and calls init({ base }) in the same
      // task (a bundle does) has said where the Wasm files are before this asks for them.
      await new Promise((resolve) => setTimeout(resolve));
      await init();
      const res = await fetch(url);
      if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
      text = await res.text();
    } catch (e) {
      if (generation === this.#generation) this.#fail("network", e.message);
      return;
    }
    // Removed, re-pointed or given another bridge while loading: this start is stale.
    if (generation !== this.#generation || !this.isConnected) return;
    const options = { manifest: text };
    if (this.#bridge) options.bridge = this.#bridge;
    const locale = this.getAttribute("locale");
    if (locale) options.locale = locale;
    const room = this.getAttribute("live-room");
    if (room) options.live = { room };
    const handle = mount(video, options);
    for (const type of EVENTS) {
      handle.on(type, (detail) => this.#emit(type, detail));
    }
    this.#handle = handle;
  }

  #stop() {
    this.#generation++;
    if (this.#handle) {
      this.#handle.destroy();
      this.#handle.free();
      this.#handle = null;
    }
  }
}

if (!customElements.get("shoppable-overlay")) {
  customElements.define("shoppable-overlay", ShoppableOverlay);
}

export { ShoppableOverlay };
