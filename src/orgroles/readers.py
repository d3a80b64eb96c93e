"""The input side of a batch: files and stdin (plain lines, CSV/TSV, .xlsx) -> duties with the cells of their row.

One reader per input format, in one registry keyed by `InputFormat`; `read_batch` picks the reader for
a `Source` and returns a `Batch` (the input's column names + a stream of rows). The engine and the
writers never see files, encodings or delimiters: that is all here.

Every read is bounded: a line (and a CSV cell) longer than MAX_LINE characters is refused with its line
number, so a 1 GB one-line file or /dev/zero fails in constant memory instead of eating it. Lines end at
LF, CRLF or a lone CR (a CR-only file from an old Mac is read line by line); a CR inside a quoted CSV
cell is kept as part of the cell.
"""

from __future__ import annotations

import codecs
import re
import stat
import sys
from collections.abc import Callable, Generator, Iterable, Iterator
from enum import Enum
from itertools import chain, repeat
from operator import add
from pathlib import Path
from typing import IO, Any

from orgroles.errors import InputError, UsageError

STDIN = "-"
MAX_LINE = 16 * 1024 * 1024  # characters in one line or one CSV cell: far past any duty, far below the RAM
CHUNK = 1 << 16  # bytes read at a time; also what decides a file's encoding
MAX_WORKBOOK = 256 * 1024 * 1024  # bytes of an .xlsx read from stdin (a workbook is read whole)
XLSX_SUFFIXES = (".xlsx", ".xlsm")
ZIP_MAGIC = b"PK\x03\x04"  # an .xlsx is a zip file: how one is known on stdin
DELIMITERS = (",", "\t", ";", "|")  # what a header row is tried with, in this order

# Called once per chunk read with the lines read and the bytes read so far.
Progress = Callable[[int, int | None], None]

# One row of a batch: the duty, and the other cells of its input row by (unique) column name (None for plain
# text). The duty's own cell is the answer's "text"; Batch.duty_column says where it goes back.
Row = tuple[str, dict[str, str] | None]


class InputFormat(str, Enum):
    """How a batch file is read; every member has a reader in READERS (tests/test_formats.py)."""

    text = "text"  # one duty a line
    csv = "csv"  # a header row; the duty in --column; comma, tab, semicolon or bar between cells
    xlsx = "xlsx"  # an Excel workbook: the first (or --sheet) sheet, its first row the header


class Source:
    """What the command line says about the input: a path ('-' for stdin) and how to read it."""

    # plain classes, not dataclasses: this module is on the path of a one-duty run (0.15 ms a dataclass)
    __slots__ = ("column", "delimiter", "encoding", "path", "progress", "sheet")

    def __init__(
        self,
        path: str,
        column: str | None = None,
        progress: Progress | None = None,
        *,
        encoding: str | None = None,
        delimiter: str | None = None,
        sheet: str | None = None,
    ) -> None:
        self.path = path
        self.column = column
        self.progress = progress
        self.encoding = encoding  # None: a byte-order mark, UTF-8, or what charsets.detect can tell
        self.delimiter = delimiter  # None: tab for .tsv, else the one that makes --column a header cell
        self.sheet = sheet  # None: the first sheet of a workbook

    @property
    def name(self) -> str:
        """The input as error messages name it."""
        return "stdin" if self.path == STDIN else self.path


class Batch:
    """Rows to classify, in input order, and the names of the input's columns."""

    __slots__ = ("columns", "duty_column", "line", "notes", "rows")

    def __init__(self, columns: list[str], rows: Iterator[Row], duty_column: str | None = None) -> None:
        self.columns = columns  # every column of the input, in order, made unique (see unique_names)
        self.rows = rows
        self.duty_column = duty_column  # which of them holds the duty (None: plain text)
        self.line = 0  # the line of the file the row last given starts on, where a reader knows it (CSV)
        # what a user must be told about the input once its rows are all read (orgroles.cli prints each as a
        # warning): the run goes on, but nothing read in a way the user would not expect goes unsaid
        self.notes: list[str] = []


Reader = Callable[[Source], Batch]
READERS: dict[InputFormat, Reader] = {}


def reader(fmt: InputFormat) -> Callable[[Reader], Reader]:
    """Register a function as the reader of one input format."""

    def register(fn: Reader) -> Reader:
        READERS[fmt] = fn
        return fn

    return register


