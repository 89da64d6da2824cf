"""Writing: a report as JSON text, by functions generated once from the plan.

Compact output comes from one generated function per model class that formats its JSON text
directly (an f-string per class); indented output goes through the stdlib encoder. Both write
the same document, with the stdlib's separators, so the texts differ only in whitespace.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable, Mapping
from decimal import Decimal
from functools import cache
from types import MappingProxyType
from typing import Any

from govdisclosure.json._plan import (
    SCHEMA_VERSION,
    TOP_KEYS,
    Field,
    Kind,
    classes_in_order,
    fields,
)
from govdisclosure.model import Report

_encode_string: Callable[[str], str] = json.encoder.encode_basestring
"""The stdlib's own JSON string encoder (C), leaving non-ASCII text as it is."""


def _cell(value: object) -> str:
    """Return the JSON text of a cell that is not a plain int."""
    if value is None:
        return "null"
    if isinstance(value, str):
        return _encode_string(value)
    if isinstance(value, Decimal):
        return format(value, "f")  # exact digits, never an exponent: 282.10 stays 282.10
    return int.__repr__(value)


def _template_text(report: Report) -> str:
    template = report.template
    return "null" if template is None else _encode_string(template.value)


def _text_expression(field: Field) -> str:
    """A Python expression (inside an f-string) for the JSON text of `field` of `o`."""
    get, kind = f"o.{field.name}", field.kind
    writer = f"w_{field.classes[0].__name__}" if field.classes else ""
    nullable = '"null" if (v := {get}) is None else {then}'
    expressions = {
        Kind.COUNT: f"v if (v := {get}).__class__ is int else _cell(v)",
        Kind.MONEY: f"_cell({get})",
        Kind.TEXT: f"_str({get})",
        Kind.OPTIONAL_TEXT: nullable.format(get=get, then="_str(v)"),
        Kind.ENUM: nullable.format(get=get, then="_str(v)"),
        Kind.OPTIONAL_INT: nullable.format(get=get, then="_int(v)"),
        Kind.NESTED: f"{writer}({get})",
        Kind.OPTIONAL: nullable.format(get=get, then=f"{writer}(v)"),
        Kind.CHOICE: nullable.format(get=get, then="_by_class[v.__class__](v)"),
    }
    return expressions[kind]


def _writer_source(cls: type[Any]) -> str:
    parts = []
    if cls is Report:
        parts += [f'"{TOP_KEYS[0]}": {SCHEMA_VERSION}', f'"{TOP_KEYS[1]}": {{_template(o)}}']
    for field in fields(cls):
        if field.kind is Kind.STRINGS:
            value = f'[{{", ".join(map(_str, o.{field.name}))}}]'
        elif field.kind is Kind.LIST:
            each = f"w_{field.classes[0].__name__}"
            value = f'[{{", ".join([{each}(x) for x in o.{field.name}])}}]'
        else:
            value = f"{{{_text_expression(field)}}}"
        parts.append(f'"{field.name}": {value}')
    body = ", ".join(parts)
    if not _counts_only(cls):
        return f"def w_{cls.__name__}(o):\n    return f'{{{{{body}}}}}'\n"
    # Rows of counts repeat (most reports print rows of zeros), and equal rows of ints, markers
    # and blanks have one text: it is remembered. Not rows with money, where equal Decimals
    # (1.0, 1.00) print differently.
    key = "".join(f"o.{field.name}, " for field in fields(cls))
    rows = f"_rows_{cls.__name__}"
    return (
        f"{rows} = {{}}\n"
        f"def w_{cls.__name__}(o):\n"
        f"    k = ({key})\n"
        f"    t = {rows}.get(k)\n"
        f"    if t is None:\n"
        f"        t = f'{{{{{body}}}}}'\n"
        f"        if len({rows}) < _ROWS_KEPT:\n"
        f"            {rows}[k] = t\n"
        f"    return t\n"
    )


def _counts_only(cls: type[Any]) -> bool:
    """True for a row class whose every field is a count cell."""
    kinds = [field.kind for field in fields(cls)]
    return bool(kinds) and all(kind is Kind.COUNT for kind in kinds)


