"""What the tidy and the wide CSV forms share: reading records, writing rows, Excel safety."""

from __future__ import annotations

import codecs
import csv as _csv
import io
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import IO, Any, cast

from govdisclosure.errors import ParseError, Problem
from govdisclosure.model import Value

# Spreadsheets run a cell starting with one of these as a formula (tab and carriage return too,
# since some programs strip them first). The apostrophe is escaped as well, so that restoring
# is the exact inverse of neutralising.
FORMULA_START = frozenset("=+-@\t\r'")
"""The first characters `neutralise` escapes."""


def neutralise(text: str) -> str:
    """Prefix an apostrophe to `text` if a spreadsheet would read it as a formula."""
    return "'" + text if text and text[0] in FORMULA_START else text


def restore(text: str) -> str:
    """Undo `neutralise`."""
    if len(text) > 1 and text[0] == "'" and text[1] in FORMULA_START:
        return text[1:]
    return text


def decode(source: str | bytes) -> tuple[str, Problem | None]:
    """Return `source` as text without a byte-order mark.

    Bytes are UTF-8 (with or without BOM) or, failing that, GB18030: the code page Excel on a
    Chinese Windows saves "CSV (逗号分隔)" files in.
    """
    if isinstance(source, bytes):
        source = source.removeprefix(codecs.BOM_UTF8)
        try:
            return source.decode("utf-8"), None
        except UnicodeDecodeError:
            pass
        try:
            return source.decode("gb18030"), None
        except UnicodeDecodeError as error:
            line = source[: error.start].count(b"\n") + 1
            problem = Problem(
                "expected UTF-8 or GB18030 text, found bytes that are neither",
                line=line,
                found=repr(source[error.start : error.start + 4]),
                kind="encoding",
            )
            return "", problem
    return source.removeprefix("\ufeff"), None


_SNIFF = 1 << 16


def lines_of(fp: IO[str] | IO[bytes], problems: list[Problem]) -> Iterator[str]:
    """Yield the lines of a CSV file object as text, decoding bytes as `decode` does.

    A binary file's encoding is chosen from its first 64 KiB (UTF-8 unless they are not,
    then GB18030); bytes that do not decode further on end the lines, with a problem.
    """
    first = fp.read(_SNIFF)
    if isinstance(first, str):
        rest = cast("IO[str]", fp)
        yield from io.StringIO(first.removeprefix("\ufeff") + rest.readline(), newline="")
        yield from rest
        return
    first = first.removeprefix(codecs.BOM_UTF8)
    try:
        first.decode("utf-8")
        encoding = "utf-8"
    except UnicodeDecodeError as error:
        # A character cut at the end of the sample is no reason to give up UTF-8.
        cut = error.reason == "unexpected end of data"
        encoding = "utf-8" if cut else "gb18030"
    stream = io.TextIOWrapper(
        io.BufferedReader(_Chain(first, cast("IO[bytes]", fp))), encoding=encoding, newline=""
    )
    line = 0
    try:
        for line, text in enumerate(stream, start=1):  # noqa: B007 - the count is used below
            yield text
    except UnicodeDecodeError as error:
        problems.append(
            Problem(
                "expected UTF-8 or GB18030 text, found bytes that are neither",
                line=line + 1,
                found=repr(error.object[error.start : error.start + 4]),
                kind="encoding",
            )
        )


class _Chain(io.RawIOBase):
    """The bytes already read from a file, then the rest of the file."""

    def __init__(self, first: bytes, rest: IO[bytes]) -> None:
        self.first = memoryview(first)
        self.rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self.first:
            size = min(len(buffer), len(self.first))
            buffer[:size] = self.first[:size]
            self.first = self.first[size:]
            return size
        data = self.rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


Record = tuple[int, list[str]]
"""One CSV record: the 1-based line it starts on, and its fields."""


def records(text: str, problems: list[Problem]) -> Iterator[Record]:
    """Yield the records of `text`, with the line each starts on; CSV syntax errors become problems.

    Empty lines yield no record.
    """
    return records_of(io.StringIO(text, newline=""), problems)


class _Kept:
    """The lines a CSV reader takes, kept until its record is done (to describe an error)."""

    def __init__(self, lines: Iterable[str]) -> None:
        self.lines = iter(lines)
        self.kept: list[str] = []

    def __iter__(self) -> _Kept:
        return self

    def __next__(self) -> str:
        line = next(self.lines)
        self.kept.append(line)
        return line


def records_of(lines: Iterable[str], problems: list[Problem]) -> Iterator[Record]:
    """Yield the records read from `lines` (a text file opened with ``newline=""``), as `records`.

    Only the lines of the record being read are held, so a file of any size streams.
    """
    kept = _Kept(lines)
    reader = _csv.reader(kept, strict=True)
    end = 0
    while True:
        try:
            for fields in reader:
                start, end = end + 1, reader.line_num
                kept.kept.clear()
                if fields:
                    yield start, fields
        except _csv.Error as error:
            problems.append(_syntax_problem(str(error), "".join(kept.kept), end + 1))
            kept.kept.clear()
            end = reader.line_num
        else:
            return


def _syntax_problem(message: str, record: str, start: int) -> Problem:
    """Describe a CSV syntax error in `record`, the text of the record starting on line `start`."""
    if message.startswith("field larger than field limit"):
        return Problem(
            f"a field is longer than csv.field_size_limit() ({_csv.field_size_limit()} "
            "characters); raise the limit to read it",
            line=start,
            kind="field-too-large",
        )
    return Problem(
        "expected well-formed CSV (a quoted field closes with a quote followed by a comma "
        f"or the line end), found: {message}",
        line=start,
        column=_fault(record),
        kind="csv-syntax",
    )


def _fault(record: str) -> int:
    """Return the 1-based field of `record` whose quoting is broken."""
    field, opened, index, size = 0, 0, 0, len(record)
    quoted, fresh = False, True
    while index < size:
        char = record[index]
        if quoted:
            if char == '"':
                if record.startswith('"', index + 1):
                    index += 2
                    continue
                quoted = False
                if index + 1 < size and record[index + 1] not in ",\r\n":
                    return field + 1
            index += 1
            continue
        if char in "\r\n":
            break
        if char == '"' and fresh:
            quoted, opened = True, field
        if char == ",":
            field, fresh = field + 1, True
        else:
            fresh = False
        index += 1
    return (opened if quoted else field) + 1


def write_rows(out: IO[str], chunks: Iterable[Sequence[Sequence[str]]], *, excel: bool) -> None:
    """Write the rows of every chunk: LF line ends, or a UTF-8 BOM and CRLF when `excel`."""
    terminator = "\r\n" if excel else "\n"
    if excel:
        out.write("\ufeff")
    minimal = _csv.writer(out, lineterminator=terminator)
    quoted = _csv.writer(out, lineterminator=terminator, quoting=_csv.QUOTE_ALL)
    for rows in chunks:
        # With LF line ends the csv module leaves a field holding a lone carriage return
        # unquoted, which would split the record on reading: such a (rare) chunk is quoted.
        cr = not excel and any("\r" in field for row in rows for field in row)
        (quoted if cr else minimal).writerows(rows)


def number_text(value: Value) -> str:
    """Write a count or money value as its exact decimal text (``282.10`` stays ``282.10``)."""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def fail(problems: Sequence[Problem]) -> None:
    """Raise ParseError carrying `problems`, if there are any."""
    if problems:
        raise ParseError(problems)
