"""orgroles classify: one duty or a batch, read, answered (on several cores when it pays) and written."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from orgroles.cli.common import (
    DataOpt,
    EncodingOpt,
    ExportOpt,
    LangOpt,
    app,
    check_export,
    emit,
    is_report,
    reported,
    save_file,
    say_warning,
    speaks_utf8,
)
from orgroles.errors import UsageError
from orgroles.writers import OutputFormat


@app.command()
def classify(
    texts: Annotated[
        list[str] | None,
        typer.Argument(help="One or more duties or job titles, in any language ('-' alone: read stdin)."),
    ] = None,
    file: Annotated[
        str | None,
        typer.Option(
            "--file",
            metavar="PATH",
            help="A file with one duty per line, a CSV/TSV or .xlsx file with --column, or '-' for stdin.",
            show_default=False,
        ),
    ] = None,
    column: Annotated[
        str | None,
        typer.Option("--column", metavar="NAME", help="Read the input as a table and take the duty from this column."),
    ] = None,
    fmt: Annotated[
        OutputFormat,
        typer.Option(
            "--format",
            "-f",
            help="table explains; json, jsonl (streaming), csv and xlsx for scripts and sheets; html: a report page "
            "to open or send.",
        ),
    ] = OutputFormat.table,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            dir_okay=False,
            help="Write the answers to FILE, in the format its name ends in: .csv .tsv .json .jsonl .xlsx .html.",
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Let --output or --export replace an existing file.")] = False,
    summary: Annotated[
        bool,
        typer.Option("--summary", help="Counts and shares by department and function instead of each answer."),
    ] = False,
    min_confidence: Annotated[
        float | None,
        typer.Option("--min-confidence", min=0.0, max=1.0, metavar="X", help="Keep only answers this sure or more."),
    ] = None,
    encoding: EncodingOpt = None,
    delimiter: Annotated[
        str | None,
        typer.Option(
            "--delimiter",
            metavar="CHAR",
            help="Between CSV cells (default: tab for .tsv, else the one that "
            "makes --column a header: comma, tab, semicolon or |); 'tab' for a tab.",
        ),
    ] = None,
    sheet: Annotated[
        str | None, typer.Option("--sheet", metavar="NAME", help="The sheet of an .xlsx file (default: the first).")
    ] = None,
    csv_safe: Annotated[
        bool,
        typer.Option(
            "--csv-safe",
            help="Prefix CSV cells that start with = + - @ with ' so a spreadsheet shows them instead of running them.",
        ),
    ] = False,
    top: Annotated[int, typer.Option("--top", min=1, max=20, help="How many candidates to list.")] = 3,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            min=0,
            metavar="N",
            help="Worker processes for --file: 0 for every core. Default: every core for a file of 1 MB or "
            "more (some 20,000 duties), else one; from a pipe, every core once 20,000 lines have come.",
            show_default=False,
        ),
    ] = None,
    lang: LangOpt = None,
    data: DataOpt = None,
    export: ExportOpt = None,
) -> None:
    """Which department and function a duty belongs to, how sure, and why.

    Prints the department (market, operations, sales or unclassified), the function, a confidence,
    the runner-up candidates, the words that decided it, the principle behind it, and the deciding
    question when the duty sits on an overlap. Blank input lines give 'unclassified', so output lines
    match input lines. With --column the input's columns come back first, then the answer's (an answer
    column whose name the input has is called orgroles_NAME).

    Examples:

    \b
      orgroles classify "community operation"
      orgroles classify "커뮤니티를 운영하고 리텐션을 관리" --format json
      orgroles classify --file duties.txt --format jsonl
      orgroles classify --file staff.xlsx --column duty --output staff-roles.xlsx
      cat staff.csv | orgroles classify --column duty --summary
      orgroles classify --file staff.csv --column duty --format html > report.html
    """
    from orgroles import engine, readers, writers

    with reported():
        out_delimiter = ","  # a tab only for an --output file named .tsv
        if output is not None:
            fmt, out_delimiter = _output_format(output, fmt)
        _check_classify_output(fmt, summary, export, output, force)
        if texts == [readers.STDIN] and file is None:
            texts, file = [], readers.STDIN
        if texts and file is not None:
            raise UsageError("give duties as arguments or with --file, not both")
        if not texts and file is None:
            if sys.stdin is None or sys.stdin.closed or sys.stdin.isatty():
                if column is not None:
                    raise UsageError("--column reads a table: add --file PATH, or pipe it in")
                raise UsageError('nothing to classify: give a duty, e.g. orgroles classify "brand strategy"')
            file = readers.STDIN
        if texts and (column or encoding or delimiter or sheet):
            raise UsageError("--column, --encoding, --delimiter and --sheet read a file: add --file PATH")
        if encoding is not None:
            from orgroles.charsets import check_encoding

            encoding = check_encoding(encoding)
        in_delimiter = _delimiter(delimiter)
        # bytes that are not UTF-8 on the command line arrive as surrogates: show them as U+FFFD
        texts = [t.encode("utf-8", "surrogateescape").decode("utf-8", "replace") for t in texts or []]
        for t in texts:
            if not t.strip():
                raise UsageError("an empty duty was given: give a word or a sentence to classify")
        ex = engine.explainer(data)
        out_lang: Any = lang.value if lang else None
        _prepare_stdout(fmt, output)
        with _progress(file, out_lang) as progress:
            if texts:
                batch = readers.from_arguments(texts)
            else:
                source = readers.Source(
                    file or readers.STDIN, column, progress, encoding=encoding, delimiter=in_delimiter, sheet=sheet
                )
                batch = readers.read_batch(source)
            from orgroles import parallel

            # the rows are read here (the bar counts them; a bad line is named as in one process), answered
            # and encoded for the format by the workers, and written here in input order
            workers = 1 if texts else parallel.jobs_for(jobs, readers.input_size(file or readers.STDIN))
            encode = writers.encoder_for(fmt, summary)
            filtered = min_confidence is not None  # then the answers are kept whole, filtered and encoded here
            settings = parallel.Settings(
                writers.keep_answer if filtered else encode, data, top, out_lang, _latin_lang(out_lang)
            )
            as_page = is_report(export)  # --export x.html: the page --format html writes, beside the table
            with parallel.answers(batch.rows, settings, workers) as answers:
                if min_confidence is not None:
                    answers = (encode(r, x) for r, x in answers if r["confidence"] >= min_confidence)
                if as_page:
                    answers = list(answers)  # type: ignore[assignment]
                job = writers.Job(
                    answers,
                    batch.columns,
                    show=lambda drawing, target: emit(drawing, target, force),
                    single=len(texts) == 1,
                    lang=out_lang,
                    names=ex.names,
                    flush=file == readers.STDIN,
                    export=None if as_page else export,
                    export_force=force,
                    duty_column=batch.duty_column,
                    delimiter=out_delimiter,
                    csv_safe=csv_safe,
                )
                if output is not None:
                    writers.write_file(fmt, job, output, force, summary)
                else:
                    writers.write(fmt, job, summary=summary)
                if as_page and export is not None:
                    job.answers = answers
                    save_file(export, lambda out: writers.write(OutputFormat.html, job, out), force)
            for note in batch.notes:
                say_warning(note)


def _latin_lang(lang: str | None) -> str | None:
    """Without --lang, the language a duty in Latin script is answered in: the locale's, when it is Korean
    or Chinese (a Latin duty decides nothing: Korean and Chinese teams write 'SEO' and 'KOL' too)."""
    if lang is not None:
        return None
    from orgroles.langs import locale_lang

    fallback = locale_lang()
    return fallback if fallback != "en" else None


def _output_format(output: Path, fmt: OutputFormat) -> tuple[OutputFormat, str]:
    """The format --output's file name asks for; a --format that says otherwise is a usage error."""
    from orgroles.writers import format_of

    wanted, delimiter = format_of(output)
    if fmt not in (OutputFormat.table, wanted):
        raise UsageError(f"--output {output} writes {wanted.value}, but --format says {fmt.value}: drop one")
    return wanted, delimiter


