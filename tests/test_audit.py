"""audit, init, validate, schema and --export, on small org charts written for the tests."""

from __future__ import annotations

import json
import time
from pathlib import Path

import jsonschema
import pytest
import yaml

from .conftest import Run


def chart(tmp_path: Path, departments: list[dict[str, object]], name: str = "chart.yaml") -> Path:
    """One company with one center holding `departments`."""
    data = {
        "schema_version": 1,
        "companies": [
            {"id": "acme", "name": "Acme", "centers": [{"id": "hq", "name": "HQ", "departments": departments}]}
        ],
    }
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def findings(run: Run, path: Path | str, *extra: str) -> list[dict[str, object]]:
    result = run("audit", str(path), "--format", "json", *extra)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["findings"]  # type: ignore[no-any-return]


def kinds(found: list[dict[str, object]]) -> set[tuple[object, object]]:
    return {(f["kind"], f["department"]) for f in found}


@pytest.mark.parametrize(
    ("brand_duty", "ops_duty"),
    [
        ("Improve user retention and weekly active users", "Write press releases and handle media relations"),
        ("사용자 리텐션과 주간 활성 사용자 개선", "보도자료 작성과 언론 관계 관리"),
        ("提升用户留存率和日活", "撰写新闻稿，维护媒体关系"),
    ],
)
def test_a_duty_of_the_other_division_is_a_warning(run: Run, tmp_path: Path, brand_duty: str, ops_duty: str) -> None:
    path = chart(
        tmp_path,
        [
            {"id": "brand", "name": "Brand", "division": "market", "duties": ["Brand positioning", brand_duty]},
            {"id": "ops", "name": "Operations", "division": "operations", "duties": ["Content operations", ops_duty]},
        ],
    )
    found = findings(run, path)
    misplaced = [f for f in found if f["kind"] == "misplaced"]
    assert {(f["department"], f["duty"]) for f in misplaced} == {("brand", brand_duty), ("ops", ops_duty)}
    assert all(f["severity"] == "warning" and f["why"] and f["evidence"] for f in misplaced)


@pytest.mark.parametrize(
    "duty",
    [
        "Close enterprise deals and own the quarterly sales quota",
        "대형 고객사 계약 체결과 영업 실적 관리",
        "负责大客户签约和回款",
    ],
)
def test_sales_inside_a_market_department(run: Run, tmp_path: Path, duty: str) -> None:
    path = chart(tmp_path, [{"id": "mkt", "name": "Marketing", "division": "market", "duties": [duty]}])
    assert ("sales-in-market", "mkt") in kinds(findings(run, path))


@pytest.mark.parametrize(
    ("retention", "win_back"),
    [
        ("Improve 30-day user retention", "Win back dormant users and lift retention"),
        ("30일 리텐션 개선", "휴면 유저를 되살려 리텐션 개선"),
        ("提升30日留存率", "召回沉默用户，提升留存"),
    ],
)
def test_split_and_missing_functions(run: Run, tmp_path: Path, retention: str, win_back: str) -> None:
    path = chart(
        tmp_path,
        [
            {"id": "growth", "name": "Growth", "division": "operations", "duties": [retention]},
            {"id": "crm", "name": "CRM", "division": "operations", "duties": [win_back]},
        ],
    )
    found = findings(run, path)
    split = [f for f in found if f["kind"] == "split"]
    assert split and split[0]["function"] == "user-ops" and split[0]["severity"] == "info"
    assert "Growth" in split[0]["why"] and "CRM" in split[0]["why"]
    missing = {f["function"] for f in found if f["kind"] == "missing"}
    assert "brand" in missing and "user-ops" not in missing


@pytest.mark.parametrize("duty", ["Community manager", "커뮤니티 운영 담당", "社群运营"])
def test_ambiguous_duties_come_with_their_question(run: Run, tmp_path: Path, duty: str) -> None:
    path = chart(tmp_path, [{"id": "team", "name": "Team", "division": "operations", "duties": [duty]}])
    ambiguous = [f for f in findings(run, path) if f["kind"] == "ambiguous"]
    assert ambiguous and ambiguous[0]["why"].endswith(("?", "？"))


@pytest.mark.parametrize("duty", ["Backend development in Java", "급여 및 회계 결산", "负责法务合同审核"])
def test_unrecognised_duties_are_warnings(run: Run, tmp_path: Path, duty: str) -> None:
    path = chart(tmp_path, [{"id": "team", "name": "Team", "division": "market", "duties": ["Brand strategy", duty]}])
    found = [f for f in findings(run, path) if f["kind"] == "unrecognised"]
    assert found and found[0]["duty"] == duty and found[0]["severity"] == "warning"


