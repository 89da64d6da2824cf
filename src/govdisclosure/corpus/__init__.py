"""Reading reports at scale: any supported format from a path, and whole folders as a stream.

`read` reads one report leniently from a path or bytes, choosing the format by the file's
extension or else by its content, and returns the same `ParseResult` as ``text.parse``.
`read_all` reads files, folders and globs in worker processes and yields one `Item` per report
as it is read (a corpus CSV gives one per report it holds), in the order of the inputs, with
memory flat in the number of files. One bad file is that file's item, never the end of the run;
a worker that dies is replaced and its file tried once more.

>>> from govdisclosure import corpus
>>> corpus.read(b'{"not": "a report"}').report.title is None
True
"""

from __future__ import annotations

import io
import itertools
import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path, PurePath
from types import MappingProxyType
from typing import Any

import attrs

from govdisclosure import json as report_json
from govdisclosure import text
from govdisclosure._reading import ParseResult
from govdisclosure.corpus import _files, _pool
from govdisclosure.errors import Problem
from govdisclosure.model import Report

__all__ = ["EXTENSIONS", "FORMATS", "Item", "detect_format", "read", "read_all"]

FORMATS: tuple[str, ...] = ("text", "json", "csv", "html", "pdf", "docx")
"""The formats `read` reads."""

EXTENSIONS: Mapping[str, str] = MappingProxyType(
    {
        ".txt": "text",
        ".text": "text",
        ".json": "json",
        ".csv": "csv",
        ".html": "html",
        ".htm": "html",
        ".shtml": "html",
        ".xhtml": "html",
        ".pdf": "pdf",
        ".docx": "docx",
        ".doc": "doc",
        ".wps": "doc",
    }
)
"""The extensions of report files, and their formats: what a folder is searched for."""

_NAMED_EXTENSIONS = {**EXTENSIONS, ".md": "text"}
"""Also read as their format when a file is named (a Markdown copy of a report is text)."""

_SNIFF = 4096


@attrs.frozen
class Item:
    """One report `read_all` read, or one input it could not read at all.

    `source` names it: the file's path, or ``path#id`` for a report of a corpus CSV. `error`
    says in one line why nothing could be read (then `result` holds an empty report and every
    reason in its problems); None when a report was read.
    """

    source: str
    file: str
    """The path of the file it came from."""
    relative: str
    """The file's path below the folder or glob it was found by (its name for a file)."""
    format: str | None
    result: ParseResult
    error: str | None = None
    report_id: str | None = None
    """The report's identifier within a corpus CSV; None for a file holding one report."""

    @property
    def ok(self) -> bool:
        """True when a report was read without any problem."""
        return self.error is None and self.result.ok


def detect_format(data: bytes, name: str | os.PathLike[str] | None = None) -> str:  # noqa: PLR0911 - one return per format sniffed
    """Return the format of a report: from the file name's extension, else from its content."""
    if name is not None:
        known = _NAMED_EXTENSIONS.get(PurePath(name).suffix.lower())
        if known is not None:
            return known
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04") and b"word/" in data[: _SNIFF * 16]:
        return "docx"
    if data.startswith(b"\xd0\xcf\x11\xe0"):  # an OLE compound file: Word 97-2003, WPS
        return "doc"
    head = data[:_SNIFF].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head[:1] in {b"{", b"["}:
        return "json"
    lowered = head[:_SNIFF].lower()
    if head[:1] == b"<" or b"<html" in lowered or b"<table" in lowered:
        return "html"
    if head.split(b"\n", 1)[0].strip().startswith(b"report,template,"):
        return "csv"
    return "text"


def read(source: str | os.PathLike[str] | bytes, *, format: str | None = None) -> ParseResult:  # noqa: A002 - the word users know
    """Read one report leniently from a path or from bytes, whatever its format.

    `format` (one of `FORMATS`) overrides the detection. Never raises on bad content: what
    cannot be read is left out and said in the problems. A corpus CSV holding several reports
    gives the first, with a problem saying how many there are (read them with `read_all`).

    Raises:
        OSError: the file cannot be opened or read.
        ValueError: `format` is not one of `FORMATS`.
    """
    if format is not None and format not in FORMATS:
        msg = f"format must be one of {', '.join(FORMATS)}, not {format!r}"
        raise ValueError(msg)
    if isinstance(source, bytes):
        data, name = source, None
    else:
        data, name = Path(source).read_bytes(), source
    chosen = format or detect_format(data, name)
    if chosen != "csv":
        return _parse(data, chosen)
    results = list(_parse_csv(data))
    if len(results) == 1:
        return results[0][1]
    first = results[0][1] if results else ParseResult(Report())
    counted = Problem(
        f"expected one report, found {len(results)}: read a corpus with read_all",
        kind="report-count",
    )
    return attrs.evolve(first, problems=(*first.problems, counted))


def _parse(data: bytes, fmt: str) -> ParseResult:
    """Read one report of format `fmt` from bytes, leniently."""
    if fmt == "json":
        return report_json.parse(data)
    if fmt == "html":
        from govdisclosure import html  # noqa: PLC0415 - an optional extra (lxml)

        return html.parse(data)
    if fmt == "pdf":
        from govdisclosure import pdf  # noqa: PLC0415 - an optional extra (pdfplumber)

        return pdf.parse(data)
    if fmt == "docx":
        from govdisclosure import docx  # noqa: PLC0415 - an optional extra (python-docx)

        return docx.parse(data)
    if fmt == "doc":
        return ParseResult(Report(), (Problem(_DOC, kind="unreadable"),))
    return text.parse(data)


_DOC = (
    "a Word 97-2003 (.doc) or WPS file is not read: convert it to .docx first "
    "(Word, WPS or LibreOffice: Save As .docx)"
)


