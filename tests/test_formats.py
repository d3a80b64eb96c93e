"""The batch pipeline's registries: every input format has a reader, every output format a writer that
writes something a user can read back, and the CLI offers exactly the formats the registry holds."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from orgroles import readers, writers
from orgroles.readers import InputFormat
from orgroles.writers import OutputFormat

from .conftest import Run
from .html_page import read_table

DUTIES = ["press release", "社群运营", "", "브랜드 전략"]


def test_every_input_format_has_a_reader() -> None:
    assert set(readers.READERS) == set(InputFormat)


def test_every_output_format_has_a_writer() -> None:
    assert set(writers.WRITERS) == set(OutputFormat)


def _table(out: bytes) -> list[str]:
    return [d for d in DUTIES if d and d in out.decode()]


def sheet_rows(out: bytes) -> list[dict[str, str]]:
    """An .xlsx file's first sheet as records, the way a user's script reads it with openpyxl."""
    from openpyxl import load_workbook

    rows = list(load_workbook(io.BytesIO(out), read_only=True).worksheets[0].iter_rows(values_only=True))
    header = [str(h) for h in rows[0]]
    return [{h: "" if v is None else str(v) for h, v in zip(header, row, strict=True)} for row in rows[1:]]


def html_records(page: str) -> list[dict[str, Any]]:
    """The report's table as records: the input's other columns by their headings, the duty as `text`,
    the department from the row (what the page filters on)."""
    table = read_table(page)
    out = []
    for row in table.rows:
        fields = sorted((k for k in row.cells if k.startswith("field-")), key=lambda k: int(k.split("-")[1]))
        record: dict[str, Any] = {table.headings[1 + i]: row.cells[k] for i, k in enumerate(fields)}
        out.append({**record, "text": row.cells["text"], "department": row.attrs["data-department"]})
    return out


# How a user reads each format back: -> the records in it. A format without an entry here fails the tests
# below, so a new writer cannot land without a reader-back of its own.
RECORDS: dict[OutputFormat, Callable[[bytes], list[dict[str, Any]]]] = {
    OutputFormat.jsonl: lambda out: [json.loads(line) for line in out.splitlines()],
    OutputFormat.json: lambda out: list(json.loads(out)),
    OutputFormat.csv: lambda out: list(csv.DictReader(io.StringIO(out.decode()))),
    OutputFormat.xlsx: sheet_rows,
    OutputFormat.html: lambda out: html_records(out.decode()),
}


@pytest.mark.parametrize("fmt", list(OutputFormat), ids=lambda f: f.value)
def test_every_output_format_writes_every_duty_of_a_file(run: Run, tmp_path: Path, fmt: OutputFormat) -> None:
    src = tmp_path / "duties.txt"
    src.write_text("\n".join(DUTIES) + "\n", encoding="utf-8")
    result = run("classify", "--file", str(src), "--format", fmt.value)
    assert result.exit_code == 0, result.output
    if fmt is OutputFormat.table:
        assert _table(result.stdout_bytes) == [d for d in DUTIES if d]
    else:
        assert [r["text"] for r in RECORDS[fmt](result.stdout_bytes)] == DUTIES


@pytest.mark.parametrize("fmt", list(OutputFormat), ids=lambda f: f.value)
def test_every_output_format_carries_the_passthrough_columns(run: Run, tmp_path: Path, fmt: OutputFormat) -> None:
    src = tmp_path / "staff.csv"
    src.write_text("id,duty,team\n7,press release,comms\n8,社群运营,growth\n", encoding="utf-8")
    result = run("classify", "--file", str(src), "--column", "duty", "--format", fmt.value)
    assert result.exit_code == 0, result.output
    if fmt is OutputFormat.table:  # the table shows the duties; the other columns are for the data formats
        assert _table(result.stdout_bytes) == ["press release", "社群运营"]
        return
    records = RECORDS[fmt](result.stdout_bytes)
    if fmt in (OutputFormat.json, OutputFormat.jsonl):
        assert [r["fields"] for r in records] == [{"id": "7", "team": "comms"}, {"id": "8", "team": "growth"}]
    elif fmt is OutputFormat.html:  # the input's other columns first, named as the file names them; the duty
        assert [list(r) for r in records] == [["id", "team", "text", "department"]] * 2
        assert [(r["id"], r["text"], r["team"]) for r in records] == [
            ("7", "press release", "comms"),
            ("8", "社群运营", "growth"),
        ]
    else:  # the input's columns first, as they were, then the answer's
        assert list(records[0])[:3] == ["id", "duty", "team"]
        assert [(r["id"], r["duty"], r["team"]) for r in records] == [
            ("7", "press release", "comms"),
            ("8", "社群运营", "growth"),
        ]
    assert [r["department"] for r in records] == ["market", "operations"]


def test_every_summary_format_has_a_writer_and_the_others_are_refused(run: Run) -> None:
    assert set(writers.SUMMARY_WRITERS) == {OutputFormat.table, OutputFormat.json}
    for fmt in set(OutputFormat) - set(writers.SUMMARY_WRITERS):
        result = run("classify", "seo", "--summary", "--format", fmt.value)
        assert result.exit_code == 2 and "--summary writes" in result.stderr


def test_every_output_suffix_names_a_registered_format() -> None:
    assert {fmt for fmt, _ in writers.SUFFIXES.values()} == set(OutputFormat) - {OutputFormat.table}


def test_the_cli_offers_exactly_the_registered_formats(run: Run) -> None:
    result = run("classify", "x", "--format", "nosuch")
    assert result.exit_code == 2
    for fmt in OutputFormat:
        assert fmt.value in result.stderr
