"""Properties of the Python API on generated duties: real vocabulary words of departments.yaml mixed with
hostile noise (every Unicode category, NUL, combining marks, right-to-left text, emoji, CJK, Hangul jamo).

test_matcher.py already checks plain st.text() for crashes and determinism, and five fixed phrases for case,
width and whitespace; here the same promises meet thousands of vocabulary combinations that do match.
"""

from __future__ import annotations

import random
import re
import string
from collections.abc import Callable

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from orgroles import classify, classify_many
from orgroles.api import Classification
from orgroles.card import _pieces as card_pieces
from orgroles.compiled import load_compiled
from orgroles.engine import Explainer
from orgroles.errors import UsageError
from orgroles.paths import shipped_data_dir
from orgroles.text import fold

DEPARTMENTS = {"market", "operations", "sales", "unclassified"}


KNOWLEDGE = yaml.safe_load((shipped_data_dir() / "departments.yaml").read_text(encoding="utf-8"))
VOCABULARY = sorted(
    {t for group in KNOWLEDGE["vocabulary"]["terms"] for lg in ("en", "ko", "zh") for t in group.get(lg) or {}}
)
DIVISION_OF = {f["id"]: f["division"] for f in KNOWLEDGE["functions"]}

# every category Python allows in a str, lone surrogates included
ANY_CHAR = st.characters(exclude_categories=())
NOISE_ALPHABET = st.one_of(
    st.sampled_from(["\x00", "\x01", "\x1b", "\x7f", "\u200b", "\u200d", "\ufeff", "\ufffd", "\u2028"]),
    st.characters(min_codepoint=0x300, max_codepoint=0x36F),  # combining diacritics
    st.characters(min_codepoint=0x5D0, max_codepoint=0x5EA),  # Hebrew
    st.characters(min_codepoint=0x627, max_codepoint=0x64A),  # Arabic
    st.sampled_from(["\u202e", "\u202d", "\u200f", "\u2066", "\u2069"]),  # bidi controls
    st.characters(min_codepoint=0x1F300, max_codepoint=0x1FAFF),  # emoji
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),  # CJK
    st.characters(min_codepoint=0x1100, max_codepoint=0x11FF),  # Hangul jamo
    st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3),  # Hangul syllables
    st.characters(min_codepoint=0x20, max_codepoint=0x7E),  # ASCII
    st.characters(exclude_categories=("Cs",)),  # anything else a UTF-8 file can hold
)
NOISE = st.text(NOISE_ALPHABET, min_size=1, max_size=6)
WORD = st.sampled_from(VOCABULARY)
FILLER = st.sampled_from(["and", "the", "负责", "及", "및", "담당", ",", "，", "、", "/", "-", "…", "1", "2024"])
SEPARATOR = st.sampled_from([" ", " ", " ", "", ", ", "，", "\t", " / "])


@st.composite
def duties(draw: st.DrawFn, noise: bool = True) -> str:
    """A duty of one to five vocabulary words, with filler words and (optionally) noise between them."""
    parts = draw(st.lists(WORD, min_size=1, max_size=5))
    extras = draw(st.lists(st.one_of(FILLER, NOISE) if noise else FILLER, max_size=3))
    for extra in extras:
        parts.insert(draw(st.integers(0, len(parts))), extra)
    out = parts[0]
    for part in parts[1:]:
        out += draw(SEPARATOR) + part
    return out


def key(r: Classification) -> tuple[str, str | None, float]:
    return r.department, r.function, r.confidence


SURROGATE = re.compile("[\ud800-\udfff]")


def _well_formed(r: Classification, text: str) -> None:
    assert r.text == SURROGATE.sub("\ufffd", text)  # as given; lone surrogates as U+FFFD
    assert r.department in DEPARTMENTS and r.lang in ("en", "ko", "zh")
    assert 0.0 <= r.confidence <= 1.0
    assert (r.question is None) or r.ambiguous
    assert r.reason.strip()
    if r.department == "unclassified":
        assert r.function is None and not r.ambiguous
    elif r.function is not None:  # the function is one of the winning department's own
        assert DIVISION_OF[r.function] == r.department
        assert any(c.function == r.function for c in r.candidates) or len(r.candidates) == 3


PROPS = settings(deadline=None, max_examples=500, suppress_health_check=[HealthCheck.too_slow])


@PROPS
@given(st.one_of(st.text(ANY_CHAR, max_size=120), duties()))
def test_any_string_gets_a_well_formed_answer_or_the_documented_usage_error(text: str) -> None:
    [many] = list(classify_many([text]))  # a batch never refuses a line: a blank one is 'unclassified'
    _well_formed(many, text)
    if not text.strip():
        assert many.department == "unclassified" and many.confidence == 0.0
        with pytest.raises(UsageError):
            classify(text)
        return
    one = classify(text)
    _well_formed(one, text)
    assert one == many


