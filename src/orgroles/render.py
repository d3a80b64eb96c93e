"""Rich tables, trees and panels for the terminal; the only module besides the cli package that imports rich."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from itertools import islice
from typing import TYPE_CHECKING, Any

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.padding import Padding
from rich.panel import Panel
from rich.segment import Segments
from rich.style import Style
from rich.table import Table
from rich.text import Text as BaseText
from rich.tree import Tree

from orgroles.compare import duty_key
from orgroles.terminal import usable_width, visible_lines
from orgroles.text import text_of
from orgroles.words import word

if TYPE_CHECKING:
    from pathlib import Path

    from orgroles.audit import AuditReport
    from orgroles.compare import CompanyComparison, Placement
    from orgroles.knowledge import Library
    from orgroles.model import Company, Division, Function, Kpi, Lang, Text


class RichText(BaseText):
    """Rich's Text, its strings shown through the one terminal sanitiser (orgroles.terminal): a name or a
    duty from a file never sends an escape sequence or a bidi override to the terminal. A line break
    stays a line break, laid out by Rich inside its cell."""

    def __init__(self, text: str = "", *args: Any, **kwargs: Any) -> None:
        super().__init__(visible_lines(text), *args, **kwargs)

    def append(self, text: str | BaseText, style: str | Style | None = None) -> RichText:
        super().append(visible_lines(text) if isinstance(text, str) else text, style)
        return self


class SafeConsole(Console):
    """A console that shows every plain string it is given (table cells, titles, tree labels) through
    the terminal sanitiser, so no call site can forget to."""

    def render_str(self, text: str, **kwargs: Any) -> BaseText:
        return super().render_str(visible_lines(text), **kwargs)

    def on_broken_pipe(self) -> None:
        # Rich exits 1 here; a table piped into `head` (it streams) ends quietly like every other format:
        # cli.reported() points stdout at /dev/null and exits 0
        self.quiet = True
        raise BrokenPipeError


class Stackable:
    """A table, or, on a terminal narrower than `min_width`, one block per row: each cell under its header.

    Six columns in 40 leave four letters a column; a block per row keeps every value readable.
    """

    def __init__(self, table: Table, min_width: int) -> None:
        self.table = table
        self.min_width = min_width

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        table = self.table
        if options.max_width >= self.min_width:
            yield table
            return
        if table.title:
            yield RichText(str(table.title), style="bold")
        columns = table.columns
        headers = [str(column.header) for column in columns]
        # labels beside their values when they are short; above them, indented, when they would eat the line
        label_width = max(cell_len(h) for h in headers)  # the same in every block, so values line up
        beside = label_width <= options.max_width // 3
        for i, cells in enumerate(zip(*(list(column.cells) for column in columns), strict=True)):
            if i:
                yield RichText("")
            pairs = list(zip(headers, cells, strict=True))
            if not headers[0]:  # a first column without a header names the row: it is the block's title
                yield pairs.pop(0)[1]
            block = Table.grid(padding=(0, 1))
            block.add_column(style="bold", no_wrap=beside, min_width=label_width if beside else None)
            if beside:
                block.add_column(overflow="fold")
            for header, cell in pairs:
                if (cell.plain if isinstance(cell, BaseText) else cell) == "":
                    continue  # an empty cell takes no line
                if beside:
                    block.add_row(header, cell)
                else:
                    block.add_row(header)
                    block.add_row(Padding(cell, (0, 0, 0, 2), style="not bold"))
            yield block
        if table.caption:
            yield RichText(str(table.caption), style="dim")


def _col(table: Table, header: str = "", **options: Any) -> None:
    """A column that folds long words: Chinese and Korean runs have no spaces to wrap at."""
    options.setdefault("overflow", "fold")
    table.add_column(header, **options)


def make_console(record: bool = False) -> Console:
    # Rich already honours NO_COLOR and drops colour when the stream is not a terminal.
    # markup=False, emoji=False: duties and knowledge texts are shown as written, '[red]' and ':fire:' and all
    console = SafeConsole(soft_wrap=False, highlight=False, record=record, markup=False, emoji=False)
    console.width = usable_width(console.width)  # COLUMNS=0 drew nothing at all
    return console


def save_export(console: Console, export: Path, force: bool = False) -> None:
    """Save what a recording console printed, as --export asks: .svg, else .html; like init, no overwrite
    without --force and never through a link."""
    from orgroles.exports import fix_html, fix_svg
    from orgroles.output_file import write_file

    # Rich's own files squeeze Chinese and Korean (SVG) or let their columns drift (HTML): corrected
    if export.suffix.lower() == ".svg":
        page = fix_svg(console.export_svg(title="orgroles"), cell_len)
    else:
        page = fix_html(console.export_html(), cell_len)
    write_file(export, page, force)


def _list(items: list[RenderableType], mark: str = "•") -> Table | str:
    """A bulleted list as a grid, so a mark never sits alone on a line when Chinese or Korean text wraps."""
    if not items:
        return ""
    grid = Table.grid(padding=(0, 1))
    _col(grid, no_wrap=True)
    _col(grid)
    for item in items:
        grid.add_row(mark, item)
    return grid


def _bullets(items: list[Text], lang: Lang) -> Table | str:
    return _list([t.get(lang) for t in items])


def _kpis(kpis: list[Kpi], lang: Lang) -> Table | str:
    rows: list[RenderableType] = []
    for k in kpis:
        tag = word("product_data" if k.product_data else "not_product_data", lang)
        line = RichText(k.name.get(lang))
        line.append(word("in_parens", lang, text=tag), style="green" if k.product_data else "magenta")
        rows.append(line)
    return _list(rows)


class Labelled:
    """Label and value rows: side by side when the value keeps at least VALUE_MIN columns, else each label on
    its own line with its value indented below (a 24-letter label at 35 columns leaves 5 letters a line)."""

    VALUE_MIN = 30

    def __init__(self, rows: list[tuple[str, RenderableType]]) -> None:
        self.rows = [(key, value) for key, value in rows if value]

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        label_width = max((cell_len(key) for key, _ in self.rows), default=0)
        table = Table.grid(padding=(0, 2))
        if options.max_width - label_width - 2 >= self.VALUE_MIN:
            _col(table, style="bold", no_wrap=True)
            _col(table)
            for key, value in self.rows:
                table.add_row(key, value)
        else:
            _col(table)
            for key, value in self.rows:
                table.add_row(RichText(key, style="bold"))
                table.add_row(Padding(value, (0, 0, 0, 2)))
        yield table


def _card(title: str, rows: list[tuple[str, RenderableType]]) -> Panel:
    return Panel(Labelled(rows), title=RichText(title), title_align="left", box=box.ROUNDED)


def function_card(lib: Library, fn: Function, lang: Lang) -> RenderableType:
    division = lib.divisions[fn.division]
    rows: list[tuple[str, RenderableType]] = [
        (word("division", lang), f"{division.name.get(lang)} ({division.id})"),
        (
            word("also_called", lang),
            word("comma", lang).join(dict.fromkeys([*fn.aliases.get(lang), *(a.get(lang) for a in fn.alt_names)])),
        ),
        (word("mission", lang), fn.mission.get(lang)),
        (word("duties", lang), _bullets(fn.duties, lang)),
        (word("deliverables", lang), _bullets(fn.deliverables, lang)),
        (word("kpis", lang), _kpis(fn.kpis, lang)),
        (word("reporting", lang), text_of(fn.reporting, lang)),
        (word("overlaps", lang), _overlap_lines(lib, fn.id, lang)),
        (word("companies", lang), _company_lines(lib, fn.id, lang)),
        (word("source", lang), fn.source),
    ]
    return _card(f"{fn.name.get(lang)} · {fn.id}", rows)


def _overlap_lines(lib: Library, item_id: str, lang: Lang) -> Table | str:
    rows: list[RenderableType] = []
    for o in lib.kb.overlaps:
        if item_id in o.functions:
            head = RichText(f"{o.topic.get(lang)} ", style="bold")
            head.append(f"({' / '.join(o.functions)})", style="")
            rows.append(Group(head, _list([o.question.get(lang)], mark="?")))
    return _list(rows)


def _company_lines(lib: Library, key: str, lang: Lang) -> Table | str:
    return _list(
        [
            f"{company.id}: {text_of(dept.name, lang)} → {text_of(center.name, lang)}"
            for company in lib.cases.companies
            for center in company.centers
            for dept in center.departments
            if any(duty_key(d) == key for d in dept.duties)
        ]
    )


def division_card(lib: Library, div: Division, lang: Lang) -> RenderableType:
    fns = [f for f in lib.kb.functions if f.division == div.id]
    title = f"{div.name.get(lang)} · {div.id}"
    if not div.in_reference_model:
        title += f" ({word('outside_model', lang)})"
    rows: list[tuple[str, RenderableType]] = [
        (
            word("also_called", lang),
            word("comma", lang).join(dict.fromkeys([*div.aliases.get(lang), *(a.get(lang) for a in div.alt_names)])),
        ),
        (word("creates", lang), div.creates.get(lang)),
        (word("judged_on", lang), div.judged_on.get(lang)),
        (word("horizon", lang), div.horizon.get(lang)),
        (word("essence", lang), div.essence.get(lang)),
        (word("goal", lang), div.goal.get(lang)),
        (word("kpis", lang), _kpis(div.kpis, lang)),
        (word("functions", lang), _list([f"{f.name.get(lang)} ({f.id})" for f in fns])),
        (word("example_duties", lang), _bullets(div.example_duties, lang)),
        (word("companies", lang), _company_lines(lib, div.id, lang)),
        (word("source", lang), div.source),
    ]
    return _card(title, rows)


def company_tree(
    lib: Library, company: Company, lang: Lang, classified: dict[int, str] | None = None
) -> RenderableType:
    """`classified`: id(duty) -> the function or division the classifier gives an untagged duty."""
    title = " · ".join(filter(None, (text_of(company.name, lang), text_of(company.industry, lang))))
    root = Tree(RichText(title, style="bold"))
    for center in company.centers:
        branch = root.add(RichText(text_of(center.name, lang), style="bold cyan"))
        for dept in center.departments:
            head = RichText(text_of(dept.name, lang), style="bold")
            if dept.division:
                head.append(f"  [{dept.division}]", style="dim")
            if dept.scope:
                head.append(f"  {word(dept.scope, lang)}", style="dim")
            if dept.accountable_for:
                head.append(
                    f"\n{word('accountable', lang)}{word('colon', lang)}{text_of(dept.accountable_for, lang)}",
                    style="italic",
                )
            node = branch.add(head)
            for duty in dept.duties:
                key = duty_key(duty) or (classified or {}).get(id(duty))
                line = RichText(duty.in_lang(lang))
                if key:
                    division = lib.division_of(key)
                    style = "red" if dept.division and division != dept.division else "green"
                    line.append(f"  → {key}", style=style)
                node.add(line)
            if dept.note:
                node.add(RichText(f"! {dept.note.get(lang)}", style="yellow"))
    if company.notes:
        notes = root.add(RichText(word("notes", lang), style="bold yellow"))
        for note in company.notes:
            notes.add(note.get(lang))
    return root


def reference_tree(lib: Library, lang: Lang) -> RenderableType:
    root = Tree(RichText(word("reference", lang), style="bold"))
    for div in lib.kb.divisions:
        title = RichText(f"{div.name.get(lang)} ({div.id})", style="bold cyan")
        if not div.in_reference_model:
            title.append(f"  {word('outside_model', lang)}", style="dim")
        branch = root.add(title)
        for fn in lib.kb.functions:
            if fn.division == div.id:
                node = branch.add(RichText(f"{fn.name.get(lang)} ({fn.id})", style="bold"))
                for duty in fn.duties:
                    node.add(duty.get(lang))
    return root


def list_tables(lib: Library, what: str | None, lang: Lang) -> RenderableType:
    parts: list[Table] = []
    if what in (None, "divisions"):
        t = _simple_table(word("division", lang), [word("id", lang), word("name", lang), word("creates", lang)])
        for d in lib.kb.divisions:
            t.add_row(d.id, d.name.get(lang), d.creates.get(lang))
        parts.append(t)
    if what in (None, "functions"):
        t = _simple_table(word("function", lang), [word("id", lang), word("division", lang), word("name", lang)])
        for f in lib.kb.functions:
            t.add_row(f.id, f.division, f.name.get(lang))
        parts.append(t)
    if what in (None, "companies"):
        t = _simple_table(word("company", lang), [word("id", lang), word("name", lang), word("industry", lang)])
        for c in lib.cases.companies:
            t.add_row(c.id, text_of(c.name, lang), text_of(c.industry, lang))
        parts.append(t)
    return Group(*(Stackable(t, min_width=60) for t in parts))


def _simple_table(title: str, headers: list[str]) -> Table:
    t = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD)
    for h in headers:
        _col(t, h)
    return t


def _placements(ps: list[Placement], division: str, lang: Lang) -> RichText:
    out = RichText()
    for i, p in enumerate(ps):
        if i:
            out.append("\n")
        from orgroles.compare import misplaced

        out.append(text_of(p.department_name, lang), style="red" if misplaced(p, division) else "")
        extra = [text_of(p.center_name, lang)]
        if p.scope:
            extra.append(word(p.scope, lang))
        out.append(f"\n  {' · '.join(extra)}", style="dim")
    if not ps:
        out.append(word("none", lang), style="dim")
    return out


def company_comparison(lib: Library, cmp: CompanyComparison, lang: Lang) -> RenderableType:
    a, b = cmp.a, cmp.b
    t = Table(box=box.SIMPLE_HEAD, show_lines=True)
    _col(t, word("function", lang), style="bold")
    _col(t, text_of(a.name, lang))
    _col(t, text_of(b.name, lang))
    _col(t, word("differences", lang))
    for row in cmp.rows:
        name = (
            lib.functions[row.key].name.get(lang) if row.key in lib.functions else lib.divisions[row.key].name.get(lang)
        )
        diffs = [_difference(d, lang, a, b) for d in row.differences]
        t.add_row(
            f"{name}\n({row.key})",
            _placements(row.a, row.division, lang),
            _placements(row.b, row.division, lang),
            RichText("\n".join(diffs), style="yellow"),
        )
    notes = Table.grid(padding=(0, 1))
    for company in (a, b):
        for note in company.notes:
            notes.add_row(RichText(f"{company.id}:", style="bold"), note.get(lang))
    return Group(Stackable(t, min_width=60), notes)


def _difference(code: str, lang: Lang, a: Company, b: Company) -> str:
    key = {"division": "division-diff", "scope": "scope-diff", "center": "center-diff"}.get(code, code)
    return word(key, lang, a=text_of(a.name, lang), b=text_of(b.name, lang))


def side_by_side(lib: Library, items: list[Function] | list[Division], lang: Lang) -> RenderableType:
    t = Table(box=box.SIMPLE_HEAD, show_lines=True)
    _col(t, "")
    for item in items:
        _col(t, f"{item.name.get(lang)} ({item.id})", ratio=1)
    from orgroles.model import Function

    # the rows: field names, which are also the label keys
    fields = (
        ("division", "mission", "duties", "deliverables", "kpis", "reporting")
        if isinstance(items[0], Function)
        else ("creates", "judged_on", "kpis", "horizon", "essence", "example_duties")
    )
    for key in fields:
        cells = [_cell(lib, getattr(item, key), lang) for item in items]
        t.add_row(RichText(word(key, lang), style="bold"), *cells)
    return Stackable(t, min_width=20 + 30 * len(items))


def _cell(lib: Library, value: object, lang: Lang) -> RenderableType:
    from orgroles.model import Kpi, Text

    if value is None:
        return word("none", lang)
    if isinstance(value, str):
        return lib.divisions[value].name.get(lang) if value in lib.divisions else value
    if isinstance(value, Text):
        return value.get(lang)
    if isinstance(value, list) and value and isinstance(value[0], Kpi):
        return _kpis(value, lang)
    if isinstance(value, list):
        return _bullets(value, lang)
    return str(value)


def principle_panel(lib: Library, lang: Lang) -> RenderableType:
    p = lib.kb.principle
    market, ops = lib.divisions.get("market"), lib.divisions.get("operations")
    parts: list[RenderableType] = [RichText(p.summary.get(lang), style="bold")]
    if market and ops:
        parts.append(side_by_side(lib, [market, ops], lang))
    ex = p.example
    grid = Table.grid(padding=(0, 2))
    _col(grid, style="bold", no_wrap=True)
    _col(grid)
    grid.add_row(word("shared_ground", lang), p.shared_ground.get(lang))
    grid.add_row(word("value_logic", lang), p.value_logic.get(lang))
    grid.add_row(
        word("example", lang),
        f"{word('views', lang, views=ex.views, wan=f'{ex.views / 10_000:g}', conversions=ex.conversions)}"
        f"{word('colon', lang)}{ex.lesson.get(lang)}",
    )
    parts.append(grid)
    return Panel(Group(*parts), title=RichText(word("essence", lang)), title_align="left", box=box.ROUNDED)


def cycle_table(lib: Library, lang: Lang) -> RenderableType:
    c = lib.kb.cycle
    t = Table(
        title=f"{c.name.get(lang)} — {c.author.get(lang)}{word('comma', lang)}{c.book.get(lang)}",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        show_lines=True,
    )
    _col(t, word("step", lang), justify="right")
    _col(t, word("name", lang), style="bold")
    _col(t, word("content", lang), ratio=3)
    _col(t, word("purpose", lang), ratio=2)
    for s in c.steps:
        t.add_row(str(s.number), s.name.get(lang), s.content.get(lang), s.purpose.get(lang))
    t.add_row("+1", "?", c.plus_one.get(lang), "", style="dim")
    return Stackable(t, min_width=70)


# -- classify and eval ------------------------------------------------------------------------------------

_DEPARTMENT_STYLE = {"market": "bold magenta", "operations": "bold cyan", "sales": "bold yellow"}


def classification_table(results: list[dict[str, object]], lang: Lang | None) -> RenderableType:
    """The table of a batch that fits in memory: Rich sizes every column from every row."""
    lg: Lang = lang or "en"
    legend = _Legend(lg)
    for r in results:
        legend.add(r)
    t = _classification_columns(lg, None)
    t.caption, t.caption_justify = legend.text(), "left"
    for i, r in enumerate(results, 1):
        t.add_row(*_classification_cells(i, r, lg))
    return Stackable(t, min_width=CLASSIFICATION_MIN_WIDTH)


CLASSIFICATION_MIN_WIDTH = 70  # narrower: a block per duty (Stackable)
# A batch of more duties than this is printed as it is classified, this many rows at a time: Rich holds
# a whole table (and every row's measurements) before printing it, 9 KB a row.
STREAM_ROWS = 1000
_ROW_NUMBER_WIDTH = 7  # up to 9,999,999 rows without folding the number


def _classification_columns(lg: Lang, widths: dict[str, int] | None, header: bool = True) -> Table:
    """The classify table's columns. With `widths` (a streamed table), the short columns have those
    widths and the duty and its evidence share the rest of the terminal 3:2, whatever the rows hold, so
    that every part printed lines up with the first."""
    t = Table(box=box.SIMPLE_HEAD, expand=widths is not None, show_header=header)

    def sized(key: str, **options: Any) -> dict[str, Any]:
        if widths is None:
            return options
        # a flexible column measured at width 1 takes its share of what the fixed columns leave
        return {**options, "width": widths.get(key, 1), **({"no_wrap": True} if key in widths else {})}

    _col(t, "#", justify="right", style="dim", **sized("#"))
    _col(t, word("duty", lg), **sized("duty", ratio=3))
    _col(t, word("department", lg), **sized("department"))
    _col(t, word("function", lg), **sized("function"))
    _col(t, word("confidence", lg), justify="right", **sized("confidence"))
    _col(t, word("evidence", lg), **sized("evidence", ratio=2))
    return t


def _classification_cells(i: int, r: dict[str, Any], lg: Lang) -> tuple[RenderableType, ...]:
    department = str(r["department"])
    flag = " ?" if r["ambiguous"] else ""
    return (
        str(i),
        str(r["text"]),
        RichText(department + flag, style=_DEPARTMENT_STYLE.get(department, "dim")),
        str(r["function"] or ""),
        f"{r['confidence']:.2f}",
        ", ".join(_evidence_cell(e, lg) for e in r["evidence"]),
    )


class _Legend:
    """The table's caption, gathered row by row: '?' when a duty is ambiguous, and how evidence from
    terms.yaml is marked when some is (the rest is shown plain: the knowledge in use)."""

    def __init__(self, lang: Lang) -> None:
        self.lang = lang
        self.ambiguous = False
        self.from_terms_yaml = False
        self.plain: dict[str, object] | None = None  # the first evidence of the knowledge in use

    def add(self, r: dict[str, Any]) -> None:
        self.ambiguous = self.ambiguous or bool(r["ambiguous"])
        for e in r["evidence"]:
            if e.get("source") in _FROM_TERMS_YAML:
                self.from_terms_yaml = True
            elif self.plain is None:
                self.plain = e

    def text(self) -> str | None:
        from orgroles.card import source_of

        lg = self.lang
        legend = f"? = {word('ambiguous', lg)}" if self.ambiguous else None
        if self.from_terms_yaml:
            base = source_of(self.plain or {"source": "shipped"}, lg)
            legend = "; ".join(filter(None, [legend, f"[…] = terms.yaml; {word('unmarked', lg, source=base)}"]))
        return legend


def print_classification_table(
    console: Console, first: list[dict[str, Any]], rest: Iterator[dict[str, Any]], lg: Lang
) -> None:
    """A batch's table in `lg`, printed as it is classified, in bounded memory: `first` (more than
    STREAM_ROWS answers) sets the short columns' widths; the duty and evidence columns share the
    terminal's width. Below CLASSIFICATION_MIN_WIDTH, a block per duty."""
    headers = [str(c.header) for c in _classification_columns(lg, None).columns]
    widths = {"#": max(_ROW_NUMBER_WIDTH, cell_len(str(len(first))))}
    for key, index, known in (("department", 2, "unclassified ?"), ("function", 3, ""), ("confidence", 4, "0.00")):
        seen = (cell_len(str(_classification_cells(0, r, lg)[index])) for r in first)
        widths[key] = max(cell_len(headers[index]), cell_len(known), *seen)
    legend = _Legend(lg)

    def parts() -> Iterator[Table]:
        number, batch = 0, first
        while batch:
            t = _classification_columns(lg, widths, header=number == 0)
            for r in batch:
                number += 1
                legend.add(r)
                t.add_row(*_classification_cells(number, r, lg))
            yield t
            batch = list(islice(rest, STREAM_ROWS))

    print_in_parts(console, parts(), CLASSIFICATION_MIN_WIDTH)
    caption = legend.text()
    if caption:
        console.print(RichText(caption, style="dim"))


