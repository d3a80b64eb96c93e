"""Hostile input against the installed command: every case ends with the documented exit code and at most
one clean line on stderr, never a traceback, a hang or a runaway in memory; nothing in a data file runs.

Cases already covered elsewhere are not repeated: closed stdin (`<&-`), a full disk, `| head -1` on jsonl and
Ctrl-C on a jsonl file are in test_entrypoint.py; broken data files loaded in-process are in test_knowledge.py
and test_audit.py. Here they run as a user runs them, through the installed `orgroles` in a child process.
"""

from __future__ import annotations

import json
import os
import random
import re
import resource
import shutil
import signal
import string
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from orgroles.paths import shipped_data_dir

from .conftest import EXE, display_width, read_terminal

GUARD = 60  # seconds: only so that a hang fails the test instead of the whole run; never a benchmark
GIB = 1024**3
ERROR = "orgroles: error: "


# Volume runs are not traced for coverage: tracing a million lines triples their time and adds no line.
UNMEASURED = ("COVERAGE_PROCESS_START", "COVERAGE_PROCESS_CONFIG")


def _env(extra: dict[str, str] | None = None, measured: bool = True) -> dict[str, str]:
    dropped = ("ORGROLES_DATA", "ORGROLES_LANG", "ORGROLES_DEBUG", *(() if measured else UNMEASURED))
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update({"NO_COLOR": "1", "COLUMNS": "100"})
    env.update(extra or {})
    return env


def _limit_memory() -> None:
    """In the child: 1 GiB of address space, so a file that expands without bound fails instead of the machine."""
    resource.setrlimit(resource.RLIMIT_AS, (GIB, GIB))


def run(
    *args: str,
    stdin: int | None = subprocess.DEVNULL,
    input: bytes | None = None,
    env: dict[str, str] | None = None,
    bounded: bool = False,
    timeout: float = GUARD,
) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [EXE, *args],
        input=input,
        stdin=None if input is not None else stdin,
        capture_output=True,
        env=_env(env),
        timeout=timeout,
        preexec_fn=_limit_memory if bounded else None,
    )
    return subprocess.CompletedProcess(
        done.args, done.returncode, done.stdout.decode("utf-8", "replace"), done.stderr.decode("utf-8", "replace")
    )


def fails(done: subprocess.CompletedProcess[str], code: int, *expected: str) -> str:
    """The one error line of a failed run, after checking the exit code and that nothing else leaked out."""
    assert "Traceback" not in done.stderr + done.stdout, done.stderr
    assert done.returncode == code, (done.returncode, done.stderr)
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(ERROR), done.stderr
    for fragment in expected:
        assert fragment in lines[0], lines[0]
    return lines[0]


def succeeds(done: subprocess.CompletedProcess[str]) -> str:
    assert "Traceback" not in done.stderr + done.stdout, done.stderr
    assert done.returncode == 0, (done.returncode, done.stderr)
    assert done.stderr == ""
    return done.stdout


# -- classify: odd arguments and odd files -------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", " ", "\t", "\n", "   \t \n  ", "\u3000"], ids=repr)
def test_an_empty_or_blank_duty_is_a_usage_error(text: str) -> None:
    fails(run("classify", text), 2, "empty duty")


def test_a_blank_duty_among_others_is_still_refused() -> None:
    fails(run("classify", "brand strategy", "  ", "--format", "json"), 2, "empty duty")


def _words_line(size: int) -> str:
    rng = random.Random(7)
    words = ["brand strategy", "user retention", "커뮤니티 운영", "社群运营", "press release", "zebra", "负责"]
    parts: list[str] = []
    total = 0
    while total < size:
        parts.append(rng.choice(words))
        total += len(parts[-1].encode("utf-8")) + 1
    return " ".join(parts).encode("utf-8")[:size].decode("utf-8", "ignore")


def test_a_10_mb_line_of_words_finishes_with_one_answer(tmp_path: Path) -> None:
    line = _words_line(10 * 1024 * 1024)
    src = tmp_path / "long.txt"
    src.write_text(line + "\n", encoding="utf-8")
    out = succeeds(run("classify", "--file", str(src), "--format", "jsonl", bounded=True))  # 1 GiB
    [row] = [json.loads(x) for x in out.splitlines()]
    assert row["text"] == line
    assert row["department"] in ("market", "operations")


