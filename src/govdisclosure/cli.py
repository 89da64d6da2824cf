"""The ``govdisclosure`` command: convert reports between formats, and check them.

Wiring only: find the inputs, read them with `govdisclosure.corpus` (the same worker pool as
`corpus.read_all`), call the public API, print each file's result as it arrives, return an
exit code:

- 0: nothing at or above ``--fail-on`` was found;
- 1: a report has a finding or a reading problem at or above ``--fail-on`` (default warning);
- 2: an input could not be read at all, or the command line is wrong (a one-line message);
- 128 + N: stopped by signal N (SIGINT 130, SIGTERM 143), leaving no partial output file.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import json
import logging
import os
import signal
import sys
import tempfile
import textwrap
import urllib.parse
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path, PurePath
from types import FrameType
from typing import IO, Any, NamedTuple

from govdisclosure import __version__, checks, corpus, text
from govdisclosure import json as report_json
from govdisclosure.corpus import _files, _pool
from govdisclosure.errors import Problem
from govdisclosure.layout import Template, layout
from govdisclosure.messages import Lang, problem_message
from govdisclosure.model import Report
from govdisclosure.results import ParseResult, Position

__all__ = ["main"]

_EXTENSIONS = corpus.EXTENSIONS
"""Input extensions and their formats: what a folder is searched for."""
_FORMATS = corpus.FORMATS
"""Input formats (``--from``)."""
_OUTPUTS = {"text": ".txt", "json": ".json", "csv": ".csv", "html": ".html", "docx": ".docx"}
"""Output formats (``--to``) and the extension of the files written."""
EXIT_CLEAN, EXIT_FINDINGS, EXIT_UNREADABLE = 0, 1, 2
EXIT_USAGE = EXIT_UNREADABLE
_LEVELS = ("info", "warning", "error")
"""Severities from least to most severe, for ``--fail-on``."""
_WINDOW = 64
"""Files read ahead of the one being printed (the bounded buffer that keeps output in order)."""


class _UsageError(Exception):
    """A command line that cannot run: said in one line, exit 2."""


class _Stopped(BaseException):
    """SIGTERM arrived: unwind (removing temporary files, stopping workers) and exit."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _shown(name: str) -> str:
    r"""A file name as it can be printed: bytes that are not UTF-8 as ``\xNN`` escapes."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return name


# ------------------------------------------------------------------------------------------------
# Severity


def _severity_of(entry: checks.Finding | Problem) -> str:
    """Return the level ``--fail-on`` compares for a finding or a reading problem.

    A failed finding's severity; info for a finding that could not be assessed; a reading
    problem's own severity if it has one, else warning. (The one place to change when the
    levels change.)
    """
    if isinstance(entry, checks.Finding):
        if entry.status is not checks.Status.FAIL:
            return "info"
        return str(entry.severity.value)
    return str(getattr(entry, "severity", None) or "warning")


def _fails(level: str, threshold: str) -> bool:
    return _LEVELS.index(level) >= _LEVELS.index(threshold) if level in _LEVELS else True


# ------------------------------------------------------------------------------------------------
# check


class _CheckOptions(NamedTuple):
    fmt: str | None
    narrative: bool
    accepted: frozenset[str]
    lang: Lang
    fail_on: str


def _line(result: ParseResult, path: str | None) -> Position | None:
    if path is None:
        return None
    positions = result.positions
    if path in positions:
        return positions[path]
    prefix = path + "."
    found = [p for key, p in positions.items() if key.startswith(prefix)]
    return min(found, key=lambda p: (p.line, p.column)) if found else None


def _check_task(found: _files.Input, options: _CheckOptions) -> Iterator[dict[str, Any]]:
    """Check the reports in one file; yield a plain (picklable) record for each."""
    for item in corpus._read_input(found, options.fmt):  # noqa: SLF001 - the shared reader
        yield _check_record(item, options)


def _check_record(item: corpus.Item, options: _CheckOptions) -> dict[str, Any]:
    result = item.result
    problems = [_problem_record(problem, options.lang) for problem in result.problems]
    if item.error is not None:
        return {"file": item.source, "error": item.error, "problems": problems, "findings": []}
    report = result.report
    findings = [
        finding
        for finding in checks.check(
            report,
            narrative=options.narrative,
            min_severity="info" if options.fail_on == "info" else "warning",
        )
        if finding.key not in options.accepted
    ]
    return {
        "file": item.source,
        "error": None,
        "template": report.template.value if report.template else None,
        "organ": report.organ,
        "year": report.year,
        "problems": problems,
        "findings": [
            _finding_record(finding, _line(result, finding.path), options.lang)
            for finding in findings
        ],
        "fails": any(_fails(_severity_of(entry), options.fail_on) for entry in findings)
        or any(_fails(_severity_of(problem), options.fail_on) for problem in result.problems),
    }


def _check_failed(found: _files.Input, reason: str) -> dict[str, Any]:
    item = corpus._failed(found, reason)  # noqa: SLF001 - the shared reader's failure item
    return {
        "file": item.source,
        "error": item.error,
        "problems": [_problem_record(p) for p in item.result.problems],
        "findings": [],
    }


def _problem_record(problem: Problem, lang: Lang = "zh") -> dict[str, Any]:
    """A reading problem as a record: its fields, its message in `lang`, its severity."""
    return {
        **problem.to_dict(),
        "message": problem_message(problem, lang=lang),
        "severity": _severity_of(problem),
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


def _location(name: str, item: dict[str, Any]) -> str:
    line = item.get("line")
    return f"{name}:{line}" if line is not None else name


_RUN = 3
"""Missing rows in a row from which one line is printed instead of one each."""


def _collapsed(problems: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Problems with runs of missing rows (a page cut off) folded into one line each.

    Missing rows right after a cut-off row go into the cut-off row's line; a run of `_RUN` or
    more missing rows of one table elsewhere becomes one line naming the first and the last.
    """
    out: list[dict[str, Any]] = []
    run: list[dict[str, Any]] = []

    def flush() -> None:
        last = out[-1] if out else None
        if (
            run
            and last is not None
            and last["kind"] == "row-cut-off"
            and _table(last) == _table(run[0])
        ):
            paths = ", ".join(problem["path"] for problem in run)
            last["message"] += f"; the {len(run)} row(s) after it are missing too: {paths}"
        elif len(run) >= _RUN:
            first, final = (_row_named(problem) for problem in (run[0], run[-1]))
            message = f"{len(run)} rows not found: {first} … {final}"
            out.append({**run[0], "message": message})
        else:
            out.extend(run)
        run.clear()

    for problem in problems:
        if problem["kind"] == "row-missing" and (not run or _table(run[0]) == _table(problem)):
            run.append(dict(problem))
            continue
        flush()
        if problem["kind"] == "row-missing":
            run.append(dict(problem))
        else:
            out.append(dict(problem))
    flush()
    return out


