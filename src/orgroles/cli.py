"""The command line: parse, call the core, render, and turn errors into exit codes; the only typer module."""

from __future__ import annotations

import json
import os
import shlex
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

from orgroles.errors import DataError, InputError, OrgrolesError, UsageError
from orgroles.text import did_you_mean
from orgroles.writers import OutputFormat

app = typer.Typer(
    name="orgroles",
    help=(
        "Where marketing ends and operations begins: the market department (市场部/마케팅팀) creates "
        "awareness and is not judged on product data; operations (运营部/운영팀) connects product and user "
        "and is judged on retention and conversion. Sales closes deals and belongs to neither.\n\n"
        "Examples:\n\n"
        "\b\n"
        '  orgroles classify "커뮤니티 운영과 리텐션 관리"\n'
        "  orgroles classify --file staff.csv --column duty --format html > report.html\n"
        "  orgroles audit orgchart.yaml --format html > audit.html\n\n"
        "Exit codes: 0 success, 1 bad data or input file (or audit --strict with warnings), 2 usage error or "
        "unknown name, 70 a bug in orgroles, 130 interrupted."
    ),
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


class Lang(str, Enum):
    en = "en"
    ko = "ko"
    zh = "zh"


class Format(str, Enum):
    table = "table"
    json = "json"


class TreeFormat(str, Enum):
    table = "table"
    json = "json"
    mermaid = "mermaid"
    dot = "dot"


class ListWhat(str, Enum):
    divisions = "divisions"
    functions = "functions"
    companies = "companies"


LangOpt = Annotated[
    Lang | None,
    typer.Option(
        "--lang",
        "-l",
        envvar="ORGROLES_LANG",
        help="Output language (default: the script of your input, else en).",
    ),
]
# for the commands that take no text to follow
PlainLangOpt = Annotated[
    Lang | None, typer.Option("--lang", "-l", envvar="ORGROLES_LANG", help="Output language (default: en).")
]
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="table for people, json for scripts.")]
ExportOpt = Annotated[
    Path | None,
    typer.Option(
        "--export",
        metavar="FILE",
        help="Also save the table output as an .svg or .html file (for slides and docs; classify and audit save "
        "their report page as .html).",
        dir_okay=False,
    ),
]
ForceOpt = Annotated[bool, typer.Option("--force", help="Overwrite the --export file if it exists.")]
DataOpt = Annotated[
    Path | None,
    typer.Option(
        "--data",
        envvar="ORGROLES_DATA",
        metavar="DIR",
        help="Folder with your own departments.yaml, cases.yaml and/or terms.yaml (added to the knowledge).",
    ),
]


def _version(value: bool) -> None:
    if value:
        from orgroles import __version__

        typer.echo(f"orgroles {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", "-V", callback=_version, is_eager=True, help="Print the version and exit."),
    ] = False,
) -> None:
    """Trilingual (English, 한국어, 中文) guide to the market vs operations split."""


def say_error(message: str) -> None:
    """One `orgroles: error:` line on stderr; a file name or a value quoted in it is shown, never sent raw."""
    from orgroles.terminal import visible

    sys.stderr.write(f"orgroles: error: {visible(message)}\n")


def say_warning(message: str) -> None:
    """One `orgroles: warning:` line on stderr: the run goes on, but the user must know (readers' notes)."""
    from orgroles.terminal import visible

    sys.stderr.write(f"orgroles: warning: {visible(message)}\n")


def fail(message: str, code: int) -> NoReturn:
    say_error(message)
    raise typer.Exit(code)


@contextmanager
def reported() -> Iterator[None]:
    """Every error a user can cause becomes one clean message and the documented exit code."""
    try:
        yield
    except DataError as exc:
        for problem in exc.problems:
            say_error(problem)
        raise typer.Exit(exc.exit_code) from None
    except OrgrolesError as exc:
        fail(exc.message, exc.exit_code)
    except BrokenPipeError:
        # the reader went away (| head -1): stop quietly, as other command-line tools do
        _silence_stdout()
        raise typer.Exit(0) from None
    except OSError as exc:
        if exc.filename is None:  # writing our output failed (a full disk, /dev/full): not a bug of ours
            _silence_stdout()
            fail(f"cannot write the output: {exc.strerror or exc}", 1)
        raise


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so that the final flush at exit does not fail a second time."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def pick_lang(lang: Lang | None, *texts: str) -> Any:
    """--lang (or ORGROLES_LANG), else the script of what was typed when it is Hangul or Han, else the locale."""
    from orgroles.langs import answer_lang, script_lang

    return answer_lang(lang.value if lang else None, script_lang(texts))


