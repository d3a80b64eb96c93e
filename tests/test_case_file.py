"""Our own labelled duties (tests/cases/duties.yaml) hold the classifier to its accuracy floor."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from orgroles.engine import explainer

CASES = yaml.safe_load((Path(__file__).parent / "cases" / "duties.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def answers() -> list[tuple[dict[str, Any], dict[str, Any]]]:
    ex = explainer()
    return [(case, ex.as_dict(ex.run(case["text"]))) for case in CASES]


def _accepted(case: dict[str, Any]) -> set[tuple[str, str | None]]:
    ok = {(case["department"], case["function"])}
    for alt in case["accept"]:
        dept, _, fn = alt.partition("/")
        ok.add((dept, None if fn in ("", "null") else fn))
    return ok


def test_the_case_file_covers_what_it_must() -> None:
    langs = Counter(c["lang"] for c in CASES)
    assert len(CASES) >= 300 and all(langs[lg] >= 100 for lg in ("en", "ko", "zh"))
    functions = {c["function"] for c in CASES}
    assert len(functions - {None}) == 11
    departments = Counter(c["department"] for c in CASES)
    assert departments["sales"] and departments["unclassified"]
    tags = Counter(t for c in CASES for t in c["tags"])
    for tag in ("overlap", "multi-sense", "typo", "title", "mixed", "core"):
        assert tags[tag] >= 5, tag


def _report(misses: list[str]) -> str:
    return "\n".join(misses[:40])


def test_department_accuracy_at_least_95_percent(answers: list[tuple[dict[str, Any], dict[str, Any]]]) -> None:
    misses = [
        f"{c['lang']} {c['department']}/{c['function']} -> {a['department']}/{a['function']}: {c['text']}"
        for c, a in answers
        if a["department"] not in {d for d, _ in _accepted(c)}
    ]
    accuracy = 1 - len(misses) / len(answers)
    assert accuracy >= 0.95, f"department accuracy {accuracy:.1%}; misses:\n{_report(misses)}"


def test_function_accuracy_at_least_90_percent(answers: list[tuple[dict[str, Any], dict[str, Any]]]) -> None:
    misses = [
        f"{c['lang']} {c['department']}/{c['function']} -> {a['department']}/{a['function']}: {c['text']}"
        for c, a in answers
        if (a["department"], a["function"]) not in _accepted(c)
    ]
    accuracy = 1 - len(misses) / len(answers)
    assert accuracy >= 0.90, f"function accuracy {accuracy:.1%}; misses:\n{_report(misses)}"


@pytest.mark.parametrize("lang", ["en", "ko", "zh"])
def test_each_language_holds_the_department_floor(
    answers: list[tuple[dict[str, Any], dict[str, Any]]], lang: str
) -> None:
    mine = [(c, a) for c, a in answers if c["lang"] == lang]
    right = sum(a["department"] in {d for d, _ in _accepted(c)} for c, a in mine)
    assert right / len(mine) >= 0.93


def test_core_cases_are_exact(answers: list[tuple[dict[str, Any], dict[str, Any]]]) -> None:
    wrong = [
        f"{c['text']!r}: expected {c['department']}/{c['function']}, got {a['department']}/{a['function']}"
        for c, a in answers
        if "core" in c["tags"] and (a["department"], a["function"]) != (c["department"], c["function"])
    ]
    assert not wrong, "\n".join(wrong)


def test_overlap_cases_without_deciding_evidence_ask_the_question(
    answers: list[tuple[dict[str, Any], dict[str, Any]]],
) -> None:
    open_cases = [(c, a) for c, a in answers if c["accept"] and c["department"] in ("market", "operations")]
    assert open_cases
    asked = sum(bool(a["ambiguous"] and a["question"]) for _, a in open_cases)
    assert asked / len(open_cases) >= 0.6, "most genuinely open duties should come with their deciding question"
