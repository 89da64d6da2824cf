"""Both report templates as data: sections, tables, rows, columns and official labels.

This module is the one source of truth for the 2019 trial template (国办公开办函〔2019〕60号) and
the 2021 revised template (国办公开办函〔2021〕30号). The model's field names, the serializers'
keys, the parsers' label matching, the checks' messages and the docs' label tables are all read
from here; the label -> identifier lookups are derived, never written a second time.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from collections.abc import Iterator, Mapping
from functools import cache

import attrs

__all__ = [
    "ITEM_NUMERALS",
    "OUTLINE",
    "SECTION_KEYS",
    "TABLE_KEYS",
    "TABLE_OPENERS",
    "TRADITIONAL_FORMS",
    "Block",
    "CellKind",
    "CellSpec",
    "Column",
    "Group",
    "Layout",
    "OutlineWords",
    "Row",
    "SectionSpec",
    "Table",
    "TableOpener",
    "Template",
    "fold_characters",
    "item_caption",
    "iter_layouts",
    "layout",
    "normalize_label",
    "sections",
]


class Template(enum.StrEnum):
    """The national template a report's tables follow."""

    V2019 = "2019"
    """The 2019 trial template (国办公开办函〔2019〕60号), used for the 2019 and 2020 reports."""
    V2021 = "2021"
    """The revised template (国办公开办函〔2021〕30号), used from the 2021 reports on."""


class CellKind(enum.Enum):
    """What a numeric cell holds."""

    COUNT = "count"
    """A non-negative whole number (件, 个, 条…)."""
    SIGNED_COUNT = "signed_count"
    """A whole number that may be negative (2019 本年增/减)."""
    MONEY = "money"
    """An exact decimal amount (2021 万元 fees, 2019 采购总金额)."""


@attrs.frozen
class Column:
    """A numeric column of a table, with its official header label."""

    key: str
    label: str
    kind: CellKind = CellKind.COUNT
    group: str | None = None
    """The header printed above this column and its siblings (e.g. 法人或其他组织)."""
    unit: str | None = None
    aliases: tuple[str, ...] = ()
    """Known printed variants beyond what `normalize_label` already folds."""

    @property
    def full_label(self) -> str:
        """The column label with its header group, e.g. ``法人或其他组织 商业企业``."""
        return f"{self.group} {self.label}" if self.group else self.label


@attrs.frozen
class Group:
    """A label-only row or header that spans the rows below it (no numbers of its own)."""

    label: str
    number: str = ""
    path: tuple[str, ...] | None = None
    """The model attribute path of the group, or None for a printed-only group (行政诉讼)."""
    aliases: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        """The label without its numbering."""
        return self.label.removeprefix(self.number)


@attrs.frozen
class Row:
    """A row that carries numbers, with its official label and the columns it has."""

    path: tuple[str, ...]
    label: str
    number: str
    columns: tuple[Column, ...]
    parents: tuple[Group, ...] = ()
    """The groups printed above this row, outermost first (block caption, 三、本年度办理结果…)."""
    aliases: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        """The dotted identifier path of the row within its table."""
        return ".".join(self.path)

    @property
    def text(self) -> str:
        """The label without its numbering."""
        return self.label.removeprefix(self.number)

    @property
    def full_label(self) -> str:
        """The label with every group above it, e.g. ``三、本年度办理结果 （七）总计``."""
        return " ".join([*(g.label for g in self.parents), self.label])


@attrs.frozen
class Block:
    """A block of the section 二 table: caption row, header row, data rows."""

    key: str
    caption: str
    header: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    item: str = ""
    """The 第二十条 item the caption names (一, 五, …)."""


@attrs.frozen
class CellSpec:
    """One numeric cell of a template: where it lives and what it is called."""

    path: str
    """Full dotted path, e.g. ``applications.results.total.natural_person``."""
    table: str
    row: Row
    column: Column

    @property
    def label(self) -> str:
        """The official label: row labels, then `` / `` and the column label."""
        return f"{self.row.full_label} / {self.column.full_label}"