def input_format(source: Source) -> InputFormat:
    """How a source is read: a workbook by its name (or, on stdin, its zip signature), CSV when a column
    is named, plain lines otherwise."""
    if source.path == STDIN:
        if source.column is not None and sys.stdin is not None and not sys.stdin.closed:
            peek = getattr(sys.stdin.buffer, "peek", None)
            if peek is not None and peek(4)[:4] == ZIP_MAGIC:
                return InputFormat.xlsx
    elif Path(source.path).suffix.lower() in XLSX_SUFFIXES:
        return InputFormat.xlsx
    return InputFormat.text if source.column is None else InputFormat.csv


def read_batch(source: Source) -> Batch:
    """The rows of a file or stdin, read by the reader its format calls for."""
    fmt = input_format(source)
    if source.sheet is not None and fmt is not InputFormat.xlsx:
        raise UsageError(f"--sheet {source.sheet}: {source.name} is not an .xlsx workbook")
    if fmt is InputFormat.xlsx and (source.encoding or source.delimiter):
        raise UsageError(f"{source.name} is a workbook: --encoding and --delimiter are for text files")
    if fmt is InputFormat.text and source.delimiter is not None:
        raise UsageError("--delimiter splits a table: add --column NAME to say which column holds the duty")
    return READERS[fmt](source)


def from_arguments(texts: Iterable[str]) -> Batch:
    """Duties given on the command line, as a batch with no columns."""
    return Batch([], zip(texts, repeat(None)))


def unique_names(header: list[str]) -> list[str]:
    """Column names made unique the way pandas does: a repeated `x` becomes `x.1`, `x.2`, ... (skipping any
    name the header already has), so every cell of a row has a name of its own."""
    taken = set(header)
    seen: set[str] = set()
    out = []
    for name in header:
        unique, n = name, 0
        while unique in seen or (n and unique in taken):
            n += 1
            unique = f"{name}.{n}"
        seen.add(unique)
        out.append(unique)
    return out


# -- bytes in ------------------------------------------------------------------------------------------------


def open_input(path: str) -> IO[bytes]:
    """A binary stream for PATH or '-' (stdin), with one-line errors for what a user can get wrong."""
    if path == STDIN:
        if sys.stdin is None or sys.stdin.closed:
            raise InputError("stdin is closed: pipe duties in, or give --file PATH")
        return sys.stdin.buffer
    p = Path(path)
    try:
        return p.open("rb")
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, not a file") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None


def input_size(path: str) -> int | None:
    """Bytes in a regular file, for a progress bar; None for stdin, a pipe or a device."""
    if path == STDIN:
        return None
    try:
        info = Path(path).stat()
    except OSError:
        return None
    return info.st_size if stat.S_ISREG(info.st_mode) else None


def _read_some(stream: IO[bytes], at_least: int) -> bytes:
    """What the stream has now, but at least `at_least` bytes unless it ends first (a pipe gives what arrived)."""
    data = b""
    while len(data) < at_least:
        chunk = stream.read1(CHUNK)  # type: ignore[attr-defined]
        if not chunk:
            break
        data += chunk
    return data


_BREAK = re.compile(r"(\r\n|\r|\n)")
_BREAK_BYTES = re.compile(rb"\r\n|\r|\n")


def _encoding(stream: IO[bytes], source: Source) -> tuple[str, bytes]:
    """The encoding to read with, and the bytes already read to find it out."""
    from orgroles import charsets

    head = _read_some(stream, 4)  # a byte-order mark
    if source.encoding is not None:
        return source.encoding, head
    for bom, encoding in charsets.BOMS:
        if head.startswith(bom):
            return encoding, head
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=not head)
        return "utf-8", head  # the start is UTF-8: stream on (a later bad byte is an error with its line)
    except UnicodeDecodeError:
        pass
    sample = head + _read_some(stream, CHUNK - len(head))
    at_end = len(sample) < CHUNK
    detected = charsets.detect(sample, at_end)
    if detected is None:
        try:
            sample.decode("utf-8")
            bad = len(sample)
        except UnicodeDecodeError as exc:
            bad = exc.start
        line = 1 + len(_BREAK_BYTES.findall(sample[:bad]))
        raise InputError(
            f"{source.name}: line {line}: not valid UTF-8, nor clearly Chinese (GB18030) or Korean (CP949): "
            "name the file's encoding with --encoding, e.g. --encoding gb18030, cp949 or latin-1"
        )
    return detected, sample


