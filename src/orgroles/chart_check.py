"""The cross-references of an org chart checked on its raw YAML data, so that `validate` (and every command
that reads a chart) reports them beside the shape problems in one pass, not only once the shape is right.

pydantic runs no cross-reference check until every field validated; a user fixing a chart would meet the
problems in two rounds. This walks the plain data with the same rules as knowledge.check_cases (unique
ids, known divisions and functions, with did-you-mean), skipping whatever is not of the expected shape:
the shape check already names those places.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from orgroles.knowledge import YamlDoc
    from orgroles.model import KnowledgeBase

_LINE = re.compile(r": line (\d+), column (\d+): ")


def _items(node: Any, key: str) -> list[tuple[int, dict[str, Any]]]:
    value = node.get(key) if isinstance(node, dict) else None
    return [(i, item) for i, item in enumerate(value) if isinstance(item, dict)] if isinstance(value, list) else []


def check_chart_refs(doc: YamlDoc, kb: KnowledgeBase) -> list[str]:
    """Every cross-reference problem of an org chart's raw data, with file, line, column and data path."""
    from orgroles.knowledge import Problems

    problems = Problems(doc)
    divisions = [d.id for d in kb.divisions]
    functions = [f.id for f in kb.functions]

    def ids(items: list[tuple[int, dict[str, Any]]]) -> list[tuple[int, str]]:
        return [(i, item["id"]) for i, item in items if isinstance(item.get("id"), str)]

    def unique(loc: tuple[int | str, ...], found: list[tuple[int, str]], what: str, seen: set[str]) -> None:
        for i, value in found:
            if value in seen:
                problems.add((*loc, i, "id"), f"duplicate {what} id {value!r}")
            seen.add(value)

    def ref(loc: tuple[int | str, ...], node: dict[str, Any], key: str, allowed: list[str], what: str) -> None:
        if isinstance(node.get(key), str):
            problems.ref((*loc, key), node[key], allowed, what)

    companies = _items(doc.data, "companies")
    unique(("companies",), ids(companies), "company", set())
    for i, company in companies:
        if company.get("id") in (*divisions, *functions):
            problems.add(("companies", i, "id"), f"{company['id']!r} is already a division or function id")
        centers = _items(company, "centers")
        unique(("companies", i, "centers"), ids(centers), "center", set())
        departments: set[str] = set()
        for j, center in centers:
            loc: tuple[int | str, ...] = ("companies", i, "centers", j, "departments")
            depts = _items(center, "departments")
            unique(loc, ids(depts), "department", departments)
            for k, dept in depts:
                ref((*loc, k), dept, "division", divisions, "division")
                for m, duty in _items(dept, "duties"):
                    ref((*loc, k, "duties", m), duty, "function", functions, "function")
                    ref((*loc, k, "duties", m), duty, "division", divisions, "division")
    return list(problems)


def in_file_order(problems: list[str]) -> list[str]:
    """Problems sorted by line and column (a problem with no place first), each once."""

    def place(problem: str) -> tuple[int, int]:
        found = _LINE.search(problem)
        return (int(found.group(1)), int(found.group(2))) if found else (0, 0)

    return sorted(dict.fromkeys(problems), key=place)
