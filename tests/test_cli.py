"""Tests for govdisclosure.cli: the check and convert commands, their output and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from govdisclosure import json as gjson
from govdisclosure import text
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


def test_usage_errors_exit_two(capsys: pytest.CaptureFixture[str]) -> None:
    """A wrong command line exits 2."""
    with pytest.raises(SystemExit) as caught:
        main(["check"])
    assert 2 == caught.value.code
    assert 2 == main(["check", "-j", "0", str(EXAMPLE)])
    capsys.readouterr()


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
