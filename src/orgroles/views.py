"""What each command shows, as plain data (the JSON contract) and as Mermaid/DOT text; no Rich here."""

from __future__ import annotations

from typing import Any

from orgroles.compare import CompanyComparison, Placement, duty_key, placements
from orgroles.knowledge import Library
from orgroles.model import Company, Division, Function, Lang
from orgroles.terminal import visible
from orgroles.text import text_of

JSON = dict[str, Any]


def overlaps_of(lib: Library, item_id: str) -> list[JSON]:
    return [
        {
            "id": o.id,
            "topic": o.topic.model_dump(),
            "functions": o.functions,
            "question": o.question.model_dump(),
        }
        for o in lib.kb.overlaps
        if item_id in o.functions
    ]


def companies_with(lib: Library, key: str) -> list[JSON]:
    out = []
    for company in lib.cases.companies:
        for p in placements(company).get(key, []):
            out.append({"company": company.id, "department": p.department, "center": p.center, "scope": p.scope})
    return out


def function_view(lib: Library, fn: Function) -> JSON:
    return {
        "kind": "function",
        **fn.model_dump(mode="json"),
        "overlaps": overlaps_of(lib, fn.id),
        "companies": companies_with(lib, fn.id),
    }


def division_view(lib: Library, div: Division) -> JSON:
    return {
        "kind": "division",
        **div.model_dump(mode="json"),
        "functions": [f.id for f in lib.kb.functions if f.division == div.id],
        "principle": lib.kb.principle.summary.model_dump(),
        "companies": companies_with(lib, div.id),
    }


def company_view(company: Company) -> JSON:
    return {"kind": "company", **company.model_dump(mode="json")}


def reference_view(lib: Library) -> JSON:
    return {
        "kind": "reference",
        "divisions": [
            {
                "id": d.id,
                "name": d.name.model_dump(),
                "in_reference_model": d.in_reference_model,
                "functions": [
                    {"id": f.id, "name": f.name.model_dump(), "duties": [t.model_dump() for t in f.duties]}
                    for f in lib.kb.functions
                    if f.division == d.id
                ],
            }
            for d in lib.kb.divisions
        ],
    }


def list_view(lib: Library, what: str | None) -> JSON:
    out: JSON = {}
    if what in (None, "divisions"):
        out["divisions"] = [{"id": d.id, "name": d.name.model_dump()} for d in lib.kb.divisions]
    if what in (None, "functions"):
        out["functions"] = [{"id": f.id, "division": f.division, "name": f.name.model_dump()} for f in lib.kb.functions]
    if what in (None, "companies"):
        out["companies"] = [
            {"id": c.id, "name": c.name if isinstance(c.name, str) else c.name.model_dump()}
            for c in lib.cases.companies
        ]
    return out


def _placement_json(p: Placement) -> JSON:
    return {
        "department": p.department,
        "center": p.center,
        "department_division": p.department_division,
        "scope": p.scope,
    }


def company_comparison_view(cmp: CompanyComparison) -> JSON:
    return {
        "kind": "companies",
        "a": cmp.a.id,
        "b": cmp.b.id,
        "rows": [
            {
                "function": row.key,
                "division": row.division,
                "a": [_placement_json(p) for p in row.a],
                "b": [_placement_json(p) for p in row.b],
                "differences": row.differences,
            }
            for row in cmp.rows
        ],
        "notes": {
            cmp.a.id: [n.model_dump() for n in cmp.a.notes],
            cmp.b.id: [n.model_dump() for n in cmp.b.notes],
        },
    }


def explain_view(lib: Library) -> JSON:
    p = lib.kb.principle
    return {
        "kind": "principle",
        **p.model_dump(mode="json"),
        "divisions": [
            {k: v for k, v in d.model_dump(mode="json").items() if k not in ("aliases", "alt_names")}
            for d in lib.kb.divisions
        ],
    }


def cycle_view(lib: Library) -> JSON:
    return {"kind": "cycle", **lib.kb.cycle.model_dump(mode="json")}


# -- diagrams -------------------------------------------------------------------------------------------
#
# Every id and label is quoted and escaped, whatever a chart holds: an id is made from the kind of node and
# its kebab-case ids, so `node`, `end`, `strict`, a leading digit or a center and a department of one name
# can never be read as a keyword or merge two nodes; a label is shown through the terminal sanitiser (no
# control character) and escaped for its language, so a quote, '<', '#' or a trailing backslash stays text.

DIVISION_COLOURS = {"market": "#f4b183", "operations": "#9dc3e6", "sales": "#c9c9c9"}


def node_id(kind: str, *ids: str) -> str:
    """A diagram id no chart can collide with or turn into a keyword: `department_growth_center__brand`.
    Kebab-case ids hold no '_', so '-' -> '_' within an id and '__' between ids keep every node apart."""
    return f"{kind}_{'__'.join(i.replace('-', '_') for i in ids)}"