def print_in_parts(console: Console, parts: Iterable[Table], min_width: int) -> None:
    """Tables of the same columns and widths printed one after another as one table (the first one's
    title and header only), so that only one part's rows are held at a time; below `min_width`, as
    Stackable blocks. A part's top edge (a line of spaces in these boxes) is cut from every part but
    the first, and only the last part's bottom edge is printed; between parts of a table with lines
    between rows, that bottom edge is the line between the rows."""
    bottom: list[Any] = []
    for index, table in enumerate(parts):
        if console.width < min_width:
            if index:
                console.print()  # the blank line between blocks, across parts
            console.print(Stackable(table, min_width=min_width))
            continue
        lines = console.render_lines(table, new_lines=True)
        if index:
            lines = ([*bottom, *lines[1:]]) if table.show_lines else lines[1:]
        bottom = lines[-1:]
        console.print(Segments(segment for line in lines[:-1] for segment in line), end="")
    if bottom:
        console.print(Segments(bottom[0]), end="")


_FROM_TERMS_YAML = ("overlay", "correction")


def _evidence_cell(e: dict[str, object], lang: Lang) -> str:
    """A term as found in the duty, with its line in terms.yaml when it came from there."""
    if e.get("source") == "overlay":
        return f"{e['text']} [terms.yaml:{e['line']}]"
    if e.get("source") == "correction":
        return f"[{word('source-correction', lang, line=e['line'])}]"
    return str(e["text"])


