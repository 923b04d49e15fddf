// The page a mobile app's webview loads: the viewer over one edge-to-edge video, shopping
// through the app (bridge/native.js) — the app keeps the cart and its own checkout. Query:
// ?room=ID follows a LIVE room whose events the app pushes; ?manifest=URL another manifest;
// ?timeout_ms=N how long a call waits for the app; ?lang=ar right-to-left.
//
// The app calls `shoppableApp.back()` for its back button or gesture: true when the overlay
// closed something (the card, the cart, the shelf), false when the app should go back itself.
import init, { mount } from "./pkg/www.js";
import { nativeBridge } from "./bridge/native.js";
import { lang, localize, t } from "./words.js";

const params = new URLSearchParams(location.search);
const status = document.getElementById("status");
localize();
window.shoppable = { ready: false, errors: [], handle: null, bridge: null };

async function start() {
  await init();
  let bridge;
  try {
    bridge = nativeBridge({ timeoutMs: Number(params.get("timeout_ms")) || undefined });
  } catch {
    // Opened outside the app (a link shared to a browser): tags still show, without a shop,
    // and the page says where to buy.
    const web = document.createElement("a");
    web.href = params.has("lang") ? `/?lang=${lang}` : "/";
    web.textContent = t("app.web");
    status.replaceChildren(t("app.outside"), " ", web);
  }
  const url = params.get("manifest") || "media/demo.manifest.json";
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  const room = params.get("room");
  const video = document.getElementById("main");
  const handle = mount(video, {
    manifest: await res.text(),
    bridge,
    live: room && bridge ? { room } : undefined,
    locale: document.documentElement.lang,
  });
  handle.on("error", (e) => {
    window.shoppable.errors.push(e);
    // The card and cart say what went wrong where it happened (a refused add, a lost
    // connection); this line is for what stops shopping here altogether, and says the video
    // goes on.
    if (["manifest", "shop", "panic"].includes(e.kind)) status.textContent = t("app.trouble");
  });
  window.shoppableApp = Object.freeze({ back: () => handle.back() });
  Object.assign(window.shoppable, { handle, bridge, ready: true });
  video.play().catch(() => {});
}

start().catch((e) => {
  status.textContent = t("app.trouble");
  window.shoppable.errors.push(String(e.message));
});
