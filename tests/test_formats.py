"""The batch pipeline's registries: every input format has a reader, every output format a writer that
writes something a user can read back, and the CLI offers exactly the formats the registry holds."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from orgroles import readers, writers
from orgroles.readers import InputFormat
from orgroles.writers import OutputFormat

from .conftest import Run
from .html_page import duty_texts, read_table

DUTIES = ["press release", "社群运营", "", "브랜드 전략"]


def test_every_input_format_has_a_reader() -> None:
    assert set(readers.READERS) == set(InputFormat)


def test_every_output_format_has_a_writer() -> None:
    assert set(writers.WRITERS) == set(OutputFormat)


def _table(out: str) -> list[str]:
    return [d for d in DUTIES if d and d in out]


# How a user reads each format back: -> the duties found in it, in order. A format without an entry here
# fails the next test, so a new writer cannot land without a reader-back of its own.
READ_BACK: dict[OutputFormat, Callable[[str], list[str]]] = {
    OutputFormat.jsonl: lambda out: [json.loads(line)["text"] for line in out.splitlines()],
    OutputFormat.json: lambda out: [r["text"] for r in json.loads(out)],
    OutputFormat.csv: lambda out: [r["text"] for r in csv.DictReader(io.StringIO(out))],
    OutputFormat.table: _table,
    OutputFormat.html: duty_texts,
}


@pytest.mark.parametrize("fmt", list(OutputFormat), ids=lambda f: f.value)
def test_every_output_format_writes_every_duty_of_a_file(run: Run, tmp_path: Path, fmt: OutputFormat) -> None:
    src = tmp_path / "duties.txt"
    src.write_text("\n".join(DUTIES) + "\n", encoding="utf-8")
    result = run("classify", "--file", str(src), "--format", fmt.value)
    assert result.exit_code == 0, result.output
    expected = DUTIES if fmt is not OutputFormat.table else [d for d in DUTIES if d]
    assert READ_BACK[fmt](result.stdout) == expected


@pytest.mark.parametrize("fmt", list(OutputFormat), ids=lambda f: f.value)
def test_every_output_format_carries_the_passthrough_columns(run: Run, tmp_path: Path, fmt: OutputFormat) -> None:
    src = tmp_path / "staff.csv"
    src.write_text("id,duty,team\n7,press release,comms\n8,社群运营,growth\n", encoding="utf-8")
    result = run("classify", "--file", str(src), "--column", "duty", "--format", fmt.value)
    assert result.exit_code == 0, result.output
    out = result.stdout
    if fmt is OutputFormat.csv:
        assert [(r["id"], r["team"]) for r in csv.DictReader(io.StringIO(out))] == [("7", "comms"), ("8", "growth")]
    elif fmt is OutputFormat.jsonl:
        assert [json.loads(line)["fields"] for line in out.splitlines()][1] == {"id": "8", "team": "growth"}
    elif fmt is OutputFormat.json:
        assert json.loads(out)[0]["fields"] == {"id": "7", "team": "comms"}
    elif fmt is OutputFormat.html:  # the input's own columns come first, named as the file names them
        table = read_table(out)
        assert table.headings[1:3] == ["id", "team"]
        assert [(r.cells["field-0"], r.cells["field-1"]) for r in table.rows] == [("7", "comms"), ("8", "growth")]
    else:  # the table shows the duties; the other columns are for the data formats
        assert "press release" in out and "社群运营" in out


def test_the_cli_offers_exactly_the_registered_formats(run: Run) -> None:
    result = run("classify", "x", "--format", "nosuch")
    assert result.exit_code == 2
    for fmt in OutputFormat:
        assert fmt.value in result.stderr
