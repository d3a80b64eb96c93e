"""Text normalisation and script detection: pure functions shared by lookups and the matcher."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from typing import Any, NamedTuple

LANGS: tuple[str, ...] = ("en", "ko", "zh")
LANG_INDEX = {"en": 0, "ko": 1, "zh": 2}


def in_lang(triple: tuple[str, str, str], lang: str, **fmt: object) -> str:
    """One of an (en, ko, zh) triple of interface words, formatted."""
    text = triple[LANG_INDEX[lang]]
    return text.format(**fmt) if fmt else text


_NAME_NOISE = re.compile(r"[\s\-_.·・/&()（）'\"]+")


def fold(text: str) -> str:
    """Width- and case-insensitive form: NFKC turns full-width letters into ASCII, casefold lowers."""
    return unicodedata.normalize("NFKC", text).casefold()


def fold_name(name: str) -> str:
    """Key for looking a name up: folded, without spaces and punctuation ('Brand Department' = 'branddepartment')."""
    return _NAME_NOISE.sub("", fold(name))


def did_you_mean(value: str, choices: Iterable[str]) -> str:
    """' (did you mean 'a', 'b'?)' for the closest of `choices`, or ''."""
    import difflib

    close = difflib.get_close_matches(value, sorted(set(choices)), n=3, cutoff=0.6)
    return f" (did you mean {', '.join(repr(c) for c in close)}?)" if close else ""


def text_of(value: Any, lang: str) -> str:
    """A trilingual Text in one language; a plain string (a user's own wording) as it is; None as ''."""
    if value is None:
        return ""
    return value if isinstance(value, str) else str(value.get(lang))


def detect_lang(text: str, default: str = "en") -> str:
    """The language a text is written in, by script: Hangul -> ko, Han -> zh, else the default.

    Mixed text goes by the script with more characters, so 'KOL 마케팅' is Korean.
    """
    return script_lang(tokens_of(fold(text)), default)


def script_lang(words: list[tuple[int, str, int, int]], default: str = "en") -> str:
    """detect_lang over words already found by tokens_of."""
    ko = zh = 0
    for kind, word, _s, _e in words:
        if kind in (HANGUL, JAMO):
            ko += len(word)
        elif kind == HAN:
            zh += len(word)
    if ko == 0 and zh == 0:
        return default
    return "ko" if ko >= zh else "zh"


# -- matching form ---------------------------------------------------------------------------------------
#
# A duty and every knowledge-base term are brought to the same "canonical" form, so that one scan finds
# terms in any spelling: English words are stemmed (operation/operations/operating -> operat), Korean
# particles are dropped and Korean words written together ("콘텐츠운영") or apart ("콘텐츠 운영") become one
# run, Chinese stays as it is. Tokens of different scripts are kept apart by a space.

LATIN, HANGUL, HAN, JAMO = 0, 1, 2, 3
# punctuation that ends a clause: a term never spans it (a hyphen, slash or apostrophe does not end one)
_CLAUSE_BREAK = re.compile(r"[,;:!?()\[\]{}\"。、·•|<>]|\.(?:\s|$)")
_TOKEN = re.compile(
    r"(?P<l>[a-z0-9]+)|(?P<k>[\uac00-\ud7a3]+)|(?P<h>[\u4e00-\u9fff\u3400-\u4dbf]+)|(?P<j>[\u1100-\u11ff\u3130-\u318f]+)"
)

# Suffixes stripped from English words, longest first; a stem keeps at least three letters.
_SUFFIXES = (
    ("ational", "at"),
    ("ations", "at"),
    ("ation", "at"),
    ("ings", ""),
    ("ing", ""),
    ("ies", "i"),
    ("ers", ""),
    ("er", ""),
    ("ed", ""),
    ("es", ""),
    ("s", ""),
    ("e", ""),
    ("y", "i"),
)
_NO_STEM_ENDINGS = ("ss", "us", "is")
# Korean particles, dropped from the end of a word when enough of the word is left. One-syllable particles
# that also end many nouns (이, 가, 로, 와, 과, 도) need a longer word.
_PARTICLES_SHORT = (
    "에서",
    "으로",
    "에게",
    "까지",
    "부터",
    "이나",
    "처럼",
    "하고",
    "을",
    "를",
    "은",
    "는",
    "의",
    "에",
)
_PARTICLES_LONG = ("이", "가", "로", "와", "과", "도")

_stem_cache: dict[str, str] = {}


def stem(word: str) -> str:
    """A light English stemmer: enough to make plurals and -ing/-ed/-ation forms meet."""
    cached = _stem_cache.get(word)
    if cached is not None:
        return cached
    out = word
    if len(word) > 4 and not word.endswith(_NO_STEM_ENDINGS) and not word.isdigit():
        for suffix, repl in _SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) + len(repl) >= 3:
                out = word[: -len(suffix)] + repl
                break
        if len(out) > 3 and out[-1] == out[-2] and out[-1] not in "aeiouls":
            out = out[:-1]  # planning -> plann -> plan
    if len(_stem_cache) < 200_000:
        _stem_cache[word] = out
    return out


