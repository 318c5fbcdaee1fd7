"""Bytes to text: UTF-8 first, then the legacy encodings cable archives were saved in."""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

from reftel.reading.errors import RecordError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Control bytes that never occur in a cable's text; their presence means binary data.
_BINARY = frozenset(range(0, 9)) | {11, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27}
_BINARY_BYTES = bytes(sorted(_BINARY))


def decode(data: bytes, encoding: str | None = None) -> str:
    """Decode a file's bytes, with line ends normalised to LF.

    An explicit encoding is obeyed strictly. Otherwise UTF-8 is tried first; a file that is not
    UTF-8 is read in the legacy encoding charset-normalizer finds most plausible, and cp1252 is
    preferred over latin-1 because it is a superset for printable text. Binary data and
    bytes no encoding can explain raise a RecordError naming the offset.
    """
    if encoding is not None:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise RecordError(
                f"not valid {encoding}: byte 0x{data[exc.start]:02x} at offset {exc.start}",
                field="encoding",
            ) from None
        except LookupError:
            raise RecordError(f"unknown encoding {encoding!r}", field="encoding") from None
        return normalise_newlines(text)
    for bom, name in _BOMS:
        if data.startswith(bom):
            return normalise_newlines(data.decode(name, errors="replace"))
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return normalise_newlines(data.decode(utf16, errors="replace"))
    _reject_binary(data)
    try:
        return normalise_newlines(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        utf8_error = exc
    if _looks_like_broken_utf8(data):
        raise RecordError(
            f"invalid UTF-8: byte 0x{data[utf8_error.start]:02x} at offset {utf8_error.start} "
            "(pass --encoding to read it in a legacy encoding)",
            field="encoding",
        )
    try:
        return normalise_newlines(data.decode("cp1252"))
    except UnicodeDecodeError:
        pass
    best = from_bytes(data[:200_000]).best()
    name = best.encoding if best is not None else "latin-1"
    try:
        return normalise_newlines(data.decode(name))
    except UnicodeDecodeError:
        return normalise_newlines(data.decode("latin-1"))


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _utf16_without_bom(data: bytes) -> str | None:
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > len(odd) * 0.9 and even.count(0) < len(even) * 0.1:
        return "utf-16-le"
    if even.count(0) > len(even) * 0.9 and odd.count(0) < len(odd) * 0.1:
        return "utf-16-be"
    return None


def _reject_binary(data: bytes) -> None:
    sample = data[:4096]
    bad = len(sample) - len(sample.translate(None, _BINARY_BYTES))
    if bad and (b"\x00" in sample or bad > len(sample) // 100):
        offset = next(i for i, b in enumerate(sample) if b in _BINARY)
        raise RecordError(
            f"binary data, not a cable (control byte 0x{sample[offset]:02x} at offset {offset})",
            field="encoding",
        )


def _looks_like_broken_utf8(data: bytes) -> bool:
    """True when most non-ASCII bytes form valid UTF-8 sequences but some do not.

    Such a file claims UTF-8 and was damaged; reading it as cp1252 would silently turn every
    real character into mojibake, so it is refused instead.
    """
    valid = len(data.decode("utf-8", errors="ignore").encode("utf-8"))
    non_ascii_valid = valid - sum(1 for b in data if b < 0x80)
    return non_ascii_valid >= 4
