// The brand studio page: once someone is signed in, loads the studio's own bundle and the
// viewer's, and hands the studio the viewer's `mount`, so the preview is the real viewer.
import initStudio, { start } from "./pkg-studio/studio.js";
import initViewer, { mount } from "./pkg/www.js";
import { previewBridge } from "./bridge/preview.js";
import { badge, requireSession } from "./account.js";
import { lang, localize, t } from "./words.js";

localize();
const root = document.getElementById("studio");
window.studio = { ready: false, errors: [] };

async function boot() {
  // The studio is the signed-in seller's or creator's: without a session, sign in first.
  const [session] = await Promise.all([requireSession(), initStudio(), initViewer()]);
  badge(document.getElementById("who"), session);
  root.textContent = "";
  // ?frames=seek makes tracking read frames by seeking even where WebCodecs could decode them
  // (to compare the two, as the benchmark does).
  const frames = new URLSearchParams(location.search).get("frames") === "seek" ? "seek" : "auto";
  // The studio speaks the page's language (`?lang=`, else the browser's): English, Spanish or Arabic.
  window.studio.handle = start(root, { mount, previewBridge, frames, lang });
  window.studio.ready = true;
}

boot().catch((e) => {
  root.textContent = t("studio.failed", { why: e.message }); // text, never markup
  window.studio.errors.push(String(e.message));
});