def eval_report(p: dict[str, object]) -> RenderableType:
    def pct(t: object) -> str:
        acc = t["accuracy"]  # type: ignore[index]
        return "—" if acc is None else f"{acc:.1%} ({t['correct']}/{t['total']})"  # type: ignore[index]

    summary = Table(box=box.SIMPLE_HEAD, title="Accuracy", title_justify="left")
    _col(summary, "")
    _col(summary, "department")
    _col(summary, "function")
    summary.add_row("all", pct(p["department"]), pct(p["function"]))
    fn_by_lang: dict[str, object] = p["function_by_lang"]  # type: ignore[assignment]
    for lang, tally in p["by_lang"].items():  # type: ignore[attr-defined]
        summary.add_row(lang, pct(tally), pct(fn_by_lang[lang]) if lang in fn_by_lang else "—")
    by_label = Table(box=box.SIMPLE_HEAD, title="By label", title_justify="left")
    _col(by_label, "label")
    _col(by_label, "department")
    for name, tally in p["by_label"].items():  # type: ignore[attr-defined]
        by_label.add_row(name, pct(tally))
    confusion: dict[str, dict[str, int]] = p["confusion"]  # type: ignore[assignment]
    predicted = sorted({k for row in confusion.values() for k in row})
    matrix = Table(box=box.SIMPLE_HEAD, title="Confusion (rows: label, columns: predicted)", title_justify="left")
    _col(matrix, "")
    for col in predicted:
        _col(matrix, col, justify="right")
    for gold, row in confusion.items():
        matrix.add_row(gold, *(str(row.get(col, 0)) for col in predicted))
    by_confidence = Table(box=box.SIMPLE_HEAD, title="By confidence", title_justify="left")
    _col(by_confidence, "confidence")
    _col(by_confidence, "department")
    for band, tally in p.get("by_confidence", {}).items():  # type: ignore[attr-defined]
        by_confidence.add_row(band, pct(tally))
    shown = len(p["misses"])  # type: ignore[arg-type]
    count = f"{shown} of {p['miss_count']}" if shown < p["miss_count"] else str(p["miss_count"])  # type: ignore[operator]
    misses = Table(box=box.SIMPLE_HEAD, title=f"Misses ({count})", title_justify="left")
    for col in ("record", "label", "predicted", "text"):
        _col(misses, col)
    for m in p["misses"]:  # type: ignore[attr-defined]
        gold = m["department"] + (f"/{m['function']}" if m["function"] else "")
        pred = m["predicted_department"] + (f"/{m['predicted_function']}" if m["predicted_function"] else "")
        misses.add_row(str(m["id"] or m["line"]), gold, pred, m["text"][:80])
    # misses first: the figures close the output, where a reader (or `| tail`) looks
    wide = [Stackable(misses, min_width=70)] if misses.row_count else []
    return Group(*wide, by_label, Stackable(matrix, min_width=14 + 12 * len(predicted)), by_confidence, summary)


_SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


AUDIT_MIN_WIDTH = 90  # narrower: a block per finding


def audit_table(report: AuditReport) -> RenderableType:
    """The audit of a chart whose findings fit in one table (print_audit_table streams a longer one)."""
    lg: Lang = report.lang  # type: ignore[assignment]
    parts: list[RenderableType] = [RichText(word("audit_heading", lg, name=report.name), style="bold")]
    if report.findings:
        t = _findings_table(lg, None, title=True)
        for f in report.findings:
            t.add_row(*_finding_cells(report, f))
        parts.append(Stackable(t, min_width=AUDIT_MIN_WIDTH))
    else:
        parts.append(RichText(word("no_findings", lg), style="green"))
    parts.append(_audit_summary(report))
    return Group(*parts)


def print_audit_table(console: Console, report: AuditReport) -> None:
    """The audit printed as it goes: the findings STREAM_ROWS at a time, in bounded memory however
    large the chart (Rich would hold the whole table and every row's measurements at once)."""
    if len(report.findings) <= STREAM_ROWS:
        console.print(audit_table(report))
        return
    from orgroles.audit import SEVERITY_ORDER, severity_name

    lg: Lang = report.lang  # type: ignore[assignment]
    console.print(RichText(word("audit_heading", lg, name=report.name), style="bold"))
    # the one column sized by its words: as wide as the widest severity, in every part
    severity = max(cell_len(severity_name(s, lg)) for s in SEVERITY_ORDER)
    severity = max(severity, cell_len(word("severity", lg)))

    def parts() -> Iterator[Table]:
        for start in range(0, len(report.findings), STREAM_ROWS):
            t = _findings_table(lg, severity, title=start == 0)
            for f in report.findings[start : start + STREAM_ROWS]:
                t.add_row(*_finding_cells(report, f))
            yield t

    print_in_parts(console, parts(), AUDIT_MIN_WIDTH)
    console.print(_audit_summary(report))