def pick_chart_lang(lang: Lang | None, chart: Any, typed: str) -> Any:
    """For a company: --lang, else the chart's `lang:` or the language most of its own texts are in, else
    the script of the name typed, else the locale."""
    from orgroles.langs import answer_lang, chart_lang, script_lang

    return answer_lang(lang.value if lang else None, chart_lang(chart), script_lang([typed]))


def emit_json(payload: object) -> None:
    # a stdout that cannot carry Chinese or Korean (PYTHONIOENCODING=ascii) gets \\u escapes: the same JSON
    text = json.dumps(payload, ensure_ascii=not _speaks_utf8(sys.stdout), indent=2)
    if sys.stdout.isatty():  # read by a person: no raw control or bidi override from a file (the same data)
        from orgroles.terminal import json_for_terminal

        text = json_for_terminal(text)
    sys.stdout.write(text + "\n")


def emit_text(text: str) -> None:
    sys.stdout.write(text)


def emit(renderable: Any, export: Path | None = None, force: bool = False) -> None:
    from orgroles.render import make_console

    console = make_console(record=export is not None)
    console.print(renderable)
    if export is not None:
        from orgroles.render import save_export

        save_export(console, export, force)


def _is_report(export: Path | None) -> bool:
    """classify and audit save an .html export as their report page (report_html), not a terminal copy."""
    return export is not None and export.suffix.lower() in (".html", ".htm")


def _save(path: Path, write: Any, force: bool = False) -> None:
    """Write a file through `write(stream)`, as emit's exports are written (no overwrite without --force)."""
    import io

    from orgroles.output_file import write_file

    page = io.StringIO()
    write(page)
    write_file(path, page.getvalue(), force)


def check_export(export: Path | None, table: bool, force: bool = False) -> None:
    """Before any work: an --export that cannot be written is refused now, not after a long batch."""
    if export is None:
        return
    if not table:
        raise UsageError("--export saves table output: drop --format or use --format table")
    if export.suffix.lower() not in (".svg", ".html", ".htm"):
        raise UsageError(f"--export {export}: name an .svg or .html file")
    folder = export.parent
    if not folder.is_dir() or not os.access(folder, os.W_OK):
        raise InputError(f"--export {export}: cannot write into {folder} (no such folder, or not writable)")
    from orgroles.output_file import check_writable

    check_writable(export, force)


def _library(data: Path | None) -> Any:
    from orgroles.knowledge import load_library

    return load_library(data)


def _own_words(company: Any) -> list[str]:
    """The duties of a chart written as plain text (a user's chart), not as trilingual knowledge."""
    return [d.text for c in company.centers for dept in c.departments for d in dept.duties if isinstance(d.text, str)]


def _yaml_path(name: str) -> Path:
    """A YAML file named on the command line; '-' reads stdin (once, into a file the loaders can read again,
    which error messages call 'stdin')."""
    if name != "-":
        return Path(name)
    if sys.stdin is None or sys.stdin.closed or sys.stdin.isatty():
        raise UsageError("'-' reads the chart from stdin: pipe it in (orgroles init - | orgroles audit -)")
    import atexit
    import tempfile

    from orgroles.knowledge import MAX_BYTES

    raw = sys.stdin.buffer.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        raise DataError([f"stdin: larger than {MAX_BYTES:,} bytes; refused"])
    with tempfile.NamedTemporaryFile("wb", prefix="orgroles-stdin-", suffix=".yaml", delete=False) as copy:
        copy.write(raw)
    atexit.register(os.unlink, copy.name)
    return _StdinCopy(copy.name)


class _StdinCopy(type(Path())):  # type: ignore[misc]
    """The path of stdin's copy, named 'stdin' wherever it is shown."""

    def __str__(self) -> str:
        return "stdin"

    def __fspath__(self) -> str:
        return str(super().__str__())


def _company(lib: Any, name: str) -> Any:
    """A built-in company by name, or the one company of an org-chart file ('-': stdin)."""
    if name == "-":
        from orgroles.knowledge import load_orgchart

        book = load_orgchart(_yaml_path(name), lib.kb)
        if len(book.companies) != 1:
            raise DataError([f"stdin: holds {len(book.companies)} companies; an org chart describes one"])
        return book.companies[0]
    if Path(name).suffix.lower() in (".yaml", ".yml") or Path(name).is_file():
        from orgroles.knowledge import load_orgchart

        book = load_orgchart(Path(name), lib.kb)
        if len(book.companies) != 1:
            raise DataError([f"{name}: holds {len(book.companies)} companies; an org chart describes one"])
        return book.companies[0]
    try:
        ent = lib.resolve(name)
    except UsageError:
        if Path(name).is_dir():
            raise InputError(f"{name}: is a directory, not an org-chart file") from None
        raise
    if ent.kind != "company":
        raise UsageError(f"{name!r} is a {ent.kind}, not a company; try: orgroles show {ent.id}")
    return lib.companies[ent.id]


