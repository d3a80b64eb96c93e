"""Tab completion as a shell asks for it: commands, and names of divisions, functions and companies in 3 languages."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from orgroles.completion import complete_names

from .conftest import EXE


def offered(line: str, cwd: Path | None = None, **env: str) -> list[str]:
    """What bash is offered after typing `line` and pressing Tab (the last word is the one being completed)."""
    words = line.split(" ")
    done = subprocess.run(
        [EXE],
        env={
            **os.environ,
            **env,
            "_ORGROLES_COMPLETE": "complete_bash",
            "COMP_WORDS": line,
            "COMP_CWORD": str(len(words) - 1),
        },
        capture_output=True,
        text=True,
        cwd=cwd,
    )
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    return done.stdout.split()


def test_commands_complete() -> None:
    assert offered("orgroles cl") == ["classify"]
    assert {"compare", "cycle"} <= set(offered("orgroles c"))


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("orgroles show 品", "品牌部"),
        ("orgroles show 브", "브랜드팀"),
        ("orgroles show bra", "brand"),
        ("orgroles show user", "user-ops"),
        ("orgroles compare company-a comp", "company-b"),
        ("orgroles compare 品牌部 公", "公关部"),
    ],
)
def test_names_complete_in_every_language(line: str, expected: str) -> None:
    assert expected in offered(line)


def test_zsh_is_told_what_each_name_is() -> None:
    done = subprocess.run(
        [EXE],
        env={**os.environ, "_ORGROLES_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "orgroles show 品"},
        capture_output=True,
        text=True,
    )
    assert '"品牌部":"Brand department"' in done.stdout


def test_audit_completes_org_chart_files_and_companies(tmp_path: Path) -> None:
    (tmp_path / "our-org.yaml").write_text("schema_version: 1\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("", encoding="utf-8")
    assert offered("orgroles audit o", cwd=tmp_path) == ["our-org.yaml"]
    assert "company-c" in offered("orgroles audit company", cwd=tmp_path)


def test_a_data_folder_brings_its_own_companies(data_copy: Callable[[], Path]) -> None:
    folder = data_copy()
    cases = folder / "cases.yaml"
    cases.write_text(cases.read_text(encoding="utf-8").replace("id: company-c", "id: company-zeta"), encoding="utf-8")
    assert "company-zeta" in offered("orgroles show company-", ORGROLES_DATA=str(folder))


def test_broken_data_offers_nothing_rather_than_failing(tmp_path: Path) -> None:
    (tmp_path / "cases.yaml").write_text("companies: [unclosed\n", encoding="utf-8")
    assert complete_names("comp", tmp_path) == []


def test_data_of_the_wrong_shape_offers_nothing_rather_than_failing(tmp_path: Path) -> None:
    (tmp_path / "cases.yaml").write_text("schema_version: 1\ncompanies: 5\n", encoding="utf-8")
    assert offered(f"orgroles show --data {tmp_path} b") == []


def test_absolute_paths_complete_from_the_root() -> None:
    assert "/etc" in offered("orgroles audit /et")


def test_compare_does_not_offer_the_name_already_given() -> None:
    assert "company-a" not in offered("orgroles compare company-a comp")
