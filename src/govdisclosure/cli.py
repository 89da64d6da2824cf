"""The ``govdisclosure`` command: convert reports between formats, and check them.

Wiring only: resolve paths, read files, call the public API, print, return an exit code —
0 when nothing was found, 1 when a report has findings or problems, 2 when an input cannot be
read at all or the command line is wrong.
"""

from __future__ import annotations

import argparse
import glob
import importlib
import json
import os
import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import IO, Any, NamedTuple

from govdisclosure import __version__, checks, text
from govdisclosure import json as report_json
from govdisclosure._reading import ParseResult, Position
from govdisclosure.errors import GovDisclosureError, Problem
from govdisclosure.model import Report

__all__ = ["main"]

_EXTENSIONS = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
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
_FORMATS = ("text", "json", "csv", "html", "pdf", "docx")
_TARGETS = ("text", "json", "csv", "html", "docx")
_SUFFIXES = {"json": ".json", "text": ".txt", "html": ".html", "docx": ".docx"}
# Formats read by an optional extra's module (govdisclosure.<format>), imported when asked for.
_OPTIONAL = frozenset({"html", "pdf", "docx"})
# Formats that are recognised but not read, with what to do instead.
_REFUSED = {
    "doc": "a Word 97-2003 (.doc) or WPS file is not read: convert it to .docx first "
    "(Word, WPS or LibreOffice: Save As .docx)",
}
EXIT_CLEAN, EXIT_FINDINGS, EXIT_UNREADABLE = 0, 1, 2


class _UnreadableError(GovDisclosureError):
    """An input that holds no report at all, or a format error in a strict format."""


def _format_of(path: Path, forced: str | None) -> str:
    return forced or _EXTENSIONS.get(path.suffix.lower(), "text")


def _read(path: Path, fmt: str) -> list[tuple[str, ParseResult]]:
    """Read the reports in one file (leniently where the format allows), each with its name.

    A file holds one report, except a corpus CSV, whose reports are named ``file#id``.

    Raises:
        _UnreadableError: the file cannot be read, is not valid in its format, or holds no report.
    """
    try:
        data = path.read_bytes()
    except OSError as error:
        reason = f"cannot read: {error.strerror or error}"
        raise _UnreadableError(reason) from None
    try:
        results = _parse(data, fmt)
    except GovDisclosureError as error:
        raise _UnreadableError(str(error).splitlines()[0]) from None
    if not results or all(_is_empty(result.report) for result in results.values()):
        # A problem about the whole file (scanned PDF, encrypted, not a .docx) says why.
        whole = [p for r in results.values() for p in r.problems if p.path is None]
        reason = (
            whole[0].message
            if whole
            else "no report found: no title, section or table could be read"
        )
        raise _UnreadableError(reason)
    if len(results) == 1:
        return [(str(path), next(iter(results.values())))]
    return [(f"{path}#{name}", result) for name, result in results.items()]


def _parse(data: bytes, fmt: str) -> dict[str, ParseResult]:
    if fmt == "text":
        return {"": text.parse(data)}
    if fmt == "json":
        return {"": ParseResult(report_json.loads(data))}
    if fmt == "csv":
        from govdisclosure import csv as report_csv  # noqa: PLC0415 - only when asked for

        return {name: ParseResult(r) for name, r in report_csv.loads_corpus(data).items()}
    if fmt in _REFUSED:
        raise _UnreadableError(_REFUSED[fmt])
    return {"": _optional(fmt).parse(data)}


def _optional(fmt: str) -> Any:
    """The module of an optional extra's format (html, pdf, docx).

    Raises:
        _UnreadableError: its extra is not installed (the message names it).
    """
    try:
        return importlib.import_module(f"govdisclosure.{fmt}")
    except ImportError as error:
        raise _UnreadableError(str(error)) from None


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


def _inputs(patterns: Iterable[str]) -> list[Path]:
    """Expand files, directories (recursively, known extensions) and globs, in a stable order."""
    out: list[Path] = []
    for pattern in patterns:
        # Path.glob takes no absolute patterns; the shell's own glob module does.
        magic = glob.has_magic(pattern)
        matches = sorted(glob.glob(pattern, recursive=True)) if magic else [pattern]  # noqa: PTH207
        for match in matches:
            path = Path(match)
            if path.is_dir():
                out.extend(
                    sorted(
                        p
                        for p in path.rglob("*")
                        if p.is_file() and p.suffix.lower() in _EXTENSIONS
                    )
                )
            else:
                out.append(path)
    return out