def _complete_names(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Tab completion: division, function and company ids and names, in English, Korean and Chinese."""
    from orgroles.completion import complete_names

    given = [v for k, v in ctx.params.items() if k != "data" and isinstance(v, str)]
    return complete_names(incomplete, _typed_data(ctx), given=given)


def _typed_data(ctx: typer.Context) -> Path | None:
    """--data as typed so far (during completion, values are not converted yet)."""
    data = ctx.params.get("data")
    return Path(data) if data else None


def _complete_companies_or_files(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Tab completion: company ids and names, and the YAML files and folders that start with what was typed."""
    from orgroles.completion import complete_names

    return _chart_files(incomplete) + complete_names(incomplete, _typed_data(ctx), companies_only=True)


def _complete_names_or_files(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Tab completion for compare: every name but the one already given, and the YAML files and folders."""
    return _chart_files(incomplete) + _complete_names(ctx, incomplete)


def _chart_files(incomplete: str) -> list[tuple[str, str]]:
    """The YAML files and the folders that start with what was typed (a name with a control character in
    it is not offered: completion.offerable)."""
    from orgroles.completion import offerable

    folder, sep, start = incomplete.rpartition("/")
    try:
        entries = sorted(Path(folder or sep or ".").iterdir())
    except OSError:
        entries = []
    return offerable(
        (folder + sep + p.name, "folder" if p.is_dir() else "file")
        for p in entries
        if p.name.startswith(start) and (p.is_dir() or p.suffix in (".yaml", ".yml"))
    )


@app.command()
def show(
    name: Annotated[
        str,
        typer.Argument(
            help="An id or any name in any language: brand, 브랜드, 品牌部, market, company-b.",
            autocompletion=_complete_names,
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
        lib = _library(data)
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
        lib = _library(data)
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
            autocompletion=_complete_companies_or_files,
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
        lib = _library(data)
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
        chart = _company(lib, company)
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
    if not _own_words(chart):
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
            help="A company, function or division, or your org-chart file.", autocompletion=_complete_names_or_files
        ),
    ],
    b: Annotated[
        str,
        typer.Argument(
            help="Another of the same kind (a chart file beside a company or another chart).",
            autocompletion=_complete_names_or_files,
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
        lib = _library(data)
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
    """An argument that names an org-chart file rather than a company (the test _company applies)."""
    return Path(name).suffix.lower() in (".yaml", ".yml") or Path(name).is_file()


def _compare_charts(
    lib: Any, a: str, b: str, fmt: Format, lang: Lang | None, data: Path | None, export: Path | None
) -> None:
    """compare with a chart file on either side: the chart's duties placed by their tags, else by the classifier."""
    from orgroles import audit, engine
    from orgroles import compare as cmp
    from orgroles.langs import answer_lang, chart_lang, script_lang

    ca, cb = _company(lib, a), _company(lib, b)
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
        lib = _library(data)
        if fmt is Format.json:
            return emit_json(getattr(views, json_view)(lib))
        from orgroles import render

        emit(getattr(render, table_view)(lib, pick_lang(lang)), export, force)


EncodingOpt = Annotated[
    str | None,
    typer.Option(
        "--encoding",
        metavar="NAME",
        help="The input file's encoding (default: UTF-8 or UTF-16 by their marks, GB18030 or CP949 when the "
        "bytes say so unambiguously, else an error asks for this).",
    ),
]


@app.command()
def classify(
    texts: Annotated[
        list[str] | None,
        typer.Argument(help="One or more duties or job titles, in any language ('-' alone: read stdin)."),
    ] = None,
    file: Annotated[
        str | None,
        typer.Option(
            "--file",
            metavar="PATH",
            help="A file with one duty per line, a CSV/TSV or .xlsx file with --column, or '-' for stdin.",
            show_default=False,
        ),
    ] = None,
    column: Annotated[
        str | None,
        typer.Option("--column", metavar="NAME", help="Read the input as a table and take the duty from this column."),
    ] = None,
    fmt: Annotated[
        OutputFormat,
        typer.Option(
            "--format",
            "-f",
            help="table explains; json, jsonl (streaming), csv and xlsx for scripts and sheets; html: a report page "
            "to open or send.",
        ),
    ] = OutputFormat.table,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            dir_okay=False,
            help="Write the answers to FILE, in the format its name ends in: .csv .tsv .json .jsonl .xlsx .html.",
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Let --output or --export replace an existing file.")] = False,
    summary: Annotated[
        bool,
        typer.Option("--summary", help="Counts and shares by department and function instead of each answer."),
    ] = False,
    min_confidence: Annotated[
        float | None,
        typer.Option("--min-confidence", min=0.0, max=1.0, metavar="X", help="Keep only answers this sure or more."),
    ] = None,
    encoding: EncodingOpt = None,
    delimiter: Annotated[
        str | None,
        typer.Option(
            "--delimiter",
            metavar="CHAR",
            help="Between CSV cells (default: tab for .tsv, else the one that "
            "makes --column a header: comma, tab, semicolon or |); 'tab' for a tab.",
        ),
    ] = None,
    sheet: Annotated[
        str | None, typer.Option("--sheet", metavar="NAME", help="The sheet of an .xlsx file (default: the first).")
    ] = None,
    csv_safe: Annotated[
        bool,
        typer.Option(
            "--csv-safe",
            help="Prefix CSV cells that start with = + - @ with ' so a spreadsheet shows them instead of running them.",
        ),
    ] = False,
    top: Annotated[int, typer.Option("--top", min=1, max=20, help="How many candidates to list.")] = 3,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            min=0,
            metavar="N",
            help="Worker processes for --file: 0 for every core. Default: every core for a file of 1 MB or "
            "more (some 20,000 duties), else one; from a pipe, every core once 20,000 lines have come.",
            show_default=False,
        ),
    ] = None,
    lang: LangOpt = None,
    data: DataOpt = None,
    export: ExportOpt = None,
) -> None:
    """Which department and function a duty belongs to, how sure, and why.

    Prints the department (market, operations, sales or unclassified), the function, a confidence,
    the runner-up candidates, the words that decided it, the principle behind it, and the deciding
    question when the duty sits on an overlap. Blank input lines give 'unclassified', so output lines
    match input lines. With --column the input's columns come back first, then the answer's (an answer
    column whose name the input has is called orgroles_NAME).

    Examples:

    \b
      orgroles classify "community operation"
      orgroles classify "커뮤니티를 운영하고 리텐션을 관리" --format json
      orgroles classify --file duties.txt --format jsonl
      orgroles classify --file staff.xlsx --column duty --output staff-roles.xlsx
      cat staff.csv | orgroles classify --column duty --summary
      orgroles classify --file staff.csv --column duty --format html > report.html
    """
    from orgroles import engine, readers, writers

    with reported():
        out_delimiter = ","  # a tab only for an --output file named .tsv
        if output is not None:
            fmt, out_delimiter = _output_format(output, fmt)
        _check_classify_output(fmt, summary, export, output, force)
        if texts == [readers.STDIN] and file is None:
            texts, file = [], readers.STDIN
        if texts and file is not None:
            raise UsageError("give duties as arguments or with --file, not both")
        if not texts and file is None:
            if sys.stdin is None or sys.stdin.closed or sys.stdin.isatty():
                if column is not None:
                    raise UsageError("--column reads a table: add --file PATH, or pipe it in")
                raise UsageError('nothing to classify: give a duty, e.g. orgroles classify "brand strategy"')
            file = readers.STDIN
        if texts and (column or encoding or delimiter or sheet):
            raise UsageError("--column, --encoding, --delimiter and --sheet read a file: add --file PATH")
        if encoding is not None:
            from orgroles.charsets import check_encoding

            encoding = check_encoding(encoding)
        in_delimiter = _delimiter(delimiter)
        # bytes that are not UTF-8 on the command line arrive as surrogates: show them as U+FFFD
        texts = [t.encode("utf-8", "surrogateescape").decode("utf-8", "replace") for t in texts or []]
        for t in texts:
            if not t.strip():
                raise UsageError("an empty duty was given: give a word or a sentence to classify")
        ex = engine.explainer(data)
        out_lang: Any = lang.value if lang else None
        _prepare_stdout(fmt, output)
        with _progress(file, out_lang) as progress:
            if texts:
                batch = readers.from_arguments(texts)
            else:
                source = readers.Source(
                    file or readers.STDIN, column, progress, encoding=encoding, delimiter=in_delimiter, sheet=sheet
                )
                batch = readers.read_batch(source)
            from orgroles import parallel

            # the rows are read here (the bar counts them; a bad line is named as in one process), answered
            # and encoded for the format by the workers, and written here in input order
            workers = 1 if texts else parallel.jobs_for(jobs, readers.input_size(file or readers.STDIN))
            encode = writers.encoder_for(fmt, summary)
            filtered = min_confidence is not None  # then the answers are kept whole, filtered and encoded here
            settings = parallel.Settings(
                writers.keep_answer if filtered else encode, data, top, out_lang, _latin_lang(out_lang)
            )
            as_page = _is_report(export)  # --export x.html: the page --format html writes, beside the table
            with parallel.answers(batch.rows, settings, workers) as answers:
                if min_confidence is not None:
                    answers = (encode(r, x) for r, x in answers if r["confidence"] >= min_confidence)
                if as_page:
                    answers = list(answers)  # type: ignore[assignment]
                job = writers.Job(
                    answers,
                    batch.columns,
                    show=lambda drawing, target: emit(drawing, target, force),
                    single=len(texts) == 1,
                    lang=out_lang,
                    names=ex.names,
                    flush=file == readers.STDIN,
                    export=None if as_page else export,
                    export_force=force,
                    duty_column=batch.duty_column,
                    delimiter=out_delimiter,
                    csv_safe=csv_safe,
                )
                if output is not None:
                    writers.write_file(fmt, job, output, force, summary)
                else:
                    writers.write(fmt, job, summary=summary)
                if as_page and export is not None:
                    job.answers = answers
                    _save(export, lambda out: writers.write(OutputFormat.html, job, out), force)
            for note in batch.notes:
                say_warning(note)


