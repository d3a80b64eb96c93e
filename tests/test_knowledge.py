"""The knowledge base as shipped, and the loader's errors: one broken fixture per kind of problem."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from orgroles.errors import DataError
from orgroles.knowledge import Library, load_library
from orgroles.model import LANGS
from orgroles.paths import shipped_data_dir

FUNCTIONS = {
    "market": ["brand", "pr", "marketing-planning", "new-media"],
    "operations": [
        "content-ops", "user-ops", "activity-ops", "product-ops", "new-media-ops", "app-store-ops", "shop-ops",
    ],
}  # fmt: skip


def test_the_eleven_functions_sit_in_their_divisions(lib: Library) -> None:
    for division, ids in FUNCTIONS.items():
        assert [f.id for f in lib.kb.functions if f.division == division] == ids
    assert [d.id for d in lib.kb.divisions] == ["market", "operations", "sales"]
    assert not lib.divisions["sales"].in_reference_model


def test_brand_reports_to_cmo_or_ceo_and_has_alt_name(lib: Library) -> None:
    brand = lib.functions["brand"]
    assert brand.reporting is not None
    assert "CMO" in brand.reporting.en and "CEO" in brand.reporting.en
    assert any("企划部" in alt.zh for alt in brand.alt_names)
    assert any("数字市场部" in alt.zh for alt in lib.functions["new-media"].alt_names)


def test_operations_kpis_are_product_data_and_market_kpis_are_not(lib: Library) -> None:
    assert all(k.product_data for k in lib.functions["user-ops"].kpis)
    assert lib.functions["user-ops"].kpis, "user ops names new users, retention, actives, dwell time"
    assert not any(k.product_data for k in lib.divisions["market"].kpis)


def test_overlaps_named_by_the_article_have_questions(lib: Library) -> None:
    ids = {o.id for o in lib.kb.overlaps}
    assert {"new-media", "community", "events", "seo-sem", "paid-media", "bd"} <= ids
    for o in lib.kb.overlaps:
        for lang in LANGS:
            assert o.question.get(lang).strip()


def test_principle_example_is_corrected_to_100000_views(lib: Library) -> None:
    assert lib.kb.principle.example.views == 100_000
    assert lib.kb.principle.example.conversions == 0


def test_cycle_has_nine_steps_and_does_not_invent_the_plus_one(lib: Library) -> None:
    steps = lib.kb.cycle.steps
    assert [s.number for s in steps] == list(range(1, 10))
    assert "never" in lib.kb.cycle.plus_one.en.lower() or "not" in lib.kb.cycle.plus_one.en.lower()


def test_no_machine_translation_artifacts_survive() -> None:
    text = (shipped_data_dir() / "departments.yaml").read_text(encoding="utf-8")
    text += (shipped_data_dir() / "cases.yaml").read_text(encoding="utf-8")
    body = "\n".join(line.split("#", 1)[0] for line in text.splitlines())  # comments may name an artifact
    for artifact in ("654.38", "치고", "파우더 상승", "폭약", "설치하다", "설립하십시오", "명언"):
        assert artifact not in body, artifact


def _comment_above(lines: list[str], i: int) -> str:
    block = []
    while i > 0 and lines[i - 1].strip().startswith("#"):
        i -= 1
        block.append(lines[i])
    return "\n".join(block)


@pytest.mark.parametrize("name", ["departments.yaml", "cases.yaml"])
def test_every_data_entry_cites_the_article(name: str) -> None:
    """Each entry and term group carries a citation, on its own line or in the comment block above it."""
    lines = (shipped_data_dir() / name).read_text(encoding="utf-8").splitlines()
    entries = [i for i, ln in enumerate(lines) if re.match(r"^\s*- (id|target): ", ln)]
    assert entries
    uncited = [lines[i] for i in entries if "§" not in lines[i] and "§" not in _comment_above(lines, i)]
    # a company's centers are cited by the company entry they belong to
    uncited = [ln for ln in uncited if "center" not in ln]
    assert not uncited, f"{name}: entries without a '# article §…' comment: {uncited[:3]}"


def test_companies_show_where_they_depart_from_the_principle(lib: Library) -> None:
    b = lib.companies["company-b"]
    b_market = [d for c in b.centers for d in c.departments if d.division == "market" and any(
        duty.division == "sales" for duty in d.duties)]  # fmt: skip
    assert b_market, "company B's market department does offline sales"
    c = lib.companies["company-c"]
    assert len(c.centers) == 1
    assert not [d for d in c.centers[0].departments if d.id == "market"], "company C has no market department"
    assert {d.division for d in c.centers[0].departments} == {"market", "operations", "sales"}


# -- broken data: every problem, with file and data path ---------------------------------------------------


def _break(folder: Path, name: str, old: str, new: str, count: int = 1) -> Path:
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return path


def _problems(folder: Path) -> list[str]:
    with pytest.raises(DataError) as err:
        load_library(folder)
    return err.value.problems


def test_unknown_function_in_a_company_names_path_and_suggests(data_copy: Callable[[], Path]) -> None:
    folder = data_copy()
    _break(folder, "cases.yaml", "function: brand", "function: brnad")
    [problem] = _problems(folder)
    assert re.search(r"cases\.yaml: line \d+, column \d+: companies\[", problem), problem
    assert ".duties[" in problem and ".function: unknown function 'brnad' (did you mean 'brand'?)" in problem


@pytest.mark.parametrize("weight", ["0.9996", "0.0004"])
def test_a_weight_with_more_than_three_decimals_is_refused(data_copy: Callable[[], Path], weight: str) -> None:
    # shown and added as given: 0.9996 + 1 must not round up past the 2.0 a duty needs, nor 0.0004 to 0
    folder = data_copy()
    text = (folder / "departments.yaml").read_text(encoding="utf-8")
    found = re.search(r'"press release": [0-9.]+', text)
    assert found is not None
    _break(folder, "departments.yaml", found.group(), f'"press release": {weight}')
    [problem] = _problems(folder)
    assert f"press release: {weight} has more than three decimals" in problem


def test_unknown_key_is_reported(data_copy: Callable[[], Path]) -> None:
    folder = data_copy()
    _break(folder, "departments.yaml", "schema_version: 1", "schema_version: 1\nowner: me")
    [problem] = [p for p in _problems(folder) if "owner" in p]
    assert re.search(r"departments\.yaml: line \d+, column 1: owner: unknown key$", problem), problem


def test_wrong_type_and_missing_key_are_all_reported_at_once(data_copy: Callable[[], Path]) -> None:
    folder = data_copy()
    _break(folder, "departments.yaml", "views: 100000", "views: many")
    _break(folder, "cases.yaml", "schema_version: 1", "schema_version: 1\nextra: true")
    problems = _problems(folder)
    assert any("principle.example.views" in p for p in problems)
    assert any(re.search(r"cases\.yaml: line \d+, column 1: extra: unknown key", p) for p in problems)


def test_bad_id_is_reported(data_copy: Callable[[], Path]) -> None:
    folder = data_copy()
    _break(folder, "departments.yaml", "- id: brand ", "- id: Brand_Team ")
    problems = _problems(folder)
    assert any("functions[0].id" in p and "kebab-case" in p for p in problems)


def test_duplicate_id_is_reported(data_copy: Callable[[], Path]) -> None:
    folder = data_copy()
    _break(folder, "departments.yaml", "- id: pr ", "- id: brand ")
    assert any("functions[1].id: duplicate function id 'brand'" in p for p in _problems(folder))


def test_unknown_division_of_a_function_is_reported(data_copy: Callable[[], Path]) -> None:
    folder = data_copy()
    _break(folder, "departments.yaml", "division: market", "division: markt")
    assert any("unknown division 'markt' (did you mean 'market'?)" in p for p in _problems(folder))


def test_not_yaml_and_empty_files_are_reported(data_copy: Callable[[], Path]) -> None:
    folder = data_copy()
    (folder / "departments.yaml").write_text("divisions: [unclosed\n", encoding="utf-8")
    (folder / "cases.yaml").write_text("", encoding="utf-8")
    problems = _problems(folder)
    assert any("departments.yaml: line" in p and "not valid YAML" in p for p in problems)
    assert any("cases.yaml: the file is empty" in p for p in problems)


def test_invalid_utf8_names_the_line(data_copy: Callable[[], Path]) -> None:
    folder = data_copy()
    (folder / "cases.yaml").write_bytes(b"schema_version: 1\ncompanies: \xff\n")
    assert any("cases.yaml: line 2: not valid UTF-8" in p for p in _problems(folder))


def test_the_same_name_for_two_things_is_refused(data_copy: Callable[[], Path]) -> None:
    folder = data_copy()
    lib = load_library(folder)
    pr_alias = lib.functions["pr"].aliases.en[0]
    text = (folder / "departments.yaml").read_text(encoding="utf-8")
    brand_start = text.index("- id: brand ")
    aliases_at = text.index("aliases:", brand_start)
    en_at = text.index("en: [", aliases_at) + len("en: [")
    (folder / "departments.yaml").write_text(text[:en_at] + f'"{pr_alias}", ' + text[en_at:], encoding="utf-8")
    assert any("also names 'pr'" in p or "also names 'brand'" in p for p in _problems(folder))


def test_no_term_votes_twice_for_the_same_target() -> None:
    """A word listed in two groups of one target would count twice; the knowledge lists it once."""
    from orgroles.compiled import build
    from orgroles.knowledge import load_knowledge
    from orgroles.paths import knowledge_path

    table = build(load_knowledge(knowledge_path()))["table"]
    twice = {key: [h[1] for h in hits if h[0] == 0] for key, hits in table.items()}
    twice = {key: targets for key, targets in twice.items() if len(targets) != len(set(targets))}
    assert not twice


def test_a_head_only_group_with_a_sense_is_refused(data_copy: Callable[[], Path]) -> None:
    # a role noun that counts only as a title's head has its sense fixed by that place: no context rule
    folder = data_copy()
    _break(folder, "departments.yaml", "      head_only: true\n", "      head_only: true\n      sense: ops-generic\n")
    assert any("sense: a head_only group takes no sense" in p for p in _problems(folder))


def test_without_libyaml_a_nul_in_a_chart_is_one_error_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The pure-Python loader (PyYAML without libyaml) refuses a NUL while it is built, before parsing."""
    from orgroles import knowledge

    class PureLoader(yaml.SafeLoader):
        construct_object = knowledge._Loader.construct_object

    monkeypatch.setattr(knowledge, "_Loader", PureLoader)
    chart = tmp_path / "chart.yaml"
    chart.write_bytes(b"schema_version: 1\ncompanies: [\x00]\n")
    with pytest.raises(DataError) as caught:
        knowledge.read_yaml(chart)
    (problem,) = caught.value.problems
    assert problem.startswith(f"{chart}: not valid YAML: ") and "#x0000" in problem
