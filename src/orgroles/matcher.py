"""classify(text) -> which department and function a duty belongs to, why, and how sure: pure and deterministic.

Scoring, in order:
1. The duty is folded (NFKC + casefold) and brought to the canonical form of `text.canonical`; a word of
   five or more letters that no term knows is corrected when exactly one known word is one edit away.
2. One scan finds the knowledge base's terms; where terms overlap the longest wins. Each distinct term
   counts once, with its weight, for its target: a function, a division, or `unrelated`.
3. Context rules re-point or drop the terms of an ambiguous sense when their cue words stand in the duty.
4. A division's score is its own terms plus those of its functions. The highest division wins; below
   MIN_SCORE, or when `unrelated` wins, the duty is `unclassified`. The function is the best one inside
   the winning division, if any of its terms fired.
5. confidence = share of the winner among all divisions x (1 - exp(-score / 3)); `ambiguous` when an
   overlap's terms fired next to one of its functions, or the runner-up division has AMBIGUOUS_RATIO of
   the winner's score.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from orgroles.model import LANGS, Division, Function, KnowledgeBase, Lang
from orgroles.text import HANGUL, LATIN, Token, canonical, canonical_term, detect_lang, fold, stem, tokens_of

UNRELATED = "unrelated"
UNCLASSIFIED = "unclassified"
MIN_SCORE = 1.5
AMBIGUOUS_RATIO = 0.6
ALIAS_WEIGHT = 4.0
FUZZY_FACTOR = 0.8
MAX_CANDIDATES = 10

# hit kinds
TERM, CONTEXT, OVERLAP = 0, 1, 2


@dataclass(frozen=True)
class Evidence:
    text: str  # as written in the duty
    term: str  # the knowledge-base term
    target: str  # function id, division id or "unrelated"
    department: str
    weight: float


@dataclass(frozen=True)
class Candidate:
    department: str
    function: str | None
    score: float


@dataclass(frozen=True)
class Result:
    text: str
    lang: Lang
    department: str
    function: str | None
    confidence: float
    ambiguous: bool
    candidates: tuple[Candidate, ...]
    evidence: tuple[Evidence, ...]
    overlap: str | None  # the overlap whose question decides the duty, when ambiguous


@dataclass(frozen=True)
class Hit:
    kind: int
    target: str  # term: target id; context: rule id; overlap: overlap id
    weight: float
    sense: str | None
    term: str


class Matcher:
    """The knowledge base compiled for matching: one regular expression and a table of what each key means."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.division_of: dict[str, str] = {f.id: f.division for f in kb.functions}
        self.division_of.update({d.id: d.id for d in kb.divisions})
        self.division_of[UNRELATED] = UNCLASSIFIED
        self.division_order = [d.id for d in kb.divisions]
        self.function_order = {f.id: i for i, f in enumerate(kb.functions)}
        self.overlap_functions = {o.id: frozenset(o.functions) for o in kb.overlaps}
        self.rules = [(r.id, r.sense, r.then) for r in kb.vocabulary.contexts]
        table: dict[str, list[Hit]] = {}
        raw_terms: list[str] = []

        def add(term: str, hit: Hit) -> None:
            raw_terms.append(fold(term))
            key = canonical_term(term)
            if key.strip():
                hits = table.setdefault(key, [])
                if hit not in hits:
                    hits.append(hit)

        for group in kb.vocabulary.terms:
            for lang in LANGS:
                for term, weight in group.get(lang).items():
                    add(term, Hit(TERM, group.target, weight, group.sense, term))
        named: list[Division | Function] = [*kb.divisions, *kb.functions]
        for item in named:
            for lang in LANGS:
                for name in [item.name.get(lang), *item.aliases.get(lang)]:
                    if canonical_term(name) not in table:
                        add(name, Hit(TERM, item.id, ALIAS_WEIGHT, None, name))
        for rule in kb.vocabulary.contexts:
            for lang in LANGS:
                for cue in rule.when.get(lang):
                    add(cue, Hit(CONTEXT, rule.id, 0.0, None, cue))
        for ov in kb.overlaps:
            for lang in LANGS:
                for cue in ov.terms.get(lang):
                    add(cue, Hit(OVERLAP, ov.id, 0.0, None, cue))
        self.table = {k: tuple(v) for k, v in table.items()}
        self.pattern = compile_terms(self.table)
        self.vocab = FuzzyVocabulary(raw_terms)

    def classify(self, text: str, lang: Lang | None = None) -> Result:
        folded = fold(text)
        words = self.vocab.correct(tokens_of(folded))
        canon, toks = canonical(folded, [(k, w, s, e) for k, w, s, e, _ in words])
        shown = text if len(text) == len(folded) else folded
        scores: dict[str, float] = {}
        evidence: list[Evidence] = []
        contexts: set[str] = set()
        overlaps: list[str] = []
        found: list[tuple[str, Hit, int, int]] = []
        seen: set[str] = set()
        for m in self.pattern.finditer(canon):
            key = m.group()
            if key in seen:
                continue
            seen.add(key)
            for hit in self.table[key]:
                if hit.kind == CONTEXT:
                    contexts.add(hit.target)
                elif hit.kind == OVERLAP:
                    if hit.target not in overlaps:
                        overlaps.append(hit.target)
                else:
                    found.append((key, hit, m.start(), m.end()))
        fuzzy_spans = [(s, e) for _k, _w, s, e, fixed in words if fixed]
        for _key, hit, start, end in found:
            target = hit.target
            if hit.sense is not None:
                for rule_id, sense, then in self.rules:
                    if sense == hit.sense and rule_id in contexts:
                        target = then  # type: ignore[assignment]
                        break
                if target is None:
                    continue
            a, b = _original_span(toks, start, end)
            weight = hit.weight * (FUZZY_FACTOR if any(s < b and a < e for s, e in fuzzy_spans) else 1.0)
            scores[target] = scores.get(target, 0.0) + weight
            evidence.append(Evidence(shown[a:b], hit.term, target, self.division_of[target], weight))
        return self._decide(text, lang or _lang_of(folded), scores, evidence, overlaps)

    def _decide(
        self, text: str, lang: Lang, scores: dict[str, float], evidence: list[Evidence], overlaps: list[str]
    ) -> Result:
        division_scores: dict[str, float] = {}
        for target, score in scores.items():
            div = self.division_of[target]
            division_scores[div] = division_scores.get(div, 0.0) + score
        candidates = sorted(self._candidates(scores), key=lambda c: (-c.score, c.department, c.function or ""))
        ranked = sorted(division_scores.items(), key=lambda kv: (-kv[1], kv[0]))
        total = sum(division_scores.values())
        if not ranked or ranked[0][1] < MIN_SCORE or ranked[0][0] == UNCLASSIFIED:
            best_in_model = next((s for d, s in ranked if d != UNCLASSIFIED), 0.0)
            confidence = _confidence(best_in_model, total)
            return Result(text, lang, UNCLASSIFIED, None, confidence, False, tuple(candidates), tuple(evidence), None)
        department, top = ranked[0]
        runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
        functions = [c for c in candidates if c.department == department and c.function is not None]
        function = functions[0].function if functions else None
        overlap = self._overlap(overlaps, department, function, candidates)
        close = runner_up >= AMBIGUOUS_RATIO * top
        ambiguous = overlap is not None or close
        return Result(
            text, lang, department, function, _confidence(top, total), ambiguous, tuple(candidates),
            tuple(evidence), overlap,
        )  # fmt: skip

    def _candidates(self, scores: dict[str, float]) -> Iterable[Candidate]:
        generic = {t: s for t, s in scores.items() if t not in self.function_order}
        for target, score in scores.items():
            div = self.division_of[target]
            if target in self.function_order:
                yield Candidate(div, target, round(score + generic.get(div, 0.0), 3))
            elif not any(self.division_of[t] == div for t in scores if t in self.function_order):
                yield Candidate(div, None, round(score, 3))

    def _overlap(
        self, fired: list[str], department: str, function: str | None, candidates: list[Candidate]
    ) -> str | None:
        sides = {department} | ({function} if function else set())
        for ov in fired:
            if self.overlap_functions[ov] & sides:
                return ov
        # no overlap word fired, but the two best candidates are the two sides of a known overlap
        if len(candidates) > 1:
            pair = {
                candidates[0].function or candidates[0].department,
                candidates[1].function or candidates[1].department,
            }
            if candidates[1].score >= AMBIGUOUS_RATIO * candidates[0].score:
                for ov, functions in self.overlap_functions.items():
                    if pair <= functions:
                        return ov
        return None