def _latin_lang(lang: str | None) -> str | None:
    """Without --lang, the language a duty in Latin script is answered in: the locale's, when it is Korean
    or Chinese (a Latin duty decides nothing: Korean and Chinese teams write 'SEO' and 'KOL' too)."""
    if lang is not None:
        return None
    from orgroles.langs import locale_lang

    fallback = locale_lang()
    return fallback if fallback != "en" else None


def _output_format(output: Path, fmt: OutputFormat) -> tuple[OutputFormat, str]:
    """The format --output's file name asks for; a --format that says otherwise is a usage error."""
    from orgroles.writers import format_of

    wanted, delimiter = format_of(output)
    if fmt not in (OutputFormat.table, wanted):
        raise UsageError(f"--output {output} writes {wanted.value}, but --format says {fmt.value}: drop one")
    return wanted, delimiter


def _check_classify_output(
    fmt: OutputFormat, summary: bool, export: Path | None, output: Path | None, force: bool = False
) -> None:
    from orgroles.writers import BINARY, SUMMARY_WRITERS

    check_export(export, fmt is OutputFormat.table and output is None, force)
    if summary and fmt not in SUMMARY_WRITERS:
        shown = " or ".join(f.value for f in SUMMARY_WRITERS)
        raise UsageError(f"--summary writes {shown}, not {fmt.value}")
    if fmt in BINARY and output is None and sys.stdout is not None and sys.stdout.isatty():
        raise UsageError(f"--format {fmt.value} is a binary file: add --output FILE.{fmt.value}, or redirect stdout")


