"""validate lists every problem of an org chart in one pass: shape (unknown keys, with did-you-mean, empty
lists) and cross-references (unknown divisions and functions, duplicate ids) together, in file order."""

from __future__ import annotations

import subprocess
from pathlib import Path

from .conftest import EXE

CHART = """\
schema_version: 1
companies:
  - id: acme
    name: Acme
    centres: []
    centers:
      - id: hq
        name: HQ
        departments:
          - id: team
            name: Team
            divison: market
            division: markt
            duties:
              - text: brand strategy
                function: brnad
          - id: team
            name: Other
            duties: []
"""


def test_shape_and_cross_reference_problems_in_one_pass(tmp_path: Path) -> None:
    chart = tmp_path / "chart.yaml"
    chart.write_text(CHART, encoding="utf-8")
    done = subprocess.run([EXE, "validate", str(chart)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and done.stdout == ""
    lines = done.stderr.splitlines()
    dept = "companies[0].centers[0].departments"
    assert [line.removeprefix(f"orgroles: error: {chart}: ") for line in lines] == [
        "line 5, column 5: companies[0].centres: unknown key (did you mean 'centers', 'notes'?)",
        f"line 12, column 13: {dept}[0].divison: unknown key (did you mean 'division'?)",
        f"line 13, column 13: {dept}[0].division: unknown division 'markt' (did you mean 'market'?)",
        f"line 16, column 17: {dept}[0].duties[0].function: unknown function 'brnad' (did you mean 'brand'?)",
        f"line 17, column 13: {dept}[1].id: duplicate department id 'team'",
        f"line 19, column 13: {dept}[1].duties: must not be empty",
    ]


def test_audit_reads_a_chart_with_the_same_one_pass_report(tmp_path: Path) -> None:
    chart = tmp_path / "chart.yaml"
    chart.write_text(CHART, encoding="utf-8")
    done = subprocess.run([EXE, "audit", str(chart)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert len(done.stderr.splitlines()) == 6 and "unknown function 'brnad'" in done.stderr
