"""Words per second of the whole extraction, against the bare NER model on the same text.

Usage: python bench/extract_speed.py [PATH ...]   (default: ../shared/data/cables)

Baseline: spaCy's pipeline (the same model Reftel loads) run over every paragraph's text with
`nlp.pipe`. Measured: `reftel.extraction.extract_all` on the same cables, which restores case
in all-capitals paragraphs, runs that model once and adds the rule components. Both are timed
in this process after one warm-up.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from reftel.extraction import extract, extract_all
from reftel.extraction.nlp import model
from reftel.reading import ReadError, read_paths

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "cables"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", default=[str(DEFAULT)])
    args = parser.parse_args()
    cables = [c for c in read_paths(args.paths) if not isinstance(c, ReadError)]
    texts = [p.text for c in cables for p in c.paragraphs if p.text.strip()]
    words = sum(len(t.split()) for t in texts)
    nlp = model()
    extract(cables[0])  # warm-up: loads lexicons and the model

    started = time.perf_counter()
    for _doc in nlp.pipe(texts, batch_size=64):
        pass
    bare = time.perf_counter() - started

    started = time.perf_counter()
    for _facts in extract_all(cables):
        pass
    whole = time.perf_counter() - started

    print(f"{len(cables)} cables, {len(texts)} paragraphs, {words:,} words")
    print(f"{'':<34}{'seconds':>9}{'words/s':>10}")
    print(f"{'baseline: bare NER model':<34}{bare:>9.2f}{words / bare:>10,.0f}")
    print(f"{'reftel extract (whole pipeline)':<34}{whole:>9.2f}{words / whole:>10,.0f}")
    print(f"ratio whole/bare: {whole / bare:.2f}x the model's time")


if __name__ == "__main__":
    main()