def _table(problem: dict[str, Any]) -> str:
    return str(problem["path"] or "").split(".", 1)[0]


def _row_named(problem: dict[str, Any]) -> str:
    """The official label of the row a row-missing problem's path names (else the path)."""
    path = str(problem["path"])
    table, _, row = path.partition(".")
    for template in Template:
        try:
            return layout(template).table(table).row(row).full_label
        except KeyError:
            continue
    return path


def _check_lines(record: dict[str, Any], *, everything: bool) -> Iterator[str]:
    name = _shown(record["file"])
    if record["error"] is not None:
        yield f"{name}: unreadable {record['error']}"
        reasons = record["problems"]
        if len(reasons) > 1 or (reasons and reasons[0]["message"] != record["error"]):
            for problem in reasons:
                yield f"  {_location(name, problem)}: reason {problem['kind']} {problem['message']}"
        return
    items = [("problem", p["kind"], p) for p in _collapsed(record["problems"])]
    items += [
        (f["severity"] if f["status"] == "fail" else f["status"], f["rule"], f)
        for f in record["findings"]
        if everything or f["status"] == "fail"
    ]
    items.sort(key=lambda item: item[2].get("line") or 0)
    for level, rule, item in items:
        yield f"{_location(name, item)}: {level} {rule} {item['message']}"


