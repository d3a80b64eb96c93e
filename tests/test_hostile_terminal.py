"""Hostile text against the installed command's terminal output: escape sequences, 8-bit controls and bidi
overrides from a file or an argument are shown as visible stand-ins by every command that draws for a
person, while JSON and CSV keep them exactly; exports are well-formed; narrow terminals lose nothing."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from orgroles.terminal import visible, visible_lines

from .test_adversarial import fails, run, succeeds

# what a scraped posting or someone else's chart may hold: clear screen, an OSC 8 hyperlink, an OSC 52
# clipboard write, a bell, an 8-bit CSI, a right-to-left override and an isolate, a backspace, DEL (a lone
# CR splits a line when read from a file, which is the readers' business: it is sent as an argument below)
CLEAR = "\x1b[2J"
LINK = "\x1b]8;;http://example.invalid\x1b\\click\x1b]8;;\x1b\\"
CLIPBOARD = "\x1b]52;c;ZXZpbA==\x07"
HOSTILE = f"brand strategy {CLEAR}{LINK}{CLIPBOARD} \x9b31m red\u202e desrever\u202c \u2066iso\u2069 b\x08\x7f x"
# nothing of these may reach a terminal: C0 but newline, DEL, C1, and every bidi control
RAW = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _raw(shown: str) -> list[str]:
    return sorted({repr(m.group()) for m in RAW.finditer(shown)})


# -- the sanitiser itself ------------------------------------------------------------------------------------


def test_the_sanitiser_shows_every_control_and_keeps_ordinary_text() -> None:
    assert visible("brand strategy 品牌 브랜드 café 🚀") == "brand strategy 品牌 브랜드 café 🚀"
    assert visible("a\x1b[2Jb") == "a␛[2Jb"
    assert visible("\x00\x07\x7f") == "␀␇␡"
    assert visible("\x9b31m") == "\\x9b31m"
    assert visible("a\u202eb\u2066c\u2069") == "a\\u202eb\\u2066c\\u2069"
    assert visible("one\ntwo\tthree\rfour") == "one two three four"
    assert visible("name \udcff") == "name \ufffd"
    assert visible(visible(HOSTILE)) == visible(HOSTILE)  # shown twice is shown once: no escape doubles
    assert not _raw(visible(HOSTILE))
    assert visible_lines("a\x1b\nb\u202e") == "a␛\nb\\u202e"


# -- every command that draws for a person -------------------------------------------------------------------


def _hostile_company(company_id: str) -> dict[str, object]:
    return {
        "id": company_id,
        "name": f"Acme {CLEAR}{LINK}",
        "industry": "retail \u202etxet",
        "centers": [
            {
                "id": "growth-center",
                "name": f"Growth {CLIPBOARD}",
                "departments": [
                    {
                        "id": "brand",
                        "name": "Brand \x9b2J team",
                        "division": "market",
                        "accountable_for": "image \u2066x\u2069",
                        "duties": [HOSTILE, "user retention and conversion \x1b[5m"],
                    },
                    {
                        "id": "community",
                        "name": "Community\x1b]0;title\x07",
                        "division": "operations",
                        "duties": ["community operation and user retention", f"press release {LINK}"],
                    },
                ],
            }
        ],
    }


@pytest.fixture
def chart(tmp_path: Path) -> Path:
    """An org chart whose every name and duty carries escape sequences; JSON is YAML, with \\u escapes."""
    path = tmp_path / "chart.yaml"
    path.write_text(json.dumps({"schema_version": 1, "companies": [_hostile_company("acme")]}), encoding="utf-8")
    return path


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A --data folder whose cases.yaml holds two such companies (for show and compare by name)."""
    folder = tmp_path / "data"
    folder.mkdir()
    book = {"schema_version": 1, "companies": [_hostile_company("acme"), _hostile_company("other")]}
    (folder / "cases.yaml").write_text(json.dumps(book), encoding="utf-8")
    return folder


@pytest.fixture
def duties(tmp_path: Path) -> Path:
    path = tmp_path / "duties.txt"
    path.write_text(f"{HOSTILE}\nseo \x1b[31mred\n", encoding="utf-8")
    return path


@pytest.fixture
def labelled(tmp_path: Path) -> Path:
    path = tmp_path / "labelled.jsonl"  # wrong labels on purpose: both are misses, listed with their text
    records = [{"text": HOSTILE, "department": "operations"}, {"text": f"seo {LINK}", "department": "sales"}]
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def _commands(chart: Path, data: Path, duties: Path, labelled: Path) -> dict[str, list[str]]:
    return {
        "card": ["classify", HOSTILE + " over\rwritten"],
        "batch-table": ["classify", "--file", str(duties)],
        "tree": ["tree", str(chart)],
        "audit": ["audit", str(chart)],
        "audit-markdown": ["audit", str(chart), "--format", "markdown"],
        "show-company": ["show", "acme", "--data", str(data)],
        "compare": ["compare", "acme", "other", "--data", str(data)],
        "eval-misses": ["eval", str(labelled)],
    }


