// The brand studio page: loads the studio's own bundle and the viewer's, and hands the studio
// the viewer's `mount`, so the preview is the real viewer. Nothing else happens here.
import initStudio, { start } from "./pkg-studio/studio.js";
import initViewer, { mount } from "./pkg/www.js";
import { previewBridge } from "./bridge/preview.js";

const root = document.getElementById("studio");
window.studio = { ready: false, errors: [] };

async function boot() {
  await Promise.all([initStudio(), initViewer()]);
  root.textContent = "";
  // ?frames=seek makes tracking read frames by seeking even where WebCodecs could decode them
  // (to compare the two, as the benchmark does).
  const frames = new URLSearchParams(location.search).get("frames") === "seek" ? "seek" : "auto";
  window.studio.handle = start(root, { mount, previewBridge, frames });
  window.studio.ready = true;
}

boot().catch((e) => {
  root.textContent = `The studio failed to start: ${e.message}`; // text, never markup
  window.studio.errors.push(String(e.message));
});
