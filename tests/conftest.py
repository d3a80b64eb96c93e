"""Shared fixtures and helpers: the shipped library, a CLI runner with a fixed width and no colour, the
installed command, terminal widths, and reading what a child wrote to a pseudo-terminal."""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from orgroles.cli import app
from orgroles.knowledge import Library, load_library
from orgroles.paths import shipped_data_dir

FIXTURES = Path(__file__).parent / "fixtures"
# the installed command, as a shell finds it
EXE = shutil.which("orgroles", path=str(Path(sys.executable).parent)) or "orgroles"
# The compiled-knowledge cache of a test run lives apart from the user's own.
os.environ["ORGROLES_CACHE_DIR"] = _CACHE = tempfile.mkdtemp(prefix="orgroles-test-cache-")
atexit.register(shutil.rmtree, _CACHE, ignore_errors=True)
# The answer's language follows the locale when nothing else decides: the suite runs in a neutral one (a
# developer's LANG=ko_KR.UTF-8 must not turn the English expectations Korean); tests that need one set it.
for _name in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
    os.environ.pop(_name, None)
os.environ["LANG"] = "C.UTF-8"


@pytest.fixture(scope="session")
def lib() -> Library:
    return load_library()


class Run:
    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None, env: dict[str, str | None] | None = None) -> Result:
        # None unsets a variable for the run
        full_env: dict[str, str | None] = {
            "COLUMNS": "120",
            "NO_COLOR": "1",
            "ORGROLES_LANG": None,
            "ORGROLES_DATA": None,
        }
        full_env.update(env or {})
        return self.runner.invoke(app, list(args), input=input, env=full_env, catch_exceptions=False)


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch) -> Run:
    monkeypatch.delenv("ORGROLES_LANG", raising=False)
    monkeypatch.delenv("ORGROLES_DATA", raising=False)
    return Run()


@pytest.fixture
def data_copy(tmp_path: Path) -> Callable[[], Path]:
    """A writable copy of the shipped data folder, for tests that break one thing in it."""

    def make() -> Path:
        target = tmp_path / "data"
        shutil.copytree(shipped_data_dir(), target)
        return target

    return make


def display_width(line: str) -> int:
    """Terminal columns: wide and full-width characters take two, combining and format characters none."""
    width = 0
    for ch in line:
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in "WF" else 1
    return width


def read_terminal(master: int) -> str:
    """Everything a child writes to a pseudo-terminal, until it closes it; then the master is closed."""
    shown = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        shown += chunk
    os.close(master)
    return shown.decode("utf-8", "replace")
