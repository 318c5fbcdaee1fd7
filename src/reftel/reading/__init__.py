"""Reading: files, archives and streams in any supported format, into cable records."""

from __future__ import annotations

from collections.abc import Iterator

from reftel.reading.cable import build
from reftel.reading.errors import ReadError, RecordError
from reftel.reading.formats import FORMATS, RawCable, read_blob
from reftel.reading.sources import iter_blobs
from reftel.record import Cable

__all__ = ["FORMATS", "ReadError", "read_paths"]


def read_paths(
    paths: list[str], fmt: str | None = None, encoding: str | None = None
) -> Iterator[Cable | ReadError]:
    """Yield a Cable for every record found, or a ReadError naming what could not be read."""
    if fmt is not None and fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    for blob in iter_blobs(paths):
        if isinstance(blob, ReadError):
            yield blob
            continue
        for raw in read_blob(blob, fmt, encoding):
            if isinstance(raw, ReadError):
                yield raw
            else:
                yield _build(raw)


def _build(raw: RawCable) -> Cable | ReadError:
    try:
        return build(raw)
    except RecordError as exc:
        return ReadError(
            raw.source.path,
            exc.message,
            record=raw.source.record,
            field=exc.field,
            line=raw.source.line,
        )
