"""Finding the report files named by paths, folders and globs, without following links in loops."""

from __future__ import annotations

import fnmatch
import glob
import os
import stat
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path, PurePath
from typing import NamedTuple

DEFAULT_EXCLUDE = ("*.expect.json", "README*", ".*")
"""Files in a folder that are never reports unless named: expected-result files beside
fixtures, read-me files, and hidden files (editors' and version control's)."""


class Input(NamedTuple):
    """One input file: where it is, its path below the folder or glob it was found by."""

    path: Path
    relative: PurePath
    """The path below the folder named (or the fixed part of a glob); the name for a file."""
    special: str | None = None
    """What the file is when it is not a regular file (``FIFO``, ``device``…): never opened."""

    def __str__(self) -> str:
        return str(self.path)


def inputs(
    patterns: Iterable[str],
    extensions: Mapping[str, str],
    *,
    include: Iterable[str] = (),
    exclude: Iterable[str] = (),
) -> Iterator[Input]:
    """Yield the files named by `patterns` once each, in a stable order.

    A file named is taken whatever its extension. A folder (or a glob's match that is one) is
    walked in sorted order without following links to folders; its files are taken when they
    match an `include` glob, or, when none is given, when their extension is one of
    `extensions` and they match no `DEFAULT_EXCLUDE` glob; never when they match an `exclude`.
    """
    includes = tuple(include)
    excludes = (*exclude,) if includes else (*DEFAULT_EXCLUDE, *exclude)
    seen: set[Path] = set()
    for pattern in patterns:
        for path, relative, named in _expand(pattern):
            if path in seen:
                continue
            special = _special(path)
            if special == "folder":
                for found in _walk(path, extensions, includes, excludes):
                    if found.path not in seen:
                        seen.add(found.path)
                        yield found
                continue
            if not named and not _wanted(relative, extensions, includes, excludes):
                continue
            seen.add(path)
            yield Input(path, relative, special)


def _expand(pattern: str) -> Iterator[tuple[Path, PurePath, bool]]:
    """Yield (path, relative path, named explicitly) for a path or a glob."""
    if not glob.has_magic(pattern):
        path = Path(pattern)
        yield path, PurePath(path.name), True
        return
    parts = Path(pattern).parts
    fixed = next(i for i, part in enumerate(parts) if glob.has_magic(part))
    root = Path(*parts[:fixed]) if fixed else Path()
    # pathlib's "**" never follows a link to a folder, so a link loop cannot make it run forever.
    rest = "/".join(parts[fixed:])
    matches = sorted(root.glob(rest)) if root.is_dir() else []
    for match in matches:
        yield match, match.relative_to(root), False


def _walk(
    folder: Path,
    extensions: Mapping[str, str],
    includes: tuple[str, ...],
    excludes: tuple[str, ...],
) -> Iterator[Input]:
    """Yield the wanted files below `folder`, sorted, never entering a link to a folder."""
    for current, folders, files in os.walk(folder, followlinks=False):
        folders.sort()
        folders[:] = [name for name in folders if not name.startswith(".")]
        base = Path(current)
        for name in sorted(files):
            path = base / name
            relative = path.relative_to(folder)
            if _wanted(relative, extensions, includes, excludes):
                special = _special(path)
                if special != "folder":  # a link to a folder (os.walk lists it as a file)
                    yield Input(path, relative, special)


def _wanted(
    relative: PurePath,
    extensions: Mapping[str, str],
    includes: tuple[str, ...],
    excludes: tuple[str, ...],
) -> bool:
    if any(_matches(relative, pattern) for pattern in excludes):
        return False
    if includes:
        return any(_matches(relative, pattern) for pattern in includes)
    return relative.suffix.lower() in extensions


def _matches(relative: PurePath, pattern: str) -> bool:
    """True when the file's name or its relative path matches the glob `pattern`."""
    return fnmatch.fnmatch(relative.name, pattern) or fnmatch.fnmatch(relative.as_posix(), pattern)


def _special(path: Path) -> str | None:  # noqa: PLR0911 - one return per kind of file
    """Name what `path` is when it is not a regular file; None for a regular (or missing) one."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return None  # reading it will say why
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "folder"
    if stat.S_ISFIFO(mode):
        return "FIFO"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    return "special file"  # pragma: no cover - no other kind of file on the systems we test
