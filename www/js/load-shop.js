// Imports the shop module (the card, cart, deals, LIVE and shelf: a Wasm module of its own)
// once per page, for every overlay on it. The viewer's build puts it in `shop/` beside its
// own files; this snippet sits three folders below them (snippets/<crate>/js/), unless the
// page said where the viewer's files are (`setAssetBase`, for bundles that move this file).
let loading;
let base = new URL("../../../", import.meta.url).href;

export function setShopBase(url) {
  base = new URL(url, document.baseURI).href;
}

export function loadShop() {
  if (!loading) {
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