def _confidence(score: float, total: float) -> float:
    if score <= 0 or total <= 0:
        return 0.0
    return round(score / total * (1.0 - math.exp(-score / 3.0)), 3)


def _lang_of(folded: str) -> Lang:
    return detect_lang(folded)  # type: ignore[return-value]


def _original_span(toks: list[Token], start: int, end: int) -> tuple[int, int]:
    """Where a match of the canonical string stands in the folded text."""
    first = last = None
    for tok in toks:
        tok_end = tok.canon_start + len(tok.canon)
        if first is None and tok_end > start:
            first = tok
        if tok.canon_start < end:
            last = tok
        else:
            break
    if first is None or last is None:
        return 0, 0
    a = first.start if first.kind == LATIN else first.start + max(0, start - first.canon_start)
    b = last.end if last.kind == LATIN else last.start + min(len(last.canon), end - last.canon_start)
    return a, b


# -- the scan ---------------------------------------------------------------------------------------------


def compile_terms(keys: Iterable[str]) -> re.Pattern[str]:
    """One regular expression for all keys, as a trie so the engine branches on characters, longest first.

    Keys that begin with a Latin letter or digit only match at word boundaries ('pr' never matches inside
    'product'); Korean and Chinese keys match anywhere.
    """
    latin: list[str] = []
    other: list[str] = []
    for key in keys:
        (latin if key[0].isascii() else other).append(key)
    parts = []
    if latin:
        parts.append(f"(?<![a-z0-9])(?:{_trie(latin)})(?![a-z0-9])")
    if other:
        parts.append(f"(?:{_trie(other)})")
    return re.compile("|".join(parts) or r"(?!x)x")


