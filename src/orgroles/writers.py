"""The output side of a batch: the engine's answers -> table, json, jsonl, csv or xlsx, on stdout or a file.

One writer per output format, in one registry keyed by `OutputFormat` (tests/test_formats.py checks that
every member has one), and one registry of summary writers (`classify --summary`) for the formats a
summary comes in. A writer gets a `Job`: the answers as a stream of (answer, cells of its input row), the
input's column names, and what it needs to draw for people. orgroles.cli picks the format and wires
reader -> engine -> writer; nothing here parses options or exits.

To add a format: add the member to OutputFormat, decorate its writer with `@writer(OutputFormat.x)` and,
if a file name can ask for it, add its suffix to SUFFIXES. The html report (issue 12, point 5)
registers here the same way, from report_html.py's pure results -> page function.

A format whose answers take time to serialise also registers an encoder (`@encoder(OutputFormat.x)`):
a pure function of one (answer, cells) that runs where the answer is made, in the worker processes of
`--jobs` (parallel.py), so the writer gets the encoded items and only writes them. Without one (and for
a summary), the writer gets the (answer, cells) pairs themselves.

Columns, CSV and xlsx: the input's columns come first, as they were and in their order (the duty's column
included), then the answer's CSV_COLUMNS. An answer column whose name the input already has is written
as `orgroles_<name>` (then `orgroles_<name>_2`, ...): no two columns ever share a name. In JSON the
input's cells sit under "fields", so nothing can collide there.
"""

from __future__ import annotations

import os
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO, cast

from orgroles.errors import InputError, UsageError

if TYPE_CHECKING:
    from orgroles.model import Lang

# One answer of a batch: the engine's dict (engine.Explainer.as_dict) and the cells of its input row.
Answer = tuple[dict[str, Any], dict[str, str] | None]


class OutputFormat(str, Enum):
    """What `classify --format` writes; every member has a writer in WRITERS."""

    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    xlsx = "xlsx"
    html = "html"


# Which format a file named by --output is written in, by its suffix (and the CSV delimiter).
SUFFIXES: dict[str, tuple[OutputFormat, str]] = {
    ".json": (OutputFormat.json, ","),
    ".jsonl": (OutputFormat.jsonl, ","),
    ".ndjson": (OutputFormat.jsonl, ","),
    ".csv": (OutputFormat.csv, ","),
    ".tsv": (OutputFormat.csv, "\t"),
    ".xlsx": (OutputFormat.xlsx, ","),
    ".html": (OutputFormat.html, ","),
    ".htm": (OutputFormat.html, ","),
}
BINARY = frozenset({OutputFormat.xlsx})  # never written to a terminal
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet may run as a formula (--csv-safe)
PREFIX = "orgroles_"  # the answer's column names, when the input already has them


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

    # a plain class, not a dataclass: orgroles.cli imports this module at start (0.15 ms a dataclass)
    __slots__ = (
        "answers", "columns", "csv_safe", "delimiter", "duty_column", "export", "export_force", "flush", "lang",
        "names", "show", "single",
    )  # fmt: skip

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
        export_force: bool = False,
        duty_column: str | None = None,
        delimiter: str = ",",
        csv_safe: bool = False,
    ) -> None:
        self.answers = answers  # each as encoder_for(format) made it: (answer, cells) without an encoder
        self.columns = columns  # the input's column names, in input order ([] for plain text or arguments)
        self.show = show  # draws a Rich renderable on the terminal (and saves --export)
        self.single = single  # one duty given on the command line: json gives an object, table the card
        self.lang = lang  # the output language asked for (None: each duty's own)
        self.names = names or {}  # id -> {lang: display name}, for the card
        self.flush = flush  # flush after every answer (reading a pipe: answers appear as lines arrive)
        self.export = export  # also save the drawn table as .svg/.html
        self.export_force = export_force  # --force: the export may replace an existing file
        self.duty_column = duty_column  # the input column that holds the duty (its cell is the answer's "text")
        self.delimiter = delimiter  # between CSV cells (a tab for .tsv)
        self.csv_safe = csv_safe  # neutralise CSV cells a spreadsheet would run as formulas


Writer = Callable[[Job, TextIO], None]
WRITERS: dict[OutputFormat, Writer] = {}
SUMMARY_WRITERS: dict[OutputFormat, Writer] = {}  # classify --summary: the formats a summary comes in


def writer(fmt: OutputFormat, registry: dict[OutputFormat, Writer] = WRITERS) -> Callable[[Writer], Writer]:
    """Register a function as the writer of one output format (of answers, or of a summary)."""

    def register(fn: Writer) -> Writer:
        registry[fmt] = fn
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


