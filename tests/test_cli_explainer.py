"""show, list, tree, compare, explain and cycle as a user runs them, in all three languages."""

from __future__ import annotations

import json

import pytest

from .conftest import Run, display_width

LANG_WORDS = {"en": "Mission", "ko": "미션", "zh": "使命"}


@pytest.mark.parametrize(
    "name", ["brand", "브랜드", "品牌部", "Brand Department", "BRAND", "ｂｒａｎｄ", "브랜드팀", "品牌"]
)
def test_show_finds_a_function_by_any_name(run: Run, name: str) -> None:
    result = run("show", name, "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["id"] == "brand"


@pytest.mark.parametrize("lang", ["en", "ko", "zh"])
def test_show_function_card_in_each_language(run: Run, lang: str) -> None:
    result = run("show", "user-ops", "--lang", lang)
    assert result.exit_code == 0
    assert LANG_WORDS[lang] in result.stdout
    assert "company-b" in result.stdout  # company B's operations department does user operations


def test_show_answers_in_the_script_of_the_name(run: Run) -> None:
    assert "미션" in run("show", "브랜드").stdout
    assert "使命" in run("show", "品牌部").stdout
    assert "Mission" in run("show", "brand").stdout


def test_lang_from_environment(run: Run) -> None:
    assert "使命" in run("show", "brand", env={"ORGROLES_LANG": "zh"}).stdout


def test_show_division_and_company(run: Run) -> None:
    market = run("show", "market", "--format", "json")
    payload = json.loads(market.stdout)
    assert payload["kind"] == "division"
    assert payload["functions"] == ["brand", "pr", "marketing-planning", "new-media"]
    company = json.loads(run("show", "company-b", "--format", "json").stdout)
    assert company["kind"] == "company" and company["id"] == "company-b"
    assert run("show", "company-b").exit_code == 0


def test_function_json_keys_are_stable(run: Run) -> None:
    payload = json.loads(run("show", "pr", "--format", "json").stdout)
    for key in ("kind", "id", "division", "name", "aliases", "alt_names", "mission", "duties", "deliverables",
                "kpis", "reporting", "source", "overlaps", "companies"):  # fmt: skip
        assert key in payload, key
    assert set(payload["name"]) == {"en", "ko", "zh"}
    assert all(set(k) == {"name", "product_data"} for k in payload["kpis"])


def test_json_keeps_cjk_readable(run: Run) -> None:
    assert "品牌部" in run("show", "brand", "--format", "json").stdout


def test_unknown_name_exits_2_with_suggestion(run: Run) -> None:
    result = run("show", "brnad")
    assert result.exit_code == 2
    assert "did you mean" in result.stderr and "brand" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize("lang", ["en", "ko", "zh"])
def test_list_everything(run: Run, lang: str) -> None:
    result = run("list", "--lang", lang)
    assert result.exit_code == 0
    for ident in ("market", "shop-ops", "company-c"):
        assert ident in result.stdout


def test_list_json(run: Run) -> None:
    payload = json.loads(run("list", "functions", "--format", "json").stdout)
    assert list(payload) == ["functions"]
    assert len(payload["functions"]) == 11


@pytest.mark.parametrize("lang", ["en", "ko", "zh"])
def test_tree_reference_and_company(run: Run, lang: str) -> None:
    ref = run("tree", "--lang", lang)
    assert ref.exit_code == 0 and "app-store-ops" in ref.stdout
    company = run("tree", "company-a", "--lang", lang)
    assert company.exit_code == 0
    assert "→ app-store-ops" in company.stdout  # each duty tagged with its function


def test_tree_mermaid_and_dot(run: Run) -> None:
    mermaid = run("tree", "company-b", "--format", "mermaid").stdout
    assert mermaid.startswith("flowchart TD")
    # company B's marketing department sells as much as it markets: drawn as what it also is, sales
    assert "class department_market_center__b_market division_sales" in mermaid
    dot = run("tree", "--format", "dot").stdout
    assert dot.startswith("digraph") and dot.rstrip().endswith("}")
    assert "brand" in dot


def test_tree_json_of_company(run: Run) -> None:
    payload = json.loads(run("tree", "company-c", "--format", "json").stdout)
    assert payload["kind"] == "company"
    assert len(payload["centers"]) == 1


def test_tree_of_a_function_is_a_usage_error(run: Run) -> None:
    result = run("tree", "brand")
    assert result.exit_code == 2
    assert "not a company" in result.stderr


@pytest.mark.parametrize("lang", ["en", "ko", "zh"])
def test_compare_companies(run: Run, lang: str) -> None:
    result = run("compare", "company-a", "company-b", "--lang", lang)
    assert result.exit_code == 0
    assert "app-store-ops" in result.stdout and "user-ops" in result.stdout


def test_compare_companies_json_calls_out_differences(run: Run) -> None:
    payload = json.loads(run("compare", "company-a", "company-b", "--format", "json").stdout)
    rows = {row["function"]: row for row in payload["rows"]}
    assert rows["app-store-ops"]["differences"] == ["only-a"]  # only A lists app-store listing
    assert "only-b" in rows["sales"]["differences"]  # only B's market department sells
    assert rows["user-ops"]["a"][0]["scope"] == "online"


def test_compare_functions_and_divisions(run: Run) -> None:
    fns = run("compare", "brand", "pr")
    assert fns.exit_code == 0 and "Mission" in fns.stdout
    divs = run("compare", "market", "operations", "--lang", "ko")
    assert divs.exit_code == 0 and "평가 기준" in divs.stdout
    payload = json.loads(run("compare", "market", "operations", "--format", "json").stdout)
    assert payload["kind"] == "divisions" and [i["id"] for i in payload["items"]] == ["market", "operations"]


def test_compare_mixed_kinds_exits_2(run: Run) -> None:
    result = run("compare", "brand", "company-a")
    assert result.exit_code == 2
    assert "cannot compare" in result.stderr


@pytest.mark.parametrize("lang", ["en", "ko", "zh"])
def test_explain_and_cycle(run: Run, lang: str) -> None:
    explain = run("explain", "--lang", lang)
    assert explain.exit_code == 0
    assert {"en": "100,000 views", "ko": "조회 10만 회", "zh": "阅读10万次"}[lang] in explain.stdout
    cycle = run("cycle", "--lang", lang)
    assert cycle.exit_code == 0
    assert "+1" in cycle.stdout
    assert {"en": "Brand upgrade", "ko": "브랜드 업그레이드", "zh": "品牌升级"}[lang] in cycle.stdout


def test_cycle_json(run: Run) -> None:
    payload = json.loads(run("cycle", "--format", "json").stdout)
    assert len(payload["steps"]) == 9 and payload["plus_one"]["en"]


def test_version(run: Run) -> None:
    result = run("--version")
    assert result.exit_code == 0 and result.stdout.startswith("orgroles ")


def test_no_colour_codes_when_piped(run: Run) -> None:
    assert "\x1b[" not in run("show", "brand", env={"NO_COLOR": None}).stdout  # not a terminal: no colour


def test_broken_data_folder_lists_every_problem_and_exits_1(run: Run, tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "departments.yaml").write_text("schema_version: 2\nfoo: 1\n", encoding="utf-8")
    result = run("list", "--data", str(tmp_path))
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) > 2 and all(line.startswith("orgroles: error: ") for line in lines)
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("args", "whole"),
    [
        (["compare", "company-a", "company-b"], "Brand Management Center"),
        (["compare", "brand", "pr"], "The company's official spokesperson"),
        (["audit", "company-b"], "sales inside the market department"),
        (["classify", "--file", "-", "--lang", "zh"], "负责公众号内容运营"),
    ],
)
def test_a_40_column_terminal_gets_one_block_per_row_with_words_whole(run: Run, args: list[str], whole: str) -> None:
    duties = "Draft press releases and handle media inquiries\n负责公众号内容运营，提升阅读量和粉丝转化\n서버 운영\n"
    result = run(*args, input=duties, env={"COLUMNS": "40"})
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert max(display_width(line.rstrip()) for line in lines) <= 40
    # a 5-column table at 40 columns would break these words across lines; blocks keep them whole
    assert any(whole in line for line in lines), result.output


def test_a_wide_terminal_keeps_the_table(run: Run) -> None:
    result = run("classify", "--file", "-", input="brand strategy\nuser retention\n", env={"COLUMNS": "120"})
    header = next(line for line in result.output.splitlines() if "Department" in line)
    assert "Duty" in header and "Confidence" in header  # one header row: a table, not blocks
