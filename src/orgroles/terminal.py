"""The one sanitiser for text that reaches a terminal: nothing from a file or an argument is sent raw.

A duty scraped from a posting, a name in someone else's org chart or a file name may hold escape sequences
(clear the screen, OSC 8 hyperlinks, OSC 52 writes to the clipboard), 8-bit controls a terminal reads as
CSI, or bidi overrides that show text in another order than it is stored. Every table, tree, card and error
line passes its texts through `visible` first. Nothing is dropped, so nothing is hidden: a control becomes
a visible stand-in a reader can see and report.

- tab, line feed, carriage return, vertical tab, form feed, NEL and the Unicode line and paragraph
  separators become one space (they break lines inside a duty; a CR can no longer overwrite what came
  before it);
- every other C0 control and DEL becomes its Control Picture: ESC is shown as ␛, NUL as ␀, DEL as ␡;
- C1 controls (U+0080-U+009F, 0x9B is the 8-bit CSI) become `\\x9b`;
- bidi embeddings, overrides, isolates and marks (U+061C, U+200E/F, U+202A-U+202E, U+2066-U+2069) become
  `\\u202e`;
- a lone surrogate (a file name that is not UTF-8) becomes U+FFFD, which any UTF-8 terminal can show.

JSON, JSONL and CSV output are data, not terminal text: piped or written to a file they keep every character
as it was read. Printed on a terminal they are still read by a person: CSV cells are shown through `visible`,
and JSON through `json_for_terminal`, which writes the same characters as JSON `\\uXXXX` escapes, so the text
on screen is safe and still parses to the same data.
"""

from __future__ import annotations

import re
from functools import cache

_SPACES = "\t\n\v\f\r\x85\u2028\u2029"
_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_SURROGATE = re.compile("[\ud800-\udfff]")


@cache
def _table() -> dict[int, str]:
    table: dict[int, str] = {code: chr(0x2400 + code) for code in range(0x20)}  # ␀ … ␟
    table[0x7F] = "\u2421"  # ␡
    table.update({code: f"\\x{code:02x}" for code in range(0x80, 0xA0)})
    table.update({ord(ch): f"\\u{ord(ch):04x}" for ch in _BIDI})
    table.update({ord(ch): " " for ch in _SPACES})
    return table


def visible(text: str) -> str:
    """`text` as safe to print in a terminal: controls and bidi formatting shown as visible stand-ins."""
    if text.isprintable():  # the common case, checked in C: no control, no format character, no surrogate
        return text
    shown = text.translate(_table())
    return _SURROGATE.sub("\ufffd", shown) if not shown.isprintable() else shown


@cache
def _json_unsafe() -> re.Pattern[str]:
    # what `visible` changes, but the line feed: in JSON text it only ever separates lines (json.dumps and
    # orjson escape one inside a string), and the other C0 controls never stand outside a string
    shown = "".join(chr(code) for code in _table() if code != 0x0A)
    return re.compile(f"[{re.escape(shown)}\ud800-\udfff]")


def json_for_terminal(encoded: str) -> str:
    """JSON text as safe to print on a terminal: every character `visible` would change (C1 controls, DEL,
    bidi controls, NEL and the line separators, lone surrogates) written as its `\\uXXXX` escape. Such a
    character only occurs inside a JSON string, where the escape stands for it: the document parses to the
    same data."""
    return _json_unsafe().sub(_json_escape, encoded)


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def visible_lines(text: str) -> str:
    """Like `visible`, line by line: a multi-line document (Markdown, a diagram) keeps its line breaks."""
    return "\n".join(visible(line) for line in text.split("\n"))


MIN_COLUMNS = 20  # the narrowest terminal drawn for; under it (COLUMNS=0, a bogus value) the width is unknown
UNKNOWN_COLUMNS = 80  # what a pipe gets, and a terminal whose width cannot be read


def usable_width(columns: int) -> int:
    """The width to draw at: `columns`, unless it is under MIN_COLUMNS, which would draw nothing (COLUMNS=0)
    or a letter a line; then the width is taken as unknown, as for a pipe."""
    return columns if columns >= MIN_COLUMNS else UNKNOWN_COLUMNS
