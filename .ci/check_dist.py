"""Check that the built wheel and sdist hold everything: exit 1 naming each missing file.

Usage: ``python .ci/check_dist.py DIST_DIR`` (one wheel and one sdist, as ``python -m build``
leaves them). The wheel must hold every file of the package in ``src/`` — the modules,
``py.typed`` and any data file — and nothing outside the package but its metadata; the sdist must
hold every file the test suite, the docs and the benchmarks need.
"""

from __future__ import annotations

import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "govdisclosure"
SDIST_DIRS = ("src", "tests", "docs", "examples", "benchmarks")
SDIST_FILES = ("pyproject.toml", "README.md", "CHANGELOG.md", "CONTRIBUTING.md", "LICENSE")


def _tree(base: Path) -> set[str]:
    """Every file under `base` git tracks (every file, outside a checkout), relative to ROOT."""
    relative = base.relative_to(ROOT).as_posix()
    try:
        listed = subprocess.run(  # noqa: S603 - fixed arguments
            ["git", "ls-files", "-z", "--", relative],  # noqa: S607 - git from PATH, as a user runs it
            cwd=ROOT,
            capture_output=True,
            check=True,
            text=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return {
            path.relative_to(ROOT).as_posix()
            for path in base.rglob("*")
            if path.is_file() and "__pycache__" not in path.parts
        }
    return {name for name in listed.split("\0") if name}


def _one(dist: Path, pattern: str) -> Path:
    """The single file in `dist` matching `pattern`."""
    found = sorted(dist.glob(pattern))
    if len(found) != 1:
        sys.exit(f"expected one {pattern} in {dist}, found {[path.name for path in found]}")
    return found[0]


def check_wheel(wheel: Path) -> list[str]:
    """Return what is wrong with `wheel`: missing package files, stray top-level entries."""
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    problems = []
    marker = f"{PACKAGE}/py.typed"
    if marker not in names:
        problems.append(f"{marker} is missing: type checkers would ignore the package")
    expected = {name.removeprefix("src/") for name in _tree(ROOT / "src" / PACKAGE)} - {marker}
    problems += [f"{name} is missing" for name in sorted(expected - names)]
    if not any(name.endswith(".dist-info/METADATA") for name in names):
        problems.append("the .dist-info/METADATA file is missing")
    tops = {name.split("/", 1)[0] for name in names}
    stray = sorted(top for top in tops if top != PACKAGE and not top.endswith(".dist-info"))
    problems += [f"{name} is outside the package" for name in stray]
    return problems


def check_sdist(sdist: Path) -> list[str]:
    """Return the files of the source tree that `sdist` lacks."""
    with tarfile.open(sdist) as archive:
        # Every member sits under one top directory, govdisclosure-<version>/.
        names = {
            member.name.split("/", 1)[1] for member in archive.getmembers() if "/" in member.name
        }
    expected = set(SDIST_FILES)
    for directory in SDIST_DIRS:
        expected |= _tree(ROOT / directory)
    return [f"{name} is missing from the sdist" for name in sorted(expected - names)]


def main() -> int:
    """Check the wheel and sdist in the directory given on the command line."""
    dist = Path(sys.argv[1])
    wheel, sdist = _one(dist, "*.whl"), _one(dist, "*.tar.gz")
    problems = [f"{wheel.name}: {problem}" for problem in check_wheel(wheel)]
    problems += [f"{sdist.name}: {problem}" for problem in check_sdist(sdist)]
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        return 1
    print(f"{wheel.name} and {sdist.name} hold every file of the package and its tests")
    return 0


if __name__ == "__main__":
    sys.exit(main())
