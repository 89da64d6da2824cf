"""The catalogue of problem kinds: what each `Problem.kind` means, in English and Chinese.

Like `govdisclosure.checks.RULES` for findings: ids are stable slugs, never renamed or reused,
and every kind a reader can raise is here (a test reads the sources to hold the two together).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

import attrs

__all__ = ["PROBLEM_KINDS", "READERS", "ProblemKind"]

READERS: Final = ("text", "html", "json", "csv", "csv-table", "pdf", "docx", "model")
"""Who raises problems: ``text``/``html`` (`parse`/`loads` of the printed layout), ``json``,
``csv`` (the tidy form), ``csv-table`` (one table in the official layout, `loads_table`) and
``model`` (`Report.with_cells` and `cell_from_text`, for authoring tools)."""


@attrs.frozen
class ProblemKind:
    """An entry of the problem-kind catalogue."""

    id: str
    en: str
    """What the kind means, in English."""
    zh: str
    """What the kind means, in Chinese: for clerk-facing tools."""
    readers: tuple[str, ...]
    """Who raises it (see `READERS`)."""


_PRINTED = ("text", "html")
_CELLS = ("text", "html", "model")

_CATALOGUE: Final = (
    # -- the printed layout (text and HTML) ----------------------------------------------------
    ProblemKind(
        "missing-title",
        "No title (…年政府信息公开工作年度报告) was found.",
        "未找到报告标题（……年政府信息公开工作年度报告）。",
        _PRINTED,
    ),
    ProblemKind(
        "title-from-page",
        "The body prints no title: the title, organ and year are read from the page's own title "
        "(a scraper's 标题: line or the HTML <title>).",
        "正文未印标题：标题、机关和年度取自页面自身的标题"
        "（抓取元数据的“标题:”行或 HTML <title>）。",
        _PRINTED,
    ),
    ProblemKind(
        "year-from-text",
        "The year was read from the text rather than from the title.",
        "报告年度取自正文，而非标题。",
        _PRINTED,
    ),
    ProblemKind(
        "missing-section",
        "A section of the template (一 to 六) was not found.",
        "未找到模板规定的章节（一至六）。",
        _PRINTED,
    ),
    ProblemKind(
        "table-absent",
        "A section that prints a table shows none (a table published as an image, a cut page).",
        "该章节应有表格，但未找到（表格可能为图片或页面被截断）。",
        _PRINTED,
    ),
    ProblemKind(
        "template-unknown",
        "No table shows which template (2019 or 2021) the report follows.",
        "表格未显示报告所用模板（2019年版或2021年版）。",
        _PRINTED,
    ),
    ProblemKind(
        "hybrid-block",
        "A block of rows of the other template was printed inside the table; kept as extra rows.",
        "表格中混有另一版模板的行，已作为额外行保留。",
        (*_PRINTED, "csv-table"),
    ),
    ProblemKind(
        "row-missing",
        "A row of the template was not found; it is left absent.",
        "未找到模板规定的行，该行留空缺。",
        _PRINTED,
    ),
    ProblemKind(
        "variant-label",
        "A row was read by a tolerated label: the other template's label for it, or its short "
        "form, naming exactly one row of the table; or a section 二 table with no caption or "
        "header placed by its row labels.",
        "按可容许的标签读取了该行：另一版模板的行名或省略说明的简称，且只对应表中唯一一行；"
        "或二、部分的表格无标题和表头，按行名确定模板。",
        (*_PRINTED, "csv-table"),
    ),
    ProblemKind(
        "text-cut-off",
        "The text stops inside a table: the rows it never reached are left absent (one problem).",
        "文本在表格中途结束：之后未显示的行均留空缺（合并为一个问题）。",
        _PRINTED,
    ),
    ProblemKind(
        "row-cut-off",
        "A row is cut off before all its cells (page end); it is left absent.",
        "该行在全部单元格之前被截断（页面结束），该行留空缺。",
        _PRINTED,
    ),
    ProblemKind(
        "duplicate-row",
        "A row is printed twice; the first is kept.",
        "同一行出现两次，保留第一次。",
        _PRINTED,
    ),
    ProblemKind(
        "ambiguous-row",
        "A row's values cannot be placed in its cells without guessing; it is left absent.",
        "该行的数值无法确定对应的单元格，不作猜测，该行留空缺。",
        (*_PRINTED, "csv-table"),
    ),
    ProblemKind(
        "decided-by-arithmetic",
        "A row's cells were printed run together in one string of digits; they were split the "
        "one way the digits and the template's equations allow (the equation is named).",
        "该行各单元格的数字连在一起印出；按数字位数与模板的勾稽关系只有一种拆分，已据此拆分（注明所用等式）。",
        ("text",),
    ),
    ProblemKind(
        "ambiguous-split",
        "A row's cells were printed run together in one string of digits that splits more than "
        "one way (or none) under the template's equations; the cells are left unread.",
        "该行各单元格的数字连在一起印出，按模板的勾稽关系有多种（或没有）拆分方式，不作猜测，单元格留空缺。",
        ("text",),
    ),
    ProblemKind(
        "unknown-row",
        "A row the template does not have; kept as an extra row.",
        "模板中没有的行，已作为额外行保留。",
        (*_PRINTED, "csv-table"),
    ),
    ProblemKind(
        "mixed-template",
        "A row of one template in a table that also prints the other's rows; kept as an extra row.",
        "表格同时印有两种模板的行，此行已作为额外行保留。",
        (*_PRINTED, "csv-table"),
    ),
    ProblemKind(
        "page-too-deep",
        "The page nests elements deeper than the parser reads; the rest of the page is not read.",
        "网页元素嵌套过深，超出解析器的读取范围，其余部分未读取。",
        ("html",),
    ),
    ProblemKind(
        "repeated-key",
        "A key appears more than once in one JSON object.",
        "同一JSON对象中某个键出现多次。",
        ("json",),
    ),
    ProblemKind(
        "report-split",
        "A report's rows are not together in the corpus file; they were read in a second pass.",
        "语料文件中同一报告的行不相邻，已在第二遍读取时合并。",
        ("csv",),
    ),
    ProblemKind(
        "unreadable",
        "The file could not be read at all (its reasons follow).",
        "文件完全无法读取（原因见后）。",
        ("text", "html", "json", "csv"),
    ),
    ProblemKind(
        "drop",
        "A value the lenient JSON reader left out to read the rest of the document.",
        "宽松读取JSON时为读取其余内容而舍弃的值。",
        ("json",),
    ),
    ProblemKind(
        "not-pdf",
        "The bytes are not a PDF file.",
        "字节不是PDF文件。",
        ("pdf",),
    ),
    ProblemKind(
        "encrypted-pdf",
        "The PDF is encrypted and cannot be opened with the password given.",
        "PDF已加密，无法用所给密码打开。",
        ("pdf",),
    ),
    ProblemKind(
        "damaged-pdf",
        "The PDF is damaged or truncated and cannot be read.",
        "PDF已损坏或不完整，无法读取。",
        ("pdf",),
    ),
    ProblemKind(
        "no-text-layer",
        "The PDF has no text layer (a scanned report): it needs OCR first.",
        "PDF没有文字层（扫描件），需先进行文字识别。",
        ("pdf",),
    ),
    ProblemKind(
        "page-without-text",
        "A page of the PDF holds no text (an image); its content is not read.",
        "PDF的某页没有文字（为图片），其内容未读取。",
        ("pdf",),
    ),
    ProblemKind(
        "not-docx",
        "The bytes are not a Word document (.docx).",
        "字节不是Word文档（.docx）。",
        ("docx",),
    ),
    ProblemKind(
        "doc-not-docx",
        "An old Word (.doc), WPS or RTF file: convert it to .docx first.",
        "旧版Word（.doc）、WPS或RTF文件：请先转换为.docx。",
        ("docx",),
    ),
    ProblemKind(
        "unexpected-value",
        "Values stand where the layout has none (no row label before them); kept as text.",
        "出现在无行标签处的数值，已作为文本保留。",
        (*_PRINTED, "csv", "csv-table"),
    ),
    ProblemKind(
        "not-html",
        "The input is not an HTML page.",
        "输入内容不是HTML网页。",
        ("html",),
    ),
    # -- cells (the one cell policy) -----------------------------------------------------------
    ProblemKind(
        "unit-stripped",
        "A unit glued to a number (3件, 24.5万元) was stripped; the number is kept as printed.",
        "已去掉数字后的单位（如“3件”“24.5万元”），数字按原样保留、不换算。",
        (*_CELLS, "csv-table"),
    ),
    ProblemKind(
        "not-whole",
        "A fraction where a count is expected; the cell is left blank.",
        "此处应为整数（件数），却为小数，该单元格留空。",
        (*_CELLS, "csv-table"),
    ),
    ProblemKind(
        "number-too-long",
        "A number of more digits than any report prints (the model's limit); the cell is left "
        "blank.",
        "数字位数超过上限（任何报告都不会有这样长的数字），该单元格留空。",
        (*_CELLS, "json", "csv-table"),
    ),
    ProblemKind(
        "invalid-cell",
        "A value a cell cannot hold (a float for money, a numeric string as a marker…).",
        "单元格不能接受该值（如金额为浮点数、数字字符串作为标记等）。",
        ("model",),
    ),
    # -- JSON ----------------------------------------------------------------------------------
    ProblemKind(
        "invalid-json", "The input is not JSON text.", "输入内容不是有效的JSON。", ("json",)
    ),
    ProblemKind(
        "schema-version",
        "The document's schema_version is missing or not one this version reads.",
        "文档的 schema_version 缺失或不受支持。",
        ("json",),
    ),
    ProblemKind(
        "missing-key", "A key the document must have is missing.", "文档缺少必需的键。", ("json",)
    ),
    ProblemKind(
        "unknown-key", "A key the document shape does not have.", "文档中有未定义的键。", ("json",)
    ),
    ProblemKind(
        "not-an-object",
        "An object was expected (a table, a row, a section).",
        "此处应为对象（表格、行或章节）。",
        ("json",),
    ),
    ProblemKind(
        "wrong-type",
        "A value of the wrong type (a string for a year, a fraction for a count…).",
        "值的类型不对（如年度为字符串、件数为小数等）。",
        ("json",),
    ),
    ProblemKind(
        "invalid-value",
        "A value of the right type that is not allowed (an empty string, a padded marker…).",
        "值的类型正确但不允许（如空字符串、前后带空格的标记等）。",
        ("json",),
    ),
    ProblemKind(
        "numeric-marker",
        "A string that reads as a number where a marker is expected: write the number.",
        "作为标记的字符串实为数字：应直接写数字。",
        ("json",),
    ),
    ProblemKind(
        "template-mismatch",
        "A table or row of another template than the document's template key.",
        "表格或行与文档声明的模板不一致。",
        ("json",),
    ),
    # -- CSV -----------------------------------------------------------------------------------
    ProblemKind(
        "encoding",
        "The bytes are neither UTF-8 nor GB18030.",
        "字节既不是UTF-8编码，也不是GB18030编码。",
        ("csv", "csv-table"),
    ),
    ProblemKind(
        "csv-syntax",
        "The text is not CSV (an unclosed quote…).",
        "文本不是有效的CSV（如引号未闭合）。",
        ("csv", "csv-table"),
    ),
    ProblemKind(
        "field-too-large",
        "A field longer than the CSV reader takes.",
        "字段过长，超出CSV读取上限。",
        ("csv", "csv-table"),
    ),
    ProblemKind(
        "field-count",
        "A line with another number of fields than the header.",
        "该行字段数与表头不一致。",
        ("csv",),
    ),
    ProblemKind(
        "missing-header", "The header line is missing or wrong.", "缺少表头或表头不正确。", ("csv",)
    ),
    ProblemKind(
        "missing-column",
        "A column the form needs is missing.",
        "缺少必需的列。",
        ("csv", "csv-table"),
    ),
    ProblemKind(
        "duplicate",
        "A path, section or row given twice; the first is kept.",
        "同一路径、章节或行出现两次，保留第一次。",
        ("csv", "csv-table"),
    ),
    ProblemKind(
        "duplicate-column", "A column appears twice.", "同一列出现两次。", ("csv", "csv-table")
    ),
    ProblemKind(
        "unknown-column",
        "A column the form does not have.",
        "表中有未定义的列。",
        ("csv", "csv-table"),
    ),
    ProblemKind(
        "missing-metadata",
        "A metadata line (template, title, organ, year) is missing.",
        "缺少元数据行（模板、标题、机关、年度）。",
        ("csv",),
    ),
    ProblemKind(
        "inconsistent-metadata",
        "Lines of one report disagree on its metadata.",
        "同一报告的各行元数据不一致。",
        ("csv",),
    ),
    ProblemKind(
        "bad-template",
        "The template is neither 2019 nor 2021.",
        "模板既不是2019年版也不是2021年版。",
        ("csv",),
    ),
    ProblemKind("bad-kind", "An unknown value kind.", "未知的值类型。", ("csv",)),
    ProblemKind(
        "bad-section-key",
        "A section key the template does not have.",
        "模板中没有的章节键。",
        ("csv",),
    ),
    ProblemKind(
        "unknown-path",
        "A path that names no cell, row or section of the template.",
        "该路径不对应模板中的任何单元格、行或章节。",
        ("csv",),
    ),
    ProblemKind(
        "missing-cell",
        "A cell of a row that is shown has no line.",
        "已显示的行缺少某个单元格。",
        ("csv",),
    ),
    ProblemKind(
        "missing-value",
        "A line of the given kind has no value.",
        "该行标明了类型却没有值。",
        ("csv",),
    ),
    ProblemKind(
        "missing-extra-row",
        "Values of an extra row without the row itself.",
        "额外行的数值缺少对应的行。",
        ("csv",),
    ),
    ProblemKind(
        "not-a-count",
        "A count that is not a whole number (of at most the model's digits).",
        "件数不是整数（或位数超过上限）。",
        ("csv",),
    ),
    ProblemKind(
        "not-a-decimal",
        "An amount that is not a decimal number (of at most the model's digits).",
        "金额不是十进制数（或位数超过上限）。",
        ("csv",),
    ),
    ProblemKind(
        "not-a-marker",
        "A marker that is empty, padded or reads as a number.",
        "标记为空、前后带空格或实为数字。",
        ("csv",),
    ),
    ProblemKind(
        "report-count",
        "Not exactly one report where one is expected (use loads_corpus for many).",
        "此处应恰有一份报告（多份报告请用 loads_corpus）。",
        ("csv",),
    ),
    ProblemKind("no-table", "No table was found.", "未找到表格。", ("csv-table",)),
    ProblemKind(
        "wrong-table",
        "The table is another table than the one asked for.",
        "表格不是所要求的那一张。",
        ("csv-table",),
    ),
    ProblemKind(
        "unknown-table",
        "The table is none of the template's tables.",
        "表格不是模板中的任何一张。",
        ("csv-table",),
    ),
    ProblemKind(
        "wrong-template",
        "The table follows another template than the one asked for.",
        "表格所用模板与要求的不一致。",
        ("csv-table",),
    ),
    ProblemKind(
        "mixed-templates",
        "Rows of both templates in one table.",
        "同一表格中混有两版模板的行。",
        ("csv-table",),
    ),
    ProblemKind(
        "unknown-template",
        "No row shows which template the table follows.",
        "没有任何行显示表格所用模板。",
        ("csv-table",),
    ),
    ProblemKind(
        "unlabelled-row",
        "Numbers in a row without a label.",
        "有数值但没有行标签。",
        ("csv-table",),
    ),
    ProblemKind(
        "invalid",
        "The values read cannot be built into the model (a bug: please report it).",
        "读取的值无法构成报告模型（程序缺陷，请报告）。",
        ("csv", "csv-table"),
    ),
    ProblemKind(
        "error",
        'A problem given as a plain message (ParseError("…")).',
        "以文字给出的问题。",
        READERS,
    ),
)

PROBLEM_KINDS: Mapping[str, ProblemKind] = MappingProxyType({k.id: k for k in _CATALOGUE})
"""The problem-kind catalogue, by id."""
