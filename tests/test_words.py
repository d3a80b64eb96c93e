"""The interface words: one table, every word in all three languages, each placeholder in all three."""

from __future__ import annotations

import string

from orgroles.words import WORDS, capitalised, word


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_word_is_given_in_english_korean_and_chinese() -> None:
    for key, forms in WORDS.items():
        assert len(forms) == 3, key
        assert all(form.strip() for form in forms), key


def test_every_language_fills_the_same_placeholders() -> None:
    for key, (en, ko, zh) in WORDS.items():
        if key == "views":  # Korean and Chinese count views in units of ten thousand: {wan}, not {views}
            assert _placeholders(en) - {"views"} == _placeholders(ko) - {"wan"} == _placeholders(zh) - {"wan"}
            continue
        assert _placeholders(en) == _placeholders(ko) == _placeholders(zh), key


def test_a_word_in_each_language() -> None:
    assert [word("confidence", lang) for lang in ("en", "ko", "zh")] == ["Confidence", "신뢰도", "置信度"]
    assert word("shown", "ko", shown=3, total=5) == "업무 5건 중 3건 표시"
    assert [capitalised(word("unclassified", lang)) for lang in ("en", "ko")] == ["Unclassified", "미분류"]