def _delimiter(given: str | None) -> str | None:
    if given is None:
        return None
    if given.lower() in ("tab", "\\t"):
        return "\t"
    if len(given) != 1 or given in '"\r\n':
        raise UsageError(f"--delimiter {given!r}: one character (or 'tab'), not a quote or a line break")
    return given


def _prepare_stdout(fmt: OutputFormat, output: Path | None) -> None:
    """Data formats are UTF-8 whatever the locale (JSON's and CSV's own rule): a stdout of another encoding
    would fail at the first Chinese or Korean character with half a file written."""
    stream = sys.stdout
    if output is None and fmt is not OutputFormat.table and not _speaks_utf8(stream):
        stream.reconfigure(encoding="utf-8", errors="strict")  # type: ignore[union-attr]


def _speaks_utf8(stream: Any) -> bool:
    encoding = getattr(stream, "encoding", None) or "utf-8"
    return encoding.lower().replace("_", "-") in ("utf-8", "utf8")


@contextmanager
def _progress(file: str | None, lang: Any) -> Iterator[Any]:
    """A progress bar on stderr while a file is classified, when stderr is a terminal and the output is not."""
    stderr, stdout = sys.stderr, sys.stdout
    if file is None or stderr is None or not stderr.isatty() or (stdout is not None and stdout.isatty()):
        yield None
        return
    from orgroles.readers import input_size
    from orgroles.render import progress_bar

    with progress_bar(input_size(file), lang or "en") as update:
        yield update


