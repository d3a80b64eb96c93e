"""The words of English as a spell checker's dictionary knows them (pyspellchecker's word list).

The matcher corrects a word one letter away from a word of the knowledge base ('campagin' -> campaign).
A word the dictionary knows is spelt right, whatever it is one letter away from: 'identify' is no
misspelt 'identity', nor 'across' a misspelt 'cross' (one edit turns many real words into others). A
slip that makes another real word cannot be told by its spelling, so it is left as written.

The dictionary is loaded on first need, when a correction is proposed: a duty whose words are all
known or all unlike the knowledge base's never pays its 0.2-0.3 s.
"""

from __future__ import annotations

from functools import cache
from typing import Any


@cache
def _english() -> Any:
    from spellchecker import SpellChecker

    return SpellChecker(language="en", distance=1)


def is_english_word(word: str) -> bool:
    """Does the English dictionary know this (folded) word?"""
    return word in _english()
