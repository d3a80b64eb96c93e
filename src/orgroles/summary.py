"""The summary of a batch: how many duties went to each department and function, how many were ambiguous or
unclassified, and each count's share of the total. Pure: answers in, one plain dict out."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

DEPARTMENTS = ("market", "operations", "sales", "unclassified")  # always listed, in this order


def summarise(answers: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """{total, departments, functions, ambiguous, unclassified}; functions by count, ties by id."""
    departments: Counter[str] = Counter()
    functions: Counter[str] = Counter()
    function_department: dict[str, str] = {}
    ambiguous = 0
    for a in answers:
        departments[a["department"]] += 1
        if a["function"]:
            functions[a["function"]] += 1
            function_department[a["function"]] = a["department"]
        ambiguous += bool(a["ambiguous"])
    total = sum(departments.values())

    def counted(n: int) -> dict[str, Any]:
        return {"count": n, "share": round(n / total, 4) if total else 0.0}

    listed = (*DEPARTMENTS, *sorted(set(departments) - set(DEPARTMENTS)))
    return {
        "total": total,
        "departments": {d: counted(departments[d]) for d in listed},
        "functions": {
            fn: {"department": function_department[fn], **counted(n)}
            for fn, n in sorted(functions.items(), key=lambda item: (-item[1], item[0]))
        },
        "ambiguous": counted(ambiguous),
        "unclassified": counted(departments["unclassified"]),
    }