@attrs.frozen
class Table:
    """One of the three tables of a template."""

    key: str
    rows: tuple[Row, ...]
    """Data rows, in printed order."""
    groups: tuple[Group, ...] = ()
    blocks: tuple[Block, ...] = ()
    header: str | None = None
    """The header spanning the numeric columns (申请人情况), if the table prints one."""
    corner: str | None = None
    """The top-left corner note, if the table prints one."""
    column_groups: tuple[str, ...] = ()
    """Header groups printed above the columns, outermost first (行政复议, 行政诉讼)."""

    @property
    def columns(self) -> tuple[Column, ...]:
        """Every distinct column of the table, in printed order."""
        seen: dict[str, Column] = {}
        for row in self.rows:
            for column in row.columns:
                seen.setdefault(column.key, column)
        return tuple(seen.values())

    def row(self, key: str) -> Row:
        """Return the data row with dotted identifier `key`."""
        return _row_index(self)[key]


@cache
def _row_index(table: Table) -> Mapping[str, Row]:
    return {row.key: row for row in table.rows}


@attrs.frozen
class SectionSpec:
    """A numbered section of the template, with its official heading."""

    key: str
    number: str
    title: str
    aliases: tuple[str, ...] = ()
    """Titles seen in real reports for the same section (numbering excluded)."""
    table: str | None = None

    @property
    def heading(self) -> str:
        """The official heading, numbering included."""
        return self.number + self.title


@attrs.frozen
class Layout:
    """Everything one template prints: its sections and its three tables."""

    template: Template
    sections: tuple[SectionSpec, ...]
    tables: tuple[Table, ...]

    def table(self, key: str) -> Table:
        """Return the table with identifier `key` (proactive, applications, review_litigation)."""
        for table in self.tables:
            if table.key == key:
                return table
        raise KeyError(key)

    @property
    def cells(self) -> tuple[CellSpec, ...]:
        """Every numeric cell of the template, in printed order."""
        return _cells(self)

    def cell(self, path: str) -> CellSpec:
        """Return the cell with full dotted `path`; raise KeyError if the template has none."""
        return _cell_index(self)[path]

    def section(self, key: str) -> SectionSpec:
        """Return the section with identifier `key`."""
        for section in self.sections:
            if section.key == key:
                return section
        raise KeyError(key)


@cache
def _cells(lay: Layout) -> tuple[CellSpec, ...]:
    return tuple(
        CellSpec(f"{table.key}.{row.key}.{column.key}", table.key, row, column)
        for table in lay.tables
        for row in table.rows
        for column in row.columns
    )


@cache
def _cell_index(lay: Layout) -> Mapping[str, CellSpec]:
    return {cell.path: cell for cell in _cells(lay)}


# --------------------------------------------------------------------------------------------
# Sections (both templates print the same six headings).

_SECTIONS = (
    SectionSpec(
        "overview", "一、", "总体情况", aliases=("概述", "基本情况", "工作基本情况", "总体情况概述")
    ),
    SectionSpec(
        "proactive",
        "二、",
        "主动公开政府信息情况",
        aliases=("主动公开政府信息的情况", "行政机关主动公开政府信息情况"),
        table="proactive",
    ),
    SectionSpec(
        "applications",
        "三、",
        "收到和处理政府信息公开申请情况",
        aliases=("收到和处理政府信息公开申请的情况",),
        table="applications",
    ),
    SectionSpec(
        "review_litigation",
        "四、",
        "政府信息公开行政复议、行政诉讼情况",
        aliases=(
            "政府信息公开行政复议及行政诉讼情况",
            "政府信息公开行政复议和行政诉讼情况",
            "因政府信息公开工作被申请行政复议提起行政诉讼情况",
            "因政府信息公开工作被申请行政复议和提起行政诉讼情况",
        ),
        table="review_litigation",
    ),
    SectionSpec(
        "problems",
        "五、",
        "存在的主要问题及改进情况",
        aliases=(
            "政府信息公开工作存在的主要问题及改进情况",
            "工作存在的问题及改进措施",
            "存在的问题及改进情况",
            "存在的主要问题及改进措施",
            "存在主要问题及改进情况",
        ),
    ),
    SectionSpec(
        "other_matters",
        "六、",
        "其他需要报告的事项",
        aliases=("其他事项", "其他需要报告事项", "其它需要报告的事项"),
    ),
)

