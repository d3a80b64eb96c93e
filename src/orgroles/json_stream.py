"""JSON written a list item at a time, byte for byte as `json.dumps(payload, indent=2)` writes it.

A report of 100,000 duties as one json.dumps string (and the encoder's pieces of it) takes several times
the memory of the report itself. Here a mapping's values may be iterators: each of their items is encoded
and written as it comes, as the items of a list would be. Indented JSON never holds a raw line break
inside a value (json escapes it), so an item's lines take the list's indent by one replace.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from typing import Any, Protocol

INDENT = 2


class Writable(Protocol):
    """What the JSON is written to: a text stream, or anything with its write."""

    def write(self, text: str, /) -> int: ...


def write_indented(
    payload: Mapping[str, Any], out: Writable, ensure_ascii: bool = False, for_terminal: bool = False
) -> None:
    """Write `payload` as json.dumps(payload, indent=2) would, and a line break; iterator values as lists.
    `for_terminal`: every piece through terminal.json_for_terminal, as cli.emit_json does on a terminal
    (it escapes single characters, which no piece splits: the same bytes as on the whole document)."""
    if for_terminal:
        from orgroles.terminal import json_for_terminal

        out = _Escaping(out, json_for_terminal)
    if not payload:
        out.write("{}\n")
        return
    step = " " * INDENT
    for i, (key, value) in enumerate(payload.items()):
        out.write(("{\n" if i == 0 else ",\n") + step + json.dumps(key, ensure_ascii=ensure_ascii) + ": ")
        if isinstance(value, Iterator):
            _write_items(value, out, ensure_ascii, step)
        else:
            out.write(_encode(value, ensure_ascii, step))
    out.write("\n}\n")


def _write_items(items: Iterator[Any], out: Writable, ensure_ascii: bool, indent: str) -> None:
    """A list at one level of indent, written item by item ('[]' when there is none)."""
    inner = indent + " " * INDENT
    written = False
    for item in items:
        out.write(("[\n" if not written else ",\n") + inner + _encode(item, ensure_ascii, inner))
        written = True
    out.write(f"\n{indent}]" if written else "[]")


def _encode(value: Any, ensure_ascii: bool, indent: str) -> str:
    """`value` indented as it stands at `indent` inside a larger document."""
    return json.dumps(value, ensure_ascii=ensure_ascii, indent=INDENT).replace("\n", "\n" + indent)


class _Escaping:
    """A stream that passes every piece written through `escape` first."""

    def __init__(self, out: Writable, escape: Callable[[str], str]) -> None:
        self.out, self.escape = out, escape

    def write(self, text: str) -> int:
        return self.out.write(self.escape(text))
