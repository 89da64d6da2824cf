"""Decode report bytes: UTF-8 (with or without BOM), GB18030/GBK, or a declared charset."""

from __future__ import annotations

import codecs

__all__ = ["decode"]

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# GB2312 and GBK are subsets of GB18030: a page declaring either decodes as GB18030.
_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "gb_2312-80": "gb18030", "x-gbk": "gb18030"}


def decode(data: bytes, *, declared: str | None = None) -> str:
    """Decode `data`: a byte-order mark wins, then the `declared` charset, then UTF-8, GB18030.

    GB18030 decodes every byte sequence, so decoding never fails; a page declaring
    ``charset=gb2312`` or ``gbk`` is read as GB18030, its superset.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data.decode(codec)
    if declared:
        name = _ALIASES.get(declared.strip().lower(), declared.strip().lower())
        try:
            return data.decode(name)
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030", errors="replace")