# --------------------------------------------------------------------------------------------
# Section 二 — proactive disclosure (主动公开政府信息情况).

_CONTENT = "信息内容"
_ARTICLE = "第二十条"
ITEM_NUMERALS = "一二三四五六七八九十"
"""The numerals a 第二十条第（X）项 caption may name."""


def item_caption(item: str) -> str:
    """The caption of the section 二 block for 第二十条 item `item` (第二十条第（一）项)."""
    return f"{_ARTICLE}第（{item}）项"


def _block(
    key: str,
    item: str,
    columns: tuple[Column, ...],
    rows: tuple[tuple[str, str, tuple[str, ...]], ...],
) -> Block:
    caption = item_caption(item)
    parent = Group(caption)
    built = tuple(
        Row((row_key,), label, "", columns, parents=(parent,), aliases=aliases)
        for row_key, label, aliases in rows
    )
    return Block(key, caption, _CONTENT, columns, built, item)


def _proactive(blocks: tuple[Block, ...]) -> Table:
    return Table(
        "proactive",
        rows=tuple(row for block in blocks for row in block.rows),
        groups=tuple(Group(block.caption) for block in blocks),
        blocks=blocks,
    )


_PREVIOUS_ITEMS = Column("previous_items", "上一年项目数量")
_CHANGE = Column("change", "本年增/减", CellKind.SIGNED_COUNT, aliases=("本年增减",))
_DECISIONS_2019 = Column("decisions", "处理决定数量")
_DECISIONS_2021 = Column("decisions", "本年处理决定数量")

_PROACTIVE_2019 = _proactive(
    (
        _block(
            "article_20_1",
            "一",
            (
                Column("made", "本年新制作数量"),
                Column("published", "本年新公开数量"),
                Column("total_published", "对外公开总数量"),
            ),
            (("rules", "规章", ()), ("normative_documents", "规范性文件", ())),
        ),
        _block(
            "article_20_5",
            "五",
            (_PREVIOUS_ITEMS, _CHANGE, _DECISIONS_2019),
            (("licensing", "行政许可", ()), ("other_services", "其他对外管理服务事项", ())),
        ),
        _block(
            "article_20_6",
            "六",
            (_PREVIOUS_ITEMS, _CHANGE, _DECISIONS_2019),
            (("penalties", "行政处罚", ()), ("enforcement", "行政强制", ())),
        ),
        _block(
            "article_20_8",
            "八",
            (_PREVIOUS_ITEMS, _CHANGE),
            (("fees", "行政事业性收费", ()),),
        ),
        _block(
            "article_20_9",
            "九",
            (Column("items", "采购项目数量"), Column("amount", "采购总金额", CellKind.MONEY)),
            (("procurement", "政府集中采购", ()),),
        ),
    )
)

_PROACTIVE_2021 = _proactive(
    (
        _block(
            "article_20_1",
            "一",
            (
                Column("issued", "本年制发件数", aliases=("本年发件", "本年制发件")),
                Column("repealed", "本年废止件数", aliases=("本年废止件",)),
                Column("in_force", "现行有效件数", aliases=("现行有效件",)),
            ),
            (("rules", "规章", ()), ("normative_documents", "行政规范性文件", ())),
        ),
        _block("article_20_5", "五", (_DECISIONS_2021,), (("licensing", "行政许可", ()),)),
        _block(
            "article_20_6",
            "六",
            (_DECISIONS_2021,),
            (("penalties", "行政处罚", ()), ("enforcement", "行政强制", ())),
        ),
        _block(
            "article_20_8",
            "八",
            (Column("amount", "本年收费金额（单位：万元）", CellKind.MONEY, unit="万元"),),
            (("fees", "行政事业性收费", ()),),
        ),
    )
)

# --------------------------------------------------------------------------------------------
# Section 三 — applications received and handled (收到和处理政府信息公开申请情况).

_LEGAL_PERSON = "法人或其他组织"
_APPLICANT_COLUMNS = (
    Column("natural_person", "自然人"),
    Column("commercial", "商业企业", group=_LEGAL_PERSON),
    Column("research", "科研机构", group=_LEGAL_PERSON),
    Column("nonprofit", "社会公益组织", group=_LEGAL_PERSON),
    Column("legal_service", "法律服务机构", group=_LEGAL_PERSON),
    Column("other_org", "其他", group=_LEGAL_PERSON),
    Column("total", "总计"),
)