def test_summary_gives_each_department_its_share(run: Run, tmp_path: Path) -> None:
    path = chart(
        tmp_path,
        [
            {
                "id": "brand",
                "name": "Brand",
                "division": "market",
                "duties": ["Brand positioning", "Improve user retention"],
            }
        ],
    )
    summary = json.loads(run("audit", str(path), "--format", "json").stdout)["summary"]
    assert summary == [
        {"department": "brand", "name": "Brand", "division": "market", "duties": 2, "fitting": 1, "share": 0.5}
    ]


def test_a_department_without_division_is_read_from_its_name(run: Run, tmp_path: Path) -> None:
    path = chart(tmp_path, [{"id": "pinpai", "name": "品牌部", "duties": ["品牌定位", "提升用户留存率"]}])
    assert ("misplaced", "pinpai") in kinds(findings(run, path))


def test_strict_fails_on_warnings_only(run: Run, tmp_path: Path) -> None:
    bad = chart(
        tmp_path, [{"id": "m", "name": "M", "division": "market", "duties": ["Improve user retention"]}], "bad.yaml"
    )
    assert run("audit", str(bad), "--strict").exit_code == 1
    assert run("audit", str(bad)).exit_code == 0
    fine = chart(tmp_path, [{"id": "m", "name": "M", "division": "market", "duties": ["Brand positioning"]}], "ok.yaml")
    assert run("audit", str(fine), "--strict").exit_code == 0  # only info findings (missing functions)


def test_builtin_company_b_shows_its_market_department_selling(run: Run) -> None:
    found = findings(run, "company-b")
    assert any(f["kind"] == "sales-in-market" and f["department"] == "b-market" for f in found)
    table = run("audit", "company-b")
    assert table.exit_code == 0 and "sales inside" in table.stdout and "Marketing department" in table.stdout


@pytest.mark.parametrize(("lang", "word"), [("en", "Findings"), ("ko", "발견 사항"), ("zh", "发现")])
def test_audit_table_and_markdown_speak_the_language(run: Run, tmp_path: Path, lang: str, word: str) -> None:
    path = chart(tmp_path, [{"id": "m", "name": "M", "division": "market", "duties": ["Improve user retention"]}])
    assert word in run("audit", str(path), "--lang", lang).stdout
    markdown = run("audit", str(path), "--format", "markdown", "--lang", lang).stdout
    assert markdown.startswith("# ") and f"## {word}" in markdown and "|---|" in markdown


# -- init --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "ko", "zh"])
def test_init_writes_a_chart_that_audits_cleanly(run: Run, tmp_path: Path, lang: str) -> None:
    path = tmp_path / "orgchart.yaml"
    assert run("init", str(path), "--lang", lang).exit_code == 0
    assert path.read_text(encoding="utf-8").startswith("#")
    assert run("audit", str(path), "--strict").exit_code == 0
    assert run("validate", str(path)).exit_code == 0