class _Summary:
    """The counts printed after the findings, kept as records go by (memory stays flat)."""

    def __init__(self) -> None:
        self.reports = self.read = self.failed = self.not_assessable = self.problems = 0
        self.by_rule: Counter[str] = Counter()
        self.unreadable: list[tuple[str, str]] = []
        self.fails = False

    def add(self, record: dict[str, Any]) -> None:
        self.reports += 1
        if record["error"] is not None:
            self.unreadable.append((record["file"], record["error"]))
            return
        self.read += 1
        self.fails = self.fails or record["fails"]
        self.problems += len(record["problems"])
        for finding in record["findings"]:
            if finding["status"] == "fail":
                self.failed += 1
                self.by_rule[finding["rule"]] += 1
            else:
                self.not_assessable += 1

    def record(self) -> dict[str, Any]:
        return {
            "reports": self.reports,
            "read": self.read,
            "unreadable": len(self.unreadable),
            "failed": self.failed,
            "not_assessable": self.not_assessable,
            "problems": self.problems,
            "by_rule": dict(sorted(self.by_rule.items())),
        }

    def text(self) -> str:
        head = (
            f"{self.reports} report(s): {self.read} read, {len(self.unreadable)} unreadable; "
            f"{self.failed} failed check(s), {self.not_assessable} not assessable, "
            f"{self.problems} reading problem(s)"
        )
        lines = [head]
        lines += [f"  {rule}: {count}" for rule, count in sorted(self.by_rule.items())]
        lines += [f"  unreadable {_shown(name)}: {why}" for name, why in self.unreadable]
        return "\n".join(lines)

    def exit_code(self) -> int:
        if self.unreadable:
            return EXIT_UNREADABLE
        return EXIT_FINDINGS if self.fails else EXIT_CLEAN


def _accepted(path: str | None) -> frozenset[str]:
    if path is None:
        return frozenset()
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) else "not UTF-8 text"
        msg = f"--accept {_shown(path)}: cannot read: {reason or error}"
        raise _UsageError(msg) from None
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def _run_check(args: argparse.Namespace, out: IO[str]) -> int:
    options = _CheckOptions(
        args.source_format, args.narrative, _accepted(args.accept), args.lang, args.fail_on
    )
    found = _nonempty(_inputs(args))
    summary = _Summary()
    records = _pool.run(
        _check_task, found, options, jobs=args.jobs, failed=_check_failed, window=_WINDOW
    )
    with contextlib.closing(records):
        if args.format == "json":
            out.write('{\n  "files": [')
            for number, record in enumerate(_progress(records)):
                summary.add(record)
                record.pop("fails", None)
                record["file"] = _shown(record["file"])
                document = json.dumps(record, ensure_ascii=False, indent=2)
                out.write(("\n" if number == 0 else ",\n") + textwrap.indent(document, "    "))
            summary_text = json.dumps(summary.record(), ensure_ascii=False, indent=2)
            out.write(f'\n  ],\n  "summary": {textwrap.indent(summary_text, "  ")[2:]}\n}}\n')
        else:
            for record in _progress(records):
                summary.add(record)
                for line in _check_lines(record, everything=args.all):
                    out.write(line + "\n")
            out.write(summary.text() + "\n")
    return summary.exit_code()


def _inputs(args: argparse.Namespace) -> Iterator[_files.Input]:
    return corpus._inputs(args.inputs, include=args.include, exclude=args.exclude)  # noqa: SLF001


