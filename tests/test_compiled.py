"""The compiled-knowledge cache: rebuilt when the data changes or the cache is damaged, never trusted blindly."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from orgroles.compiled import cache_dir, load_compiled
from orgroles.engine import Explainer


@pytest.fixture(autouse=True)
def own_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Each test starts from an empty cache folder of its own."""
    monkeypatch.setenv("ORGROLES_CACHE_DIR", str(tmp_path / "cache"))


def test_cache_is_written_and_reused(monkeypatch: pytest.MonkeyPatch) -> None:
    first = load_compiled()
    files = list(cache_dir().glob("classifier-*.json"))
    assert len(files) == 1

    def no_yaml(path: Path) -> None:
        raise AssertionError("the knowledge was loaded again instead of read from the cache")

    monkeypatch.setattr("orgroles.knowledge.load_knowledge", no_yaml)
    assert load_compiled() == first


def test_a_damaged_cache_is_rebuilt() -> None:
    expected = load_compiled()
    [cached] = cache_dir().glob("classifier-*.json")
    cached.write_text('{"key": "x", "table": ', encoding="utf-8")
    assert load_compiled() == expected
    cached.write_text('{"key": "wrong"}', encoding="utf-8")
    assert load_compiled() == expected


def test_changed_knowledge_is_seen_at_once(data_copy: Callable[[], Path]) -> None:
    folder = data_copy()
    before = Explainer(load_compiled(folder)).run("zebra husbandry")
    assert before.department == "unclassified"
    path = folder / "departments.yaml"
    text = path.read_text(encoding="utf-8")
    marker = "\n  terms:\n"
    assert marker in text
    path.write_text(
        text.replace(marker, marker + '    - target: user-ops\n      en: {"zebra husbandry": 5}\n', 1), encoding="utf-8"
    )
    after = Explainer(load_compiled(folder)).run("zebra husbandry")
    assert (after.department, after.function) == ("operations", "user-ops")


def test_a_cache_folder_that_cannot_be_written_only_costs_speed(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("", encoding="utf-8")
    monkeypatch.setenv("ORGROLES_CACHE_DIR", str(blocked / "cache"))
    assert load_compiled()["functions"]


def test_an_edited_cache_with_the_right_key_is_not_trusted() -> None:
    expected = load_compiled()
    [cached] = cache_dir().glob("classifier-*.json")
    header, body = cached.read_bytes().split(b"\n", 1)
    tampered = body.replace(b'"brand"', b'"sales"', 1)
    assert tampered != body
    cached.write_bytes(header + b"\n" + tampered)
    assert load_compiled() == expected
    assert cached.read_bytes().split(b"\n", 1)[1] == body  # rebuilt and written again