def _findings_table(lg: Lang, severity_width: int | None, title: bool) -> Table:
    """The findings' columns: the reason takes the room it needs to be read (shares of the width),
    severity as wide as its word. With `severity_width`, a part of a streamed table (header in the first)."""
    t = Table(
        box=box.SIMPLE_HEAD,
        show_lines=True,
        title=word("findings", lg) if title else None,
        title_justify="left",
        expand=True,
        show_header=title,
    )
    for key, ratio in (("severity", None), ("kind", 2), ("department", 2), ("duty", 3), ("why", 6)):
        fixed = {"width": severity_width} if key == "severity" and severity_width else {}
        _col(t, word(key, lg), ratio=ratio, **fixed)
    return t


def _finding_cells(report: AuditReport, f: Any) -> tuple[RenderableType, ...]:
    from orgroles.audit import kind_name, severity_name

    lg = report.lang
    return (
        RichText(severity_name(f.severity, lg), style=_SEVERITY_STYLE[f.severity]),
        kind_name(f.kind, lg),
        report.department_name(f.department),
        f.duty or (f.function and report.function_names.get(f.function)) or "",
        f.why,
    )


def _audit_summary(report: AuditReport) -> RenderableType:
    lg: Lang = report.lang  # type: ignore[assignment]
    summary = Table(box=box.SIMPLE_HEAD, title=word("fit_per_department", lg), title_justify="left")
    for key in ("department", "division", "duties_that_fit"):
        _col(summary, word(key, lg))
    for d in report.departments:
        share = "—" if d.share is None else f"{d.fitting}/{d.duties} ({d.share:.0%})"
        style = "" if d.share is None or d.share >= 0.999 else "yellow"
        summary.add_row(d.name, d.division or "—", RichText(share, style=style))
    return Stackable(summary, min_width=50)


