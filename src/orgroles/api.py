"""The public classifier API: classify and classify_many return pydantic models with the documented keys."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from orgroles.engine import DEFAULT_TOP, explainer
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


def _check(lang: str | None, top: int) -> None:
    if lang is not None and lang not in LANGS:
        raise UsageError(f"lang must be one of {', '.join(LANGS)}, not {lang!r}")
    if top < 1:
        raise UsageError(f"top must be 1 or more, not {top}")


def classify(
    text: str, *, lang: Lang | None = None, top: int = DEFAULT_TOP, data: Path | None = None
) -> Classification:
    """Which department and function a duty belongs to, with evidence, reason and deciding question.

    >>> classify("community operation").department
    'operations'
    """
    if not text or not text.strip():
        raise UsageError("the duty is empty: give a word or a sentence to classify")
    _check(lang, top)
    ex = explainer(data)
    return Classification.model_validate(ex.as_dict(ex.run(_writable(text)), top, lang))


def classify_many(
    texts: Iterable[str], *, lang: Lang | None = None, top: int = DEFAULT_TOP, data: Path | None = None
) -> Iterator[Classification]:
    """classify() over many duties, lazily and in order; a blank duty yields an `unclassified` answer."""
    _check(lang, top)
    ex = explainer(data)
    for text in texts:
        yield Classification.model_validate(ex.as_dict(ex.run(_writable(text)), top, lang))