@PROPS
@given(st.text(max_size=80).filter(str.strip))
def test_every_answer_is_json(text: str) -> None:
    """Lone surrogates (which no UTF-8 file or terminal can send) come back as U+FFFD, so every answer serialises."""
    r = classify(text)
    assert Classification.model_validate_json(r.model_dump_json()) == r


@PROPS
@given(duties())
def test_the_same_duty_gets_the_same_answer(text: str) -> None:
    assert classify(text) == classify(text)


@settings(deadline=None, max_examples=200)
@given(st.lists(st.one_of(duties(), st.text(ANY_CHAR, max_size=20)), min_size=1, max_size=12))
def test_a_batch_answers_each_duty_as_if_alone_in_any_order(batch: list[str]) -> None:
    """classify_many is classify per duty: no state (caches, typo verdicts) leaks from one duty to the next."""
    together = list(classify_many(batch))
    backwards = list(classify_many(reversed(batch)))[::-1]
    assert together == backwards
    # a fresh classifier fills its memos (words, typo verdicts) in this batch's order, not the session's
    fresh = Explainer(load_compiled())
    for text, answer in zip(batch, together, strict=True):
        # compared as the API's model (which does not carry every key of the JSON, e.g. evidence's source)
        assert Classification.model_validate(fresh.as_dict(fresh.run(SURROGATE.sub("\ufffd", text)))) == answer
    for text, answer in zip(batch, together, strict=True):
        if text.strip():
            assert answer == classify(text)
        else:
            assert answer.department == "unclassified"


def _swapcase_latin(text: str) -> str:
    return "".join(ch.swapcase() if ch in string.ascii_letters else ch for ch in text)


def _fullwidth(text: str) -> str:
    return "".join(chr(ord(ch) + 0xFEE0) if ch in string.ascii_letters + string.digits else ch for ch in text)


def _upper_latin(text: str) -> str:
    return "".join(ch.upper() if ch in string.ascii_letters else ch for ch in text)


def _lower_latin(text: str) -> str:
    return "".join(ch.lower() if ch in string.ascii_letters else ch for ch in text)


@PROPS
@given(duties(), st.sampled_from([_upper_latin, _lower_latin, _swapcase_latin]))
def test_latin_letter_case_does_not_change_the_answer(text: str, change: Callable[[str], str]) -> None:
    assert key(classify(change(text))) == key(classify(text))


@PROPS
@given(duties())
def test_fullwidth_letters_and_digits_do_not_change_the_answer(text: str) -> None:
    assert key(classify(_fullwidth(text))) == key(classify(text))


WHITESPACE = st.lists(st.sampled_from([" ", "\t", "\n", "\r\n", "\u3000", "\u00a0", "\u2003"]), max_size=4).map("".join)


@PROPS
@given(duties().filter(lambda text: ":" not in fold(text)), WHITESPACE, WHITESPACE)
def test_surrounding_whitespace_does_not_change_the_answer(text: str, before: str, after: str) -> None:
    """Duties without a leading job title ('Title: duties'); with one, see the next test."""
    assert key(classify(before + text + after)) == key(classify(text))


@PROPS
@given(WHITESPACE, WHITESPACE)
@example(before="  ", after="")
def test_surrounding_whitespace_does_not_change_a_titled_duty(before: str, after: str) -> None:
    text = "User Operations Manager, Seoul app team: brand campaigns and press releases"
    assert key(classify(text)) == ("operations", "user-ops", 0.536)
    assert key(classify(before + text + after)) == key(classify(text))


@PROPS
@given(duties(noise=False))
def test_all_three_changes_at_once(text: str) -> None:
    assert key(classify(f"\u3000{_fullwidth(_swapcase_latin(text))}\n")) == key(classify(text))


def test_the_generated_duties_mostly_match_something() -> None:
    """The properties above would prove little on inputs that are all 'unclassified': these all match some
    term, and most are placed in a department (the rest are out of scope on evidence of their own)."""
    rng = random.Random(11)
    texts = [" ".join(rng.sample(VOCABULARY, rng.randint(1, 3))) for _ in range(300)]
    answers = list(classify_many(texts))
    matched = sum(bool(r.candidates) for r in answers)
    classified = sum(r.department != "unclassified" for r in answers)
    assert len(VOCABULARY) > 1000 and matched > 280 and classified > 150


# The card breaks lines between these units; card.py finds them with a loop. This is the rule as a regular
# expression (too costly to compile at every start, fine here): one Chinese character with the punctuation
# that closes it, or a run of other letters, each with the spaces before it.
_CJK = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef"
_CLOSE = "，。、；：？！）」』》〉】”’,.;:?!)"
CARD_UNITS = re.compile(rf"\s*(?:[{_CJK}][{_CLOSE}]*|[^\s{_CJK}]+)")


@PROPS
@given(
    st.text(st.sampled_from([*"ab ,.!?)\t\n品牌定位，。、）」브랜드 전략é", "\u3000", "\u4dc0", "\uff0c"]), max_size=30)
)
def test_the_card_breaks_lines_where_the_rule_says(text: str) -> None:
    assert card_pieces(text) == CARD_UNITS.findall(text)
