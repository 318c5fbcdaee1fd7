"""Where cable bytes come from: files, folders, archives and standard input."""

from __future__ import annotations

import gzip
import io
import os
import sys
import tarfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from reftel.reading.errors import ReadError

STDIN = "-"
_SKIPPED_NAMES = {"SOURCES.md", "README.md", ".DS_Store"}


@dataclass(frozen=True)
class Blob:
    """One file, named as the user would find it (archive!member).

    Files on disk are streamed rather than held in memory, so a multi-gigabyte cables.csv can
    be read record by record.
    """

    name: str
    data: bytes | None = None
    path: Path | None = None

    def open(self) -> BinaryIO:
        if self.path is not None:
            return self.path.open("rb")
        return io.BytesIO(self.data or b"")

    def read(self) -> bytes:
        with self.open() as handle:
            return handle.read()


def iter_blobs(paths: list[str]) -> Iterator[Blob | ReadError]:
    """Yield every file's bytes under the given paths, in a stable order."""
    for path in paths:
        if path == STDIN:
            yield from expand("<stdin>", sys.stdin.buffer.read())
            continue
        p = Path(path)
        if p.is_dir():
            for child in sorted(c for c in p.rglob("*") if c.is_file()):
                if child.name not in _SKIPPED_NAMES and not child.name.startswith("."):
                    yield from _open_file(child)
        elif p.exists():
            yield from _open_file(p)
        else:
            yield ReadError(str(p), "no such file or directory")


def _open_file(path: Path) -> Iterator[Blob | ReadError]:
    try:
        with path.open("rb") as handle:
            head = handle.read(512)
    except OSError as exc:
        yield ReadError(str(path), f"cannot read file: {exc.strerror or exc}")
        return
    if _is_archive(head):
        yield from expand(str(path), path.read_bytes())
    else:
        yield Blob(str(path), path=path)


def _is_archive(head: bytes) -> bool:
    return head[:2] == b"\x1f\x8b" or head[:4] == b"PK\x03\x04" or _is_tar(head)


def expand(name: str, data: bytes) -> Iterator[Blob | ReadError]:
    """Open archives (.zip, .tar, .tar.gz, .gz) by their content; pass other files through."""
    try:
        if data[:2] == b"\x1f\x8b":
            inner = gzip.decompress(data)
            if _is_tar(inner):
                yield from _tar_members(name, inner)
            else:
                yield from expand(name.removesuffix(".gz"), inner)
            return
        if data[:4] == b"PK\x03\x04":
            yield from _zip_members(name, data)
            return
        if _is_tar(data):
            yield from _tar_members(name, data)
            return
    except (OSError, EOFError, zipfile.BadZipFile, tarfile.TarError) as exc:
        yield ReadError(name, f"damaged archive: {exc}")
        return
    yield Blob(name, data=data)


def _is_tar(data: bytes) -> bool:
    return len(data) > 262 and data[257:262] == b"ustar"


def _zip_members(name: str, data: bytes) -> Iterator[Blob | ReadError]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in sorted(archive.infolist(), key=lambda i: i.filename):
            base = os.path.basename(info.filename)
            if info.is_dir() or base in _SKIPPED_NAMES or base.startswith("."):
                continue
            yield from expand(f"{name}!{info.filename}", archive.read(info))


def _tar_members(name: str, data: bytes) -> Iterator[Blob | ReadError]:
    with tarfile.open(fileobj=io.BytesIO(data)) as archive:
        for member in sorted(archive.getmembers(), key=lambda m: m.name):
            base = os.path.basename(member.name)
            if not member.isfile() or base in _SKIPPED_NAMES or base.startswith("."):
                continue
            handle = archive.extractfile(member)
            if handle is not None:
                yield from expand(f"{name}!{member.name}", handle.read())
