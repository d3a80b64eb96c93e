"""The input side of a batch: files and stdin (plain lines, CSV) -> duties with the columns they came with.

One reader per input format, in one registry keyed by `InputFormat`; `read_batch` picks the reader for
a `Source` and returns a `Batch` (passthrough column names + a stream of rows). The engine and the
writers never see files, encodings or delimiters: that is all here.
"""

from __future__ import annotations

import stat
import sys
from collections.abc import Callable, Generator, Iterable, Iterator
from enum import Enum
from itertools import repeat
from operator import methodcaller
from pathlib import Path
from typing import IO

from orgroles.errors import InputError

STDIN = "-"

# Called every PROGRESS_EVERY lines with the lines read and the bytes read so far (None from a pipe).
Progress = Callable[[int, int | None], None]
PROGRESS_EVERY = 2048

# One row of a batch: the duty, and the other cells of its input row by column name (None for plain text).
Row = tuple[str, dict[str, str] | None]


class InputFormat(str, Enum):
    """How a batch file is read; every member has a reader in READERS (tests/test_formats.py)."""

    text = "text"  # one duty a line
    csv = "csv"  # a header row; the duty in --column, the other columns passed through


class Source:
    """What the command line says about the input: a path ('-' for stdin) and how to read it."""

    # plain classes, not dataclasses: this module is on the path of a one-duty run (0.15 ms a dataclass)
    __slots__ = ("column", "path", "progress")

    def __init__(self, path: str, column: str | None = None, progress: Progress | None = None) -> None:
        self.path = path
        self.column = column
        self.progress = progress

    @property
    def name(self) -> str:
        """The input as error messages name it."""
        return "stdin" if self.path == STDIN else self.path


class Batch:
    """Rows to classify, in input order, and the names of the columns passed through beside each duty."""

    __slots__ = ("columns", "rows")

    def __init__(self, columns: list[str], rows: Iterator[Row]) -> None:
        self.columns = columns  # in input order, without the duty's own column
        self.rows = rows


Reader = Callable[[Source], Batch]
READERS: dict[InputFormat, Reader] = {}


def reader(fmt: InputFormat) -> Callable[[Reader], Reader]:
    """Register a function as the reader of one input format."""

    def register(fn: Reader) -> Reader:
        READERS[fmt] = fn
        return fn

    return register


def input_format(source: Source) -> InputFormat:
    """The format a source is read in: CSV when a column is named, plain lines otherwise."""
    return InputFormat.text if source.column is None else InputFormat.csv


def read_batch(source: Source) -> Batch:
    """The rows of a file or stdin, read by the reader its format calls for."""
    return READERS[input_format(source)](source)


def from_arguments(texts: Iterable[str]) -> Batch:
    """Duties given on the command line, as a batch with no passthrough columns."""
    return Batch([], zip(texts, repeat(None)))


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


def _decode(raw: bytes, name: str, lineno: int) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(f"{name}: line {lineno}: not valid UTF-8 (save the file as UTF-8)") from None


def _decoded_lines(path: str, progress: Progress | None = None) -> Generator[str, None, None]:
    """The file's lines as text with their line endings; a line that is not UTF-8 is named by number."""
    name = "stdin" if path == STDIN else path
    stream = open_input(path)
    try:
        for lineno, raw in enumerate(stream, 1):
            text = _decode(raw, name, lineno)
            yield text.removeprefix("\ufeff") if lineno == 1 else text
            if progress is not None and not lineno % PROGRESS_EVERY:
                progress(lineno, _tell(stream))
    finally:
        if path != STDIN:
            stream.close()


def _tell(stream: IO[bytes]) -> int | None:
    try:
        return stream.tell()
    except OSError:  # a pipe
        return None


def input_size(path: str) -> int | None:
    """Bytes in a regular file, for a progress bar; None for stdin, a pipe or a device."""
    if path == STDIN:
        return None
    try:
        info = Path(path).stat()
    except OSError:
        return None
    return info.st_size if stat.S_ISREG(info.st_mode) else None


# -- the readers ---------------------------------------------------------------------------------------------


def read_lines(path: str, progress: Progress | None = None) -> Iterator[str]:
    """One duty per line, in order; blank lines are kept so that line numbers stay aligned."""
    return map(methodcaller("rstrip", "\r\n"), _decoded_lines(path, progress))  # C-level, per line


@reader(InputFormat.text)
def read_text(source: Source) -> Batch:
    """A plain text file: every line is a duty."""
    return Batch([], zip(read_lines(source.path, source.progress), repeat(None)))  # no Python step per line


def read_csv(path: str, column: str, progress: Progress | None = None) -> Batch:
    """A CSV file's rows; errors name the line (decoding is line by line, so the number is exact)."""
    import csv

    name = "stdin" if path == STDIN else path
    lines = _decoded_lines(path, progress)
    reader = csv.DictReader(lines)
    try:
        try:
            fieldnames = list(reader.fieldnames or [])
        except csv.Error as exc:
            raise InputError(f"{name}: not a readable CSV file: {exc}") from None
        if column not in fieldnames:
            shown = ", ".join(fieldnames) if fieldnames else "none"
            raise InputError(f"{name}: no column {column!r} (columns: {shown})")
    except InputError:
        lines.close()
        raise

    def rows() -> Iterator[Row]:
        try:
            for row in reader:
                yield row.get(column) or "", {k: v for k, v in row.items() if k != column and k is not None}
        except csv.Error as exc:
            raise InputError(f"{name}: line {reader.line_num}: {exc}") from None
        finally:
            lines.close()

    return Batch([f for f in fieldnames if f != column], rows())


@reader(InputFormat.csv)
def read_table(source: Source) -> Batch:
    """A CSV file with a header row: the duty from the named column, every other column passed through."""
    assert source.column is not None  # input_format sends only a named column here
    return read_csv(source.path, source.column, source.progress)
