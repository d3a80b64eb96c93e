"""Diagrams of valid but awkward charts, checked by the tools that read them: graphviz's `dot` for DOT and
Mermaid's own grammar (its npm package, run by node) for Mermaid. Ids that are keywords (`node`, `graph`,
`edge`, `strict`, `subgraph`, `end`), ids starting with a digit, a center and a department of one id, names
ending in a backslash or holding quotes, '<', '#', '&' and escape sequences: every node stays one node with
its own text."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from orgroles.model import Company

from .test_adversarial import fails, run, succeeds

MERMAID_DIR = Path(__file__).parent / "mermaid"
SVG = "{http://www.w3.org/2000/svg}"

NAMES = {
    "company": 'Acme "quoted" & <b>bold</b> #35; `tick`',
    "node": "Ops center \\",
    "strict": "Strict \x1b[2J center",
}
# (center id, department id, department name, duties): ids that are DOT or Mermaid keywords, or start with
# a digit, and a department named like its center
DEPARTMENTS = [
    ("node", "node", "Node team \\", ["community operation and user retention", 'say "hi" <script>']),
    ("node", "graph", "Graph # team", ["brand strategy \\"]),
    ("node", "edge", "Edge & co", ["press release"]),
    ("strict", "subgraph", "Sub<graph>", ["seo"]),
    ("strict", "1st-line", "1st line", ["customer support \u202etxet"]),
    ("strict", "end", "End", ["sales quota"]),
]


@pytest.fixture
def chart(tmp_path: Path) -> Path:
    centers = []
    for center in ("node", "strict"):
        departments = [
            {"id": dept, "name": name, "duties": duties} for c, dept, name, duties in DEPARTMENTS if c == center
        ]
        centers.append({"id": center, "name": NAMES[center], "departments": departments})
    company = {"id": "end", "name": NAMES["company"], "centers": centers}
    path = tmp_path / "awkward.yaml"  # JSON is YAML: the escapes stay escapes
    path.write_text(json.dumps({"schema_version": 1, "companies": [company]}), encoding="utf-8")
    return path


def _expected_nodes() -> int:
    return 1 + len(NAMES) - 1 + len(DEPARTMENTS)  # the company, its centers, their departments


def _shown(text: str) -> str:
    """What a diagram shows for a name: control characters and bidi controls as their visible stand-ins."""
    from orgroles.terminal import visible

    return visible(text)


# -- DOT, read by graphviz ----------------------------------------------------------------------------------

needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="graphviz's dot is not installed")


def _dot_nodes(source: str) -> dict[str, str]:
    """Node id -> the text graphviz draws in it, from its SVG."""
    done = subprocess.run(["dot", "-Tsvg"], input=source.encode(), capture_output=True, timeout=60)
    assert done.returncode == 0 and not done.stderr, done.stderr.decode()
    root = ET.fromstring(done.stdout)
    nodes = {}
    for group in root.iter(f"{SVG}g"):
        if group.get("class") == "node":
            title = group.find(f"{SVG}title")
            assert title is not None and title.text
            nodes[title.text] = "\n".join(t.text or "" for t in group.iter(f"{SVG}text"))
    return nodes


@needs_dot
def test_dot_of_an_awkward_chart_is_read_by_graphviz_node_for_node(chart: Path) -> None:
    source = succeeds(run("tree", str(chart), "--format", "dot"))
    nodes = _dot_nodes(source)
    assert len(nodes) == _expected_nodes(), sorted(nodes)
    texts = sorted(nodes.values())
    assert _shown(NAMES["company"]) in texts
    assert "Ops center \\" in texts  # the backslash is the name's, not the end of the string
    assert _shown(NAMES["strict"]) in texts
    for _, _, name, duties in DEPARTMENTS:
        drawn = next(t for t in texts if t.startswith(name + "\n"))
        for duty in duties:
            assert _shown(duty) in drawn, (duty, drawn)
    edges = re.findall(r'^\s*"([^"]+)" -> "([^"]+)";$', source, re.M)
    assert len(edges) == _expected_nodes() - 1 and {a for a, _ in edges} | {b for _, b in edges} == set(nodes)


@needs_dot
@pytest.mark.parametrize("lang", ["en", "ko", "zh"])
def test_dot_of_the_reference_and_every_example_company_is_read_by_graphviz(lang: str) -> None:
    assert len(_dot_nodes(succeeds(run("tree", "--format", "dot", "--lang", lang)))) > 10
    for company in ("company-a", "company-b", "company-c"):
        assert _dot_nodes(succeeds(run("tree", company, "--format", "dot", "--lang", lang)))


# -- Mermaid, read by Mermaid's own grammar ----------------------------------------------------------------


@pytest.fixture(scope="session")
def mermaid_parser() -> list[str]:
    """`node parse.mjs`, with Mermaid installed beside it from npm on first use (CI installs it first)."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None:
        pytest.skip("node is not installed: Mermaid's grammar runs on it")
    if not (MERMAID_DIR / "node_modules" / "mermaid").is_dir():
        assert npm is not None, "node without npm: install npm to fetch Mermaid for this test"
        done = subprocess.run(
            [npm, "install", "--no-audit", "--no-fund", "--no-package-lock"],
            cwd=MERMAID_DIR,
            capture_output=True,
            timeout=600,
        )
        assert done.returncode == 0, done.stderr.decode()
    return [node, str(MERMAID_DIR / "parse.mjs")]


