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
//
// After an internal error (an `error` event of kind "panic") the viewer's Wasm instance is
// stopped for good and every overlay on it is inert while the video plays on. `destroy()` the
// overlays, `await init()` again, and `mount` runs on a fresh instance.
import load, { mount as mountFirst, hasPanicked as firstPanicked } from "./pkg/www.js";

/// The viewer instance mounts go to: the one the glue above holds until it panics, then a
/// fresh copy of the glue (its own module instance) with a new Wasm instance. `loaded`: its
/// Wasm is instantiated (before that, the glue cannot be asked anything).
let viewer = { mount: mountFirst, hasPanicked: firstPanicked, loaded: false };
let started;
let base;
let fresh = 0;

/// Mounts the overlay on `video` (see index.d.ts), on the current viewer instance.
export function mount(video, options) {
  return viewer.mount(video, options);
}

/// Loads the viewer's Wasm module once. `options.base`: the URL of the folder holding `www.js`,
/// `www_bg.wasm` and `shop/`, relative to the page (default: `pkg/` beside this module).
/// Called again after the viewer panicked, it loads a fresh instance.
export default function init(options = {}) {
  if (started && viewer.loaded && viewer.hasPanicked()) {
    fresh += 1;
    const n = fresh;
    started = import(/* webpackIgnore: true */ new URL(`www.js?instance=${n}`, base).href)
      .then(async (glue) => {
        await glue.default({ module_or_path: new URL("www_bg.wasm", base) });
        if (n === fresh) viewer = { mount: glue.mount, hasPanicked: glue.hasPanicked, loaded: true };
      });
    started.catch(() => {
      started = undefined;
    });
  }
  if (!started) {
    base = options.base
      ? new URL(options.base, document.baseURI)
      : new URL("./pkg/", import.meta.url);
    if (!base.pathname.endsWith("/")) base.pathname += "/";
    // Where the viewer's loader finds the shop module (pkg/snippets/…/load-shop.js reads it).
    globalThis[Symbol.for("shoppable-overlay.base")] = base.href;
    started = load({ module_or_path: new URL("www_bg.wasm", base) }).then(() => {
      viewer.loaded = true;
    });
    started.catch(() => {
      started = undefined;
    });
  }
  return started;
}

export { init };
