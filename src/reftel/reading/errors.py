"""Errors that name the file, the record inside it and the field at fault."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ReadError:
    """A record that could not be read; the batch goes on without it."""

    path: str
    message: str
    record: int | None = None
    field: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        where = [self.path]
        if self.record is not None:
            where.append(f"record {self.record}")
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.field is not None:
            where.append(f"field '{self.field}'")
        return f"{': '.join(where)}: {self.message}"


class RecordError(Exception):
    """Raised inside a reader for one record; turned into a ReadError with its location."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
