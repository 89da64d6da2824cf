"""Scaling: inputs of one shape at 10 KB, 100 KB and 1 MB, and how parse time grows with size.

Each shape is a long run of one kind of character (spaces, digits, table bars, punctuation,
one repeated character) placed where the reader looks hardest: in a heading-like line, in a
table row label, in prose. Linear reading has exponent 1 (ten times the size, ten times the
time); 2 is quadratic. Every call reads a distinct input (a salt after the run), so the
parser's memo of lines cannot hide the work.
"""

from __future__ import annotations

import gc
import math
import time
import tracemalloc
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from govdisclosure import _memo, text

SIZES = (10_000, 100_000, 1_000_000)

RUNS = {
    "spaces": " ",
    "digits": "1",
    "table bars": "|",
    "punctuation": "、",
    "one repeated character": "一",
}
_TABLE = (
    "二、主动公开政府信息情况\n第二十条第（一）项\n"
    "信息内容 本年制发件数 本年废止件数 现行有效件数\n"
)
PLACES: dict[str, Callable[[str, int], str]] = {
    "heading": lambda run, salt: f"一、a{run}b{salt}\n",
    "label": lambda run, salt: f"{_TABLE}规章{run}{salt} 0 0 0\n",
    "prose": lambda run, salt: f"一、总体情况\n本年度{run}。{salt}\n",
}
_ROW = "一、本年新收政府信息公开申请数量"
_FLAT_HEAD = (
    "一、总体情况" + "本年度工作顺利。" * 30 + "三、收到和处理政府信息公开申请情况申请人情况"
)
FLAT: dict[str, Callable[[int, int], str]] = {
    # A scraper's tag-stripped page: rows glued to their cells, each split by arithmetic.
    "a flattened page of glued rows": lambda size, salt: (
        _FLAT_HEAD
        + "".join(f"{_ROW}{n % 90 + 10}3000000{n % 90 + 13}" for n in range(size // 30))
        + str(salt)
    ),
}
_PAGE = "<html><body><h1>某局2021年政府信息公开工作年度报告</h1>"
HTML: dict[str, Callable[[int, int], str]] = {
    "a paragraph of spaces": lambda size, salt: f"{_PAGE}<p>一、a{' ' * size}b{salt}</p>",
    "table rows spanning to the end": lambda size, salt: (
        f"{_PAGE}<table>{'<tr><td rowspan=0>规章</td><td>0</td></tr>' * (size // 40)}"
        f"<tr><td>{salt}</td></tr></table>"
    ),
    "one row of cells": lambda size, salt: (
        f"{_PAGE}<table><tr>{'<td>0</td>' * (size // 10)}<td>{salt}</td></tr></table>"
    ),
}


def text_shape(place: str, run: str, size: int, salt: int) -> str:
    """The input of a text shape, about `size` characters."""
    return PLACES[place](run * size, salt)


@dataclass(frozen=True)
class Growth:
    """Parse time of one shape at each size, and the exponents between sizes."""

    seconds: tuple[float, ...]

    @property
    def exponent(self) -> float:
        """How time grows from 100 KB to 1 MB: 1 linear, 2 quadratic."""
        return math.log10(self.seconds[2] / self.seconds[1])

    @property
    def small_exponent(self) -> float:
        """The same from 10 KB to 100 KB."""
        return math.log10(self.seconds[1] / self.seconds[0])


def growth(parse: Callable[[str], object], make: Callable[[int, int], str], rounds: int) -> Growth:
    """Best-of-`rounds` parse time of `make(size, salt)` at each size, distinct inputs each call."""
    best = []
    salt = 0
    for size in SIZES:
        times = []
        for _ in range(rounds):
            salt += 1
            source = make(size, salt)
            start = time.perf_counter()
            parse(source)
            times.append(time.perf_counter() - start)
        best.append(min(times))
    return Growth(tuple(best))


def shapes() -> Iterator[tuple[str, Callable[[int, int], str]]]:
    """Every text shape, named, as a maker of inputs by size and salt."""
    for place in PLACES:
        for name, char in RUNS.items():
            yield (
                f"{name} in a {place}",
                lambda size, salt, place=place, char=char: text_shape(place, char, size, salt),  # type: ignore[misc]
            )
    yield from FLAT.items()


def cache_memory() -> tuple[int, str]:
    """Bytes the parser still holds after reading 1 MB inputs of every shape, and a breakdown.

    Traced with tracemalloc from a cold start: what stays after the inputs and results are
    dropped is what the parser's memos keep.
    """
    _memo.clear()
    gc.collect()
    tracemalloc.start()
    try:
        start = tracemalloc.get_traced_memory()[0]
        for number, (_, make) in enumerate(shapes()):
            text.parse(make(1_000_000, number))
        # Many distinct short lines, as a run over a corpus meets them.
        for batch in range(10):
            text.parse("\n".join(f"| 行{batch}-{i} | {i} | {i + 1} |" for i in range(5000)))
        gc.collect()
        kept = tracemalloc.get_traced_memory()[0] - start
    finally:
        tracemalloc.stop()
    counted = _memo.retained()
    detail = ", ".join(f"{name} {n} entries" for name, (n, _) in counted.items())
    return kept, detail