@app.command("eval")
def eval_(
    file: Annotated[str, typer.Argument(help="JSONL or CSV with text and department; optional function and lang.")],
    column: Annotated[
        str, typer.Option("--column", metavar="NAME", help="The field that holds the duty (JSONL key or CSV column).")
    ] = "text",
    label_column: Annotated[
        str, typer.Option("--label-column", metavar="NAME", help="The field that holds the department label.")
    ] = "department",
    only: Annotated[
        list[str] | None,
        typer.Option(
            "--only",
            metavar="KEY=VALUE",
            help="Keep records whose KEY equals VALUE (any case), e.g. confidence=high; lang= uses the detected "
            "language where a record has none.",
        ),
    ] = None,
    misses: Annotated[int, typer.Option("--misses", min=-1, help="How many misses to list (-1: all).")] = 20,
    encoding: EncodingOpt = None,
    fmt: FormatOpt = Format.table,
    data: DataOpt = None,
    export: ExportOpt = None,
    force: ForceOpt = False,
) -> None:
    """Measure the classifier on labelled duties: accuracy by department, function, language and confidence.

    A label 'neither' counts as right when the tool says sales or unclassified; labels are read in any
    case ('Market', 'OPERATIONS'). Function accuracy is counted only where a record has a 'function' key.
    Accuracy by confidence shows whether a high confidence can be trusted more than a low one.

    Examples:

    \b
      orgroles eval examples/labelled.jsonl
      orgroles eval postings.jsonl --only lang=ko --misses -1
      orgroles eval staff.csv --column duty --label-column team_label
    """
    from orgroles import engine
    from orgroles.batch import EvalReport, parse_filters, read_labelled
    from orgroles.text import detect_lang

    with reported():
        check_export(export, fmt is Format.table, force)
        # the label and duty fields go by the names the file gives them as well as by the standard ones
        standard = {label_column: "department", column: "text"}
        wanted = {standard.get(k, k): v.casefold() for k, v in parse_filters(only or []).items()}
        ex = engine.explainer(data)
        report = EvalReport()
        keys: set[str] = {"lang"}  # the keys the records have, to name them when --only matches nothing
        if encoding is not None:
            from orgroles.charsets import check_encoding

            encoding = check_encoding(encoding)
        for record in read_labelled(file, ex.functions, encoding, column, label_column):
            keys.update(record)
            lang = record.get("lang") or detect_lang(record["text"])
            if any(str(lang if k == "lang" else record.get(k)).casefold() != v for k, v in wanted.items()):
                continue
            result = ex.as_dict(ex.run(record["text"]))
            report.add(record, result, lang)
        if report.department.total == 0:
            if not wanted:
                raise UsageError(f"{file}: no labelled records")
            unknown = [k for k in wanted if k not in keys]
            hint = f"; no record has {unknown[0]!r}{did_you_mean(unknown[0], keys - {'_line'})}" if unknown else ""
            raise UsageError(f"{file}: no labelled records match --only{hint}")
        payload = report.as_dict(misses)
        if fmt is Format.json:
            return emit_json(payload)
        from orgroles.render import eval_report

        emit(eval_report(payload), export, force)


_LEARNT = {
    "en": ("{terms} terms proposed from {misses} misses of {items} items; wrote {out}",
           "department accuracy on the file: {before} before, {after} with the terms; {cross} cross-validated "
           "({folds} folds)",
           "function accuracy: {before} before, {after} after, {cross} cross-validated",
           "review the file, keep it in your --data folder as terms.yaml, and measure: orgroles eval FILE --data DIR"),
    "ko": ("{items}개 중 틀린 {misses}개에서 용어 {terms}개를 제안했습니다. {out} 파일에 썼습니다",
           "파일의 부서 정확도: 적용 전 {before}, 적용 후 {after}; 교차 검증 {cross} ({folds}겹)",
           "기능 정확도: 적용 전 {before}, 적용 후 {after}, 교차 검증 {cross}",
           "파일을 검토한 뒤 --data 폴더에 terms.yaml로 두고 측정하세요: orgroles eval FILE --data DIR"),
    "zh": ("从 {items} 条中的 {misses} 条错例提出 {terms} 个词；已写入 {out}",
           "文件上的部门准确率：之前 {before}，加词后 {after}；交叉验证 {cross}（{folds} 折）",
           "职能准确率：之前 {before}，之后 {after}，交叉验证 {cross}",
           "请审阅该文件，再以 terms.yaml 放入 --data 文件夹并测量：orgroles eval FILE --data DIR"),
}  # fmt: skip


