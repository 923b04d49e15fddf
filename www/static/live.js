// The LIVE viewer: a looping sample video stands in for the stream; the overlay follows the
// room named by ?room=ID (pins and flash deals over Server-Sent Events). ?lang=ar for RTL;
// ?stream_ms=N ends each event stream after N ms (it resumes at once; used by the tests).
import init, { mount } from "./pkg/www.js";
import { restBridge } from "./bridge/rest.js";

const params = new URLSearchParams(location.search);
const status = document.getElementById("status");
if (params.get("lang") === "ar") {
  document.documentElement.lang = "ar";
  document.documentElement.dir = "rtl";
}
window.shoppable = { handles: new Map(), ready: false, errors: [], orders: [], live: [] };

async function start() {
  const room = params.get("room");
  if (!room) {
    status.textContent = "Open this page with ?room=ID (the host console shows the link).";
    return;
  }
  await init();
  const bridge = restBridge({ liveStreamMs: Number(params.get("stream_ms")) || undefined });
  const info = await bridge.room(room);
  if (!info.ok) {
    status.textContent = `Room ${room}: ${info.reason.message}`;
    return;
  }
  document.getElementById("room-title").textContent = `· ${info.value.title}`; // text only
  const manifest = await (await fetch("media/live.manifest.json")).text();
  const video = document.getElementById("main");
  const handle = mount(video, { manifest, bridge, live: { room }, locale: document.documentElement.lang });
  handle.on("error", (e) => {
    window.shoppable.errors.push(e);
    status.textContent = `${e.kind}: ${e.message}`;
  });
  handle.on("order", (e) => window.shoppable.orders.push(e));
  handle.on("live-event", (e) => window.shoppable.live.push(e));
  window.shoppable.handles.set("main", handle);
  video.play().catch(() => {});
  window.shoppable.ready = true;
}

start().catch((e) => {
  status.textContent = `The overlay failed to start: ${e.message}`;
  window.shoppable.errors.push(String(e.message));
});
