// Listens to the custom element's DOM events and lists tag activations as text.
const log = document.getElementById("log");
document.addEventListener("shoppable-tag-activate", (e) => {
  const li = document.createElement("li");
  li.textContent = `${e.detail.tagId} → ${e.detail.productId} at ${e.detail.mediaTime.toFixed(2)} s`;
  log.prepend(li);
});
document.addEventListener("shoppable-error", (e) => {
  const li = document.createElement("li");
  li.textContent = `error: ${e.detail.message}`;
  log.prepend(li);
});
