"""No label typed outside `layout.py`: every official label, caption and alias lives there once.

Parses every module of the package (except the ones that hold text on purpose) and fails for any
string constant, f-string parts included, docstrings excluded, that contains Chinese and is,
contains, or is a fragment (two characters or more) of a label the layout holds, compared in the
folded form `layout.normalize_label` gives. A label typed a second time drifts from the first.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path
from typing import cast

import attrs

from govdisclosure import layout

_PACKAGE = Path(layout.__file__).parent
_HOLDERS = ("layout.py", "_kinds.py", "messages.py")
"""Modules that hold text on purpose: the labels, the problem kinds' texts, the messages."""
_BEING_MOVED: tuple[str, ...] = ()
_NOT_LABELS = frozenset({"number", "item"})
"""Fields that hold no label: a numbering alone (``二、``) is no label; the labels with their
numbering (``二、上年结转…``, headings) are compared whole, and fragments of them caught."""
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, tuple | list | frozenset | set):
        for item in value:
            yield from _strings(item)
    elif attrs.has(type(value)):
        for field in attrs.fields(cast("type[attrs.AttrsInstance]", type(value))):
            if field.name not in _NOT_LABELS:
                yield from _strings(getattr(value, field.name))
        for name in ("full_label", "text", "heading"):
            derived = getattr(value, name, None)
            if isinstance(derived, str):
                yield derived


def _labels() -> frozenset[str]:
    """Every label, caption, heading and alias of the templates' layouts, folded.

    The layouts' own words (row, column, group, block, table and section labels with their
    aliases, captions, headers and corners). The other words `layout.py` holds for the prose
    (units, the narrative rule's words) are not labels: prose may use them freely.
    """
    found: set[str] = set()
    for lay in layout.iter_layouts():
        found.update(_strings(lay))
    found.update(_strings(layout.sections()))
    folded = {layout.normalize_label(text) for text in found if _CJK.search(text)}
    return frozenset(label for label in folded if label)


def _docstrings(tree: ast.AST) -> set[int]:
    """Ids of the string constants that stand alone as a statement (docstrings)."""
    return {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
    }


def _modules() -> Iterator[Path]:
    for path in sorted(_PACKAGE.rglob("*.py")):
        relative = path.relative_to(_PACKAGE).as_posix()
        if relative in _HOLDERS or relative.startswith(_BEING_MOVED):
            continue
        yield path


def _label_in(literal: str, labels: frozenset[str]) -> str | None:
    """The label `literal` is, contains or is a fragment (two characters or more) of, if any."""
    text = layout.normalize_label(literal)
    if not text:
        return None
    return next(
        (
            label
            for label in labels
            if text == label or label in text or (len(text) >= 2 and text in label)
        ),
        None,
    )


def _offences() -> list[str]:
    labels = _labels()
    found = []
    for path in _modules():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        skip = _docstrings(tree)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Constant) or not isinstance(node.value, str):
                continue
            if id(node) in skip or not _CJK.search(node.value):
                continue
            hit = _label_in(node.value, labels)
            if hit is not None:
                where = path.relative_to(_PACKAGE.parent).as_posix()
                found.append(f"{where}:{node.lineno}: {node.value!r} (layout: {hit!r})")
    return found


def test_the_labels_are_found() -> None:
    """The scan knows the layout's labels, so an empty result means something."""
    labels = _labels()
    assert layout.normalize_label("本年新收政府信息公开申请数量") in labels
    assert layout.normalize_label("第二十条第（一）项") in labels
    assert layout.normalize_label("信息内容") in labels


def test_a_label_its_fragments_and_its_variants_are_caught() -> None:
    """The comparison catches a label whole, inside a sentence, cut, or printed otherwise."""
    labels = _labels()
    assert _label_in("本年新收政府信息公开申请数量", labels) is not None
    assert _label_in("表中“本年新收政府信息公开申请数量”一行", labels) is not None
    assert _label_in("信息公开申请数", labels) is not None
    assert _label_in("第二十條第（一）項", labels) is not None
    assert _label_in("信 息 内 容", labels) is not None
    assert _label_in("正文", labels) is None
    assert _label_in("申", labels) is None


def test_no_label_is_typed_outside_layout() -> None:
    """No module but `layout.py` (and the text holders) types a label or part of one."""
    offences = _offences()
    assert not offences, "labels typed outside layout.py:\n" + "\n".join(offences)
