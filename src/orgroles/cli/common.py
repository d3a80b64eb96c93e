"""What every command shares: the typer app, its options, one-line errors and exit codes, output to
stdout or an --export file, the knowledge and company look-ups, and shell completion of names."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

from orgroles.errors import DataError, InputError, OrgrolesError, UsageError

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
        silence_stdout()
        raise typer.Exit(0) from None
    except OSError as exc:
        if exc.filename is None:  # writing our output failed (a full disk, /dev/full): not a bug of ours
            silence_stdout()
            fail(f"cannot write the output: {exc.strerror or exc}", 1)
        raise


def silence_stdout() -> None:
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
    text = json.dumps(payload, ensure_ascii=not speaks_utf8(sys.stdout), indent=2)
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


def is_report(export: Path | None) -> bool:
    """classify and audit save an .html export as their report page (report_html), not a terminal copy."""
    return export is not None and export.suffix.lower() in (".html", ".htm")


def save_file(path: Path, write: Any, force: bool = False) -> None:
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


def knowledge_library(data: Path | None) -> Any:
    from orgroles.knowledge import load_library

    return load_library(data)


def own_words(company: Any) -> list[str]:
    """The duties of a chart written as plain text (a user's chart), not as trilingual knowledge."""
    return [d.text for c in company.centers for dept in c.departments for d in dept.duties if isinstance(d.text, str)]


def yaml_path(name: str) -> Path:
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


def find_company(lib: Any, name: str) -> Any:
    """A built-in company by name, or the one company of an org-chart file ('-': stdin)."""
    if name == "-":
        from orgroles.knowledge import load_orgchart

        book = load_orgchart(yaml_path(name), lib.kb)
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


def complete_names(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Tab completion: division, function and company ids and names, in English, Korean and Chinese."""
    from orgroles.completion import complete_names

    given = [v for k, v in ctx.params.items() if k != "data" and isinstance(v, str)]
    return complete_names(incomplete, _typed_data(ctx), given=given)


def _typed_data(ctx: typer.Context) -> Path | None:
    """--data as typed so far (during completion, values are not converted yet)."""
    data = ctx.params.get("data")
    return Path(data) if data else None


def complete_companies_or_files(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Tab completion: company ids and names, and the YAML files and folders that start with what was typed."""
    from orgroles.completion import complete_names

    return _chart_files(incomplete) + complete_names(incomplete, _typed_data(ctx), companies_only=True)


def complete_names_or_files(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Tab completion for compare: every name but the one already given, and the YAML files and folders."""
    return _chart_files(incomplete) + complete_names(ctx, incomplete)


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


EncodingOpt = Annotated[
    str | None,
    typer.Option(
        "--encoding",
        metavar="NAME",
        help="The input file's encoding (default: UTF-8 or UTF-16 by their marks, GB18030 or CP949 when the "
        "bytes say so unambiguously, else an error asks for this).",
    ),
]


def speaks_utf8(stream: Any) -> bool:
    encoding = getattr(stream, "encoding", None) or "utf-8"
    return encoding.lower().replace("_", "-") in ("utf-8", "utf8")
