"""OpenCV's trackers on the tracker bench's clips: the reference side of the side-by-side.

The bench writes, into one directory, every clip as `<name>.mp4` or `<name>.webm` with its
truth in `<name>.json` ({"name", "fps", "width", "height", "frames", "seed", "truth": [{"cx",
"cy", "w", "h", "visible"}, ...]}, one box per frame, centre and size in frame pixels), then
runs

    python bench/track_opencv.py DIR [--trackers CSRT,KCF,MOSSE,MIL] [--only NAME,...]
                                     [--workers 2] [--prime-kcf]

For each clip and tracker this decodes every frame once, seeds a tracker on frame `seed` with the
true box and tracks forward to the last frame, then seeds a fresh one on the same frame and
tracks backward to frame 0. Every frame's answer is kept, lost or not, and written to
`<name>.opencv.json` beside the clip:

    {"clip": name, "decoded": N, "expected": frames,
     "trackers": {"CSRT": {"fps": 55.1, "update_errors": 0,
                           "frames": [{"k": 0, "ok": true, "cx": .., "cy": .., "w": .., "h": ..},
                                      ...]}, ...}}

`frames` holds one entry per frame 0..min(N, frames)-1 in frame order; the seed frame is ok with
the true box. `fps` is frames per second of the tracker's `update` calls alone (decoding and
`init` excluded). A not-ok frame's box is whatever the tracker returned (OpenCV gives 0,0,0,0
when it lost the object). An `update` that throws counts in "update_errors" and gives a not-ok
frame; tracking goes on. A tracker that throws on `init`, or whose box is under 5 px a side
inside the frame, gets "init_error", fps 0 and every frame but the seed not ok. With
--prime-kcf, KCF gets one untimed update on the seed frame after init ("primed": true).
A note is added (and printed) if the decoded frame count or size differs from the truth's.

The bench computes the metrics; this prints one line per clip and tracker to stderr. Clips run
in 2 worker processes, one OpenCV thread each. Exits 1 if a file is missing or unreadable.
Needs cv2 (opencv-contrib-python-headless) and numpy.
"""

import argparse
import json
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor

import cv2

TRACKERS = {
    "CSRT": lambda: cv2.TrackerCSRT_create(),
    "KCF": lambda: cv2.TrackerKCF_create(),
    "MIL": lambda: cv2.TrackerMIL_create(),
    "MOSSE": lambda: cv2.legacy.TrackerMOSSE_create(),  # only in the legacy module
}
# Smaller boxes are not tracked: MIL's init never returns on a 4x4 or 1-px-wide box, and CSRT and
# MOSSE throw on 1x1 (OpenCV 5.1).
MIN_SIDE = 5


class Unreadable(Exception):
    pass


class InitFailed(Exception):
    pass


def load_clip(path):
    """The clip's metadata, checked, and its video's path."""
    try:
        with open(path) as f:
            meta = json.load(f)
        frames, seed, truth = int(meta["frames"]), int(meta["seed"]), list(meta["truth"])
        int(meta["width"]), int(meta["height"]), str(meta["name"])
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise Unreadable(f"{path}: not a clip's truth ({type(e).__name__}: {e})")
    if len(truth) != frames:
        raise Unreadable(f"{path}: {len(truth)} truth boxes for {frames} frames")
    if not 0 <= seed < frames:
        raise Unreadable(f"{path}: seed {seed} outside 0..{frames - 1}")
    base = path[: -len(".json")]
    videos = [base + ext for ext in (".mp4", ".webm") if os.path.isfile(base + ext)]
    if not videos:
        raise Unreadable(f"{path}: no {os.path.basename(base)}.mp4 or .webm beside it")
    return meta, videos[0]


def decode(video):
    cap = cv2.VideoCapture(video)
    if not cap.isOpened():
        raise Unreadable(f"{video}: OpenCV cannot open it")
    frames = []
    while True:
        ok, frame = cap.read()
        if not ok:
            break
        frames.append(frame)
    cap.release()
    if not frames:
        raise Unreadable(f"{video}: OpenCV decoded no frame")
    return frames


def init_box(t, width, height):
    """The truth box as an integer (x, y, w, h) kept inside the frame."""
    x0 = max(0, round(t["cx"] - t["w"] / 2))
    y0 = max(0, round(t["cy"] - t["h"] / 2))
    x1 = min(width, round(t["cx"] + t["w"] / 2))
    y1 = min(height, round(t["cy"] + t["h"] / 2))
    return (x0, y0, max(1, x1 - x0), max(1, y1 - y0))


def entry(k, ok, box):
    """One frame's answer, the box as centre and size."""
    x, y, w, h = (float(v) for v in box)
    cx, cy = round(x + w / 2, 3), round(y + h / 2, 3)
    return {"k": k, "ok": bool(ok), "cx": cx, "cy": cy, "w": round(w, 3), "h": round(h, 3)}


def seed_entry(seed, t):
    return {"k": seed, "ok": True, "cx": t["cx"], "cy": t["cy"], "w": t["w"], "h": t["h"]}


