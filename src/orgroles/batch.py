"""Scoring the classifier on labelled data: reading labelled records (JSONL or CSV) and tallying accuracy."""

from __future__ import annotations

import json
import sys
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


# Department accuracy by the confidence the classifier gave: whether a user may trust a 0.8 more than a 0.3.
# Five equal bands of [0, 1], each holding its lower bound (1.0 goes in the last).
BANDS = ("0.0-0.2", "0.2-0.4", "0.4-0.6", "0.6-0.8", "0.8-1.0")


def confidence_band(confidence: float) -> str:
    return BANDS[min(int(confidence * 5), len(BANDS) - 1)] if confidence > 0 else BANDS[0]


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
    by_confidence: dict[str, Tally] = field(default_factory=dict)

    def add(self, record: dict[str, Any], predicted: dict[str, Any], lang: str) -> None:
        gold = record["department"]
        ok = department_correct(predicted["department"], gold)
        self.department.add(ok)
        self.by_lang.setdefault(lang, Tally()).add(ok)
        self.by_confidence.setdefault(confidence_band(predicted["confidence"]), Tally()).add(ok)
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
            "by_confidence": {b: self.by_confidence[b].as_dict() for b in BANDS if b in self.by_confidence},
            "misses": self.misses[:misses] if misses >= 0 else self.misses,
            "miss_count": len(self.misses),
        }


TABLE_SUFFIXES = (".csv", ".tsv")


def _is_table(path: str) -> bool:
    """A labelled file is a table (CSV or TSV) by its name; on stdin, when it does not open with a JSON
    object (a header row does not start with '{')."""
    if path != STDIN:
        return path.lower().endswith(TABLE_SUFFIXES)
    peek = getattr(getattr(sys.stdin, "buffer", None), "peek", None)
    head = peek(64).lstrip(b"\xef\xbb\xbf \t\r\n") if peek is not None else b""
    return bool(head) and not head.startswith(b"{")


def read_labelled(
    path: str,
    functions: frozenset[str],
    encoding: str | None = None,
    text_column: str = "text",
    label_column: str = "department",
) -> Iterator[dict[str, Any]]:
    """Labelled duties from JSONL (one object a line) or CSV (header row), each with `text` and `department`.

    `text_column` and `label_column` name the fields that hold them when a file calls them otherwise
    (eval --column, --label-column); each record comes back under the standard names.
    """
    name = "stdin" if path == STDIN else path
    if _is_table(path):
        data = read_csv(path, text_column, encoding=encoding)
        if label_column != text_column and label_column not in data.columns:
            shown = ", ".join(data.columns)
            hint = did_you_mean(label_column, frozenset(data.columns))
            raise InputError(f"{name}: no label column {label_column!r}{hint} (columns: {shown}; see --label-column)")
        for text, rest in data.rows:  # data.line: the row's line in the file (a quoted cell may span lines)
            cells = {k: v for k, v in (rest or {}).items() if v != ""}
            record = _standard(cells, text, label_column)
            yield _check_record(record, name, data.line, functions, text_column, label_column)
        return
    for lineno, line in enumerate(read_lines(path, encoding=encoding), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(
                f"{name}: line {lineno}: not a JSON object ({exc.msg}); eval reads JSONL, .csv or .tsv"
            ) from None
        except RecursionError:  # a labelled record is flat: brackets nested thousands deep are not one
            raise InputError(f"{name}: line {lineno}: JSON nested too deep to be a labelled record") from None
        if not isinstance(record, dict):
            raise InputError(f"{name}: line {lineno}: not a JSON object; eval reads JSONL, .csv or .tsv")
        if text_column != "text" or label_column != "department":
            record = _standard(record, record.get(text_column), label_column, text_column)
        yield _check_record(record, name, lineno, functions, text_column, label_column)


def _standard(cells: dict[str, Any], text: Any, label_column: str, text_column: str = "text") -> dict[str, Any]:
    """A record under the standard keys: the duty as `text`, the label as `department`."""
    record = {k: v for k, v in cells.items() if k not in (text_column, label_column)}
    record["text"] = text
    if label_column in cells:
        record["department"] = cells[label_column]
    else:
        record.pop("department", None)  # a file's own department column is no label unless named one
    return record


LABELS = ("market", "operations", "sales", "unclassified", NEITHER)


def _check_record(
    record: dict[str, Any],
    name: str,
    lineno: int,
    functions: frozenset[str],
    text_column: str = "text",
    label_column: str = "department",
) -> dict[str, Any]:
    """A record checked, its labels folded: 'Market', ' OPERATIONS ' and 'User-Ops' are the ids they spell."""
    for key, column, option in (("text", text_column, "--column"), ("department", label_column, "--label-column")):
        if not isinstance(record.get(key), str):
            raise InputError(f"{name}: line {lineno}: needs a string {column!r} (another name: {option} NAME)")
    record["department"] = record["department"].strip().casefold()
    if record["department"] not in LABELS:
        raise InputError(
            f"{name}: line {lineno}: department {record['department']!r} is not one of {', '.join(LABELS)}"
            + did_you_mean(record["department"], frozenset(LABELS))
        )
    function = record.get("function")
    if function is not None and not isinstance(function, str):
        raise InputError(f"{name}: line {lineno}: 'function' must be a function id (a string), or left out")
    if isinstance(function, str):
        function = record["function"] = function.strip().casefold() or None
    if function is not None and function not in functions:
        raise InputError(
            f"{name}: line {lineno}: unknown function {function!r}{did_you_mean(str(function), functions)}"
        )
    if isinstance(record.get("lang"), str):
        record["lang"] = record["lang"].strip().casefold() or None
    if record.get("lang") is not None and (not isinstance(record["lang"], str) or record["lang"] not in LANGS):
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
