"""The commands on org charts and data files: audit, init, validate and schema."""

from __future__ import annotations

import shlex
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer

from orgroles.cli.common import (
    DataOpt,
    ExportOpt,
    ForceOpt,
    LangOpt,
    PlainLangOpt,
    app,
    check_export,
    complete_companies_or_files,
    emit_json,
    emit_text,
    find_company,
    is_report,
    knowledge_library,
    pick_chart_lang,
    pick_lang,
    reported,
    save_file,
    speaks_utf8,
    yaml_path,
)
from orgroles.errors import DataError


class AuditFormat(str, Enum):
    table = "table"
    json = "json"
    markdown = "markdown"
    html = "html"


class SchemaKind(str, Enum):
    orgchart = "orgchart"
    knowledge = "knowledge"
    terms = "terms"


@app.command()
def audit(
    chart: Annotated[
        str,
        typer.Argument(
            help="Your org-chart file (orgroles init writes one), or a company name.",
            autocompletion=complete_companies_or_files,
        ),
    ],
    fmt: Annotated[
        AuditFormat,
        typer.Option(
            "--format", "-f", help="table, json, markdown for a wiki or pull request, or html: a page to open or send."
        ),
    ] = AuditFormat.table,
    strict: Annotated[
        bool, typer.Option("--strict", help="Exit 1 when any finding is a warning or worse (for CI).")
    ] = False,
    lang: LangOpt = None,
    data: DataOpt = None,
    export: ExportOpt = None,
    force: ForceOpt = False,
) -> None:
    """Audit an org chart against the principle: misplaced duties, sales in marketing, gaps and splits.

    Every duty is classified (or taken from its `function:` tag). Findings: a duty of the other
    division than its department's (warning), deal-closing sales inside a market department
    (warning), duties nothing recognises (warning), a function split across departments (info), a
    function nobody does (info), duties that need a decision, with the deciding question (info).
    Then the share of each department's duties that fit it.

    Examples:

    \b
      orgroles audit company-b
      orgroles audit orgchart.yaml --format markdown > AUDIT.md
      orgroles audit orgchart.yaml --strict     # in CI
    """
    from orgroles import audit as auditing
    from orgroles import engine

    with reported():
        check_export(export, fmt is AuditFormat.table, force)
        lib = knowledge_library(data)
        company = find_company(lib, chart)
        # a chart in the user's own words is answered in their language; a built-in one follows the name typed
        lg = pick_chart_lang(lang, company, chart)
        ex = engine.explainer(data)
        # the table and Markdown show findings only: a large chart's every verdict need not be held for them
        every_duty = fmt in (AuditFormat.json, AuditFormat.html) or is_report(export)
        report = auditing.audit_company(company, ex, lg, duties=every_duty)
        if fmt is AuditFormat.json:
            from orgroles.json_stream import write_indented

            # written as it is encoded, as emit_json writes it: \\u escapes on a stdout that cannot carry Chinese or
            # Korean, and on a terminal for the controls and bidi overrides a file may hold
            utf8, tty = speaks_utf8(sys.stdout), sys.stdout.isatty()
            write_indented(report.as_parts(), sys.stdout, ensure_ascii=not utf8, for_terminal=tty)
        elif fmt is AuditFormat.markdown:
            from orgroles.terminal import visible_lines

            for line in auditing.markdown_lines(report):  # for people (a wiki, a terminal): shown safe
                emit_text(visible_lines(line) + "\n")
        elif fmt is AuditFormat.html:
            from orgroles.report_html import audit_page

            emit_text(audit_page(report, company, ex.names))
        else:
            from orgroles.render import make_console, print_audit_table

            as_page = is_report(export)
            console = make_console(record=export is not None and not as_page)
            print_audit_table(console, report)  # printed as it goes: a chart of 100,000 duties is fine
            if export is not None and as_page:
                from orgroles.report_html import audit_page

                save_file(export, lambda out: out.write(audit_page(report, company, ex.names)), force)
            elif export is not None:
                from orgroles.render import save_export

                save_export(console, export, force)
        if strict and report.worst() == auditing.WARNING:
            raise typer.Exit(1)