def track(name, frames, seed, truth, prime):
    """One tracker over the clip, both ways from the seed: (entries, update seconds, errors)."""
    height, width = frames[0].shape[:2]
    box = init_box(truth[seed], width, height)
    if min(box[2:]) < MIN_SIDE:
        raise InitFailed(f"box {box} inside the frame is under {MIN_SIDE} px a side")
    out = [None] * len(frames)
    out[seed] = seed_entry(seed, truth[seed])
    spent, errors = 0.0, 0
    for order in (range(seed + 1, len(frames)), range(seed - 1, -1, -1)):
        tracker = TRACKERS[name]()
        try:  # legacy trackers return a bool, the others None
            if tracker.init(frames[seed], box) is False:
                raise InitFailed(f"init returned false for box {box}")
        except cv2.error as e:
            raise InitFailed(str(e).strip().splitlines()[-1])
        if prime:  # untimed, unrecorded: KCF learns on its first update, not in init
            tracker.update(frames[seed])
        for k in order:
            start = time.perf_counter()
            try:
                ok, got = tracker.update(frames[k])
            except cv2.error:
                ok, got, errors = False, (0, 0, 0, 0), errors + 1
            spent += time.perf_counter() - start
            out[k] = entry(k, ok, got)
    return out, spent, errors


def run_clip(json_path, names, prime_kcf):
    """Worker task: one clip, every tracker; writes <name>.opencv.json, returns stderr lines."""
    cv2.setNumThreads(1)
    meta, video = load_clip(json_path)
    frames = decode(video)
    decoded, expected, lines = len(frames), int(meta["frames"]), []
    clip = meta["name"]
    result = {"clip": clip, "decoded": decoded, "expected": expected, "trackers": {}}
    if decoded != expected:
        note = (f"decoded {decoded} frames, the truth has {expected}: "
                f"using the first {min(decoded, expected)}")
        result["note"] = note
        lines.append(f"{clip}: {note}")
    n = min(decoded, expected)
    frames, truth, seed = frames[:n], meta["truth"][:n], int(meta["seed"])
    if seed >= n:
        raise Unreadable(f"{video}: seed frame {seed} not decoded ({decoded} frames)")
    h, w = frames[0].shape[:2]
    if (w, h) != (int(meta["width"]), int(meta["height"])):
        result["note_size"] = f"decoded {w}x{h}, the truth says {meta['width']}x{meta['height']}"
        lines.append(f"{clip}: {result['note_size']}")
    for name in names:
        try:
            out, spent, errors = track(name, frames, seed, truth, prime_kcf and name == "KCF")
        except InitFailed as e:
            out = [entry(k, False, (0, 0, 0, 0)) for k in range(n)]
            out[seed] = seed_entry(seed, truth[seed])
            result["trackers"][name] = {"fps": 0.0, "update_errors": 0, "init_error": str(e),
                                        "frames": out}
            lines.append(f"{clip:<24} {name:<6} init failed: {e}")
            continue
        fps = (n - 1) / spent if spent > 0 else 0.0
        kept = sum(e["ok"] for e in out)
        result["trackers"][name] = {"fps": round(fps, 1), "update_errors": errors, "frames": out}
        if prime_kcf and name == "KCF":
            result["trackers"][name]["primed"] = True
        lines.append(f"{clip:<24} {name:<6} {fps:8.1f} frames/s  ok {kept:4d}/{n}"
                     + (f"  {errors} update errors" if errors else ""))
    dest = json_path[: -len(".json")] + ".opencv.json"
    with open(dest + ".tmp", "w") as f:
        json.dump(result, f, separators=(",", ":"))
    os.replace(dest + ".tmp", dest)
    return lines


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("dir", help="directory of <name>.mp4|.webm + <name>.json clips")
    p.add_argument("--trackers", default="CSRT,KCF,MOSSE,MIL",
                   help="comma-separated, of " + ",".join(TRACKERS))
    p.add_argument("--only", default="", help="comma-separated clip names (file stems)")
    p.add_argument("--workers", type=int, default=2, help="processes, one clip each (default 2)")
    p.add_argument("--prime-kcf", action="store_true",
                   help="after KCF's init, one untimed update on the seed frame (without it, KCF "
                        "trains on the first tracked frame at the seed box and keeps that offset)")
    a = p.parse_args()

    names = [t.strip().upper() for t in a.trackers.split(",") if t.strip()]
    bad = [t for t in names if t not in TRACKERS]
    if bad or not names:
        sys.exit(f"track_opencv: unknown tracker {','.join(bad)} (have {','.join(TRACKERS)})")
    if not os.path.isdir(a.dir):
        sys.exit(f"track_opencv: {a.dir} is not a directory")
    stems = sorted(f[: -len(".json")] for f in os.listdir(a.dir)
                   if f.endswith(".json") and not f.endswith(".opencv.json"))
    only = [s.strip() for s in a.only.split(",") if s.strip()]
    missing = [s for s in only if s not in stems]
    if missing:
        sys.exit(f"track_opencv: no {', '.join(s + '.json' for s in missing)} in {a.dir}")
    stems = [s for s in stems if not only or s in only]
    if not stems:
        sys.exit(f"track_opencv: no clip (<name>.json) in {a.dir}")
    paths = [os.path.join(a.dir, s + ".json") for s in stems]
    try:  # every clip's files before any work
        for path in paths:
            load_clip(path)
    except Unreadable as e:
        sys.exit(f"track_opencv: {e}")

    failed = []
    with ProcessPoolExecutor(max_workers=max(1, a.workers)) as pool:
        jobs = [(path, pool.submit(run_clip, path, names, a.prime_kcf)) for path in paths]
        for path, job in jobs:
            try:
                for line in job.result():
                    print(line, file=sys.stderr)
            except Exception as e:  # Unreadable, or anything else a worker hit
                failed.append(path)
                print(f"track_opencv: {path}: {e}", file=sys.stderr)
    if failed:
        sys.exit(f"track_opencv: {len(failed)} of {len(paths)} clips failed")


if __name__ == "__main__":
    main()
