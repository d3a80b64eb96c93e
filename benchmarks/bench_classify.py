"""Speed and memory of `orgroles classify`, measured on the installed command. Reports numbers; never fails.

    python benchmarks/bench_classify.py            # full run: 100k-line throughput, 1M-line memory
    python benchmarks/bench_classify.py --quick    # smaller files, for a quick look
    python benchmarks/bench_classify.py --jobs-only   # only the --jobs throughput and worker memory

What it reports (each figure a ratio to a reference timed in the same run; each time the median of 3):
- throughput: lines per second of `orgroles classify --file F --format jsonl` on a generated file,
  with `--jobs 1` (one core) and `--jobs 0` (every core): the speed-up of every core over one
  (target >= 1.6x on 2 cores), and each as a ratio to a plain Python loop on one core that reads the
  lines and writes one json.dumps per line;
- peak memory (VmHWM) of each worker process of the `--jobs 0` run;
- peak memory of the default table format at 100,000 lines (the table prints as it goes);
- peak memory and time of `orgroles audit` of a generated org chart of 100,000 duties (generate_chart),
  in the default table format (target < 200 MB, issue 13), then as json and markdown;
- peak memory (max RSS of the child process) at 10,000 and 1,000,000 lines: it should be flat;
- cold start: median wall time of `orgroles classify "community operation"` as a ratio to
  `python -c "import typer, rich, pydantic, yaml"` and to `python -c "import typer"`, same run;
- one line of 1 MB: seconds to classify it (matching is linear in the input).

Targets (issue 9; the old per-core 4x target is retired): one-core jsonl within 7x the plain loop's
time; every core within 4x the plain loop's time on one core, and at least 1.6x one core on 2 (issue
13); cold start within 1.1x
`python -c "import typer, rich, pydantic, yaml"`.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
FILLER = {
    "en": ["responsible for", "drive", "own the", "work with the team on", "weekly report on", "support", "and"],
    "ko": ["담당", "업무", "및", "관리", "주도", "지원", "협업"],
    "zh": ["负责", "协助", "推动", "日常", "相关", "工作", "并"],
}


def orgroles_cmd() -> list[str]:
    exe = shutil.which("orgroles", path=str(Path(sys.executable).parent)) or shutil.which("orgroles")
    return [exe] if exe else [sys.executable, "-m", "orgroles"]


def vocabulary_terms() -> dict[str, list[str]]:
    """Terms of every language from the knowledge base, so generated duties look like real ones."""
    kb = yaml.safe_load((ROOT / "data" / "departments.yaml").read_text(encoding="utf-8"))
    terms: dict[str, list[str]] = {"en": [], "ko": [], "zh": []}
    for group in (kb.get("vocabulary") or {}).get("terms", []):
        for lang in terms:
            terms[lang].extend(group.get(lang) or {})
    for fn in kb["functions"]:
        for lang in terms:
            terms[lang].extend(fn["aliases"][lang])
    return terms


def generate(path: Path, lines: int, seed: int = 7) -> None:
    rnd = random.Random(seed)
    terms = vocabulary_terms()
    langs = list(terms)
    with path.open("w", encoding="utf-8") as out:
        for _ in range(lines):
            lang = rnd.choice(langs)
            words = rnd.sample(terms[lang], k=3) + rnd.sample(FILLER[lang], k=3)
            rnd.shuffle(words)
            sep = "" if lang == "zh" else " "
            out.write(sep.join(words) + "\n")


CHART_DIVISIONS = ("market", "operations", "sales", None)  # None: a department its name alone describes
CHART_NAMES = {
    "market": ("Brand team", "브랜드팀", "品牌部"),
    "operations": ("Growth operations", "그로스 운영팀", "用户运营部"),
    "sales": ("Sales team", "영업팀", "销售部"),
    None: ("Content team", "콘텐츠팀", "内容部"),
}


def generate_chart(path: Path, duties: int, per_department: int = 200, seed: int = 7) -> None:
    """An org chart in the format `orgroles init` writes: one company, centers of departments, each with
    `per_department` duties in en/ko/zh made as `generate` makes lines; one duty in ten tagged with its function."""
    rnd = random.Random(seed)
    terms = vocabulary_terms()
    functions = [fn["id"] for fn in yaml.safe_load((ROOT / "data" / "departments.yaml").read_bytes())["functions"]]
    langs = list(terms)
    lines = ["schema_version: 1", "companies:", "  - id: big-company", "    name: Big Company", "    centers:"]
    for d in range(-(-duties // per_department)):
        if d % 50 == 0:
            lines += [f"      - id: center-{d // 50}", f"        name: Center {d // 50}", "        departments:"]
        division = CHART_DIVISIONS[d % len(CHART_DIVISIONS)]
        name = CHART_NAMES[division][d % 3]
        lines += [f"          - id: dept-{d}", f"            name: {name} {d}"]
        if division:
            lines.append(f"            division: {division}")
        lines.append("            duties:")
        for _ in range(min(per_department, duties - d * per_department)):
            lang = rnd.choice(langs)
            words = rnd.sample(terms[lang], k=3) + rnd.sample(FILLER[lang], k=3)
            rnd.shuffle(words)
            text = json.dumps(("" if lang == "zh" else " ").join(words), ensure_ascii=False)  # JSON is valid YAML
            if rnd.random() < 0.1:
                lines += [f"              - text: {text}", f"                function: {rnd.choice(functions)}"]
            else:
                lines.append(f"              - {text}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def run_child(cmd: list[str], stdin_path: Path | None = None) -> tuple[float, int]:
    """Wall seconds and the child's peak RSS in KiB (getrusage of a fresh child via /usr/bin/time if present)."""
    time_bin = shutil.which("time") or "/usr/bin/time"
    if os.path.exists(time_bin):
        with tempfile.NamedTemporaryFile("r", suffix=".txt") as report:
            start = time.perf_counter()
            subprocess.run([time_bin, "-f", "%M", "-o", report.name, *cmd], stdout=subprocess.DEVNULL, check=True)
            wall = time.perf_counter() - start
            return wall, int(report.read().strip().splitlines()[-1])
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start, max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)