@app.command()
def init(
    path: Annotated[
        Path, typer.Argument(help="Where to write the starter org chart ('-' prints it).", dir_okay=False)
    ] = Path("orgchart.yaml"),
    force: Annotated[bool, typer.Option("--force", help="Overwrite the file if it exists.")] = False,
    lang: PlainLangOpt = None,
) -> None:
    """Write a commented starter org chart to edit, in your language; it audits cleanly.

    \b
    Example: orgroles init orgchart.yaml --lang ko && orgroles audit orgchart.yaml
    """
    from orgroles.starter import STARTER

    with reported():
        lg = pick_lang(lang)  # --lang, else the locale: LANG=ko_KR.UTF-8 writes the Korean starter
        text = STARTER[lg]
        if str(path) == "-":
            return emit_text(text)
        from orgroles.output_file import check_name, write_file
        from orgroles.terminal import visible

        check_name(path)  # before anything is created: no empty file left behind
        # its comments name the file it is in; a line break in the name must not end a comment
        text = text.replace("orgchart.yaml", shlex.quote(visible(str(path))))
        write_file(path, text, force)  # never over a file without --force, never through a symbolic link
        done = {"en": "wrote {p}; next: orgroles audit {p}", "ko": "{p} 파일을 만들었습니다. 다음: orgroles audit {p}",
                "zh": "已写入 {p}；下一步：orgroles audit {p}"}[lg]  # fmt: skip
        sys.stderr.write(visible(done.format(p=path)) + "\n")


@app.command()
def validate(
    file: Annotated[
        Path,
        typer.Argument(
            help="An org chart, a knowledge file (departments.yaml) or a terms overlay (terms.yaml); '-' reads stdin."
        ),
    ],
    data: DataOpt = None,
) -> None:
    """Check an org chart, a knowledge file or a terms.yaml: every problem with its line, column and data path.

    Exit 0 when the file is valid, 1 with one line per problem when it is not.

    \b
    Example: orgroles validate orgchart.yaml
    """
    from orgroles.knowledge import load_knowledge, load_orgchart, read_yaml
    from orgroles.overlay import load_overlay, looks_like_overlay
    from orgroles.paths import OVERLAY_FILE, knowledge_path
    from orgroles.terminal import visible

    with reported():
        file = yaml_path(str(file))
        doc = read_yaml(file)
        shown = visible(str(file))  # a file name may hold a line break or an escape sequence
        if isinstance(doc.data, dict) and "companies" in doc.data:
            book = load_orgchart(file, load_knowledge(knowledge_path(data)))
            departments = sum(len(c.departments) for company in book.companies for c in company.centers)
            duties = sum(len(d.duties) for company in book.companies for c in company.centers for d in c.departments)
            companies = len(book.companies)
            sys.stdout.write(
                f"{shown}: valid ({companies} {'company' if companies == 1 else 'companies'}, "
                f"{departments} departments, {duties} duties)"
                + ("; audit and tree take one company per file\n" if companies > 1 else "\n")
            )
        elif isinstance(doc.data, dict) and ("functions" in doc.data or "divisions" in doc.data):
            kb = load_knowledge(file)
            terms = sum(len(g.en) + len(g.ko) + len(g.zh) for g in kb.vocabulary.terms)
            sys.stdout.write(
                f"{shown}: a valid knowledge file ({len(kb.divisions)} divisions, {len(kb.functions)} functions, "
                f"{terms} terms)\n"
            )
        elif looks_like_overlay(doc.data) or file.name == OVERLAY_FILE:
            # checked against the knowledge it would extend: --data's departments.yaml, else the shipped one
            overlay = load_overlay(file, load_knowledge(knowledge_path(data)))
            terms = sum(len(g.en) + len(g.ko) + len(g.zh) for g in overlay.terms)
            sys.stdout.write(
                f"{shown}: a valid terms overlay ({_count(terms, 'term')}, "
                f"{_count(len(overlay.contexts), 'context rule')}, {_count(len(overlay.corrections), 'correction')})\n"
            )
        else:
            raise DataError(
                [
                    f"{file}: neither an org chart (a 'companies' list), a knowledge file ('divisions', "
                    "'functions') nor a terms overlay ('terms', 'contexts', 'corrections')"
                ]
            )


def _count(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


@app.command()
def schema(
    kind: Annotated[
        SchemaKind,
        typer.Argument(help="orgchart (also cases.yaml), knowledge (departments.yaml) or terms (terms.yaml)."),
    ],
) -> None:
    """Print the JSON Schema of an org chart, a knowledge file or a terms overlay, for editors.

    \b
    Example: orgroles schema orgchart > orgchart.schema.json
    """
    from orgroles.model import CaseBook, KnowledgeBase, TermsOverlay

    with reported():
        models: dict[SchemaKind, Any] = {
            SchemaKind.orgchart: CaseBook, SchemaKind.knowledge: KnowledgeBase, SchemaKind.terms: TermsOverlay
        }  # fmt: skip
        emit_json(models[kind].model_json_schema())