def _check_classify_output(
    fmt: OutputFormat, summary: bool, export: Path | None, output: Path | None, force: bool = False
) -> None:
    from orgroles.writers import BINARY, SUMMARY_WRITERS

    check_export(export, fmt is OutputFormat.table and output is None, force)
    if summary and fmt not in SUMMARY_WRITERS:
        shown = " or ".join(f.value for f in SUMMARY_WRITERS)
        raise UsageError(f"--summary writes {shown}, not {fmt.value}")
    if fmt in BINARY and output is None and sys.stdout is not None and sys.stdout.isatty():
        raise UsageError(f"--format {fmt.value} is a binary file: add --output FILE.{fmt.value}, or redirect stdout")


def _delimiter(given: str | None) -> str | None:
    if given is None:
        return None
    if given.lower() in ("tab", "\\t"):
        return "\t"
    if len(given) != 1 or given in '"\r\n':
        raise UsageError(f"--delimiter {given!r}: one character (or 'tab'), not a quote or a line break")
    return given


def _prepare_stdout(fmt: OutputFormat, output: Path | None) -> None:
    """Data formats are UTF-8 whatever the locale (JSON's and CSV's own rule): a stdout of another encoding
    would fail at the first Chinese or Korean character with half a file written."""
    stream = sys.stdout
    if output is None and fmt is not OutputFormat.table and not speaks_utf8(stream):
        stream.reconfigure(encoding="utf-8", errors="strict")  # type: ignore[union-attr]


@contextmanager
def _progress(file: str | None, lang: Any) -> Iterator[Any]:
    """A progress bar on stderr while a file is classified, when stderr is a terminal and the output is not."""
    stderr, stdout = sys.stderr, sys.stdout
    if file is None or stderr is None or not stderr.isatty() or (stdout is not None and stdout.isatty()):
        yield None
        return
    from orgroles.readers import input_size
    from orgroles.render import progress_bar

    with progress_bar(input_size(file), lang or "en") as update:
        yield update