def physical_lines(source: Source, keepends: bool = False) -> Generator[str, None, None]:
    """The text's lines (ending at LF, CRLF or a lone CR), each at most MAX_LINE characters; errors name the line."""
    from orgroles.charsets import display

    name = source.name
    stream = open_input(source.path)
    lineno = 0
    try:
        encoding, raw = _encoding(stream, source)
        try:
            decoder = codecs.getincrementaldecoder(encoding)()
        except LookupError:
            raise UsageError(f"--encoding {encoding}: unknown encoding") from None
        done, pending, first = 0, "", True
        while True:
            final = not raw
            try:
                text = decoder.decode(raw, final=final)
            except UnicodeDecodeError as exc:
                before = raw[: max(exc.start, 0)].decode(encoding, "replace")
                line = lineno + 1 + len(_BREAK.findall(pending + before))
                hint = "" if source.encoding else " (if the file is in another encoding, name it with --encoding)"
                raise InputError(f"{name}: line {line}: not valid {display(encoding)}{hint}") from None
            if first and text:
                text, first = text.removeprefix("\ufeff"), False
            parts = _BREAK.split(pending + text)
            if not final and len(parts) > 1 and parts[-1] == "" and parts[-2] == "\r":
                pending = parts[-3] + "\r"  # perhaps the first half of a CRLF cut by the chunk
                del parts[-3:]
            else:
                pending = parts.pop()
            if parts:
                contents, ends = parts[0::2], parts[1::2]
                yield from (map(add, contents, ends) if keepends else contents)
                lineno += len(ends)
            if len(pending) > MAX_LINE:
                raise InputError(
                    f"{name}: line {lineno + 1}: longer than {MAX_LINE:,} characters; refused "
                    "(a duty is a sentence or a paragraph: is this the file you meant?)"
                )
            if final:
                break
            done += len(raw)
            if source.progress is not None:
                source.progress(lineno, done)
            raw = stream.read1(CHUNK)  # type: ignore[attr-defined]
        if pending:
            yield pending  # the last line, without a line break
    except OSError as exc:  # EIO from a failing disk or device mid-file: a read error, not a write error
        raise InputError(f"{name}: line {lineno + 1}: cannot read: {exc.strerror or exc}") from None
    finally:
        if source.path != STDIN:
            stream.close()


# -- the readers ---------------------------------------------------------------------------------------------


def read_lines(path: str, progress: Progress | None = None, encoding: str | None = None) -> Iterator[str]:
    """One duty per line, in order; blank lines are kept so that line numbers stay aligned."""
    return physical_lines(Source(path, progress=progress, encoding=encoding))


@reader(InputFormat.text)
def read_text(source: Source) -> Batch:
    """A plain text file: every line is a duty. A .csv or .tsv is a table: read whole lines of it, the
    header would be a duty and every other cell evidence, so the column must be named."""
    if source.path != STDIN and Path(source.path).suffix.lower() in (".csv", ".tsv"):
        raise UsageError(f"{source.name} is a table: say which column holds the duties with --column NAME")
    return Batch([], zip(physical_lines(source), repeat(None)))  # no Python step per line


def read_csv(path: str, column: str, progress: Progress | None = None, encoding: str | None = None) -> Batch:
    """A CSV file's rows, the duty from `column` (the API of eval's labelled CSV files)."""
    return read_table(Source(path, column, progress, encoding=encoding))


@reader(InputFormat.csv)
def read_table(source: Source) -> Batch:
    """A CSV (or TSV, ...) file with a header row: the duty from --column, every cell kept by column name.

    Read strictly: a quote never closed is an error naming the line it opened on; a row with more cells
    than the header has names is an error (its cells would have no column); a shorter row is padded with
    blank cells; blank lines are skipped, as every CSV reader does."""
    import csv

    column = source.column
    assert column is not None  # input_format sends only a named column here
    name = source.name
    csv.field_size_limit(MAX_LINE)
    lines = physical_lines(source, keepends=True)
    try:
        first = next(lines, None)
        if first is None:
            raise InputError(f"{name}: no column {column!r} (columns: none; the file is empty)")
        delimiter = source.delimiter or _sniff_delimiter(first, column, source.path)
        cells = csv.reader(chain([first], lines), delimiter=delimiter, strict=True)
        try:
            header = next(cells)
        except csv.Error as exc:
            raise InputError(f"{name}: not a readable CSV file: {exc}") from None
        names = unique_names(header)
        at = [i for i, h in enumerate(header) if h == column]
        if not at:
            shown = ", ".join(header) if any(header) else "none"
            raise InputError(f"{name}: no column {column!r} (columns: {shown})")
        if len(at) > 1:
            places = ", ".join(str(i + 1) for i in at)
            raise InputError(f"{name}: {len(at)} columns are named {column!r} (columns {places}): rename all but one")
    except BaseException:
        lines.close()
        raise
    duty, width = at[0], len(header)
    spelled = {",": "comma", "\t": "tab", ";": "semicolon", "|": "bar"}.get(delimiter, repr(delimiter))
    batch = Batch(names, iter(()), names[duty])

    def rows() -> Iterator[Row]:
        start = cells.line_num + 1
        try:
            for row in cells:
                if not row:
                    start = cells.line_num + 1
                    continue
                if len(row) > width:
                    raise InputError(
                        f"{name}: line {start}: {len(row)} cells, but the header names {width} columns "
                        f"(quote a cell that holds a {spelled}, or name the extra column)"
                    )
                if len(row) < width:
                    row += [""] * (width - len(row))
                batch.line = start  # a quoted cell may span lines: the row's own line, for later errors
                yield row[duty], {k: v for i, (k, v) in enumerate(zip(names, row, strict=True)) if i != duty}
                start = cells.line_num + 1
        except csv.Error as exc:
            raise InputError(_csv_problem(name, start, exc)) from None
        finally:
            lines.close()

    batch.rows = rows()
    return batch


