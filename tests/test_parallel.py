"""classify --jobs: the same bytes from one process and from workers, in every format, from a file, a CSV
and stdin; a bad line reported as in one process; Ctrl-C leaving valid output; and the streamed tables."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import threading
from itertools import repeat
from pathlib import Path

import pytest
import yaml
from rich.console import Console

from orgroles import parallel, writers
from orgroles.writers import OutputFormat

from .conftest import EXE, display_width, read_terminal

GUARD = 60  # seconds: only so that a hang fails the test instead of the whole run; never a benchmark
LINES = 2_500  # more than one chunk (parallel.CHUNK) and more rows than one table part (render.STREAM_ROWS)
DUTIES = ["brand strategy", "커뮤니티 운영", "", "负责用户留存与社群运营", "press release and media relations",
          "close enterprise deals", "x", "브랜드 인지도 캠페인", "SEO and app store keyword ranking"]  # fmt: skip


def _env(columns: int = 100) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("ORGROLES_DATA", "ORGROLES_LANG", "ORGROLES_DEBUG")}
    env.update({"NO_COLOR": "1", "COLUMNS": str(columns)})
    return env


def _classify(*args: str, stdin: bytes | None = None, columns: int = 100) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [EXE, "classify", *args], input=stdin, capture_output=True, env=_env(columns), timeout=GUARD, check=False
    )


@pytest.fixture(scope="module")
def duties(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("jobs") / "duties.txt"
    path.write_text("".join(f"{DUTIES[i % len(DUTIES)]}\n" for i in range(LINES)), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def staff_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("jobs") / "staff.csv"
    rows = "".join(f'{i},"{DUTIES[i % len(DUTIES)]}",team-{i % 7}\n' for i in range(LINES))
    path.write_text("id,duty,team\n" + rows, encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", list(OutputFormat), ids=lambda f: f.value)
@pytest.mark.parametrize("kind", ["lines", "csv"])
def test_one_process_and_two_workers_write_the_same_bytes(
    fmt: OutputFormat, kind: str, duties: Path, staff_csv: Path
) -> None:
    source = ["--file", str(duties)] if kind == "lines" else ["--file", str(staff_csv), "--column", "duty"]
    one = _classify(*source, "--format", fmt.value, "--jobs", "1")
    two = _classify(*source, "--format", fmt.value, "--jobs", "2")
    assert one.returncode == 0 and one.stderr == b"", one.stderr
    assert two.returncode == 0 and two.stderr == b"", two.stderr
    assert len(one.stdout) > LINES
    if fmt in writers.BINARY:  # a workbook holds the time it was written: its cells are compared
        assert _cells(two.stdout) == _cells(one.stdout)
    else:
        assert two.stdout == one.stdout


def _cells(workbook: bytes) -> list[tuple[object, ...]]:
    from openpyxl import load_workbook

    return [tuple(row) for row in load_workbook(io.BytesIO(workbook)).active.iter_rows(values_only=True)]


def test_stdin_gives_the_same_answers_with_workers(duties: Path) -> None:
    piped = duties.read_bytes()
    one = _classify("--format", "jsonl", "--jobs", "1", stdin=piped)
    every = _classify("--file", "-", "--format", "jsonl", "--jobs", "0", stdin=piped)
    assert every.returncode == 0 and every.stderr == b""
    assert every.stdout == one.stdout
    assert [json.loads(line)["text"] for line in every.stdout.splitlines()] == piped.decode().splitlines()


def test_a_bad_line_is_reported_as_in_one_process(tmp_path: Path) -> None:
    """The same output, then the same one-line error with the line's number, as one process."""
    src = tmp_path / "bad.txt"
    good = "".join(f"{DUTIES[i % len(DUTIES)]}\n" for i in range(3_000)).encode()
    src.write_bytes(good + b"brand \xff strategy\n" + good)
    one = _classify("--file", str(src), "--format", "jsonl", "--jobs", "1")
    two = _classify("--file", str(src), "--format", "jsonl", "--jobs", "2")
    assert one.returncode == two.returncode == 1
    assert two.stderr == one.stderr
    assert one.stderr.startswith(f"orgroles: error: {src}: line 3001: ".encode()), one.stderr
    assert two.stdout == one.stdout  # whatever one process writes before the error (the readers decide)


