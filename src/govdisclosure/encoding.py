"""Decode report bytes: UTF-8 (with or without BOM), GB18030/GBK, or a declared charset."""

from __future__ import annotations

import codecs
import re
from typing import NamedTuple

__all__ = ["Decoded", "decode", "decode_report"]

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# GB2312 and GBK are subsets of GB18030: a page declaring either decodes as GB18030.
_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "gb_2312-80": "gb18030", "x-gbk": "gb18030"}
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


class Decoded(NamedTuple):
    """Decoded text, the codec that decoded it, and where the first undecodable byte stood."""

    text: str
    codec: str
    error: tuple[int, int] | None
    """The 1-based (line, column) in `text` of the first byte that did not decode (it reads as
    U+FFFD there, as do any later ones), or None when every byte decoded."""


def decode(data: bytes, *, declared: str | None = None) -> str:
    """Decode `data`: a byte-order mark wins, then the `declared` charset, then UTF-8, GB18030.

    Never raises: GB18030 decodes almost every byte sequence, and a byte that neither it nor
    the byte-order mark's codec decodes reads as U+FFFD (`decode_report` says where). A page
    declaring ``charset=gb2312`` or ``gbk`` is read as GB18030, its superset.
    """
    return decode_report(data, declared=declared).text


def decode_report(data: bytes, *, declared: str | None = None) -> Decoded:
    """Decode `data` as `decode` does, and say where the first undecodable byte stood."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _lenient(data[len(bom) :], codec)
    if declared:
        name = _ALIASES.get(declared.strip().lower(), declared.strip().lower())
        try:
            return Decoded(data.decode(name), name, None)
        except (LookupError, UnicodeError):  # an unknown name, or not this charset after all
            pass
    try:
        return Decoded(data.decode("utf-8"), "utf-8", None)
    except UnicodeDecodeError:
        return _lenient(data, "gb18030")


def _lenient(data: bytes, codec: str) -> Decoded:
    """Decode with `codec`, U+FFFD for what does not decode, and the place of the first such."""
    try:
        return Decoded(data.decode(codec), codec, None)
    except UnicodeDecodeError as error:
        before = data[: error.start].decode(codec, errors="replace")
    lines = _LINE_BREAK.split(before)
    return Decoded(data.decode(codec, errors="replace"), codec, (len(lines), len(lines[-1]) + 1))
