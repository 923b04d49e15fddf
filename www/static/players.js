// The player adapters: the sample as HLS through hls.js, and inside a video.js player through
// the overlay's video.js plugin. Both shop through the REST bridge.
import "./trusted-types.js"; // first: hls.js's worker and video.js's script need the policy
import init, { mount } from "./index.js";
import { restBridge } from "./bridge/rest.js";
import { registerShoppable } from "./adapters/videojs.js";

window.shoppable = { ready: false, errors: [], handles: new Map() };
const status = document.getElementById("status");
const report = (where) => (e) => {
  window.shoppable.errors.push({ where, ...e });
  status.textContent = `${where}: ${e.message}`;
};

async function start() {
  await init();
  const manifest = await (await fetch("media/demo.manifest.json")).text();

  // hls.js: the overlay mounts on the <video> hls.js drives, like on any other.
  const { default: Hls } = await import("./vendor/hls.mjs");
  const video = document.getElementById("hls");
  // No metadata text track: the overlay reads what it needs itself, and hls.js would load that
  // track from a data: URL, which this page's policy refuses.
  const hls = new Hls({ workerPath: "vendor/hls.worker.js", enableDateRangeMetadataCues: false, enableID3MetadataCues: false });
  hls.loadSource("media/hls/index.m3u8");
  hls.attachMedia(video);
  const handle = mount(video, { manifest, bridge: restBridge() });
  handle.on("error", report("hls"));
  window.shoppable.handles.set("hls", handle);
  window.shoppable.hls = hls;

  // video.js: the plugin mounts inside the player's element. Its UMD build, with no <style>
  // elements of its own (the page's policy allows none; video-js.css is linked).
  window.VIDEOJS_NO_DYNAMIC_STYLE = true;
  await new Promise((resolve, reject) => {
    const s = document.createElement("script");
    s.src = "vendor/video.min.js";
    s.onload = resolve;
    s.onerror = () => reject(new Error("vendor/video.min.js did not load"));
    document.head.append(s);
  });
  const videojs = window.videojs;
  registerShoppable(videojs);
  const player = videojs("vjs", { inactivityTimeout: 2000 });
  const overlay = player.shoppable({ manifest, bridge: restBridge() });
  overlay.on("error", report("video.js"));
  window.shoppable.handles.set("vjs", overlay);
  window.shoppable.player = player;
  window.shoppable.ready = true;
}

start().catch((e) => {
  status.textContent = `The overlay failed to start: ${e.message}`;
  window.shoppable.errors.push(String(e.message));
});
