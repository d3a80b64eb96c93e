"""The files people really have, through the installed command: CSV that keeps every column, spreadsheets,
Chinese and Korean legacy encodings, stdin, summaries; and what a hostile file does to the batch readers
(bare CRs, unclosed quotes, duplicate headers, endless lines, formula cells, a stdout that is not UTF-8)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from .test_adversarial import fails, run, succeeds


def records(out: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(out)))


def write_sheet(path: Path, rows: list[list[object]], title: str = "Staff", extra: str | None = None) -> Path:
    """A workbook written by openpyxl, the way a user's Excel file arrives."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    for row in rows:
        sheet.append(row)
    if extra is not None:
        book.create_sheet(extra).append(["duty"])
    book.save(path)
    return path


def read_sheet(path: Path) -> list[list[object]]:
    from openpyxl import load_workbook

    return [list(r) for r in load_workbook(path, read_only=True).worksheets[0].iter_rows(values_only=True)]


# -- issue 12.1: CSV passthrough that loses nothing ---------------------------------------------------------


def test_a_csv_with_answer_column_names_comes_back_whole_and_unambiguous(tmp_path: Path) -> None:
    src = tmp_path / "hr.csv"
    src.write_text(
        "name,department,duty,confidence,text\nKim,Growth,user retention,high,memo\nLi,PR,press release,,\n",
        encoding="utf-8",
    )
    out = succeeds(run("classify", "--file", str(src), "--column", "duty", "--format", "csv"))
    header = next(csv.reader(io.StringIO(out)))
    assert len(header) == len(set(header))  # every name once: DictReader and pandas lose nothing
    assert header[:5] == ["name", "department", "duty", "confidence", "text"]  # the input's, as they were
    assert header[5:8] == ["orgroles_text", "orgroles_department", "function"]
    rows = records(out)
    assert [(r["name"], r["department"], r["confidence"], r["text"]) for r in rows] == [
        ("Kim", "Growth", "high", "memo"),
        ("Li", "PR", "", ""),
    ]
    assert [r["orgroles_department"] for r in rows] == ["operations", "market"]
    assert [r["orgroles_text"] for r in rows] == ["user retention", "press release"]


def test_duplicate_headers_keep_every_cell_under_a_name_of_its_own(tmp_path: Path) -> None:
    src = tmp_path / "dup.csv"
    src.write_text("duty,x,x\nbrand strategy,first,second\n", encoding="utf-8")
    [row] = records(succeeds(run("classify", "--file", str(src), "--column", "duty", "--format", "csv")))
    assert (row["x"], row["x.1"]) == ("first", "second")
    line = json.loads(succeeds(run("classify", "--file", str(src), "--column", "duty", "--format", "jsonl")))
    assert line["fields"] == {"x": "first", "x.1": "second"}


def test_an_ambiguous_column_is_refused(tmp_path: Path) -> None:
    src = tmp_path / "dup.csv"
    src.write_text("duty,x,duty\nbrand,1,seo\n", encoding="utf-8")
    fails(run("classify", "--file", str(src), "--column", "duty"), 1, "2 columns are named 'duty'", "1, 3")


def test_extra_cells_in_a_row_are_an_error_naming_the_line(tmp_path: Path) -> None:
    src = tmp_path / "extra.csv"
    src.write_text("id,duty\n1,seo\n2,brand,stray\n", encoding="utf-8")
    fails(run("classify", "--file", str(src), "--column", "duty", "--format", "csv"), 1, "line 3", "3 cells")


def test_a_short_row_gets_blank_cells_and_blank_lines_are_skipped(tmp_path: Path) -> None:
    src = tmp_path / "short.csv"
    src.write_text("id,duty,team\n1,seo\n\n2,brand,comms\n", encoding="utf-8")
    rows = records(succeeds(run("classify", "--file", str(src), "--column", "duty", "--format", "csv")))
    assert [(r["id"], r["duty"], r["team"]) for r in rows] == [("1", "seo", ""), ("2", "brand", "comms")]


def test_a_cell_past_the_csv_modules_limit_is_read_and_errors_name_their_own_line(tmp_path: Path) -> None:
    long = "brand strategy " * 20_000  # 300,000 characters: csv's default limit is 131,072
    src = tmp_path / "long.csv"
    src.write_text(f"id,duty\n1,{long}\n2,seo\n", encoding="utf-8")
    rows = [
        json.loads(x)
        for x in succeeds(run("classify", "--file", str(src), "--column", "duty", "-f", "jsonl")).splitlines()
    ]
    assert [r["text"] for r in rows] == [long, "seo"]


