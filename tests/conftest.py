"""Shared test configuration: hypothesis profiles and paths to fixtures."""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, settings

from govdisclosure import Report, Section, Template
from govdisclosure.layout import CellKind, layout

# "fast" for the edit-test loop, "thorough" for CI (.ci/run sets GOVDISCLOSURE_PROFILE).
settings.register_profile(
    "fast",
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
# CI's profile. Properties the issues set a count for (500 JSON round trips per template) ask for
# it themselves; everything else runs 100 examples, which keeps CI well inside its time.
settings.register_profile(
    "thorough",
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    print_blob=True,
)
settings.load_profile(os.environ.get("GOVDISCLOSURE_PROFILE", "fast"))

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _paragraphs(lines: list[str], heading: str, end: str | None) -> str:
    """The paragraph lines between `heading` and `end`, stripped, blank lines dropped."""
    start = lines.index(heading) + 1
    stop = lines.index(end) if end is not None else len(lines)
    return "\n".join(stripped for line in lines[start:stop] if (stripped := line.strip()))


@pytest.fixture(scope="session")
def xiangtan_report() -> Report:
    """The Xiangtan County Audit Bureau 2020 report, built by hand from the example text.

    The golden tests of every format compare their reading of the shipped examples with this.
    """
    lines = (EXAMPLES / "xiangtan-audit-2020.txt").read_text(encoding="utf-8").splitlines()
    headings = [
        ("overview", "一、总体情况"),
        ("proactive", "二、主动公开政府信息情况"),
        ("applications", "三、收到和处理政府信息公开申请情况"),
        ("review_litigation", "四、政府信息公开行政复议、行政诉讼情况"),
        ("problems", "五、工作存在的问题及改进措施"),
        (None, "六、下一步工作打算"),
        ("other_matters", "七、其他需要报告的事项"),
    ]
    tables = {"proactive", "applications", "review_litigation"}
    sections = []
    for i, (key, heading) in enumerate(headings):
        end = headings[i + 1][1] if i + 1 < len(headings) else None
        text = "" if key in tables else _paragraphs(lines, heading, end)
        sections.append(Section(key, heading, text))  # type: ignore[arg-type]
    # Sections 二, 三 and 四 print 0 in every cell; the one money cell (采购总金额) is 0 too.
    zeros = {
        cell.path: Decimal(0) if cell.column.kind is CellKind.MONEY else 0
        for cell in layout(Template.V2019).cells
    }
    report = Report.empty(
        "2019", title="湘潭县审计局2020年政府信息公开年度报告", organ="湘潭县审计局", year=2020
    ).with_cells(zeros)
    return attrs.evolve(report, sections=tuple(sections))