def encoder_for(fmt: OutputFormat, summary: bool = False) -> Encoder:
    """What the answers of `fmt` (or of its summary) are turned into before its writer gets them."""
    return keep_answer if summary else ENCODERS.get(fmt, keep_answer)


def write(fmt: OutputFormat, job: Job, out: TextIO | None = None, summary: bool = False) -> None:
    """Write a job's answers (or their summary) in a format, to `out` (default: stdout)."""
    (SUMMARY_WRITERS if summary else WRITERS)[fmt](job, out if out is not None else sys.stdout)


def format_of(path: Path) -> tuple[OutputFormat, str]:
    """The format (and CSV delimiter) a file name asks for by its suffix."""
    try:
        return SUFFIXES[path.suffix.lower()]
    except KeyError:
        names = ", ".join(sorted(SUFFIXES))
        raise UsageError(f"--output {path}: name a file ending in one of {names}") from None


def write_file(fmt: OutputFormat, job: Job, path: Path, force: bool, summary: bool = False) -> None:
    """Write to a file whole or not at all: into a new temporary file beside it, renamed over it at the end
    (an error halfway leaves what was there before). As for --export and init: an existing file is replaced
    only with `force`, and a symbolic link or anything but a regular file is refused, never followed."""
    import tempfile

    from orgroles.output_file import check_writable

    check_writable(path, force)
    try:
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".orgroles-partial", dir=path.parent)
    except OSError as exc:
        raise InputError(f"--output {path}: cannot write: {exc.strerror or exc}") from None
    temporary = Path(name)
    try:
        with open(fd, "w", encoding="utf-8", newline="") as out:
            write(fmt, job, out, summary)
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes it private; the answer is an ordinary file
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def answer_columns(taken: Iterable[str]) -> list[str]:
    """CSV_COLUMNS, each renamed orgroles_<name> (then orgroles_<name>_2, ...) when the input has it."""
    used = set(taken)
    out = []
    for name in CSV_COLUMNS:
        unique, n = name, 1
        while unique in used:
            n += 1
            unique = PREFIX + name + ("" if n == 2 else f"_{n - 1}")
        used.add(unique)
        out.append(unique)
    return out


def _rows(job: Job) -> Iterator[list[str]]:
    """Header and rows of a table (CSV, xlsx): the input's cells first, then the answer's."""
    yield [*job.columns, *answer_columns(job.columns)]
    columns, duty = job.columns, job.duty_column
    for result, extra in job.answers:
        cells = extra or {}
        yield [*(result["text"] if f == duty else cells.get(f, "") for f in columns), *csv_cells(result)]


# -- the writers -------------------------------------------------------------------------------------------


@encoder(OutputFormat.jsonl)
def encode_jsonl(result: dict[str, Any], extra: dict[str, str] | None) -> bytes:
    """One JSONL line; the input row's cells under "fields"."""
    import orjson  # three times faster than json.dumps on these objects: this is the batch job

    if extra is not None:
        result["fields"] = extra
    return orjson.dumps(result, option=orjson.OPT_APPEND_NEWLINE)


@writer(OutputFormat.jsonl)
def write_jsonl(job: Job, out: TextIO) -> None:
    """One JSON object a line (encode_jsonl), written as it is classified; on a terminal with the controls
    of its texts escaped (terminal.json_for_terminal)."""
    write = out.buffer.write
    flush = out.buffer.flush if job.flush else None
    answers: Iterable[bytes] = job.answers
    if out.isatty():
        from orgroles.terminal import json_for_terminal

        answers = (json_for_terminal(line.decode("utf-8")).encode("utf-8") for line in answers)
    for line in answers:
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
    """One JSON object for one duty given as an argument, else a JSON list streamed element by element; on
    a terminal with the controls of its texts escaped (terminal.json_for_terminal)."""
    answers: Iterable[str] = job.answers
    if out.isatty():
        from orgroles.terminal import json_for_terminal

        answers = map(json_for_terminal, answers)
    if job.single:
        out.write(next(iter(answers)) + "\n")
        return
    out.write("[")
    try:
        for i, body in enumerate(answers):
            out.write(("\n" if i == 0 else ",\n") + body)
    finally:
        out.write("\n]\n")


