// What an overlay leaves behind when it goes: a page that mounts and destroys overlays (a feed)
// keeps none of their nodes and none of their listeners. (The ten-minute LIVE soak, with its
// growth per hour, is in the bench: tests/bench/soak.mjs.)
import { test, expect } from "./fixtures.js";
import { open, seekVideo } from "./helpers.js";

/// The overlay's detached nodes (a `so-` class), less the shopping layers kept for reuse.
async function detached(cdp) {
  await cdp.send("HeapProfiler.collectGarbage");
  await cdp.send("HeapProfiler.collectGarbage");
  const { detachedNodes } = await cdp.send("DOM.getDetachedDomNodes");
  const cls = (d) => {
    const a = d.treeNode?.attributes || [];
    for (let i = 0; i + 1 < a.length; i += 2) if (a[i] === "class") return a[i + 1].split(/\s+/).find((c) => c.startsWith("so-"));
    return undefined;
  };
  return {
    overlay: detachedNodes.map(cls).filter((c) => c && c !== "so-shop-host"),
    pooled: detachedNodes.filter((d) => cls(d) === "so-shop-host").length,
  };
}

test("mounting and destroying overlays in turn leaves none of their nodes or listeners behind", async ({ page }) => {
  const cdp = await page.context().newCDPSession(page);
  const scripts = new Map();
  cdp.on("Debugger.scriptParsed", (s) => scripts.set(s.scriptId, s.url));
  await cdp.send("Debugger.enable");
  await cdp.send("DOM.enable");
  const problems = await open(page, "?only=main");
  // A captions track, so each overlay also listens to a track's cue changes.
  await page.evaluate(() => document.getElementById("main").addTextTrack("captions", "English", "en"));
  /// Listeners whose handler is the overlay's code (its glue or snippets) on each target.
  const ours = async (expressions) => {
    const found = [];
    for (const expression of expressions) {
      const { result } = await cdp.send("Runtime.evaluate", { expression });
      const { listeners } = await cdp.send("DOMDebugger.getEventListeners", { objectId: result.objectId });
      found.push(...listeners.filter((l) => (scripts.get(l.scriptId) || "").includes("/pkg/")).map((l) => `${expression} ${l.type}`));
    }
    return found;
  };
  const TRACKS = ["document.getElementById('main').textTracks", "document.getElementById('main').textTracks[0]"];
  for (let i = 0; i < 6; i++) {
    await page.evaluate(async () => {
      const v = document.getElementById("main");
      window.shoppable.handles.get("main")?.destroy();
      const manifest = await (await fetch("media/demo.manifest.json")).text();
      const { restBridge } = await import("./bridge/rest.js");
      window.shoppable.handles.set("main", window.shoppable.mount(v, { manifest, bridge: restBridge() }));
    });
    await seekVideo(page, "main", 7 + i * 0.1);
    // The shop on a shopping layer an earlier overlay left: a card opens and closes.
    await page.locator('.so-tag[data-tag-id="t-watch"]').click({ force: true });
    await expect(page.locator(".so-card .so-card-title")).toHaveText("Field Watch");
    await page.keyboard.press("Escape");
    await expect(page.locator(".so-card")).toHaveCount(0);
    await expect(page.locator(".so-shop-host")).toHaveCount(1);
  }
  // While an overlay runs, it listens to the text tracks (so the check below can see them).
  expect((await ours(TRACKS)).sort()).toEqual(TRACKS.flatMap((t) => (t.endsWith("]") ? [`${t} cuechange`] : [`${t} addtrack`, `${t} change`, `${t} removetrack`])).sort());
  await page.evaluate(() => {
    window.shoppable.handles.get("main").destroy();
    window.shoppable.handles.clear();
  });
  await expect(page.locator(".so-root")).toHaveCount(0);
  const left = await detached(cdp);
  expect(left.overlay).toEqual([]);
  expect(left.pooled).toBeLessThanOrEqual(4);
  // No listener whose handler is the overlay's code on the video, its parent, the document, the
  // window or the text tracks.
  expect(await ours(["document.getElementById('main')", "document.getElementById('main').parentElement", "document", "window", ...TRACKS])).toEqual([]);
  expect(problems).toEqual([]);
});
