// The viewer demo: mounts the overlay on every <video data-shoppable> with the sample manifest.
// The main player shops through the reference commerce API (card, cart, checkout); the two
// layout previews show tags only. Query: ?manifest=URL another manifest; ?video=ID the manifest
// published for that video through the commerce API (the studio publishes there); ?only=ID mount on one
// video; ?measure records frame times; ?lang=ar shows the page right-to-left.
import init, { mount } from "./pkg/www.js";
import { restBridge } from "./bridge/rest.js";
import { localize, t } from "./words.js";

const params = new URLSearchParams(location.search);
const status = document.getElementById("status");
const log = document.getElementById("log");

localize();

function say(line) {
  const li = document.createElement("li");
  li.textContent = line; // text, never markup
  log.prepend(li);
  while (log.children.length > 20) log.lastElementChild.remove();
}

// The player's own fullscreen: the container goes fullscreen, so the overlay goes with it.
document.getElementById("fullscreen").addEventListener("click", () => {
  document.querySelector(".player").requestFullscreen().catch((e) => {
    status.textContent = t("index.no_fullscreen", { why: e.message });
  });
});

const handles = new Map();
// Exposed for the end-to-end tests and for poking at the demo from the console.
window.shoppable = { handles, mount, ready: false, errors: [] };

async function start() {
  await init();
  const video = params.get("video");
  const url = video
    ? `/api/videos/${encodeURIComponent(video)}/manifest`
    : params.get("manifest") || "media/demo.manifest.json";
  let text;
  try {
    const res = await fetch(url);
    if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
    text = await res.text();
  } catch (e) {
    status.textContent = t("index.no_manifest", { why: e.message });
    window.shoppable.errors.push(String(e.message));
    return;
  }
  const only = params.get("only");
  for (const video of document.querySelectorAll("video[data-shoppable]")) {
    if (only && video.id !== only) continue;
    const handle = mount(video, {
      manifest: text,
      measure: params.has("measure"),
      // One cart per page: only the main player shops.
      // `timeout_ms`: how long the bridge waits for an answer (the tests shorten it).
      bridge: video.id === "main" ? restBridge({ timeoutMs: Number(params.get("timeout_ms")) || undefined }) : undefined,
      locale: document.documentElement.lang,
    });
    handle.on("order", (e) => say(`#${video.id}: order ${e.orderNumber} placed, ${e.total}`));
    handle.on("error", (e) => {
      window.shoppable.errors.push(e);
      status.textContent = t("index.error", { video: video.id, why: e.message });
    });
    handle.on("tag-activate", (e) => {
      say(`#${video.id}: ${e.tagId} → ${e.productId} at ${e.mediaTime.toFixed(2)} s (${e.input})`);
    });
    handles.set(video.id, handle);
  }
  for (const v of document.querySelectorAll("video[data-shoppable]")) {
    v.play().catch(() => {}); // autoplay may be refused; the controls still work
  }
  window.shoppable.ready = true;
}

start().catch((e) => {
  status.textContent = t("index.failed", { why: e.message });
  window.shoppable.errors.push(String(e.message));
});
