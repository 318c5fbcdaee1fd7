"""Milliseconds per item of `reftel classify` after start-up, against a naive baseline.

Usage: python bench/classify.py [--repeat R] [--ccl PATH]

Measured: `reftel.controls.classify_text` on each description below (goods of every kind the
entries cover, and some they do not), in this process, after one warm-up call that loads the
data and compiles the patterns (that start-up is reported on its own). Baseline, in the same
run: a plain substring scan of the real US Commerce Control List rows
(../shared/data/controls/us_ccl/eccn.csv, about 6,000 paragraphs) for every word of four or
more letters of the description, which is the least a keyword lookup against the list does.
Target: under 50 ms per item.
"""

from __future__ import annotations

import argparse
import csv
import re
import statistics
import time
from pathlib import Path

DEFAULT_CCL = (
    Path(__file__).resolve().parents[1].parent
    / "shared"
    / "data"
    / "controls"
    / "us_ccl"
    / "eccn.csv"
)

ITEMS = [
    "23 tons of Chinese-origin LF6 aluminum bars (5A06, AlMg6)",
    "7075-T6 aluminium alloy rod, 120 mm diameter",
    "Ti-6Al-4V forging, outside diameter 200 mm",
    "maraging steel 18Ni(300) bar, 150 mm diameter",
    "specialty steels",
    "stainless steels",
    "U.S.-origin integrated circuits for analog flight computers",
    "PVC-insulated ASTVR wire",
    "T700S carbon fiber tow, 12K",
    "E-glass roving",
    "tungsten powder, 99.95% W, particle size 2 µm",
    "spherical aluminium powder, 99.7% Al, particle size 30 µm",
    "HTPB binder, 2 drums",
    "dinitrogen tetroxide, 5 tonnes",
    "thiodiglycol 99%, 200 kg",
    "CNC flow-forming machine with 3 rollers",
    "5-axis milling machine, positioning accuracy 4 µm",
    "hot isostatic press, working pressure 200 MPa, chamber diameter 400 mm",
    "vacuum induction furnace, 1600 °C, 100 kW, induction coil diameter 400 mm",
    "glass-lined reaction vessel, 5 m3",
    "fibre optic gyroscope, drift rate 0.05 deg/h",
    "navigation-grade accelerometer, bias repeatability 50 micro g",
    "radiation hardened microprocessor, total dose 1,000 krad(Si)",
    "guidance set with accuracy 1% of range",
    "office desktop computers",
    "C45 carbon steel bar",
    "304 stainless steel pipe",
    "2205 duplex stainless steel bar",
    "inertial measurement unit",
    "gyroscopes",
]


def _words(text: str) -> list[str]:
    return [w.lower() for w in re.findall(r"[A-Za-z]{4,}", text)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="passes over the items; best kept")
    parser.add_argument("--ccl", type=Path, default=DEFAULT_CCL)
    args = parser.parse_args()

    with args.ccl.open(encoding="utf-8", newline="") as handle:
        rows = [r["description_en"].lower() for r in csv.DictReader(handle)]

    started = time.perf_counter()
    from reftel.controls import classify_text

    classify_text(ITEMS[0])
    startup = time.perf_counter() - started

    def baseline(text: str) -> int:
        words = _words(text)
        return sum(1 for row in rows if any(w in row for w in words))

    def timed(run: object) -> tuple[float, list[float]]:
        assert callable(run)
        best = float("inf")
        per_item: list[float] = []
        for _ in range(args.repeat):
            times = []
            for item in ITEMS:
                t = time.perf_counter()
                run(item)
                times.append((time.perf_counter() - t) * 1000)
            if sum(times) < best:
                best, per_item = sum(times), times
        return best / len(ITEMS), per_item

    base_mean, _ = timed(baseline)
    ours_mean, ours = timed(classify_text)
    verdicts: dict[str, int] = {}
    for item in ITEMS:
        verdict = classify_text(item).verdict
        verdicts[verdict] = verdicts.get(verdict, 0) + 1

    print(f"{len(ITEMS)} descriptions, best of {args.repeat} passes; {len(rows):,} CCL rows")
    print(f"start-up (import, load data, first item): {startup * 1000:.0f} ms")
    print(f"{'':<44}{'ms/item':>9}{'max ms':>9}")
    print(f"{'baseline: substring scan of the CCL rows':<44}{base_mean:>9.2f}{'':>9}")
    print(f"{'reftel classify (after start-up)':<44}{ours_mean:>9.2f}{max(ours):>9.2f}")
    ratio = ours_mean / base_mean
    print(f"median {statistics.median(ours):.2f} ms; ratio classify/baseline {ratio:.2f}x")
    print("target: under 50 ms per item:", "met" if max(ours) < 50 else "NOT met")
    print("verdicts:", ", ".join(f"{k}: {v}" for k, v in sorted(verdicts.items())))


if __name__ == "__main__":
    main()
