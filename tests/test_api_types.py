"""The Python API as a user's code meets it: typed answers under mypy --strict, TypeError for a wrong
type, and the data folder as a str or a Path."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from orgroles import Classification, classify, classify_many
from orgroles.errors import UsageError

USER_SCRIPT = """
from pathlib import Path

from orgroles import Classification, classify, classify_many

answer: Classification = classify("community operation", lang="ko", top=2)
department: str = answer.department
share: float = answer.confidence
function: str | None = answer.function
words: list[str] = [e.term for e in answer.evidence]
runner_up: float = answer.candidates[0].score
question: str | None = answer.question
batch: list[str] = [r.department.upper() for r in classify_many(["seo", "品牌定位"], data=Path("."))]
"""


def _mypy(tmp_path: Path, code: str) -> subprocess.CompletedProcess[str]:
    script = tmp_path / "user_code.py"
    script.write_text(textwrap.dedent(code), encoding="utf-8")
    # run from the user's folder: no project config, only what the installed package declares
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--no-error-summary", script.name],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )


def test_user_code_type_checks_under_mypy_strict(tmp_path: Path) -> None:
    done = _mypy(tmp_path, USER_SCRIPT)
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_sees_real_types_not_any(tmp_path: Path) -> None:
    """A typo in a field name and a wrong use of a number are caught: the answers are not Any."""
    code = USER_SCRIPT + "typo = answer.departmnt\nwrong: str = answer.confidence\nbad = classify(b'seo')\n"
    done = _mypy(tmp_path, code)
    assert done.returncode == 1
    assert '"Classification" has no attribute "departmnt"' in done.stdout
    assert (
        'incompatible types in assignment (expression has type "float", variable has type "str")' in done.stdout.lower()
    )
    assert 'Argument 1 to "classify" has incompatible type "bytes"' in done.stdout


@pytest.mark.parametrize(
    ("value", "named"),
    [(None, "NoneType"), (0, "int"), (3.5, "float"), (b"seo", "bytes"), (["seo"], "list")],
)
def test_classify_refuses_a_value_that_is_not_text(value: object, named: str) -> None:
    with pytest.raises(TypeError, match=rf"^the duty must be a str, not {named}"):
        classify(value)  # type: ignore[arg-type]


def test_bytes_are_told_to_decode_first() -> None:
    with pytest.raises(TypeError, match=r"decode it first"):
        classify("브랜드".encode())  # type: ignore[arg-type]


def test_an_empty_duty_is_a_value_error_of_ours_not_a_type_error() -> None:
    with pytest.raises(UsageError, match="the duty is empty"):
        classify("  ")


def test_classify_many_checks_its_arguments_when_called() -> None:
    with pytest.raises(TypeError, match="not one string"):
        classify_many("seo")
    with pytest.raises(TypeError, match="iterable of str, not int"):
        classify_many(3)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="top must be an int"):
        classify_many(["seo"], top="2")  # type: ignore[arg-type]
    answers = classify_many(["seo", None])  # type: ignore[list-item]
    assert next(answers).function is not None
    with pytest.raises(TypeError, match=r"^duty 1 of classify_many must be a str, not NoneType"):
        next(answers)


def test_data_takes_a_str_or_a_path(data_copy: Callable[[], Path]) -> None:
    folder = data_copy()
    with_path = classify("press release", data=folder)
    with_str = classify("press release", data=str(folder))
    assert isinstance(with_str, Classification)
    assert with_str == with_path and with_str.function == "pr"
    assert [r.function for r in classify_many(["press release"], data=str(folder))] == ["pr"]
    with pytest.raises(TypeError, match=r"data must be a folder path \(str or pathlib.Path\), not int"):
        classify("seo", data=3)  # type: ignore[arg-type]
