"""The one-duty answer as a plain-text card, drawn without Rich so `orgroles classify "…"` starts fast.

Rich's console costs about 20 ms to import, a third of the whole run of a one-duty classify; this card
needs only box lines, wrapping that knows Chinese and Korean take two columns, and a little colour.
Everything else (tables of many duties, the other commands, --export) is drawn by render.py.
"""

from __future__ import annotations

import os
import shutil
import sys
import unicodedata
from typing import Any

from orgroles.terminal import usable_width, visible
from orgroles.words import WORDS, word


def source_of(evidence: Any, lang: str) -> str:
    """Where a piece of evidence came from, in words: 'shipped', 'terms.yaml line 12', …"""
    key = f"source-{evidence.get('source') or 'shipped'}"
    return word(key if key in WORDS else "source-shipped", lang, line=evidence.get("line"))


_STYLE = {"market": "1;35", "operations": "1;36", "sales": "1;33"}


def width_of(text: str) -> int:
    """Columns a text takes in a terminal: wide (CJK) characters take two, combining marks none."""
    return sum(_char_width(ch) for ch in text)


def _char_width(ch: str) -> int:
    if ch.isascii():
        return 1
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0  # accents drawn on the letter before, zero-width joiners and marks
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most `width` columns: Latin words stay whole, CJK text breaks between characters."""
    lines: list[str] = []
    line, used = "", 0
    for piece in _pieces(text):
        size = width_of(piece)
        if used + size > width and line.strip():
            lines.append(line.rstrip())
            line, used = "", 0
            piece = piece.lstrip()
            size = width_of(piece)
        while size > width:  # a word longer than the line: cut it
            cut, cut_size = "", 0
            for ch in piece:
                if cut_size + width_of(ch) > width:
                    break
                cut, cut_size = cut + ch, cut_size + width_of(ch)
            lines.append(cut)
            piece, size = piece[len(cut) :], size - cut_size
        line, used = line + piece, used + size
    if line.strip() or not lines:
        lines.append(line.rstrip())
    return lines


# A Chinese character (or CJK punctuation) may end a line anywhere; Latin and Korean words stay whole.
_CLOSERS = frozenset(
    "，。、；：？！）」』》〉】”’,.;:?!)"
)  # never at the start of a line: they stay with what they close


def _breaks_anywhere(ch: str) -> bool:
    return (
        "\u3000" <= ch <= "\u303f"
        or "\u3400" <= ch <= "\u4dbf"
        or "\u4e00" <= ch <= "\u9fff"
        or "\uff00" <= ch <= "\uffef"
    )


def _pieces(text: str) -> list[str]:
    """Breakable units, each with the spaces before it: one Chinese character with the punctuation that
    closes it, or a run of other letters. (A loop, not a regular expression: compiling one over these
    character ranges costs more, at every start, than the loop does on a card's few lines.)"""
    out = []
    i, n = 0, len(text)
    while i < n:
        j = i
        while j < n and text[j].isspace():
            j += 1
        if j == n:  # only spaces left; the last ideographic space among them is a unit of its own
            last = max((m for m in range(i, n) if _breaks_anywhere(text[m])), default=-1)
            if last >= 0:
                out.append(text[i : last + 1])
            break
        k = j + 1
        if _breaks_anywhere(text[j]):
            while k < n and text[k] in _CLOSERS:
                k += 1
        else:
            while k < n and not text[k].isspace() and not _breaks_anywhere(text[k]):
                k += 1
        out.append(text[i:k])
        i = k
    return out


def _pad(text: str, columns: int) -> str:
    return text + " " * max(0, columns - width_of(text))


def use_colour() -> bool:
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"


def draw(
    result: dict[str, Any], names: dict[str, dict[str, str]], width: int | None = None, colour: bool | None = None
) -> str:
    """The card for one classify answer, as text to print (colour: None means 'when stdout is a terminal')."""
    lang = result["lang"]
    width = max(40, width or usable_width(shutil.get_terminal_size((80, 24)).columns))
    colour = use_colour() if colour is None else colour

    def paint(text: str, code: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if colour and code else text

    def name_of(department: str, function: str | None) -> str:
        name = names[department][lang] if department in names else word("unclassified", lang)
        return visible(f"{name} › {names[function][lang]}" if function else name)

    department, function = result["department"], result["function"]
    # the heading: (text, colour) pieces; a piece that does not fit on the line goes to the next one
    head: list[list[tuple[str, str]]] = [
        [
            (name_of(department, function), _STYLE.get(department, "1")),
            (visible(f"({department}{'/' + function if function else ''})"), ""),
        ],
        [(f"{word('confidence', lang)}{word('colon', lang)}{result['confidence']:.2f}", "")],
    ]
    if result["ambiguous"]:
        head[1].append((f"[{word('ambiguous', lang)}]", "1;33"))
    # every text here may come from a file (the duty, a knowledge file of one's own): shown, never sent raw
    rows: list[tuple[str, str, str]] = [(word("reason", lang), visible(result["reason"]), "")]
    if result["question"]:
        rows.append((word("question", lang), visible(result["question"]), "33"))
    for i, e in enumerate(result["evidence"]):
        fired = visible(
            f"{e['text']} = {e['term']} → {e['function'] or e['department']} ({e['weight']:g}) · {source_of(e, lang)}"
        )
        rows.append((word("evidence", lang) if i == 0 else "", fired, ""))
    # the totals the verdict compares, in its order: the candidates below are listed the same way
    totals = "  ·  ".join(f"{name_of(d['department'], None)} {d['score']:g}" for d in result.get("departments", []))
    if totals:
        rows.append((word("departments", lang), totals, ""))
    for i, c in enumerate(result["candidates"]):
        candidate = f"{name_of(c['department'], c['function'])}  {c['score']:g}"
        rows.append((word("candidates", lang) if i == 0 else "", candidate, ""))

    inner = width - 4  # "│ " and " │"
    key_width = max(width_of(k) for k, _, _ in rows) + 2
    lines: list[tuple[str, int]] = []  # (text, its width without colour codes)
    for pieces in head:
        text, used = "", 0
        for piece, code in pieces:
            if used and used + 2 + width_of(piece) <= inner:
                text, used = f"{text}  {paint(piece, code)}", used + 2 + width_of(piece)
                continue
            if used:
                lines.append((text, used))
            *whole, last = wrap(piece, inner)
            lines.extend((paint(part, code), width_of(part)) for part in whole)
            text, used = paint(last, code), width_of(last)
        lines.append((text, used))
    lines.append(("", 0))
    for key, value, code in rows:
        for n, part in enumerate(wrap(value, max(10, inner - key_width))):
            label = _pad(key if n == 0 else "", key_width)
            text = paint(label, "1" if n == 0 and key else "") + paint(part, code)
            lines.append((text, key_width + width_of(part)))
    duty = visible(result["text"])
    title = f" {duty} "
    title = title if width_of(title) <= inner - 2 else f" {wrap(duty, inner - 5)[0]}… "
    top = "╭─" + title + "─" * max(0, width - 3 - width_of(title)) + "╮"
    body = [f"│ {text}{' ' * max(0, inner - used)} │" for text, used in lines]
    return "\n".join([top, *body, "╰" + "─" * (width - 2) + "╯"]) + "\n"
