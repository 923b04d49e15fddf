// Builds a tag's animation in one call from the engine's numbers, on a timeline that starts at
// media time 0 (so one clock puts every tag's animation in step with the video): the tag shows
// over its span `[from, to)` (seconds) and not outside it, and a moving tag follows its path
// over that span: four numbers per point (offset 0..1 of the span, x px, y px, ease 0 linear |
// 1 smoothstep). The browser then shows, hides and moves the tag on its own, on the
// compositor; the engine re-aligns the clock when it parts from the video's.
const EASE = ["linear", "cubic-bezier(0.3333333,0,0.6666667,1)"];
// The animation runs this long past the tag's end (s), hidden: the engine takes it away in its
// next batch. Steps inside a running animation need no main-thread work; an animation that
// starts or ends does (the browser services it on the next frame).
const HOLD = 3600;

export function animateTag(el, points, from, to) {
  const d = to + HOLD;
  const at = (s) => Math.min(1, Math.max(0, s / d));
  const frames = [];
  const n = points.length - (points.length % 4);
  const move = (i) => `translate(${points[i + 1]}px,${points[i + 2]}px)`;
  if (n >= 8) {
    // Held before the first point and after the last (explicit: no implicit keyframes).
    frames.push({ offset: 0, transform: move(0) });
    for (let i = 0; i < n; i += 4) {
      frames.push({ offset: at(from + points[i] * (to - from)), transform: move(i), easing: EASE[points[i + 3]] || "linear" });
    }
    frames.push({ offset: 1, transform: move(n - 4) });
  }
  frames.push(
    { offset: 0, opacity: 0, easing: "step-end" },
    { offset: at(from), opacity: 1, easing: "step-end" },
    { offset: at(to), opacity: 0 },
    { offset: 1, opacity: 0 },
  );
  // Stable: at one offset the later keyframe holds from there on.
  frames.sort((a, b) => a.offset - b.offset);
  return el.animate(frames, { duration: d * 1000, fill: "both" });
}

// Puts a tag's animation where the video is: at `ms` of its timeline, at `rate`, playing or
// paused. Playing, by its start time: an animation only told to play waits for the next frame
// to start, from where it was told, and runs that late. The start time is taken from the clock
// (the document timeline counts from the same origin), not from `document.timeline`, whose time
// is the last frame's: on a page that drew nothing for a while, far behind.
export function syncTag(a, ms, rate, playing) {
  a.playbackRate = rate;
  if (playing) {
    a.startTime = performance.now() - ms / rate;
  } else {
    a.currentTime = ms;
    a.pause();
  }
}
