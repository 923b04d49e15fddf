// Manifests generated as families, for measuring the frame loop on shapes nobody tuned it for:
// tag timings {waves, even, poisson, all}, {still, moving}, {labelled, not}, any count, any
// seed. The bench tunes nothing on the held-out seeds (HELD_OUT_SEEDS); it reports both.

import { rng } from "../rng.js";

/// Seeds the matrix runs on, and the ones kept apart (reported, never tuned on).
export const SEEDS = [1];
export const HELD_OUT_SEEDS = [7001];

const WORDS = ["Field", "Watch", "Linen", "Shirt", "Canvas", "Tote", "Runner", "Sneaker", "Ceramic", "Mug",
  "Desk", "Lamp", "Wool", "Scarf", "Leather", "Wallet", "Travel", "Bottle", "Studio", "Headphones", "Denim",
  "Jacket", "Silk", "Ring", "Everyday", "Backpack", "Oak", "Tray", "Glass", "Vase"];

/// `n` tags' [start, end] on a clip of `clip` seconds whose played window is [from, from + span]:
/// - waves: ten waves of n/10 entering together and leaving together 4 s later;
/// - even: starts spread evenly (a seeded phase), each shown 4 s;
/// - poisson: starts uniformly random (a Poisson process given its count), each shown 1–7 s;
/// - all: every tag enters at one instant and leaves at another, inside the played window.
export function timings(shape, n, random, { clip = 40, from = 0, span = 10 } = {}) {
  const show = 4;
  const out = [];
  const phase = random();
  for (let i = 0; i < n; i++) {
    let start;
    let end;
    if (shape === "waves") {
      start = Math.floor((i * 10) / n) * show;
      end = start + show;
    } else if (shape === "even") {
      start = ((i + phase) * (clip - show)) / n;
      end = start + show;
    } else if (shape === "poisson") {
      start = random() * (clip - 1);
      end = Math.min(clip, start + 1 + random() * 6);
    } else if (shape === "all") {
      start = from + 1 + span * 0.2;
      end = from + 1 + span * 0.8;
    } else {
      throw new Error(`no timing shape "${shape}" (waves, even, poisson, all)`);
    }
    const ms = (t) => Math.round(t * 1000) / 1000;
    out.push([ms(start), ms(end)]);
  }
  return out;
}

/// A manifest of the family: `{ shape, moving, labelled, n, seed }` (and the clip's span).
export function manifest({ shape, moving, labelled, n, seed }, window = {}) {
  const random = rng(seed * 7919 + n);
  const times = timings(shape, n, random, window);
  const products = Array.from({ length: 25 }, (_, k) => ({ id: `p${k}`, name: `Product ${k}` }));
  const tags = times.map(([start, end], i) => {
    const x = 0.06 + random() * 0.88;
    const y = 0.08 + random() * 0.74;
    const tag = { id: `b${i}`, product: `p${i % 25}`, start, end };
    if (labelled) {
      const words = 1 + Math.floor(random() * 3);
      tag.label = Array.from({ length: words }, () => WORDS[Math.floor(random() * WORDS.length)]).join(" ");
    }
    if (moving) {
      const angle = random() * 2 * Math.PI;
      const reach = 0.02 + random() * 0.06;
      const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v));
      const mid = (start + end) / 2;
      tag.keyframes = [
        { t: start, x, y },
        { t: mid, x: clamp(x + Math.cos(angle) * reach, 0.03, 0.97), y: clamp(y + Math.sin(angle) * reach, 0.05, 0.9), ease: "ease-in-out" },
        { t: end, x, y: clamp(y + reach / 2, 0.05, 0.9) },
      ];
    } else {
      tag.x = x;
      tag.y = y;
    }
    return tag;
  });
  return { version: 1, video: { id: "bench", duration: 40 }, products, tags };
}

/// How many of `manifest`'s boundaries (shows and hides) fall in media time [a, b].
export function boundariesIn(manifest, a, b) {
  let n = 0;
  for (const t of manifest.tags) {
    if (t.start > a && t.start <= b) n++;
    if (t.end > a && t.end <= b) n++;
  }
  return n;
}
