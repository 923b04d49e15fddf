// A bundled TypeScript app using the installed package the way its README says: the package's
// entry, the REST bridge, the CSS and the custom element, with the Wasm files copied beside
// the bundle (`init({ base })`).
import init, { mount, type OverlayHandle, type TagActivateEvent } from "shoppable-overlay";
import { restBridge } from "shoppable-overlay/bridge/rest";
import "shoppable-overlay/element";
import "shoppable-overlay/overlay.css";

const log = document.getElementById("log") as HTMLOListElement;
function note(text: string): void {
  const li = document.createElement("li");
  li.textContent = text;
  log.prepend(li);
}

await init({ base: "bundle/shoppable/" });
const video = document.getElementById("v") as HTMLVideoElement;
const manifest = await (await fetch("/media/demo.manifest.json")).text();
const overlay: OverlayHandle = mount(video, { manifest, bridge: restBridge(), locale: "en-US" });
overlay.on("tag-activate", (e: TagActivateEvent) => note(`tag ${e.tagId} ${e.productId}`));
overlay.on("error", (e) => note(`error ${e.kind}: ${e.message}`));

const element = document.querySelector("shoppable-overlay");
if (element) element.bridge = restBridge();
document.addEventListener("shoppable-tag-activate", (e) => note(`element tag ${e.detail.tagId}`));
document.body.dataset.mounted = "true";
