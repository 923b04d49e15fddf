// The hls.js adapter: a LIVE room's pins, unpins and flash deals read from the stream itself —
// the playlist's EXT-X-DATERANGE tags (CLASS "com.shoppable.event", ID "ev-N", X-SEQ, X-KIND,
// X-DATA; and "com.shoppable.state", X-PINNED, X-LAST-EVENT for viewers who join late) — and
// handed to the overlay when the frame carrying their time is *presented*: the picture the host
// pinned on, not the moment the playlist arrived (which runs ahead by the stream's latency).
//
//   const hls = new Hls();  hls.loadSource(`/api/rooms/${room}/live.m3u8`);  hls.attachMedia(video);
//   mount(video, { manifest, bridge: hlsLive(hls, restBridge()), live: { room } });
//
// It wraps a commerce bridge: `room(id)` answers with the pinned state of the presented frame,
// `liveEvents(room, after, onEvent)` delivers each event in sequence order on the first
// presented frame whose media time reaches the range's start (`requestVideoFrameCallback`'s
// `mediaTime`; `timeupdate` where it is missing). Everything else goes to the wrapped bridge.
// hls.js is the page's own (1.6 or later: `DateRange.startTime` anchored to segments and
// `latestLevelDetails`); this module does not import it. It reads the date ranges
// from hls.js's level details, so hls.js's own metadata cues can stay off
// (`enableDateRangeMetadataCues: false`; hls.js loads that text track from a data: URL).

export const EVENT_CLASS = "com.shoppable.event";
export const STATE_CLASS = "com.shoppable.state";

// hls.js event names (Hls.Events.LEVEL_UPDATED, LEVEL_PTS_UPDATED), stable across 1.x.
const LEVEL_UPDATED = "hlsLevelUpdated";
const LEVEL_PTS_UPDATED = "hlsLevelPtsUpdated";
const MEDIA_ATTACHED = "hlsMediaAttached";
/// How long `room()` waits for the first playlist and frame before answering from the bridge.
const FIRST_FRAME_MS = 15_000;

function decode(text) {
  try {
    return decodeURIComponent(text ?? "");
  } catch {
    return null;
  }
}

/// The date ranges of our classes in `details`, with their media times (skipping any hls.js
/// could not place: no PROGRAM-DATE-TIME to anchor them).
function readRanges(details) {
  const events = [];
  const states = [];
  for (const dr of Object.values(details?.dateRanges ?? {})) {
    const t = dr.startTime;
    if (!Number.isFinite(t)) continue;
    const a = dr.attr ?? {};
    if (dr.class === EVENT_CLASS) {
      const seq = Number(a["X-SEQ"]);
      const data = decode(a["X-DATA"]);
      const kind = decode(a["X-KIND"]);
      if (Number.isSafeInteger(seq) && seq > 0 && data !== null && kind) {
        events.push({ seq, kind, data, t, date: dr.startDate?.getTime?.() ?? NaN });
      }
    } else if (dr.class === STATE_CLASS) {
      const last = Number(a["X-LAST-EVENT"]);
      let pinned = null;
      try {
        pinned = JSON.parse(decode(a["X-PINNED"]) ?? "null");
      } catch {
        pinned = null;
      }
      if (Number.isSafeInteger(last) && last >= 0 && Array.isArray(pinned)) {
        states.push({ last, pinned: pinned.filter((p) => typeof p === "string"), t });
      }
    }
  }
  events.sort((x, y) => x.seq - y.seq);
  states.sort((x, y) => x.t - y.t || x.last - y.last);
  return { events, states };
}

/// The program date-time (Unix ms) of media time `t`, from the playlist's segments.
export function programDateTime(hls, t) {
  const frags = hls.latestLevelDetails?.fragments ?? [];
  for (const f of frags) {
    if (f.programDateTime != null && t >= f.start && t < f.start + f.duration) {
      return f.programDateTime + (t - f.start) * 1000;
    }
  }
  return NaN;
}