_RESULTS = Group("三、本年度办理结果", "三、", ("results",))
_WITHHELD = Group("（三）不予公开", "（三）", ("results", "withheld"))
_UNAVAILABLE = Group("（四）无法提供", "（四）", ("results", "unavailable"))
_NOT_PROCESSED = Group("（五）不予处理", "（五）", ("results", "not_processed"))
_OTHER_HANDLING_GROUP = Group("（六）其他处理", "（六）", ("results", "other_handling"))


def _app_row(
    path: str, number: str, text: str, *parents: Group, aliases: tuple[str, ...] = ()
) -> Row:
    return Row(tuple(path.split(".")), number + text, number, _APPLICANT_COLUMNS, parents, aliases)


def _sub_rows(group: Group, items: tuple[tuple[str, str], ...]) -> tuple[Row, ...]:
    prefix = ".".join(group.path or ())
    return tuple(
        _app_row(f"{prefix}.{key}", f"{i}.", text, _RESULTS, group)
        for i, (key, text) in enumerate(items, start=1)
    )


_NEW_RECEIVED = "本年新收政府信息公开申请"
_APPLICATIONS_HEAD = (
    _app_row("new_received", "一、", f"{_NEW_RECEIVED}数量"),
    _app_row("carried_over", "二、", "上年结转政府信息公开申请数量"),
    _app_row("results.disclosed", "（一）", "予以公开", _RESULTS),
    _app_row(
        "results.partially_disclosed",
        "（二）",
        "部分公开（区分处理的，只计这一情形，不计其他情形）",
        _RESULTS,
    ),
    *_sub_rows(
        _WITHHELD,
        (
            ("state_secret", "属于国家秘密"),
            ("prohibited_by_law", "其他法律行政法规禁止公开"),
            ("security_stability", "危及“三安全一稳定”"),
            ("third_party_rights", "保护第三方合法权益"),
            ("internal_affairs", "属于三类内部事务信息"),
            ("process_information", "属于四类过程性信息"),
            ("enforcement_files", "属于行政执法案卷"),
            ("inquiry_matters", "属于行政查询事项"),
        ),
    ),
    *_sub_rows(
        _UNAVAILABLE,
        (
            ("not_held", "本机关不掌握相关政府信息"),
            ("needs_creation", "没有现成信息需要另行制作"),
            ("unclear_after_correction", "补正后申请内容仍不明确"),
        ),
    ),
    *_sub_rows(
        _NOT_PROCESSED,
        (
            ("petition_complaint", "信访举报投诉类申请"),
            ("duplicate", "重复申请"),
            ("publication", "要求提供公开出版物"),
            ("vexatious", "无正当理由大量反复申请"),
            ("confirmation", "要求行政机关确认或重新出具已获取信息"),
        ),
    ),
)
_APPLICATIONS_TAIL = (
    _app_row("results.total", "（七）", "总计", _RESULTS),
    _app_row("carried_forward", "四、", "结转下年度继续办理"),
)
_APPLICATIONS_HEADER = "申请人情况"
_BALANCE_NOTE = "勾稽关系"
_APPLICATIONS_CORNER = (
    f"（本列数据的{_BALANCE_NOTE}为：第一项加第二项之和，等于第三项加第四项之和）"
)


def _applications(other_handling: tuple[Row, ...], groups: tuple[Group, ...]) -> Table:
    return Table(
        "applications",
        rows=(*_APPLICATIONS_HEAD, *other_handling, *_APPLICATIONS_TAIL),
        groups=(_RESULTS, _WITHHELD, _UNAVAILABLE, _NOT_PROCESSED, *groups),
        header=_APPLICATIONS_HEADER,
        corner=_APPLICATIONS_CORNER,
        column_groups=(_LEGAL_PERSON,),
    )


