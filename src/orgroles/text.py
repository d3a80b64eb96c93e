"""Text normalisation, script detection and the matching form of a duty (Reader), for lookups and the matcher."""

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
    """Width- and case-insensitive form: NFKC turns full-width letters into ASCII, casefold lowers, and the
    invisible format characters are taken out (a soft hyphen or zero-width joiner inside a word must not
    split it; a zero-width space becomes a space).

    (ASCII text is only lowered: NFKC leaves it as it is, and casefold equals lower on it. Text of
    printable characters only has no format character: isprintable is one C pass, translate is slower.)
    """
    if text.isascii():
        return text.lower()
    folded = unicodedata.normalize("NFKC", text).casefold()
    return folded if folded.isprintable() else folded.translate(_invisible())


# The invisible format characters: Unicode's Default_Ignorable_Code_Point characters
# (DerivedCoreProperties.txt) that are not printable (category Cf). Drawn as nothing, they only hint at
# hyphenation, joining or direction, so a word reads the same without them.
_DEFAULT_IGNORABLE = (
    (0x00AD, 0x00AD),  # soft hyphen
    (0x061C, 0x061C),  # Arabic letter mark
    (0x180E, 0x180E),  # Mongolian vowel separator
    (0x200B, 0x200F),  # zero-width space, non-joiner and joiner, left-to-right and right-to-left marks
    (0x202A, 0x202E),  # bidi embeddings and overrides
    (0x2060, 0x206F),  # word joiner, invisible operators, bidi isolates
    (0xFEFF, 0xFEFF),  # zero-width no-break space (byte order mark)
    (0x1BCA0, 0x1BCA3),  # shorthand format controls
    (0x1D173, 0x1D17A),  # musical symbol format controls
    (0xE0000, 0xE007F),  # tags
)
_ZERO_WIDTH_SPACE = 0x200B  # it parts words: it becomes a space
_invisible_table: dict[int, str | None] = {}


def _invisible() -> dict[int, str | None]:
    """The str.translate table of fold, built on first need (most runs never need it)."""
    if not _invisible_table:
        for first, last in _DEFAULT_IGNORABLE:
            _invisible_table.update(dict.fromkeys(range(first, last + 1)))
        _invisible_table[_ZERO_WIDTH_SPACE] = " "
    return _invisible_table


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
# a word is a run of one script; its first letter tells which (see kind_of)
# Split by _PIECES, a text gives [gap, word, gap, word, ..., gap]: the words and what stands between them.
# (One pattern over these character ranges, not several: compiling one costs a millisecond at each start.)
_PIECES = re.compile(r"([a-z0-9]+|[\uac00-\ud7a3]+|[\u4e00-\u9fff\u3400-\u4dbf]+|[\u1100-\u11ff\u3130-\u318f]+)")
_LATIN_PIECES = re.compile(r"([a-z0-9]+)")  # the same for ASCII text, whose words are all Latin: faster
# what parts two words: only spaces (or nothing), clause punctuation, anything else
_SPACE, _OTHER, _CLAUSE = 0, 1, 2

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
# Short words that end in s and are no plurals (acronyms, function words): left as they are, so 'its'
# never meets 'it' nor 'pos' (point of sale) 'po'. Other short words drop a plural s: KOLs, SKUs, ads.
_NOT_PLURALS = frozenset(
    {"its", "has", "was", "yes", "gas", "bus", "plus", "news", "ios", "sns", "sms", "cms", "pos", "aws", "dns",
     "gps", "vis", "saas", "paas", "iaas", "vs"}
)  # fmt: skip
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
# Which of them may follow a syllable with a final consonant (True) or without one (False): Korean
# picks the particle by the sound before it (마케터가 but 마케팅이; 고객과 but 매니저와; 로 after a
# vowel or ㄹ). After the wrong kind of syllable the letter is the word's own: -가 of a person
# (분석가, 전문가, 기획가), -이 of 어린이. 도 follows either.
_AFTER_FINAL = {"이": True, "가": False, "와": False, "과": True}
_FINAL_L = 8  # ㄹ, as the final consonant of a syllable (its index in the Unicode Hangul block)

