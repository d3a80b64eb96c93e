"""The README is what a new user follows: its commands are what CI runs, and its Python example runs."""

from __future__ import annotations

import doctest
import importlib.util
import re
from pathlib import Path
from types import ModuleType

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


def _reference_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("readme_reference", ROOT / "tools" / "readme_reference.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_readme_command_reference_is_what_the_cli_prints() -> None:
    tool = _reference_tool()
    assert tool.current_section(README) == tool.reference(), "run: python tools/readme_reference.py"


def test_every_command_help_teaches_with_an_example() -> None:
    tool = _reference_tool()
    section = tool.current_section(README)
    commands = section.split("#### orgroles ")[1:]
    assert len(commands) >= 12
    for block in commands:
        name = block.split("\n", 1)[0]
        assert "Example" in block, f"orgroles {name} --help has no example"
