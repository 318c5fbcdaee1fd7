"""Format readers: each turns a file into raw cables (metadata, header text, body text).

The readers know nothing about cable grammar; `reftel.reading.cable` parses what they yield.
Supported: the WikiLeaks cable page (HTML), the Cablegate `cables.csv` release, the pipe-table
export, and plain text.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import PurePath

import lxml.html

from reftel.reading.decode import decode, normalise_newlines
from reftel.reading.errors import ReadError, RecordError
from reftel.reading.sources import Blob
from reftel.record import Source

FORMATS = ("html", "csv", "pipe", "text")

CSV_COLUMNS = (
    "row",
    "created",
    "id",
    "origin",
    "classification",
    "references",
    "header",
    "body",
)
# A Cablegate row begins with its quoted row number, date and id; a body line never does.
_CSV_ROW_START = re.compile(rb'^"\d+","[^"\n]*","[^"\n]*",')
_PIPE_HEAD = re.compile(r"^\s*[^|\n]+\|[^|\n]+\|.*\|\s*\n\s*-{2,}\s*\|", re.M)
_META_KEYS = {
    "reference id": "id",
    "identifier": "id",
    "id": "id",
    "created": "created",
    "date": "created",
    "released": "released",
    "classification": "classification",
    "origin": "origin",
    "references": "references",
}


@dataclass
class RawCable:
    """What a format reader found, before the cable's own text is interpreted."""

    source: Source
    meta: dict[str, str] = field(default_factory=dict)
    header: str = ""
    body: str = ""
    combined: str | None = None
    """Header and body as one text, when the format does not separate them."""


def detect(name: str, head: bytes) -> str:
    """Guess the format from the first bytes, falling back on the file name."""
    text = head.decode("latin-1").lstrip("\ufeff\r\n\t ")
    lowered = text[:2000].lower()
    if lowered.startswith(("<!doctype", "<html", "<?xml")) or "<table class='cable'>" in lowered:
        return "html"
    if _CSV_ROW_START.match(text.encode("latin-1", errors="replace")):
        return "csv"
    if _PIPE_HEAD.match(text):
        return "pipe"
    suffix = PurePath(name).suffix.lower()
    return {".html": "html", ".htm": "html", ".csv": "csv"}.get(suffix, "text")


def read_blob(
    blob: Blob, fmt: str | None = None, encoding: str | None = None
) -> Iterator[RawCable | ReadError]:
    """Yield the raw cables of one file in the given (or detected) format."""
    try:
        with blob.open() as handle:
            head = handle.read(4096)
    except OSError as exc:
        yield ReadError(blob.name, f"cannot read file: {exc}")
        return
    if not head.strip():
        yield ReadError(blob.name, "empty file: no cable in it")
        return
    fmt = fmt or detect(blob.name, head)
    if fmt == "csv":
        yield from _read_csv(blob, encoding)
        return
    try:
        text = decode(blob.read(), encoding)
        if fmt == "html":
            yield _read_html(blob.name, text)
        elif fmt == "pipe":
            yield _read_pipe(blob.name, text)
        else:
            yield RawCable(Source(path=blob.name, format="text"), combined=text)
    except RecordError as exc:
        yield ReadError(blob.name, exc.message, field=exc.field)
    except OSError as exc:
        yield ReadError(blob.name, f"cannot read file: {exc}")


def _read_html(name: str, text: str) -> RawCable:
    # lxml refuses decoded text that still carries an XML encoding declaration.
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    try:
        doc = lxml.html.document_fromstring(text)
    except (ValueError, lxml.etree.ParserError) as exc:
        raise RecordError(f"not an HTML page: {exc}", field="html") from None
    meta: dict[str, str] = {}
    table = next((t for t in doc.iter("table") if "cable" in (t.get("class") or "").split()), None)
    if table is not None:
        keys = [_text(th).strip().lower() for th in table.iter("th")]
        values = [_text(td).strip() for td in table.iter("td")]
        for key, value in zip(keys, values, strict=False):
            if key in _META_KEYS:
                meta[_META_KEYS[key]] = " ".join(value.split())
    blocks = [normalise_newlines(_text(pre)) for pre in doc.iter("pre")]
    source = Source(path=name, format="html")
    if not blocks:
        raise RecordError("no <pre> block holding cable text", field="body")
    if len(blocks) == 1:
        return RawCable(source, meta, combined=blocks[0])
    return RawCable(source, meta, header=blocks[0], body="\n".join(blocks[1:]))


