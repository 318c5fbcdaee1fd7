"""Benchmark `reftel parse FILE --json` against a csv-module baseline on synthetic cables.

Generates a `cables.csv` of synthetic cables (20,000 by default) with `synth.write_csv`, then,
in the same run and on the same file, times two subprocesses:

* baseline: a plain Python script that reads the file and splits it into rows with the `csv`
  module in the release's dialect (`escapechar="\\"`, `doublequote=False`), and nothing else;
* reftel: `reftel parse FILE --json` with its standard output sent to /dev/null.

Both times include interpreter start-up. A second, untimed reftel run writes its JSON to a
scratch file so that the records can be counted; the benchmark fails (exit status 1) when reftel
exits non-zero or yields a different number of records than the baseline found rows.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from synth import read_rows, write_csv

BASELINE_SCRIPT = r"""
import csv
import sys

csv.field_size_limit(sys.maxsize)
rows = 0
with open(sys.argv[1], encoding="utf-8", newline="") as handle:
    for _row in csv.reader(handle, escapechar="\\", doublequote=False):
        rows += 1
print(rows)
"""


class BenchError(Exception):
    """A failure that ends the benchmark with a message and exit status 1."""


@dataclass(frozen=True)
class Timing:
    label: str
    seconds: float
    records: int
    size: int

    @property
    def per_second(self) -> float:
        return self.records / self.seconds if self.seconds > 0 else float("inf")

    @property
    def mb_per_second(self) -> float:
        return self.size / 1e6 / self.seconds if self.seconds > 0 else float("inf")


def find_reftel(explicit: str | None) -> str:
    """The reftel executable: --reftel, else next to this Python, else on PATH."""
    if explicit:
        found = shutil.which(explicit)
        if found is None:
            raise BenchError(f"reftel command not found: {explicit}")
        return found
    beside = Path(sys.executable).parent / ("reftel.exe" if os.name == "nt" else "reftel")
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    found = shutil.which("reftel")
    if found is None:
        raise BenchError(
            "reftel command not found next to this Python or on PATH; "
            "install the project (make install) or pass --reftel"
        )
    return found


def _tail(text: bytes, lines: int = 15) -> str:
    decoded = text.decode("utf-8", errors="replace").rstrip()
    return "\n".join("    " + line for line in decoded.splitlines()[-lines:])


def run_timed(cmd: Sequence[str], timeout: float, stdout: int | None) -> tuple[float, bytes, bytes]:
    """Run a command once; return wall-clock seconds, stdout (if piped) and stderr."""
    start = time.perf_counter()
    try:
        proc = subprocess.run(
            cmd, stdout=stdout, stderr=subprocess.PIPE, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired:
        raise BenchError(f"timed out after {timeout:.0f} s: {' '.join(cmd)}") from None
    except OSError as exc:
        raise BenchError(f"cannot run {cmd[0]}: {exc}") from None
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise BenchError(
            f"command failed with exit status {proc.returncode}: {' '.join(cmd)}\n"
            f"  stderr (last lines):\n{_tail(proc.stderr)}"
        )
    return seconds, proc.stdout or b"", proc.stderr


def run_baseline(path: Path, repeat: int, timeout: float) -> tuple[float, int]:
    cmd = [sys.executable, "-c", BASELINE_SCRIPT, str(path)]
    best = float("inf")
    rows = -1
    for _ in range(repeat):
        seconds, stdout, _ = run_timed(cmd, timeout, subprocess.PIPE)
        best = min(best, seconds)
        rows = int(stdout.decode().strip())
    return best, rows


def run_reftel(reftel: str, path: Path, repeat: int, timeout: float) -> float:
    cmd = [reftel, "parse", str(path), "--json"]
    best = float("inf")
    for _ in range(repeat):
        seconds, _, _ = run_timed(cmd, timeout, subprocess.DEVNULL)
        best = min(best, seconds)
    return best


def count_reftel_records(reftel: str, path: Path, scratch: Path, timeout: float) -> list[str]:
    """Run reftel once more with its JSON written to a file; return the record ids in order."""
    out = scratch / "reftel-output.jsonl"
    cmd = [reftel, "parse", str(path), "--json"]
    try:
        with out.open("wb") as handle:
            proc = subprocess.run(
                cmd, stdout=handle, stderr=subprocess.PIPE, timeout=timeout, check=False
            )
    except subprocess.TimeoutExpired:
        raise BenchError(f"timed out after {timeout:.0f} s: {' '.join(cmd)}") from None
    if proc.returncode != 0:
        raise BenchError(
            f"command failed with exit status {proc.returncode}: {' '.join(cmd)}\n"
            f"  stderr (last lines):\n{_tail(proc.stderr)}"
        )
    ids: list[str] = []
    with out.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise BenchError(f"reftel output line {number} is not JSON: {exc}") from None
            if not isinstance(record, dict) or "id" not in record:
                raise BenchError(f"reftel output line {number} is not a cable record")
            ids.append(str(record["id"]))
    out.unlink()
    return ids


def print_report(results: Sequence[Timing], path: Path, size: int, records: int) -> None:
    print(f"\nfile: {path} ({size / 1e6:.1f} MB, {records:,} cables)")
    print(f"{'':34} {'seconds':>9} {'cables/s':>11} {'MB/s':>8}")
    for t in results:
        print(f"{t.label:34} {t.seconds:9.3f} {t.per_second:11,.0f} {t.mb_per_second:8.2f}")
    base, reftel = results
    print(
        f"ratio reftel/baseline: time {reftel.seconds / base.seconds:.1f}x, "
        f"cables/s {reftel.per_second / base.per_second:.4f}x "
        f"(baseline is {base.per_second / reftel.per_second:.1f}x faster)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Time `reftel parse FILE --json` against a csv-module baseline."
    )
    parser.add_argument("--n", type=int, default=20_000, help="cables to generate (20000)")
    parser.add_argument("--seed", type=int, default=0, help="generator seed (0)")
    parser.add_argument("--keep", metavar="PATH", help="write the generated CSV here and keep it")
    parser.add_argument(
        "--input", metavar="FILE", help="benchmark an existing cables.csv instead of generating"
    )
    parser.add_argument("--reftel", metavar="CMD", help="reftel executable (default: found)")
    parser.add_argument(
        "--repeat", type=int, default=1, help="timed runs of each command; the best is kept (1)"
    )
    parser.add_argument(
        "--timeout", type=float, default=3600.0, help="seconds allowed per run (3600)"
    )
    args = parser.parse_args(argv)
    if args.n < 1 or args.repeat < 1:
        parser.error("--n and --repeat must be at least 1")
    if args.input and args.keep:
        parser.error("--input and --keep cannot be combined")

    try:
        reftel = find_reftel(args.reftel)
        with tempfile.TemporaryDirectory(prefix="reftel-bench-") as tmp:
            scratch = Path(tmp)
            if args.input:
                path = Path(args.input)
                if not path.is_file():
                    raise BenchError(f"no such file: {path}")
                print(f"input: {path}")
            else:
                path = Path(args.keep) if args.keep else scratch / "cables.csv"
                path.parent.mkdir(parents=True, exist_ok=True)
                start = time.perf_counter()
                write_csv(path, args.n, args.seed)
                print(
                    f"generated {args.n:,} synthetic cables (seed {args.seed}) "
                    f"in {time.perf_counter() - start:.1f} s"
                )
            size = path.stat().st_size
            print(f"reftel: {reftel}")
            print(f"python: {sys.executable} ({sys.version.split()[0]})")

            base_seconds, rows = run_baseline(path, args.repeat, args.timeout)
            reftel_seconds = run_reftel(reftel, path, args.repeat, args.timeout)
            ids = count_reftel_records(reftel, path, scratch, args.timeout)

            if len(ids) != rows:
                raise BenchError(
                    f"record count mismatch: reftel yielded {len(ids):,} records, "
                    f"the csv baseline found {rows:,} rows"
                )
            results = (
                Timing("baseline (csv module, rows only)", base_seconds, rows, size),
                Timing("reftel parse --json > /dev/null", reftel_seconds, rows, size),
            )
            print_report(results, path, size, rows)
            expected = [row[2] for row in read_rows(path) if len(row) > 2]
            wrong = sum(1 for a, b in zip(ids, expected, strict=False) if a != b)
            if wrong:
                print(f"warning: {wrong:,} records carry an id different from the CSV id column")
            print(f"check: reftel yielded {len(ids):,} records, the same as the baseline rows")
            if args.keep:
                print(f"kept: {path}")
    except BenchError as exc:
        print(f"bench failed: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