_APPLICATIONS_2019 = _applications(
    (_app_row("results.other_handling", "（六）", "其他处理", _RESULTS),), ()
)
_APPLICATIONS_2021 = _applications(
    _sub_rows(
        _OTHER_HANDLING_GROUP,
        (
            ("no_correction", "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
            (
                "unpaid_fee",
                "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
            ),
            ("other", "其他"),
        ),
    ),
    (_OTHER_HANDLING_GROUP,),
)

# --------------------------------------------------------------------------------------------
# Section 四 — administrative reconsideration and litigation (行政复议、行政诉讼).

# Aliases: the shortened headers of section 四 printed as three small group tables.
_OUTCOME_COLUMNS = (
    Column("upheld", "结果维持", aliases=("维持",)),
    Column("corrected", "结果纠正", aliases=("纠正",)),
    Column("other", "其他结果"),
    Column("pending", "尚未审结", aliases=("未审结",)),
    Column("total", "总计"),
)
_LITIGATION = Group("行政诉讼")
_REVIEW_LITIGATION = Table(
    "review_litigation",
    rows=(
        Row(("reconsideration",), "行政复议", "", _OUTCOME_COLUMNS),
        Row(
            ("litigation_direct",),
            "未经复议直接起诉",
            "",
            _OUTCOME_COLUMNS,
            (_LITIGATION,),
            aliases=("直接起诉（未经复议）",),
        ),
        Row(
            ("litigation_after_reconsideration",),
            "复议后起诉",
            "",
            _OUTCOME_COLUMNS,
            (_LITIGATION,),
        ),
    ),
    groups=(_LITIGATION,),
    column_groups=("行政复议", "行政诉讼"),
)

_LAYOUTS = {
    Template.V2019: Layout(
        Template.V2019, _SECTIONS, (_PROACTIVE_2019, _APPLICATIONS_2019, _REVIEW_LITIGATION)
    ),
    Template.V2021: Layout(
        Template.V2021, _SECTIONS, (_PROACTIVE_2021, _APPLICATIONS_2021, _REVIEW_LITIGATION)
    ),
}


@attrs.frozen
class TableOpener:
    """Printed text that opens a table: a reader starts the table at a text matching it."""

    table: str
    starts: tuple[str, ...] = ()
    """A text starting with one of these opens the table."""
    contains: tuple[str, ...] = ()
    """A text containing one of these opens the table."""
    longest: int | None = None
    """The longest folded text `starts` opens the table for (a short header cell, not prose)."""


_REVIEW_LONGEST = 10
TABLE_OPENERS: tuple[TableOpener, ...] = (
    TableOpener("proactive", starts=(_ARTICLE, _CONTENT)),
    TableOpener(
        "applications", starts=(_APPLICATIONS_HEADER,), contains=(_BALANCE_NOTE, _NEW_RECEIVED)
    ),
    TableOpener(
        "review_litigation", starts=_REVIEW_LITIGATION.column_groups, longest=_REVIEW_LONGEST
    ),
)
"""The unmistakable first texts of each table, in the order they are tried."""

SECTION_KEYS: tuple[str, ...] = tuple(section.key for section in _SECTIONS)
"""The identifiers of the six template sections, in order."""
TABLE_KEYS: tuple[str, ...] = ("proactive", "applications", "review_litigation")
"""The identifiers of the three tables, in order."""


def layout(template: Template | str) -> Layout:
    """Return the layout of `template` (``"2019"`` or ``"2021"``)."""
    return _LAYOUTS[Template(template)]


def sections() -> tuple[SectionSpec, ...]:
    """Return the six template sections (the same in both templates)."""
    return _SECTIONS


def iter_layouts() -> Iterator[Layout]:
    """Yield the layout of every template, oldest first."""
    yield from _LAYOUTS.values()


# --------------------------------------------------------------------------------------------
# Label normalisation: the derived label -> identifier lookups compare labels in this form.

# Traditional forms of every character that occurs in a label, heading or caption above (mirror
# sites convert whole pages to Traditional Chinese). Generated once from the labels with OpenCC
# (s2t, s2tw, s2hk, s2twp), plus 製 and 複 which OpenCC only converts in context.
_TRADITIONAL = str.maketrans(
    "萬業爲舉於會體關內決況減辦務動區單發後國處復審對屬廢開強當總執護報據數無機權條構沒現確祕穩類糾"
    "納組織經結繼續維繳罰範獲補規計認議許訟訪訴詢請購費轉過這進適採問項題額為製複",
    "万业为举于会体关内决况减办务动区单发后国处复审对属废开强当总执护报据数无机权条构没现确秘稳类纠"
    "纳组织经结继续维缴罚范获补规计认议许讼访诉询请购费转过这进适采问项题额为制复",
)
TRADITIONAL_FORMS: str = "".join(map(chr, _TRADITIONAL))
"""Every character `fold_characters` maps from a Traditional to a Simplified form (no other is)."""
_HAS_TRADITIONAL = re.compile(f"[{TRADITIONAL_FORMS}]")
_PINYIN = re.compile(r"\([a-zA-Z\u00c0-\u024f\u1e00-\u1eff]+\)")
_PUNCT = {
    "、": ",",
    "，": ",",
    ";": ",",
    "；": ",",
    "“": '"',
    "”": '"',
    "「": '"',
    "」": '"',
    "．": ".",  # noqa: RUF001 - full-width and dash forms the reader folds on purpose
}
_HAS_PUNCT = re.compile(f"[{''.join(_PUNCT)}]")
# str.translate looks every character up in a dict: searching a character class first and
# replacing only what is there is several times faster on prose, where most lines need nothing.


_WIDE = re.compile("[\uff01-\uff5e\u3000]")
"""Full-width ASCII forms and the ideographic space: NFKC decomposes each to one ASCII character."""


def _narrow(char: str) -> str:
    return " " if char == "\u3000" else chr(ord(char) - 0xFEE0)


def fold_characters(text: str) -> str:
    """Fold `text` to NFKC with Traditional characters made Simplified; whitespace is kept.

    Used to scan prose (dates, titles) in the same character forms the labels are compared in.
    Prose is mostly unchanged by NFKC but for its full-width punctuation (，：（）): those are
    replaced by the ASCII characters they decompose to first, which leaves the decomposition,
    and so NFKC's result, the same; NFKC proper runs only if something else remains to fold.
    """
    if not unicodedata.is_normalized("NFKC", text):
        for char in set(_WIDE.findall(text)):
            text = text.replace(char, _narrow(char))
        if not unicodedata.is_normalized("NFKC", text):
            text = unicodedata.normalize("NFKC", text)
    return text.translate(_TRADITIONAL) if _HAS_TRADITIONAL.search(text) else text


def normalize_label(text: str) -> str:
    """Fold `text` to the form labels are compared in.

    NFKC (full-width ``（）：，`` and digits to ASCII), Traditional characters to Simplified,
    inline pinyin such as ``(zhāng)`` removed, whitespace and line breaks removed, and ``、``
    unified with ``，``. Two printings of the same label fold to the same string.
    """
    folded = fold_characters(text)
    if "(" in folded:
        folded = _PINYIN.sub("", folded)
    folded = "".join(folded.split())  # str.split and re's \s agree on what whitespace is
    if _HAS_PUNCT.search(folded):
        for mark, replacement in _PUNCT.items():
            folded = folded.replace(mark, replacement)
    return folded


# --------------------------------------------------------------------------------------------
# The outline's vocabulary: the words the reader finds a title, its organ and year, section
# headings and page chrome by. The reader (`_reading/outline.py`) builds its patterns from these.


@attrs.frozen
class OutlineWords:
    """Words of the printed page around the tables (matched on folded text)."""

    section_keywords: tuple[tuple[str, tuple[str, ...]], ...]
    """Per section key, words whose presence in a numbered heading names that section."""
    title_subject: tuple[str, ...]
    """A title names one of these (信息公开 …)."""
    title_kind: tuple[str, ...]
    """… and one of these (报告 …)."""
    title_year_suffix: str
    """The character after a title's year (年)."""
    title_year_after: str
    """What may follow the year character (度, as in 年度)."""
    about: str
    """The word between an organ and its year (关于)."""
    not_title_starts: tuple[str, ...]
    """A line starting with one of these is a sentence citing the title, not the title."""
    year_periods: tuple[str, ...]
    """Words that introduce the statistics period in prose (统计期限 …)."""
    navigation: tuple[str, ...]
    """A page's navigation lines start with one of these (首页 …): chrome, dropped."""
    buttons: tuple[str, ...]
    """Page buttons (打印本页 …): chrome, dropped."""
    chrome_keys: tuple[str, ...]
    """Keys of a page's ``key: value`` widget lines (字号 …): chrome, dropped."""
    metadata_keys: tuple[str, ...]
    """Keys of scraper and page metadata lines (发布时间: …): kept in the preamble, never the
    organ. The first, 标题, holds the page's title."""
    page_info_keys: tuple[str, ...]
    """Keys of the publishing line a page prints under its title (发布日期: …): dropped there
    with the widgets, like them wherever they stand in a short line."""
    banner_words: tuple[str, ...]
    """Words of a scraper's separator banner (``====== 正文 ======``)."""
    footer_words: tuple[str, ...]
    """Words of a page footer (版权所有 …): dropped from the end of the last section."""
    numerals: str
    """The Chinese numerals a section heading is numbered with, 一 first."""
    heading_marks: str
    """The marks after a heading's numeral (``、``, and the dots it is mistyped as); the first
    is the official one."""
    sentence_ends: str
    """Marks that end a sentence: a line holding one is prose, not a title or heading."""
    clause_marks: str
    """Commas: a short numbered line holding one is a sub-item, not a heading."""


OUTLINE = OutlineWords(
    section_keywords=(
        ("overview", ("总体情况", "概述", "基本情况")),
        ("proactive", ("主动公开",)),
        ("applications", ("收到和处理", "依申请公开", "申请情况")),
        ("review_litigation", ("行政复议", "行政诉讼")),
        ("problems", ("存在的主要问题", "存在问题", "主要问题", "存在的问题")),
        ("other_matters", ("其他需要报告", "其它需要报告", "其他事项", "其它事项")),
    ),
    title_subject=("政府信息公开", "信息公开", "政务公开"),
    title_kind=("报告", "年报"),
    title_year_suffix="年",
    title_year_after="度",
    about="关于",
    not_title_starts=("根据", "依据", "按照"),
    year_periods=("统计期限", "统计时限", "统计期间", "统计时间", "统计区间"),
    navigation=("首页", "您当前的位置", "当前位置", "您现在的位置"),
    buttons=("打印本页", "关闭窗口", "返回顶部"),
    chrome_keys=(
        "字号",
        "点击",
        "阅读",
        "浏览",
        "分享到",
        "分享",
        "打印",
        "保存",
        "收藏",
        "编辑",
        "访问量",
    ),
    metadata_keys=(
        "标题",
        "发布时间",
        "发布日期",
        "发文日期",
        "成文日期",
        "原文链接",
        "原文地址",
        "链接",
        "网址",
        "来源",
        "信息来源",
        "作者",
        "日期",
        "时间",
        "索引号",
        "文号",
        "发文机关",
        "发布机构",
        "主题分类",
        "关键词",
        "采集时间",
        "抓取时间",
        "title",
        "url",
        "source",
        "date",
        "published",
    ),
    page_info_keys=("发布时间", "发布日期", "发文日期", "信息来源", "来源", "作者", "日期", "时间"),
    banner_words=("正文", "全文", "内容", "附件", "元数据"),
    footer_words=(
        "主办单位",
        "承办单位",
        "版权所有",
        "网站标识码",
        "ICP备",
        "公网安备",
        "关闭窗口",
        "打印本页",
        "返回顶部",
        "技术支持",
        "网站地图",
    ),
    numerals="一二三四五六七八九十",
    heading_marks="、.．",  # noqa: RUF001 - full-width and dash forms the reader folds on purpose
    sentence_ends="。；;！!？?",  # noqa: RUF001 - full-width and dash forms the reader folds on purpose
    clause_marks="，,",
)
"""The one `OutlineWords` the reader uses."""

# ============================================================================================
# The model's shape, as data: what the templates share and where they differ. Every consumer of
# the model's shape (`govdisclosure.model._shape`, and through it path access, JSON, CSV and the
# checks) reads these instead of working them out again. Kept as one block of its own.

TEMPLATE_PLACES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("proactive", ()),
    ("applications", ("results", "other_handling")),
)
"""The places whose rows differ between the templates: (table, row path prefix).

``()`` stands for a whole table. A report that shows a row in one of them shows its template
(section 二; the （六）其他处理 rows: one row in 2019, a group of three in 2021); every other
row is printed alike in both.
"""