# -ing nouns that name a trade of their own, not the act of their base word: 'accounting' (bookkeeping)
# must not meet 'account' (a social or customer account). Kept whole.
_TRADE_NOUNS = frozenset({"accounting"})

_stem_cache: dict[str, str] = {}

# What is learnt of a word is remembered (a batch repeats its words) in bounded memory: so many words
# per memo, and none longer than MEMO_WORD letters (rare, and they would keep large strings alive).
MEMO_ENTRIES = 50_000
MEMO_WORD = 64


def remember(memo: dict[str, Any], word: str, value: Any) -> None:
    if len(memo) < MEMO_ENTRIES and len(word) <= MEMO_WORD:
        memo[word] = value


def stem(word: str) -> str:
    """A light English stemmer: enough to make plurals and -ing/-ed/-ation forms meet.

    Words of three or four letters only lose a plural s ('kols' -> 'kol', 'ads' -> 'ad'), and a final e
    after three letters, as longer words do: a short word meets its plural ('page' and 'pages' -> 'pag').
    """
    cached = _stem_cache.get(word)
    if cached is not None:
        return cached
    out = word
    if 3 <= len(word) <= 4:
        if word[-1] == "s" and word[-2] != "s" and word.isalpha() and word not in _NOT_PLURALS:
            out = word[:-1]
        if len(out) == 4 and out[-1] == "e" and out.isalpha():
            out = out[:-1]
    elif len(word) > 4 and not word.endswith(_NO_STEM_ENDINGS) and not word.isdigit() and word not in _TRADE_NOUNS:
        for suffix, repl in _SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) + len(repl) >= 3:
                out = word[: -len(suffix)] + repl
                break
        if len(out) > 3 and out[-1] == out[-2] and out[-1] not in "aeiouls":
            out = out[:-1]  # planning -> plann -> plan
    remember(_stem_cache, word, out)
    return out


_PARTICLE_ENDS = frozenset(p[-1] for p in _PARTICLES_SHORT + _PARTICLES_LONG)


def strip_particle(word: str) -> str:
    if word[-1] not in _PARTICLE_ENDS:
        return word
    for p in _PARTICLES_SHORT:
        if word.endswith(p) and len(word) - len(p) >= 2:
            return word[: -len(p)]
    for p in _PARTICLES_LONG:
        if word.endswith(p) and len(word) - len(p) >= 3 and _fits_before(p, word[-len(p) - 1]):
            return word[: -len(p)]
    return word


def _fits_before(particle: str, syllable: str) -> bool:
    """May this one-syllable particle follow this Hangul syllable? (See _AFTER_FINAL.)"""
    final = (ord(syllable) - 0xAC00) % 28  # 0: no final consonant
    if particle == "로":
        return final in (0, _FINAL_L)
    after_final = _AFTER_FINAL.get(particle)
    return after_final is None or after_final == (final != 0)


# One word of a duty as the matcher reads it: (kind, matching form, start and end in the folded text,
# where its matching form starts in the canonical string). A plain tuple, read by unpacking: a batch
# builds one per word, and a NamedTuple would cost 7% of a duty's time (benchmarks/bench_classify.py).
Token = tuple[int, str, int, int, int]


def kind_of(word: str) -> int:
    """The script of a word found by _PIECES: LATIN, HANGUL, HAN or JAMO."""
    first = word[0]
    return LATIN if first < "\u1100" else HANGUL if first >= "\uac00" else JAMO if first < "\u3400" else HAN


def tokens_of(folded: str) -> list[tuple[int, str, int, int]]:
    """(kind, word, start, end) for each word of a folded text."""
    out = []
    pieces = _PIECES.split(folded)
    end = len(pieces[0])
    for word, gap in zip(pieces[1::2], pieces[2::2], strict=True):
        start, end = end, end + len(word)
        out.append((kind_of(word), word, start, end))
        end += len(gap)
    return out


