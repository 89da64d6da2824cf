"""Tests for govdisclosure.cli: the check and convert commands, their output and exit codes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from govdisclosure import Report, checks, text
from govdisclosure import json as gjson
from govdisclosure.cli import main

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "xiangtan-audit-2020.txt"
CORPUS = Path(__file__).resolve().parent / "fixtures" / "corpus"


def _broken(tmp_path: Path) -> tuple[Path, int]:
    """The Xiangtan report with 本年新收 / 自然人 changed from 0 to 12.

    Returns the file and the line of that row's printed 总计, where the row-total finding points.
    """
    lines = EXAMPLE.read_text(encoding="utf-8").split("\n")
    label = next(
        n for n, line in enumerate(lines) if line.strip() == "一、本年新收政府信息公开申请数量"
    )
    lines[label + 1] = "\t12"
    path = tmp_path / "broken.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path, label + 8


def test_check_clean_report_exits_zero(capsys: pytest.CaptureFixture[str]) -> None:
    """The shipped example has no findings: exit 0 and a one-line summary."""
    assert 0 == main(["check", str(EXAMPLE)])
    out = capsys.readouterr().out
    assert out.startswith("1 report(s): 1 read, 0 unreadable; 0 failed check(s)")


def test_check_prints_file_and_line_of_each_finding(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An arithmetic error is printed as file:line: severity rule message, and exits 1."""
    path, line = _broken(tmp_path)
    assert 1 == main(["check", str(path)])
    lines = capsys.readouterr().out.splitlines()
    assert f"{path}:{line}: error row-total " in lines[0]
    assert lines[0].startswith(f"{path}:{line}: error row-total 一、本年新收政府信息公开申请数量")
    assert any(": error balance " in entry for entry in lines)