# -- issue 11.1: a bare CR never splits a row ---------------------------------------------------------------


def test_a_carriage_return_in_a_duty_stays_inside_its_csv_cell() -> None:
    out = succeeds(run("classify", "brand\rstrategy", "seo", "--format", "csv"))
    rows = list(csv.reader(io.StringIO(out, newline="")))
    assert len(rows) == 3 and rows[1][0] == "brand\rstrategy" and rows[2][0] == "seo"


def test_lone_cr_cells_survive_a_round_trip(tmp_path: Path) -> None:
    src = tmp_path / "cr.csv"
    with src.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL).writerows(
            [["id", "duty", "note"], *[[str(i), f"brand\rstrategy {i}", "a\rb"] for i in range(200)]]
        )
    first = succeeds(run("classify", "--file", str(src), "--column", "duty", "--format", "csv"))
    again = tmp_path / "again.csv"
    again.write_text(first, encoding="utf-8", newline="")
    rows = records(succeeds(run("classify", "--file", str(again), "--column", "duty", "--format", "csv")))
    assert len(rows) == 200
    assert rows[7]["duty"] == "brand\rstrategy 7" and rows[7]["note"] == "a\rb"


def test_a_cr_only_text_file_is_read_line_by_line(tmp_path: Path) -> None:
    src = tmp_path / "mac.txt"
    src.write_bytes(b"brand strategy\rseo\r\ruser retention\r")
    rows = [json.loads(x) for x in succeeds(run("classify", "--file", str(src), "--format", "jsonl")).splitlines()]
    assert [r["text"] for r in rows] == ["brand strategy", "seo", "", "user retention"]


# -- issue 11.2: an unclosed quote ---------------------------------------------------------------------------


def test_an_unclosed_quote_is_an_error_naming_the_line_it_opened_on(tmp_path: Path) -> None:
    src = tmp_path / "u.csv"
    src.write_text('id,duty\n1,seo\n2,"never closed\n3,seo\n4,brand\n', encoding="utf-8")
    done = run("classify", "--file", str(src), "--column", "duty", "--format", "jsonl")
    fails(done, 1, "u.csv: line 3", "never closed")
    eval_src = tmp_path / "u-labelled.csv"
    eval_src.write_text('text,department\nseo,market\n"brand,market\n', encoding="utf-8")
    fails(run("eval", str(eval_src)), 1, "line 3", "never closed")


def test_a_quoted_cell_over_several_lines_is_one_cell(tmp_path: Path) -> None:
    src = tmp_path / "multi.csv"
    src.write_text('id,duty\n1,"brand\nstrategy"\n2,seo\n', encoding="utf-8")
    rows = records(succeeds(run("classify", "--file", str(src), "--column", "duty", "--format", "csv")))
    assert [r["duty"] for r in rows] == ["brand\nstrategy", "seo"]


def test_eval_names_the_line_of_the_file_after_a_cell_over_several_lines(tmp_path: Path) -> None:
    """A quoted cell over three lines, then a blank line: the bad row's error names the line it is on in the
    file (what an editor shows), as classify --column does, not the count of records before it."""
    src = tmp_path / "labelled.csv"
    src.write_text('text,department\n"brand\nstrategy\nand vision",market\n\nseo,marketing\n', encoding="utf-8")
    fails(run("eval", str(src)), 1, "labelled.csv: line 6: department 'marketing'", "did you mean 'market'")
    src.write_text('text,department\n"brand\nstrategy",market\nseo,operations\n', encoding="utf-8")
    report = json.loads(succeeds(run("eval", str(src), "--format", "json")))
    assert [(m["line"], m["text"]) for m in report["misses"]] == [(4, "seo")]  # a miss is found by its line too


# -- issue 12.2: encodings ----------------------------------------------------------------------------------

STAFF = {"ko": ("업무", ["커뮤니티 운영", "브랜드 전략"]), "zh": ("职责", ["社群运营", "品牌定位"])}