_ROWS_KEPT = 4096
"""How many distinct rows' texts the writer remembers per row class (a few hundred KB at most)."""


@cache
def text_writer() -> Callable[[Report], str]:
    """The generated function that writes a report as compact JSON text."""
    order = classes_in_order()
    namespace: dict[str, Any] = {
        "_cell": _cell,
        "_str": _encode_string,
        "_int": int.__repr__,
        "_template": _template_text,
        "_ROWS_KEPT": _ROWS_KEPT,
    }
    source = "\n".join(_writer_source(cls) for cls in order)
    code = compile(source, "<govdisclosure.json writers>", "exec")
    exec(code, namespace)  # noqa: S102 - generated from the model's own field names
    namespace["_by_class"] = {cls: namespace[f"w_{cls.__name__}"] for cls in order}
    write: Callable[[Report], str] = namespace["w_Report"]
    return write


def _unstructure_source(cls: type[Any]) -> str:
    items = []
    if cls is Report:
        items += [f"{TOP_KEYS[0]!r}: {SCHEMA_VERSION}", f"{TOP_KEYS[1]!r}: _template(o)"]
    for field in fields(cls):
        get = f"o.{field.name}"
        if field.kind is Kind.NESTED:
            value = f"u_{field.classes[0].__name__}({get})"
        elif field.kind is Kind.OPTIONAL:
            value = f"None if (v := {get}) is None else u_{field.classes[0].__name__}(v)"
        elif field.kind is Kind.CHOICE:
            value = f"None if (v := {get}) is None else _by_class[v.__class__](v)"
        elif field.kind is Kind.LIST:
            value = f"[u_{field.classes[0].__name__}(x) for x in {get}]"
        elif field.kind is Kind.STRINGS:
            value = f"list({get})"
        else:  # cells and text are JSON values already (Decimal: `default` writes it)
            value = get
        items.append(f"{field.name!r}: {value}")
    return f"def u_{cls.__name__}(o):\n    return {{{', '.join(items)}}}\n"


def _template_value(report: Report) -> str | None:
    template = report.template
    return None if template is None else template.value


@cache
def unstructurers() -> Mapping[type[Any], Callable[[Any], dict[str, Any]]]:
    """The generated functions that turn each model object into its part of the document."""
    order = classes_in_order()
    namespace: dict[str, Any] = {"_template": _template_value}
    source = "\n".join(_unstructure_source(cls) for cls in order)
    code = compile(source, "<govdisclosure.json unstructurers>", "exec")
    exec(code, namespace)  # noqa: S102 - generated from the model's own field names
    by_class = {cls: namespace[f"u_{cls.__name__}"] for cls in order}
    namespace["_by_class"] = by_class
    return MappingProxyType(by_class)


def unstructurer() -> Callable[[Report], dict[str, Any]]:
    """The generated function that turns a report into the document as dicts and lists."""
    return unstructurers()[Report]


def encode(report: Report, indent: int | None) -> str:
    """Write `report` as JSON text through the stdlib encoder (used to indent)."""
    # The stdlib encoder cannot write a Decimal as a number: it writes a placeholder string
    # holding a nonce drawn for this call (so no text in the report can equal it), and the
    # exact digits replace it afterwards. The encoder calls `default` in output order, so the
    # n-th placeholder in the text is the n-th Decimal.
    nonce = f"govdisclosure-decimal-{secrets.token_hex(8)}"
    digits: list[str] = []

    def default(value: object) -> str:
        if not isinstance(value, Decimal):  # pragma: no cover - the model holds nothing else
            msg = f"cannot write {type(value).__name__} as JSON"
            raise TypeError(msg)
        digits.append(format(value, "f"))
        return nonce

    text = json.dumps(
        unstructurer()(report),
        ensure_ascii=False,
        check_circular=False,
        indent=indent,
        default=default,
    )
    if not digits:
        return text
    pieces = text.split(f'"{nonce}"')
    out = [pieces[0]]
    for number, piece in zip(digits, pieces[1:], strict=True):
        out += (number, piece)
    return "".join(out)


def write(report: Report, indent: int | None) -> str:
    """Write `report` as JSON text, compact or indented."""
    return text_writer()(report) if indent is None else encode(report, indent)
