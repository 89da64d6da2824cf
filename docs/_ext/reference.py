"""Sphinx helpers for the reference pages, generated from the code so they cannot drift.

- ``api-summary MODULE``: a table of every name in the module's ``__all__`` with the first line
  of its docstring, each linked to the page that describes it (wherever that is).
- ``section-table``: the template's section headings and their known variants, from the layout.
- ``cli-help [COMMAND]``: the command line's ``--help`` text, from the argparse parser itself.

When all pages are read, the build also checks that every public name of every public module
(its ``__all__``) is described on some page, and warns otherwise: with ``-W`` a name added
without documentation fails the build.
"""

from __future__ import annotations

import contextlib
import importlib
import inspect
import io
import os
import pkgutil
import sys
from collections.abc import Iterator
from types import ModuleType
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import Directive
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.pycode import ModuleAnalyzer
from sphinx.util import logging
from sphinx.util.nodes import make_refnode
from tablenodes import table

import govdisclosure
from govdisclosure.cli import main as cli_main
from govdisclosure.layout import sections

_LOGGER = logging.getLogger(__name__)
_FLAG = "govdisclosure_api"
# argparse wraps help text to the terminal's width: fix it so every build prints the same.
_HELP_WIDTH = "90"


def public_modules() -> list[str]:
    """Return the package and every module of it whose name has no leading underscore."""
    names = [govdisclosure.__name__]
    for info in pkgutil.iter_modules(govdisclosure.__path__, govdisclosure.__name__ + "."):
        short = info.name.rsplit(".", 1)[1]
        if not short.startswith("_"):
            names.append(info.name)
    return names


def _public_names(module: ModuleType) -> list[str]:
    return sorted(getattr(module, "__all__", ()), key=str.lower)


def _attribute_doc(module: ModuleType, name: str) -> str:
    """The docstring written under a module-level assignment, here or where it was imported from."""
    prefix = module.__name__ + "."
    candidates = [module.__name__]
    candidates += [m for m in list(sys.modules) if m.startswith(prefix)]
    for candidate in candidates:
        try:
            docs = ModuleAnalyzer.for_module(candidate).find_attr_docs()
        except Exception:  # noqa: BLE001, S112 - a module without source has no attribute docs
            continue
        lines = docs.get(("", name))
        if lines:
            return " ".join(lines).strip()
    return ""


def _summary(module: ModuleType, name: str) -> str:
    obj = getattr(module, name)
    doc = ""
    if inspect.isclass(obj) or inspect.isroutine(obj) or inspect.ismodule(obj):
        doc = inspect.getdoc(obj) or ""
    if not doc:
        doc = _attribute_doc(module, name)
    # Plain text in a table cell: drop the backticks that mark identifiers in docstrings.
    return doc.strip().split("\n\n", 1)[0].replace("\n", " ").replace("`", "")


class ApiSummary(Directive):
    """Render a table of a module's public names, each linked to where it is described."""

    required_arguments = 1
    has_content = False
    option_spec: ClassVar[dict[str, Any]] = {}

    def run(self) -> list[nodes.Node]:
        """Build the table."""
        module = importlib.import_module(self.arguments[0])
        rows: list[list[nodes.Node | str]] = []
        for name in _public_names(module):
            # The exact name when a page describes the object under it; otherwise
            # _resolve finds the name it is described under (Cell is govdisclosure.Cell).
            xref = addnodes.pending_xref(
                "",
                refdomain="py",
                reftype="obj",
                reftarget=f"{module.__name__}.{name}",
                refwarn=True,  # a name described nowhere is a warning, so -W fails the build
            )
            xref[_FLAG] = True
            xref += nodes.literal(text=name)
            rows.append([xref, _summary(module, name)])
        return [table(["name", "what it is"], rows)]


class SectionTable(Directive):
    """Render the template's sections: identifier, official heading, variants seen, table."""

    has_content = False
    option_spec: ClassVar[dict[str, Any]] = {}

    def run(self) -> list[nodes.Node]:
        """Build the table."""
        rows: list[list[nodes.Node | str]] = [
            [
                nodes.literal(text=spec.key),
                spec.heading,
                "、".join(spec.aliases) or "—",
                nodes.literal(text=spec.table) if spec.table else "—",
            ]
            for spec in sections()
        ]
        return [table(["identifier", "official heading", "also printed as", "table"], rows)]


@contextlib.contextmanager
def _columns(width: str) -> Iterator[None]:
    previous = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = width
    try:
        yield
    finally:
        if previous is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = previous


class CliHelp(Directive):
    """Render ``govdisclosure [COMMAND] --help`` as the parser prints it."""

    optional_arguments = 1
    has_content = False
    option_spec: ClassVar[dict[str, Any]] = {}

    def run(self) -> list[nodes.Node]:
        """Run the parser's help and capture it."""
        out = io.StringIO()
        with (
            _columns(_HELP_WIDTH),
            contextlib.redirect_stdout(out),
            contextlib.suppress(SystemExit),
        ):
            cli_main([*self.arguments, "--help"])
        block = nodes.literal_block(text=out.getvalue().rstrip())
        block["language"] = "text"
        return [block]


def _described(env: BuildEnvironment) -> dict[int, str]:
    """Map the id of each Python object some page describes to the name it is described under."""
    found: dict[int, str] = {}
    for name, *_ in env.get_domain("py").get_objects():
        module_name, _, rest = name.partition(".")
        try:
            obj: Any = importlib.import_module(module_name)
        except ImportError:
            continue
        parts = rest.split(".") if rest else []
        for index, part in enumerate(parts):
            if hasattr(obj, part):
                obj = getattr(obj, part)
                continue
            dotted = ".".join([module_name, *parts[: index + 1]])
            try:
                obj = importlib.import_module(dotted)
            except ImportError:
                break
        else:
            found.setdefault(id(obj), name)
    return found


# Filled once all pages are read (env-check-consistency), used while writing them.
_DESCRIBED: dict[int, str] = {}


def _check_api(_app: Sphinx, env: BuildEnvironment) -> None:
    """Warn about every public name that no page describes."""
    _DESCRIBED.clear()
    _DESCRIBED.update(_described(env))
    modules = dict(env.get_domain("py").data["modules"])
    for module_name in public_modules():
        module = importlib.import_module(module_name)
        if module_name not in modules:
            _LOGGER.warning("public module %s is not described on any page", module_name)
        for name in _public_names(module):
            if id(getattr(module, name)) not in _DESCRIBED:
                _LOGGER.warning("public name %s.%s is not described on any page", module_name, name)


def _resolve(
    app: Sphinx, env: BuildEnvironment, node: addnodes.pending_xref, contnode: nodes.Element
) -> nodes.reference | None:
    """Link an api-summary entry to the object it names, under whatever name it is described."""
    if not node.get(_FLAG):
        return None
    module_name, _, name = node["reftarget"].rpartition(".")
    described = _DESCRIBED.get(id(getattr(importlib.import_module(module_name), name)))
    if described is None:
        return None
    entry = env.get_domain("py").objects[described]
    return make_refnode(app.builder, node["refdoc"], entry.docname, entry.node_id, contnode)


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the directives and the API coverage check."""
    app.add_directive("api-summary", ApiSummary)
    app.add_directive("section-table", SectionTable)
    app.add_directive("cli-help", CliHelp)
    app.connect("env-check-consistency", _check_api)
    app.connect("missing-reference", _resolve)
    return {"parallel_read_safe": True, "version": "1"}
