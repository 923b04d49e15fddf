// shoppable-overlay: product tags, a product card and a cart over any HTML5 <video>.
//
//   import init, { mount } from "shoppable-overlay";
//   await init();                       // once per page; later calls return the same promise
//   mount(video, { manifest, bridge }); // the overlay lives until destroy() or until the video
//                                       // leaves the page — keeping the handle is optional
//
// The viewer's files (pkg/: the Wasm module, its glue and the shop module it loads on demand)
// are found beside this file. A bundler that moves this code elsewhere needs them copied where
// the page can fetch them, and `init({ base: "/where/pkg/is/" })`.
import load, { mount } from "./pkg/www.js";

export { mount };

let started;

/// Loads the viewer's Wasm module once. `options.base`: the URL of the folder holding `www.js`,
/// `www_bg.wasm` and `shop/`, relative to the page (default: `pkg/` beside this module).
export default function init(options = {}) {
  if (!started) {
    const base = options.base
      ? new URL(options.base, document.baseURI)
      : new URL("./pkg/", import.meta.url);
    if (!base.pathname.endsWith("/")) base.pathname += "/";
    // Where the viewer's loader finds the shop module (pkg/snippets/…/load-shop.js reads it).
    globalThis[Symbol.for("shoppable-overlay.base")] = base.href;
    started = load({ module_or_path: new URL("www_bg.wasm", base) }).then(() => {});
    started.catch(() => {
      started = undefined;
    });
  }
  return started;
}

export { init };
