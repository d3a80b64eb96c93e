"""The data files reach the built wheel and are found there, as they are in this editable checkout."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from orgroles.paths import shipped_data_dir

ROOT = Path(__file__).resolve().parent.parent


def test_editable_install_finds_the_top_level_data() -> None:
    assert shipped_data_dir() == ROOT / "data"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    [built] = out.glob("orgroles-*.whl")
    return built


def test_wheel_carries_both_data_files(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "orgroles/data/departments.yaml" in names
    assert "orgroles/data/cases.yaml" in names
    shipped = zipfile.ZipFile(wheel).read("orgroles/data/departments.yaml")
    assert shipped == (ROOT / "data" / "departments.yaml").read_bytes()


def test_wheel_ships_the_typed_marker(wheel: Path) -> None:
    """py.typed (PEP 561): without it a user's mypy treats every answer of the API as Any."""
    assert "orgroles/py.typed" in zipfile.ZipFile(wheel).namelist()


def test_installed_wheel_loads_its_own_data(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
    )
    code = (
        "from orgroles.paths import shipped_data_dir; from orgroles.knowledge import load_library;"
        "from orgroles.api import classify;"
        "print(shipped_data_dir()); print(len(load_library().kb.functions)); print(classify('press release').function)"
    )
    env = {**os.environ, "PYTHONPATH": str(target), "ORGROLES_CACHE_DIR": str(tmp_path / "cache")}
    for name in ("ORGROLES_DATA", "COVERAGE_PROCESS_START", "COVERAGE_PROCESS_CONFIG"):
        env.pop(name, None)  # the wheel as a user has it: no data folder of ours, and not measured as src/
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    where, count, function = done.stdout.split()
    assert where == str(target / "orgroles" / "data")
    assert count == "11" and function == "pr"
