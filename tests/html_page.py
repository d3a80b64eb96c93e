"""Reading an orgroles HTML report back as a user's browser would see its table: rows, cells, hidden rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Row:
    attrs: dict[str, str | None]
    cells: dict[str, str] = field(default_factory=dict)  # data-col -> the cell's text

    @property
    def hidden(self) -> bool:
        return "hidden" in self.attrs


class _Table(HTMLParser):
    """The rows of <table id="duties">'s body, with each cell's text by its data-col."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[Row] = []
        self.headings: list[str] = []
        self.scripts = 0
        self._in_table = self._in_body = False
        self._cell: str | None = None
        self._heading: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "script":
            self.scripts += 1
        if tag == "table" and a.get("id") == "duties":
            self._in_table = True
        elif self._in_table and tag == "tbody":
            self._in_body = True
        elif self._in_body and tag == "tr":
            self.rows.append(Row(a))
        elif self._in_body and tag == "td":
            self._cell = a.get("data-col") or ""
            self.rows[-1].cells[self._cell] = ""
        elif self._in_table and tag == "th":
            self._heading = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "td":
            self._cell = None
        elif tag == "th" and self._heading is not None:
            self.headings.append("".join(self._heading).strip())
            self._heading = None
        elif tag == "table":
            self._in_table = self._in_body = False

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self.rows[-1].cells[self._cell] += data
        elif self._heading is not None:
            self._heading.append(data)


def read_table(page: str) -> _Table:
    parser = _Table()
    parser.feed(page)
    parser.close()
    return parser


def duty_texts(page: str) -> list[str]:
    """The duties of the report's table, in the order the page shows them."""
    return [row.cells["text"] for row in read_table(page).rows]
