"""compare with your own org chart on either side, beside an example company or another chart, through the
installed command."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from .conftest import EXE

CHART = """schema_version: 1
companies:
  - id: {id}
    name: {name}
    centers:
      - id: growth-center
        name: Growth
        departments:
          - id: marketing
            name: Marketing team
            division: market
            duties:
              - brand positioning and slogan
              - close enterprise deals with key accounts
          - id: growth
            name: Growth team
            division: operations
            duties:
              - user retention and conversion of new users
              - text: in-app events and coupons
                function: activity-ops
"""


def orgroles(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([EXE, *args], capture_output=True, text=True, cwd=cwd, timeout=60)


def chart(folder: Path, name: str = "mine.yaml", id_: str = "my-company", title: str = "My company") -> Path:
    path = folder / name
    path.write_text(CHART.format(id=id_, name=title), encoding="utf-8")
    return path


def rows(payload: dict[str, object]) -> dict[str, dict[str, object]]:
    return {str(r["function"]): r for r in payload["rows"]}  # type: ignore[attr-defined]


def test_a_chart_beside_an_example_company(tmp_path: Path) -> None:
    done = orgroles("compare", str(chart(tmp_path)), "company-b", "-f", "json")
    assert done.returncode == 0, done.stderr
    payload = json.loads(done.stdout)
    assert (payload["a"], payload["b"]) == ("my-company", "company-b")
    by = rows(payload)
    # untagged duties placed by the classifier, a tag taken as written
    assert [p["department"] for p in by["brand"]["a"]] == ["marketing"]
    assert [p["department"] for p in by["user-ops"]["a"]] == ["growth"]
    assert [p["department"] for p in by["activity-ops"]["a"]] == ["growth"]
    assert by["activity-ops"]["differences"] == ["only-a"]  # company B runs no activities
    # the chart's market team closes deals, as company B's does: both sell from a market department
    assert [p["department_division"] for p in by["sales"]["a"]] == ["market"]


def test_the_chart_may_stand_on_the_right(tmp_path: Path) -> None:
    payload = json.loads(orgroles("compare", "company-a", str(chart(tmp_path)), "-f", "json").stdout)
    assert (payload["a"], payload["b"]) == ("company-a", "my-company")
    assert [p["department"] for p in rows(payload)["brand"]["b"]] == ["marketing"]


def test_two_charts_and_the_table(tmp_path: Path) -> None:
    mine = chart(tmp_path)
    theirs = chart(tmp_path, "theirs.yml", "their-company", "Their company")
    done = orgroles("compare", "mine.yaml", "theirs.yml", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "My company" in done.stdout and "Their company" in done.stdout
    assert json.loads(orgroles("compare", str(mine), str(theirs), "-f", "json").stdout)["b"] == "their-company"


def test_the_same_chart_twice_is_refused(tmp_path: Path) -> None:
    mine = chart(tmp_path)
    done = orgroles("compare", str(mine), str(mine))
    assert done.returncode == 2
    assert done.stderr.startswith("orgroles: error: ") and "two different" in done.stderr
    assert done.stderr.count("\n") == 1


def test_a_chart_beside_a_function_or_a_missing_file_is_a_clean_error(tmp_path: Path) -> None:
    beside_function = orgroles("compare", str(chart(tmp_path)), "brand")
    assert beside_function.returncode == 2 and "is a function, not a company" in beside_function.stderr
    missing = orgroles("compare", str(tmp_path / "nosuch.yaml"), "company-a")
    assert missing.returncode == 1 and missing.stderr.startswith("orgroles: error: ")
    assert "Traceback" not in missing.stderr + beside_function.stderr
