"""The commands that show the knowledge: show, list, tree, compare, explain and cycle."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from orgroles.cli.common import (
    DataOpt,
    ExportOpt,
    ForceOpt,
    Format,
    FormatOpt,
    Lang,
    LangOpt,
    ListWhat,
    PlainLangOpt,
    TreeFormat,
    app,
    check_export,
    complete_companies_or_files,
    complete_names,
    complete_names_or_files,
    emit,
    emit_json,
    emit_text,
    find_company,
    knowledge_library,
    own_words,
    pick_chart_lang,
    pick_lang,
    reported,
)
from orgroles.errors import UsageError


@app.command()
def show(
    name: Annotated[
        str,
        typer.Argument(
            help="An id or any name in any language: brand, 브랜드, 品牌部, market, company-b.",
            autocompletion=complete_names,
        ),
    ],
    fmt: FormatOpt = Format.table,
    lang: LangOpt = None,
    data: DataOpt = None,
    export: ExportOpt = None,
    force: ForceOpt = False,
) -> None:
    """Show the card of a function, a division or an example company.

    \b
    Example: orgroles show 品牌部
    """
    from orgroles import views

    with reported():
        check_export(export, fmt is Format.table, force)
        lib = knowledge_library(data)
        ent = lib.resolve(name)
        if fmt is Format.json:
            if ent.kind == "function":
                return emit_json(views.function_view(lib, lib.functions[ent.id]))
            if ent.kind == "division":
                return emit_json(views.division_view(lib, lib.divisions[ent.id]))
            return emit_json(views.company_view(lib.companies[ent.id]))
        from orgroles import render

        lg = pick_lang(lang, name)
        if ent.kind == "function":
            card = render.function_card(lib, lib.functions[ent.id], lg)
        elif ent.kind == "division":
            card = render.division_card(lib, lib.divisions[ent.id], lg)
        else:
            company = lib.companies[ent.id]
            lg = pick_chart_lang(lang, company, name)  # a chart of one's own: its language
            card = render.company_tree(lib, company, lg, _classified(company, data, lg))
        emit(card, export, force)


@app.command("list")
def list_(
    what: Annotated[ListWhat | None, typer.Argument(help="divisions, functions or companies (default: all).")] = None,
    fmt: FormatOpt = Format.table,
    lang: PlainLangOpt = None,
    data: DataOpt = None,
    export: ExportOpt = None,
    force: ForceOpt = False,
) -> None:
    """List the divisions, functions and example companies with their ids.

    \b
    Example: orgroles list functions --lang zh
    """
    from orgroles import views

    with reported():
        check_export(export, fmt is Format.table, force)
        lib = knowledge_library(data)
        key = what.value if what else None
        if fmt is Format.json:
            emit_json(views.list_view(lib, key))
        else:
            from orgroles.render import list_tables

            emit(list_tables(lib, key, pick_lang(lang)), export, force)


@app.command()
def tree(
    company: Annotated[
        str | None,
        typer.Argument(
            help="A company id or name, or your org-chart file (default: the reference model).",
            autocompletion=complete_companies_or_files,
        ),
    ] = None,
    fmt: Annotated[TreeFormat, typer.Option("--format", "-f", help="table, json, mermaid or dot.")] = TreeFormat.table,
    lang: LangOpt = None,
    data: DataOpt = None,
    export: ExportOpt = None,
    force: ForceOpt = False,
) -> None:
    """Draw the reference org chart, or a company's centers, departments and duties.

    Each duty is tagged with its function; --format mermaid or dot gives a diagram to paste into docs,
    with each department coloured by the division its duties belong to.

    \b
    Example: orgroles tree company-b --format mermaid
    """
    from orgroles import views

    with reported():
        check_export(export, fmt is TreeFormat.table, force)
        lib = knowledge_library(data)
        lg = pick_lang(lang, company or "")
        if company is None:
            if fmt is TreeFormat.json:
                return emit_json(views.reference_view(lib))
            if fmt is TreeFormat.mermaid:
                return emit_text(views.mermaid_reference(lib, lg))
            if fmt is TreeFormat.dot:
                return emit_text(views.dot_reference(lib, lg))
            from orgroles.render import reference_tree

            return emit(reference_tree(lib, lg), export, force)
        chart = find_company(lib, company)
        lg = pick_chart_lang(lang, chart, company)
        if fmt is TreeFormat.json:
            return emit_json(views.company_view(chart))
        if fmt in (TreeFormat.mermaid, TreeFormat.dot):
            from orgroles import audit, engine

            verdicts = audit.judge_chart(chart, engine.explainer(data), lg)  # once, for colours and tags
            draw = views.mermaid_company if fmt is TreeFormat.mermaid else views.dot_company
            colours = audit.department_colours(chart, verdicts)
            return emit_text(draw(chart, lg, colours, _classified(chart, data, lg, verdicts)))
        from orgroles.render import company_tree

        emit(company_tree(lib, chart, lg, _classified(chart, data, lg)), export, force)


def _classified(chart: Any, data: Path | None, lang: Any, verdicts: dict[int, Any] | None = None) -> dict[int, str]:
    """id(duty) -> the function (or division) the classifier gives each untagged duty of a user's chart
    (the built-in companies' duties are all tagged); `verdicts` when already judged."""
    if not own_words(chart):
        return {}
    if verdicts is None:
        from orgroles import audit, engine

        verdicts = audit.judge_chart(chart, engine.explainer(data), lang)
    return {key: v.function or v.division for key, v in verdicts.items() if not v.tagged}


@app.command()
def compare(
    a: Annotated[
        str,
        typer.Argument(
            help="A company, function or division, or your org-chart file.", autocompletion=complete_names_or_files
        ),
    ],
    b: Annotated[
        str,
        typer.Argument(
            help="Another of the same kind (a chart file beside a company or another chart).",
            autocompletion=complete_names_or_files,
        ),
    ],
    fmt: FormatOpt = Format.table,
    lang: LangOpt = None,
    data: DataOpt = None,
    export: ExportOpt = None,
    force: ForceOpt = False,
) -> None:
    """Compare two companies, two functions or two divisions side by side.

    Two companies: one row per function, which department and center owns it in each, online or offline,
    with the differences called out. Either company may be your own org-chart file (orgroles init writes
    one): its duties are placed by their `function:` tags, else by the classifier. Two functions (compare
    brand pr) or two divisions (compare market operations): their cards side by side.

    Examples:

    \b
      orgroles compare company-a company-b
      orgroles compare orgchart.yaml company-b
      orgroles compare orgchart.yaml last-year.yaml
    """
    from orgroles import compare as cmp
    from orgroles import views

    with reported():
        check_export(export, fmt is Format.table, force)
        lib = knowledge_library(data)
        if _is_chart_file(a) or _is_chart_file(b):
            return _compare_charts(lib, a, b, fmt, lang, data, export)
        ea, eb = cmp.check_same_kind(lib, a, b)
        lg = pick_lang(lang, a, b)
        if ea.kind == "company":
            result = cmp.compare_companies(lib, ea.id, eb.id)
            if fmt is Format.json:
                return emit_json(views.company_comparison_view(result))
            from orgroles.render import company_comparison

            return emit(company_comparison(lib, result, lg), export, force)
        table = lib.functions if ea.kind == "function" else lib.divisions
        items = [table[ea.id], table[eb.id]]
        if fmt is Format.json:
            return emit_json({"kind": f"{ea.kind}s", "items": [i.model_dump(mode="json") for i in items]})
        from orgroles.render import side_by_side

        emit(side_by_side(lib, items, lg), export, force)


def _is_chart_file(name: str) -> bool:
    """An argument that names an org-chart file rather than a company (the test company applies)."""
    return Path(name).suffix.lower() in (".yaml", ".yml") or Path(name).is_file()


def _compare_charts(
    lib: Any, a: str, b: str, fmt: Format, lang: Lang | None, data: Path | None, export: Path | None
) -> None:
    """compare with a chart file on either side: the chart's duties placed by their tags, else by the classifier."""
    from orgroles import audit, engine
    from orgroles import compare as cmp
    from orgroles.langs import answer_lang, chart_lang, script_lang

    ca, cb = find_company(lib, a), find_company(lib, b)
    if ca.id == cb.id:
        raise UsageError(f"{a!r} and {b!r} are both the company {ca.id!r}: name two different ones (or change an id)")
    lg: Any = answer_lang(lang.value if lang else None, chart_lang(ca) or chart_lang(cb), script_lang([a, b]))
    ex = engine.explainer(data)
    verdicts = {**audit.judge_chart(ca, ex, lg), **audit.judge_chart(cb, ex, lg)}

    def key_of(duty: Any) -> str | None:
        v = verdicts[id(duty)]
        return v.function or (v.division if v.division != "unclassified" else None)

    result = cmp.compare_charts(lib, ca, cb, key_of)
    if fmt is Format.json:
        from orgroles import views

        return emit_json(views.company_comparison_view(result))
    from orgroles.render import company_comparison

    emit(company_comparison(lib, result, lg), export)


@app.command()
def explain(
    fmt: FormatOpt = Format.table,
    lang: PlainLangOpt = None,
    data: DataOpt = None,
    export: ExportOpt = None,
    force: ForceOpt = False,
) -> None:
    """The principle on one screen: what market and operations each create and how each is judged.

    \b
    Example: orgroles explain --lang ko
    """
    _whole_library_view(fmt, lang, data, export, force, "explain_view", "principle_panel")


@app.command()
def cycle(
    fmt: FormatOpt = Format.table,
    lang: PlainLangOpt = None,
    data: DataOpt = None,
    export: ExportOpt = None,
    force: ForceOpt = False,
) -> None:
    """The 9+1 brand-marketing cycle the article cites (the article never says what the +1 is).

    \b
    Example: orgroles cycle --lang zh
    """
    _whole_library_view(fmt, lang, data, export, force, "cycle_view", "cycle_table")


def _whole_library_view(
    fmt: Format,
    lang: Lang | None,
    data: Path | None,
    export: Path | None,
    force: bool,
    json_view: str,
    table_view: str,
) -> None:
    """A command that shows one view of the whole knowledge base: views.<json_view> or render.<table_view>."""
    from orgroles import views

    with reported():
        check_export(export, fmt is Format.table, force)
        lib = knowledge_library(data)
        if fmt is Format.json:
            return emit_json(getattr(views, json_view)(lib))
        from orgroles import render

        emit(getattr(render, table_view)(lib, pick_lang(lang)), export, force)