class Reading(NamedTuple):
    """A duty read for matching: its canonical form and what the matcher needs to explain a match."""

    canon: str
    toks: list[Token]
    glued: list[int]  # where two Korean words were joined
    fixed: list[tuple[int, int]]  # spans of words corrected as typos
    hangul: int  # letters of each script, for the language of the answer
    han: int


class Reader:
    """Reads folded text into the canonical form, remembering what it learnt of each word.

    Tokens are joined by a space, Korean words apart only by spaces are joined with nothing, and words
    apart by clause punctuation ('store. Listing', 'brand, positioning') by '|', so no term spans them.
    A term may only match across a place where two Korean words were joined when it covers whole
    words or has a word break of its own there: '영업' must not match across '반영 업데이트', while
    '커뮤니티 운영' matches '커뮤니티를 운영' and '위기관리' matches '위기 관리'.

    `fix` corrects a typo to the known word it stands for. A word's script, correction and matching
    form are worked out once per Reader: a batch of duties repeats its words.
    """

    def __init__(self, fix: Callable[[str], str | None] | None = None) -> None:
        self._fix = fix
        self._words: dict[str, tuple[int, str, bool]] = {}
        self._gaps: dict[str, int] = {}  # what stands between two words -> _SPACE, _OTHER or _CLAUSE

    def _learn(self, word: str) -> tuple[int, str, bool]:
        """(kind, matching form, corrected?) of one word as _PIECES finds it."""
        kind = kind_of(word)
        fixed = False
        if self._fix is not None and kind <= HANGUL:
            better = self._fix(word)
            if better is not None:
                word, fixed = better, True
        canon = stem(word) if kind == LATIN else strip_particle(word) if kind == HANGUL else word
        return kind, canon, fixed

    def read(self, folded: str) -> Reading:
        """Tokenise, correct typos and build the canonical form of a folded text, in one pass."""
        parts: list[str] = []
        toks: list[Token] = []
        glued: list[int] = []
        fixed: list[tuple[int, int]] = []
        words, gaps = self._words, self._gaps
        # split keeps the words: [gap, word, gap, word, …, gap]; no match objects, no searching for positions
        pieces = (_LATIN_PIECES if folded.isascii() else _PIECES).split(folded)
        end = pos = hangul = han = 0
        prev_kind = -1
        # each word with the gap before it (the text's last gap parts nothing)
        for gap, word in zip(pieces[0::2], pieces[1::2], strict=False):
            info = words.get(word)
            if info is None:
                info = self._learn(word)
                if info[0] <= HANGUL:  # a Chinese "word" is a whole clause: it seldom recurs, and costs nothing
                    remember(words, word, info)
            kind, canon, was_fixed = info
            start = end + len(gap)
            end = start + len(word)
            if kind == HAN:
                han += end - start
            elif kind != LATIN:
                hangul += end - start
            if was_fixed:
                fixed.append((start, end))
            if prev_kind >= 0:  # how the gap parts this word from the one before
                parting = gaps.get(gap, -1)
                if parting < 0:
                    parting = _CLAUSE if _CLAUSE_BREAK.search(gap) else _SPACE if not gap or gap.isspace() else _OTHER
                    remember(gaps, gap, parting)
                if parting == _SPACE and kind == HANGUL and prev_kind == HANGUL:
                    glued.append(pos)
                else:
                    parts.append("|" if parting == _CLAUSE else " ")
                    pos += 1
            toks.append((kind, canon, start, end, pos))
            parts.append(canon)
            pos += len(canon)
            prev_kind = kind
        return Reading("".join(parts), toks, glued, fixed, hangul, han)


_plain_reader = Reader()


def canonical(folded: str) -> tuple[str, list[Token], list[int]]:
    """The canonical form of a folded text, without typo correction: for knowledge-base terms."""
    reading = _plain_reader.read(folded)
    return reading.canon, reading.toks, reading.glued