COMMANDS = ["card", "batch-table", "tree", "audit", "audit-markdown", "show-company", "compare", "eval-misses"]


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("columns", ["120", "40"])
def test_no_control_or_bidi_character_reaches_the_terminal(
    chart: Path, data: Path, duties: Path, labelled: Path, command: str, columns: str
) -> None:
    args = _commands(chart, data, duties, labelled)[command]
    out = succeeds(run(*args, env={"COLUMNS": columns}))
    assert not _raw(out), _raw(out)
    if columns == "120":  # (at 40 the card's title is cut short before the escapes)
        assert "␛[2J" in out or "␛]8;;" in out, "the escape is shown, not dropped: nothing is hidden"


def test_the_card_shows_bidi_controls_as_escapes() -> None:
    out = succeeds(run("classify", "brand strategy \u202eygetarts\u202c \u2067x\u2069"))
    assert "\\u202e" in out and "\\u2067" in out and not _raw(out)


def test_json_jsonl_and_csv_keep_the_text_exactly(duties: Path) -> None:
    sent = duties.read_text(encoding="utf-8").splitlines()
    listed = json.loads(succeeds(run("classify", "--file", str(duties), "--format", "json")))
    assert [r["text"] for r in listed] == sent
    lines = succeeds(run("classify", "--file", str(duties), "--format", "jsonl")).splitlines()
    assert [json.loads(line)["text"] for line in lines] == sent
    rows = list(csv.DictReader(io.StringIO(succeeds(run("classify", "--file", str(duties), "--format", "csv")))))
    assert [r["text"] for r in rows] == sent
    one = json.loads(succeeds(run("classify", HOSTILE, "--format", "json")))
    assert one["text"] == HOSTILE


def test_show_and_tree_json_keep_names_exactly(chart: Path, data: Path) -> None:
    shown = json.loads(succeeds(run("show", "acme", "--data", str(data), "--format", "json")))
    assert shown["name"] == f"Acme {CLEAR}{LINK}"
    drawn = json.loads(succeeds(run("tree", str(chart), "--format", "json")))
    assert drawn["centers"][0]["departments"][0]["duties"][0]["text"] == HOSTILE


def test_an_error_line_quoting_a_hostile_file_name_is_one_clean_line(tmp_path: Path) -> None:
    name = tmp_path / "evil\x1b]52;c;eA==\x07\nname.yaml"
    line = fails(run("validate", str(name)), 1, "no such file")
    assert not _raw(line) and "␛]52" in line


# -- exports: well-formed, the text kept visible ------------------------------------------------------------


@pytest.mark.parametrize("command", ["card", "batch-table", "tree", "audit", "compare", "eval-misses"])
def test_an_svg_export_with_control_characters_is_well_formed_xml(
    chart: Path, data: Path, duties: Path, labelled: Path, tmp_path: Path, command: str
) -> None:
    target = tmp_path / "out.svg"
    succeeds(run(*_commands(chart, data, duties, labelled)[command], "--export", str(target)))
    root = ET.fromstring(target.read_bytes())  # raises on a control character or an unescaped '<' or '&'
    assert root.tag.endswith("svg")
    text = "".join(root.itertext())
    assert not _raw(text)
    assert "␛" in text.replace("\xa0", " ")


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []

    def handle_data(self, data: str) -> None:
        self.text.append(data)


@pytest.mark.parametrize("command", ["batch-table", "audit"])
def test_an_html_export_is_the_report_page_with_control_characters_shown(
    chart: Path, data: Path, duties: Path, labelled: Path, tmp_path: Path, command: str
) -> None:
    target = tmp_path / "out.html"
    succeeds(run(*_commands(chart, data, duties, labelled)[command], "--export", str(target)))
    page = target.read_text(encoding="utf-8")
    assert not _raw(page), _raw(page)
    parser = _Collect()
    parser.feed(page)
    parser.close()
    assert "␛[2J" in "".join(parser.text)
    assert "<table" in page and page.rstrip().endswith("</html>")  # the report page, with the duties' table


