"""The language to answer in when --lang and ORGROLES_LANG say nothing: the input's script, a chart's own
language, and last the user's locale.

The order, first that decides wins: --lang, ORGROLES_LANG (both read by orgroles.cli), then the text itself when
it is written in Hangul or Han (a Latin duty decides nothing: Korean and Chinese teams write 'SEO' and
'KOL' too), or for an org chart its `lang:` key, else the language most of its texts are written in; then
the locale (LC_ALL, LC_MESSAGES, LANG, as POSIX orders them: `LANG=ko_KR.UTF-8` gives Korean); then English.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from orgroles.text import LANGS, detect_lang

if TYPE_CHECKING:
    from orgroles.model import Company

DEFAULT = "en"
# POSIX: LC_ALL overrides every category, LC_MESSAGES is the category of messages, LANG the default
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")
_LOCALE = re.compile(r"^([A-Za-z]{2,3})(?:[_-][A-Za-z0-9]+)?(?:\.[^@]*)?(?:@.*)?$")


def locale_lang(environ: Mapping[str, str] | None = None) -> str | None:
    """en, ko or zh from the first set locale variable ('zh_TW.UTF-8' -> zh); None for C, POSIX or others."""
    env = os.environ if environ is None else environ
    for name in LOCALE_VARIABLES:
        value = env.get(name)
        if value:  # the first one set decides, even when it is a language we do not speak (then: English)
            found = _LOCALE.match(value)
            code = found.group(1).lower() if found else ""
            return code if code in LANGS else None
    return None


def script_lang(texts: Iterable[str]) -> str | None:
    """ko or zh when the texts are written in Hangul or Han (by character count), else None."""
    found = detect_lang(" ".join(texts), default="")
    return found or None


def majority_lang(texts: Iterable[str]) -> str | None:
    """The language most of the texts are written in, one vote each; None when most are Latin (or none).

    One long Chinese duty in an English chart is one vote, not the thousand characters it holds.
    """
    return most_voted(detect_lang(t, default="") for t in texts if t.strip()) or None


# ties go to the first of these: undecided (Latin) first, a half-Latin batch is not forced into CJK; then
# ko before zh. (Answers vote with their language, texts with "" for Latin: both break ties the same way.)
_TIE_ORDER = ("", *LANGS)


def most_voted(langs: Iterable[str]) -> str | None:
    """The language given most often ("" for undecided), ties to the first in _TIE_ORDER; None for none.

    The one rule for every 'language most of the input is in': a chart's duties (majority_lang), and the
    answers of a batch, whose table, summary or page is drawn in their language when --lang says nothing.
    """
    votes = Counter(langs)
    if not votes:
        return None
    return min(votes, key=lambda lang: (-votes[lang], _rank(lang)))


def _rank(lang: str) -> tuple[int, str]:
    return (_TIE_ORDER.index(lang), "") if lang in _TIE_ORDER else (len(_TIE_ORDER), lang)


def chart_texts(company: Company) -> list[str]:
    """The duties of a chart written in its author's own words (plain strings, not trilingual knowledge).

    Only duties vote: names are often placeholders or codes ('HQ', 'Team 2') in any language.
    """
    return [d.text for c in company.centers for dept in c.departments for d in dept.duties if isinstance(d.text, str)]


def chart_lang(company: Company) -> str | None:
    """A chart's own language: its `lang:` key, else the majority of its own texts; None when neither says."""
    if company.lang is not None:
        return company.lang
    return majority_lang(chart_texts(company))


def answer_lang(asked: str | None, *decided: str | None, environ: Mapping[str, str] | None = None) -> str:
    """The first of: what was asked, what the input decided, the locale, English."""
    for lang in (asked, *decided):
        if lang:
            return lang
    return locale_lang(environ) or DEFAULT
