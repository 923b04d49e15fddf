"""Error-over-time plot for the tracker bench: our tracker against OpenCV's, clip by clip.

The bench computes every tracker's centre error per frame and writes INPUT.json:

    {"title": "...",
     "clips": [{"name": "...", "fps": 30, "seed": 150, "hidden": [[start, end], ...],
                "series": {"ours": [err or null per frame], "CSRT": [...], "KCF": [...], ...}}]}

errors in % of the frame width, null where the tracker reported lost (or kept nothing); `hidden`
spans are frame numbers, start included and end excluded (Rust's start..end). Then it runs

    python bench/track_plot.py INPUT.json OUT.png [--linear]

which draws one panel per clip (the first 6, two columns) against time in seconds: the errors
(clipped at 25 %, "ours" thicker and black; the error axis is square-root so that 0..5 % stays
readable, --linear for a linear one), the 2 % budget (dashed), 5 % (dotted), the seed
frame (a vertical line) and the hidden spans (shaded); one legend for the figure. Agg backend,
150 dpi, 1600x1200 px. Needs matplotlib and numpy.
"""

import argparse
import json
import math
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (after the backend is chosen)
import numpy as np  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402

MAX_CLIPS, Y_MAX, BUDGET, LOOSE = 6, 25.0, 2.0, 5.0
SQRT_TICKS = [0, 1, 2, 5, 10, 15, 25]
OURS = "ours"
# One colour per tracker across all panels; "ours" is black.
COLOURS = {"CSRT": "tab:blue", "KCF": "tab:orange", "MOSSE": "tab:green", "MIL": "tab:red"}
SPARE = ["tab:purple", "tab:brown", "tab:pink", "tab:olive", "tab:cyan", "tab:gray"]


def colour(name):
    if name == OURS:
        return "black"
    if name not in COLOURS:
        COLOURS[name] = SPARE[(len(COLOURS) - 4) % len(SPARE)]
    return COLOURS[name]


def errors(values):
    """null (or anything not a finite number) to NaN, so the line breaks there; clipped at Y_MAX."""
    out = np.array([v if isinstance(v, (int, float)) and math.isfinite(v) else np.nan
                    for v in values], dtype=float)
    return np.clip(out, 0.0, Y_MAX)


def panel(ax, clip, linear):
    fps = float(clip.get("fps") or 30)
    series = clip.get("series", {})
    n = max((len(v) for v in series.values()), default=0)
    for start, end in clip.get("hidden", []):
        ax.axvspan(start / fps, end / fps, color="0.85", lw=0, zorder=0)
    ax.axhline(BUDGET, color="0.3", ls="--", lw=0.9, zorder=1)
    ax.axhline(LOOSE, color="0.3", ls=":", lw=0.9, zorder=1)
    if clip.get("seed") is not None:
        ax.axvline(clip["seed"] / fps, color="0.45", lw=1.0, zorder=1)
    lost = []
    for name in sorted(series, key=lambda s: (s == OURS, s)):  # ours last, on top
        y = errors(series[name])
        if np.isfinite(y).sum() <= 1:  # the seed frame alone
            lost.append(name)
        ours = name == OURS
        ax.plot(np.arange(len(y)) / fps, y, color=colour(name), lw=2.0 if ours else 1.0,
                alpha=1.0 if ours else 0.85, zorder=3 if ours else 2, label=name)
    if lost:  # nothing (or a dot) to see: say so rather than leave a silent gap
        ax.text(0.99, 0.97, "lost throughout: " + ", ".join(lost), transform=ax.transAxes,
                ha="right", va="top", fontsize=7, color="0.3")
    ax.set_xlim(0, max(n - 1, 1) / fps)
    ax.set_ylim(0, Y_MAX * 1.02)
    if not linear:  # square-root axis: room for the errors around the budget, 25 % still on it
        ax.set_yscale("function", functions=(np.sqrt, np.square))
        ax.set_yticks(SQRT_TICKS, [f"{t:g}" for t in SQRT_TICKS])
    ax.set_title(clip.get("name", "?"), fontsize=10, loc="left")
    ax.grid(True, color="0.92", lw=0.6)
    ax.tick_params(labelsize=8)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("input", help="the bench's errors, JSON")
    p.add_argument("out", help="the PNG to write")
    p.add_argument("--linear", action="store_true",
                   help="a linear error axis (default: square root)")
    a = p.parse_args()
    try:
        with open(a.input) as f:
            data = json.load(f)
        clips = data["clips"]
    except (OSError, ValueError, KeyError, TypeError) as e:
        sys.exit(f"track_plot: cannot read {a.input}: {type(e).__name__}: {e}")
    if not clips:
        sys.exit(f"track_plot: no clip in {a.input}")
    if len(clips) > MAX_CLIPS:
        print(f"track_plot: {len(clips)} clips, drawing the first {MAX_CLIPS}", file=sys.stderr)
        clips = clips[:MAX_CLIPS]

    cols = 1 if len(clips) == 1 else 2
    rows = math.ceil(len(clips) / cols)
    fig, axes = plt.subplots(rows, cols, figsize=(1600 / 150, 1200 / 150), dpi=150,
                             squeeze=False, sharey=True)
    for ax, clip in zip(axes.flat, clips):
        panel(ax, clip, a.linear)
    for ax in list(axes.flat)[len(clips):]:
        ax.set_visible(False)
    for ax in axes[:, 0]:
        ax.set_ylabel("centre error, % of width", fontsize=8)
    for col in range(cols):  # under the lowest panel drawn in each column
        axes[(len(clips) - 1 - col) // cols, col].set_xlabel("time, s", fontsize=8)

    # One legend for all panels: every series seen, then the guides.
    handles = {}
    for ax in axes.flat:
        for h, label in zip(*ax.get_legend_handles_labels()):
            handles.setdefault(label, h)
    names = sorted(handles, key=lambda s: (s != OURS, s))
    guides = [(Line2D([], [], color="0.3", ls="--", lw=0.9), f"{BUDGET:g} % budget"),
              (Line2D([], [], color="0.3", ls=":", lw=0.9), f"{LOOSE:g} %"),
              (Line2D([], [], color="0.45", lw=1.0), "seed frame"),
              (Patch(color="0.85"), "hidden")]
    fig.legend([handles[s] for s in names] + [g for g, _ in guides],
               names + [label for _, label in guides],
               loc="lower center", ncol=min(10, len(names) + len(guides)), fontsize=8,
               frameon=False)
    fig.suptitle(data.get("title") or "Tracker centre error", fontsize=11, y=0.99)
    axis = "" if a.linear else "square-root error axis; "
    fig.text(0.5, 0.952, f"{axis}errors clipped at {Y_MAX:g} %; gaps: reported lost",
             ha="center", fontsize=8, color="0.3")
    fig.tight_layout(rect=(0, 0.04, 1, 0.95))
    fig.savefig(a.out, dpi=150)
    print(f"track_plot: wrote {a.out} ({len(clips)} clips)", file=sys.stderr)


if __name__ == "__main__":
    main()