def _trie(words: Iterable[str]) -> str:
    root: dict[str, dict] = {}  # type: ignore[type-arg]
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _emit(root)


def _emit(node: dict[str, dict]) -> str:  # type: ignore[type-arg]
    ends = "" in node
    branches, singles = [], []
    for ch in sorted(k for k in node if k):
        sub = _emit(node[ch])
        (branches.append(re.escape(ch) + sub) if sub else singles.append(re.escape(ch)))
    if singles:
        branches.append(singles[0] if len(singles) == 1 else "[" + "".join(singles) + "]")
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends:
        return f"(?:{body})?" if len(branches) > 1 or len(body) > 1 else f"{body}?"
    return body


# -- one typo ---------------------------------------------------------------------------------------------


class FuzzyVocabulary:
    """Corrects a word with one wrong, missing, extra or swapped letter to the one known word it must be.

    Latin words count letters; Korean words count jamo (so '커뮤니타' meets '커뮤니티') and need three
    syllables, since two-syllable Korean words one jamo apart are usually different words.
    """

    MIN_LETTERS = 5

    def __init__(self, terms: Iterable[str]) -> None:
        self.known: set[str] = set()
        self.deletes: dict[str, set[str]] = {}
        for term in terms:
            for kind, word, _s, _e in tokens_of(term):
                if kind in (LATIN, HANGUL):
                    self.known.add(word)
        self.known_stems = {stem(w) for w in self.known if w.isascii()}
        for word in sorted(self.known):
            if self._eligible(word):
                spelled = _spell(word)
                for d in _deletions(spelled):
                    self.deletes.setdefault(d, set()).add(word)
                self.deletes.setdefault(spelled, set()).add(word)
        self._cache: dict[str, str | None] = {}

    def _eligible(self, word: str) -> bool:
        if word.isascii():
            return len(word) >= self.MIN_LETTERS and word.isalpha()
        return len(word) >= 3 and len(_spell(word)) >= self.MIN_LETTERS

    def correct(self, words: list[tuple[int, str, int, int]]) -> list[tuple[int, str, int, int, bool]]:
        out = []
        for kind, word, start, end in words:
            fixed = None
            if kind in (LATIN, HANGUL) and self._eligible(word) and not self._knows(word):
                fixed = self.lookup(word)
            out.append((kind, fixed or word, start, end, fixed is not None))
        return out

    def _knows(self, word: str) -> bool:
        return word in self.known or (word.isascii() and stem(word) in self.known_stems)

    def lookup(self, word: str) -> str | None:
        if word in self._cache:
            return self._cache[word]
        spelled = _spell(word)
        found: set[str] = set()
        found |= self.deletes.get(spelled, set())  # a letter missing from the input
        for d in _deletions(spelled):
            found |= self.deletes.get(d, set())  # an extra, wrong or swapped letter
        found = {w for w in found if _one_edit(_spell(w), spelled)}
        result = min(found) if len(found) == 1 else None
        if len(self._cache) < 100_000:
            self._cache[word] = result
        return result


def _spell(word: str) -> str:
    """Hangul syllables as jamo, so an edit is one key press; Latin unchanged."""
    return word if word.isascii() else unicodedata.normalize("NFD", word)


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def _one_edit(a: str, b: str) -> bool:
    """Damerau: one insertion, deletion, substitution or transposition of neighbours."""
    if a == b:
        return False
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la == lb:
        diff = [i for i in range(la) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
    if la > lb:
        a, b = b, a
    return any(a == b[:i] + b[i + 1 :] for i in range(len(b)))


__all__ = ["HANGUL", "Candidate", "Evidence", "Matcher", "Result"]