def test_init_never_overwrites_without_force(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "orgchart.yaml"
    path.write_text("mine", encoding="utf-8")
    result = run("init", str(path))
    assert result.exit_code == 2 and "--force" in result.stderr
    assert path.read_text(encoding="utf-8") == "mine"
    assert run("init", str(path), "--force").exit_code == 0
    assert path.read_text(encoding="utf-8") != "mine"


def test_init_names_its_own_file_in_the_commands_it_suggests(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "our team.yaml"
    assert run("init", str(path), "--lang", "zh").exit_code == 0
    assert f"orgroles audit '{path}'" in path.read_text(encoding="utf-8")


def test_init_dash_prints_the_starter_and_writes_no_file(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("init", "-")
    assert result.exit_code == 0 and result.stdout.startswith("# Your org chart")
    assert list(tmp_path.iterdir()) == []


# -- validate and bad files ----------------------------------------------------------------------------------

BAD_CHARTS = {
    "not YAML": ("companies: [unclosed\n", "not valid YAML"),
    "empty": ("", "the file is empty"),
    "unknown key": ("schema_version: 1\nowner: me\ncompanies: []\n", "owner: unknown key"),
    "wrong type": ("schema_version: one\ncompanies: []\n", "schema_version"),
    "duties not a list": (
        "schema_version: 1\ncompanies:\n- id: a\n  name: A\n  centers:\n  - id: c\n    name: C\n    departments:\n"
        "    - id: d\n      name: D\n      duties: brand strategy\n",
        "duties",
    ),
    "duplicate ids": (
        "schema_version: 1\ncompanies:\n- id: a\n  name: A\n  centers:\n  - id: c\n    name: C\n    departments:\n"
        "    - {id: d, name: D, duties: [x]}\n    - {id: d, name: E, duties: [y]}\n",
        "duplicate department id 'd'",
    ),
    "unknown function": (
        "schema_version: 1\ncompanies:\n- id: a\n  name: A\n  centers:\n  - id: c\n    name: C\n    departments:\n"
        "    - {id: d, name: D, duties: [{text: x, function: brnad}]}\n",
        "unknown function 'brnad' (did you mean 'brand'?)",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_CHARTS))
def test_validate_and_audit_refuse_bad_charts_with_line_and_path(run: Run, tmp_path: Path, case: str) -> None:
    text, expected = BAD_CHARTS[case]
    path = tmp_path / "chart.yaml"
    path.write_text(text, encoding="utf-8")
    for command in ("validate", "audit"):
        result = run(command, str(path))
        assert result.exit_code == 1, (command, result.output)
        assert expected in result.stderr
        assert all(line.startswith("orgroles: error: ") for line in result.stderr.splitlines())
        assert "Traceback" not in result.output
    assert path.read_text(encoding="utf-8") == text  # nothing written


def test_problems_name_line_and_column(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "chart.yaml"
    path.write_text(BAD_CHARTS["unknown function"][0], encoding="utf-8")
    assert "chart.yaml: line 9, column" in run("validate", str(path)).stderr


def test_yaml_bomb_and_deep_nesting_are_refused_quickly(run: Run, tmp_path: Path) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]" for i in range(1, 12)]
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text("\n".join(lines) + "\ncompanies: *a11\n", encoding="utf-8")
    deep = tmp_path / "deep.yaml"
    deep.write_text("companies: " + "[" * 200 + "]" * 200 + "\n", encoding="utf-8")
    for path, expected in ((bomb, "expand to more than"), (deep, "nested deeper than")):
        start = time.perf_counter()
        result = run("validate", str(path))
        assert time.perf_counter() - start < 5  # a guard against hanging, not a benchmark
        assert result.exit_code == 1 and expected in result.stderr


def test_validate_a_knowledge_file(run: Run) -> None:
    from orgroles.paths import shipped_data_dir

    result = run("validate", str(shipped_data_dir() / "departments.yaml"))
    assert result.exit_code == 0 and "valid knowledge file" in result.stdout


# -- schema --------------------------------------------------------------------------------------------------


def test_schema_round_trip(run: Run, tmp_path: Path) -> None:
    schema = json.loads(run("schema", "orgchart").stdout)
    starter = tmp_path / "orgchart.yaml"
    run("init", str(starter))
    jsonschema.validate(yaml.safe_load(starter.read_text(encoding="utf-8")), schema)  # valid: loads too
    assert run("validate", str(starter)).exit_code == 0
    broken = yaml.safe_load(starter.read_text(encoding="utf-8"))
    broken["companies"][0]["centers"][0]["departments"][0]["scope"] = "everywhere"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema)
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump(broken, allow_unicode=True), encoding="utf-8")
    assert run("validate", str(bad)).exit_code == 1


def test_knowledge_schema_accepts_the_shipped_knowledge(run: Run) -> None:
    from orgroles.paths import shipped_data_dir

    schema = json.loads(run("schema", "knowledge").stdout)
    jsonschema.validate(yaml.safe_load((shipped_data_dir() / "departments.yaml").read_text(encoding="utf-8")), schema)


# -- pictures --------------------------------------------------------------------------------------------------


def test_tree_of_a_chart_colours_departments_by_what_they_do(run: Run, tmp_path: Path) -> None:
    path = chart(
        tmp_path,
        [
            {
                "id": "brand",
                "name": "Brand",
                "division": "market",
                "duties": ["Improve user retention", "Push notifications to win back users"],
            }
        ],
    )
    mermaid = run("tree", str(path), "--format", "mermaid").stdout
    assert "classDef division_operations" in mermaid and "class department_hq__brand division_operations" in mermaid
    assert run("tree", str(path), "--format", "dot").stdout.startswith("digraph")


@pytest.mark.parametrize("fmt", ["table", "mermaid", "dot"])
def test_every_picture_of_a_chart_tags_each_duty_with_its_function(run: Run, tmp_path: Path, fmt: str) -> None:
    path = tmp_path / "ours.yaml"
    assert run("init", str(path), "--lang", "ko").exit_code == 0
    out = run("tree", str(path), "--format", fmt).stdout
    assert "brand" in out and "user-ops" in out and "app-store-ops" in out


def test_a_chart_in_a_data_folder_is_shown_in_its_language_with_its_functions(run: Run, tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    assert run("init", str(folder / "cases.yaml"), "--lang", "ko").exit_code == 0
    shown = run("show", "my-company", "--data", str(folder)).stdout
    assert "→ user-ops" in shown and "책임" in shown and "Accountable" not in shown


@pytest.mark.parametrize("suffix", [".svg", ".html"])
def test_export_records_the_table(run: Run, tmp_path: Path, suffix: str) -> None:
    target = tmp_path / f"card{suffix}"
    result = run("show", "brand", "--export", str(target))
    assert result.exit_code == 0
    content = target.read_text(encoding="utf-8")
    assert ("<svg" in content) if suffix == ".svg" else ("<html" in content.lower())
    assert "Brand" in content


def test_export_refuses_other_files_and_json(run: Run, tmp_path: Path) -> None:
    assert run("show", "brand", "--export", str(tmp_path / "card.png")).exit_code == 2
    assert run("show", "brand", "--format", "json", "--export", str(tmp_path / "c.svg")).exit_code == 2


def test_sales_work_in_operations_and_market_work_in_sales_are_misplaced(run: Run, tmp_path: Path) -> None:
    path = chart(
        tmp_path,
        [
            {
                "id": "ops",
                "name": "Ops",
                "division": "operations",
                "duties": ["Close enterprise deals and hit the sales quota"],
            },
            {
                "id": "sales",
                "name": "Sales",
                "division": "sales",
                "duties": ["Build brand awareness with TV commercials"],
            },
        ],
    )
    assert {("misplaced", "ops"), ("misplaced", "sales")} <= kinds(findings(run, path))
    assert run("audit", str(path), "--strict").exit_code == 1


def test_a_key_given_twice_is_refused(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "chart.yaml"
    path.write_text("schema_version: 1\nschema_version: 1\ncompanies: []\n", encoding="utf-8")
    result = run("validate", str(path))
    assert result.exit_code == 1 and "line 2, column 1: the key 'schema_version' is given twice" in result.stderr


def test_a_file_with_two_companies_is_no_org_chart_for_audit(run: Run, tmp_path: Path) -> None:
    from orgroles.paths import shipped_data_dir

    result = run("audit", str(shipped_data_dir() / "cases.yaml"))
    assert result.exit_code == 1 and "describes one" in result.stderr
    assert run("validate", str(shipped_data_dir() / "cases.yaml")).exit_code == 0


def test_messages_speak_of_the_file_not_of_the_models(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "chart.yaml"
    path.write_text(
        "schema_version: 1\ncompanies:\n- id: a\n  name: {en: Acme}\n  centers:\n  - id: c\n    name: C\n"
        "    departments:\n    - {id: d, name: D, duties: [12345]}\n",
        encoding="utf-8",
    )
    lines = run("validate", str(path)).stderr.splitlines()
    assert len(lines) == 2
    assert lines[0].endswith("companies[0].name: give a name, or a mapping with en, ko and zh names")
    assert lines[1].endswith("duties[0]: give the duty as text, or a mapping with text and function")


def test_own_knowledge_with_data_and_environment(run: Run, tmp_path: Path, data_copy) -> None:  # type: ignore[no-untyped-def]
    folder = data_copy()
    path = folder / "departments.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("\n  terms:\n", '\n  terms:\n    - target: shop-ops\n      en: {"zebra husbandry": 5}\n', 1),
        encoding="utf-8",
    )
    for args, env in (
        (("classify", "zebra husbandry", "--format", "json", "--data", str(folder)), None),
        (("classify", "zebra husbandry", "--format", "json"), {"ORGROLES_DATA": str(folder)}),
    ):
        result = run(*args, env=env)
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout)["function"] == "shop-ops"
    assert json.loads(run("classify", "zebra husbandry", "--format", "json").stdout)["department"] == "unclassified"
