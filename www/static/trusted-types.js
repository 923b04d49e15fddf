// The pages' one Trusted Types policy, "default": every page runs under
// `require-trusted-types-for 'script'`, so a string reaching a script sink is refused unless
// this policy passes it. It passes exactly two script URLs on this origin: hls.js's worker
// (hls.js calls `new Worker(workerPath)` with a string) and video.js's UMD build (the players
// page adds it as a <script> after setting its options); and HTML that cannot make an element,
// a string with no "<" (video.js draws captions with vtt.js, which decodes a cue's character
// references by writing its text into a <textarea>; with no "<" the parser makes text only,
// and a script's text set this way never runs under Trusted Types). Anything else (markup,
// script text, any other script URL) is refused and reported as a violation. The overlay
// itself uses no sink: text goes in text nodes.
const SCRIPTS = ["/vendor/hls.worker.js", "/vendor/video.min.js"];

if (globalThis.trustedTypes?.createPolicy && !globalThis.trustedTypes.defaultPolicy) {
  globalThis.trustedTypes.createPolicy("default", {
    createHTML(html) {
      return html.includes("<") ? null : html;
    },
    createScriptURL(url) {
      const u = new URL(url, location.href);
      const ok = u.origin === location.origin && SCRIPTS.some((s) => u.pathname.endsWith(s)) && !u.search && !u.hash;
      return ok ? u.href : null;
    },
  });
}