@pytest.mark.parametrize(("lang", "encoding"), [("ko", "cp949"), ("ko", "euc-kr"), ("zh", "gbk"), ("zh", "gb18030")])
def test_excel_csv_in_a_legacy_encoding_is_detected(tmp_path: Path, lang: str, encoding: str) -> None:
    column, duties = STAFF[lang]
    src = tmp_path / f"staff-{encoding}.csv"
    src.write_bytes(f"id,{column}\n1,{duties[0]}\n2,{duties[1]}\n".encode(encoding))
    rows = records(succeeds(run("classify", "--file", str(src), "--column", column, "--format", "csv")))
    assert [r[column] for r in rows] == duties
    assert [r["department"] for r in rows] == ["operations", "market"]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8-sig", "utf-32"])
def test_unicode_with_a_byte_order_mark_is_read(tmp_path: Path, encoding: str) -> None:
    src = tmp_path / "duties.txt"
    src.write_bytes("品牌定位\r\n사용자 리텐션\r\n".encode(encoding))
    rows = [json.loads(x) for x in succeeds(run("classify", "--file", str(src), "--format", "jsonl")).splitlines()]
    assert [r["text"] for r in rows] == ["品牌定位", "사용자 리텐션"]


def test_bytes_that_say_no_encoding_clearly_are_refused_naming_the_option(tmp_path: Path) -> None:
    src = tmp_path / "latin.txt"
    src.write_bytes("brand strat\u00e9gie\nseo\n".encode("latin-1"))
    fails(run("classify", "--file", str(src)), 1, "line 1", "--encoding")
    rows = succeeds(run("classify", "--file", str(src), "--encoding", "latin-1", "--format", "jsonl")).splitlines()
    assert json.loads(rows[0])["text"] == "brand strat\u00e9gie"


def test_a_non_utf8_line_after_a_utf8_start_names_its_line_and_the_option(tmp_path: Path) -> None:
    src = tmp_path / "late.txt"
    src.write_bytes(b"seo\n" * 40_000 + "社群运营\n".encode("gbk"))
    fails(run("classify", "--file", str(src), "--format", "jsonl"), 1, "line 40001", "not valid UTF-8", "--encoding")


def test_an_explicit_encoding_reads_korean_and_an_unknown_one_is_a_usage_error(tmp_path: Path) -> None:
    src = tmp_path / "k.txt"
    src.write_bytes("브랜드 전략\n".encode("cp949"))
    assert (
        json.loads(succeeds(run("classify", "--file", str(src), "--encoding", "cp949", "-f", "json")))[0]["department"]
        == "market"
    )
    fails(run("classify", "--file", str(src), "--encoding", "klingon"), 2, "--encoding klingon", "unknown encoding")


def test_eval_reads_a_gbk_file(tmp_path: Path) -> None:
    src = tmp_path / "labelled.csv"
    src.write_bytes("text,department\n社群运营,operations\n品牌定位,market\n".encode("gbk"))
    report = json.loads(succeeds(run("eval", str(src), "--format", "json")))
    assert report["department"]["total"] == 2


def test_learn_takes_encoding_as_eval_does(tmp_path: Path) -> None:
    """learn's error for a file that is not UTF-8 asks for --encoding: learn takes it, as eval does."""
    src = tmp_path / "labelled.csv"
    src.write_bytes("text,department\nrelations presse et notoriété,market\nseo,market\n".encode("latin-1"))
    out = tmp_path / "terms.yaml"
    fails(run("learn", str(src), "--out", str(out)), 1, "line 2", "--encoding")
    learnt = json.loads(succeeds(run("learn", str(src), "--out", str(out), "--encoding", "latin-1", "-f", "json")))
    assert learnt["out"] == str(out) and out.is_file()
    fails(run("learn", str(src), "--out", str(out), "--force", "--encoding", "klingon"), 2, "unknown encoding")


# -- issue 12.3: spreadsheets, delimiters, --output ---------------------------------------------------------


def test_a_workbook_round_trip_keeps_columns_and_blank_duties(tmp_path: Path) -> None:
    src = write_sheet(
        tmp_path / "staff.xlsx",
        [["id", "duty", "team"], [7, "press release", "comms"], [8, None, "ops"], [9, "社群运营", None]],
    )
    out = tmp_path / "roles.xlsx"
    assert succeeds(run("classify", "--file", str(src), "--column", "duty", "--output", str(out))) == ""
    rows = read_sheet(out)
    assert rows[0][:4] == ["id", "duty", "team", "text"] and "department" in rows[0]
    at = rows[0].index("department")
    assert [r[0] for r in rows[1:]] == ["7", "8", "9"]
    assert [r[at] for r in rows[1:]] == ["market", "unclassified", "operations"]
    assert isinstance(rows[1][rows[0].index("confidence")], float)