def _csv_problem(name: str, start: int, exc: Exception) -> str:
    text = str(exc)
    if "unexpected end of data" in text:
        return f"{name}: line {start}: a quote opened in this row is never closed"
    if "field larger than field limit" in text:
        return f"{name}: line {start}: a cell longer than {MAX_LINE:,} characters (is a quote left open?)"
    return f"{name}: line {start}: not readable as CSV: {text}"


def _sniff_delimiter(header: str, column: str, path: str) -> str:
    """Tab for a .tsv; else the first of DELIMITERS that makes --column a cell of the header row (a header
    that holds no such cell is split where it splits most, for the error that lists the columns)."""
    import csv

    if Path(path).suffix.lower() in (".tsv", ".tab"):
        return "\t"
    splits: dict[str, list[str]] = {}
    for delimiter in DELIMITERS:
        try:
            splits[delimiter] = next(csv.reader([header], delimiter=delimiter))
        except (csv.Error, StopIteration):
            continue
        if column in splits[delimiter]:
            return delimiter
    return max(splits, key=lambda d: len(splits[d])) if splits else ","


@reader(InputFormat.xlsx)
def read_workbook(source: Source) -> Batch:
    """An Excel workbook, streamed row by row (openpyxl's read-only mode): the first row names the columns,
    the duty comes from --column; empty cells are blank, numbers and dates are written as text."""
    import io
    import zipfile

    from openpyxl import load_workbook  # about 100 ms: only for a workbook
    from openpyxl.utils.exceptions import InvalidFileException

    from orgroles.text import did_you_mean

    name, column = source.name, source.column
    if column is None:
        raise UsageError(f"{name} is a workbook: say which column holds the duties with --column NAME")
    if source.path == STDIN:
        raw = open_input(STDIN).read(MAX_WORKBOOK + 1)
        if len(raw) > MAX_WORKBOOK:
            raise InputError(f"stdin: a workbook larger than {MAX_WORKBOOK:,} bytes; refused")
        target: Any = io.BytesIO(raw)
    else:
        open_input(source.path).close()  # the same one-line errors as any other file
        target = source.path
    try:
        book = load_workbook(target, read_only=True, data_only=True)
        # a formula cell holds the value it last computed, which a file written by a script never has: then
        # the cell reads as blank. Only a workbook with formulas is read a second time, for their text.
        formulas = load_workbook(_reopened(target), read_only=True) if _holds_formulas(target) else None
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError) as exc:
        raise InputError(f"{name}: not a readable .xlsx workbook ({exc})") from None
    if source.sheet is None:
        sheet = book.worksheets[0]
    elif source.sheet in book.sheetnames:
        sheet = book[source.sheet]
    else:
        book.close()
        if formulas is not None:
            formulas.close()
        hint = did_you_mean(source.sheet, book.sheetnames) or f" (sheets: {', '.join(book.sheetnames)})"
        raise UsageError(f"{name}: no sheet {source.sheet!r}{hint}")
    values = sheet.iter_rows(values_only=True)
    unsaved = _UnsavedFormulas(formulas, sheet.title)
    first_row = next(values, ())
    unsaved.check(1, first_row)
    header = [_cell_text(v) for v in first_row]
    while header and header[-1] == "":
        header.pop()  # a sheet's used range often runs past its last named column
    at = [i for i, h in enumerate(header) if h == column]
    if len(at) != 1:
        book.close()
        unsaved.close()
        if not at:
            shown = ", ".join(h for h in header if h) or "none"
            raise InputError(f"{name}: no column {column!r} in sheet {sheet.title!r} (columns: {shown})")
        places = ", ".join(str(i + 1) for i in at)
        raise InputError(f"{name}: {len(at)} columns are named {column!r} (columns {places}): rename all but one")
    names, duty, width = unique_names(header), at[0], len(header)
    batch = Batch(names, iter(()), names[duty])

    def rows() -> Iterator[Row]:
        try:
            for number, row in enumerate(values, 2):
                unsaved.check(number, row)
                cells = [_cell_text(v) for v in row]
                if not any(cells):
                    continue  # a blank row between blocks of a sheet
                if any(cells[width:]):
                    raise InputError(f"{name}: row {number}: a cell beyond the last named column; name that column")
                cells = cells[:width] + [""] * (width - len(cells))
                if len(cells[duty]) > MAX_LINE:
                    raise InputError(f"{name}: row {number}: a cell longer than {MAX_LINE:,} characters")
                yield cells[duty], {k: v for i, (k, v) in enumerate(zip(names, cells, strict=True)) if i != duty}
            if unsaved.count:
                batch.notes.append(unsaved.note(name))
        finally:
            book.close()
            unsaved.close()

    batch.rows = rows()
    return batch


