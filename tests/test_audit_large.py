"""The audit of a large org chart (issue 13): JSON and Markdown are written as they go, and read exactly as
the whole report would; a bad duty among thousands still gets its one line with line and column."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
import yaml

from orgroles import audit, engine
from orgroles.knowledge import load_library, load_orgchart
from orgroles.terminal import visible_lines

from .conftest import EXE, Run

DUTIES = [
    "Brand positioning and visual identity",
    "Press releases and media relations",
    "Grow new users and improve 30-day retention",
    "App store optimization and keyword ranking",
    "Close enterprise deals and meet the quarterly quota",
    "Office supplies",
    "브랜드 전략 수립",
    "커뮤니티 운영과 이벤트",
    "品牌定位与视觉识别",
    "用户增长与留存",
]


def big_chart(tmp_path: Path, duties: int = 3_000, per_department: int = 150) -> Path:
    """One company of departments in every division (and one a name alone describes), duties in three
    languages, one in seven tagged, names with a '|' and a line break as charts have them."""
    divisions = ["market", "operations", "sales", None]
    departments = []
    for d in range(duties // per_department):
        items: list[object] = []
        for i in range(per_department):
            text = f"{DUTIES[(d + i) % len(DUTIES)]} {i}"
            items.append({"text": text, "function": "brand"} if i % 7 == 0 else text)
        dept = {"id": f"d{d}", "name": f"Team {d} | unit\nsecond line", "duties": items}
        if divisions[d % 4]:
            dept["division"] = divisions[d % 4]
        departments.append(dept)
    company = {"id": "big", "name": "Big\nCo", "centers": [{"id": "c", "name": "Center", "departments": departments}]}
    path = tmp_path / "big.yaml"
    path.write_text(yaml.safe_dump({"schema_version": 1, "companies": [company]}, allow_unicode=True), "utf-8")
    return path


def whole_report(path: Path, lang: str) -> audit.AuditReport:
    company = load_orgchart(path, load_library().kb).companies[0]
    return audit.audit_company(company, engine.explainer(), lang)  # type: ignore[arg-type]


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_json_of_a_large_chart_is_the_whole_report(run: Run, tmp_path: Path, lang: str) -> None:
    path = big_chart(tmp_path)
    done = run("audit", str(path), "--format", "json", "--lang", lang)
    assert done.exit_code == 0
    report = whole_report(path, lang)
    assert done.stdout == json.dumps(report.as_dict(), ensure_ascii=False, indent=2) + "\n"
    assert len(json.loads(done.stdout)["duties"]) == 3_000


def test_the_markdown_of_a_large_chart_is_the_whole_report(run: Run, tmp_path: Path) -> None:
    path = big_chart(tmp_path)
    done = run("audit", str(path), "--format", "markdown", "--lang", "en")
    assert done.exit_code == 0
    assert done.stdout == visible_lines(audit.to_markdown(whole_report(path, "en")))
    assert "| Team 1 \\| unit second line |" in done.stdout  # a cell stays one cell of one line


def test_the_json_on_an_ascii_stdout_is_the_same_data(tmp_path: Path) -> None:
    path = big_chart(tmp_path, duties=300)
    env = {**os.environ, "PYTHONIOENCODING": "ascii"}
    done = subprocess.run([EXE, "audit", str(path), "-f", "json"], capture_output=True, env=env, timeout=120)
    assert done.returncode == 0 and done.stdout.isascii()
    utf8 = subprocess.run([EXE, "audit", str(path), "-f", "json"], capture_output=True, timeout=120)
    assert json.loads(done.stdout) == json.loads(utf8.stdout)


BAD_DUTIES = """\
schema_version: 1
companies:
  - id: acme
    name: Acme
    centers:
      - id: hq
        name: HQ
        departments:
          - id: team
            name: Team
            duties:
              - brand strategy
              - txt: community operation
              - function: brand
              - text: user retention
                divsion: operations
              - text: {en: a, ko: b}
              - null
"""


def test_a_bad_duty_is_named_at_its_line_with_what_to_write(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "chart.yaml"
    path.write_text(BAD_DUTIES, encoding="utf-8")
    for command in ("validate", "audit"):
        done = run(command, str(path))
        assert done.exit_code == 1 and "Traceback" not in done.stderr
        duties = "companies[0].centers[0].departments[0].duties"
        assert [line.removeprefix(f"orgroles: error: {path}: ") for line in done.stderr.splitlines()] == [
            f"line 13, column 17: {duties}[1].text: required key is missing",
            f"line 13, column 17: {duties}[1].txt: unknown key (did you mean 'text'?)",
            f"line 14, column 17: {duties}[2].text: required key is missing",
            f"line 16, column 17: {duties}[3].divsion: unknown key (did you mean 'division'?)",
            f"line 17, column 17: {duties}[4].text: give a text, or a mapping with en, ko and zh texts",
            f"line 18, column 17: {duties}[5]: give the duty as text, or a mapping with text and function",
        ]
