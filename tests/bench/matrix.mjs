// The frame loop on every shape of manifest, side by side with video.js 8 + videojs-overlay 4
// in one run: tag timings {waves, even, poisson, all} × {still, moving} × {labelled, not} ×
// {20, 500, 2000 tags} at 1× and 4× CPU (families.mjs makes each manifest from a seed), then
// the shapes that matter most again on held-out seeds. Per cell and side: main-thread ms per
// second of playback (script + style + layout, CDP metrics), layouts/s, the main-thread cost
// per show/hide (the cell's cost above the side's own with no tags, over the boundaries
// played), and drift (presented frames from a boundary to the frame showing it, at 1×).
// Usage: BASE_URL=http://127.0.0.1:PORT node tests/bench/matrix.mjs OUT.json
// MATRIX_CELLS=even/still/labelled/500 (slash-separated parts, any may be "*"; commas between
// several) runs some; MATRIX_SECONDS sets the seconds played per run (10).
import { chromium } from "@playwright/test";
import { writeFileSync } from "node:fs";
import { launchOptions } from "../chromium.js";
import { HELD_OUT_SEEDS, SEEDS, boundariesIn, manifest } from "./families.mjs";
import { cost, drift } from "./sides.mjs";

const base = process.env.BASE_URL;
const out = process.argv[2];
if (!base || !out) throw new Error("usage: BASE_URL=... node tests/bench/matrix.mjs OUT.json");
const SECONDS = Number(process.env.MATRIX_SECONDS || 10);
// Played from 4 s of the 40 s clip: tags that entered at the start are leaving by then.
const FROM = 4;
const window = { clip: 40, from: FROM, span: SECONDS };

const SHAPES = ["waves", "even", "poisson", "all"];
const COUNTS = [20, 500, 2000];
const want = (process.env.MATRIX_CELLS || "*/*/*/*").split(",").map((c) => c.split("/"));
const picked = (cell) =>
  want.some((w) => [cell.shape, cell.motion, cell.labels, String(cell.n)].every((v, k) => !w[k] || w[k] === "*" || w[k] === v));

const cells = [];
for (const shape of SHAPES)
  for (const motion of ["still", "moving"])
    for (const labels of ["labelled", "plain"])
      for (const n of COUNTS) cells.push({ shape, motion, labels, n, seed: SEEDS[0], set: "tuning" });
// Held out: the shapes where boundaries are dense, labelled, never tuned on.
for (const shape of ["even", "poisson"])
  for (const motion of ["still", "moving"])
    for (const n of [500, 2000]) cells.push({ shape, motion, labels: "labelled", n, seed: HELD_OUT_SEEDS[0], set: "held-out" });

const browser = await chromium.launch(launchOptions);
const empty = { version: 1, video: { id: "bench", duration: 40 }, products: [], tags: [] };
const baseline = {};
for (const throttle of [1, 4]) {
  for (const which of ["ours", "peer"]) {
    baseline[`${which}_${throttle}x`] = await cost(browser, base, { which, throttle, manifest: empty, seconds: SECONDS, from: FROM });
  }
}
const rows = [];
for (const cell of cells.filter(picked)) {
  const m = manifest({ shape: cell.shape, moving: cell.motion === "moving", labelled: cell.labels === "labelled", n: cell.n, seed: cell.seed }, window);
  const row = { ...cell, sides: {} };
  for (const which of ["ours", "peer"]) {
    const side = {};
    for (const throttle of [1, 4]) {
      const c = await cost(browser, base, { which, throttle, manifest: m, seconds: SECONDS, from: FROM });
      const boundaries = boundariesIn(m, c.media[0], c.media[1]);
      const per_s = boundaries / c.seconds;
      const above = c.main_ms_s - baseline[`${which}_${throttle}x`].main_ms_s;
      side[`x${throttle}`] = { ...c, boundaries, per_boundary_us: per_s > 0 ? (above / per_s) * 1000 : null };
    }
    side.drift = await drift(browser, base, { which, manifest: m, seconds: SECONDS, from: FROM });
    row.sides[which] = side;
  }
  const r = (t) => row.sides.ours[t].main_ms_s / row.sides.peer[t].main_ms_s;
  console.error(
    `${cell.set} ${cell.shape}/${cell.motion}/${cell.labels}/${cell.n}: ` +
      `1× ${row.sides.ours.x1.main_ms_s.toFixed(1)} vs ${row.sides.peer.x1.main_ms_s.toFixed(1)} (${r("x1").toFixed(2)}×), ` +
      `4× ${row.sides.ours.x4.main_ms_s.toFixed(1)} vs ${row.sides.peer.x4.main_ms_s.toFixed(1)} (${r("x4").toFixed(2)}×), ` +
      `per show/hide ${row.sides.ours.x1.per_boundary_us?.toFixed(0) ?? "—"} µs, drift p99 ${row.sides.ours.drift.p99_frames} vs ${row.sides.peer.drift.p99_frames}`,
  );
  rows.push(row);
}
await browser.close();
const result = { clip: "media/demo.mp4 (30 fps, 960×540)", cells: process.env.MATRIX_CELLS || "every cell", seconds: SECONDS, from: FROM, seeds: SEEDS, held_out_seeds: HELD_OUT_SEEDS, baseline, rows };
writeFileSync(out, JSON.stringify(result, null, 2));
