// The LIVE viewer: the overlay follows the room named by ?room=ID. By default a looping sample
// video stands in for the stream and pins and flash deals come over Server-Sent Events;
// ?via=hls plays the room's live HLS stream with hls.js and takes them from the stream's
// EXT-X-DATERANGE tags, shown at the frame they were made on. ?lang=ar for RTL; ?stream_ms=N
// ends each event stream after N ms (it resumes at once; used by the tests); ?sync=N holds the
// HLS stream N segments behind the live edge (its latency).
import "./trusted-types.js"; // before hls.js: its worker needs the policy
import init, { mount } from "./pkg/www.js";
import { restBridge } from "./bridge/rest.js";
import { hlsLive } from "./adapters/hls.js";
import { localize, t } from "./words.js";

const params = new URLSearchParams(location.search);
const status = document.getElementById("status");
localize();
window.shoppable = { handles: new Map(), ready: false, errors: [], orders: [], live: [] };

async function start() {
  const room = params.get("room");
  if (!room) {
    status.textContent = t("live.no_room");
    return;
  }
  await init();
  const rest = restBridge({ liveStreamMs: Number(params.get("stream_ms")) || undefined });
  const info = await rest.room(room);
  if (!info.ok) {
    status.textContent = t("live.room_failed", { why: info.reason.message });
    return;
  }
  document.getElementById("room-title").textContent = `· ${info.value.title}`; // text only
  const manifest = await (await fetch("media/live.manifest.json")).text();
  const video = document.getElementById("main");
  let bridge = rest;
  if (params.get("via") === "hls") {
    const { default: Hls } = await import("./vendor/hls.mjs");
    video.removeAttribute("src");
    video.loop = false;
    const hls = new Hls({
      workerPath: "vendor/hls.worker.js",
      // The adapter reads the date ranges itself; hls.js's metadata text track would load from
      // a data: URL, which this page's policy refuses.
      enableDateRangeMetadataCues: false,
      enableID3MetadataCues: false,
      liveSyncDurationCount: Number(params.get("sync")) || 3,
    });
    hls.loadSource(`/api/rooms/${encodeURIComponent(room)}/live.m3u8`);
    hls.attachMedia(video);
    window.shoppable.hls = hls;
    window.shoppable.applied = [];
    bridge = hlsLive(hls, rest, { onApply: (event, frame) => window.shoppable.applied.push({ ...event, ...frame, at: Date.now() }) });
  }
  const handle = mount(video, { manifest, bridge, live: { room }, locale: document.documentElement.lang });
  handle.on("error", (e) => {
    window.shoppable.errors.push(e);
    status.textContent = t("live.error", { why: e.message });
  });
  handle.on("order", (e) => window.shoppable.orders.push(e));
  handle.on("live-event", (e) => window.shoppable.live.push(e));
  window.shoppable.handles.set("main", handle);
  video.play().catch(() => {});
  window.shoppable.ready = true;
}

start().catch((e) => {
  status.textContent = t("index.failed", { why: e.message });
  window.shoppable.errors.push(String(e.message));
});