def _nonempty(found: Iterator[_files.Input]) -> Iterator[_files.Input]:
    """`found`, or a usage error before anything runs when it holds nothing."""
    first = next(found, None)
    if first is None:
        raise _UsageError("no input files (folders are searched for " + _known() + ")")
    return _chain(first, found)


def _chain(first: _files.Input, rest: Iterator[_files.Input]) -> Iterator[_files.Input]:
    yield first
    yield from rest


def _known() -> str:
    return ", ".join(sorted(_EXTENSIONS)) + "; see --include"


# ------------------------------------------------------------------------------------------------
# convert


class _ConvertOptions(NamedTuple):
    fmt: str | None
    target: str
    style: str
    excel: bool


def _convert_task(found: _files.Input, options: _ConvertOptions) -> Iterator[dict[str, Any]]:
    """Read the reports of one file and render each; yield a plain record for each."""
    for item in corpus._read_input(found, options.fmt):  # noqa: SLF001 - the shared reader
        record: dict[str, Any] = {
            "file": item.source,
            "relative": item.relative,
            "report_id": item.report_id,
            "error": item.error,
            "problems": [_problem_record(p) for p in item.result.problems],
            "output": None,
        }
        if item.error is None:
            record["output"] = _render(item.result.report, item.source, options)
        yield record


def _convert_failed(found: _files.Input, reason: str) -> dict[str, Any]:
    item = corpus._failed(found, reason)  # noqa: SLF001 - the shared reader's failure item
    return {
        "file": item.source,
        "relative": item.relative,
        "report_id": None,
        "error": item.error,
        "problems": [_problem_record(p) for p in item.result.problems],
        "output": None,
    }


def _render(report: Report, name: str, options: _ConvertOptions) -> str | bytes:
    target = options.target
    if target == "json":
        return report_json.dumps(report, indent=2) + "\n"
    if target == "text":
        return text.dumps(report, style="lines" if options.style == "lines" else "grid")
    if target == "csv":
        from govdisclosure.csv._tidy import report_text  # noqa: PLC0415 - only when asked for

        # The report column names each report by the file it came from (file#id in a corpus).
        return report_text(_shown(name), report, excel=options.excel)
    if target == "docx":
        from govdisclosure import docx  # noqa: PLC0415 - an optional extra (python-docx)

        return docx.dumps(report)
    from govdisclosure import html  # noqa: PLC0415 - an optional extra

    return html.dumps(report)


class _Plan(NamedTuple):
    """Where converted reports go: one file or standard output, or a folder mirroring inputs."""

    folder: Path | None
    file: Path | None


def _plan(args: argparse.Namespace, found: Sequence[_files.Input]) -> _Plan:
    """Decide the outputs and refuse, before anything is written, what would lose data."""
    output = args.output if args.output not in {None, "-"} else None
    several = len(found) > 1 or any(_is_folder_or_glob(p) for p in args.inputs)
    if args.to == "csv" or (not several and not (output and _wants_folder(output))):
        return _Plan(None, _output_file(output, args))
    if output is None:
        msg = "several inputs need -o FOLDER (or --to csv for one corpus file)"
        raise _UsageError(msg)
    return _Plan(_output_folder(Path(output), found, args), None)


def _output_file(output: str | None, args: argparse.Namespace) -> Path | None:
    """The one output file (None for standard output), if it can be written."""
    if output is None:
        return None
    path = Path(output)
    if path.is_dir():
        msg = f"-o {_shown(output)} is a folder: name a file for --to {args.to}"
        raise _UsageError(msg)
    if not path.parent.is_dir():
        msg = f"-o {_shown(output)}: the folder {_shown(str(path.parent))} does not exist"
        raise _UsageError(msg)
    if path.exists() and not args.force:
        msg = f"-o {_shown(output)} exists: use --force to replace it"
        raise _UsageError(msg)
    return path


