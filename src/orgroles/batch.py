"""Scoring the classifier on labelled data: reading labelled records (JSONL or CSV) and tallying accuracy."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from orgroles.errors import InputError, UsageError
from orgroles.readers import STDIN, read_csv, read_lines
from orgroles.text import LANGS, did_you_mean

# -- evaluation -------------------------------------------------------------------------------------------

NEITHER = "neither"
OUTSIDE = ("sales", "unclassified")


def department_correct(predicted: str, gold: str) -> bool:
    """`neither` in labelled data (no department of the model) is right when the tool says sales or unclassified."""
    return predicted == gold or (gold == NEITHER and predicted in OUTSIDE)


@dataclass
class Tally:
    total: int = 0
    right: int = 0

    def add(self, ok: bool) -> None:
        self.total += 1
        self.right += ok

    @property
    def accuracy(self) -> float | None:
        return round(self.right / self.total, 4) if self.total else None

    def as_dict(self) -> dict[str, Any]:
        return {"total": self.total, "correct": self.right, "accuracy": self.accuracy}


@dataclass
class EvalReport:
    department: Tally = field(default_factory=Tally)
    function: Tally = field(default_factory=Tally)
    by_lang: dict[str, Tally] = field(default_factory=dict)
    by_lang_function: dict[str, Tally] = field(default_factory=dict)
    by_gold: dict[str, Tally] = field(default_factory=dict)
    confusion: dict[str, dict[str, int]] = field(default_factory=dict)
    misses: list[dict[str, Any]] = field(default_factory=list)

    def add(self, record: dict[str, Any], predicted: dict[str, Any], lang: str) -> None:
        gold = record["department"]
        ok = department_correct(predicted["department"], gold)
        self.department.add(ok)
        self.by_lang.setdefault(lang, Tally()).add(ok)
        self.by_gold.setdefault(gold, Tally()).add(ok)
        row = self.confusion.setdefault(gold, {})
        row[predicted["department"]] = row.get(predicted["department"], 0) + 1
        gold_fn = record.get("function")
        fn_ok = True
        if gold_fn is not None or "function" in record:
            fn_ok = ok and predicted["function"] == gold_fn
            self.function.add(fn_ok)
            self.by_lang_function.setdefault(lang, Tally()).add(fn_ok)
        if not ok or not fn_ok:
            self.misses.append(
                {
                    "id": record.get("id"),
                    "line": record["_line"],
                    "lang": lang,
                    "text": record["text"],
                    "department": gold,
                    "function": gold_fn,
                    "predicted_department": predicted["department"],
                    "predicted_function": predicted["function"],
                    "confidence": predicted["confidence"],
                }
            )

    def as_dict(self, misses: int) -> dict[str, Any]:
        return {
            "department": self.department.as_dict(),
            "function": self.function.as_dict(),
            "by_lang": {k: v.as_dict() for k, v in sorted(self.by_lang.items())},
            "function_by_lang": {k: v.as_dict() for k, v in sorted(self.by_lang_function.items())},
            "by_label": {k: v.as_dict() for k, v in sorted(self.by_gold.items())},
            "confusion": {k: dict(sorted(v.items())) for k, v in sorted(self.confusion.items())},
            "misses": self.misses[:misses] if misses >= 0 else self.misses,
            "miss_count": len(self.misses),
        }


def read_labelled(path: str, functions: frozenset[str]) -> Iterator[dict[str, Any]]:
    """Labelled duties from JSONL (one object a line) or CSV (header row), each with `text` and `department`."""
    name = "stdin" if path == STDIN else path
    if path.lower().endswith(".csv"):
        data = read_csv(path, "text")
        for i, (text, rest) in enumerate(data.rows, 2):
            yield _check_record(
                {"text": text, **{k: v for k, v in (rest or {}).items() if v != ""}}, name, i, functions
            )
        return
    for lineno, line in enumerate(read_lines(path), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(
                f"{name}: line {lineno}: not a JSON object ({exc.msg}); eval reads JSONL or .csv"
            ) from None
        if not isinstance(record, dict):
            raise InputError(f"{name}: line {lineno}: not a JSON object; eval reads JSONL or .csv")
        yield _check_record(record, name, lineno, functions)


LABELS = ("market", "operations", "sales", "unclassified", NEITHER)


def _check_record(record: dict[str, Any], name: str, lineno: int, functions: frozenset[str]) -> dict[str, Any]:
    for key in ("text", "department"):
        if not isinstance(record.get(key), str):
            raise InputError(f"{name}: line {lineno}: needs a string {key!r}")
    if record["department"] not in LABELS:
        raise InputError(
            f"{name}: line {lineno}: department {record['department']!r} is not one of {', '.join(LABELS)}"
        )
    function = record.get("function")
    if function is not None and function not in functions:
        raise InputError(
            f"{name}: line {lineno}: unknown function {function!r}{did_you_mean(str(function), functions)}"
        )
    if record.get("lang") is not None and record["lang"] not in LANGS:
        raise InputError(f"{name}: line {lineno}: lang {record['lang']!r} is not one of {', '.join(LANGS)}")
    record["_line"] = lineno
    return record


def parse_filters(filters: list[str]) -> dict[str, str]:
    out = {}
    for f in filters:
        key, sep, value = f.partition("=")
        if not sep or not key:
            raise UsageError(f"--only takes KEY=VALUE, e.g. --only confidence=high (got {f!r})")
        out[key] = value
    return out
