"""The verdict and the lists a user reads tell one story: department totals, candidates and ties agree."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from orgroles.engine import Explainer, explainer
from orgroles.knowledge import load_knowledge
from orgroles.model import LANGS
from orgroles.paths import cases_path, knowledge_path

CASES = Path(__file__).parent / "cases"


def _texts_of(node: Any) -> list[str]:
    """Every duty text of a case file: the `text` of each entry, a plain string or one per language."""
    found: list[str] = []
    if isinstance(node, dict):
        text = node.get("text")
        if isinstance(text, str):
            found.append(text)
        elif isinstance(text, dict):
            found.extend(v for k, v in text.items() if k in LANGS and isinstance(v, str))
        for key, value in node.items():
            if key != "text":
                found.extend(_texts_of(value))
    elif isinstance(node, list):
        for item in node:
            found.extend(_texts_of(item))
    return found


def _every_case_text() -> list[str]:
    """Our case files (every tests/cases/*.yaml), the example companies' tagged duties, and every duty and
    deliverable line of the function cards, in all three languages."""
    texts: list[str] = []
    for path in sorted(CASES.glob("*.yaml")):
        texts += _texts_of(yaml.safe_load(path.read_text(encoding="utf-8")))
    companies = yaml.safe_load(cases_path(None).read_text(encoding="utf-8"))
    texts += _texts_of(companies)
    kb = load_knowledge(knowledge_path(None))
    for fn in kb.functions:
        for line in [*fn.duties, *fn.deliverables]:
            texts += [line.get(lang) for lang in LANGS]
    return texts


TEXTS = _every_case_text()


@pytest.fixture(scope="module")
def ex() -> Explainer:
    return explainer()


def test_the_case_texts_were_all_found() -> None:
    assert len(TEXTS) >= 700  # duties.yaml alone holds 400; the cards and companies some 300 more


def test_no_answer_lists_another_department_first(ex: Explainer) -> None:
    incoherent = []
    for text in TEXTS:
        r = ex.as_dict(ex.run(text), top=20)
        if r["department"] == "unclassified":
            continue
        if r["candidates"][0]["department"] != r["department"] or r["departments"][0]["department"] != r["department"]:
            incoherent.append(f"{r['department']} but {r['candidates'][0]} / {r['departments'][0]}: {text}")
    assert incoherent == [], "\n".join(incoherent[:20])


def test_candidates_follow_the_department_order(ex: Explainer) -> None:
    for text in TEXTS:
        r = ex.as_dict(ex.run(text), top=20)
        order = [d["department"] for d in r["departments"]]
        listed = [order.index(c["department"]) for c in r["candidates"]]
        assert listed == sorted(listed), text
        totals = [d["score"] for d in r["departments"]]
        assert totals == sorted(totals, reverse=True), text


def test_department_totals_are_the_sums_of_the_evidence(ex: Explainer) -> None:
    for text in TEXTS[:300]:
        r = ex.as_dict(ex.run(text))
        sums: dict[str, float] = {}
        for e in r["evidence"]:
            sums[e["department"]] = sums.get(e["department"], 0.0) + e["weight"]
        assert {d["department"]: d["score"] for d in r["departments"]} == pytest.approx(sums), text


@pytest.mark.parametrize("text", ["PR and retention", "retention and PR", "리텐션 및 PR"])
def test_a_market_operations_tie_goes_to_market_and_is_ambiguous(ex: Explainer, text: str) -> None:
    r = ex.as_dict(ex.run(text))
    first, second = r["departments"][:2]
    assert first["score"] == second["score"]  # a tie, whatever the order of the words
    assert r["department"] == "market" and r["candidates"][0]["department"] == "market"
    assert r["ambiguous"] is True and r["question"]


def test_the_card_shows_the_department_totals(ex: Explainer) -> None:
    from orgroles.card import draw

    card = draw(ex.as_dict(ex.run("负责品牌传播与用户留存")), ex.names, width=80, colour=False)
    assert "部门得分" in card
    assert card.index("运营部 5") < card.index("市场部 3")