def shows_template(table: str, path: tuple[str, ...]) -> bool:
    """Return True if the row or group at `path` of `table` lies in a place of `TEMPLATE_PLACES`."""
    return any(table == key and path[: len(prefix)] == prefix for key, prefix in TEMPLATE_PLACES)


@cache
def shared_cells() -> tuple[CellSpec, ...]:
    """The cells both templates print alike, in printed order: usable without a template.

    Every cell outside `TEMPLATE_PLACES` whose path both templates have. The places that show
    the template are never among them, even where a path happens to coincide (2019 处理决定数量
    and 2021 本年处理决定数量 are different columns at the same path).
    """
    older = {cell.path for cell in _LAYOUTS[Template.V2019].cells}
    return tuple(
        cell
        for cell in _LAYOUTS[Template.V2021].cells
        if cell.path in older and not shows_template(cell.table, cell.row.path)
    )


def section_of_table(table: str) -> SectionSpec:
    """Return the section that prints `table` (二 proactive, 三 applications, 四 review)."""
    for section in _SECTIONS:
        if section.table == table:
            return section
    raise KeyError(table)


# ============================================================================================
# Words outside the tables: the units reports glue to numbers, the words the narrative rule
# reads prose by, the words of the checks' Chinese messages that labels also use, and shapes
# real reports print beyond the template (extra headings and rows). Kept as one block of its
# own; every module that needs one of these words reads it from here.

