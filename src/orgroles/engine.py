"""The classifier engine: compiled knowledge + matcher -> the documented answer as plain data (no pydantic)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from orgroles.compiled import load_compiled
from orgroles.matcher import CORRECTION, MIN_SCORE, READ_MAX, UNCLASSIFIED, Matcher, Result
from orgroles.overlay import correction_key
from orgroles.text import detect_lang

if TYPE_CHECKING:
    from orgroles.model import Lang

DEFAULT_TOP = 3

# The reason when words of a department were found but too few to decide (below MIN_SCORE): the
# principle's "belongs to neither" would contradict the evidence shown beside it.
TOO_LITTLE = {
    "en": "Too little to decide: the words found point to {name} only weakly (score {score:g}, {needed:g} needed); "
    "say what the work produces or what it is judged on.",
    "ko": "판단하기에 근거가 부족합니다. 찾은 단어가 {name} 쪽을 약하게만 가리킵니다(점수 {score:g}, 필요 {needed:g}). "
    "무엇을 만들고 무엇으로 평가받는 업무인지 적어 주세요.",
    "zh": "依据不足：找到的词只微弱地指向{name}（得分{score:g}，需要{needed:g}）；请写明这项工作产出什么、按什么考核。",
}


class Explainer:
    """Turns a matcher Result into the documented answer, with reason and question in the output language."""

    def __init__(self, compiled: dict[str, Any]) -> None:
        self.matcher = Matcher(compiled)
        self.names: dict[str, dict[str, str]] = compiled["names"]
        self.function_order: list[str] = list(compiled["functions"])
        self.functions = self.matcher.function_ids
        # "department|function|lang" -> sentence, looked up by a tuple: no key string built per duty
        self._reasons: dict[tuple[str, ...], str] = {tuple(k.split("|")): v for k, v in compiled["reasons"].items()}
        self._questions: dict[str, dict[str, str]] = compiled["questions"]
        # folded duty -> [department, function, line in terms.yaml, the duty as written there]
        self.corrections: dict[str, list[Any]] = compiled.get("corrections", {})

    def reason(self, department: str, function: str | None, lang: str) -> str:
        """The principle, in one sentence, for a duty of this department and function."""
        return self._reasons[department, function or "", lang]

    def _unclassified_reason(self, r: Result, lang: str) -> str:
        best = r.candidates[0] if r.candidates else None
        if best is not None and best["department"] != UNCLASSIFIED:
            name = self.names[best["function"] or best["department"]][lang]
            return TOO_LITTLE[lang].format(name=name, score=best["score"], needed=MIN_SCORE)
        return self.reason(UNCLASSIFIED, None, lang)

    def division_of(self, target: str) -> str:
        return self.matcher.division_of[target]

    def run(self, text: str) -> Result:
        """The answer for one duty: a correction of terms.yaml when one pins it, else the matcher's, with
        the source of each piece of evidence."""
        if self.corrections:
            pinned = self.corrections.get(correction_key(text[:READ_MAX]))
            if pinned is not None:
                return self._corrected(text, *pinned)
        return self.matcher.classify(text)

    def _corrected(self, text: str, department: str, function: str | None, line: int, written: str) -> Result:
        """A duty pinned by a correction: its answer, confidence 1, and evidence saying where it is pinned."""
        evidence: Any = [
            {"text": text, "term": written, "function": function, "department": department, "weight": 1.0,
             "source": CORRECTION, "line": line}
        ]  # fmt: skip
        candidates: Any = (
            [] if department == UNCLASSIFIED else [{"department": department, "function": function, "score": 1.0}]
        )
        lang: Any = detect_lang(text)
        departments: Any = [{"department": department, "score": 1.0}]
        return Result(text, lang, department, function, 1.0, False, candidates, evidence, None, departments)

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
            "departments": r.departments,
            "evidence": r.evidence,
            "reason": self._unclassified_reason(r, out_lang)
            if r.department == UNCLASSIFIED
            else self._reasons[r.department, r.function or "", out_lang],
            "question": self._questions[r.overlap or ""][out_lang] if r.ambiguous else None,
        }


_explainers: dict[Path | None, Explainer] = {}


def explainer(data: Path | None = None) -> Explainer:
    """The explainer for the shipped (or --data / ORGROLES_DATA) knowledge, built once per folder per process."""
    key = data.resolve() if data is not None else None
    if key not in _explainers:
        _explainers[key] = Explainer(load_compiled(data))
    return _explainers[key]
