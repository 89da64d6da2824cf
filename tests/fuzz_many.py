"""Run thousands of fuzz mutants per reader and count the unexpected exceptions.

Usage::

    python tests/fuzz_many.py                    # 5,000 mutants per reader
    python tests/fuzz_many.py --count 500 --only text,html --save /tmp/crashers

Uses the mutants of ``tests/test_fuzz.py`` (the same seeds: mutant ``N`` of a reader is the same
input here and there). Prints, per reader, how many mutants raised an unexpected exception,
grouped by exception type and the line of govdisclosure that raised it, and the slowest mutant.
Not collected by pytest (the name does not start with ``test_``). Exit 1 if anything raised.
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import test_fuzz


def _where(error: BaseException) -> str:
    """The last frame inside govdisclosure that the exception passed through."""
    frames = [f for f in traceback.extract_tb(error.__traceback__) if "govdisclosure" in f.filename]
    if not frames:
        return "?"
    frame = frames[-1]
    return f"{Path(frame.filename).name}:{frame.lineno} {frame.name}"


def run(reader: str, count: int, save: Path | None) -> int:
    """Run `count` mutants of `reader`; print the counts and return how many raised."""
    raised: Counter[str] = Counter()
    first: dict[str, str] = {}
    slowest = (0.0, "")
    start = time.perf_counter()
    for number in range(count):
        description, source = test_fuzz.mutant(reader, number)
        began = time.perf_counter()
        try:
            test_fuzz.CHECKS[reader](source)
        except Exception as error:  # noqa: BLE001 - counting every unexpected exception
            kind = f"{type(error).__name__} at {_where(error)}"
            raised[kind] += 1
            first.setdefault(kind, f"{description}: {str(error)[:160]}")
            if save is not None:
                save.mkdir(parents=True, exist_ok=True)
                data = test_fuzz._bytes(source)
                (save / f"{reader}-{number}.bin").write_bytes(data)
        took = time.perf_counter() - began
        slowest = max(slowest, (took, description))
    total = sum(raised.values())
    elapsed = time.perf_counter() - start
    print(
        f"{reader}: {total} of {count} mutants raised an unexpected exception "
        f"({elapsed:.1f} s; slowest {slowest[0] * 1e3:.0f} ms, {slowest[1]})"
    )
    for kind, number in raised.most_common():
        print(f"    {number:5d}  {kind}\n           e.g. {first[kind]}")
    return total


def main(argv: Sequence[str] | None = None) -> int:
    """Run the readers named on the command line; return the exit code."""
    parser = argparse.ArgumentParser(description="Fuzz govdisclosure's readers.")
    parser.add_argument("--count", type=int, default=5000, help="mutants per reader")
    parser.add_argument("--only", default=",".join(test_fuzz.READERS), help="readers to fuzz")
    parser.add_argument("--save", type=Path, help="write each crashing input to this folder")
    args = parser.parse_args(argv)
    readers = [r.strip() for r in args.only.split(",") if r.strip()]
    unknown = sorted(set(readers) - set(test_fuzz.READERS))
    if unknown:
        parser.error(f"unknown reader(s): {', '.join(unknown)}")
    total = sum(run(reader, args.count, args.save) for reader in readers)
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main())