/// Wraps `bridge` so LIVE events come from `hls`'s stream. `options.onApply(event, frame)` is
/// told each event as it is applied, with the presented frame's `{mediaTime,
/// programDateTime}` (for analytics, and for measuring placement).
export function hlsLive(hls, bridge, options = {}) {
  if (!hls || typeof hls.on !== "function") throw new TypeError("hlsLive(hls, bridge): hls must be an hls.js instance");
  if (!bridge || typeof bridge.room !== "function") throw new TypeError("hlsLive(hls, bridge): bridge must be a commerce bridge (bridge/rest.js, bridge/native.js)");
  let ranges = { events: [], states: [] };
  let after = 0;
  let listener = null;
  let frameT = NaN;
  let waiting = [];
  let frameHandle = 0;
  let video = null;
  let stopFallback = null;
  /// The overlay closed the event stream: no frame loop until it subscribes again.
  let closed = false;

  const onLevel = (_name, data) => {
    ranges = readRanges(data?.details ?? hls.latestLevelDetails);
    wake();
  };
  hls.on(LEVEL_UPDATED, onLevel);
  hls.on(LEVEL_PTS_UPDATED, onLevel);
  const onAttached = () => watchFrames();
  hls.on(MEDIA_ATTACHED, onAttached);

  /// Answers `room()` callers waiting for a presented frame and a playlist.
  function wake() {
    if (!Number.isFinite(frameT) || ranges.states.length === 0) return;
    const ready = waiting;
    waiting = [];
    for (const resolve of ready) resolve();
  }

  function deliver(t, now) {
    frameT = t;
    wake();
    if (!listener) return;
    const due = ranges.events.filter((e) => e.seq > after && e.t <= t);
    for (const e of due) {
      after = e.seq;
      listener({ id: String(e.seq), type: e.kind, data: e.data });
      options.onApply?.(
        { id: e.seq, kind: e.kind, startDate: e.date },
        { mediaTime: t, programDateTime: programDateTime(hls, t), presented: now },
      );
    }
  }

  function watchFrames() {
    if (closed || !hls.media) return;
    // hls.js attached another <video>: follow that one.
    if (frameHandle && video !== hls.media) stopFrames();
    if (frameHandle) return;
    video = hls.media;
    if (typeof video.requestVideoFrameCallback === "function") {
      const step = (now, meta) => {
        frameHandle = video.requestVideoFrameCallback(step);
        deliver(meta.mediaTime, now);
      };
      frameHandle = video.requestVideoFrameCallback(step);
    } else {
      const step = () => deliver(video.currentTime, performance.now());
      video.addEventListener("timeupdate", step);
      frameHandle = -1;
      stopFallback = () => video.removeEventListener("timeupdate", step);
    }
    // A paused or just-seeked video presents no new frame: read where it stands.
    if (video.readyState >= 2) deliver(video.currentTime, performance.now());
  }

  function stopFrames() {
    if (frameHandle > 0) video?.cancelVideoFrameCallback?.(frameHandle);
    stopFallback?.();
    stopFallback = null;
    frameHandle = 0;
  }

  const firstFrame = () =>
    new Promise((resolve) => {
      watchFrames();
      waiting.push(resolve);
      wake();
      setTimeout(resolve, FIRST_FRAME_MS);
    });

  return {
    ...bridge,
    /// The room as the presented frame shows it: the bridge's answer (title and the rest)
    /// with the pinned products and last event of the state in force at that frame.
    room: async (roomId) => {
      closed = false;
      const [answer] = await Promise.all([bridge.room(roomId), firstFrame()]);
      if (!answer?.ok) return answer;
      const state = ranges.states.filter((s) => s.t <= frameT).at(-1);
      if (!state) return answer;
      after = state.last;
      return { ok: true, value: { ...answer.value, pinned: state.pinned, last_event_id: state.last } };
    },
    liveEvents: (_roomId, since, onEvent) => {
      after = Math.max(after, Number(since) || 0);
      listener = onEvent;
      closed = false;
      watchFrames();
      // What is already due is delivered after this call returns, never inside it: the
      // overlay is still busy subscribing and would not take an event now.
      queueMicrotask(() => {
        if (listener === onEvent && Number.isFinite(frameT)) deliver(frameT, performance.now());
      });
      return {
        close: () => {
          if (listener !== onEvent) return;
          listener = null;
          closed = true;
          stopFrames();
        },
      };
    },
    /// Stops listening to hls.js (the overlay's destroy() closes the event stream itself).
    detach: () => {
      closed = true;
      hls.off(LEVEL_UPDATED, onLevel);
      hls.off(LEVEL_PTS_UPDATED, onLevel);
      hls.off(MEDIA_ATTACHED, onAttached);
      stopFrames();
      listener = null;
    },
  };
}
