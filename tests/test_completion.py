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


def test_names_and_files_with_control_characters_never_reach_the_shell(tmp_path: Path) -> None:
    """A name in someone's cases.yaml, or a file name, holding an escape sequence, a line break or a bidi
    override is not offered (raw it would reach the terminal, a line break would split it into two
    candidates); a clean name with such a description is offered, its description shown safe."""
    import json
    import re

    raw = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
    companies = [
        {"id": "acme-\x1b]52;c;ZXZpbA==\x07", "name": {"en": "Acme"}},
        {"id": "acme-two\nrm", "name": {"en": "Two"}},
        {"id": "acme-clean", "name": {"en": "Clean \x1b[2J\x9b31m", "ko": "악\u202e미", "zh": "阿克\x07美"}},
    ]
    (tmp_path / "cases.yaml").write_text(json.dumps({"schema_version": 1, "companies": companies}), encoding="utf-8")
    assert offered("orgroles show acme", ORGROLES_DATA=str(tmp_path)) == ["acme-clean"]
    assert offered("orgroles show 악", ORGROLES_DATA=str(tmp_path)) == []
    assert offered("orgroles show 阿", ORGROLES_DATA=str(tmp_path)) == []
    described = subprocess.run(
        [EXE],
        env={
            **os.environ,
            "ORGROLES_DATA": str(tmp_path),
            "_ORGROLES_COMPLETE": "complete_zsh",
            "_TYPER_COMPLETE_ARGS": "orgroles show acme",
        },
        capture_output=True,
        text=True,
    ).stdout
    assert "acme-clean" in described and "Clean ␛[2J" in described and not raw.findall(described)
    (tmp_path / "our\x1b[2J.yaml").write_text("schema_version: 1\n", encoding="utf-8")
    (tmp_path / "our\u202eorg.yaml").write_text("schema_version: 1\n", encoding="utf-8")
    (tmp_path / "our-org.yaml").write_text("schema_version: 1\n", encoding="utf-8")
    assert offered("orgroles audit our", cwd=tmp_path) == ["our-org.yaml"]
