"""Sphinx configuration for the govdisclosure documentation."""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "_ext"))

project = "govdisclosure"
author = "govdisclosure developers"
copyright = "2026, govdisclosure developers"

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.doctest",
    "sphinx.ext.napoleon",
    "sphinx.ext.intersphinx",
    "labeltables",
    "rulecatalogue",
    "problemcatalogue",
    "reference",
]
source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
exclude_patterns = ["_build", "_ext"]
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3
html_theme = "furo"
html_title = "govdisclosure"
autodoc_typehints = "description"
autodoc_member_order = "bysource"
autodoc_default_options = {"members": True, "undoc-members": False}
napoleon_google_docstring = True
intersphinx_mapping: dict[str, tuple[str, str | None]] = {}
nitpicky = False
doctest_global_setup = """
import govdisclosure
from pathlib import Path
EXAMPLES = Path(r"{examples}")
CORPUS = Path(r"{corpus}")
FIXTURES = Path(r"{fixtures}")
""".format(
    examples=HERE.parent / "examples",
    corpus=HERE.parent / "tests" / "fixtures" / "corpus",
    fixtures=HERE.parent / "tests" / "fixtures",
)
