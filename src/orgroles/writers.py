"""The output side of a batch: the engine's answers -> table, json, jsonl or csv on a stream.

One writer per output format, in one registry keyed by `OutputFormat` (tests/test_formats.py checks that
every member has one). A writer gets a `Job`: the answers as a stream of (answer, passthrough cells), the
names of the passthrough columns, and what it needs to draw for people. cli.py picks the format and wires
reader -> engine -> writer; nothing here parses options or exits.

To add a format: add the member to OutputFormat and decorate its writer with `@writer(OutputFormat.x)`.
The html report registers here the same way, from report_html.py's pure results -> page function.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from enum import Enum
from pathlib import Path
from typing import Any, TextIO

# One answer of a batch: the engine's dict (engine.Explainer.as_dict) and the passthrough cells of its row.
Answer = tuple[dict[str, Any], dict[str, str] | None]


class OutputFormat(str, Enum):
    """What `classify --format` writes; every member has a writer in WRITERS."""

    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    html = "html"


# The answer's columns in CSV output, after the passthrough columns.
CSV_COLUMNS = [
    "text",
    "department",
    "function",
    "confidence",
    "ambiguous",
    "evidence",
    "candidates",
    "reason",
    "question",
]


class Job:
    """Everything a writer needs: the answers (a stream, consumed once) and how to present them."""

    # a plain class, not a dataclass: cli.py imports this module at start (0.15 ms a dataclass)
    __slots__ = ("answers", "columns", "export", "flush", "lang", "names", "show", "single")

    def __init__(
        self,
        answers: Iterable[Answer],
        columns: list[str],
        show: Callable[[Any, Path | None], None],
        *,
        single: bool = False,
        lang: str | None = None,
        names: dict[str, dict[str, str]] | None = None,
        flush: bool = False,
        export: Path | None = None,
    ) -> None:
        self.answers = answers
        self.columns = columns  # passthrough column names, in input order ([] for plain text or arguments)
        self.show = show  # draws a Rich renderable on the terminal (and saves --export)
        self.single = single  # one duty given on the command line: json gives an object, table the card
        self.lang = lang  # the output language asked for (None: each duty's own)
        self.names = names or {}  # id -> {lang: display name}, for the card
        self.flush = flush  # flush after every answer (reading a pipe: answers appear as lines arrive)
        self.export = export  # also save the drawn table as .svg/.html


Writer = Callable[[Job, TextIO], None]
WRITERS: dict[OutputFormat, Writer] = {}


def writer(fmt: OutputFormat) -> Callable[[Writer], Writer]:
    """Register a function as the writer of one output format."""

    def register(fn: Writer) -> Writer:
        WRITERS[fmt] = fn
        return fn

    return register


def write(fmt: OutputFormat, job: Job, out: TextIO | None = None) -> None:
    """Write a job's answers in a format, to `out` (default: stdout)."""
    WRITERS[fmt](job, out if out is not None else sys.stdout)


# -- the writers -------------------------------------------------------------------------------------------


@writer(OutputFormat.jsonl)
def write_jsonl(job: Job, out: TextIO) -> None:
    """One JSON object a line, written as it is classified; passthrough cells under "fields"."""
    import orjson  # three times faster than json.dumps on these objects: this loop is the batch job

    write, dumps, newline = out.buffer.write, orjson.dumps, orjson.OPT_APPEND_NEWLINE
    flush = out.buffer.flush if job.flush else None
    for result, extra in job.answers:
        if extra is not None:
            result["fields"] = extra
        write(dumps(result, option=newline))
        if flush is not None:
            flush()


@writer(OutputFormat.json)
def write_json(job: Job, out: TextIO) -> None:
    """One JSON object for one duty given as an argument, else a JSON list streamed element by element."""
    import json

    if job.single:
        result, _ = next(iter(job.answers))
        out.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
        return
    out.write("[")
    try:
        for i, (result, extra) in enumerate(job.answers):
            if extra is not None:
                result["fields"] = extra
            body = json.dumps(result, ensure_ascii=False, indent=2)
            out.write(("\n" if i == 0 else ",\n") + body)
    finally:
        out.write("\n]\n")


@writer(OutputFormat.csv)
def write_csv(job: Job, out: TextIO) -> None:
    """A header row (the passthrough columns, then the answer's), and one row per duty."""
    import csv

    passthrough = job.columns
    rows = csv.writer(out, lineterminator="\n")
    rows.writerow([*passthrough, *CSV_COLUMNS])
    for result, extra in job.answers:
        rows.writerow([*((extra or {}).get(f) or "" for f in passthrough), *csv_cells(result)])


def csv_cells(r: dict[str, Any]) -> list[str]:
    """The answer's cells of a CSV row, in CSV_COLUMNS order."""
    return [
        r["text"], r["department"], r["function"] or "", f"{r['confidence']:.3f}", str(r["ambiguous"]).lower(),
        "; ".join(f"{e['text']}={e['function'] or e['department']}" for e in r["evidence"]),
        "; ".join(f"{c['function'] or c['department']}:{c['score']}" for c in r["candidates"]),
        r["reason"], r["question"] or "",
    ]  # fmt: skip


@writer(OutputFormat.table)
def write_table(job: Job, out: TextIO) -> None:
    """For people: the plain-text card for one duty, a Rich table for several."""
    items = list(job.answers)
    if not items:  # an empty file or pipe: say so, rather than draw an empty table
        sys.stderr.write("orgroles: no duties in the input\n")
        return
    if len(items) == 1 and (job.single or items[0][1] is None):
        from orgroles import card  # plain text: a one-duty run need not import Rich

        if job.export is None:
            out.write(card.draw(items[0][0], job.names))
        else:
            job.show(card.draw(items[0][0], job.names, colour=False), job.export)
        return
    from orgroles.render import classification_table

    shown = [r for r, _ in items]
    lang = job.lang
    if lang is None:  # the language most of the duties are written in
        langs = [r["lang"] for r in shown]
        lang = max(sorted(set(langs)), key=langs.count) if langs else None
    job.show(classification_table(shown, lang), job.export)  # type: ignore[arg-type]


@writer(OutputFormat.html)
def write_html(job: Job, out: TextIO) -> None:
    """One self-contained page to open or send (report_html.py): a summary chart and a sortable, filterable
    table of every duty, the passthrough columns first."""
    from orgroles.report_html import classification_page

    items = list(job.answers)  # the summary counts every duty before the table lists them
    out.write(classification_page([r for r, _ in items], job.names, page_lang(job.lang, items), job.columns,
                                  [extra or {} for _, extra in items]))  # fmt: skip


def page_lang(asked: str | None, items: list[Answer]) -> str:
    """The language asked for, else the one most of the answers are in (ties: the first in id order)."""
    if asked:
        return asked
    langs = [str(r["lang"]) for r, _ in items]
    return max(sorted(set(langs)), key=langs.count) if langs else "en"