_FORMULA_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s>/]")  # <f>, <f t="shared" .../>, <x:f>


def _holds_formulas(target: Any) -> bool:
    """Whether any sheet of the workbook holds a formula: a scan of its XML, far quicker than a second read."""
    import zipfile

    with zipfile.ZipFile(target) as archive:  # (closing it leaves a stream given to it open)
        for part in archive.namelist():
            if not (part.startswith("xl/worksheets/") and part.endswith(".xml")):
                continue
            with archive.open(part) as xml:
                tail = b""
                while chunk := xml.read(CHUNK):
                    if _FORMULA_TAG.search(tail + chunk):
                        return True
                    tail = chunk[-16:]  # a tag cut in two by the chunk
    return False


def _reopened(target: Any) -> Any:
    """The workbook again from its start: a path as it is, bytes from stdin as a stream of their own."""
    import io

    return io.BytesIO(target.getvalue()) if isinstance(target, io.BytesIO) else target


class _UnsavedFormulas:
    """The cells of a sheet that hold a formula but no saved value, found by reading the sheet's formulas
    beside its values, row for row: such a cell reads as blank, and the user is told so (Batch.notes)."""

    __slots__ = ("book", "count", "first", "rows", "title")

    def __init__(self, book: Any, title: str) -> None:
        self.book = book  # the workbook read with its formulas; None when it holds none
        self.title = title
        self.rows = book[title].iter_rows(values_only=True) if book is not None else None
        self.count = 0
        self.first = ""  # 'B7 (=A7&" "&C7)'

    def check(self, number: int, values: tuple[Any, ...]) -> None:
        """Count the cells of row `number` whose value is missing where the sheet has a formula."""
        if self.rows is None:
            return
        written = next(self.rows, ())
        for i, (value, formula) in enumerate(zip(values, written, strict=False)):
            if value is None and formula is not None:
                if not self.count:
                    from openpyxl.utils import get_column_letter

                    text = formula if isinstance(formula, str) else str(getattr(formula, "text", "") or "")
                    shown = text if len(text) <= 40 else text[:39] + "…"
                    self.first = f"{get_column_letter(i + 1)}{number}" + (f", {shown}" if shown else "")
                self.count += 1

    def note(self, name: str) -> str:
        cells = (
            f"1 cell of sheet {self.title!r} holds a formula"
            if self.count == 1
            else (f"{self.count:,} cells of sheet {self.title!r} hold formulas")
        )
        return (
            f"{name}: {cells} with no saved value (first: {self.first}); read as blank: open and save the "
            "file in Excel or LibreOffice to store the values"
        )

    def close(self) -> None:
        if self.book is not None:
            self.book.close()


def _cell_text(value: object) -> str:
    """A spreadsheet cell as the text a person sees in it (dates in ISO form, TRUE/FALSE, no '7.0')."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return str(value.isoformat(sep=" ") if hasattr(value, "hour") and hasattr(value, "date") else value.isoformat())
    return str(value)