@contextmanager
def progress_bar(total_bytes: int | None, lang: Lang) -> Iterator[Callable[[int, int | None], None]]:
    """A transient bar on stderr: share of the file read (when its size is known), lines, time left."""
    from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeRemainingColumn

    lines = "{task.fields[lines]:,} " + word("lines", lang)
    columns = [TextColumn("{task.description}"), BarColumn(), TaskProgressColumn(), TextColumn(lines)]
    if total_bytes:
        columns.append(TimeRemainingColumn())
    # redirect_stdout off: Rich would otherwise route our own output (json, csv, the card) to its console
    with Progress(
        *columns, console=Console(stderr=True), transient=True, redirect_stdout=False, redirect_stderr=False
    ) as bar:
        task = bar.add_task(word("classifying", lang), total=total_bytes or None, lines=0)

        def update(done_lines: int, done_bytes: int | None) -> None:
            bar.update(task, completed=done_bytes or 0, lines=done_lines)

        yield update


# -- classify --summary -----------------------------------------------------------------------------------

BAR_WIDTH = 30  # columns of the longest possible bar (a share of 100%)


def _bar(share: float) -> str:
    """A share as a bar of full and partial blocks, so that 3% and 0% look different."""
    eighths = round(share * BAR_WIDTH * 8)
    return "█" * (eighths // 8) + ("", "▏", "▎", "▍", "▌", "▋", "▊", "▉")[eighths % 8]


def summary_table(summary: dict[str, Any], names: dict[str, dict[str, str]], lang: Lang) -> RenderableType:
    """classify --summary: counts, shares and bars by department and by function, then ambiguous and
    unclassified."""

    def name(key: str) -> str:
        return names.get(key, {}).get(lang) or (word(key, lang) if key == "unclassified" else key)

    parts: list[RenderableType] = []
    for title, rows in (
        (word("department", lang), [(name(d), c) for d, c in summary["departments"].items()]),
        (word("function", lang), [(name(f), c) for f, c in summary["functions"].items()]),
        (
            "",
            [(word("ambiguous", lang), summary["ambiguous"]), (word("unclassified", lang), summary["unclassified"])],
        ),
    ):
        if not rows:
            continue
        t = Table(box=box.SIMPLE_HEAD)
        _col(t, title)
        _col(t, word("count", lang), justify="right")
        _col(t, word("share", lang), justify="right")
        _col(t, "", no_wrap=True)
        for key, c in rows:
            t.add_row(key, str(c["count"]), f"{c['share']:.1%}", RichText(_bar(c["share"]), style="cyan"))
        parts.append(t)
    return Group(RichText(word("total_duties", lang, n=summary["total"]), style="bold"), *parts)
