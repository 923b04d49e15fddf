// The memory soak: a LIVE viewer (the looping sample, events over SSE) in a room where the
// host pins a product every 2 s (pin one, unpin the one before) and starts a flash deal every
// 30 s, for SOAK_S seconds of playback (600 by default). The JS heap and the Wasm memories
// (viewer and shop) are read after a forced garbage collection once the overlay has settled
// (after the first minute) and at the end; growth is extrapolated to an hour. Then the page
// destroys the overlay: detached DOM nodes of the overlay's (CDP DOM.getDetachedDomNodes after
// collection) and event listeners whose handler is the overlay's code (CDP DOMDebugger on the
// video, its parent, the document and the window) must be zero. Writes JSON to the path given.
import { writeFileSync } from "node:fs";
import { chromium } from "@playwright/test";
import { launchOptions } from "../chromium.js";
import { apiClient } from "./api.mjs";

const base = process.env.BASE_URL;
const out = process.argv[2];
const SOAK_S = Number(process.env.SOAK_S || 600);
const WARMUP_S = Math.min(60, SOAK_S / 5);
const PRODUCTS = ["p-watch", "p-shades", "p-mug", "p-lamp", "p-tote", "p-phones"];

const api = apiClient(base, "soak");

const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

/// Bytes held by the page after a full collection: the JS heap, and every Wasm memory.
async function memory(cdp) {
  await cdp.send("HeapProfiler.collectGarbage");
  await cdp.send("HeapProfiler.collectGarbage");
  const { usedSize } = await cdp.send("Runtime.getHeapUsage");
  const proto = await cdp.send("Runtime.evaluate", { expression: "WebAssembly.Memory.prototype" });
  const { objects } = await cdp.send("Runtime.queryObjects", { prototypeObjectId: proto.result.objectId });
  const sum = await cdp.send("Runtime.callFunctionOn", {
    objectId: objects.objectId,
    functionDeclaration: "function () { return this.map((m) => m.buffer.byteLength); }",
    returnByValue: true,
  });
  return { heap: usedSize, wasm: sum.result.value.reduce((a, b) => a + b, 0), memories: sum.result.value.length };
}

/// Listeners on the video, its parent, the document and the window whose handler is code of
/// the overlay's bundle (its glue or its snippets under /pkg/).
async function overlayListeners(cdp, scripts) {
  let found = [];
  for (const expression of [
    "document.getElementById('main')",
    "document.getElementById('main').parentElement",
    "document",
    "window",
  ]) {
    const { result } = await cdp.send("Runtime.evaluate", { expression });
    const { listeners } = await cdp.send("DOMDebugger.getEventListeners", { objectId: result.objectId });
    found = found.concat(
      listeners.filter((l) => (scripts.get(l.scriptId) || "").includes("/pkg/")).map((l) => `${expression}: ${l.type}`),
    );
  }
  return found;
}

/// The `so-…` class a detached node carries, if any.
function overlayClass(d) {
  const attrs = d.treeNode?.attributes || [];
  for (let i = 0; i + 1 < attrs.length; i += 2) {
    if (attrs[i] === "class") return attrs[i + 1].split(/\s+/).find((c) => c.startsWith("so-")) || null;
  }
  return null;
}

const browser = await chromium.launch(launchOptions);
let result;
try {
  const room = (await api("POST", "/api/rooms", { title: "memory soak" })).id;
  const page = await browser.newPage();
  const cdp = await page.context().newCDPSession(page);
  const scripts = new Map();
  cdp.on("Debugger.scriptParsed", (s) => scripts.set(s.scriptId, s.url));
  await cdp.send("Debugger.enable");
  await cdp.send("DOM.enable");
  await page.goto(`${base}/live.html?room=${room}`);
  await page.waitForFunction(() => window.shoppable?.ready);
  await page.waitForFunction(() => document.getElementById("main").currentTime > 0.5);

  let pins = 0;
  let deals = 0;
  let pinned = null;
  const started = Date.now();
  let nextDeal = 0;
  let baseline = null;
  while ((Date.now() - started) / 1000 < SOAK_S) {
    const product = PRODUCTS[pins % PRODUCTS.length];
    await api("POST", `/api/rooms/${room}/pins`, { product_id: product });
    if (pinned) await api("DELETE", `/api/rooms/${room}/pins/${pinned}`);
    pinned = product;
    pins++;
    const elapsed = (Date.now() - started) / 1000;
    if (elapsed >= nextDeal) {
      await api("POST", `/api/rooms/${room}/deals`, {
        product_id: product, price: 1000, duration_ms: 20_000, stock: 25, limit: 2, title: `Soak deal ${deals + 1}`,
      });
      deals++;
      nextDeal += 30;
    }
    if (!baseline && elapsed >= WARMUP_S) {
      // The page's own logs of what it heard are not the overlay's memory.
      await page.evaluate(() => {
        window.shoppable.live.length = 0;
      });
      baseline = { at: Date.now(), ...(await memory(cdp)) };
    }
    await sleep(2000 - ((Date.now() - started) % 2000));
  }
  const heard = await page.evaluate(() => window.shoppable.live.length);
  await page.evaluate(() => {
    window.shoppable.live.length = 0;
  });
  const end = { at: Date.now(), ...(await memory(cdp)) };
  const playing = await page.evaluate(() => !document.getElementById("main").paused);
  const errors = await page.evaluate(() => window.shoppable.errors.length);
  const hours = (end.at - baseline.at) / 3_600_000;

  const listenersBefore = await overlayListeners(cdp, scripts);
  const detachedPlaying = (await cdp.send("DOM.getDetachedDomNodes")).detachedNodes.length;
  await page.evaluate(() => {
    window.shoppable.handles.get("main").destroy();
    window.shoppable.handles.clear();
  });
  await sleep(500);
  await cdp.send("HeapProfiler.collectGarbage");
  await cdp.send("HeapProfiler.collectGarbage");
  const { detachedNodes } = await cdp.send("DOM.getDetachedDomNodes");
  const listenersAfter = await overlayListeners(cdp, scripts);
  const nodesLeft = await page.evaluate(() => document.querySelectorAll(".so-root, .so-shop, .so-card, .so-drawer").length);
  result = {
    seconds: Math.round((Date.now() - started) / 1000),
    pins,
    deals,
    heard,
    playing,
    errors,
    memories: end.memories,
    heap: { start: baseline.heap, end: end.heap, perHour: (end.heap - baseline.heap) / hours },
    wasm: { start: baseline.wasm, end: end.wasm, perHour: (end.wasm - baseline.wasm) / hours },
    detachedPlaying,
    detached: detachedNodes.length,
    // The overlay's own nodes (a `so-` class), less the shopping layer kept for the next
    // overlay to reuse (its host only, emptied); and the bare elements yew keeps one of per tag
    // name to clone from (no attributes, no children), which are not the overlay's.
    detachedOverlay: detachedNodes.filter((d) => overlayClass(d) && overlayClass(d) !== "so-shop-host").length,
    pooledLayers: detachedNodes.filter((d) => overlayClass(d) === "so-shop-host").length,
    detachedBare: detachedNodes.filter((d) => !(d.treeNode?.attributes || []).length).length,
    detachedNames: detachedNodes.slice(0, 20).map((d) => `${d.treeNode?.nodeName}${overlayClass(d) ? `.${overlayClass(d)}` : ""}`),
    listenersBefore: listenersBefore.length,
    listenersAfter,
    nodesLeft,
  };
} finally {
  await browser.close();
}
writeFileSync(out, JSON.stringify(result, null, 2));
console.log(JSON.stringify(result));
