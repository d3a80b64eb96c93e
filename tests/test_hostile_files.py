"""Hostile files and file names against the installed command: YAML values their tag cannot hold, odd
labelled records, exports and init that must not overwrite or follow links, names that are not UTF-8 or
hold a line break, read errors mid-file, links to nothing and FIFOs in a data folder, Ctrl-C at start-up.
Each ends with its documented exit code and one `orgroles: error:` line, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from orgroles.paths import shipped_data_dir

from .conftest import EXE
from .test_adversarial import GUARD, fails, run, succeeds

# -- YAML values their tag cannot hold: exit 1 with the file and the line, not 70 -----------------------------

BAD_VALUES = {
    "impossible-date": "2020-13-45",
    "int-tag": "!!int abc",
    "float-tag": "!!float abc",
    "bool-tag": "!!bool maybe",
    "timestamp-tag": "!!timestamp nope",
    "huge-integer": "9" * 4400,  # past Python's 4,300-digit limit for int()
    "nested-int-tag": "[ok, {key: !!int 12x}]",
}


@pytest.mark.parametrize("case", sorted(BAD_VALUES))
def test_a_value_its_yaml_tag_cannot_hold_names_the_file_and_line(tmp_path: Path, case: str) -> None:
    chart = tmp_path / "chart.yaml"
    chart.write_text(f"schema_version: 1\ncompanies: {BAD_VALUES[case]}\n", encoding="utf-8")
    for command in ("validate", "audit", "tree"):
        line = fails(run(command, str(chart)), 1, str(chart), "line 2", "not valid YAML")
        assert "internal error" not in line


@pytest.mark.parametrize("case", ["impossible-date", "int-tag", "huge-integer"])
def test_a_bad_value_in_a_data_folder_is_exit_1_for_every_command(tmp_path: Path, case: str) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    text = (shipped_data_dir() / "departments.yaml").read_text(encoding="utf-8")
    text = text.replace("schema_version: 1", f"schema_version: 1\nwhen: {BAD_VALUES[case]}", 1)
    (folder / "departments.yaml").write_text(text, encoding="utf-8")
    for args in (["classify", "brand strategy"], ["show", "brand"]):
        fails(run(*args, "--data", str(folder)), 1, "departments.yaml", "not valid YAML")


# -- labelled records for eval ----------------------------------------------------------------------------

RECORDS = {
    "function-list": ('{"text": "brand strategy", "department": "market", "function": ["brand"]}', "'function'"),
    "function-dict": ('{"text": "brand strategy", "department": "market", "function": {"id": "brand"}}', "'function'"),
    "lang-list": ('{"text": "brand strategy", "department": "market", "lang": ["en"]}', "lang"),
    "deep-array": ("[" * 100_000 + "]" * 100_000, "nested too deep"),
    "deep-value": ('{"text": "seo", "department": "market", "x": ' + "[" * 100_000 + "]" * 100_000 + "}", "too deep"),
}


@pytest.mark.parametrize("case", sorted(RECORDS))
def test_an_odd_labelled_record_is_exit_1_with_its_line(tmp_path: Path, case: str) -> None:
    record, expected = RECORDS[case]
    path = tmp_path / "labelled.jsonl"
    path.write_text('{"text": "seo", "department": "market"}\n' + record + "\n", encoding="utf-8")
    fails(run("eval", str(path)), 1, str(path), "line 2", expected)


# -- --export and init: never over a file without --force, never through a link --------------------------

EXPORTS = [["show", "brand"], ["classify", "brand strategy", "seo"], ["audit", "company-b"], ["explain"]]


@pytest.mark.parametrize("args", EXPORTS, ids=" ".join)
def test_export_refuses_an_existing_file_without_force(tmp_path: Path, args: list[str]) -> None:
    target = tmp_path / "out.svg"
    target.write_text("keep me", encoding="utf-8")
    fails(run(*args, "--export", str(target)), 2, "exists", "--force")
    assert target.read_text(encoding="utf-8") == "keep me"
    succeeds(run(*args, "--export", str(target), "--force"))
    assert target.read_text(encoding="utf-8").startswith("<svg")


@pytest.mark.parametrize("args", EXPORTS[:2], ids=" ".join)
@pytest.mark.parametrize("force", [False, True], ids=["plain", "force"])
def test_export_never_writes_through_a_symbolic_link(tmp_path: Path, args: list[str], force: bool) -> None:
    precious, link = tmp_path / "precious.txt", tmp_path / "out.html"
    precious.write_text("keep me", encoding="utf-8")
    link.symlink_to(precious)
    fails(run(*args, "--export", str(link), *(["--force"] if force else [])), 1, "symbolic link")
    assert precious.read_text(encoding="utf-8") == "keep me"
    dangling = tmp_path / "dangling.svg"
    dangling.symlink_to(tmp_path / "created-elsewhere.svg")
    fails(run(*args, "--export", str(dangling), *(["--force"] if force else [])), 1, "symbolic link")
    assert not (tmp_path / "created-elsewhere.svg").exists()


def test_export_to_a_fifo_is_refused_without_hanging(tmp_path: Path) -> None:
    fifo = tmp_path / "out.svg"
    os.mkfifo(fifo)
    fails(run("show", "brand", "--export", str(fifo), "--force", timeout=GUARD / 4), 1, "not a regular file")


def test_a_new_export_is_written_whole(tmp_path: Path) -> None:
    target = tmp_path / "new.svg"
    out = succeeds(run("show", "brand", "--export", str(target)))
    assert "Brand" in out and target.read_text(encoding="utf-8").rstrip().endswith("</svg>")


@pytest.mark.parametrize("force", [False, True], ids=["plain", "force"])
def test_init_never_writes_through_a_symbolic_link(tmp_path: Path, force: bool) -> None:
    precious, link = tmp_path / "precious.txt", tmp_path / "orgchart.yaml"
    precious.write_text("keep me", encoding="utf-8")
    link.symlink_to(precious)
    fails(run("init", str(link), *(["--force"] if force else [])), 1, "symbolic link")
    assert precious.read_text(encoding="utf-8") == "keep me"


def test_init_with_a_name_that_is_not_utf8_leaves_nothing(tmp_path: Path) -> None:
    name = os.fsdecode(bytes(tmp_path) + b"/chart-\xff.yaml")
    fails(run("init", name), 1, "not valid UTF-8")
    assert os.listdir(tmp_path) == []


def test_init_with_a_line_break_in_the_name_writes_a_valid_chart(tmp_path: Path) -> None:
    path = tmp_path / "my\nchart.yaml"
    done = run("init", str(path))
    assert done.returncode == 0 and "Traceback" not in done.stderr
    assert len(done.stderr.splitlines()) == 1  # the "wrote ...; next: ..." line, the name on one line
    out = succeeds(run("validate", str(path)))
    assert "valid (1 company" in out and len(out.splitlines()) == 1
    succeeds(run("audit", str(path), "--format", "json"))


# -- reading: errors named as read errors, links to nothing and FIFOs are errors ----------------------------


@pytest.mark.skipif(not Path("/proc/self/mem").exists(), reason="needs Linux's /proc/self/mem (reads give EIO)")
@pytest.mark.parametrize("args", [["classify", "--file"], ["classify", "--column", "duty", "--file"], ["eval"]])
def test_a_read_error_mid_stream_is_a_read_error_naming_the_input(args: list[str]) -> None:
    # /proc/self/mem opens, then its first read fails with EIO, as a failing disk does mid-file
    line = fails(run(*args, "/proc/self/mem"), 1, "/proc/self/mem", "cannot read", "Input/output error")
    assert "write" not in line


def test_an_unreadable_file_is_exit_1_for_every_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """In-process (root reads any file whatever its mode): opening the file is refused with EACCES."""
    from typer.testing import CliRunner

    from orgroles.cli import app

    secret = tmp_path / "secret.yaml"
    secret.write_text("schema_version: 1\ncompanies: []\n", encoding="utf-8")
    real_open = Path.open

    def refuse(self: Path, *args: object, **kwargs: object) -> object:
        if self == secret:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(Path, "open", refuse)
    for args in (["validate"], ["audit"], ["tree"], ["classify", "--file"]):
        result = CliRunner().invoke(app, [*args, str(secret)], catch_exceptions=False)
        assert result.exit_code == 1, (args, result.output)


def _own_data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    return folder


@pytest.mark.parametrize("name", ["departments.yaml", "cases.yaml"])
def test_a_link_to_nothing_in_a_data_folder_is_an_error_not_a_fall_back(tmp_path: Path, name: str) -> None:
    folder = _own_data(tmp_path)
    (folder / name).symlink_to(tmp_path / "moved-away.yaml")
    for args in (["show", "company-a"], ["audit", "company-a"]):
        fails(run(*args, "--data", str(folder)), 1, name, "symbolic link to nothing")


@pytest.mark.parametrize("name", ["departments.yaml", "cases.yaml"])
def test_a_fifo_in_a_data_folder_is_refused_and_not_called_a_directory(tmp_path: Path, name: str) -> None:
    folder = _own_data(tmp_path)
    os.mkfifo(folder / name)
    line = fails(run("show", "company-a", "--data", str(folder), timeout=GUARD / 4), 1, name, "not a regular file")
    assert "directory" not in line


# -- Ctrl-C while starting ---------------------------------------------------------------------------------


def test_the_command_answers_ctrl_c_before_it_loads_its_modules() -> None:
    """The installed script's first import is orgroles.entry, which answers Ctrl-C before typer, rich
    and pydantic load (their import took the ~60 ms in which a Ctrl-C printed a traceback)."""
    script = Path(EXE).read_text(encoding="utf-8")
    assert "from orgroles.entry import main" in script
    # a Ctrl-C that arrives while the command line is still being imported: deterministic, no timing
    code = "import os, signal, orgroles.entry\nos.kill(os.getpid(), signal.SIGINT)\nimport orgroles.cli\n"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=GUARD)
    assert done.returncode == 130 and done.stderr == b"orgroles: interrupted\n", done.stderr
    assert b"Traceback" not in done.stderr


# -- an org chart in the code page an editor saved it in -------------------------------------------------------


@pytest.mark.parametrize(("lang", "encoding"), [("zh", "gb18030"), ("ko", "cp949"), ("en", "utf-16")])
def test_a_chart_saved_in_another_encoding_audits_as_its_utf8_copy(tmp_path: Path, lang: str, encoding: str) -> None:
    utf8 = tmp_path / "chart.yaml"
    assert run("init", str(utf8), "--lang", lang).returncode == 0
    other = tmp_path / f"chart-{encoding}.yaml"
    other.write_bytes(utf8.read_text(encoding="utf-8").encode(encoding))
    for command in (("audit",), ("audit", "--format", "json"), ("tree",)):
        want = succeeds(run(*command, str(utf8)))
        assert succeeds(run(*command, str(other))) == want.replace(str(utf8), str(other))
    assert "valid" in succeeds(run("validate", str(other)))


def test_a_chart_of_no_clear_encoding_names_its_first_bad_line(tmp_path: Path) -> None:
    chart = tmp_path / "chart.yaml"
    chart.write_bytes(b"schema_version: 1\ncompanies:\n- name: \xff\xfe\xfd\x80 co\n")
    for command in ("validate", "audit"):
        fails(run(command, str(chart)), 1, str(chart), "line 3", "not valid UTF-8", "save it as UTF-8")
