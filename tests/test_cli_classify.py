"""classify and eval through the CLI: formats, streaming alignment, CSV pass-through and every bad input."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from .conftest import Run

CONTRACT = {"text", "lang", "department", "function", "confidence", "ambiguous", "candidates", "departments",
            "evidence", "reason", "question"}  # fmt: skip


def test_single_duty_json_has_the_documented_keys(run: Run) -> None:
    result = run("classify", "community operation", "--format", "json")
    assert result.exit_code == 0
    payload = json.loads(result.stdout)
    assert set(payload) == CONTRACT
    assert payload["department"] == "operations"
    assert 0 <= payload["confidence"] <= 1
    assert set(payload["candidates"][0]) == {"department", "function", "score"}
    assert payload["departments"] == [{"department": "operations", "score": 3.0}]
    assert set(payload["evidence"][0]) == {"text", "term", "function", "department", "weight", "source", "line"}
    assert payload["evidence"][0]["source"] == "shipped" and payload["evidence"][0]["line"] is None


def test_table_explains(run: Run) -> None:
    out = run("classify", "community operation").stdout
    assert "Why" in out and "Evidence" in out and "Candidates" in out


@pytest.mark.parametrize(("text", "word"), [("사용자 리텐션 관리", "근거"), ("提升用户留存率", "依据")])
def test_table_speaks_the_language_of_the_input(run: Run, text: str, word: str) -> None:
    assert word in run("classify", text).stdout


def test_several_texts_give_a_table_and_a_json_list(run: Run) -> None:
    table = run("classify", "press release", "社群运营")
    assert table.exit_code == 0 and "press release" in table.stdout
    payload = json.loads(run("classify", "press release", "社群运营", "--format", "json").stdout)
    assert [p["department"] for p in payload] == ["market", "operations"]


def test_jsonl_from_file_keeps_line_alignment(run: Run, tmp_path: Path) -> None:
    src = tmp_path / "duties.txt"
    src.write_text("press release\n\n社群运营\n  \n브랜드 전략\n", encoding="utf-8")
    result = run("classify", "--file", str(src), "--format", "jsonl")
    assert result.exit_code == 0
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["department"] for r in rows] == ["market", "unclassified", "operations", "unclassified", "market"]


def test_stdin_with_dash_and_implicit(run: Run) -> None:
    explicit = run("classify", "--file", "-", "--format", "jsonl", input="user retention\npress release\n")
    assert [json.loads(x)["function"] for x in explicit.stdout.splitlines()] == ["user-ops", "pr"]
    implicit = run("classify", "--format", "jsonl", input="user retention\n")
    assert json.loads(implicit.stdout)["function"] == "user-ops"


def test_csv_column_passes_other_columns_through(run: Run, tmp_path: Path) -> None:
    src = tmp_path / "staff.csv"
    src.write_text('id,duty,team\n7,press release,comms\n8,"社群运营, 拉新",growth\n', encoding="utf-8")
    as_csv = run("classify", "--file", str(src), "--column", "duty", "--format", "csv")
    assert as_csv.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert [r["id"] for r in rows] == ["7", "8"] and rows[0]["team"] == "comms"
    assert [r["department"] for r in rows] == ["market", "operations"]
    as_jsonl = run("classify", "--file", str(src), "--column", "duty", "--format", "jsonl")
    first = json.loads(as_jsonl.stdout.splitlines()[0])
    assert first["fields"] == {"id": "7", "team": "comms"}


def test_lang_option_sets_the_output_language(run: Run) -> None:
    payload = json.loads(run("classify", "user retention", "--lang", "ko", "--format", "json").stdout)
    assert payload["lang"] == "ko" and "리텐션" in payload["reason"]


@pytest.mark.parametrize("args", [["classify", ""], ["classify", "   "], ["classify", "a", "--file", "x"]])
def test_usage_errors_exit_2(run: Run, args: list[str]) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert result.stderr.startswith("orgroles: error: ")


def test_column_reads_a_piped_table_without_file(run: Run) -> None:
    piped = run("classify", "--column", "duty", "--format", "jsonl", input="id,duty\n1,user retention\n")
    assert piped.exit_code == 0 and json.loads(piped.stdout)["fields"] == {"id": "1"}
    empty = run("classify", "--column", "duty", input="")
    assert empty.exit_code == 1 and "no column 'duty'" in empty.stderr


def _fails_cleanly(run: Run, *args: str, code: int = 1) -> str:
    result = run(*args)
    assert result.exit_code == code, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("orgroles: error: ")
    assert "Traceback" not in result.output
    return lines[0]


def test_missing_file(run: Run, tmp_path: Path) -> None:
    assert "no such file" in _fails_cleanly(run, "classify", "--file", str(tmp_path / "nope.txt"))


def test_directory(run: Run, tmp_path: Path) -> None:
    assert "is a directory" in _fails_cleanly(run, "classify", "--file", str(tmp_path))


def test_invalid_utf8_names_the_line(run: Run, tmp_path: Path) -> None:
    src = tmp_path / "bad.txt"
    src.write_bytes(b"press release\nuser retention\nbad \xff\xfe byte\n")
    message = _fails_cleanly(run, "classify", "--file", str(src), "--format", "jsonl")
    assert "line 3" in message and "UTF-8" in message


def test_csv_without_the_column(run: Run, tmp_path: Path) -> None:
    src = tmp_path / "staff.csv"
    src.write_text("id,task\n1,press release\n", encoding="utf-8")
    message = _fails_cleanly(run, "classify", "--file", str(src), "--column", "duty")
    assert "no column 'duty'" in message and "id, task" in message


# -- eval ---------------------------------------------------------------------------------------------------


def _labelled(tmp_path: Path) -> Path:
    rows = [
        {"id": "x1", "lang": "en", "text": "press release distribution", "department": "market", "function": "pr"},
        {"id": "x2", "lang": "zh", "text": "社群运营,提升留存", "department": "operations", "confidence": "high"},
        {"id": "x3", "lang": "ko", "text": "백엔드 개발자", "department": "neither", "confidence": "high"},
        {"id": "x4", "lang": "en", "text": "brand positioning", "department": "operations", "confidence": "high"},
    ]
    path = tmp_path / "labelled.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    return path


def test_eval_counts_neither_as_outside_and_lists_misses(run: Run, tmp_path: Path) -> None:
    result = run("eval", str(_labelled(tmp_path)), "--format", "json")
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert report["department"] == {"total": 4, "correct": 3, "accuracy": 0.75}
    assert report["function"]["total"] == 1
    assert set(report["by_lang"]) == {"en", "ko", "zh"}
    assert report["confusion"]["neither"] == {"unclassified": 1}
    assert [m["id"] for m in report["misses"]] == ["x4"]


def test_eval_only_filter_and_table(run: Run, tmp_path: Path) -> None:
    path = _labelled(tmp_path)
    report = json.loads(run("eval", str(path), "--only", "confidence=high", "--format", "json").stdout)
    assert report["department"]["total"] == 3
    table = run("eval", str(path))
    assert table.exit_code == 0 and "Accuracy" in table.stdout and "Confusion" in table.stdout


def test_eval_reads_csv(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "labelled.csv"
    path.write_text("text,department,lang\npress release,market,en\n백엔드 개발자,neither,ko\n", encoding="utf-8")
    report = json.loads(run("eval", str(path), "--format", "json").stdout)
    assert report["department"]["accuracy"] == 1.0


def test_eval_bad_records(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"text": "x", "department": "market"}\nnot json\n', encoding="utf-8")
    assert "line 2" in _fails_cleanly(run, "eval", str(path))
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    _fails_cleanly(run, "eval", str(empty), code=2)


def test_eval_names_an_only_key_no_record_has(run: Run, tmp_path: Path) -> None:
    message = _fails_cleanly(run, "eval", str(_labelled(tmp_path)), "--only", "confidnce=high", code=2)
    assert "no record has 'confidnce' (did you mean 'confidence'?)" in message


def test_eval_of_a_plain_text_file_says_what_it_reads(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "duties.txt"
    path.write_text("brand strategy\n", encoding="utf-8")
    assert "eval reads JSONL, .csv or .tsv" in _fails_cleanly(run, "eval", str(path))


def test_eval_table_says_how_many_misses_it_shows(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "misses.jsonl"
    records = [{"text": "brand strategy", "department": "operations"}] * 3
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    assert "Misses (2 of 3)" in run("eval", str(path), "--misses", "2").stdout


def test_an_empty_input_says_so_instead_of_an_empty_table(run: Run) -> None:
    result = run("classify", "--file", "-", input="")
    assert result.exit_code == 0 and result.stdout == "" and "no duties in the input" in result.stderr


def test_export_to_a_missing_folder_fails_before_any_work(run: Run, tmp_path: Path) -> None:
    result = run("show", "brand", "--export", str(tmp_path / "nope" / "card.svg"))
    assert result.exit_code == 1 and result.stdout == "" and "cannot write into" in result.stderr