@app.command()
def learn(
    file: Annotated[str, typer.Argument(help="Labelled duties as eval reads them: JSONL or CSV, text and department.")],
    out: Annotated[
        Path,
        typer.Option("--out", "-o", metavar="FILE", help="Where to write the terms.yaml it proposes.", dir_okay=False),
    ],
    min_support: Annotated[
        int, typer.Option("--min-support", min=1, help="Misses of one label a term must stand in, at least.")
    ] = 3,
    max_terms: Annotated[
        int, typer.Option("--max-terms", min=1, max=1000, help="How many terms to propose, at most.")
    ] = 40,
    folds: Annotated[int, typer.Option("--folds", min=2, max=20, help="Folds of the cross-validated estimate.")] = 5,
    encoding: EncodingOpt = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite --out if it exists.")] = False,
    fmt: FormatOpt = Format.table,
    lang: PlainLangOpt = None,
    data: DataOpt = None,
) -> None:
    """Propose terms that would fix the misses of a labelled file, as a commented terms.yaml to review.

    Words and short phrases frequent in one label's misses and rare under every other label, each with
    its weight, support and how many items of the file it fixes and breaks. Prints the accuracy before
    and after on the file, and a k-fold cross-validated estimate: close to 'after' when the terms
    generalise, far below it when they only memorise the file. Never writes the shipped data.

    \b
    Example: orgroles learn labelled.jsonl --out terms.yaml && orgroles eval labelled.jsonl --data .
    """
    from orgroles import learn as learning
    from orgroles.batch import read_labelled
    from orgroles.compiled import load_compiled
    from orgroles.paths import overlay_path, shipped_data_dir

    with reported():
        target = out.resolve()
        if target.is_relative_to(shipped_data_dir().resolve()):
            raise UsageError(f"{out}: learn never writes the shipped data; give a file in your own folder")
        in_use = overlay_path(data)
        if in_use is not None and in_use.resolve() == target:
            # the proposal holds only the new terms: writing it there would lose the ones in use
            raise UsageError(f"{out} is the terms.yaml in use; write the proposal elsewhere and merge it by hand")
        if out.exists() and not force:
            raise UsageError(f"{out} exists; add --force to overwrite it")
        if not target.parent.is_dir():
            raise InputError(f"{out}: no folder {str(out.parent)!r} to write it in")
        if encoding is not None:
            from orgroles.charsets import check_encoding

            encoding = check_encoding(encoding)
        compiled = load_compiled(data)
        records = read_labelled(file, frozenset(compiled["functions"]), encoding)
        items = learning.items_of(records, compiled["division_of"])
        if not items:
            raise UsageError(f"{file}: no labelled records")
        lg = lang.value if lang else "en"
        with _learn_progress(learning.planned_work(len(items), max_terms, folds), lg) as progress:
            learned = learning.learn(compiled, items, min_support, max_terms, folds, progress)
        command = f"orgroles learn {shlex.quote(Path(file).name)}"
        text = learning.to_yaml(learned, Path(file).name, command)
        try:
            with out.open("w" if force else "x", encoding="utf-8") as stream:
                stream.write(text)
        except FileExistsError:
            raise UsageError(f"{out} exists; add --force to overwrite it") from None
        except OSError as exc:
            raise InputError(f"{out}: cannot write: {exc.strerror or exc}") from None
        payload = {**learned.as_dict(), "out": str(out)}
        if fmt is Format.json:
            return emit_json(payload)
        emit_text(_learn_summary(learned, out, lg))


def _learn_summary(learned: Any, out: Path, lang: str) -> str:
    from orgroles.terminal import visible

    def pct(value: float | None) -> str:
        return "—" if value is None else f"{value:.1%}"

    words = _LEARNT[lang]
    b, a, c = learned.before, learned.after, learned.cross_validated
    lines = [
        words[0].format(terms=len(learned.proposals), misses=learned.misses, items=b.department_total,
                        out=visible(str(out))),
        words[1].format(before=pct(b.department), after=pct(a.department), cross=pct(c.department),
                        folds=learned.folds),
    ]  # fmt: skip
    if b.function_total:
        lines.append(words[2].format(before=pct(b.function), after=pct(a.function), cross=pct(c.function)))
    for p in learned.proposals:
        lines.append(
            f"  {p.lang}  {visible(p.term)} → {p.target}  weight {p.weight:g}  support {p.support}  "
            f"fixes {p.fixes}  breaks {p.breaks}" + (f"  (was {', '.join(p.replaces)})" if p.replaces else "")
        )
    lines.append(words[3])
    return "\n".join(lines) + "\n"


