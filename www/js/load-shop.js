// Imports the shop module (the card, cart, deals, LIVE and shelf: a Wasm module of its own)
// and links its stylesheet, once per page, for every overlay on it. The viewer's build puts
// both in `shop/` beside its own files; this snippet sits three folders below them
// (snippets/<crate>/js/), unless the package's init({ base }) said where the viewer's files
// are (for bundles that move this file), under a registered symbol.
const BASE = Symbol.for("shoppable-overlay.base");
let loading;

/// Links `href` as a stylesheet unless the page already does; resolves when it applies (or
/// failed: the shop still works, and the page's own sheet may hold the rules).
function stylesheet(href) {
  if ([...document.querySelectorAll('link[rel="stylesheet"]')].some((l) => l.href === href)) {
    return Promise.resolve();
  }
  const link = document.createElement("link");
  const done = new Promise((ok) => {
    link.addEventListener("load", ok, { once: true });
    link.addEventListener("error", ok, { once: true });
  });
  link.rel = "stylesheet";
  link.href = href;
  document.head.append(link);
  return done;
}

export function loadShop() {
  if (!loading) {
    const base = globalThis[BASE] ?? new URL("../../../", import.meta.url).href;
    const url = new URL("shop/shop.js", base).href;
    const css = stylesheet(new URL("shop/shop.css", base).href);
    loading = Promise.all([
      import(url).then(async (m) => {
        await m.default();
        return m;
      }),
      css,
    ]).then(([m]) => m);
    // A failed load is tried again on the next tap.
    loading.catch(() => {
      loading = undefined;
    });
  }
  return loading;
}