def test_ctrl_c_stops_the_workers_and_leaves_valid_jsonl(tmp_path: Path) -> None:
    """Ctrl-C at a terminal goes to the whole process group: the command and its workers."""
    src = tmp_path / "many.txt"
    src.write_text("user retention\n브랜드 전략\n" * 500_000, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    with out.open("wb") as sink, subprocess.Popen(
        [EXE, "classify", "--file", str(src), "--format", "jsonl", "--jobs", "2"],
        stdout=sink, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, env=_env(), start_new_session=True,
    ) as proc:  # fmt: skip
        timer = threading.Timer(GUARD, proc.kill)
        timer.start()
        while out.stat().st_size < 300_000 and proc.poll() is None:
            threading.Event().wait(0.02)
        os.killpg(proc.pid, signal.SIGINT)
        assert proc.stderr is not None
        err = proc.stderr.read().decode("utf-8", "replace")
        code = proc.wait()
        timer.cancel()
    assert code == 130, err
    assert "Traceback" not in err and err in ("", "orgroles: interrupted\n"), err
    with pytest.raises(ProcessLookupError):  # nothing of the group is left running: the workers stopped too
        os.killpg(proc.pid, 0)
    lines = out.read_bytes().splitlines()
    assert 0 < len(lines) < 1_000_000
    assert [json.loads(line)["function"] for line in lines] == ["user-ops", "brand"] * (len(lines) // 2) + (
        ["user-ops"] if len(lines) % 2 else []
    )


def test_the_workers_leave_when_the_command_is_killed(tmp_path: Path) -> None:
    src = tmp_path / "many.txt"
    src.write_text("user retention\n" * 1_000_000, encoding="utf-8")
    with subprocess.Popen(
        [EXE, "classify", "--file", str(src), "--format", "jsonl", "--jobs", "2"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL, env=_env(),
        start_new_session=True,
    ) as proc:  # fmt: skip
        assert proc.stdout is not None
        proc.stdout.readline()  # answers are coming: the workers are up
        proc.kill()
        proc.wait()
        proc.stdout.close()
    for _ in range(GUARD * 10):  # until the group is empty (or the guard ends the test)
        try:
            os.killpg(proc.pid, 0)
        except ProcessLookupError:
            return
        threading.Event().wait(0.1)
    os.killpg(proc.pid, signal.SIGKILL)
    pytest.fail("the workers outlived the killed command")


def test_one_duty_starts_no_pool() -> None:
    code = (
        "import sys\nfrom orgroles.cli import main\nsys.argv = ['orgroles', 'classify', 'community operation']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('multiprocessing', 'concurrent.futures') if m in sys.modules), file=sys.stderr)\n"
    )
    # not traced for coverage: coverage itself imports multiprocessing
    env = {k: v for k, v in _env().items() if k not in ("COVERAGE_PROCESS_START", "COVERAGE_PROCESS_CONFIG")}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False)
    assert done.stderr == "[]\n", done.stderr


def test_jobs_for_the_size_of_the_input() -> None:
    assert parallel.jobs_for(0, None) == parallel.all_cores()
    assert parallel.jobs_for(3, 10) == 3
    assert parallel.jobs_for(None, parallel.AUTO_BYTES) == parallel.all_cores()
    assert parallel.jobs_for(None, 4_000) == 1
    assert parallel.jobs_for(None, None) is None  # a pipe: decided as the rows come


def _answers(rows: list[str], jobs: int | None) -> bytes:
    settings = parallel.Settings(writers.encoder_for(OutputFormat.jsonl))
    with parallel.answers(zip(rows, repeat(None)), settings, jobs) as answers:
        return b"".join(answers)


def test_a_pipe_switches_to_workers_after_the_first_rows_and_keeps_the_order(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "AUTO_LINES", 50)
    monkeypatch.setattr(parallel, "CHUNK", 64)
    rows = [f"{DUTIES[i % len(DUTIES)]} {i}" for i in range(1_000)]
    alone = _answers(rows, 1)
    assert _answers(rows, None) == alone
    assert _answers(rows[:30], None) == _answers(rows[:30], 1)  # fewer than AUTO_LINES: no pool at all
    assert [json.loads(line)["text"] for line in alone.splitlines()] == rows


def test_the_workers_answer_as_one_process_does(monkeypatch: pytest.MonkeyPatch) -> None:
    """What a worker runs (set up by the pool's initializer), here in this process."""
    rows = [(d, None) for d in DUTIES]
    settings = parallel.Settings(writers.encoder_for(OutputFormat.jsonl))
    previous = signal.getsignal(signal.SIGINT)
    watched: list[bool] = []
    monkeypatch.setattr(parallel, "_exit_with_the_parent", lambda: watched.append(True))  # no thread here
    try:
        parallel._start_worker(settings)
        assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN  # Ctrl-C is the parent's to handle
        assert watched == [True]
        assert b"".join(parallel._answer_chunk(rows)) == _answers(DUTIES, 1)
    finally:
        signal.signal(signal.SIGINT, previous)


# -- tables that stream ------------------------------------------------------------------------------------


def test_a_long_table_is_printed_as_one_table(duties: Path) -> None:
    done = _classify("--file", str(duties), "--jobs", "1", columns=100)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.decode().splitlines()
    assert {display_width(line) for line in lines[:-1]} == {100}  # every part lines up with the first
    assert sum("Department" in line for line in lines) == 1  # one header
    numbers = [int(line.split()[0]) for line in lines if line[:10].strip().isdigit()]
    assert numbers == list(range(1, LINES + 1))
    assert lines[-1] == "? = ambiguous"


def test_a_long_table_on_a_narrow_terminal_is_a_block_per_duty(duties: Path) -> None:
    done = _classify("--file", str(duties), "--jobs", "2", columns=50)
    assert done.returncode == 0, done.stderr
    blocks = done.stdout.decode().split("\n\n")
    numbers = [int(block.split("\n")[0].split()[1]) for block in blocks if block.startswith("#")]
    assert numbers == list(range(1, LINES + 1))
    assert all(display_width(line) <= 50 for line in done.stdout.decode().splitlines())


def _peak_rss_kib(args: list[str]) -> int:
    """The peak memory of the command alone: measured by a fresh parent that starts nothing else."""
    code = (
        "import resource, subprocess, sys\n"
        "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=_env(), check=True)
    return int(done.stdout)


def test_the_table_does_not_grow_with_the_rows(tmp_path: Path) -> None:
    """Rich holds a whole table before printing it (9 KB a row): 3,000 more rows would add 27 MB."""
    sizes = {}
    for n in (1_500, 4_500):
        src = tmp_path / f"{n}.txt"
        src.write_text("".join(f"{DUTIES[i % len(DUTIES)]} {i}\n" for i in range(n)), encoding="utf-8")
        sizes[n] = _peak_rss_kib([EXE, "classify", "--file", str(src), "--jobs", "1"])
    assert sizes[4_500] - sizes[1_500] < 10 * 1024, sizes


def test_a_long_audit_table_prints_as_rich_draws_the_whole_table(tmp_path: Path) -> None:
    """The findings of a large chart come in parts of render.STREAM_ROWS, and read exactly as one table."""
    from orgroles import audit, engine, render
    from orgroles.knowledge import load_library, load_orgchart

    depts = [
        {"id": f"d{d}", "name": f"Dept {d}", "division": "market" if d % 2 else "operations",
         "duties": [f"{DUTIES[(d + i) % len(DUTIES)] or 'misc'} {i}" for i in range(150)]}
        for d in range(16)
    ]  # fmt: skip
    company = {"id": "big", "name": "Big", "centers": [{"id": "c", "name": "Center", "departments": depts}]}
    path = tmp_path / "big.yaml"
    path.write_text(yaml.safe_dump({"schema_version": 1, "companies": [company]}, allow_unicode=True), "utf-8")
    lib = load_library()
    report = audit.audit_company(load_orgchart(path, lib.kb).companies[0], engine.explainer(), "en")
    assert len(report.findings) > render.STREAM_ROWS
    for width in (120, 60):  # a table, and a block per finding
        whole, parts = io.StringIO(), io.StringIO()
        Console(file=whole, width=width, no_color=True).print(render.audit_table(report))
        render.print_audit_table(Console(file=parts, width=width, no_color=True), report)
        assert parts.getvalue() == whole.getvalue()


def test_the_progress_bar_counts_the_lines_of_every_worker(tmp_path: Path) -> None:
    import pty

    src = tmp_path / "duties.txt"
    src.write_text("brand strategy\n커뮤니티 운영\n" * 10_000, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    master, slave = pty.openpty()
    with out.open("wb") as sink:
        child = subprocess.Popen(
            [EXE, "classify", "--file", str(src), "--format", "jsonl", "--jobs", "2"],
            stdout=sink, stderr=slave, stdin=subprocess.DEVNULL, env=_env(),
        )  # fmt: skip
    os.close(slave)
    shown = read_terminal(master)
    assert child.wait(timeout=GUARD) == 0, shown
    assert "classifying" in shown and "lines" in shown and "Traceback" not in shown
    answers = [json.loads(line)["department"] for line in out.read_bytes().splitlines()]
    assert answers == ["market", "operations"] * 10_000


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_long_table_piped_into_head_ends_quietly(duties: Path, jobs: str) -> None:
    done = subprocess.run(
        f"set -o pipefail; {EXE} classify --file {duties} --jobs {jobs} | head -3",
        shell=True, capture_output=True, text=True, executable="/bin/bash", env=_env(), timeout=GUARD,
    )  # fmt: skip
    assert done.returncode == 0 and done.stderr == "", done.stderr
    assert "Department" in done.stdout.splitlines()[1]
