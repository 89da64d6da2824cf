"""The project's checks as nox sessions: ``nox -l`` lists them, ``nox -s NAME`` runs one.

CI (``.ci/run``) runs these same sessions after the README's quick start: the tool sessions with
``--no-venv`` in the quick start's environment (which has every tool), the test sessions on 3.12
and 3.13 in fresh virtual environments against the wheel the ``dist`` session built.
"""

from __future__ import annotations

import os
import shutil
import tarfile
from pathlib import Path

import nox

nox.needs_version = ">=2024.4.15"
nox.options.default_venv_backend = "venv"
nox.options.sessions = ["lint", "typing", "imports", "tests", "docs"]

ROOT = Path(__file__).resolve().parent
PYTHONS = ["3.11", "3.12", "3.13"]
DIST_ENV = "GOVDISCLOSURE_DIST"
"""A directory holding one wheel and one sdist to test, instead of building them afresh."""

# Run from the unpacked sdist with src/ removed: the package can only come from the wheel.
_CHECK_INSTALLED = """\
import sys
from pathlib import Path
import govdisclosure
where = Path(govdisclosure.__file__).resolve()
if Path(sys.prefix).resolve() not in where.parents:
    sys.exit(f"govdisclosure was imported from {where}, not from the installed wheel")
print(f"testing the installed package in {where.parent}")
"""


def _install(session: nox.Session, *args: str) -> None:
    """Install `args` in the session's virtualenv; with ``--no-venv`` the current one has them."""
    if session.venv_backend != "none":
        session.install(*args)


def _one(directory: Path, pattern: str) -> Path:
    """The single file in `directory` matching `pattern`."""
    found = sorted(directory.glob(pattern))
    if len(found) != 1:
        msg = f"expected one {pattern} in {directory}, found {[path.name for path in found]}"
        raise RuntimeError(msg)
    return found[0]


@nox.session
def lint(session: nox.Session) -> None:
    """Run the pre-commit hooks on all files: ruff, whitespace, TOML, YAML, codespell."""
    _install(session, "pre-commit")
    session.run("pre-commit", "run", "--all-files", "--show-diff-on-failure", *session.posargs)


@nox.session
def typing(session: nox.Session) -> None:
    """Type-check the package and the tests with mypy --strict (configured in pyproject.toml)."""
    _install(session, "-e", ".[dev]")
    session.run("mypy", *session.posargs)


@nox.session
def imports(session: nox.Session) -> None:
    """Check the import layers with import-linter (contracts in pyproject.toml)."""
    _install(session, "-e", ".[dev]")
    session.run("lint-imports")


@nox.session
def dist(session: nox.Session) -> None:
    """Build the sdist and, from it, the wheel into build/dist; check both hold every file."""
    _install(session, "build", "twine", "check-wheel-contents")
    out = ROOT / "build" / "dist"
    shutil.rmtree(out, ignore_errors=True)
    session.run("python", "-m", "build", "--outdir", str(out), str(ROOT))
    session.run("check-wheel-contents", str(_one(out, "*.whl")))
    session.run("twine", "check", "--strict", *(str(path) for path in sorted(out.iterdir())))
    session.run("python", str(ROOT / ".ci" / "check_dist.py"), str(out))


@nox.session(python=PYTHONS)
def tests(session: nox.Session) -> None:
    """Run the test suite against the built wheel, from the sdist's tree with src/ removed.

    Uses the wheel and sdist in $GOVDISCLOSURE_DIST (as CI does, after the dist session) or
    builds them. Arguments after ``--`` go to pytest.
    """
    if session.venv_backend == "none":
        session.error("the tests install the wheel: run them in their own virtualenv")
    work = Path(session.create_tmp())
    if dist_dir := os.environ.get(DIST_ENV):
        dist = Path(dist_dir).resolve()
    else:
        dist = work / "dist"
        shutil.rmtree(dist, ignore_errors=True)
        session.install("build")
        session.run("python", "-m", "build", "--outdir", str(dist), str(ROOT))
    wheel = _one(dist, "*.whl")
    session.install(f"{wheel}[dev]")
    session.install("--force-reinstall", "--no-deps", str(wheel))  # a reused venv gets it too
    tree = work / "sdist"
    shutil.rmtree(tree, ignore_errors=True)
    with tarfile.open(_one(dist, "*.tar.gz")) as archive:
        archive.extractall(tree, filter="data")
    (top,) = tree.iterdir()
    shutil.rmtree(top / "src")
    with session.chdir(top):
        session.run("python", "-c", _CHECK_INSTALLED)
        session.run(
            "python", "-m", "pytest", "-n", "auto", "-p", "no:cacheprovider", *session.posargs
        )


@nox.session
def docs(session: nox.Session) -> None:
    """Build the docs as HTML and run their examples as doctests, warnings as errors."""
    _install(session, "-e", ".[dev]")
    for builder in ("html", "doctest"):
        out = ROOT / "build" / ("docs" if builder == "html" else builder)
        session.run("sphinx-build", "-W", "--keep-going", "-q", "-b", builder, "docs", str(out))


@nox.session
def bench(session: nox.Session) -> None:
    """Run the benchmarks quickly (a smoke run); figures are printed, targets not enforced.

    Arguments after ``--`` replace ``--no-fail``: ``nox -s bench -- --only parse,json``.
    """
    _install(session, "-e", ".[bench]")
    args = session.posargs or ["--no-fail"]
    session.run("python", "benchmarks/run.py", "--quick", *args)
