// Imports the shop module (the card, cart, deals, LIVE and shelf: a Wasm module of its own)
// once per page, for every overlay on it. The viewer's build puts it in `shop/` beside its
// own files; this snippet sits three folders below them (snippets/<crate>/js/), unless the
// package's init({ base }) said where the viewer's files are (for bundles that move this
// file), under a registered symbol.
const BASE = Symbol.for("shoppable-overlay.base");
let loading;

export function loadShop() {
  if (!loading) {
    const base = globalThis[BASE] ?? new URL("../../../", import.meta.url).href;
    const url = new URL("shop/shop.js", base).href;
    loading = import(url).then(async (m) => {
      await m.default();
      return m;
    });
    // A failed load is tried again on the next tap.
    loading.catch(() => {
      loading = undefined;
    });
  }
  return loading;
}
