// The video.js 8 plugin: mounts the overlay on the player's <video> inside the player's own
// element, so the player's fullscreen (which takes that element fullscreen) keeps the tags, the
// control bar stays above them, and tags move out from under the control bar and the captions
// video.js draws while they show.
//
//   import videojs from "video.js";
//   import { registerShoppable } from "shoppable-overlay/adapters/videojs";
//   registerShoppable(videojs);                 // once; adds player.shoppable(options)
//   const overlay = videojs("id").shoppable({ manifest, bridge });   // mount's options
//   overlay.on("tag-activate", …);              // the overlay's handle, as mount returns it
//
// The overlay is destroyed with the player (`player.dispose()`). `init()` must have run, or
// run before the player is ready (the plugin awaits it).
import init, { mount } from "../index.js";

/// Player events after which the control bar or the captions may have shown, hidden, moved or
/// changed size (video.js sends `texttrackchange` when a showing track's cues change, too).
const BAR_EVENTS = ["useractive", "userinactive", "play", "pause", "playing", "ended", "playerresize", "fullscreenchange", "controlsenabled", "controlsdisabled", "texttrackchange"];

/// Kept clear around the captions' boxes, px.
const CAPTION_MARGIN = 4;

/// The control bar's height while it shows over the picture; 0 while it is hidden or faded.
function barHeight(player) {
  const bar = player.getChild?.("ControlBar")?.el?.();
  if (!bar || !player.controls()) return 0;
  const el = player.el();
  const started = el.classList.contains("vjs-has-started");
  const faded = el.classList.contains("vjs-user-inactive") && !player.paused();
  if (!started || faded) return 0;
  const style = getComputedStyle(bar);
  if (style.display === "none" || style.visibility === "hidden") return 0;
  return bar.getBoundingClientRect().height;
}

/// The bands video.js's own captions take over the video (`{top, bottom}` px): the caption
/// boxes in its text track display, each counted from the nearer edge. (Captions the browser
/// draws itself, with native text tracks, the overlay follows on its own.)
function captionBands(player, video) {
  const box = video.getBoundingClientRect();
  let top = 0;
  let bottom = 0;
  for (const cue of player.el().querySelectorAll(".vjs-text-track-display .vjs-text-track-cue")) {
    const r = cue.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    if (r.top + r.height / 2 > box.top + box.height / 2) bottom = Math.max(bottom, box.bottom - r.top + CAPTION_MARGIN);
    else top = Math.max(top, r.bottom - box.top + CAPTION_MARGIN);
  }
  return { top: Math.min(Math.max(top, 0), box.height), bottom: Math.min(Math.max(bottom, 0), box.height) };
}

/// Registers the `shoppable` plugin on `videojs` (the default export of "video.js" 8).
export function registerShoppable(videojs) {
  if (!videojs?.registerPlugin) throw new TypeError("registerShoppable(videojs): pass video.js's default export");
  if (videojs.getPlugin?.("shoppable")) return;
  videojs.registerPlugin("shoppable", function shoppable(options) {
    const player = this;
    // Called again on the same player: the earlier overlay goes, the new options take over.
    player.shoppableOverlay?.destroy();
    let handle = null;
    let listeners = [];
    const waiting = [];
    let gone = false;
    // A handle-shaped proxy, usable at once: listeners added before the player is ready are
    // passed on when the overlay mounts.
    const proxy = {
      on(type, listener) {
        if (handle) handle.on(type, listener);
        else waiting.push([type, listener]);
      },
      off(type, listener) {
        handle?.off(type, listener);
      },
      relayout: () => handle?.relayout(),
      back: () => handle?.back() ?? false,
      serverNow: () => handle?.serverNow(),
      exactFrames: () => handle?.exactFrames() ?? false,
      hasPanicked: () => handle?.hasPanicked() ?? false,
      panicMessage: () => handle?.panicMessage(),
      setSafeArea: (insets) => handle?.setSafeArea(insets),
      destroy: () => stop(),
      get handle() {
        return handle;
      },
    };
    const safe = () => {
      if (!handle) return;
      // After the player applied its classes and drew its captions for this change.
      requestAnimationFrame(() => {
        const video = player.tech(true)?.el();
        if (!handle || !video) return;
        const captions = captionBands(player, video);
        handle.setSafeArea({ top: captions.top, bottom: Math.max(barHeight(player), captions.bottom) });
      });
    };
    function stop() {
      if (gone) return;
      gone = true;
      for (const [type, fn] of listeners) player.off(type, fn);
      listeners = [];
      handle?.destroy();
      handle?.free();
      handle = null;
      if (player.shoppableOverlay === proxy) player.shoppableOverlay = null;
    }
    /// A problem before there is a handle reaches the `error` listeners all the same.
    const fail = (message) => {
      const detail = { kind: "mount", message: `shoppable (video.js): ${message}`, problems: [] };
      for (const [type, listener] of waiting) if (type === "error") listener(detail);
    };
    player.ready(async () => {
      try {
        await init();
      } catch (e) {
        fail(`the overlay's Wasm could not be loaded: ${e?.message ?? e}`);
        return;
      }
      if (gone || player.isDisposed?.()) return;
      // The <video> the Html5 tech plays in; the overlay goes right after it, inside the
      // player's element and before the control bar.
      const video = player.tech(true)?.el();
      try {
        handle = mount(video, options);
      } catch (e) {
        fail(`${e?.message ?? e} (the player's tech is not an HTML5 <video>)`);
        return;
      }
      for (const [type, listener] of waiting.splice(0)) handle.on(type, listener);
      listeners = [[BAR_EVENTS, safe], ["dispose", stop]];
      for (const [type, fn] of listeners) player.on(type, fn);
      safe();
    });
    player.shoppableOverlay = proxy;
    return proxy;
  });
}
