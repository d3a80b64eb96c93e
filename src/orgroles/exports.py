"""--export x.svg / x.html of a terminal view: Rich's recording, corrected so that Chinese and Korean keep
their columns and the file needs no network. Pure string functions; orgroles.cli passes Rich's cell measure.

Rich (15.0) sets each SVG text run's textLength to one cell per *character*, so a run holding wide
characters is squeezed into half its width and the glyphs pile on each other; its SVG also loads Fira Code
from a CDN. Its HTML is a <pre> in which a wide character is as wide as the fallback font draws it, not two
columns, so every column after Chinese or Korean text drifts. (classify and audit write their own report
page for .html instead: report_html.py.)
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html import escape, unescape

CellLen = Callable[[str], int]

_SVG_TEXT = re.compile(r'(<text\b[^>]*?\btextLength=")([0-9.]+)("[^>]*>)([^<]*)(</text>)')
_FONT_FACE = re.compile(r"@font-face\s*\{[^}]*\}\s*")
# single quotes: the HTML carries it inside a style="..." attribute
_MONO_CJK = (
    "'Fira Code', 'DejaVu Sans Mono', Menlo, Consolas, 'Noto Sans Mono CJK SC', 'Noto Sans Mono CJK KR', "
    "'Noto Sans CJK SC', 'Noto Sans CJK KR', 'Microsoft YaHei', 'Malgun Gothic', 'PingFang SC', "
    "'Apple SD Gothic Neo', monospace"
)


def fix_svg(svg: str, cell_len: CellLen) -> str:
    """Each text run as wide as the cells it fills, and system fonts only (no remote @font-face)."""

    def widen(m: re.Match[str]) -> str:
        text = unescape(m.group(4))
        length = float(m.group(2))
        if text and len(text) != cell_len(text):
            length = length / len(text) * cell_len(text)
        return f"{m.group(1)}{length:g}{m.group(3)}{m.group(4)}{m.group(5)}"

    svg = _SVG_TEXT.sub(widen, svg)
    svg = _FONT_FACE.sub("", svg)
    return svg.replace("font-family: Fira Code, monospace;", f"font-family: {_MONO_CJK};")


_CODE = re.compile(r"(<code\b[^>]*>)(.*?)(</code>)", re.DOTALL)
_TAG_OR_TEXT = re.compile(r"(<[^>]*>)|([^<]+)")
_WIDE_STYLE = ".w { display: inline-block; width: 2ch; text-align: center; overflow: hidden; vertical-align: bottom; }"


def fix_html(html: str, cell_len: CellLen) -> str:
    """Every wide character in a box exactly two columns wide, so the columns after it stay in line."""

    def boxed(text: str) -> str:
        plain = unescape(text)
        if plain.isascii():
            return text
        return "".join(f'<span class="w">{escape(ch)}</span>' if cell_len(ch) == 2 else escape(ch) for ch in plain)

    def in_code(m: re.Match[str]) -> str:
        body = _TAG_OR_TEXT.sub(lambda t: t.group(1) or boxed(t.group(2)), m.group(2))
        return m.group(1) + body + m.group(3)

    html = _CODE.sub(in_code, html)
    html = html.replace(
        "font-family:Menlo,'DejaVu Sans Mono',consolas,'Courier New',monospace", f"font-family:{_MONO_CJK}"
    )
    return html.replace("</style>", _WIDE_STYLE + "\n</style>", 1)
