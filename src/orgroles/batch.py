"""Reading duties from files and stdin (plain lines or CSV), and scoring the classifier on labelled data."""

from __future__ import annotations

import csv
import json
import stat
import sys
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass, field
from operator import methodcaller
from pathlib import Path
from typing import IO, Any

from orgroles.errors import InputError, UsageError
from orgroles.text import LANGS, did_you_mean

STDIN = "-"


def open_input(path: str) -> IO[bytes]:
    """A binary stream for PATH or '-' (stdin), with one-line errors for what a user can get wrong."""
    if path == STDIN:
        if sys.stdin is None or sys.stdin.closed:
            raise InputError("stdin is closed: pipe duties in, or give --file PATH")
        return sys.stdin.buffer
    p = Path(path)
    try:
        return p.open("rb")
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, not a file") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None


def _decode(raw: bytes, name: str, lineno: int) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(f"{name}: line {lineno}: not valid UTF-8 (save the file as UTF-8)") from None


# Called every PROGRESS_EVERY lines with the lines read and the bytes read so far (None from a pipe).
Progress = Callable[[int, int | None], None]
PROGRESS_EVERY = 2048


def _decoded_lines(path: str, progress: Progress | None = None) -> Generator[str, None, None]:
    """The file's lines as text with their line endings; a line that is not UTF-8 is named by number."""
    name = "stdin" if path == STDIN else path
    stream = open_input(path)
    lineno = 0
    try:
        for lineno, raw in enumerate(stream, 1):
            text = _decode(raw, name, lineno)
            yield text.removeprefix("\ufeff") if lineno == 1 else text
            if progress is not None and not lineno % PROGRESS_EVERY:
                progress(lineno, _tell(stream))
    except OSError as exc:  # EIO from a failing disk or device mid-file: a read error, not a write error
        raise InputError(f"{name}: line {lineno + 1}: cannot read: {exc.strerror or exc}") from None
    finally:
        if path != STDIN:
            stream.close()


def _tell(stream: IO[bytes]) -> int | None:
    try:
        return stream.tell()
    except OSError:  # a pipe
        return None


def input_size(path: str) -> int | None:
    """Bytes in a regular file, for a progress bar; None for stdin, a pipe or a device."""
    if path == STDIN:
        return None
    try:
        info = Path(path).stat()
    except OSError:
        return None
    return info.st_size if stat.S_ISREG(info.st_mode) else None


def read_lines(path: str, progress: Progress | None = None) -> Iterator[str]:
    """One duty per line, in order; blank lines are kept so that line numbers stay aligned."""
    return map(methodcaller("rstrip", "\r\n"), _decoded_lines(path, progress))  # C-level, per line


@dataclass
class CsvInput:
    """Rows of a CSV file: the duty from `column`, the other columns passed through."""

    fieldnames: list[str]  # the other columns, in file order
    rows: Iterator[tuple[str, dict[str, str]]]


def read_csv(path: str, column: str, progress: Progress | None = None) -> CsvInput:
    """A CSV file's rows; errors name the line (decoding is line by line, so the number is exact)."""
    name = "stdin" if path == STDIN else path
    lines = _decoded_lines(path, progress)
    reader = csv.DictReader(lines)
    try:
        try:
            fieldnames = list(reader.fieldnames or [])
        except csv.Error as exc:
            raise InputError(f"{name}: not a readable CSV file: {exc}") from None
        if column not in fieldnames:
            shown = ", ".join(fieldnames) if fieldnames else "none"
            raise InputError(f"{name}: no column {column!r} (columns: {shown})")
    except InputError:
        lines.close()
        raise

    def rows() -> Iterator[tuple[str, dict[str, str]]]:
        try:
            for row in reader:
                yield row.get(column) or "", {k: v for k, v in row.items() if k != column and k is not None}
        except csv.Error as exc:
            raise InputError(f"{name}: line {reader.line_num}: {exc}") from None
        finally:
            lines.close()

    return CsvInput([f for f in fieldnames if f != column], rows())


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
            yield _check_record({"text": text, **{k: v for k, v in rest.items() if v != ""}}, name, i, functions)
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
        except RecursionError:  # a labelled record is flat: brackets nested thousands deep are not one
            raise InputError(f"{name}: line {lineno}: JSON nested too deep to be a labelled record") from None
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
    if function is not None and not isinstance(function, str):
        raise InputError(f"{name}: line {lineno}: 'function' must be a function id (a string), or left out")
    if function is not None and function not in functions:
        raise InputError(
            f"{name}: line {lineno}: unknown function {function!r}{did_you_mean(str(function), functions)}"
        )
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
