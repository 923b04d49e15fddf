// Where a manifest tag is at media time t, written from the manifest's rules (keyframes
// clamped at both ends, linear or ease-in-out per segment, a fixed x/y otherwise), for the
// tests and benches that compare a path with the generator's truth.
export function positionAt(tag, t) {
  const k = tag.keyframes;
  if (!k) return [tag.x, tag.y];
  if (t <= k[0].t) return [k[0].x, k[0].y];
  for (let i = 1; i < k.length; i++) {
    if (t <= k[i].t) {
      let u = (t - k[i - 1].t) / (k[i].t - k[i - 1].t);
      if (k[i - 1].ease === "ease-in-out") u = u * u * (3 - 2 * u);
      return [k[i - 1].x + (k[i].x - k[i - 1].x) * u, k[i - 1].y + (k[i].y - k[i - 1].y) * u];
    }
  }
  return [k.at(-1).x, k.at(-1).y];
}
