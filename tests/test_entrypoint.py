"""The installed command as a shell runs it: main(), exit codes, one-line errors, pipes and odd input."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import EXE, read_terminal


def run(*args: str, stdin: int | None = subprocess.DEVNULL, **kw: object) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100"}
    return subprocess.run([EXE, *args], capture_output=True, text=True, stdin=stdin, env=env, **kw)  # type: ignore[call-overload,no-any-return]


def test_usage_errors_are_one_line_with_exit_2() -> None:
    for args in (["classify", "--top", "0", "x"], ["nosuchcommand"], ["classify", "--format", "xml", "x"]):
        done = run(*args)
        assert done.returncode == 2
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("orgroles: error: ") and "--help" in lines[0]


def test_no_arguments_print_help() -> None:
    done = run()
    assert done.returncode == 0 and "Usage: orgroles" in done.stdout


def test_markup_in_a_duty_is_shown_as_written() -> None:
    done = run("classify", "[/bold] brand [strategy]")
    assert done.returncode == 0, done.stderr
    assert "[/bold] brand [strategy]" in done.stdout


def test_closed_stdin_is_a_clean_error() -> None:
    done = subprocess.run(f"{EXE} classify --file - <&-", shell=True, capture_output=True, text=True)
    assert done.returncode in (1, 2) and "Traceback" not in done.stderr
    assert done.stderr.startswith("orgroles: error: ")


def test_output_piped_into_head_ends_quietly(tmp_path: Path) -> None:
    src = tmp_path / "many.txt"
    src.write_text("brand strategy\n" * 50_000, encoding="utf-8")
    done = subprocess.run(
        f"set -o pipefail; {EXE} classify --file {src} --format jsonl | head -1",
        shell=True, capture_output=True, text=True, executable="/bin/bash",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["function"] == "brand"
    assert done.stderr == ""


def test_a_full_disk_is_a_one_line_error() -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    done = subprocess.run(f"{EXE} show brand --format json > /dev/full", shell=True, capture_output=True, text=True)
    assert done.returncode == 1
    assert done.stderr.startswith("orgroles: error: cannot write the output")


def test_ctrl_c_exits_130_and_leaves_valid_jsonl(tmp_path: Path) -> None:
    src = tmp_path / "many.txt"
    src.write_text("user retention\n" * 2_000_000, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    with out.open("w", encoding="utf-8") as sink:
        proc = subprocess.Popen([EXE, "classify", "--file", str(src), "--format", "jsonl"], stdout=sink,
                                stderr=subprocess.PIPE, text=True)  # fmt: skip
        deadline = time.monotonic() + 20
        while out.stat().st_size < 100_000 and time.monotonic() < deadline:
            time.sleep(0.05)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=20)
    assert proc.returncode == 130 and "Traceback" not in err
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines and all(json.loads(line)["function"] == "user-ops" for line in lines)


def test_version_and_module_entry() -> None:
    assert run("--version").stdout.startswith("orgroles ")
    done = subprocess.run([sys.executable, "-m", "orgroles", "--version"], capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout.startswith("orgroles ")


def test_closed_stdout_is_a_clean_error() -> None:
    done = subprocess.run(f"echo brand | {EXE} classify --format jsonl >&-", shell=True, capture_output=True, text=True)
    assert done.returncode == 1 and done.stderr.startswith("orgroles: error: stdout is closed")


def _run_with_terminal_stderr(args: list[str], stdout: Path) -> tuple[int, str]:
    """Run with stderr on a pseudo-terminal (as in an interactive shell) and stdout to a file."""
    import pty

    master, slave = pty.openpty()
    with stdout.open("wb") as out:
        child = subprocess.Popen([EXE, *args], stdout=out, stderr=slave, stdin=subprocess.DEVNULL)
    os.close(slave)
    shown = read_terminal(master)
    return child.wait(), shown


@pytest.mark.parametrize("fmt", ["jsonl", "json", "csv", "table"])
def test_a_long_batch_shows_progress_on_a_terminal_and_keeps_stdout_clean(tmp_path: Path, fmt: str) -> None:
    duties = tmp_path / "duties.txt"
    duties.write_text("brand strategy\n커뮤니티 운영\n" * 10_000, encoding="utf-8")
    out = tmp_path / "out"
    code, terminal = _run_with_terminal_stderr(["classify", "--file", str(duties), "--format", fmt], out)
    assert code == 0, terminal
    assert "classifying" in terminal and "lines" in terminal
    assert "market" not in terminal  # the answers go to stdout, whatever the format
    written = out.read_text(encoding="utf-8")
    if fmt == "jsonl":
        assert [json.loads(line)["department"] for line in written.splitlines()] == ["market", "operations"] * 10_000
    elif fmt == "json":
        assert len(json.loads(written)) == 20_000
    elif fmt == "csv":
        assert len(written.splitlines()) == 20_001
    else:
        assert written.count("market") == 10_000


def test_a_one_line_file_with_a_terminal_stderr_prints_its_card_to_stdout(tmp_path: Path) -> None:
    duties = tmp_path / "duty.txt"
    duties.write_text("brand strategy\n", encoding="utf-8")
    out = tmp_path / "out"
    code, terminal = _run_with_terminal_stderr(["classify", "--file", str(duties)], out)
    assert code == 0 and "Brand department" in out.read_text(encoding="utf-8")
    assert "Brand department" not in terminal


def test_no_progress_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    duties = tmp_path / "duties.txt"
    duties.write_text("brand strategy\n" * 5_000, encoding="utf-8")
    done = run("classify", "--file", str(duties), "--format", "jsonl")
    assert done.returncode == 0 and done.stderr == ""


def test_main_can_run_twice_in_one_process(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from orgroles.cli import main

    for argv in (["orgroles", "show", "brand", "-f", "json"], ["orgroles", "list", "-f", "json"]):
        monkeypatch.setattr(sys, "argv", argv)
        with pytest.raises(SystemExit) as done:
            main()
        assert done.value.code == 0, capsys.readouterr().err