# ------------------------------------------------------------------------------------------------
# check


class _Options(NamedTuple):
    fmt: str | None
    narrative: bool
    accepted: frozenset[str]
    lang: str


def _line(result: ParseResult, path: str | None) -> Position | None:
    if path is None:
        return None
    positions = result.positions
    if path in positions:
        return positions[path]
    prefix = path + "."
    found = [p for key, p in positions.items() if key.startswith(prefix)]
    return min(found, key=lambda p: (p.line, p.column)) if found else None


def _check_file(path: Path, options: _Options) -> list[dict[str, Any]]:
    """Check the reports in one file; return plain (picklable) records of what was found."""
    try:
        results = _read(path, _format_of(path, options.fmt))
    except _UnreadableError as error:
        return [{"file": str(path), "error": str(error), "problems": [], "findings": []}]
    records = []
    for name, result in results:
        report = result.report
        findings = checks.check(report, narrative=options.narrative)
        records.append(
            {
                "file": name,
                "error": None,
                "template": report.template.value if report.template else None,
                "organ": report.organ,
                "year": report.year,
                "problems": [_problem_record(problem) for problem in result.problems],
                "findings": [
                    _finding_record(finding, _line(result, finding.path), options.lang)
                    for finding in findings
                    if finding.key not in options.accepted
                ],
            }
        )
    return records


def _problem_record(problem: Problem) -> dict[str, Any]:
    return {
        "kind": problem.kind,
        "message": problem.message,
        "path": problem.path,
        "line": problem.line,
        "column": problem.column,
    }


def _finding_record(finding: checks.Finding, where: Position | None, lang: str) -> dict[str, Any]:
    return {
        "rule": finding.rule,
        "severity": finding.severity.value,
        "status": finding.status.value,
        "path": finding.path,
        "key": finding.key,
        "line": where.line if where else None,
        "column": where.column if where else None,
        "message": finding.message_en if lang == "en" else finding.message_zh,
        "message_zh": finding.message_zh,
        "message_en": finding.message_en,
        "difference": None if finding.difference is None else str(finding.difference),
        "missing": list(finding.missing),
    }


def _location(record: dict[str, Any], item: dict[str, Any]) -> str:
    line = item.get("line")
    return f"{record['file']}:{line}" if line is not None else record["file"]


def _print_check(records: Sequence[dict[str, Any]], out: IO[str], *, everything: bool) -> None:
    for record in records:
        if record["error"] is not None:
            out.write(f"{record['file']}: unreadable {record['error']}\n")
            continue
        items = [("problem", p["kind"], p) for p in record["problems"]]
        items += [
            (f["severity"] if f["status"] == "fail" else f["status"], f["rule"], f)
            for f in record["findings"]
            if everything or f["status"] == "fail"
        ]
        items.sort(key=lambda item: item[2].get("line") or 0)
        for level, name, item in items:
            out.write(f"{_location(record, item)}: {level} {name} {item['message']}\n")
    out.write(_summary(records) + "\n")


def _summary(records: Sequence[dict[str, Any]]) -> str:
    """The summary lines printed after the findings, from the same counts as `--format json`."""
    counts = _summary_record(records)
    head = (
        f"{counts['reports']} report(s): {counts['read']} read, {counts['unreadable']} "
        f"unreadable; {counts['failed']} failed check(s), {counts['not_assessable']} not "
        f"assessable, {counts['problems']} reading problem(s)"
    )
    lines = [head]
    lines += [f"  {rule}: {count}" for rule, count in counts["by_rule"].items()]
    lines += [f"  unreadable {r['file']}: {r['error']}" for r in records if r["error"] is not None]
    return "\n".join(lines)


def _summary_record(records: Sequence[dict[str, Any]]) -> dict[str, Any]:
    readable = [r for r in records if r["error"] is None]
    findings = [f for r in readable for f in r["findings"]]
    return {
        "reports": len(records),
        "read": len(readable),
        "unreadable": len(records) - len(readable),
        "failed": sum(1 for f in findings if f["status"] == "fail"),
        "not_assessable": sum(1 for f in findings if f["status"] != "fail"),
        "problems": sum(len(r["problems"]) for r in readable),
        "by_rule": dict(
            sorted(Counter(f["rule"] for f in findings if f["status"] == "fail").items())
        ),
    }