# -- narrow terminals ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["classify", "brand strategy"],
        ["classify", "brand strategy", "user retention"],
        ["show", "brand"],
        ["show", "company-b"],
        ["tree"],
        ["list"],
        ["compare", "company-a", "company-b"],
        ["audit", "company-b"],
        ["explain"],
        ["cycle"],
    ],
    ids=" ".join,
)
@pytest.mark.parametrize("columns", ["0", "1", "5"])
def test_a_zero_or_tiny_width_still_prints_everything(args: list[str], columns: str) -> None:
    wide = succeeds(run(*args, env={"COLUMNS": "100"}))
    narrow = succeeds(run(*args, env={"COLUMNS": columns}))
    assert narrow.strip(), "something is printed"
    words = set(re.findall(r"[a-z]{5,}", wide.lower()))
    seen = set(re.findall(r"[a-z]{5,}", narrow.lower()))
    assert len(words & seen) >= len(words) * 0.8, sorted(words - seen)[:20]


@pytest.mark.parametrize("columns", [20, 25, 30])
def test_show_at_30_columns_or_fewer_prints_each_label_with_its_value(columns: int) -> None:
    out = succeeds(run("show", "brand", env={"COLUMNS": str(columns)}))
    lines = [line.strip("│ ╭╮╰╯─").strip() for line in out.splitlines()]
    for labelled_line in ("Division", "Mission", "Reporting"):
        i = (
            lines.index(labelled_line)
            if labelled_line in lines
            else next(n for n, line in enumerate(lines) if line.startswith(labelled_line))
        )
        value = lines[i][len(labelled_line) :].strip() or lines[i + 1]
        assert re.search(r"[A-Za-z]{3,}", value), (labelled_line, lines[i : i + 2])
    assert "Marketing" in out  # the division's name, in words


@pytest.mark.parametrize("columns", [31, 35, 39])
def test_show_at_31_to_39_columns_keeps_values_readable(columns: int) -> None:
    out = succeeds(run("show", "brand", env={"COLUMNS": str(columns)}))
    words = re.findall(r"[A-Za-z]+", out)
    assert "Marketing" in words and "department" in words  # not folded into 'Marke' / 'ting'
    assert max(len(line) for line in out.splitlines()) <= columns


def test_csv_on_a_terminal_shows_escape_sequences_as_stand_ins(tmp_path: Path) -> None:
    """CSV piped to a program keeps the text exactly; CSV printed on a terminal is read by a person."""
    from .test_adversarial import _on_terminal

    duties = tmp_path / "e.txt"
    duties.write_text("Draft \x1b]0;pwned\x07press \x1b[2Jreleases\n", encoding="utf-8")
    shown = _on_terminal(["classify", "--file", str(duties), "--format", "csv"], {})
    assert "\x1b]0;" not in shown and "\x1b[2J" not in shown and "\x07" not in shown
    assert "␛[2J" in shown and "releases" in shown


JSON_ON_A_TERMINAL = {
    "classify-json": ["classify", "--file", "{duties}", "--format", "json"],
    "classify-jsonl": ["classify", "--file", "{duties}", "--format", "jsonl"],
    "classify-one-json": ["classify", HOSTILE, "--format", "json"],
    "show-json": ["show", "acme", "--data", "{data}", "--format", "json"],
    "tree-json": ["tree", "{chart}", "--format", "json"],
    "audit-json": ["audit", "{chart}", "--format", "json"],
    "eval-json": ["eval", "{labelled}", "--format", "json"],
}


@pytest.mark.parametrize("command", list(JSON_ON_A_TERMINAL))
def test_json_on_a_terminal_escapes_controls_and_parses_to_the_same_data(
    chart: Path, data: Path, duties: Path, labelled: Path, command: str
) -> None:
    """JSON printed on a terminal is read by a person: a C1 control, DEL or bidi override in a duty or a name
    is written as its \\u escape, never raw, and the document still parses to what a pipe gets."""
    from .test_adversarial import _on_terminal

    paths = {"duties": duties, "data": data, "chart": chart, "labelled": labelled}
    args = [arg.format(**paths) if arg.startswith("{") else arg for arg in JSON_ON_A_TERMINAL[command]]
    shown = _on_terminal(args, {}).replace("\r\n", "\n")  # the terminal's own line ends
    assert not _raw(shown), _raw(shown)
    assert "\\u009b" in shown or "\\u202e" in shown  # escaped, not dropped
    piped = succeeds(run(*args))
    if command.endswith("jsonl"):
        assert [json.loads(line) for line in shown.splitlines()] == [json.loads(line) for line in piped.splitlines()]
    else:
        assert json.loads(shown) == json.loads(piped)
    assert "\x9b" in piped and "\u202e" in piped  # piped, the bytes are as they were read