def median_child(cmd: list[str], repeat: int = 3) -> tuple[float, int]:
    """The median wall seconds of `repeat` runs, and the largest peak RSS (KiB) seen."""
    runs = [run_child(cmd) for _ in range(repeat)]
    return statistics.median(w for w, _ in runs), max(r for _, r in runs)


def worker_peaks(cmd: list[str]) -> list[int]:
    """Run `cmd` and return the peak RSS (VmHWM, KiB) of each of its child processes, polled from /proc."""
    peaks: dict[int, int] = {}
    with subprocess.Popen(cmd, stdout=subprocess.DEVNULL) as proc:
        children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children")
        while proc.poll() is None:
            try:
                pids = [int(p) for p in children.read_text().split()]
            except OSError:
                break
            for pid in pids:
                try:
                    status = Path(f"/proc/{pid}/status").read_text()
                except OSError:
                    continue
                hwm = next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:")), 0)
                peaks[pid] = max(peaks.get(pid, 0), hwm)
            time.sleep(0.02)
    return sorted(peaks.values())


def median_wall(cmd: list[str], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


THROUGHPUT_TARGET = 7.0  # x the plain loop's time, one core
MACHINE_TARGET = 4.0  # x the plain loop's time on one core, with every core at work (issue 13)
COLD_START_TARGET = 1.1  # x importing typer, rich, pydantic and yaml

PLAIN_LOOP = (
    "import json,sys\n"
    "out=sys.stdout\n"
    "for line in open(sys.argv[1], encoding='utf-8'):\n"
    "    out.write(json.dumps({'text': line.rstrip('\\n')}, ensure_ascii=False) + '\\n')\n"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10k/100k lines instead of 100k/1M")
    parser.add_argument("--jobs-only", action="store_true", help="only the --jobs throughput and worker memory")
    args = parser.parse_args()
    cmd = orgroles_cmd()
    throughput_lines = 10_000 if args.quick else 100_000
    memory_lines = [10_000, 100_000 if args.quick else 1_000_000]
    print(f"orgroles: {' '.join(cmd)}  python {sys.version.split()[0]}  cpus {os.cpu_count()}")
    # As `pip install .` leaves it: byte-compiled (an editable checkout under PYTHONDONTWRITEBYTECODE
    # would otherwise compile every module at every start), and with its knowledge cache warm.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "src" / "orgroles")], check=False)
    subprocess.run([*cmd, "classify", "warm the cache"], stdout=subprocess.DEVNULL, check=True)

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        data = folder / "duties.txt"
        generate(data, throughput_lines)
        jsonl = [*cmd, "classify", "--file", str(data), "--format", "jsonl"]
        one, one_rss = median_child([*jsonl, "--jobs", "1"])
        every, every_rss = median_child([*jsonl, "--jobs", "0"])
        loop_wall, _ = median_child([sys.executable, "-c", PLAIN_LOOP, str(data)])
        n = throughput_lines
        print(f"\nthroughput, --format jsonl, {n:,} generated lines, median of 3")
        print(f"  --jobs 1     {n / one:10,.0f} lines/s   ({one:.2f} s, peak {one_rss / 1024:.0f} MB)")
        cores = f"{os.cpu_count()} cores, peak {every_rss / 1024:.0f} MB"
        print(f"  --jobs 0     {n / every:10,.0f} lines/s   ({every:.2f} s, {cores})")
        print(f"  plain loop   {n / loop_wall:10,.0f} lines/s   ({loop_wall:.2f} s, one core)")
        print(f"  every core vs one core      {one / every:6.2f} x faster   (target >= 1.6 on 2 cores)")
        print(f"  one core vs the plain loop  {one / loop_wall:6.2f} x its time (target <= {THROUGHPUT_TARGET:g})")
        print(f"  every core vs the plain loop{every / loop_wall:6.2f} x its time (target <= {MACHINE_TARGET:g})")
        peaks = worker_peaks([*jsonl, "--jobs", "0"]) if Path("/proc/self/status").exists() else []
        shown = ", ".join(f"{p / 1024:.1f}" for p in peaks) or "not measured (no /proc)"
        print(f"  peak memory per worker (MB): {shown}")

        if args.jobs_only:
            return
        table_lines = 10_000 if args.quick else 100_000
        generate(data, table_lines)
        wall, rss = run_child([*cmd, "classify", "--file", str(data)])
        print(f"\ntable (the default format), {table_lines:,} lines: peak {rss / 1024:.0f} MB, {wall:.1f} s")
        chart, duties = folder / "chart.yaml", 10_000 if args.quick else 100_000
        generate_chart(chart, duties)
        wall, rss = run_child([*cmd, "audit", str(chart)])
        print(f"audit table of a {duties:,}-duty chart: peak {rss / 1024:.0f} MB, {wall:.1f} s")
        for fmt in ("json", "markdown"):
            wall, rss = run_child([*cmd, "audit", str(chart), "--format", fmt])
            print(f"  and --format {fmt}: peak {rss / 1024:.0f} MB, {wall:.1f} s")

        print("\npeak memory (max RSS), --format jsonl --jobs 1")
        for n in memory_lines:
            generate(data, n)
            wall, rss = run_child([*cmd, "classify", "--file", str(data), "--format", "jsonl", "--jobs", "1"])
            print(f"  {n:>9,} lines  {rss / 1024:7.1f} MB   {n / wall:10,.0f} lines/s")

        big = folder / "one-line.txt"
        base = "负责品牌定位与用户留存，브랜드 전략과 커뮤니티 운영, brand strategy and user retention; "
        big.write_text(base * (1_000_000 // len(base.encode("utf-8"))) + "\n", encoding="utf-8")
        wall, rss = run_child([*cmd, "classify", "--file", str(big), "--format", "json"])
        print(
            f"\none line of {big.stat().st_size / 1e6:.1f} MB: {wall:.2f} s (whole process), peak {rss / 1024:.0f} MB"
        )

    repeat = 5 if args.quick else 15
    ours = median_wall([*cmd, "classify", "community operation"], repeat)
    ours_json = median_wall([*cmd, "classify", "community operation", "--format", "json"], repeat)
    ref_all = median_wall([sys.executable, "-c", "import typer, rich, pydantic, yaml"], repeat)
    ref_typer = median_wall([sys.executable, "-c", "import typer"], repeat)
    print(f"\ncold start, median of {repeat}")
    print(f"  orgroles classify 'community operation'           {ours * 1000:6.0f} ms")
    print(f"  orgroles classify 'community operation' -f json   {ours_json * 1000:6.0f} ms")
    print(
        f"  python -c 'import typer, rich, pydantic, yaml'    {ref_all * 1000:6.0f} ms   ratio {ours / ref_all:.2f}"
        f"   (target: within {COLD_START_TARGET:g})"
    )
    print(
        f"  python -c 'import typer'                          {ref_typer * 1000:6.0f} ms   ratio {ours / ref_typer:.2f}"
    )


if __name__ == "__main__":
    main()