def _parse_csv(source: bytes | Any) -> Iterator[tuple[str, ParseResult]]:
    from govdisclosure import csv as report_csv  # noqa: PLC0415 - only when asked for

    fp = io.BytesIO(source) if isinstance(source, bytes) else source
    for parsed in report_csv.parse_corpus(fp):
        for report_id, report in parsed.reports.items():
            yield report_id, ParseResult(report, parsed.problems)
        if not parsed.reports and parsed.problems:
            yield "", ParseResult(Report(), parsed.problems)


def _is_empty(report: Report) -> bool:
    """True when nothing of a report was found: no title, no section heading, no table.

    Stray text alone (random bytes decoded, a web page about something else) is not a report.
    """
    return not (
        report.title
        or report.sections
        or report.proactive
        or report.applications
        or report.review_litigation
    )


def read_all(
    paths: Iterable[str | os.PathLike[str]],
    *,
    jobs: int = 1,
    format: str | None = None,  # noqa: A002 - as in read
    include: Iterable[str] = (),
    exclude: Iterable[str] = (),
) -> Iterator[Item]:
    """Read every report in `paths` (files, folders, globs), yielding each as it is read.

    Folders are searched for the `EXTENSIONS` (or the `include` globs), leaving out `exclude`
    globs, read-me, hidden and ``*.expect.json`` files; links to folders are not followed.
    Items come in the order of the inputs, read in `jobs` worker processes. A file that cannot
    be read at all (missing, not a regular file, not a report, or any error reading it) is an
    item with its `Item.error`; a worker that dies is replaced, and its file tried once more.
    On Linux the workers are forked; a program running threads of its own (and any on macOS or
    Windows) starts them afresh, which imports its main module: put a script's work under
    ``if __name__ == "__main__":`` there.

    Raises:
        ValueError: `jobs` is below 1 or `format` is not one of `FORMATS`.
    """
    if jobs < 1:
        msg = f"jobs must be at least 1, not {jobs}"
        raise ValueError(msg)
    if format is not None and format not in FORMATS:
        msg = f"format must be one of {', '.join(FORMATS)}, not {format!r}"
        raise ValueError(msg)
    found = _inputs(paths, include=include, exclude=exclude)
    yield from _pool.run(_read_input, found, format, jobs=jobs, failed=_failed)


def _inputs(
    paths: Iterable[str | os.PathLike[str]],
    *,
    include: Iterable[str] = (),
    exclude: Iterable[str] = (),
) -> Iterator[_files.Input]:
    """The input files `paths` name (see `read_all`)."""
    return _files.inputs(
        (os.fspath(path) for path in paths), EXTENSIONS, include=include, exclude=exclude
    )


def _read_input(found: _files.Input, fmt: str | None) -> Iterator[Item]:
    """Read the reports of one input file (the task `read_all` gives its workers)."""
    path = str(found.path)
    relative = found.relative.as_posix()
    if found.special is not None:
        yield _unreadable(found, f"skipped: a {found.special}, not a regular file (never opened)")
        return
    try:
        if (fmt or detect_format(b"", found.path)) == "csv" and fmt in {None, "csv"}:
            with found.path.open("rb") as fp:
                yield from _csv_items(found, fp)
            return
        data = found.path.read_bytes()
    except OSError as error:
        yield _unreadable(found, f"cannot read: {error.strerror or error}")
        return
    chosen = fmt or detect_format(data, found.path)
    if chosen == "csv":
        yield from _csv_items(found, io.BytesIO(data))
        return
    result = _parse(data, chosen)
    if _is_empty(result.report):
        yield _unreadable(found, _no_report(result, chosen), result, chosen)
        return
    yield Item(path, path, relative, chosen, result)


def _csv_items(found: _files.Input, fp: Any) -> Iterator[Item]:
    path, relative = str(found.path), found.relative.as_posix()
    results = _parse_csv(fp)
    first = next(results, ("", ParseResult(Report())))
    second = next(results, None)
    if second is None:  # one report: named by its file alone
        report_id, result = first
        if not report_id or _is_empty(result.report):
            yield _unreadable(found, _no_report(result), result, "csv")
        else:
            yield Item(path, path, relative, "csv", result, report_id=report_id)
        return
    for report_id, result in itertools.chain((first, second), results):
        yield _csv_item(found, report_id, result)


def _csv_item(found: _files.Input, report_id: str, result: ParseResult) -> Item:
    path, relative = str(found.path), found.relative.as_posix()
    if not report_id:  # problems after the last report (a syntax error at the end)
        return Item(path, path, relative, "csv", result, error=_no_report(result))
    return Item(f"{path}#{report_id}", path, relative, "csv", result, report_id=report_id)


def _no_report(result: ParseResult, fmt: str | None = None) -> str:
    """Say in one line why nothing was read; the problems hold every reason."""
    if result.problems and result.problems[0].kind == "unreadable":
        return result.problems[0].message  # a file refused as a whole says why itself
    if result.problems and fmt not in {"text", "html"}:  # the first problem decides
        first = result.problems[0]
        more = len(result.problems) - 1
        tail = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
        return f"no report found: {first}{tail}"
    return "no report found: no title, section or table could be read"


def _unreadable(
    found: _files.Input,
    reason: str,
    result: ParseResult | None = None,
    fmt: str | None = None,
) -> Item:
    """The item standing for an input file nothing could be read from, and why."""
    path = str(found.path)
    if result is None:
        result = ParseResult(Report(), (Problem(reason, kind="unreadable"),))
    return Item(path, path, found.relative.as_posix(), fmt, result, error=reason)


def _failed(found: _files.Input, reason: str) -> Item:
    """The item for a file whose reading raised, or whose worker died: unreadable, with why."""
    return _unreadable(found, f"failed while reading: {reason}")
