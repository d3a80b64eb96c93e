"""The README's partition function (for Dask map_partitions and Spark mapPartitions), run here over an
input split into partitions: the answers put back together equal one batch's."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from itertools import pairwise
from pathlib import Path
from typing import Any

from orgroles import classify_many

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
DUTIES = ["brand strategy", "커뮤니티 운영", "", "负责用户留存与社群运营", "press release and media relations",
          "close enterprise deals", "x", "브랜드 인지도 캠페인", "SEO and app store keyword ranking"]  # fmt: skip


def _partition_function() -> Callable[[Iterable[str]], Iterator[dict[str, Any]]]:
    """classify_partition as the README defines it (its first Python block of that section)."""
    section = README.split("## Beyond one machine", 1)[1].split("\n## ", 1)[0]
    code = re.findall(r"```python\n(.+?)```", section, flags=re.S)[0]
    names: dict[str, Any] = {}
    exec(code, names)
    return names["classify_partition"]  # type: ignore[no-any-return]


def _split(items: list[str], parts: int) -> list[list[str]]:
    """Contiguous partitions of unequal sizes, as an engine cuts a file (one of them empty)."""
    cuts = sorted({0, len(items), *(len(items) * k // (parts + 1) for k in range(1, parts + 1)), 7})
    return [items[a:b] for a, b in pairwise(cuts)] + [[]]


def test_the_partition_function_over_a_split_input_equals_one_batch() -> None:
    classify_partition = _partition_function()
    duties = [f"{DUTIES[i % len(DUTIES)]} {i % 13}".strip() for i in range(400)]
    partitions = _split(duties, 5)
    assert len(partitions) > 3 and sum(map(len, partitions)) == len(duties)
    mapped = [answer for part in partitions for answer in classify_partition(part)]  # what the engine gathers
    whole = [answer.model_dump(mode="json") for answer in classify_many(duties)]
    assert mapped == whole
    assert [a["text"] for a in mapped] == duties
