"""Locations of the third-party data beside the project, read in place and never copied."""

from __future__ import annotations

from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEED = SHARED / "seed" / "08STATE39690.txt"
REAL_CABLES = SHARED / "data" / "cables"


def need(path: Path) -> Path:
    """Skip, with the reason, where ../shared is absent (it is present on every CI run)."""
    if not path.exists():
        pytest.skip(f"{path} is absent: third-party data lives in ../shared beside the project")
    return path