UNITS: tuple[str, ...] = (
    "万元",
    "元",
    "件",
    "个",
    "条",
    "项",
    "次",
    "家",
    "宗",
    "份",
    "人次",
    "人",
)
"""Units reports glue to numbers, longest first where one starts another."""

MONEY_UNIT: str = "万元"
"""The unit of every money cell of the 2021 template (the column's `Column.unit`)."""


@attrs.frozen
class NarrativeWords:
    """The words by which the narrative rule tells what a sentence of prose states.

    Prose wording, not table labels: a sentence says 收到 and 申请 where the table prints
    本年新收政府信息公开申请数量. Folded forms (`fold_characters`) are compared.
    """

    forward: tuple[str, ...] = ("下年", "下一年")
    over: tuple[str, ...] = ("上年", "上一年")
    handled: tuple[str, ...] = ("办结", "办理完毕", "答复完毕", "处理完毕", "答复", "办理结果")
    received: tuple[str, ...] = ("收到", "新收", "受理")
    none_received: tuple[str, ...] = ("未收到", "没有收到")
    new: str = "新收"
    """Says "newly received" by itself; the other received-words need `application` beside."""
    application: str = "申请"
    carry: str = "结转"
    breakdown: str = "其中"
    after_review: tuple[str, ...] = ("复议后起诉", "复议后提起")
    direct: tuple[str, ...] = ("直接起诉", "直接提起")
    not_reviewed: str = "未经复议"
    review: str = "复议"
    litigation: tuple[str, ...] = ("诉讼", "起诉")
    upheld: str = "维持"
    corrected: str = "纠正"
    not_about_year: tuple[str, ...] = (
        "上年",
        "上一年",
        "去年",
        "前年",
        "同比",
        "相比",
        "比上",
        "较",
        "以来",
    )
    """Words that make a year in a clause a year compared with, not the year reported on."""


NARRATIVE_WORDS = NarrativeWords()


@attrs.frozen
class MessageWords:
    """Words of the checks' Chinese messages that the labels use too."""

    amount: str = "金额"
    count: str = "数目"
    sum_of: str = "之和"
    and_more: str = "，等"
    report_year: str = "年度"


MESSAGE_WORDS = MessageWords()

EXTRA_HEADINGS: tuple[str, ...] = (
    "下一步工作打算",
    "其他工作情况",
    "工作考核、社会评议和责任追究情况",
)
"""Section headings real reports print beyond the template's six."""
EXTRA_ROWS: tuple[str, ...] = ("其他主动公开文件", "合计", "备注")
"""Rows real reports print beyond the template's (Hubei's 其他主动公开文件)."""
