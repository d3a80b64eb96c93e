"""The knowledge base agrees with itself: the duties and deliverables the article gives each function, and the
tagged duties of its example companies, land in their own function when classified, in all three languages."""

from __future__ import annotations

from collections import Counter
from typing import Any, NamedTuple

import pytest

from orgroles.engine import explainer
from orgroles.knowledge import Library
from orgroles.model import LANGS

FLOOR = 0.97  # share of the article's own lines that must land in their own function


class Line(NamedTuple):
    """One line of the article's own knowledge, and where the article puts it."""

    where: str  # e.g. "brand.duties[1]" or "company-c/c-sales[0]"
    lang: str
    text: str
    department: str
    function: str | None  # None for a duty the article files under a department only (sales)


def _own_lines(lib: Library) -> list[Line]:
    lines: list[Line] = []
    for fn in lib.kb.functions:
        for field in ("duties", "deliverables"):
            for i, text in enumerate(getattr(fn, field)):
                lines += [Line(f"{fn.id}.{field}[{i}]", lg, text.get(lg), fn.division, fn.id) for lg in LANGS]
    for company in lib.cases.companies:
        for center in company.centers:
            for dept in center.departments:
                for i, duty in enumerate(dept.duties):
                    if duty.function is None and duty.division is None:
                        continue  # untagged: the article does not say where it belongs
                    division = duty.division or lib.functions[str(duty.function)].division
                    where = f"{company.id}/{dept.id}[{i}]"
                    lines += [Line(where, lg, duty.in_lang(lg), division, duty.function) for lg in LANGS]
    return lines


def _lands(line: Line, answer: dict[str, Any]) -> bool:
    """In its own function, or ambiguous with it among the candidates; a department-only line in its department."""
    if line.function is None:
        return bool(answer["department"] == line.department)
    if (answer["department"], answer["function"]) == (line.department, line.function):
        return True
    return bool(answer["ambiguous"]) and any(c["function"] == line.function for c in answer["candidates"])


@pytest.fixture(scope="module")
def verdicts(lib: Library) -> list[tuple[Line, dict[str, Any], bool]]:
    ex = explainer()
    out = []
    for line in _own_lines(lib):
        answer = ex.as_dict(ex.run(line.text))
        out.append((line, answer, _lands(line, answer)))
    return out


def _misses(verdicts: list[tuple[Line, dict[str, Any], bool]]) -> str:
    return "\n".join(
        f"  {ln.lang} {ln.where} {ln.department}/{ln.function} -> {a['department']}/{a['function']}: {ln.text}"
        for ln, a, ok in verdicts
        if not ok
    )


def test_every_function_card_and_tagged_company_duty_is_measured(lib: Library) -> None:
    lines = _own_lines(lib)
    per_function = Counter(ln.function for ln in lines)
    assert all(per_function[fn.id] >= 3 * len(LANGS) for fn in lib.kb.functions), per_function
    assert Counter(ln.lang for ln in lines) == dict.fromkeys(LANGS, len(lines) // len(LANGS))
    assert any(ln.function is None and ln.department == "sales" for ln in lines), "the sales duty of company C"


def test_the_articles_own_lines_land_in_their_own_function(
    verdicts: list[tuple[Line, dict[str, Any], bool]],
) -> None:
    share = sum(ok for _, _, ok in verdicts) / len(verdicts)
    assert share >= FLOOR, f"self-consistency {share:.3f} < {FLOOR}; misses:\n{_misses(verdicts)}"


@pytest.mark.parametrize("lang", LANGS)
def test_each_language_agrees_with_itself(verdicts: list[tuple[Line, dict[str, Any], bool]], lang: str) -> None:
    mine = [v for v in verdicts if v[0].lang == lang]
    share = sum(ok for _, _, ok in mine) / len(mine)
    assert share >= 0.95, f"{lang}: self-consistency {share:.3f} < 0.95; misses:\n{_misses(mine)}"