def _exit_code(records: Sequence[dict[str, Any]]) -> int:
    """2 if an input is unreadable, 1 if a check failed or reading had problems, else 0."""
    if any(r["error"] is not None for r in records):
        return EXIT_UNREADABLE
    failed = any(f["status"] == "fail" for r in records for f in r["findings"])
    if failed or any(r["problems"] for r in records):
        return EXIT_FINDINGS
    return EXIT_CLEAN


def _map(function: Any, paths: Sequence[Path], options: Any, jobs: int) -> Iterator[Any]:
    """Apply `function` to every path, in order, in `jobs` worker processes when jobs > 1."""
    if jobs <= 1 or len(paths) <= 1:
        for path in paths:
            yield function(path, options)
        return
    chunk = max(1, len(paths) // (jobs * 8))
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from pool.map(function, paths, [options] * len(paths), chunksize=chunk)


def _accepted(path: str | None) -> frozenset[str]:
    if path is None:
        return frozenset()
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def _run_check(args: argparse.Namespace, out: IO[str]) -> int:
    paths = _inputs(args.inputs)
    if not paths:
        sys.stderr.write("govdisclosure check: no input files\n")
        return EXIT_UNREADABLE
    options = _Options(args.source_format, args.narrative, _accepted(args.accept), args.lang)
    done = _progress(_map(_check_file, paths, options, args.jobs), len(paths))
    records = [record for records_of_file in done for record in records_of_file]
    if args.format == "json":
        document = {"files": records, "summary": _summary_record(records)}
        out.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
    else:
        _print_check(records, out, everything=args.all)
    return _exit_code(records)


# ------------------------------------------------------------------------------------------------
# convert


def _convert_file(path: Path, options: tuple[str | None, str, str]) -> list[dict[str, Any]]:
    fmt, target, style = options
    try:
        results = _read(path, _format_of(path, fmt))
    except _UnreadableError as error:
        return [{"file": str(path), "error": str(error), "problems": [], "output": None}]
    records = []
    for name, result in results:
        record: dict[str, Any] = {
            "file": name,
            "error": None,
            "problems": [_problem_record(p) for p in result.problems],
            "output": None,
        }
        if target == "csv":
            record["report"] = result.report
        else:
            record["output"] = _render(result.report, target, style)
        records.append(record)
    return records


def _render(report: Report, target: str, style: str) -> str | bytes:
    if target == "json":
        return report_json.dumps(report, indent=2) + "\n"
    if target == "text":
        return text.dumps(report, style="lines" if style == "lines" else "grid")
    if target == "csv":
        from govdisclosure import csv as report_csv  # noqa: PLC0415 - only when asked for

        return report_csv.dumps(report)
    rendered: str | bytes = _optional(target).dumps(report)
    return rendered


def _run_convert(args: argparse.Namespace, out: IO[str]) -> int:
    paths = _inputs(args.inputs)
    if not paths:
        sys.stderr.write("govdisclosure convert: no input files\n")
        return EXIT_UNREADABLE
    if args.to in _OPTIONAL:
        try:
            _optional(args.to)  # fail early without the extra
        except _UnreadableError as error:
            sys.stderr.write(f"govdisclosure convert: {error}\n")
            return EXIT_UNREADABLE
    if args.to == "docx" and (not args.output or args.output == "-"):
        sys.stderr.write("govdisclosure convert: --to docx writes a binary file: give -o PATH\n")
        return EXIT_UNREADABLE
    options = (args.source_format, args.to, args.style)
    done = _progress(_map(_convert_file, paths, options, args.jobs), len(paths))
    records = [record for records_of_file in done for record in records_of_file]
    for record in records:
        for problem in record["problems"]:
            where = f"{record['file']}:{problem['line']}" if problem["line"] else record["file"]
            sys.stderr.write(f"{where}: problem {problem['kind']} {problem['message']}\n")
        if record["error"] is not None:
            sys.stderr.write(f"{record['file']}: unreadable {record['error']}\n")
    readable = [r for r in records if r["error"] is None]
    if not _write_outputs(readable, args, single=len(records) == 1, out=out):
        return EXIT_UNREADABLE
    if any(r["error"] is not None for r in records):
        return EXIT_UNREADABLE
    return EXIT_FINDINGS if any(r["problems"] for r in records) else EXIT_CLEAN


def _write_outputs(
    readable: Sequence[dict[str, Any]], args: argparse.Namespace, *, single: bool, out: IO[str]
) -> bool:
    """Write converted reports: one output, one corpus CSV, or one file each in a directory."""
    if args.to == "csv":
        _write_corpus(readable, args.output, out)
    elif single and readable:
        _write(readable[0]["output"], args.output, out)
    elif readable:
        if not args.output:
            sys.stderr.write("govdisclosure convert: several inputs need -o DIRECTORY\n")
            return False
        directory = Path(args.output)
        directory.mkdir(parents=True, exist_ok=True)
        suffix = _SUFFIXES[args.to]
        for record in readable:
            name = Path(record["file"].replace("#", "-")).stem
            _write(record["output"], str(directory / (name + suffix)), out)
    return True


def _write_corpus(records: Sequence[dict[str, Any]], output: str | None, out: IO[str]) -> None:
    from govdisclosure import csv as report_csv  # noqa: PLC0415 - only when asked for

    # The report column names each report by the file it came from (file#id within a corpus).
    reports = {record["file"]: record["report"] for record in records}
    _write(report_csv.dumps_corpus(reports), output, out)


def _write(document: str | bytes, output: str | None, out: IO[str]) -> None:
    if isinstance(document, bytes):
        Path(output or "").write_bytes(document)  # binary formats always name a file
    elif output and output != "-":
        Path(output).write_text(document, encoding="utf-8", newline="")
    else:
        out.write(document)


# ------------------------------------------------------------------------------------------------


def _progress(items: Iterator[Any], total: int) -> Iterator[Any]:
    """Show a progress bar on a terminal (with the ``cli`` extra's tqdm); stay quiet otherwise."""
    quiet = total < 2 or not sys.stderr.isatty()  # noqa: PLR2004 - one report needs no bar
    if quiet or os.environ.get("GOVDISCLOSURE_NO_PROGRESS"):
        yield from items
        return
    try:
        from tqdm import tqdm  # noqa: PLC0415 - optional
    except ImportError:
        yield from items
        return
    yield from tqdm(items, total=total, unit="report", file=sys.stderr)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="govdisclosure",
        description=(
            "Read, check and convert government information disclosure annual reports "
            "(政府信息公开工作年度报告)."
        ),
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("inputs", nargs="+", metavar="FILE", help="files, directories or globs")
    common.add_argument(
        "--from",
        dest="source_format",
        choices=_FORMATS,
        help="input format (default: from each file's extension; text otherwise)",
    )
    common.add_argument("-j", "--jobs", type=int, default=1, metavar="N", help="worker processes")

    check = commands.add_parser(
        "check", parents=[common], help="check reports' arithmetic (勾稽关系) and print findings"
    )
    check.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    check.add_argument(
        "--narrative", action="store_true", help="also compare the prose with the tables"
    )
    check.add_argument(
        "--accept", metavar="FILE", help="file of finding keys to leave out, one a line"
    )
    check.add_argument("--lang", choices=("zh", "en"), default="zh", help="message language")
    check.add_argument(
        "--all",
        action="store_true",
        help="also print the checks that could not be made (blank or missing operands)",
    )

    convert = commands.add_parser(
        "convert", parents=[common], help="convert reports to another format"
    )
    convert.add_argument("--to", choices=_TARGETS, required=True, help="output format")
    convert.add_argument(
        "-o", "--output", metavar="PATH", help="output file (one input, or csv) or directory"
    )
    convert.add_argument(
        "--style", choices=("grid", "lines"), default="grid", help="text layout (with --to text)"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    args = _parser().parse_args(argv)
    if args.jobs < 1:
        sys.stderr.write("govdisclosure: -j must be at least 1\n")
        return EXIT_UNREADABLE
    if args.command == "check":
        return _run_check(args, sys.stdout)
    return _run_convert(args, sys.stdout)
