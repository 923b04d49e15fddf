// The captions a browser draws over a <video>: the cues its showing caption and subtitle tracks
// show now, read for the engine's estimate of where they are drawn, and a watch that calls back
// whenever they may have changed.

/// Four values per cue shown now: its line (NaN for auto), 1 when the line counts lines (0 for
/// a percentage), its size (percent of the width), its text.
export function shownCues(video) {
  const out = [];
  for (const t of video.textTracks) {
    if (t.mode !== "showing" || (t.kind !== "captions" && t.kind !== "subtitles")) continue;
    for (const c of t.activeCues || []) {
      out.push(
        typeof c.line === "number" ? c.line : NaN,
        c.snapToLines === false ? 0 : 1,
        typeof c.size === "number" ? c.size : 100,
        String(c.text ?? ""),
      );
    }
  }
  return out;
}

/// Calls `changed` when a track comes or goes, a track's mode changes, or a track's active cues
/// change. Returns the function that stops every listener it added.
export function watchCues(video, changed) {
  const list = video.textTracks;
  const tracks = new Set();
  const wire = () => {
    for (const t of list) {
      if (tracks.has(t)) continue;
      tracks.add(t);
      t.addEventListener("cuechange", changed);
    }
  };
  const added = () => {
    wire();
    changed();
  };
  wire();
  list.addEventListener("change", changed);
  list.addEventListener("addtrack", added);
  list.addEventListener("removetrack", changed);
  return () => {
    list.removeEventListener("change", changed);
    list.removeEventListener("addtrack", added);
    list.removeEventListener("removetrack", changed);
    for (const t of tracks) t.removeEventListener("cuechange", changed);
    tracks.clear();
  };
}