_PARTICLE_ENDS = frozenset(p[-1] for p in _PARTICLES_SHORT + _PARTICLES_LONG)


def strip_particle(word: str) -> str:
    if word[-1] not in _PARTICLE_ENDS:
        return word
    for p in _PARTICLES_SHORT:
        if word.endswith(p) and len(word) - len(p) >= 2:
            return word[: -len(p)]
    for p in _PARTICLES_LONG:
        if word.endswith(p) and len(word) - len(p) >= 3:
            return word[: -len(p)]
    return word


class Token(NamedTuple):
    """One word of the input: its script, its matching form, and where it stands in both strings."""

    kind: int
    canon: str
    start: int
    end: int
    canon_start: int


def tokens_of(folded: str) -> list[tuple[int, str, int, int]]:
    """(kind, word, start, end) for each word of a folded text."""
    out = []
    pos = 0
    find = folded.find
    for latin, hangul, han, jamo in _TOKEN.findall(folded):  # findall and find: no match objects per word
        if latin:
            word, kind = latin, LATIN
        elif hangul:
            word, kind = hangul, HANGUL
        elif han:
            word, kind = han, HAN
        else:
            word, kind = jamo, JAMO
        start = find(word, pos)
        pos = start + len(word)
        out.append((kind, word, start, pos))
    return out


class Reading(NamedTuple):
    """A duty read for matching: its canonical form and what the matcher needs to explain a match."""

    canon: str
    toks: list[Token]
    glued: list[int]  # where two Korean words were joined
    fixed: list[tuple[int, int]]  # spans of words corrected as typos
    hangul: int  # letters of each script, for the language of the answer
    han: int


def read(folded: str, fix: Callable[[str], str | None] | None = None) -> Reading:
    """Tokenise, correct typos (`fix`), and build the canonical form of a folded text, in one pass.

    Tokens are joined by a space, Korean words apart only by spaces are joined with nothing, and words
    apart by clause punctuation ('store. Listing', 'brand, positioning') by '|', so no term spans them.
    A term may only match across a place where two Korean words were joined when it covers whole
    words or has a word break of its own there: '영업' must not match across '반영 업데이트', while
    '커뮤니티 운영' matches '커뮤니티를 운영' and '위기관리' matches '위기 관리'.
    """
    parts: list[str] = []
    toks: list[Token] = []
    glued: list[int] = []
    fixed: list[tuple[int, int]] = []
    new = tuple.__new__  # builds the NamedTuple without its Python-level __new__: this runs per word
    find = folded.find
    pos = at = hangul = han = 0
    prev_kind, prev_end = -1, 0
    for latin, korean, chinese, jamo in _TOKEN.findall(folded):  # findall and find: no match objects per word
        if latin:
            word, kind = latin, LATIN
        elif korean:
            word, kind = korean, HANGUL
            hangul += len(word)
        elif chinese:
            word, kind = chinese, HAN
            han += len(word)
        else:
            word, kind = jamo, JAMO
            hangul += len(word)
        start = find(word, at)
        end = at = start + len(word)
        if fix is not None and kind <= HANGUL:
            better = fix(word)
            if better is not None:
                fixed.append((start, end))
                word = better
        if kind == LATIN:
            canon = _stem_cache.get(word) or stem(word)
        elif kind == HANGUL:
            canon = strip_particle(word)
        else:
            canon = word
        if parts:
            gap = folded[prev_end:start]
            if not gap or gap.isspace():
                sep = "" if kind == HANGUL and prev_kind == HANGUL else " "
            else:
                sep = "|" if _CLAUSE_BREAK.search(gap) else " "
            if not sep:
                glued.append(pos)
            parts.append(sep)
            pos += len(sep)
        toks.append(new(Token, (kind, canon, start, end, pos)))
        parts.append(canon)
        pos += len(canon)
        prev_kind, prev_end = kind, end
    return Reading("".join(parts), toks, glued, fixed, hangul, han)


def canonical(folded: str) -> tuple[str, list[Token], list[int]]:
    """The canonical form of a folded text, without typo correction: for knowledge-base terms."""
    reading = read(folded)
    return reading.canon, reading.toks, reading.glued
