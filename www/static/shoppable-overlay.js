// <shoppable-overlay for="VIDEO_ID" manifest="URL">: the overlay as a custom element, for
// pages that prefer markup to a script. It mounts on the named <video> (or the <video> inside
// it), re-dispatches the handle's events as bubbling DOM events named "shoppable-ready",
// "shoppable-error" and "shoppable-tag-activate" (detail = the event object; prefixed so a
// page's window "error" handlers never mistake them for script errors), and destroys the
// overlay when removed.
import init, { mount } from "./pkg/www.js";

let loaded;

class ShoppableOverlay extends HTMLElement {
  static observedAttributes = ["for", "manifest"];
  #handle = null;
  #generation = 0;

  connectedCallback() {
    this.#start();
  }

  disconnectedCallback() {
    this.#stop();
  }

  attributeChangedCallback() {
    if (this.isConnected) {
      this.#stop();
      this.#start();
    }
  }

  /// The overlay's handle while mounted (for `relayout()`, `hasPanicked()`).
  get handle() {
    return this.#handle;
  }

  #emit(type, detail) {
    this.dispatchEvent(new CustomEvent(`shoppable-${type}`, { detail, bubbles: true, composed: true }));
  }

  async #start() {
    const generation = ++this.#generation;
    const id = this.getAttribute("for");
    const video = id ? document.getElementById(id) : this.querySelector("video");
    if (!(video instanceof HTMLVideoElement)) {
      this.#emit("error", { kind: "options", message: `<shoppable-overlay>: no <video> ${id ? `with id "${id}"` : "inside"}`, problems: [] });
      return;
    }
    const url = this.getAttribute("manifest");
    if (!url) {
      this.#emit("error", { kind: "options", message: "<shoppable-overlay>: the manifest attribute is required", problems: [] });
      return;
    }
    let text;
    try {
      loaded ??= init();
      await loaded;
      const res = await fetch(url);
      if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
      text = await res.text();
    } catch (e) {
      if (generation === this.#generation) {
        this.#emit("error", { kind: "network", message: `<shoppable-overlay>: ${e.message}`, problems: [] });
      }
      return;
    }
    // Removed or re-pointed while loading: this start is stale.
    if (generation !== this.#generation || !this.isConnected) return;
    const handle = mount(video, { manifest: text });
    for (const type of ["error", "ready", "tag-activate"]) {
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
