"""The compiled-knowledge cache against a hostile machine: what sits at its path is not trusted, and what
it stores is exactly the knowledge that was hashed (issue 11, items 4 and 11)."""

from __future__ import annotations

import json
import os
import subprocess
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

from orgroles import compiled
from orgroles.compiled import cache_dir, load_compiled
from orgroles.engine import Explainer
from tests.conftest import EXE


@pytest.fixture
def cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A private cache folder of the test's own, holding the cache of the shipped knowledge."""
    folder = tmp_path / "cache"
    folder.mkdir(mode=0o700)
    monkeypatch.setenv("ORGROLES_CACHE_DIR", str(folder))
    load_compiled()
    return folder


def cache_file(folder: Path) -> Path:
    [path] = folder.glob("classifier-*.json")
    return path


def classify_installed(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The installed command, with a timeout: a cache that hangs it fails the test instead of the run."""
    env = {**os.environ, "ORGROLES_CACHE_DIR": str(folder)}
    return subprocess.run(
        [EXE, "classify", *args, "--format", "json"], capture_output=True, text=True, env=env, timeout=60, check=False
    )


def test_a_fifo_at_the_cache_path_does_not_hang_the_command(cache: Path) -> None:
    path = cache_file(cache)
    path.unlink()
    os.mkfifo(path)
    result = classify_installed(cache, "community operation")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["function"] == "user-ops"
    assert path.is_file()  # rebuilt and written in its place


def test_a_symlink_to_dev_zero_at_the_cache_path_is_not_read(cache: Path) -> None:
    path = cache_file(cache)
    path.unlink()
    path.symlink_to("/dev/zero")
    result = classify_installed(cache, "brand positioning")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["function"] == "brand"
    assert not path.is_symlink()


def plant(path: Path) -> None:
    """Rewrite a cache file so 'brand' answers 'sales', with a recomputed CRC: it reads back cleanly."""
    header, body = path.read_bytes().split(b"\n", 1)
    tampered = body.replace(b'"brand"', b'"sales"')
    assert tampered != body
    meta = json.loads(header)
    meta["crc"] = zlib.crc32(tampered)
    path.write_bytes(json.dumps(meta).encode() + b"\n" + tampered)


def brand_answer() -> str:
    return Explainer(load_compiled()).run("brand positioning").department


def test_a_planted_cache_in_a_folder_others_can_write_is_not_trusted(cache: Path) -> None:
    plant(cache_file(cache))
    cache.chmod(0o777)
    assert brand_answer() == "market"
    cache.chmod(0o775)  # group-writable is others too
    assert brand_answer() == "market"
    cache.chmod(0o700)  # in a folder of one's own the cache is trusted: the planted file (still there) answers
    assert brand_answer() != "market"


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to give a file away")
def test_a_cache_file_owned_by_someone_else_is_not_trusted(cache: Path) -> None:
    path = cache_file(cache)
    plant(path)
    os.chown(path, 65534, 65534)
    assert brand_answer() == "market"


def test_a_cache_file_larger_than_the_bound_is_not_read(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plant(cache_file(cache))
    monkeypatch.setattr(compiled, "MAX_CACHE_BYTES", 1000)
    assert brand_answer() == "market"


def test_a_relative_xdg_cache_home_is_ignored(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("ORGROLES_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")
    assert cache_dir() == Path.home() / ".cache" / "orgroles"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache_dir() == tmp_path / "orgroles"


def test_an_edit_between_hashing_and_compiling_is_not_filed_under_the_old_key(
    data_copy: Callable[[], Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("ORGROLES_CACHE_DIR", str(tmp_path / "cache"))
    folder = data_copy()
    path = folder / "departments.yaml"
    original = path.read_bytes()
    marker = b"\n  terms:\n"
    edited = original.replace(marker, marker + b'    - target: user-ops\n      en: {"zebra husbandry": 5}\n', 1)
    assert edited != original
    read = compiled._source

    def read_then_edit(source: Path) -> bytes | None:
        raw = read(source)
        if source == path:
            path.write_bytes(edited)  # someone saves the file right after it was hashed
        return raw

    def answer() -> str | None:
        return Explainer(load_compiled(folder)).run("zebra husbandry").function

    monkeypatch.setattr(compiled, "_source", read_then_edit)
    assert answer() is None  # compiled from the bytes that were hashed, not the edit
    monkeypatch.setattr(compiled, "_source", read)
    assert answer() == "user-ops"  # the edit is seen on the next run
    path.write_bytes(original)
    assert answer() is None  # and undone: the cache of the original is the original's
