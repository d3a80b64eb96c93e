"""The classifier engine: compiled knowledge + matcher -> the documented answer as plain data (no pydantic)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from orgroles.compiled import load_compiled
from orgroles.matcher import Matcher, Result

if TYPE_CHECKING:
    from orgroles.model import Lang

DEFAULT_TOP = 3


class Explainer:
    """Turns a matcher Result into the documented answer, with reason and question in the output language."""

    def __init__(self, compiled: dict[str, Any]) -> None:
        self.matcher = Matcher(compiled)
        self.names: dict[str, dict[str, str]] = compiled["names"]
        self.function_order: list[str] = list(compiled["functions"])
        self.functions = self.matcher.function_ids
        self._reasons: dict[str, str] = compiled["reasons"]
        self._questions: dict[str, dict[str, str]] = compiled["questions"]

    def reason(self, department: str, function: str | None, lang: str) -> str:
        """The principle, in one sentence, for a duty of this department and function."""
        return self._reasons[f"{department}|{function or ''}|{lang}"]

    def division_of(self, target: str) -> str:
        return self.matcher.division_of[target]

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
            "candidates": r.candidates[:top],
            "evidence": r.evidence,
            "reason": self.reason(r.department, r.function, out_lang),
            "question": self._questions[r.overlap or ""][out_lang] if r.ambiguous else None,
        }


_explainers: dict[Path | None, Explainer] = {}


def explainer(data: Path | None = None) -> Explainer:
    """The explainer for the shipped (or --data / ORGROLES_DATA) knowledge, built once per folder per process."""
    key = data.resolve() if data is not None else None
    if key not in _explainers:
        _explainers[key] = Explainer(load_compiled(data))
    return _explainers[key]
