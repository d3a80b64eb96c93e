"""The public classifier API: classify and classify_many return pydantic models with the documented keys."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

from orgroles.errors import UsageError
from orgroles.knowledge import Library, load_library
from orgroles.matcher import UNCLASSIFIED, Matcher, Result
from orgroles.model import LANGS, Lang

DEFAULT_TOP = 3


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True)


class CandidateOut(_Out):
    department: str
    function: str | None
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
    evidence: list[EvidenceOut]
    reason: str
    question: str | None


class Explainer:
    """Turns a matcher Result into the documented answer: reasons and questions in the output language."""

    def __init__(self, lib: Library, matcher: Matcher | None = None) -> None:
        self.lib = lib
        self.matcher = matcher or Matcher(lib.kb)
        kb = lib.kb
        self._reasons: dict[tuple[str, str | None, str], str] = {}
        for lang in LANGS:
            self._reasons[(UNCLASSIFIED, None, lang)] = _sentence(kb.principle.outside.get(lang), lang)
            for div in kb.divisions:
                self._reasons[(div.id, None, lang)] = _sentence(
                    f"{div.name.get(lang)}{_SEP[lang]}{div.reason.get(lang)}", lang
                )
                for fn in kb.functions:
                    if fn.division == div.id:
                        self._reasons[(div.id, fn.id, lang)] = _sentence(
                            f"{fn.name.get(lang)} ({div.name.get(lang)}){_SEP[lang]}{div.reason.get(lang)}",
                            lang,
                        )
        self._questions = {(o.id, lang): o.question.get(lang) for o in kb.overlaps for lang in LANGS}
        self._general = {lang: kb.principle.question.get(lang) for lang in LANGS}

    def run(self, text: str) -> Result:
        return self.matcher.classify(text)

    def as_dict(self, r: Result, top: int = DEFAULT_TOP, lang: Lang | None = None) -> dict[str, Any]:
        """The JSON object for one result; built directly (the batch hot path skips pydantic)."""
        out_lang = lang or r.lang
        return {
            "text": r.text,
            "lang": out_lang,
            "department": r.department,
            "function": r.function,
            "confidence": r.confidence,
            "ambiguous": r.ambiguous,
            "candidates": [
                {"department": c.department, "function": c.function, "score": c.score} for c in r.candidates[:top]
            ],
            "evidence": [
                {
                    "text": e.text,
                    "term": e.term,
                    "function": e.target if e.target in self.lib.functions else None,
                    "department": e.department,
                    "weight": e.weight,
                }
                for e in r.evidence
            ],
            "reason": self._reasons[(r.department, r.function, out_lang)],
            "question": self.question(r, out_lang),
        }

    def question(self, r: Result, lang: Lang) -> str | None:
        if not r.ambiguous:
            return None
        if r.overlap is not None:
            return self._questions[(r.overlap, lang)]
        return self._general[lang]


_SEP = {"en": ": ", "ko": ": ", "zh": ":"}
_STOP = {"en": ".", "ko": ".", "zh": "。"}


def _sentence(text: str, lang: str) -> str:
    text = text.rstrip(".。")
    return text[:1].upper() + text[1:] + _STOP[lang] if lang == "en" else text + _STOP[lang]


_default: Explainer | None = None


def explainer(data: Path | None = None) -> Explainer:
    """The explainer for the shipped (or ORGROLES_DATA) knowledge, built once per process."""
    global _default
    if data is not None:
        return Explainer(load_library(data))
    if _default is None:
        _default = Explainer(load_library())
    return _default


def classify(
    text: str, *, lang: Lang | None = None, top: int = DEFAULT_TOP, data: Path | None = None
) -> Classification:
    """Which department and function a duty belongs to, with evidence, reason and deciding question.

    >>> classify("community operation").department
    'operations'
    """
    if not text or not text.strip():
        raise UsageError("the duty is empty: give a word or a sentence to classify")
    ex = explainer(data)
    return Classification.model_validate(ex.as_dict(ex.run(text), top, lang))


def classify_many(
    texts: Iterable[str], *, lang: Lang | None = None, top: int = DEFAULT_TOP, data: Path | None = None
) -> Iterator[Classification]:
    """classify() over many duties, lazily and in order; a blank duty yields an `unclassified` answer."""
    ex = explainer(data)
    for text in texts:
        yield Classification.model_validate(ex.as_dict(ex.run(text), top, lang))
