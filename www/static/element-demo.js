// Gives the custom element the commerce bridge (so a tapped tag opens the product card and the
// cart), and lists the element's DOM events as text.
import { restBridge } from "./bridge/rest.js";

const log = document.getElementById("log");
document.querySelector("shoppable-overlay").bridge = restBridge();
document.addEventListener("shoppable-tag-activate", (e) => {
  const li = document.createElement("li");
  li.textContent = `${e.detail.tagId} → ${e.detail.productId} at ${e.detail.mediaTime.toFixed(2)} s`;
  log.prepend(li);
});
document.addEventListener("shoppable-order", (e) => {
  const li = document.createElement("li");
  li.textContent = `order ${e.detail.orderNumber}`;
  log.prepend(li);
});
document.addEventListener("shoppable-error", (e) => {
  const li = document.createElement("li");
  li.textContent = `error: ${e.detail.message}`;
  log.prepend(li);
});