@writer(OutputFormat.csv)
def write_csv(job: Job, out: TextIO) -> None:
    """A header row (the input's columns, then the answer's), and one row per duty.

    On a terminal the cells are shown as the tables show them (terminal.visible). A cell holding a carriage
    return is always quoted: Python's csv module (3.10-3.12) quotes only the
    line terminator's own characters, and a bare CR in an unquoted cell splits the row for every reader."""
    import csv

    minimal = csv.writer(out, lineterminator="\n", delimiter=job.delimiter)
    quoted = csv.writer(out, lineterminator="\n", delimiter=job.delimiter, quoting=csv.QUOTE_ALL)
    safe = job.csv_safe
    on_terminal = out.isatty()  # read by a person, not a program: no raw escape sequence from a file
    if on_terminal:
        from orgroles.terminal import visible
    for cells in _rows(job):
        if safe:
            cells = [f"'{c}" if c.startswith(FORMULA_START) else c for c in cells]
        if on_terminal:
            cells = [visible(c) for c in cells]
        (quoted if any("\r" in c for c in cells) else minimal).writerow(cells)


@writer(OutputFormat.xlsx)
def write_xlsx(job: Job, out: TextIO) -> None:
    """An Excel workbook of one sheet, the same columns as CSV; every cell is text (a cell starting with '='
    is never a formula), confidence a number. Characters XML cannot hold (C0 controls) become U+FFFD."""
    from openpyxl import Workbook  # about 100 ms: only for a workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    book = Workbook(write_only=True)
    sheet = book.create_sheet("orgroles")
    confidence = len(job.columns) + CSV_COLUMNS.index("confidence")
    for number, cells in enumerate(_rows(job), 1):
        row = []
        for i, text in enumerate(cells):
            if len(text) > XLSX_CELL:
                raise InputError(
                    f"row {number}: a cell of {len(text):,} characters; Excel holds {XLSX_CELL:,} (write CSV or JSON)"
                )
            cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("\ufffd", text))
            if number > 1 and i == confidence:
                cell.value = float(text)
            else:
                cell.data_type = "s"  # text, whatever it starts with
            row.append(cell)
        sheet.append(row)
    book.save(out.buffer)


XLSX_CELL = 32767  # characters in one cell of an Excel sheet


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
    lang = _answers_lang(job.lang, _langs_of(head))  # a streamed table: the language of the first rows
    if len(head) <= render.STREAM_ROWS:  # all in hand: Rich sizes the columns from every row
        job.show(render.classification_table(head, lang), job.export)
        return
    console = render.make_console(record=job.export is not None)
    render.print_classification_table(console, head, results, lang)
    if job.export is not None:
        render.save_export(console, job.export, job.export_force)


# -- classify --summary --------------------------------------------------------------------------------------


@writer(OutputFormat.json, SUMMARY_WRITERS)
def write_summary_json(job: Job, out: TextIO) -> None:
    """{total, departments, functions, ambiguous, unclassified}: counts and shares, for scripts."""
    import json

    from orgroles.summary import summarise

    text = json.dumps(summarise(r for r, _ in job.answers), ensure_ascii=False, indent=2)
    if out.isatty():
        from orgroles.terminal import json_for_terminal

        text = json_for_terminal(text)
    out.write(text + "\n")


@writer(OutputFormat.table, SUMMARY_WRITERS)
def write_summary_table(job: Job, out: TextIO) -> None:
    """Counts, shares and bars by department and by function, for people."""
    from orgroles.render import summary_table
    from orgroles.summary import summarise

    langs: Counter[str] = Counter()  # counted as the answers stream by: a million of them are never held

    def answers() -> Iterator[dict[str, Any]]:
        for r, _ in job.answers:
            langs[str(r["lang"])] += 1
            yield r

    summary = summarise(answers())
    job.show(summary_table(summary, job.names, _answers_lang(job.lang, langs.elements())), job.export)


def _answers_lang(asked: str | None, langs: Iterable[str]) -> Lang:
    """The language asked for, else the one most of the answers are in (langs.most_voted), else English."""
    from orgroles.langs import most_voted

    return cast("Lang", asked or most_voted(langs) or "en")


def _langs_of(answers: Iterable[dict[str, Any]]) -> Iterator[str]:
    return (str(r["lang"]) for r in answers)


@writer(OutputFormat.html)
def write_html(job: Job, out: TextIO) -> None:
    """One self-contained page to open or send (report_html.py): a summary chart and a sortable, filterable
    table of every duty, the passthrough columns first."""
    from orgroles.report_html import classification_page

    items = list(job.answers)  # the summary counts every duty before the table lists them
    columns = [c for c in job.columns if c != job.duty_column]  # the duty is the page's own Duty column
    answers = [r for r, _ in items]
    out.write(classification_page(answers, job.names, _answers_lang(job.lang, _langs_of(answers)), columns,
                                  [extra or {} for _, extra in items]))  # fmt: skip