@contextmanager
def _learn_progress(total: int, lang: str) -> Iterator[Any]:
    """A progress bar on stderr while learn works on a long file, when stderr is a terminal."""
    if total < 200 or sys.stderr is None or not sys.stderr.isatty():
        yield None
        return
    from orgroles.render import progress_bar

    with progress_bar(total, lang) as update:  # type: ignore[arg-type]
        yield lambda done, _total: update(done, done)


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
            autocompletion=_complete_companies_or_files,
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
        lib = _library(data)
        company = _company(lib, chart)
        # a chart in the user's own words is answered in their language; a built-in one follows the name typed
        lg = pick_chart_lang(lang, company, chart)
        ex = engine.explainer(data)
        # the table and Markdown show findings only: a large chart's every verdict need not be held for them
        every_duty = fmt in (AuditFormat.json, AuditFormat.html) or _is_report(export)
        report = auditing.audit_company(company, ex, lg, duties=every_duty)
        if fmt is AuditFormat.json:
            from orgroles.json_stream import write_indented

            # written as it is encoded, as emit_json writes it: \\u escapes on a stdout that cannot carry Chinese or
            # Korean, and on a terminal for the controls and bidi overrides a file may hold
            utf8, tty = _speaks_utf8(sys.stdout), sys.stdout.isatty()
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

            as_page = _is_report(export)
            console = make_console(record=export is not None and not as_page)
            print_audit_table(console, report)  # printed as it goes: a chart of 100,000 duties is fine
            if export is not None and as_page:
                from orgroles.report_html import audit_page

                _save(export, lambda out: out.write(audit_page(report, company, ex.names)), force)
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
        file = _yaml_path(str(file))
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


def _register_only(first: list[str]) -> None:
    """When the first argument names a command, build only that one: typer turns every registered
    command's signature into click parameters at each start, which a one-duty run need not pay for."""
    from typer.main import get_command_name

    chosen = [
        c
        for c in app.registered_commands
        if first and c.callback is not None and first[0] == (c.name or get_command_name(c.callback.__name__))
    ]
    if chosen:
        app.registered_commands = chosen


def _take_over_ctrl_c() -> None:
    """From here Ctrl-C raises KeyboardInterrupt, answered below after what was written is closed properly
    (orgroles.entry answered it while the modules were still loading)."""
    import signal
    from contextlib import suppress

    with suppress(ValueError):  # not the main thread (an embedding program): its own handler stays
        signal.signal(signal.SIGINT, signal.default_int_handler)


def main() -> None:
    """Console-script entry: one-line errors, quiet on a closed pipe, 130 on Ctrl-C."""
    from typer._click import exceptions as click_errors

    if sys.stdout is None:  # started with stdout closed (>&-): nowhere to answer
        sys.stderr.write("orgroles: error: stdout is closed; nowhere to write the output\n")
        raise SystemExit(1)
    if not _speaks_utf8(sys.stdout):  # a legacy console: show what it can carry, never fail halfway
        sys.stdout.reconfigure(errors="replace")  # type: ignore[union-attr]
    registered = app.registered_commands
    try:
        _take_over_ctrl_c()
        _register_only(sys.argv[1:2])
        code = app(standalone_mode=False)
        if code == 130:  # typer turns Ctrl-C into this exit code itself
            sys.stderr.write("orgroles: interrupted\n")
        sys.stdout.flush()
    except click_errors.NoArgsIsHelpError as exc:
        sys.stdout.write(exc.ctx.get_help() + "\n")
        code = 0
    except click_errors.ClickException as exc:
        # click's own errors (unknown option, bad value): one line, like ours
        ctx = getattr(exc, "ctx", None)
        hint = f" (see: {ctx.command_path} --help)" if ctx is not None else ""
        message = " ".join(exc.format_message().split())  # click lays some messages out on several lines
        say_error(f"{message}{hint}")
        code = exc.exit_code
    except (KeyboardInterrupt, typer.Abort):
        sys.stderr.write("orgroles: interrupted\n")
        code = 130
    except BrokenPipeError:
        _silence_stdout()
        code = 0
    except Exception as exc:  # a bug, not the user's doing: one line, and the details on request
        if os.environ.get("ORGROLES_DEBUG"):
            raise
        from orgroles.terminal import visible

        detail = visible(f"{type(exc).__name__}: {exc}")  # an exception's text may quote a file's
        sys.stderr.write(f"orgroles: internal error: {detail} (set ORGROLES_DEBUG=1 for details; please report)\n")
        code = 70
    finally:
        app.registered_commands = registered  # main() may be called again in the same process
    raise SystemExit(code if isinstance(code, int) else 0)
