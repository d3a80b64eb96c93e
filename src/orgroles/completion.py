"""Shell completion of names: divisions, functions and companies, by id or by name in any of the three languages.

Completion runs at every press of Tab, so it reads the compiled knowledge (cached, see orgroles.compiled)
and the plain YAML of the companies, without validating the whole library. What it offers goes to the
shell and so to the terminal: it passes `offerable` first (a name with a control character is not offered).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from orgroles.paths import cases_path
from orgroles.terminal import visible
from orgroles.text import LANGS, fold_name


def _entities(data: Path | None, companies_only: bool) -> list[tuple[str, dict[str, str]]]:
    """(id, {lang: name}) of every division, function and company in force (or of the companies only)."""
    from orgroles.compiled import load_compiled
    from orgroles.knowledge import read_yaml

    entities = [] if companies_only else list(load_compiled(data)["names"].items())
    companies = read_yaml(cases_path(data)).data.get("companies") or []
    for company in companies:
        if isinstance(company, dict) and isinstance(company.get("id"), str):
            names = company.get("name")
            entities.append((company["id"], names if isinstance(names, dict) else {}))
    return entities


def complete_names(
    incomplete: str, data: Path | None = None, companies_only: bool = False, given: Iterable[str] = ()
) -> list[tuple[str, str]]:
    """(what to insert, what it is) for each id or name that starts with what was typed.

    Ids are offered for English; Korean and Chinese names are offered as written, without spaces (a
    name is looked up without them), so '브' offers 브랜드팀 and '品' offers 品牌部.
    """
    try:
        entities = _entities(data, companies_only)
    except Exception:  # broken data of any shape: a Tab offers nothing; the command itself will say why
        return []
    typed = fold_name(incomplete)
    taken = {fold_name(name) for name in given}  # compare's first name is not offered as its second
    out: dict[str, str] = {}
    for ident, names in entities:
        english = str(names.get("en") or ident)
        values = [ident, *("".join(str(names.get(lang) or "").split()) for lang in LANGS if lang != "en")]
        if taken & {fold_name(value) for value in values}:
            continue
        for value in values:
            if value and fold_name(value).startswith(typed):
                out.setdefault(value, english)
    return offerable(sorted(out.items()))


def offerable(candidates: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """The candidates fit to hand to the shell. One whose text to insert holds anything `terminal.visible`
    would change (an escape sequence, a line break, a bidi override) is left out: raw it would reach the
    terminal (a line break would even split it into two candidates), and shown as a stand-in it would insert
    a name that is not the one in the file. What a candidate is, shown beside it, is shown as `visible`."""
    return [(value, visible(about)) for value, about in candidates if visible(value) == value]