def test_a_sheet_is_chosen_by_name_and_an_unknown_one_is_named(tmp_path: Path) -> None:
    src = write_sheet(tmp_path / "book.xlsx", [["duty"], ["seo"]], title="Staff", extra="Archive")
    out = succeeds(run("classify", "--file", str(src), "--column", "duty", "--sheet", "Archive", "-f", "jsonl"))
    assert out == ""  # that sheet has a header and no duties
    fails(run("classify", "--file", str(src), "--column", "duty", "--sheet", "Staf"), 2, "no sheet 'Staf'", "Staff")


def test_options_that_do_not_fit_the_input_are_usage_errors(tmp_path: Path) -> None:
    book = write_sheet(tmp_path / "staff.xlsx", [["duty"], ["seo"]])
    text = tmp_path / "duties.txt"
    text.write_text("seo\n", encoding="utf-8")
    fails(run("classify", "--file", str(book)), 2, "--column")
    fails(run("classify", "--file", str(book), "--column", "duty", "--encoding", "gbk"), 2, "workbook")
    fails(run("classify", "--file", str(text), "--sheet", "Staff"), 2, "not an .xlsx")
    fails(run("classify", "--file", str(text), "--delimiter", ";"), 2, "--column")
    fails(run("classify", "seo", "--column", "duty"), 2, "--file")


def test_a_broken_workbook_is_refused_in_one_line(tmp_path: Path) -> None:
    src = tmp_path / "broken.xlsx"
    src.write_bytes(b"PK\x03\x04 not really a zip")
    fails(run("classify", "--file", str(src), "--column", "duty"), 1, "not a readable .xlsx")


def test_a_workbook_on_stdin_is_known_by_its_signature(tmp_path: Path) -> None:
    src = write_sheet(tmp_path / "staff.xlsx", [["duty"], ["user retention"]])
    out = succeeds(run("classify", "--column", "duty", "--format", "jsonl", input=src.read_bytes()))
    assert json.loads(out)["function"] == "user-ops"


