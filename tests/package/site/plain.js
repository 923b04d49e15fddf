// An integrator's first try: import the installed package, mount, and keep nothing.
import init, { mount } from "./node_modules/shoppable-overlay/index.js";
import { restBridge } from "./node_modules/shoppable-overlay/bridge/rest.js";

await init();
const manifest = await (await fetch("/media/demo.manifest.json")).text();
mount(document.getElementById("v"), { manifest, bridge: restBridge() });
document.body.dataset.mounted = "true";

// Not part of an integration: tells the test when the garbage collector has taken the handle
// (a FinalizationRegistry holds it weakly), so "the tags outlive a collected handle" is shown,
// not assumed.
const collected = new FinalizationRegistry(() => {
  document.body.dataset.collected = "true";
});
collected.register(mount(document.getElementById("v2"), { manifest }), "handle");