def _output_folder(folder: Path, found: Sequence[_files.Input], args: argparse.Namespace) -> Path:
    """The output folder, once no two inputs clash and no output exists (without --force)."""
    if folder.exists() and not folder.is_dir():
        msg = f"-o {_shown(str(folder))} is a file: name a folder for several inputs"
        raise _UsageError(msg)
    targets: dict[Path, _files.Input] = {}
    for item in found:
        target = _target(folder, item.relative.as_posix(), None, args.to)
        if target in targets:
            msg = (
                f"{_shown(str(item.path))} and {_shown(str(targets[target].path))} would both "
                f"be written to {_shown(str(target))}: nothing was written"
            )
            raise _UsageError(msg)
        targets[target] = item
        if target.exists() and not args.force:
            msg = f"{_shown(str(target))} exists: use --force to replace it; nothing was written"
            raise _UsageError(msg)
    return folder


def _is_folder_or_glob(pattern: str) -> bool:
    return os.path.isdir(pattern) or any(char in pattern for char in "*?[")  # noqa: PTH112


def _wants_folder(output: str) -> bool:
    return output.endswith(("/", os.sep)) or Path(output).is_dir()


def _target(folder: Path, relative: str, report_id: str | None, to: str) -> Path:
    """Return the output path of a report: its input's path below `folder`, new extension.

    A report of a corpus file adds ``#id``, percent-encoded so that distinct ids stay distinct.
    """
    path = PurePath(relative)
    stem = path.stem if path.suffix.lower() in _EXTENSIONS else path.name
    if report_id is not None:
        stem += "#" + urllib.parse.quote(report_id, safe="")
    return folder / path.parent / (stem + _OUTPUTS[to])


class _Writer:
    """Write outputs atomically: a temporary file beside the target, renamed when complete."""

    def __init__(self, *, force: bool) -> None:
        self.force = force
        self.written: set[Path] = set()

    @contextlib.contextmanager
    def open(self, target: Path) -> Iterator[IO[str]]:
        """Open a temporary file that becomes `target` only when the block ends without error."""
        with (
            self._temporary(target) as handle,
            os.fdopen(handle, "w", encoding="utf-8", newline="") as fp,
        ):
            yield fp

    @contextlib.contextmanager
    def _temporary(self, target: Path) -> Iterator[int]:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=".part", dir=target.parent
        )
        try:
            yield handle
            self._place(Path(temporary), target)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)  # noqa: PTH108

    def write(self, target: Path, document: str | bytes) -> None:
        """Write `document` (text, or a binary format's bytes) to `target`, atomically."""
        if isinstance(document, str):
            with self.open(target) as fp:
                fp.write(document)
            return
        with self._temporary(target) as handle, os.fdopen(handle, "wb") as binary:
            binary.write(document)

    def _place(self, temporary: Path, target: Path) -> None:
        if target in self.written:
            msg = f"{_shown(str(target))} was already written in this run: not replaced"
            raise FileExistsError(msg)
        if self.force:
            temporary.replace(target)
        else:
            try:
                os.link(temporary, target)  # fails if the target exists: never overwrite
            except FileExistsError:
                msg = f"{_shown(str(target))} exists: use --force to replace it"
                raise FileExistsError(msg) from None
            except OSError:  # no hard links here (some network or FAT file systems)
                if target.exists():
                    msg = f"{_shown(str(target))} exists: use --force to replace it"
                    raise FileExistsError(msg) from None
                temporary.replace(target)
        self.written.add(target)