def test_a_10_mb_line_without_spaces_finishes_in_bounded_memory(tmp_path: Path) -> None:
    rng = random.Random(3)
    src = tmp_path / "word.txt"
    src.write_text("".join(rng.choices(string.ascii_lowercase, k=10 * 1024 * 1024)) + "\n", encoding="ascii")
    out = succeeds(run("classify", "--file", str(src), "--format", "jsonl", bounded=True))
    assert json.loads(out)["department"] == "unclassified"


SHORT = ["pr", "seo", "", "운영", "品牌", "x", "brand strategy", "社群运营"]
MILLION = 1_000_000


@pytest.fixture(scope="session")
def million_lines(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """1,000,000 short duties (blank lines among them), written once for the session."""
    path = tmp_path_factory.mktemp("million") / "duties.txt"
    block = "".join(f"{SHORT[i % len(SHORT)]}\n" for i in range(1000))
    path.write_text(block * (MILLION // 1000), encoding="utf-8")
    return path


def _kill_after(proc: subprocess.Popen[bytes], seconds: float) -> threading.Timer:
    timer = threading.Timer(seconds, proc.kill)
    timer.start()
    return timer


def test_a_million_lines_give_a_million_jsonl_lines_in_order(million_lines: Path) -> None:
    with subprocess.Popen(
        [EXE, "classify", "--file", str(million_lines), "--format", "jsonl"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, env=_env(measured=False),
    ) as proc:  # fmt: skip
        timer = _kill_after(proc, 2 * GUARD)
        assert proc.stdout is not None and proc.stderr is not None
        count = 0
        for raw in proc.stdout:
            count += 1
            if count % 9973 == 1 or count == MILLION:  # a sample, parsed: the answer to the line of that number
                assert json.loads(raw)["text"] == SHORT[(count - 1) % len(SHORT)], count
        err = proc.stderr.read().decode("utf-8", "replace")
        code = proc.wait()
        timer.cancel()
    assert code == 0 and err == "", err
    assert count == MILLION


def test_nul_bytes_inside_a_line_are_classified_not_fatal(tmp_path: Path) -> None:
    src = tmp_path / "nul.txt"
    src.write_bytes(b"brand\x00 strategy\n\x00\x00\nuser retention\x00\n")
    rows = [json.loads(x) for x in succeeds(run("classify", "--file", str(src), "--format", "jsonl")).splitlines()]
    assert [r["text"] for r in rows] == ["brand\x00 strategy", "\x00\x00", "user retention\x00"]
    assert [r["department"] for r in rows] == ["market", "unclassified", "operations"]


def test_invalid_utf8_on_stdin_names_the_line() -> None:
    done = run("classify", "--format", "jsonl", input=b"brand strategy\n\xc3\x28 broken\n")
    fails(done, 1, "stdin: line 2", "UTF-8")


def test_invalid_utf8_in_an_argument_is_shown_as_replacement_characters() -> None:
    out = succeeds(run("classify", os.fsdecode(b"brand strategy \xff\xfe"), "--format", "json"))
    payload = json.loads(out)
    assert payload["text"] == "brand strategy \ufffd\ufffd" and payload["function"] == "brand"


BINARY = {
    "random": bytes(random.Random(5).randrange(256) for _ in range(4096)),
    "png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89",
    "gzip": b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\xcbH\xcd\xc9\xc9\xe7\x02\x00\x0b\xb1\x1f\xa0\x06\x00\x00\x00",
}


@pytest.mark.parametrize("kind", sorted(BINARY))
def test_a_binary_file_is_refused_as_not_utf8(tmp_path: Path, kind: str) -> None:
    src = tmp_path / f"blob.{kind}"
    src.write_bytes(BINARY[kind])
    for args in (["--format", "jsonl"], ["--column", "duty"]):
        fails(run("classify", "--file", str(src), *args), 1, str(src), "not valid UTF-8")


@pytest.mark.parametrize("args", [["--format", "jsonl"], ["--column", "duty", "--format", "csv"]], ids=["lines", "csv"])
def test_a_directory_and_a_missing_file_are_refused(tmp_path: Path, args: list[str]) -> None:
    fails(run("classify", "--file", str(tmp_path), *args), 1, "is a directory")
    fails(run("classify", "--file", str(tmp_path / "nope.txt"), *args), 1, "no such file")


@pytest.mark.parametrize("command", ["audit", "tree", "validate"])
def test_a_directory_given_as_an_org_chart_is_refused_as_one(tmp_path: Path, command: str) -> None:
    fails(run(command, str(tmp_path)), 1, str(tmp_path), "is a directory")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a file whatever its mode")
def test_an_unreadable_file_is_refused(tmp_path: Path) -> None:
    src = tmp_path / "secret.txt"
    src.write_text("brand strategy\n", encoding="utf-8")
    src.chmod(0)
    try:
        fails(run("classify", "--file", str(src)), 1, "permission denied")
        fails(run("validate", str(src)), 1, "secret.txt")
    finally:
        src.chmod(0o600)


def test_stdin_closed_mid_line_classifies_what_arrived() -> None:
    """The writer stops without a final newline: the partial last line is still a duty, and nothing hangs."""
    done = subprocess.run(
        f"printf 'brand strategy\\nuser reten' | {EXE} classify --format jsonl",
        shell=True, capture_output=True, text=True, env=_env(), timeout=GUARD,
    )  # fmt: skip
    rows = [json.loads(x) for x in succeeds(done).splitlines()]  # type: ignore[arg-type]
    assert [r["text"] for r in rows] == ["brand strategy", "user reten"]


def test_empty_stdin_gives_no_answers_and_exit_0() -> None:
    assert succeeds(run("classify", "--format", "jsonl")) == ""
    assert json.loads(succeeds(run("classify", "--file", "-", "--format", "json"))) == []


@pytest.mark.parametrize(
    ("args", "first"),
    [
        (["--format", "csv"], "text,department,function,confidence"),
        (["--format", "json"], "["),
    ],
    ids=["csv", "json"],
)
def test_a_batch_piped_into_head_ends_quietly(million_lines: Path, args: list[str], first: str) -> None:
    done = subprocess.run(
        f"set -o pipefail; {EXE} classify --file {million_lines} {' '.join(args)} | head -1",
        shell=True, capture_output=True, text=True, executable="/bin/bash", env=_env(), timeout=GUARD,
    )  # fmt: skip
    assert done.returncode == 0 and done.stderr == "", done.stderr
    assert done.stdout.startswith(first)


def test_a_card_piped_into_head_ends_quietly() -> None:
    done = subprocess.run(
        f"set -o pipefail; {EXE} show brand | head -1; {EXE} audit company-b --format markdown | head -1",
        shell=True, capture_output=True, text=True, executable="/bin/bash", env=_env(), timeout=GUARD,
    )  # fmt: skip
    assert done.returncode == 0 and done.stderr == "", done.stderr
    assert done.stdout.splitlines()[1] == "# Audit of Company B"


# -- Ctrl-C --------------------------------------------------------------------------------------------------


def _interrupted_cleanly(code: int, err: str) -> None:
    assert code == 130, err
    assert "Traceback" not in err
    assert err in ("", "orgroles: interrupted\n"), err  # silent, or the one line main() writes


def test_ctrl_c_while_waiting_for_stdin_keeps_every_answer_written() -> None:
    """A pipe that stays open: each duty is answered as it arrives, and Ctrl-C while waiting loses none."""
    with subprocess.Popen(
        [EXE, "classify", "--format", "jsonl"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_env(),
    ) as proc:  # fmt: skip
        timer = _kill_after(proc, GUARD)
        assert proc.stdin is not None and proc.stdout is not None and proc.stderr is not None
        proc.stdin.write("brand strategy\n커뮤니티 운영\n".encode() * 100)
        proc.stdin.flush()
        answered = [proc.stdout.readline() for _ in range(200)]  # all 200 out: the child now waits for more
        proc.send_signal(signal.SIGINT)
        rest = proc.stdout.read()
        err = proc.stderr.read().decode("utf-8", "replace")
        code = proc.wait()
        timer.cancel()
    _interrupted_cleanly(code, err)
    assert rest == b""
    rows = [json.loads(line) for line in answered]
    assert [r["function"] for r in rows] == ["brand", "user-ops"] * 100


def test_ctrl_c_during_a_json_list_leaves_a_valid_json_document(million_lines: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    with out.open("wb") as sink, subprocess.Popen(
        [EXE, "classify", "--file", str(million_lines), "--format", "json"],
        stdout=sink, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, env=_env(),
    ) as proc:  # fmt: skip
        timer = _kill_after(proc, GUARD)
        while out.stat().st_size < 200_000 and proc.poll() is None:
            threading.Event().wait(0.02)
        proc.send_signal(signal.SIGINT)
        assert proc.stderr is not None
        err = proc.stderr.read().decode("utf-8", "replace")
        code = proc.wait()
        timer.cancel()
    _interrupted_cleanly(code, err)
    rows = json.loads(out.read_text(encoding="utf-8"))
    assert 0 < len(rows) < MILLION
    assert [r["text"] for r in rows] == [SHORT[i % len(SHORT)] for i in range(len(rows))]


# -- colour and terminals ------------------------------------------------------------------------------------

COLOUR = re.compile(r"\x1b\[(?:[0-9;]*;)?(?:3[0-9]|4[0-9]|9[0-7]|10[0-7])(?:;[0-9;]*)?m")


def _on_terminal(args: list[str], env: dict[str, str]) -> str:
    """Run with stdout on a pseudo-terminal, where colour would be used, and return what it showed."""
    import pty

    master, slave = pty.openpty()
    full = {k: v for k, v in _env().items() if k not in ("NO_COLOR", "TERM", "FORCE_COLOR")}
    with subprocess.Popen([EXE, *args], stdout=slave, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                          env={**full, **env}) as child:  # fmt: skip
        os.close(slave)
        shown = read_terminal(master)
        assert child.stderr is not None
        err = child.stderr.read().decode("utf-8", "replace")
        code = child.wait()
    assert code == 0 and err == "", err
    return shown


TERMINAL_COMMANDS = [
    ["classify", "brand strategy"],  # the plain-text card
    ["classify", "brand strategy", "user retention"],  # a Rich table
    ["compare", "company-a", "company-b"],
    ["audit", "company-b"],
]


@pytest.mark.parametrize("args", TERMINAL_COMMANDS, ids=" ".join)
def test_no_color_removes_colour_on_a_terminal(args: list[str]) -> None:
    assert COLOUR.search(_on_terminal(args, {"TERM": "xterm-256color"})), "a terminal without NO_COLOR is coloured"
    shown = _on_terminal(args, {"TERM": "xterm-256color", "NO_COLOR": "1"})
    assert not COLOUR.search(shown), repr(COLOUR.search(shown))


@pytest.mark.parametrize("args", TERMINAL_COMMANDS, ids=" ".join)
def test_term_dumb_gets_no_escape_sequences(args: list[str]) -> None:
    shown = _on_terminal(args, {"TERM": "dumb"})
    assert "\x1b" not in shown
    assert "company" in shown.lower() or "brand" in shown.lower()


# -- narrow terminals and wide characters --------------------------------------------------------------------

MIXED_DUTIES = [
    "Draft press releases and handle media inquiries",
    "负责公众号内容运营，提升阅读量和粉丝转化",
    "",
    "서버 운영 및 장애 대응",
    "커뮤니티를 운영하고 리텐션을 관리",
    "ブランド戦略 brand strategy",
]


@pytest.fixture
def mixed_duties(tmp_path: Path) -> Path:
    src = tmp_path / "duties.txt"
    src.write_text("\n".join(MIXED_DUTIES) + "\n", encoding="utf-8")
    return src


def _too_wide(text: str, columns: int) -> list[str]:
    return [line for line in text.splitlines() if display_width(line) > columns]


@pytest.mark.parametrize(
    "args",
    [
        ["compare", "company-a", "company-b"],
        ["compare", "company-a", "company-b", "--lang", "zh"],
        ["compare", "company-a", "company-b", "--lang", "ko"],
    ],
    ids=["en", "zh", "ko"],
)
def test_compare_fits_40_columns(args: list[str]) -> None:
    out = succeeds(run(*args, env={"COLUMNS": "40"}))
    assert len(out.splitlines()) > 20
    assert not _too_wide(out, 40)


@pytest.mark.parametrize("lang", ["en", "zh", "ko"])
def test_a_batch_at_40_columns_fits_and_keeps_each_duty_whole(mixed_duties: Path, lang: str) -> None:
    out = succeeds(run("classify", "--file", str(mixed_duties), "--lang", lang, env={"COLUMNS": "40"}))
    assert not _too_wide(out, 40)
    for duty in ("负责公众号内容运营", "서버 운영 및 장애 대응", "ブランド戦略 brand strategy"):
        assert duty in out  # one block per duty: no word cut into columns a few letters wide


@pytest.mark.parametrize("lang", ["en", "zh", "ko"])
def test_a_batch_table_keeps_cjk_columns_aligned(mixed_duties: Path, lang: str) -> None:
    out = succeeds(run("classify", "--file", str(mixed_duties), "--lang", lang, env={"COLUMNS": "100"}))
    assert not _too_wide(out, 100)
    table = [line for line in out.splitlines() if line.strip() and not line.startswith("?")]
    assert len({display_width(line) for line in table}) == 1, "every row of the table ends at the same column"
    # the department column starts at the same column on every numbered row, CJK rows included
    starts = set()
    for line in table:
        match = re.match(r"\s+\d+\s+\S.*?\s{2,}(market|oper|uncl)", line)
        if match:
            starts.add(display_width(line[: match.start(1)]))
    assert len(starts) == 1, starts


def _card_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line]


CARD_DUTIES = [
    pytest.param("brand strategy", id="latin"),
    pytest.param("负责公众号内容运营，提升阅读量和粉丝转化，以及品牌定位和品牌视觉规范", id="chinese"),
    pytest.param("커뮤니티를 운영하고 리텐션을 관리하며 브랜드 전략을 세운다", id="korean"),
    pytest.param("品牌定位 🚀🚀 brand strategy", id="emoji"),
    pytest.param(
        "brand strategy for the cafe\u0301 cafe\u0301 cafe\u0301",
        id="combining-marks",
    ),
    pytest.param(
        "brand\nstrategy",
        id="newline",
    ),
]


@pytest.mark.parametrize("text", CARD_DUTIES)
def test_the_one_duty_card_is_a_closed_box(text: str) -> None:
    lines = _card_lines(succeeds(run("classify", text, env={"COLUMNS": "60"})))
    assert lines[0].startswith("╭─") and lines[-1].startswith("╰")
    assert {display_width(line) for line in lines} == {60}, [(display_width(x), x) for x in lines]


@pytest.mark.parametrize("text", ["community operation and user retention", "负责公众号内容运营"])
def test_the_one_duty_card_fits_40_columns(text: str) -> None:
    out = succeeds(run("classify", text, env={"COLUMNS": "40"}))
    assert not _too_wide(out, 40), _too_wide(out, 40)


# -- knowledge and org-chart files ---------------------------------------------------------------------------


def _laughs() -> str:
    lines = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]" for i in range(1, 9)]
    return "\n".join(lines) + "\nschema_version: 1\ncompanies: *l8\n"


def _deep() -> str:
    return "schema_version: 1\ncompanies:\n" + "".join("  " * i + "- k:\n" for i in range(200))


def _anchor_chain(n: int = 600) -> str:
    """Anchors each holding the one before: every one is first met shallow, yet *x599 nests 600 deep."""
    chain = ", ".join(["&x0 [1]", *(f"&x{i} [*x{i - 1}]" for i in range(1, n))])
    flat = ", ".join(f"*x{i}" for i in reversed(range(n)))
    return f"schema_version: 1\nchain: [{chain}]\nflat: [{flat}]\n"


def _write_50_mb(path: Path) -> None:
    line = "# " + "x" * 98 + "\n"
    with path.open("w", encoding="utf-8") as out:
        out.write("schema_version: 1\ncompanies:\n")
        out.write(line * (50 * 1024 * 1024 // len(line) + 1))


# what each file holds, and a fragment of the one error line it must give
HOSTILE: dict[str, tuple[Callable[[Path], None], str]] = {
    "billion-laughs": (lambda p: p.write_text(_laughs(), encoding="utf-8"), "expand to more than"),
    "200-deep": (lambda p: p.write_text(_deep(), encoding="utf-8"), "nested deeper than 40 levels"),
    "50-mb": (_write_50_mb, "larger than"),
    "tab-indent": (lambda p: p.write_text("companies:\n- id: a\n\tname: x\n", encoding="utf-8"), "line 3"),
    "two-documents": (lambda p: p.write_text("schema_version: 1\n---\ncompanies: []\n", encoding="utf-8"), "YAML"),
    "nul-byte": (lambda p: p.write_bytes(b"schema_version: 1\ncompanies: [\x00]\n"), "not valid YAML"),
    "binary": (lambda p: p.write_bytes(BINARY["png"]), "not valid UTF-8"),
    "alias-of-itself": (
        lambda p: p.write_text("schema_version: 1\ncompanies: &c [*c]\n", encoding="utf-8"),
        "an anchor contains itself",
    ),
    "sequence-as-key": (
        lambda p: p.write_text("? [a, b]\n: c\nschema_version: 1\n", encoding="utf-8"),
        "a key must be a word",
    ),
    "anchor-chain": (lambda p: p.write_text(_anchor_chain(), encoding="utf-8"), "nest deeper than 40 levels"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_hostile_org_chart_is_refused_in_bounded_memory(tmp_path: Path, name: str) -> None:
    chart = tmp_path / "chart.yaml"
    write, expected = HOSTILE[name]
    write(chart)
    for command in ("validate", "audit", "tree"):
        fails(run(command, str(chart), bounded=True, timeout=GUARD / 4), 1, str(chart), expected)


@pytest.fixture
def own_data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(shipped_data_dir(), folder)
    return folder


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_hostile_knowledge_file_in_data_is_refused_in_bounded_memory(own_data: Path, name: str) -> None:
    path = own_data / "departments.yaml"
    write, expected = HOSTILE[name]
    write(path)
    for args in (["classify", "brand strategy"], ["show", "brand"]):
        fails(run(*args, "--data", str(own_data), bounded=True, timeout=GUARD / 4), 1, "departments.yaml", expected)


# one edit of the shipped files, and a fragment of the one error line it must give; the in-process loader's
# own tests (test_knowledge.py) check the wording, these check the whole command through --data
BROKEN_DATA = {
    "malformed": ("departments.yaml", "schema_version: 1", "schema_version: [1", "not valid YAML"),
    "wrong-type": ("departments.yaml", "views: 100000", "views: [many]", "principle.example.views"),
    "unknown-key": ("departments.yaml", "schema_version: 1", "schema_version: 1\nmood: happy", "mood: unknown key"),
    "duplicate-id": ("cases.yaml", "- id: company-b", "- id: company-a", "duplicate company id 'company-a'"),
    "duplicate-key": ("departments.yaml", "schema_version: 1", "schema_version: 1\nschema_version: 2", "given twice"),
    "dangling-division": ("departments.yaml", "division: market", "division: markt", "unknown division 'markt'"),
    "dangling-function": ("cases.yaml", "function: brand", "function: brnad", "unknown function 'brnad'"),
    "not-utf8": ("cases.yaml", "schema_version: 1", "schema_version: 1 # \udcff", "not valid UTF-8"),
}


@pytest.mark.parametrize("case", sorted(BROKEN_DATA))
def test_broken_data_folder_is_one_clear_error_for_every_command(own_data: Path, case: str) -> None:
    name, old, new, expected = BROKEN_DATA[case]
    path = own_data / name
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_bytes(text.replace(old, new, 1).encode("utf-8", "surrogateescape"))
    commands = [["show", "brand"], ["audit", "company-c"]]
    if name == "departments.yaml":  # what classify reads; the companies of cases.yaml are not its business
        commands.append(["classify", "brand strategy"])
    for args in commands:
        fails(run(*args, "--data", str(own_data)), 1, name, expected)
    fails(run("validate", str(path)), 1, name, expected)


def test_data_that_is_not_a_folder_is_refused(tmp_path: Path) -> None:
    stray = tmp_path / "departments.yaml"
    stray.write_text("schema_version: 1\n", encoding="utf-8")
    empty = tmp_path / "empty"
    empty.mkdir()
    for target in (tmp_path / "missing", stray, empty):
        fails(run("classify", "brand strategy", "--data", str(target)), 1, str(target))


# -- nothing in a data file runs, nothing goes on the network ------------------------------------------------

PYTHON_TAGS = [
    '!!python/object/apply:os.system ["touch {marker}"]',
    '!!python/object/new:os.system ["touch {marker}"]',
    '!!python/object/apply:subprocess.call [["touch", "{marker}"]]',
]


@pytest.mark.parametrize("tag", PYTHON_TAGS, ids=["apply", "new", "subprocess"])
def test_python_tags_in_yaml_are_refused_and_never_run(own_data: Path, tmp_path: Path, tag: str) -> None:
    marker = tmp_path / "pwned-XYZ"
    payload = tag.format(marker=marker)
    chart = tmp_path / "chart.yaml"
    chart.write_text(f"schema_version: 1\ncompanies: {payload}\n", encoding="utf-8")
    for command in ("validate", "audit", "tree"):
        fails(run(command, str(chart)), 1, "chart.yaml", "line 2")
    knowledge = own_data / "departments.yaml"
    knowledge.write_text(f"{payload}\n", encoding="utf-8")
    fails(run("show", "brand", "--data", str(own_data)), 1, "departments.yaml")
    fails(run("classify", "brand strategy", "--data", str(own_data)), 1, "departments.yaml")
    assert not marker.exists(), "a YAML tag ran a command"


SITECUSTOMIZE = """
import sys

def _no_network(event, args):
    if event in ("socket.__new__", "socket.connect", "socket.bind", "socket.getaddrinfo", "socket.gethostbyname",
                 "urllib.Request", "http.client.connect"):
        with open({log!r}, "a", encoding="utf-8") as log:
            log.write(event + "\\n")
        raise RuntimeError("network use in a test: " + event)

sys.addaudithook(_no_network)
"""


@pytest.fixture
def no_network(tmp_path: Path) -> tuple[dict[str, str], Path]:
    """An environment whose Python processes log and refuse any socket (an audit hook in sitecustomize)."""
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    log = tmp_path / "network.log"
    (hooks / "sitecustomize.py").write_text(SITECUSTOMIZE.format(log=str(log)), encoding="utf-8")
    path = os.pathsep.join(filter(None, [str(hooks), os.environ.get("PYTHONPATH")]))
    return {"PYTHONPATH": path, "ORGROLES_CACHE_DIR": str(tmp_path / "cache")}, log


def test_the_network_guard_itself_catches_a_socket(no_network: tuple[dict[str, str], Path]) -> None:
    env, log = no_network
    code = "import socket\ntry:\n    socket.socket()\nexcept RuntimeError:\n    pass\n"
    subprocess.run([sys.executable, "-c", code], env=_env(env), check=True, timeout=GUARD)
    assert log.read_text(encoding="utf-8").strip() == "socket.__new__"


def test_classify_show_and_audit_never_open_a_socket(no_network: tuple[dict[str, str], Path], tmp_path: Path) -> None:
    env, log = no_network  # a fresh cache: the first classify compiles the knowledge too
    duties = tmp_path / "duties.txt"
    duties.write_text("brand strategy\n社群运营\n", encoding="utf-8")
    for args in (
        ["classify", "community operation"],
        ["classify", "--file", str(duties), "--format", "jsonl"],
        ["show", "brand"],
        ["audit", "company-b", "--format", "json"],
        ["compare", "company-a", "company-b"],
    ):
        succeeds(run(*args, env=env))
    assert not log.exists(), log.read_text(encoding="utf-8")


def _socket_calls(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    import socket

    calls: list[object] = []

    def refuse(self: socket.socket, *args: object) -> None:
        calls.append(args)
        raise OSError("network use in a test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", lambda *a, **k: refuse(None, *a))  # type: ignore[arg-type]
    return calls


def test_the_python_api_and_cli_runner_never_connect(monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from orgroles import classify, classify_many
    from orgroles.cli import app

    calls = _socket_calls(monkeypatch)
    assert classify("community operation").department == "operations"
    assert [r.function for r in classify_many(["press release", "品牌定位"])] == ["pr", "brand"]
    runner = CliRunner()
    for args in (["show", "brand"], ["audit", "company-b", "--format", "json"], ["classify", "brand strategy"]):
        assert runner.invoke(app, args, env={"NO_COLOR": "1"}).exit_code == 0
    assert calls == []
