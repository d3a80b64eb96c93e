"""The README is what a new user follows: its commands are what CI runs, and its Python example runs."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _start_commands() -> list[str]:
    start = README.split("## Start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", start)


def test_readme_gives_exactly_two_commands() -> None:
    install_and_run, test = _start_commands()
    assert "orgroles classify" in install_and_run
    assert test.endswith("pytest")


def test_ci_runs_the_readme_test_command() -> None:
    _, test = _start_commands()
    assert test in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()


def test_readme_python_example_runs() -> None:
    failures, tried = doctest.testfile(str(ROOT / "README.md"), module_relative=False, verbose=False)
    assert tried >= 1 and failures == 0
