"""learn.py on in-memory items: candidates in the matcher's canonical form, labels, and the figures."""

from __future__ import annotations

from typing import Any

import pytest

from orgroles.compiled import load_compiled
from orgroles.learn import Item, candidates_of, items_of, learn, overlay_of, propose, to_yaml
from orgroles.overlay import term_key


@pytest.fixture(scope="module")
def compiled() -> dict[str, Any]:
    return load_compiled()


def item(text: str, lang: str, department: str = "operations", function: str | None = None) -> Item:
    [one] = items_of([{"text": text, "department": department, "function": function, "lang": lang}], {})
    return one


def test_korean_candidates_are_read_without_particles_and_spaces() -> None:
    found = candidates_of(item("쿼카보드를 매일 정리한다", "ko"))
    assert found["쿼카보드"] == "쿼카보드"  # the particle 를 is not part of the word
    assert term_key("쿼카보드 매일") in found  # a two-word phrase, keyed as the matcher joins Korean words
    assert "한다" not in found and "정리한다" in found


def test_chinese_candidates_are_short_runs_that_do_not_start_or_end_in_grammar() -> None:
    found = candidates_of(item("负责袋熊的看板", "zh"))
    assert {"袋熊", "看板", "负责袋熊"} <= set(found)
    assert not any(key.startswith("的") or key.endswith("的") for key in found)


def test_english_candidates_skip_words_that_say_nothing() -> None:
    found = candidates_of(item("Update the quokkaboards weekly", "en"))
    assert found[term_key("quokkaboards")] == "quokkaboards"
    assert "the" not in found and term_key("update the") not in found
    assert found[term_key("quokkaboards weekly")] == "quokkaboards weekly"


def test_a_label_with_a_function_gets_terms_for_that_function(compiled: dict[str, Any]) -> None:
    records = [
        {"text": f"quokkaboard {w}", "department": "operations", "function": "content-ops"}
        for w in ("daily", "weekly", "monthly", "nightly")
    ]
    items = items_of(records, compiled["division_of"])
    assert {i.target for i in items} == {"content-ops"}
    proposals = propose(compiled, items)
    assert [(p.term, p.target, p.department) for p in proposals][:1] == [("quokkaboard", "content-ops", "operations")]


def test_learn_reports_its_progress_and_the_same_figures_every_time(compiled: dict[str, Any]) -> None:
    # the shipped knowledge calls these market (they say brand); the labels say they belong to neither
    records = [{"text": f"quokkaboard {w} brand", "department": "neither"} for w in ("one", "two", "three", "four")]
    records += [{"text": "brand positioning", "department": "market"}] * 4
    items = items_of(records, compiled["division_of"])
    seen: list[tuple[int, int]] = []
    first = learn(compiled, items, min_support=2, folds=2, progress=lambda done, total: seen.append((done, total)))
    assert seen and seen[-1][0] == seen[-1][1] and [d for d, _ in seen] == sorted(d for d, _ in seen)
    assert [p.target for p in first.proposals] == ["unrelated"]
    again = learn(compiled, items, min_support=2, folds=2)
    assert first.as_dict() == again.as_dict()
    assert to_yaml(first, "x.jsonl", "orgroles learn x.jsonl") == to_yaml(again, "x.jsonl", "orgroles learn x.jsonl")
    assert "# label neither (unrelated)" in to_yaml(first, "x.jsonl", "orgroles learn x.jsonl")
    assert overlay_of(first.proposals)["terms"][0][:2] == ["quokkaboard", "unrelated"]


def test_a_proposal_that_re_points_a_known_term_says_so_in_the_file() -> None:
    from orgroles.learn import Learned, Proposal, Score

    proposal = Proposal("en", "seo", "content-ops", "operations", 3.0, 5, 4, 0, ["new-media"])
    figures = Score(1, 2)
    written = to_yaml(Learned([proposal], figures, figures, figures, 5, 1), "x.jsonl", "orgroles learn x.jsonl")
    assert (
        "# label operations/content-ops · weight 3 · support 5 · fixes 4 · breaks 0 · re-points a known term "
        "(was new-media): check it" in written
    )
    assert '    en: {"seo": 3}' in written