def _mermaid_text(text: str) -> str:
    """A label inside Mermaid's ["..."]: its entity codes for what the grammar or HTML would read."""
    shown = visible(text).replace("#", "#35;")
    for ch, code in (("&", "#amp;"), ("<", "#lt;"), (">", "#gt;"), ('"', "#quot;"), ("`", "#96;")):
        shown = shown.replace(ch, code)
    return shown


def _dot_text(text: str) -> str:
    """A DOT string's inside: backslash and double quote escaped (a name ending in '\\' stays one)."""
    return visible(text).replace("\\", "\\\\").replace('"', '\\"')


def _dot_label(lines: list[str]) -> str:
    return '"' + "\\n".join(_dot_text(line) for line in lines) + '"'


def mermaid_reference(lib: Library, lang: Lang) -> str:
    lines = ["flowchart TD"]
    groups: dict[str, list[str]] = {}
    for d in lib.kb.divisions:
        did = node_id("division", d.id)
        lines.append(f'  {did}["{_mermaid_text(d.name.get(lang))}"]')
        groups[d.id] = [did]
        for f in lib.kb.functions:
            if f.division == d.id:
                fid = node_id("function", f.id)
                lines.append(f'  {did} --> {fid}["{_mermaid_text(f.name.get(lang))}"]')
                groups[d.id].append(fid)
    lines += _mermaid_classes(groups)
    return "\n".join(lines) + "\n"


def mermaid_company(
    company: Company,
    lang: Lang,
    colour_of: dict[str, str | None],
    classified: dict[int, str] | None = None,
) -> str:
    """`colour_of` maps a department id to the division its duties belong to (None: unknown);
    `classified` id(duty) to the function the classifier gives an untagged duty."""
    root = node_id("company", company.id)
    lines = ["flowchart TD", f'  {root}["{_mermaid_text(text_of(company.name, lang))}"]']
    groups: dict[str, list[str]] = {}
    for center in company.centers:
        cid = node_id("center", center.id)
        lines.append(f'  {root} --> {cid}["{_mermaid_text(text_of(center.name, lang))}"]')
        for dept in center.departments:
            did = node_id("department", center.id, dept.id)
            duties = "<br/>".join(_mermaid_text(_duty_label(duty, lang, classified)) for duty in dept.duties)
            lines.append(f'  {cid} --> {did}["<b>{_mermaid_text(text_of(dept.name, lang))}</b><br/>{duties}"]')
            division = colour_of.get(dept.id)
            if division:
                groups.setdefault(division, []).append(did)
    lines += _mermaid_classes(groups)
    return "\n".join(lines) + "\n"


def _mermaid_classes(groups: dict[str, list[str]]) -> list[str]:
    """A class per division (`division_market`: never Mermaid's own `default`), and its nodes."""
    lines = []
    for division, ids in groups.items():
        colour = DIVISION_COLOURS.get(division, "#ffffff")
        name = node_id("division", division)
        lines.append(f"  classDef {name} fill:{colour},stroke:#333")
        lines.append(f"  class {','.join(ids)} {name}")
    return lines


def _duty_label(duty: Any, lang: Lang, classified: dict[int, str] | None) -> str:
    key = duty_key(duty) or (classified or {}).get(id(duty))
    return f"{duty.in_lang(lang)} [{key}]" if key else duty.in_lang(lang)


_DOT_HEAD = ["digraph orgroles {", "  rankdir=TB;", '  node [shape=box, style="rounded,filled", fillcolor=white];']


def dot_reference(lib: Library, lang: Lang) -> str:
    lines = list(_DOT_HEAD)
    for d in lib.kb.divisions:
        did = node_id("division", d.id)
        colour = DIVISION_COLOURS.get(d.id, "white")
        lines.append(f'  "{did}" [label={_dot_label([d.name.get(lang)])}, fillcolor="{colour}"];')
        for f in lib.kb.functions:
            if f.division == d.id:
                fid = node_id("function", f.id)
                lines.append(f'  "{fid}" [label={_dot_label([f.name.get(lang)])}, fillcolor="{colour}"];')
                lines.append(f'  "{did}" -> "{fid}";')
    return "\n".join([*lines, "}"]) + "\n"


def dot_company(
    company: Company,
    lang: Lang,
    colour_of: dict[str, str | None],
    classified: dict[int, str] | None = None,
) -> str:
    root = node_id("company", company.id)
    lines = [*_DOT_HEAD, f'  "{root}" [label={_dot_label([text_of(company.name, lang)])}];']
    for center in company.centers:
        cid = node_id("center", center.id)
        lines.append(f'  "{cid}" [label={_dot_label([text_of(center.name, lang)])}];')
        lines.append(f'  "{root}" -> "{cid}";')
        for dept in center.departments:
            did = node_id("department", center.id, dept.id)
            label = _dot_label([text_of(dept.name, lang), *(_duty_label(d, lang, classified) for d in dept.duties)])
            colour = DIVISION_COLOURS.get(colour_of.get(dept.id) or "", "white")
            lines.append(f'  "{did}" [label={label}, fillcolor="{colour}"];')
            lines.append(f'  "{cid}" -> "{did}";')
    return "\n".join([*lines, "}"]) + "\n"
