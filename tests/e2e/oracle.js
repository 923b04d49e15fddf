// The tests' own model of where a tag must be: written from the CSS spec and the manifest,
// independently of the engine, so the two can disagree.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { positionAt } from "../path.js";

export const manifest = JSON.parse(
  readFileSync(fileURLToPath(new URL("../../www/static/media/demo.manifest.json", import.meta.url)), "utf8"),
);
export const FPS = 30;
export const FRAME = 1 / FPS;

export function activeAt(m, t) {
  return m.tags.filter((g) => g.start <= t && t < g.end).map((g) => g.id);
}

function pct(v) {
  // Computed object-position in these pages is "<a>% <b>%" or px lengths.
  const parts = v.split(/\s+/);
  return parts.map((p) => (p.endsWith("%") ? { pct: parseFloat(p) } : { px: parseFloat(p) }));
}

/// The picture rectangle in page coordinates for a measured video box (CSS Images 3, object-fit).
export function pictureRect(box) {
  const { width: W, height: H, vw, vh, fit } = box;
  const contain = Math.min(W / vw, H / vh);
  const cover = Math.max(W / vw, H / vh);
  let w;
  let h;
  switch (fit) {
    case "fill": [w, h] = [W, H]; break;
    case "cover": [w, h] = [vw * cover, vh * cover]; break;
    case "none": [w, h] = [vw, vh]; break;
    case "scale-down": [w, h] = [vw * Math.min(contain, 1), vh * Math.min(contain, 1)]; break;
    default: [w, h] = [vw * contain, vh * contain];
  }
  const [px, py] = pct(box.pos);
  const off = (o, free) => (o.pct !== undefined ? (free * o.pct) / 100 : o.px);
  return { x: box.left + off(px, W - w), y: box.top + off(py, H - h), w, h };
}

/// Half a tag's 32 px target: a tag stays that far inside the part of the picture on screen.
export const TARGET_RADIUS = 16;

/// Where tag `id` must be at media time t, and whether it must be visible: its point on the
/// picture, hidden when cropped away, moved in just enough to keep its whole target in the
/// part of the picture on screen (less any `bands` the player's controls cover), then out from
/// under the overlay's own controls in its corners (`box.held`, page boxes): to the nearer of
/// just past the control's far edge (below one at the top) or just beside it, where there is
/// room.
export function expected(box, id, t, bands = { top: 0, right: 0, bottom: 0, left: 0 }) {
  const tag = manifest.tags.find((g) => g.id === id);
  const [nx, ny] = positionAt(tag, t);
  const r = pictureRect(box);
  const x = r.x + nx * r.w;
  const y = r.y + ny * r.h;
  const shown = {
    x0: Math.max(r.x, box.left),
    x1: Math.min(r.x + r.w, box.left + box.width),
    y0: Math.max(r.y, box.top),
    y1: Math.min(r.y + r.h, box.top + box.height),
  };
  const clear = {
    x0: Math.max(shown.x0, box.left + bands.left) + TARGET_RADIUS,
    x1: Math.min(shown.x1, box.left + box.width - bands.right) - TARGET_RADIUS,
    y0: Math.max(shown.y0, box.top + bands.top) + TARGET_RADIUS,
    y1: Math.min(shown.y1, box.top + box.height - bands.bottom) - TARGET_RADIUS,
  };
  const room = clear.x0 <= clear.x1 && clear.y0 <= clear.y1;
  const inside = room && x >= shown.x0 && x <= shown.x1 && y >= shown.y0 && y <= shown.y1;
  const clamp = (v, lo, hi) => Math.min(Math.max(v, lo), hi);
  let p = { x: clamp(x, clear.x0, clear.x1), y: clamp(y, clear.y0, clear.y1) };
  // The whole target clears a control: 32 px, or 44 on a touch screen (measured).
  const m = box.targetR ?? TARGET_RADIUS;
  for (const h of box.held ?? []) {
    const o = { x0: h.left - m, x1: h.right + m, y0: h.top - m, y1: h.bottom + m };
    if (!(p.x > o.x0 && p.x < o.x1 && p.y > o.y0 && p.y < o.y1)) continue;
    const top = (h.top + h.bottom) / 2 < box.top + box.height / 2;
    const right = (h.left + h.right) / 2 > box.left + box.width / 2;
    const off = { x: p.x, y: top ? o.y1 : o.y0 };
    const aside = { x: right ? o.x0 : o.x1, y: p.y };
    const fits = (q) => q.x >= clear.x0 && q.x <= clear.x1 && q.y >= clear.y0 && q.y <= clear.y1;
    const nearer = Math.abs(off.y - p.y) <= Math.abs(aside.x - p.x);
    if (fits(off) && (nearer || !fits(aside))) p = off;
    else if (fits(aside)) p = aside;
  }
  return { ...p, inside };
}

/// Runs in the page: measures a video's content box and its tags.
export function snapshotInPage(videoId) {
  const v = document.getElementById(videoId);
  const r = v.getBoundingClientRect();
  const cs = getComputedStyle(v);
  const n = (p) => parseFloat(cs.getPropertyValue(p)) || 0;
  const left = r.left + n("border-left-width") + n("padding-left");
  const top = r.top + n("border-top-width") + n("padding-top");
  const root = v.nextElementSibling?.classList.contains("so-root") ? v.nextElementSibling : null;
  const tags = root
    ? [...root.querySelectorAll("button.so-tag")].map((b) => {
        const br = b.getBoundingClientRect();
        return {
          id: b.dataset.tagId,
          // What is painted: the browser shows and hides tags on its own clock (by opacity).
          hidden: b.classList.contains("so-tag--hidden") || Number(getComputedStyle(b).opacity) < 0.5,
          name: b.getAttribute("aria-label"),
          x: br.left + br.width / 2,
          y: br.top + br.height / 2,
          w: br.width,
          h: br.height,
        };
      })
    : [];
  // The overlay's own controls in its corners (the shop's buttons, the LIVE pin).
  const held = root
    ? [...root.querySelectorAll(".so-corner, .so-pin")]
        .map((c) => c.getBoundingClientRect())
        .filter((c) => c.width > 0 && c.height > 0)
        .map((c) => ({ left: c.left, right: c.right, top: c.top, bottom: c.bottom }))
    : [];
  return {
    left,
    top,
    held,
    targetR: Math.max(16, ...tags.map((g) => g.w / 2)),
    width: r.width - n("border-left-width") - n("border-right-width") - n("padding-left") - n("padding-right"),
    height: r.height - n("border-top-width") - n("border-bottom-width") - n("padding-top") - n("padding-bottom"),
    vw: v.videoWidth,
    vh: v.videoHeight,
    fit: cs.objectFit,
    pos: cs.objectPosition,
    t: v.currentTime,
    paused: v.paused,
    hasRoot: !!root,
    tags,
  };
}