def _run_convert(args: argparse.Namespace, out: IO[str], err: IO[str]) -> int:
    if args.to in {"html", "docx"}:
        try:
            importlib.import_module(f"govdisclosure.{args.to}")  # fail early without the extra
        except ImportError as error:
            raise _UsageError(str(error)) from None
    if args.to == "docx" and args.output in {None, "-"}:
        raise _UsageError("--to docx writes a binary file: give -o FILE or -o FOLDER")
    if args.excel and args.to != "csv":
        raise _UsageError("--excel goes with --to csv")
    found = list(_nonempty(_inputs(args)))
    plan = _plan(args, found)
    options = _ConvertOptions(args.source_format, args.to, args.style, args.excel)
    records = _pool.run(
        _convert_task, found, options, jobs=args.jobs, failed=_convert_failed, window=_WINDOW
    )
    writer = _Writer(force=args.force)
    status = _Status(args.fail_on)
    with contextlib.closing(records):
        if args.to == "csv":
            if plan.file is None:
                _write_corpus(_progress(records, len(found)), out, status, err, excel=args.excel)
            else:
                with writer.open(plan.file) as fp:
                    _write_corpus(_progress(records, len(found)), fp, status, err, excel=args.excel)
        else:
            _write_each(
                _progress(records, len(found)),
                plan=plan,
                to=args.to,
                writer=writer,
                status=status,
                err=err,
                out=out,
            )
    return status.code()


class _Status:
    """What the records converted so far say about the exit code."""

    def __init__(self, fail_on: str) -> None:
        self.fail_on = fail_on
        self.unreadable = False
        self.fails = False

    def note(self, record: dict[str, Any], err: IO[str]) -> None:
        name = _shown(record["file"])
        for problem in _collapsed(record["problems"]) if record["error"] is None else ():
            err.write(
                f"{_location(name, problem)}: problem {problem['kind']} {problem['message']}\n"
            )
            self.fails = self.fails or _fails(problem["severity"], self.fail_on)
        if record["error"] is not None:
            self.unreadable = True
            for line in _check_lines(record, everything=False):
                err.write(line + "\n")

    def code(self) -> int:
        if self.unreadable:
            return EXIT_UNREADABLE
        return EXIT_FINDINGS if self.fails else EXIT_CLEAN


def _write_corpus(
    records: Iterable[dict[str, Any]], fp: IO[str], status: _Status, err: IO[str], *, excel: bool
) -> None:
    from govdisclosure.csv import COLUMNS  # noqa: PLC0415 - only when asked for

    end = "\r\n" if excel else "\n"
    fp.write(("\ufeff" if excel else "") + ",".join(COLUMNS) + end)
    for record in records:
        status.note(record, err)
        if record["output"] is not None:
            fp.write(record["output"])


def _write_each(
    records: Iterable[dict[str, Any]],
    *,
    plan: _Plan,
    to: str,
    writer: _Writer,
    status: _Status,
    err: IO[str],
    out: IO[str],
) -> None:
    pending: dict[str, Any] | None = None  # one output to standard output: wait for a second
    for record in records:
        status.note(record, err)
        if record["output"] is None:
            continue
        if plan.folder is not None:
            target = _target(plan.folder, record["relative"], record["report_id"], to)
            try:
                writer.write(target, record["output"])
            except FileExistsError as error:
                err.write(f"{_shown(record['file'])}: not written: {error}\n")
                status.unreadable = True
            continue
        if pending is not None:
            msg = f"{_shown(record['file'])} holds several reports: convert it with -o FOLDER"
            raise _UsageError(msg)
        pending = record
    if pending is not None and plan.folder is None:
        if plan.file is None:
            out.write(pending["output"])
        else:
            writer.write(plan.file, pending["output"])


# ------------------------------------------------------------------------------------------------


def _progress(items: Iterator[Any], total: int | None = None) -> Iterator[Any]:
    """Show a progress bar on a terminal (with the ``cli`` extra's tqdm); stay quiet otherwise."""
    quiet = (total is not None and total < 2) or not sys.stderr.isatty()  # noqa: PLR2004
    if quiet or os.environ.get("GOVDISCLOSURE_NO_PROGRESS"):
        yield from items
        return
    try:
        from tqdm import tqdm  # noqa: PLC0415 - optional
    except ImportError:
        yield from items
        return
    yield from tqdm(items, total=total, unit="report", file=sys.stderr)