def test_check_json_format_parses_back(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--format json prints one JSON document with every finding and a summary."""
    path, line = _broken(tmp_path)
    assert 1 == main(["check", str(path), "--format", "json", "--lang", "en"])
    document = json.loads(capsys.readouterr().out)
    (record,) = document["files"]
    rules = {(f["rule"], f["line"]) for f in record["findings"]}
    assert ("row-total", line) in rules
    assert {"balance", "row-total"} == set(document["summary"]["by_rule"])
    assert 1 == document["summary"]["read"]


def test_check_accepted_findings_are_left_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Keys listed in an --accept file are not reported, and the exit code follows."""
    path, _ = _broken(tmp_path)
    main(["check", str(path), "--format", "json"])
    keys = [f["key"] for f in json.loads(capsys.readouterr().out)["files"][0]["findings"]]
    accept = tmp_path / "accepted.txt"
    accept.write_text("# reviewed\n" + "\n".join(keys) + "\n", encoding="utf-8")
    assert 0 == main(["check", str(path), "--accept", str(accept)])


def test_check_reads_gb18030(tmp_path: Path) -> None:
    """A GB18030-encoded report is decoded and checked like its UTF-8 original."""
    path = tmp_path / "gbk.txt"
    path.write_bytes(EXAMPLE.read_text(encoding="utf-8").encode("gb18030"))
    assert 0 == main(["check", str(path)])


def test_unreadable_input_exits_two(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A missing file, invalid JSON or text holding no report exits 2 and says why."""
    empty = tmp_path / "empty.txt"
    empty.write_text("\n\n", encoding="utf-8")
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    assert 2 == main(["check", str(empty), str(bad), str(tmp_path / "missing.txt"), str(EXAMPLE)])
    out = capsys.readouterr().out
    assert f"{empty}: unreadable no report found" in out
    assert f"{bad}: unreadable" in out
    assert "missing.txt: unreadable cannot read" in out
    assert "4 report(s): 1 read, 3 unreadable" in out


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["check"], "required"),
        (["frobnicate", "x"], "invalid choice"),
        (["check", "-j", "0", "{example}"], "-j must be at least 1"),
        (["check", "-j", "two", "{example}"], "invalid int"),
        (["check", "--fail-on", "fatal", "{example}"], "invalid choice"),
        (["check", "--accept", "{tmp}/nofile", "{example}"], "--accept"),
        (["check", "{tmp}/empty-folder"], "no input files"),
        (["convert", "{example}", "--to", "json", "-o", "{tmp}/no/such/x.json"], "does not exist"),
        (["convert", "{example}", "{example2}", "--to", "json"], "need -o FOLDER"),
        (["convert", "{example}", "--to", "json", "-o", "{tmp}/taken.json"], "--force"),
        (["convert", "{example}", "--to", "csv", "-o", "{tmp}"], "is a folder"),
        (
            ["convert", "{example}", "{example2}", "--to", "json", "-o", "{tmp}/taken.json"],
            "is a file",
        ),
        (["convert", "{example}", "--to", "json", "--excel"], "--excel goes with --to csv"),
    ],
)
def test_every_usage_error_exits_two_with_one_line(
    argv: list[str], says: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each wrong command line exits 2 with a one-line message on stderr, and no traceback."""
    (tmp_path / "empty-folder").mkdir()
    (tmp_path / "taken.json").write_text("kept", encoding="utf-8")
    second = tmp_path / "second.txt"
    second.write_bytes(EXAMPLE.read_bytes())
    fields = {"example": str(EXAMPLE), "example2": str(second), "tmp": str(tmp_path)}
    assert 2 == main([arg.format(**fields) for arg in argv])
    captured = capsys.readouterr()
    (line,) = captured.err.splitlines()
    assert line.startswith("govdisclosure")
    assert says in line
    assert "" == captured.out
    assert "kept" == (tmp_path / "taken.json").read_text(encoding="utf-8")


def test_convert_to_json_and_back(tmp_path: Path) -> None:
    """Converting to JSON writes the report's JSON form, which reads back to the same report."""
    output = tmp_path / "out.json"
    assert 0 == main(["convert", str(EXAMPLE), "--to", "json", "-o", str(output)])
    assert text.loads(EXAMPLE.read_bytes()) == gjson.loads(output.read_text(encoding="utf-8"))


def test_convert_to_text_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    """Converting to text prints the official layout on stdout."""
    assert 0 == main(["convert", str(EXAMPLE), "--to", "text", "--style", "lines"])
    out = capsys.readouterr().out
    assert text.loads(EXAMPLE.read_bytes()) == text.loads(out)


def test_convert_reports_problems_on_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Converting a cut-off page writes what was read and lists the problems; exit 1."""
    output = tmp_path / "cut.json"
    source = CORPUS / "002-taojiang-audit-2020.txt"
    assert 1 == main(["convert", str(source), "--to", "json", "-o", str(output)])
    assert "problem row-cut-off" in capsys.readouterr().err
    assert gjson.loads(output.read_text(encoding="utf-8")) == text.parse(source.read_bytes()).report


def test_batch_directory_with_workers(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A directory is expanded and checked by two workers, in a stable order."""
    for number in range(3):
        (tmp_path / f"r{number}.txt").write_bytes(EXAMPLE.read_bytes())
    (tmp_path / "broken.txt").write_text("\n", encoding="utf-8")
    assert 2 == main(["check", str(tmp_path), "-j", "2", "--format", "json"])
    document = json.loads(capsys.readouterr().out)
    assert [f"r{n}.txt" for n in range(3)] == [
        Path(r["file"]).name for r in document["files"] if r["error"] is None
    ]
    assert 1 == document["summary"]["unreadable"]


def test_module_entry_point() -> None:
    """`python -m govdisclosure` runs the same command line."""
    done = subprocess.run(  # noqa: S603 - runs this interpreter on a test file
        [sys.executable, "-m", "govdisclosure", "check", str(EXAMPLE)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert 0 == done.returncode
    assert "1 read" in done.stdout


def test_html_in_and_out(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`.html` files are read by the HTML reader, and --to html writes a page that reads back."""
    page = tmp_path / "xiangtan.html"
    assert 0 == main(["convert", str(EXAMPLE), "--to", "html", "-o", str(page)])
    assert 0 == main(["check", str(page)])
    shanghai = CORPUS / "001-shanghai-municipal-govt-office-2019.html"
    assert 1 == main(["check", str(shanghai)])  # 251000元: a unit stripped from a cell
    out = capsys.readouterr().out
    assert f"{shanghai}:1: problem unit-stripped" in out


def test_corpus_csv_names_reports_by_file(tmp_path: Path) -> None:
    """Converting several files to CSV writes one corpus CSV keyed by file name."""
    from govdisclosure import csv as gdcsv  # noqa: PLC0415 - the module under test here

    copy = tmp_path / "copy.json"
    assert 0 == main(["convert", str(EXAMPLE), "--to", "json", "-o", str(copy)])
    corpus = tmp_path / "corpus.csv"
    assert 0 == main(["convert", str(EXAMPLE), str(copy), "--to", "csv", "-o", str(corpus)])
    reports = gdcsv.loads_corpus(corpus.read_bytes())
    assert [str(EXAMPLE), str(copy)] == list(reports)
    assert reports[str(EXAMPLE)] == reports[str(copy)] == text.loads(EXAMPLE.read_bytes())
    assert 0 == main(["check", str(corpus)])


# ------------------------------------------------------------------------------------------------
# Batch safety


def _copies(folder: Path, *names: str) -> list[Path]:
    """Write the example report to each relative name under `folder`."""
    paths = []
    for name in names:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(EXAMPLE.read_bytes())
        paths.append(path)
    return paths


def _tree(folder: Path) -> dict[str, bytes]:
    """Every file below `folder` (hidden ones too), by relative path."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_convert_mirrors_the_folders_so_same_names_do_not_clash(tmp_path: Path) -> None:
    """``2020/report.txt`` and ``2021/report.txt`` become ``2020/report.json`` and ``2021/…``."""
    _copies(tmp_path / "site", "2020/report.txt", "2021/report.txt")
    out = tmp_path / "out"
    assert 0 == main(["convert", str(tmp_path / "site"), "--to", "json", "-o", str(out)])
    assert ["2020/report.json", "2021/report.json"] == sorted(_tree(out))
    expected = text.loads(EXAMPLE.read_bytes())
    assert [expected, expected] == [
        gjson.loads(p.read_bytes()) for p in sorted(out.rglob("*.json"))
    ]


def test_convert_refuses_a_name_clash_before_writing_anything(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``r.txt`` and ``r.html`` would both be ``r.json``: exit 2, naming both, nothing written."""
    _copies(tmp_path / "in", "a.txt", "r.txt")
    (tmp_path / "in" / "r.html").write_text("<p>a page</p>", encoding="utf-8")
    out = tmp_path / "out"
    assert 2 == main(["convert", str(tmp_path / "in"), "--to", "json", "-o", str(out)])
    err = capsys.readouterr().err
    assert "r.html" in err
    assert "r.txt" in err
    assert "nothing was written" in err
    assert not out.exists()


def test_convert_never_overwrites_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An existing output stops the run before any file is written; --force replaces it."""
    _copies(tmp_path / "in", "a.txt", "b.txt")
    out = tmp_path / "out"
    out.mkdir()
    (out / "b.json").write_text("mine", encoding="utf-8")
    assert 2 == main(["convert", str(tmp_path / "in"), "--to", "json", "-o", str(out)])
    assert "--force" in capsys.readouterr().err
    assert {"b.json": b"mine"} == _tree(out)
    assert 0 == main(["convert", str(tmp_path / "in"), "--to", "json", "-o", str(out), "--force"])
    assert ["a.json", "b.json"] == sorted(_tree(out))
    assert text.loads(EXAMPLE.read_bytes()) == gjson.loads((out / "b.json").read_bytes())


def test_convert_corpus_writes_one_file_per_report(tmp_path: Path) -> None:
    """A corpus CSV of three reports converts to three files named by file and report id."""
    from govdisclosure import csv as gdcsv  # noqa: PLC0415 - the module under test here

    report = text.loads(EXAMPLE.read_bytes())
    reports = {"a": report, "b/c": report, "b_c": report}
    corpus = tmp_path / "corpus.csv"
    corpus.write_text(gdcsv.dumps_corpus(reports), encoding="utf-8")
    out = tmp_path / "out"
    assert 0 == main(["convert", str(corpus), "--to", "json", "-o", str(out) + "/"])
    assert ["corpus#a.json", "corpus#b%2Fc.json", "corpus#b_c.json"] == sorted(_tree(out))
    assert all(report == gjson.loads(p.read_bytes()) for p in out.iterdir())


def test_csv_output_for_excel(tmp_path: Path) -> None:
    """--excel writes the corpus CSV with a byte-order mark and CRLF line ends, and reads back."""
    from govdisclosure import csv as gdcsv  # noqa: PLC0415 - the module under test here

    output = tmp_path / "corpus.csv"
    assert 0 == main(["convert", str(EXAMPLE), "--to", "csv", "--excel", "-o", str(output)])
    report = text.loads(EXAMPLE.read_bytes())
    expected = gdcsv.dumps_corpus({str(EXAMPLE): report}, excel=True).encode()
    assert expected == output.read_bytes()
    assert expected.startswith(b"\xef\xbb\xbfreport,template,")
    assert [report] == list(gdcsv.loads_corpus(expected, excel=True).values())


def _children(pid: int) -> list[int]:
    """The process ids whose parent is `pid` (Linux /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    """True while process `pid` runs (a zombie, dead but not yet reaped, is not alive)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _command(*args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(  # noqa: S603 - runs this interpreter on test files
        [sys.executable, "-m", "govdisclosure", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "GOVDISCLOSURE_NO_PROGRESS": "1"},
    )


def _wait_for(condition: Callable[[], object], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.005)


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="finds processes in /proc")
@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGKILL])
def test_interrupted_convert_leaves_the_previous_output(tmp_path: Path, how: int) -> None:
    """Killed while writing its CSV, convert leaves the previous file whole and no partial one."""
    _copies(tmp_path / "in", *(f"{n:03d}.txt" for n in range(300)))
    output = tmp_path / "out" / "corpus.csv"
    output.parent.mkdir()
    output.write_text("previous", encoding="utf-8")
    run = _command(
        "convert", str(tmp_path / "in"), "--to", "csv", "-o", str(output), "--force", "-j", "2"
    )
    workers: list[int] = []

    def writing() -> bool:
        workers[:] = _children(run.pid)
        return len(workers) == 2 and any(p.suffix == ".part" for p in output.parent.iterdir())

    _wait_for(writing)
    run.send_signal(how)
    _, err = run.communicate(timeout=60)
    assert (-how if how == signal.SIGKILL else 128 + how) == run.returncode, err
    assert b"previous" == output.read_bytes()
    left = sorted(p.name for p in output.parent.iterdir())
    if how == signal.SIGTERM:  # cleaned up; SIGKILL leaves its hidden temporary file only
        assert ["corpus.csv"] == left
        assert b"stopped by SIGTERM" in err
        assert 2 == len(workers)
        _wait_for(lambda: not any(_alive(pid) for pid in workers), seconds=10)
    else:
        assert all(name == "corpus.csv" or name.startswith(".corpus.csv.") for name in left)


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="finds processes in /proc")
def test_worker_killed_mid_run_is_replaced_and_every_file_reported(tmp_path: Path) -> None:
    """SIGKILL to a worker mid-run: a new one takes its file, and the output is that of -j 1."""
    _copies(tmp_path / "in", *(f"{n:03d}.txt" for n in range(200)))
    folder = str(tmp_path / "in")
    alone = subprocess.run(  # noqa: S603 - runs this interpreter on test files
        [sys.executable, "-m", "govdisclosure", "check", folder, "--format", "json"],
        capture_output=True,
        check=False,
    )
    run = _command("check", folder, "-j", "2", "--format", "json")
    workers: list[int] = []

    def started() -> bool:
        workers[:] = _children(run.pid)
        return len(workers) >= 2

    _wait_for(started)
    assert run.stdout is not None
    first = os.read(run.stdout.fileno(), 1)  # output is arriving: the workers are mid-run
    os.kill(workers[0], signal.SIGKILL)
    out, err = run.communicate(timeout=60)
    assert (0, alone.stdout) == (run.returncode, first + out)
    assert b"a worker died (killed by signal 9)" in err


_POISON = "本年共收到申请" + "9" * 4301 + "件。"


@pytest.fixture(autouse=True)
def _checks_raise_on_the_poison(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make `checks.check` raise on the poison report (workers are forked and inherit it).

    The checks no longer raise on any report (they once did on this one), so the test of a
    file whose checking fails brings its own failure.
    """
    real = checks.check

    def check(report: Report, **options: Any) -> Any:
        if any(_POISON in section.text for section in report.sections):
            msg = "a check failed on the poison report"
            raise ValueError(msg)
        return real(report, **options)

    monkeypatch.setattr(checks, "check", check)


def _poisoned(folder: Path) -> Path:
    """A report whose checking raises (see `_checks_raise_on_the_poison`)."""
    source = EXAMPLE.read_text(encoding="utf-8")
    poison = folder / "poison.txt"
    poison.write_text(
        source.replace("一、总体情况", "一、总体情况\n" + _POISON, 1),
        encoding="utf-8",
    )
    return poison


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_poison_file_is_its_own_unreadable_line(
    jobs: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An error while checking one file is that file's line; the good files around it are read."""
    _copies(tmp_path, "a.txt", "z.txt")
    poison = _poisoned(tmp_path)
    assert 2 == main(["check", str(tmp_path), "--narrative", "-j", jobs])
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(f"{poison}: unreadable failed while reading: ValueError: ")
    assert "3 report(s): 2 read, 1 unreadable; 0 failed check(s)" in lines[-2]


def test_one_and_two_workers_print_identical_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """-j 1 and -j 2 print the same bytes, text and JSON, on a folder mixing every format."""
    from govdisclosure import csv as gdcsv  # noqa: PLC0415 - the module under test here

    _copies(tmp_path, *(f"{n}/r.txt" for n in range(6)))
    for source in sorted(CORPUS.glob("0[0-2]*.*")):
        (tmp_path / source.name).write_bytes(source.read_bytes())
    report = text.loads(EXAMPLE.read_bytes())
    (tmp_path / "corpus.csv").write_text(gdcsv.dumps_corpus([report] * 3), encoding="utf-8")
    (tmp_path / "empty.json").write_text("[]", encoding="utf-8")
    _poisoned(tmp_path)
    outputs = []
    for jobs in ("1", "2"):
        for form in ("text", "json"):
            code = main(["check", str(tmp_path), "-j", jobs, "--format", form, "--narrative"])
            outputs.append((code, capsys.readouterr().out))
    assert outputs[:2] == outputs[2:]
    assert 2 == outputs[0][0]
    document = json.loads(outputs[1][1])
    # 6 copies, 14 real reports, a corpus of 3, an empty document and the poison file
    assert 25 == document["summary"]["reports"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_fifo_is_skipped_with_a_line_and_never_opened(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A FIFO in a folder or named on the command line is said to be skipped, never opened."""
    (report,) = _copies(tmp_path, "a.txt")
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    assert 2 == main(["check", str(tmp_path)])
    assert 2 == main(["check", str(fifo), str(report)])
    out = capsys.readouterr().out
    line = f"{fifo}: unreadable skipped: a FIFO, not a regular file (never opened)"
    assert 2 == out.splitlines().count(line)


def test_glob_through_a_link_loop_ends(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A quoted ``**`` glob over a folder linking to its parent reads each file once and ends."""
    _copies(tmp_path, "a/r.txt")
    (tmp_path / "a" / "loop").symlink_to(tmp_path, target_is_directory=True)
    assert 0 == main(["check", str(tmp_path / "**" / "*.txt")])
    assert "1 report(s): 1 read" in capsys.readouterr().out
    assert 0 == main(["check", str(tmp_path)])
    assert "1 report(s): 1 read" in capsys.readouterr().out


def test_folders_hold_reports_only_by_default_and_globs_choose(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """README.md and ``*.expect.json`` are not read; --include (instead) and --exclude choose."""
    _copies(tmp_path, "a.txt", "b.txt", "notes.md", "README.md")
    report = text.loads(EXAMPLE.read_bytes())
    (tmp_path / "a.expect.json").write_text(gjson.dumps(report), encoding="utf-8")

    def read(*options: str) -> list[str]:
        main(["check", str(tmp_path), "--format", "json", *options])
        files = json.loads(capsys.readouterr().out)["files"]
        return [Path(record["file"]).name for record in files]

    assert ["a.txt", "b.txt"] == read()
    assert ["a.txt"] == read("--exclude", "b.*")
    assert ["README.md", "notes.md"] == read("--include", "*.md")
    assert ["a.expect.json"] == read("--include", "*.expect.json")


def test_fail_on_chooses_the_level_that_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A report whose only failure is a warning exits 1 at --fail-on warning and 0 at error."""
    report = text.loads(EXAMPLE.read_bytes())
    report = report.with_cells({"proactive.rules.published": 10**6})  # more than in total
    path = tmp_path / "warned.json"
    path.write_text(gjson.dumps(report), encoding="utf-8")
    findings = [f for f in checks.check(report) if f.status is checks.Status.FAIL]
    assert {"warning"} == {f.severity.value for f in findings}
    assert 1 == main(["check", str(path)])
    assert 1 == main(["check", str(path), "--fail-on", "warning"])
    assert 0 == main(["check", str(path), "--fail-on", "error"])
    blank = tmp_path / "blank.json"  # a blank cell: rules over it are not assessable (info)
    cells = {"applications.new_received.natural_person": None}
    blank.write_text(gjson.dumps(text.loads(EXAMPLE.read_bytes()).with_cells(cells)), "utf-8")
    assert 0 == main(["check", str(blank)])
    assert 1 == main(["check", str(blank), "--fail-on", "info"])
    capsys.readouterr()


def test_unreadable_file_shows_every_reason(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every reason a file cannot be read is printed, and listed in the JSON output's problems."""
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    assert 2 == main(["check", str(bad)])
    out = capsys.readouterr().out
    assert 14 <= out.count(f"  {bad}:1: reason ")
    assert 2 == main(["check", str(bad), "--format", "json"])
    (record,) = json.loads(capsys.readouterr().out)["files"]
    assert record["error"].startswith("no report found")
    assert 14 <= len(record["problems"])
    assert {"kind", "message", "line", "column", "path", "found"} <= set(record["problems"][0])


def test_a_cut_off_pages_missing_rows_are_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    """The rows lost with the pages before a PDF's page 4 are one line; those after, one problem."""
    page = CORPUS / "040-szf2024-city-pdf-page4-2024.txt"
    main(["check", str(page)])
    out = capsys.readouterr().out.splitlines()
    lines = [line for line in out if "row-missing" in line]
    assert 1 == len(lines)
    assert "3 rows not found: 第二十条第（一）项 规章 … 第二十条第（五）项 行政许可" in lines[0]
    assert 1 == sum("text-cut-off" in line for line in out)
    problems = text.parse(page.read_bytes()).problems
    assert 3 == sum(p.kind == "row-missing" for p in problems)
    (cut,) = (p for p in problems if p.kind == "text-cut-off")
    first, last = (
        "三、本年度办理结果 （四）无法提供 2.没有现成信息需要另行制作",
        "四、结转下年度继续办理",
    )
    assert (46, "applications") == (cut.line, cut.path)
    assert f"12 rows not shown: {first} … {last}" in cut.message


@pytest.mark.skipif(sys.platform != "linux", reason="file names are bytes on Linux")
def test_a_file_name_that_is_not_utf8_is_shown_escaped(tmp_path: Path) -> None:
    """A file named in Latin-1 bytes is checked and converted; its name is printed escaped."""
    name = os.fsdecode(b"caf\xe9.txt")
    (tmp_path / name).write_bytes(EXAMPLE.read_bytes())
    done = subprocess.run(  # noqa: S603 - runs this interpreter on a test file
        [sys.executable, "-m", "govdisclosure", "check", str(tmp_path), "--format", "json"],
        capture_output=True,
        check=False,
        env={**os.environ, "PYTHONIOENCODING": "utf-8:strict"},
    )
    assert (0, b"") == (done.returncode, done.stderr)
    assert json.loads(done.stdout)["files"][0]["file"].endswith("caf\\xe9.txt")
    corpus = tmp_path / "corpus.csv"
    assert 0 == main(["convert", str(tmp_path), "--to", "csv", "-o", str(corpus)])
    assert b"caf\\xe9.txt" in corpus.read_bytes()


@pytest.mark.parametrize(
    ("raised", "code", "said"),
    [
        (OSError(28, "No space left on device", "out.json"), 2, "cannot write out.json: No space"),
        (KeyboardInterrupt(), 130, "stopped by SIGINT; no partial output file was left"),
        (RuntimeError("a bug"), 2, "internal error: RuntimeError: a bug"),
    ],
)
def test_failures_of_a_run_are_one_line_and_an_exit_code(
    raised: BaseException,
    code: int,
    said: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A full disk, Ctrl-C or a bug end the run with one line on standard error, no traceback."""
    from govdisclosure import cli  # noqa: PLC0415 - the module whose run is replaced

    def run(_args: object) -> int:
        raise raised

    monkeypatch.setattr(cli, "_run", run)
    assert code == main(["check", str(EXAMPLE)])
    err = capsys.readouterr().err
    assert 1 == len(err.splitlines())
    assert said in err
    assert "Traceback" not in err


def test_module_runs_in_process(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Running the package as a module exits with the command line's code."""
    import runpy  # noqa: PLC0415 - only this test runs a module

    monkeypatch.setattr(sys, "argv", ["govdisclosure", "check", str(EXAMPLE)])
    with pytest.raises(SystemExit) as done:
        runpy.run_module("govdisclosure", run_name="__main__")
    assert 0 == done.value.code
    assert "1 report(s)" in capsys.readouterr().out
