// The panic-path test's page script: mounts the demo manifest the way an integrator would
// (the handle kept only to destroy it), and counts every event the host hears.
import init, { mount } from "./index.js";

const video = document.getElementById("v");
/// What each mount's handle heard, in mount order.
const heard = [];
window.panicPage = { heard, handle: undefined, init };

async function start() {
  await init();
  const manifest = await (await fetch("/media/demo.manifest.json")).text();
  window.panicPage.manifest = manifest;
  window.panicPage.mountAgain = () => {
    const got = { errors: [], ready: 0 };
    heard.push(got);
    const h = mount(video, { manifest });
    h.on("error", (e) => got.errors.push({ kind: e.kind, message: e.message }));
    h.on("ready", () => (got.ready += 1));
    window.panicPage.handle = h;
  };
  window.panicPage.mountAgain();
  window.panicPage.started = true;
}
start();