def _text(element: lxml.html.HtmlElement) -> str:
    return "".join(t if isinstance(t, str) else t.decode() for t in element.itertext())


def _read_pipe(name: str, text: str) -> RawCable:
    """The pipe-table export: a metadata table, then one row per header line and the text."""
    lines = text.split("\n")
    rows: list[str] = []
    for line in lines:
        stripped = line.rstrip()
        rows.append(stripped[:-1].rstrip() if stripped.endswith("|") else stripped)
    if len(rows) < 3 or not re.match(r"^\s*-{2,}\s*\|", lines[1]):
        raise RecordError("pipe table without its metadata rows", field="metadata")
    keys = [k.strip().lower() for k in rows[0].split("|")]
    values = [v.strip() for v in rows[2].split("|")]
    meta = {_META_KEYS[k]: v for k, v in zip(keys, values, strict=False) if k in _META_KEYS}
    return RawCable(Source(path=name, format="pipe"), meta, combined="\n".join(rows[3:]))


def _read_csv(blob: Blob, encoding: str | None) -> Iterator[RawCable | ReadError]:
    """Cablegate's cables.csv, split into records by their row start so that one damaged row
    (a truncated field, a stray quote) costs that row only."""
    for number, line, data in _csv_records(blob):
        try:
            yield _csv_record(blob.name, number, line, decode(data, encoding))
        except RecordError as exc:
            yield ReadError(blob.name, exc.message, record=number, field=exc.field, line=line)


def _csv_records(blob: Blob) -> Iterator[tuple[int, int, bytes]]:
    current: list[bytes] = []
    start_line = 1
    number = 0
    with blob.open() as handle:
        for line_no, line in enumerate(handle, start=1):
            if _CSV_ROW_START.match(line) and current:
                number += 1
                yield number, start_line, b"".join(current)
                current = []
                start_line = line_no
            elif not current and not line.strip():
                start_line = line_no + 1
                continue
            current.append(line)
    if current:
        yield number + 1, start_line, b"".join(current)


def _csv_record(name: str, number: int, line: int, text: str) -> RawCable:
    reader = csv.reader(io.StringIO(text), escapechar="\\", doublequote=False, strict=True)
    try:
        rows = list(reader)
    except csv.Error:
        fields = next(csv.reader(io.StringIO(text), escapechar="\\", doublequote=False), [])
        column = CSV_COLUMNS[min(max(len(fields) - 1, 0), len(CSV_COLUMNS) - 1)]
        raise RecordError(
            "record ends inside a quoted field (truncated row or unescaped quote)", field=column
        ) from None
    rows = [r for r in rows if r]
    if not rows:
        raise RecordError("empty record", field="row")
    values = rows[0]
    if len(rows) > 1 or len(values) != len(CSV_COLUMNS):
        count = sum(len(r) for r in rows)
        missing = ", ".join(CSV_COLUMNS[count:]) if count < len(CSV_COLUMNS) else ""
        detail = f" (missing: {missing})" if missing else ""
        raise RecordError(
            f"has {count} of {len(CSV_COLUMNS)} columns{detail}",
            field=missing.split(",")[0] if missing else "row",
        )
    record = dict(zip(CSV_COLUMNS, values, strict=True))
    meta = {k: record[k].strip() for k in ("created", "id", "origin", "classification")}
    meta["references"] = record["references"].strip()
    source = Source(path=name, record=number, line=line, format="csv")
    return RawCable(source, meta, header=record["header"], body=record["body"])
