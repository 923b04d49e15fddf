// Builds a moving tag's path animation in one call from the engine's numbers: four per point
// (offset 0..1, x px, y px, ease 0 linear | 1 smoothstep), the span in ms. The browser then
// moves the tag on its own, in step with the video (the engine re-aligns it when they part).
const EASE = ["linear", "cubic-bezier(0.3333333,0,0.6666667,1)"];

export function animatePath(el, points, duration) {
  const frames = [];
  for (let i = 0; i + 3 < points.length; i += 4) {
    frames.push({
      offset: points[i],
      transform: `translate(${points[i + 1]}px,${points[i + 2]}px)`,
      easing: EASE[points[i + 3]] || "linear",
    });
  }
  return el.animate(frames, { duration, fill: "both" });
}
