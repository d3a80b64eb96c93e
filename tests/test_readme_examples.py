"""The README's examples run on a fresh clone: every `$ orgroles ...` line of its console blocks, in order,
in a folder holding only what the repository ships (examples/) and what the README itself tells the reader
to write; and no file of the project names a path outside it."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

from .conftest import EXE

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
TOUR = README.split("<!-- reference:", 1)[0]  # the generated command reference is --help, not examples


# Runs the README shows on evaluation data that is deliberately not shipped (it stays out of the project)
UNSHIPPED = ("dev-postings.jsonl",)


def readme_commands() -> list[str]:
    blocks = re.findall(r"```console\n(.*?)```", TOUR, re.DOTALL)
    lines = [
        line[2:] for block in blocks for line in block.splitlines() if line.startswith(("$ orgroles ", "$ printf "))
    ]
    return [re.sub(r"\s+#.*$", "", line) for line in lines if not any(name in line for name in UNSHIPPED)]


def test_every_readme_example_runs_on_a_fresh_clone(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    for setup in re.findall(r"`(printf [^`]+)`", TOUR):  # the files the README asks the reader to make
        subprocess.run(["bash", "-c", setup], cwd=tmp_path, check=True)
    commands = readme_commands()
    assert len(commands) >= 15 and any("examples/labelled.jsonl" in c for c in commands)
    env = {k: v for k, v in os.environ.items() if k not in ("ORGROLES_DATA", "ORGROLES_LANG")}
    env["PATH"] = f"{Path(EXE).parent}{os.pathsep}{env.get('PATH', '')}"  # the installed command first
    for command in commands:
        # as the reader types it, pipes and redirections included
        done = subprocess.run(["bash", "-o", "pipefail", "-c", command], capture_output=True, text=True,
                              cwd=tmp_path, env=env, timeout=120)  # fmt: skip
        assert done.returncode == 0, (command, done.stderr)
        assert done.stdout or done.stderr or " > " in command, command  # init says what it wrote on stderr


def test_the_readme_shows_the_report_screenshots() -> None:
    for image in re.findall(r"!\[[^\]]*\]\(([^)]+)\)", README):
        assert (ROOT / image).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", image
    assert "docs/report.png" in README


def test_no_project_file_names_a_path_outside_it() -> None:
    outside = re.compile("/" + "work/|\\.\\./" + "shared|/" + "shared/(?:domain|eval)")
    roots = ["src", "data", "tests", "tools", "benchmarks", "examples", "docs", ".ci"]
    files = [p for r in roots if (ROOT / r).exists() for p in (ROOT / r).rglob("*") if p.is_file()]
    files += [ROOT / "README.md", ROOT / "pyproject.toml"]
    named = []
    for path in files:
        if "__pycache__" in path.parts or path.suffix in (".png", ".pyc"):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        named += [f"{path.relative_to(ROOT)}: {m.group(0)}" for m in outside.finditer(text)]
    assert named == []