class _Parser(argparse.ArgumentParser):
    """Usage errors as one line and exit 2, never a traceback."""

    def error(self, message: str) -> Any:
        self.exit(EXIT_USAGE, f"{self.prog}: {message} (see {self.prog} --help)\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="govdisclosure",
        description=(
            "Read, check and convert government information disclosure annual reports "
            "(政府信息公开工作年度报告)."
        ),
        epilog=(
            "Exit codes: 0 clean; 1 a finding or reading problem at or above --fail-on; "
            "2 an input could not be read or the command line is wrong; 128+N stopped by "
            "signal N."
        ),
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    common = _Parser(add_help=False)
    common.add_argument("inputs", nargs="+", metavar="FILE", help="files, folders or globs")
    common.add_argument(
        "--from",
        dest="source_format",
        choices=_FORMATS,
        help="input format (default: from each file's extension, else its content)",
    )
    common.add_argument("-j", "--jobs", type=int, default=1, metavar="N", help="worker processes")
    common.add_argument(
        "--include",
        action="append",
        default=[],
        metavar="GLOB",
        help="in folders, read the files matching GLOB instead of the known extensions",
    )
    common.add_argument(
        "--exclude",
        action="append",
        default=[],
        metavar="GLOB",
        help="leave out files matching GLOB",
    )
    common.add_argument(
        "--fail-on",
        choices=("error", "warning", "info"),
        default="warning",
        help="exit 1 for findings or reading problems at or above this level (default warning)",
    )

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
    convert.add_argument("--to", choices=tuple(_OUTPUTS), required=True, help="output format")
    convert.add_argument(
        "-o",
        "--output",
        metavar="PATH",
        help="output file (one report, or --to csv) or folder (mirrors the inputs' folders)",
    )
    convert.add_argument("--force", action="store_true", help="replace existing output files")
    convert.add_argument(
        "--excel", action="store_true", help="CSV for spreadsheets: BOM, CRLF, formulas quoted"
    )
    convert.add_argument(
        "--style", choices=("grid", "lines"), default="grid", help="text layout (with --to text)"
    )
    return parser


def _on_signal(signum: int, _frame: FrameType | None) -> None:
    raise _Stopped(signum)


def _run(args: argparse.Namespace) -> int:
    if args.jobs < 1:
        raise _UsageError("-j must be at least 1")
    if args.command == "check":
        return _run_check(args, sys.stdout)
    return _run_convert(args, sys.stdout, sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    try:
        args = _parser().parse_args(argv)
    except SystemExit as done:  # --help, --version, or a usage error already printed
        return done.code if isinstance(done.code, int) else EXIT_USAGE
    prog = f"govdisclosure {args.command}"
    previous: Callable[..., Any] | int | None = None
    with contextlib.suppress(ValueError):  # not the main thread: leave signals alone
        previous = signal.signal(signal.SIGTERM, _on_signal)
    # The pool says on standard error when a worker died and its file is tried again.
    notes = logging.StreamHandler(sys.stderr)
    notes.setFormatter(logging.Formatter(f"{prog}: %(message)s"))
    logger = logging.getLogger("govdisclosure")
    logger.addHandler(notes)
    try:
        return _run(args)
    except _UsageError as error:
        sys.stderr.write(f"{prog}: {error}\n")
        return EXIT_USAGE
    except (KeyboardInterrupt, _Stopped) as stop:
        number = stop.signum if isinstance(stop, _Stopped) else signal.SIGINT
        name = signal.Signals(number).name
        sys.stderr.write(f"{prog}: stopped by {name}; no partial output file was left\n")
        return 128 + number
    except OSError as error:  # writing an output (a full disk, a folder we may not write)
        where = f" {_shown(error.filename)}" if error.filename else ""
        sys.stderr.write(f"{prog}: cannot write{where}: {error.strerror or error}\n")
        return EXIT_UNREADABLE
    except Exception as error:  # noqa: BLE001 - a bug: one line to report, never a traceback
        sys.stderr.write(f"{prog}: internal error: {type(error).__name__}: {error}\n")
        return EXIT_UNREADABLE
    finally:
        logger.removeHandler(notes)
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