def _saved_by_excel(path: Path, cell: str, value: str) -> None:
    """Give a formula cell the value Excel would have saved with it (openpyxl never writes one)."""
    import re
    import zipfile

    with zipfile.ZipFile(path) as book:
        parts = {name: book.read(name) for name in book.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode("utf-8")
    sheet, n = re.subn(f'<c r="{cell}">(<f>.*?</f>)<v ?/>', f'<c r="{cell}" t="str">\\1<v>{value}</v>', sheet)
    assert n == 1, sheet
    parts["xl/worksheets/sheet1.xml"] = sheet.encode("utf-8")
    with zipfile.ZipFile(path, "w") as book:
        for name, data in parts.items():
            book.writestr(name, data)


def test_formulas_without_a_saved_value_are_named_in_one_warning(tmp_path: Path) -> None:
    """A workbook written by a script holds formulas no program has calculated: their cells read as blank,
    so the run goes on, and one line at the end says how many, where the first is and what to do."""
    src = write_sheet(
        tmp_path / "jobs.xlsx",
        [
            ["id", "duty"],
            [1, "user retention"],
            [2, '=CONCAT("community ", "operation")'],
            [3, "press release"],
            [4, "=B2"],
            [None, "=B3"],  # a row of nothing but a formula: skipped as blank, still counted
        ],
        title="Jobs",
    )
    for where in (str(src), "-"):
        done = run("classify", "--file", where, "--column", "duty", "--format", "csv", input=src.read_bytes())
        assert done.returncode == 0 and "Traceback" not in done.stderr
        assert [(r["id"], r["department"]) for r in records(done.stdout)] == [
            ("1", "operations"), ("2", "unclassified"), ("3", "market"), ("4", "unclassified")
        ]  # fmt: skip
        assert done.stderr.splitlines() == [
            f"orgroles: warning: {'stdin' if where == '-' else src}: 3 cells of sheet 'Jobs' hold formulas with no "
            'saved value (first: B3, =CONCAT("community ", "operation")); read as blank: open and save the file '
            "in Excel or LibreOffice to store the values"
        ]
    _saved_by_excel(src, "B3", "community operation")  # a formula Excel calculated and saved: its value is read
    _saved_by_excel(src, "B5", "user retention")
    _saved_by_excel(src, "B6", "brand strategy")
    out = succeeds(run("classify", "--file", str(src), "--column", "duty", "--format", "csv"))
    assert [r["duty"] for r in records(out)] == [
        "user retention", "community operation", "press release", "user retention", "brand strategy"
    ]  # fmt: skip


def test_formula_like_text_is_never_a_formula_in_a_workbook(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "out.xlsx"
    succeeds(run("classify", "=1+1 brand", "--output", str(out)))
    cell = load_workbook(out).worksheets[0]["A2"]
    assert cell.value == "=1+1 brand" and cell.data_type == "s"


@pytest.mark.parametrize(
    ("name", "body", "args"),
    [
        ("staff.tsv", "id\tduty\n1\tbrand, pr\n", []),
        ("staff.txt", "id;duty\n1;brand, pr\n", []),  # sniffed: the delimiter that makes --column a header
        ("staff.csv", "id|duty\n1|brand, pr\n", ["--delimiter", "|"]),
    ],
)
def test_tabs_and_other_delimiters(tmp_path: Path, name: str, body: str, args: list[str]) -> None:
    src = tmp_path / name
    src.write_text(body, encoding="utf-8")
    [row] = records(succeeds(run("classify", "--file", str(src), "--column", "duty", *args, "--format", "csv")))
    assert (row["id"], row["duty"]) == ("1", "brand, pr")


def test_output_picks_the_format_by_suffix_and_never_clobbers(tmp_path: Path) -> None:
    for suffix, parse in (
        (".json", lambda t: [r["text"] for r in json.loads(t)]),
        (".jsonl", lambda t: [json.loads(x)["text"] for x in t.splitlines()]),
        (".csv", lambda t: [r["text"] for r in records(t)]),
        (".tsv", lambda t: [r["text"] for r in csv.DictReader(io.StringIO(t), delimiter="\t")]),
    ):
        out = tmp_path / f"answers{suffix}"
        succeeds(run("classify", "seo", "社群运营", "--output", str(out)))
        assert parse(out.read_text(encoding="utf-8")) == ["seo", "社群运营"]
    fails(run("classify", "seo", "--output", str(out)), 2, "exists", "--force")
    succeeds(run("classify", "brand", "--output", str(out), "--force"))
    fails(run("classify", "seo", "--output", str(tmp_path / "a.doc")), 2, ".xlsx")
    fails(run("classify", "seo", "--output", str(tmp_path / "a.csv"), "--format", "json"), 2, "--format")
    assert sorted(p.name for p in tmp_path.iterdir() if "partial" in p.name) == []


def test_output_never_writes_through_a_symbolic_link_even_with_force(tmp_path: Path) -> None:
    """--output follows the rule of --export and init: a link is refused, and what it points at is kept."""
    target = tmp_path / "kept.csv"
    target.write_text("precious\n", encoding="utf-8")
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    fails(run("classify", "seo", "--output", str(link), "--force"), 1, "symbolic link")
    assert link.is_symlink() and target.read_text(encoding="utf-8") == "precious\n"
    assert [p.name for p in tmp_path.iterdir() if "partial" in p.name] == []


# -- issue 12.4: the summary --------------------------------------------------------------------------------


def test_summary_json_counts_and_shares(tmp_path: Path) -> None:
    src = tmp_path / "d.txt"
    src.write_text("press release\nbrand strategy\nuser retention\n\nzebra husbandry\n", encoding="utf-8")
    summary = json.loads(succeeds(run("classify", "--file", str(src), "--summary", "--format", "json")))
    assert set(summary) == {"total", "departments", "functions", "ambiguous", "unclassified"}
    assert summary["total"] == 5
    assert summary["departments"]["market"] == {"count": 2, "share": 0.4}
    assert summary["unclassified"] == {"count": 2, "share": 0.4}
    assert summary["functions"]["user-ops"]["department"] == "operations"
    assert sum(d["count"] for d in summary["departments"].values()) == 5


def test_summary_table_has_bars_and_min_confidence_filters(tmp_path: Path) -> None:
    src = tmp_path / "d.txt"
    src.write_text("press release distribution\nbrand strategy\n\n", encoding="utf-8")
    table = succeeds(run("classify", "--file", str(src), "--summary"))
    assert "3 duties" in table and "█" in table and "66.7%" in table
    kept = json.loads(succeeds(run("classify", "--file", str(src), "--min-confidence", "0.5", "-f", "json")))
    assert kept and all(r["confidence"] >= 0.5 for r in kept) and len(kept) < 3


# -- issue 12.7: stdin everywhere ---------------------------------------------------------------------------


def test_a_dash_reads_stdin_for_classify_audit_and_validate() -> None:
    assert (
        json.loads(succeeds(run("classify", "-", "-f", "jsonl", input=b"user retention\n")))["function"] == "user-ops"
    )
    chart = succeeds(run("init", "-")).encode()
    assert "valid" in succeeds(run("validate", "-", input=chart))
    assert json.loads(succeeds(run("audit", "-", "--format", "json", input=chart)))
    fails(run("validate", "-", input=b"companies: [x"), 1, "stdin: line")


# -- issue 11.7: bounded reads ------------------------------------------------------------------------------


def test_dev_zero_and_an_endless_line_fail_in_bounded_memory(tmp_path: Path) -> None:
    fails(run("classify", "--file", "/dev/zero", "--format", "jsonl", bounded=True), 1, "line 1", "longer than")
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as f:  # 1 GiB without a line break, sparse on disk
        f.truncate(1024**3)
    fails(run("classify", "--file", str(huge), "--column", "duty", bounded=True), 1, "line 1", "longer than")


# -- issue 11.9: a stdout that is not UTF-8 -----------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "json", "jsonl"])
def test_data_formats_are_whole_utf8_on_an_ascii_stdout(fmt: str) -> None:
    done = run("classify", "社群运营", "브랜드 전략", "seo", "--format", fmt, env={"PYTHONIOENCODING": "ascii"})
    out = succeeds(done)
    texts = {
        "csv": lambda: [r["text"] for r in records(out)],
        "json": lambda: [r["text"] for r in json.loads(out)],
        "jsonl": lambda: [json.loads(x)["text"] for x in out.splitlines()],
    }[fmt]()
    assert texts == ["社群运营", "브랜드 전략", "seo"]


def test_tables_on_an_ascii_stdout_show_what_it_can_carry() -> None:
    for args in (["社群运营"], ["社群运营", "seo"], ["show", "brand"]):
        cmd = args if args[0] == "show" else ["classify", *args]
        out = succeeds(run(*cmd, env={"PYTHONIOENCODING": "ascii"}))
        assert out.strip() and out.isascii()


# -- issue 11.14: formula cells -----------------------------------------------------------------------------


def test_formula_cells_are_written_raw_unless_csv_safe() -> None:
    raw = records(succeeds(run("classify", "--format", "csv", "--", "=HYPERLINK(1)", "-seo")))
    assert [r["text"] for r in raw] == ["=HYPERLINK(1)", "-seo"]  # the data as it is, by default
    safe = records(
        succeeds(run("classify", "--format", "csv", "--csv-safe", "--", "=HYPERLINK(1)", "-seo", "@x", "+1"))
    )
    assert [r["text"] for r in safe] == ["'=HYPERLINK(1)", "'-seo", "'@x", "'+1"]


def test_eval_reads_a_csv_from_stdin_and_a_tsv_by_its_name(tmp_path: Path) -> None:
    table = "text,department\nDraft press releases,market\nuser retention campaigns,operations\n"
    piped = json.loads(succeeds(run("eval", "-", "--format", "json", input=table.encode())))
    tsv = tmp_path / "labelled.tsv"
    tsv.write_text(table.replace(",", "\t"), encoding="utf-8")
    named = json.loads(succeeds(run("eval", str(tsv), "--format", "json")))
    assert piped["department"] == named["department"] == {"total": 2, "correct": 2, "accuracy": 1.0}


def test_a_table_without_column_is_refused_not_read_as_lines(tmp_path: Path) -> None:
    table = tmp_path / "staff.csv"
    table.write_text("name,department,duty\nKim,Growth,user retention\n", encoding="utf-8")
    fails(run("classify", "--file", str(table)), 2, "--column")
