"""The public classifier API: classify and classify_many return typed pydantic models with the documented keys.

The argument checks raise TypeError for a value of the wrong type (None, a number, bytes), as Python's own
functions do, and UsageError (a ValueError's role, with the CLI's exit code) for a right type with a wrong
value (an empty duty, an unknown language).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from orgroles.engine import DEFAULT_TOP, Explainer, explainer
from orgroles.errors import UsageError
from orgroles.model import LANGS, Lang


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True)


class CandidateOut(_Out):
    department: str
    function: str | None
    score: float


class DepartmentTotalOut(_Out):
    department: str
    score: float


class EvidenceOut(_Out):
    text: str
    term: str
    function: str | None
    department: str
    weight: float


class Classification(_Out):
    """One duty's answer. These keys are the public JSON contract (README: 'classify output')."""

    text: str
    lang: Lang
    department: str
    function: str | None
    confidence: float
    ambiguous: bool
    candidates: list[CandidateOut]
    departments: list[DepartmentTotalOut]
    evidence: list[EvidenceOut]
    reason: str
    question: str | None


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _writable(text: str) -> str:
    """The text with lone surrogates (which no UTF-8 output can hold) as U+FFFD, so every answer serialises."""
    return text if text.isascii() else _LONE_SURROGATE.sub("\ufffd", text)


def _check_text(text: object, what: str = "the duty") -> str:
    if isinstance(text, str):
        return text
    if isinstance(text, (bytes, bytearray, memoryview)):
        raise TypeError(f"{what} must be a str, not {type(text).__name__}: decode it first, e.g. data.decode('utf-8')")
    raise TypeError(f"{what} must be a str, not {type(text).__name__}")


def _check_data(data: object) -> Path | None:
    """--data's folder as a Path; a str is taken as a path, as open() takes one."""
    if data is None or isinstance(data, Path):
        return data
    if isinstance(data, str):
        return Path(data)
    raise TypeError(f"data must be a folder path (str or pathlib.Path), not {type(data).__name__}")


def _check(lang: str | None, top: int) -> None:
    if lang is not None and not isinstance(lang, str):
        raise TypeError(f"lang must be a str ({', '.join(LANGS)}) or None, not {type(lang).__name__}")
    if isinstance(top, bool) or not isinstance(top, int):
        raise TypeError(f"top must be an int, not {type(top).__name__}")
    if lang is not None and lang not in LANGS:
        raise UsageError(f"lang must be one of {', '.join(LANGS)}, not {lang!r}")
    if top < 1:
        raise UsageError(f"top must be 1 or more, not {top}")


def classify(
    text: str, *, lang: Lang | None = None, top: int = DEFAULT_TOP, data: str | Path | None = None
) -> Classification:
    """Which department and function a duty belongs to, with evidence, reason and deciding question.

    `data` is a folder with your own departments.yaml and/or cases.yaml (the CLI's --data).

    >>> classify("community operation").department
    'operations'
    """
    text = _check_text(text)
    if not text.strip():
        raise UsageError("the duty is empty: give a word or a sentence to classify")
    _check(lang, top)
    ex = explainer(_check_data(data))
    return Classification.model_validate(ex.as_dict(ex.run(_writable(text)), top, lang))


def classify_many(
    texts: Iterable[str], *, lang: Lang | None = None, top: int = DEFAULT_TOP, data: str | Path | None = None
) -> Iterator[Classification]:
    """classify() over many duties, lazily and in order; a blank duty yields an `unclassified` answer.

    The arguments are checked at the call, not at the first answer: a wrong one fails where it was given.
    """
    if isinstance(texts, (str, bytes)):
        raise TypeError("classify_many takes an iterable of duties, not one string: use classify(text)")
    if not isinstance(texts, Iterable):
        raise TypeError(f"classify_many takes an iterable of str, not {type(texts).__name__}")
    _check(lang, top)
    ex = explainer(_check_data(data))
    return _answers(ex, texts, top, lang)


def _answers(ex: Explainer, texts: Iterable[str], top: int, lang: Lang | None) -> Iterator[Classification]:
    for i, text in enumerate(texts):
        checked = _check_text(text, f"duty {i} of classify_many")
        yield Classification.model_validate(ex.as_dict(ex.run(_writable(checked)), top, lang))