def _mermaid(parser: list[str], source: str) -> dict[str, object]:
    done = subprocess.run(parser, input=source.encode(), capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr.decode()
    parsed: dict[str, object] = json.loads(done.stdout)
    return parsed


def _mermaid_text(label: str) -> str:
    """A label as Mermaid shows it: its entity codes decoded, its <br> tags line breaks. (Mermaid keeps a
    `#quot;` or `#35;` code as 'ﬂ°quot¶ß' or 'ﬂ°°35¶ß' until it draws: the same decoding, one step on.)"""
    label = re.sub(r"<br/?>", "\n", label.replace("<b>", "").replace("</b>", ""))  # our tags; the data's are codes
    label = re.sub(r"ﬂ°°(\d+)¶ß", lambda m: html.unescape(f"&#{m[1]};"), label)
    return re.sub(r"ﬂ°(\w+)¶ß", lambda m: html.unescape(f"&{m[1]};"), label)


def test_mermaid_of_an_awkward_chart_is_read_by_mermaids_grammar(mermaid_parser: list[str], chart: Path) -> None:
    parsed = _mermaid(mermaid_parser, succeeds(run("tree", str(chart), "--format", "mermaid")))
    nodes: dict[str, str] = parsed["nodes"]  # type: ignore[assignment]
    assert len(nodes) == _expected_nodes(), sorted(nodes)
    assert len(parsed["edges"]) == _expected_nodes() - 1  # type: ignore[arg-type]
    texts = [_mermaid_text(t) for t in nodes.values()]
    assert _shown(NAMES["company"]) in texts  # quotes, '&', '<b>' and '#35;' shown as typed
    assert "Ops center \\" in texts
    for _, _, name, duties in DEPARTMENTS:
        drawn = next(t for t in texts if t.startswith(name + "\n"))
        for duty in duties:
            assert _shown(duty) in drawn, (duty, drawn)


@pytest.mark.parametrize("lang", ["en", "ko", "zh"])
def test_mermaid_of_the_reference_and_every_example_company_is_read_by_mermaids_grammar(
    mermaid_parser: list[str], lang: str
) -> None:
    reference = _mermaid(mermaid_parser, succeeds(run("tree", "--format", "mermaid", "--lang", lang)))
    assert len(reference["nodes"]) > 10  # type: ignore[arg-type]
    for company in ("company-a", "company-b", "company-c"):
        parsed = _mermaid(mermaid_parser, succeeds(run("tree", company, "--format", "mermaid", "--lang", lang)))
        assert set(parsed["classes"]) <= {"division_market", "division_operations", "division_sales"}  # type: ignore[arg-type]


# -- ids ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("bad", ["acme\n", "acme\r\n", "Acme", "acme-", "-acme", "ac--me", "ac me", "acme_1", ""])
def test_a_kebab_case_id_is_the_whole_value(bad: str) -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="kebab-case"):
        Company.model_validate({"id": bad, "name": "x", "centers": [{"id": "c", "name": "c", "departments": []}]})


def test_a_chart_with_a_newline_in_an_id_is_refused_by_the_command(tmp_path: Path) -> None:
    path = tmp_path / "chart.yaml"
    path.write_text(json.dumps({"schema_version": 1, "companies": [{
        "id": "acme\n", "name": "Acme", "centers": [{"id": "c", "name": "C", "departments": [
            {"id": "d", "name": "D", "duties": ["seo"]}]}]}]}), encoding="utf-8")  # fmt: skip
    for fmt in ("mermaid", "dot"):
        fails(run("tree", str(path), "--format", fmt), 1, "kebab-case")
