"""The top-level command as a new user first meets it: -V, and three examples in --help that run."""

from __future__ import annotations

import shlex
import subprocess
from importlib.metadata import version
from pathlib import Path

from .conftest import EXE

ROOT = Path(__file__).resolve().parent.parent


def orgroles(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([EXE, *args], capture_output=True, text=True, cwd=cwd, timeout=60)


def test_dash_capital_v_prints_the_version() -> None:
    short, long = orgroles("-V"), orgroles("--version")
    assert short.returncode == 0 and short.stdout == long.stdout == f"orgroles {version('orgroles')}\n"


def test_top_level_help_shows_three_examples_that_run(tmp_path: Path) -> None:
    help_text = orgroles("--help").stdout
    block = help_text.split("Examples:\n\n", 1)[1].split("\n\n", 1)[0]
    examples = [line.strip() for line in block.splitlines() if line.strip()]
    assert len(examples) == 3 and all(e.startswith("orgroles ") for e in examples)
    (tmp_path / "staff.csv").write_text("name,duty\nKim,브랜드 전략\nLi,用户运营\n", encoding="utf-8")
    orgroles("init", "orgchart.yaml", cwd=tmp_path)
    for example in examples:
        argv, _, target = example.partition(" > ")
        done = orgroles(*shlex.split(argv)[1:], cwd=tmp_path)
        assert done.returncode == 0, (example, done.stderr)
        assert done.stdout.strip()
        if target:
            assert done.stdout.startswith("<!DOCTYPE html>")
