"""The output side of a batch: the engine's answers -> table, json, jsonl or csv on a stream.

One writer per output format, in one registry keyed by `OutputFormat` (tests/test_formats.py checks that
every member has one). A writer gets a `Job`: the answers as a stream of (answer, passthrough cells), the
names of the passthrough columns, and what it needs to draw for people. cli.py picks the format and wires
reader -> engine -> writer; nothing here parses options or exits.

To add a format: add the member to OutputFormat and decorate its writer with `@writer(OutputFormat.x)`.
A format whose answers take time to serialise also registers an encoder (`@encoder(OutputFormat.x)`):
a pure function of one (answer, cells) that runs where the answer is made, in the worker processes of
`--jobs` (parallel.py), so the writer gets the encoded items and only writes them. Without one, the
writer gets the (answer, cells) pairs themselves.
The html report (issue 12, point 5) registers here the same way, from report_html.py's pure
results -> page function.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
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
        answers: Iterable[Any],
        columns: list[str],
        show: Callable[[Any, Path | None], None],
        *,
        single: bool = False,
        lang: str | None = None,
        names: dict[str, dict[str, str]] | None = None,
        flush: bool = False,
        export: Path | None = None,
    ) -> None:
        self.answers = answers  # each as encoder_for(format) made it: (answer, cells) without an encoder
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


# Turns one answer and its row's cells into what the format's writer writes. It runs in the worker
# processes, so it is a module-level function (a pool finds it by name) that neither prints nor exits.
Encoder = Callable[[dict[str, Any], "dict[str, str] | None"], Any]
ENCODERS: dict[OutputFormat, Encoder] = {}


def encoder(fmt: OutputFormat) -> Callable[[Encoder], Encoder]:
    """Register a function as the encoder of one output format's answers."""

    def register(fn: Encoder) -> Encoder:
        ENCODERS[fmt] = fn
        return fn

    return register


def keep_answer(answer: dict[str, Any], cells: dict[str, str] | None) -> Answer:
    """The encoder of a format without one: the (answer, cells) pair as it is."""
    return answer, cells


def encoder_for(fmt: OutputFormat) -> Encoder:
    """What the answers of `fmt` are turned into before its writer gets them."""
    return ENCODERS.get(fmt, keep_answer)


def write(fmt: OutputFormat, job: Job, out: TextIO | None = None) -> None:
    """Write a job's answers in a format, to `out` (default: stdout)."""
    WRITERS[fmt](job, out if out is not None else sys.stdout)


# -- the writers -------------------------------------------------------------------------------------------


@encoder(OutputFormat.jsonl)
def encode_jsonl(result: dict[str, Any], extra: dict[str, str] | None) -> bytes:
    """One JSONL line; passthrough cells under "fields"."""
    import orjson  # three times faster than json.dumps on these objects: this is the batch job

    if extra is not None:
        result["fields"] = extra
    return orjson.dumps(result, option=orjson.OPT_APPEND_NEWLINE)


@writer(OutputFormat.jsonl)
def write_jsonl(job: Job, out: TextIO) -> None:
    """One JSON object a line (encode_jsonl), written as it is classified."""
    write = out.buffer.write
    flush = out.buffer.flush if job.flush else None
    for line in job.answers:
        write(line)
        if flush is not None:
            flush()


@encoder(OutputFormat.json)
def encode_json(result: dict[str, Any], extra: dict[str, str] | None) -> str:
    """One answer as an indented JSON object (json.dumps with indent is pure Python: worth a worker)."""
    import json

    if extra is not None:
        result["fields"] = extra
    return json.dumps(result, ensure_ascii=False, indent=2)


@writer(OutputFormat.json)
def write_json(job: Job, out: TextIO) -> None:
    """One JSON object for one duty given as an argument, else a JSON list streamed element by element."""
    if job.single:
        out.write(next(iter(job.answers)) + "\n")
        return
    out.write("[")
    try:
        for i, body in enumerate(job.answers):
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
    for extra, cells in job.answers:
        rows.writerow([*((extra or {}).get(f) or "" for f in passthrough), *cells])


@encoder(OutputFormat.csv)
def encode_csv(result: dict[str, Any], extra: dict[str, str] | None) -> tuple[dict[str, str] | None, list[str]]:
    """The row's passthrough cells, and the answer's cells in CSV_COLUMNS order."""
    return extra, csv_cells(result)


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
    """For people: the plain-text card for one duty, a Rich table for several; past render.STREAM_ROWS
    duties the table is printed as the answers come, in bounded memory."""
    from itertools import chain, islice

    answers: Iterator[Answer] = iter(job.answers)
    first = list(islice(answers, 2))
    if not first:  # an empty file or pipe: say so, rather than draw an empty table
        sys.stderr.write("orgroles: no duties in the input\n")
        return
    if len(first) == 1 and (job.single or first[0][1] is None):
        from orgroles import card  # plain text: a one-duty run need not import Rich

        if job.export is None:
            out.write(card.draw(first[0][0], job.names))
        else:
            job.show(card.draw(first[0][0], job.names, colour=False), job.export)
        return
    from orgroles import render

    results = (result for result, _ in chain(first, answers))
    head = list(islice(results, render.STREAM_ROWS + 1))
    lang = job.lang
    if len(head) <= render.STREAM_ROWS:  # all in hand: Rich sizes the columns from every row
        if lang is None:  # the language most of the duties are written in
            langs = [r["lang"] for r in head]
            lang = max(sorted(set(langs)), key=langs.count)
        job.show(render.classification_table(head, lang), job.export)  # type: ignore[arg-type]
        return
    console = render.make_console(record=job.export is not None)
    render.print_classification_table(console, head, results, lang)  # type: ignore[arg-type]
    if job.export is not None:
        render.save_export(console, job.export)
