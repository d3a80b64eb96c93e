"""classify(text) -> which department and function a duty belongs to, why, and how sure: pure and deterministic.

Scoring, in order:
1. The duty (its first READ_MAX characters) is folded (NFKC + casefold) and read by `text.Reader`:
   English words stemmed, Korean particles dropped and Korean words written together or apart brought
   to one form, Chinese as it is; a word of five or more letters (Korean: jamo) that no term knows is
   corrected when exactly one known word is one edit away.
2. One scan finds the knowledge base's terms, leftmost first and longest at each place. No term spans
   clause punctuation; a Korean term crosses a space only when it covers whole words or has a word
   break of its own there. Each distinct term counts once, with its weight, for its target: a
   function, a division, or `unrelated`; words of a leading job title ("Brand Manager: …") weigh
   TITLE_FACTOR times more, and its head noun HEAD_FACTOR times when it names a family outside both
   departments (`unrelated` or sales); corrected typos FUZZY_FACTOR times less. A head-only term (a role
   noun such as reporter / 记者 / 기자) counts only as that head, or as the last word of a bare title
   ("Reporter"): in a duty ("pitch stories to reporters") it names the people addressed, not the job.
3. Context rules re-point or drop the terms of an ambiguous sense when their cue words stand in the duty.
4. A division's score is its own terms plus those of its functions. The highest division wins; below
   MIN_SCORE, when `unrelated` wins, or on a tie with it, the duty is `unclassified`. The function is
   the best one inside the winning division, if any of its terms fired.
5. confidence = share of the winner among all divisions x (1 - exp(-score / 3)); `ambiguous` when an
   overlap's cue fired next to one of its functions, or the runner-up department has AMBIGUOUS_RATIO of
   the winner's score.
"""

from __future__ import annotations

import math
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Iterable
from functools import lru_cache, partial
from typing import TYPE_CHECKING, Any, NamedTuple, TypedDict

from orgroles.text import HAN, JAMO, LATIN, Reader, Reading, Token, fold, remember, stem, strip_particle

if TYPE_CHECKING:
    from typing_extensions import Required  # (typing's own from 3.11) only for mypy: it costs 15 ms to import

    from orgroles.model import Lang

UNRELATED = "unrelated"
UNCLASSIFIED = "unclassified"
MIN_SCORE = 2.0
AMBIGUOUS_RATIO = 0.6
ALIAS_WEIGHT = 4.0
FUZZY_FACTOR = 0.8
TITLE_FACTOR = 2.0  # words of a job title ("Brand Manager: …") weigh double: a title names the role
# The term that ends on the title's last word is its head noun ("Brand *Designer*", "品牌*设计师*", "브랜드
# *디자이너*": compounds are head-final in all three languages): it names the job family, so it weighs more
# than any duty word around it.
HEAD_FACTOR = 4.0
TITLE_MAX = 40  # a title is at most this many characters before its colon
BARE_TITLE_WORDS = 3  # a duty of at most this many words and no punctuation may be a bare title ("Senior Reporter")
READ_MAX = 1_000_000  # characters of a duty that are read

# hit kinds
TERM, CONTEXT, OVERLAP = 0, 1, 2

# Where a piece of evidence came from (the `source` key of each evidence object).
SHIPPED = "shipped"  # the departments.yaml shipped with orgroles
DATA = "data"  # the departments.yaml of the user's --data folder
OVERLAY = "overlay"  # a term of the folder's terms.yaml
CORRECTION = "correction"  # an exact duty pinned in terms.yaml (engine.Explainer)


class Hit(NamedTuple):
    """What a knowledge-base key means when a duty contains it (the compiled table holds its fields as lists)."""

    kind: int  # TERM, CONTEXT (a context rule's cue) or OVERLAP (an overlap's cue)
    target: str | None  # TERM: function, division or `unrelated`; CONTEXT: the rule; OVERLAP: the overlap
    weight: float
    sense: str | None  # TERM: the ambiguous sense that context rules may re-point
    term: str  # as written in the knowledge base
    head_only: bool = False  # TERM: a role noun that counts only as the head of a job title
    source: str = SHIPPED  # where the term comes from: the shipped knowledge, a --data folder's, its terms.yaml
    line: int | None = None  # its line in terms.yaml


class Meaning(NamedTuple):
    """What a knowledge-base key means when a duty contains it, by kind: the terms it is, and the context
    rules and overlaps it cues."""

    terms: tuple[Hit, ...]
    contexts: tuple[str, ...]
    overlaps: tuple[str, ...]


# A key found in the canonical string [start, end), starting in the duty's token number `token`:
# (key, start, end, token). A plain tuple, unpacked where it is read: a duty finds several, and a
# NamedTuple would cost 3% of its time.
Match = tuple[str, int, int, int]


# Evidence and candidates are built as the JSON objects of the public contract (see the README): the
# batch path writes them as they are, without a second copy per line.


class Evidence(TypedDict, total=False):
    text: Required[str]  # as written in the duty
    term: Required[str]  # the knowledge-base term
    function: Required[str | None]  # the function the term points at, or None for a division's or unrelated term
    department: Required[str]
    weight: Required[float]
    source: Required[str]  # where the term comes from (SHIPPED, DATA, OVERLAY or engine's CORRECTION)
    line: Required[int | None]  # its line in terms.yaml, or None


class Candidate(TypedDict):
    department: str
    function: str | None
    score: float


class DepartmentTotal(TypedDict):
    department: str  # a division, or `unclassified` for the terms of work outside every division
    score: float  # the sum of the department's evidence: what the verdict compares


class Result(NamedTuple):
    text: str
    lang: Lang
    department: str
    function: str | None
    confidence: float
    ambiguous: bool
    candidates: list[Candidate]  # grouped by department in the order of `departments`, best first in each
    evidence: list[Evidence]
    overlap: str | None  # the overlap whose question decides the duty, when ambiguous
    departments: list[DepartmentTotal]  # the verdict's department first, then by score and the tie rule


class Matcher:
    """The knowledge base compiled for matching: a table of canonical keys and what each one means.

    It is built from the plain data of `compile_knowledge`, which `orgroles.compiled` caches between runs,
    so that a one-duty run need not load and validate the whole knowledge base.
    """

    def __init__(self, compiled: dict[str, Any]) -> None:
        self.division_of: dict[str, str] = dict(compiled["division_of"])
        self.function_ids: frozenset[str] = frozenset(compiled["functions"])
        self.overlap_functions: dict[str, frozenset[str]] = {k: frozenset(v) for k, v in compiled["overlaps"].items()}
        # target -> (its division, the function it is or None): one look-up per term when scoring
        self.placed: dict[str, tuple[str, str | None]] = {
            target: (div, target if target in self.function_ids else None) for target, div in self.division_of.items()
        }
        self.rules: list[tuple[str, str, str | None]] = [(r[0], r[1], r[2]) for r in compiled["rules"]]
        source, lines = compiled.get("source", SHIPPED), compiled.get("overlay_terms", {})
        self.table: dict[str, Meaning] = {key: _meaning(hits, source, lines) for key, hits in compiled["table"].items()}
        self.prefixes: dict[str, list[int]] = compiled["prefixes"]
        self.vocab = FuzzyVocabulary(compiled["words"], compiled["stems"])
        self.breaks: dict[str, frozenset[int]] = {k: frozenset(v) for k, v in compiled["breaks"].items()}
        self.reader = Reader(self.vocab.fix)
        self._pair_overlap: dict[tuple[str, str], str | None] = {}  # the two best candidates -> their overlap

    def classify(self, text: str) -> Result:
        # a duty is read up to READ_MAX characters: beyond that it is a dump, not a duty, and reading
        # it all would cost some 80 bytes of memory per character
        head = text[:READ_MAX]
        folded = fold(head)
        reading = self.reader.read(folded)
        terms, contexts, overlaps = self._find(reading)
        shown = head if len(head) == len(folded) else folded
        title_end, head_end = _title_end(folded, reading.toks) if ":" in folded else (0, -1)
        if head_end > 0:
            terms += self._hidden_head(reading, head_end, {match[0] for _, match in terms})
        role_end = head_end if head_end > 0 else _bare_title_end(folded, reading.toks)
        scores, evidence = self._weigh(terms, contexts, reading, shown, title_end, head_end, role_end)
        lang: Lang = "en" if not (reading.hangul or reading.han) else ("ko" if reading.hangul >= reading.han else "zh")
        return self._decide(text, lang, scores, evidence, overlaps)

    def _find(self, reading: Reading) -> tuple[list[tuple[Hit, Match]], set[str], list[str]]:
        """What the duty contains: the terms with where they stand, the context rules cued, and the
        overlaps cued (in the order met)."""
        terms: list[tuple[Hit, Match]] = []
        contexts: set[str] = set()
        overlaps: list[str] = []
        table = self.table
        for match in self._scan(reading):
            meaning = table[match[0]]
            for hit in meaning.terms:
                terms.append((hit, match))
            if meaning.contexts:
                contexts.update(meaning.contexts)
            for overlap in meaning.overlaps:
                if overlap not in overlaps:
                    overlaps.append(overlap)
        return terms, contexts, overlaps

    def _hidden_head(self, reading: Reading, head_end: int, found: set[str]) -> list[tuple[Hit, Match]]:
        """The head noun of a Chinese title, of a job family outside both departments, when the scan,
        leftmost first, took its first characters into a longer term ("网络营销|顾问" hides 营销顾问, a
        sales role): the longest key that ends on the head and names such a family counts too, though
        it overlaps."""
        canon, toks = reading.canon, reading.toks
        ti = next(i for i, t in enumerate(toks) if t[4] < head_end <= t[4] + len(t[1]))
        kind, _canon, _s, _e, at = toks[ti]
        if kind != HAN:  # (a Korean word's last syllables are often a suffix of the whole: 브랜드개발+자)
            return []
        for start in range(at, head_end):  # longest first
            key = canon[start:head_end]
            if key in found or key not in self.table:
                continue
            hits = [h for h in self.table[key].terms if h.sense is None and h.target in _OUTSIDE]
            if hits:
                return [(hit, (key, start, head_end, ti)) for hit in hits]
        return []

    def _weigh(
        self,
        terms: list[tuple[Hit, Match]],
        contexts: set[str],
        reading: Reading,
        shown: str,
        title_end: int,
        head_end: int,
        role_end: int,
    ) -> tuple[dict[str, float], list[Evidence]]:
        """Each term's weight for its target (re-pointed by context rules, damped when it was a typo, doubled
        in a title and more for the title's head noun), summed per target, and the evidence a user reads.
        A head-only term counts only where the role's head noun ends (`role_end`: a title's or a bare
        title's last word)."""
        scores: dict[str, float] = {}
        evidence: list[Evidence] = []
        toks, fixed, placed = reading.toks, reading.fixed, self.placed
        for hit, match in terms:
            if hit.head_only and match[2] != role_end:
                continue
            target = hit.target if hit.sense is None else self._sense_target(hit, contexts)
            if target is None:
                continue
            a, b = _original_span(toks, match)
            weight = hit.weight
            typo = bool(fixed) and any(s < b and a < e for s, e in fixed)
            if typo:
                weight *= FUZZY_FACTOR
            if match[2] == head_end and target in _OUTSIDE:
                weight *= HEAD_FACTOR
            elif match[2] <= title_end:
                weight *= TITLE_FACTOR
            scores[target] = scores.get(target, 0.0) + weight
            department, function = placed[target]
            evidence.append(
                {
                    "text": shown[a:b],
                    "term": hit.term,
                    "function": function,
                    "department": department,
                    # compiled weights have three decimals at most, and so has twice one; a typo's may not
                    "weight": _round3(weight) if typo else weight,
                    "source": hit.source,
                    "line": hit.line,
                }
            )
        return scores, evidence

    def _sense_target(self, hit: Hit, contexts: set[str]) -> str | None:
        """Where a term of an ambiguous sense points: where a cued context rule re-points it, else its target."""
        for rule_id, rule_sense, then in self.rules:
            if rule_sense == hit.sense and rule_id in contexts:
                return then
        return hit.target

    def _scan(self, reading: Reading) -> list[Match]:
        """Each distinct key found, leftmost first and longest at each place, without overlaps.

        A Latin key starts at a word start and must end at a word end ('pr' never matches in 'product');
        a Korean or Chinese key may start at any character.
        """
        canon, toks, glued = reading.canon, reading.toks, reading.glued
        table, prefixes = self.table, self.prefixes
        n = len(canon)
        done = 0
        found: list[Match] = []
        seen: set[str] = set()
        edges = {t[4] for t in toks} | {t[4] + len(t[1]) for t in toks} if glued else set()
        for ti, (kind, tok_canon, _start, _end, at) in enumerate(toks):
            if kind == JAMO:
                continue
            last = at + 1 if kind == LATIN else at + len(tok_canon)
            i = at if at > done else done
            while i < last:
                # the key lengths that start here, longest first (a Latin key starts with the whole word)
                lengths = prefixes.get(tok_canon if kind == LATIN else canon[i : i + 2])
                if lengths is not None:
                    for length in lengths:
                        j = i + length
                        key = canon[i:j]
                        if j > n or key not in table or (j < n and key[-1] in _ALNUM and canon[j] in _ALNUM):
                            continue
                        if glued and not self._fits(key, i, j, glued, edges):
                            continue
                        if key not in seen:
                            seen.add(key)
                            found.append((key, i, j, ti))
                        done = j
                        break
                i = i + 1 if i + 1 > done else done  # (not max(): this runs per character of CJK text)
        return found

    def _fits(self, key: str, i: int, j: int, glued: list[int], edges: set[int]) -> bool:
        """May a match cross places where two Korean words were joined?

        Yes when it covers whole words ('위기 관리' for 위기관리) or crosses only at word breaks of its own
        ('커뮤니티를 운영' for 커뮤니티 운영); no when it starts or ends inside a word ('영업' in '반영 업데이트').
        """
        if i in edges and j in edges:
            return True
        own = self.breaks.get(key, frozenset())
        k = bisect_right(glued, i)
        while k < len(glued) and glued[k] < j:
            if glued[k] - i not in own:
                return False
            k += 1
        return True

    def _decide(
        self, text: str, lang: Lang, scores: dict[str, float], evidence: list[Evidence], overlaps: list[str]
    ) -> Result:
        """The verdict from the department totals, and the candidates listed in the same order.

        The department with the highest total wins; equal totals go by TIE_ORDER. Candidates are listed
        department by department in that order, so the first one always belongs to the verdict's
        department, with equal scores by function id.
        """
        division_scores: dict[str, float] = {}
        generic: dict[str, float] = {}  # a division's score from its own terms (not its functions')
        fired: list[tuple[str, str, float]] = []  # (division, function, score) of each function that fired
        with_function: set[str] = set()  # divisions one of whose functions fired
        for target, score in scores.items():
            div, function = self.placed[target]
            division_scores[div] = division_scores.get(div, 0.0) + score
            if function is None:
                generic[div] = score
            else:
                fired.append((div, function, score))
                with_function.add(div)
        # departments best first; a tie goes by the tie rule (unclassified first: never force a guess)
        ranked = sorted([(-_round3(score), _TIE_RANK.get(div, 9), div) for div, score in division_scores.items()])
        departments: list[DepartmentTotal] = [{"department": div, "score": -neg} for neg, _, div in ranked]
        place = {div: i for i, (_, _, div) in enumerate(ranked)}
        # Candidates: functions with their division's own score added; a division alone when none of its
        # functions fired. Listed department by department, best first in each, equal scores by function
        # ('' = none): (place of the department, -score, function, department).
        listed = [(place[div], -_round3(score + generic.get(div, 0.0)), fn, div) for div, fn, score in fired]
        listed += [(place[div], -_round3(score), "", div) for div, score in generic.items() if div not in with_function]
        listed.sort()
        candidates: list[Candidate] = [
            {"department": div, "function": fn or None, "score": -neg} for _, neg, fn, div in listed
        ]
        total = sum(division_scores.values())
        if not ranked or -ranked[0][0] < MIN_SCORE or ranked[0][2] == UNCLASSIFIED:
            best_in_model = next((division_scores[div] for _, _, div in ranked if div != UNCLASSIFIED), 0.0)
            confidence = _confidence(best_in_model, total)
            return Result(text, lang, UNCLASSIFIED, None, confidence, False, candidates, evidence, None, departments)
        department = ranked[0][2]
        top = division_scores[department]
        runner_up = 0.0
        for _, _, div in ranked[1:]:
            if div != UNCLASSIFIED:
                runner_up = division_scores[div]
                break
        first = candidates[0]
        function = first["function"]  # the best function of the winning department, if one fired
        overlap = self._overlap(overlaps, department, function, listed)
        # a tie is decided by the rule, never silently: it is always ambiguous (runner_up == top)
        ambiguous = overlap is not None or runner_up >= AMBIGUOUS_RATIO * top
        return Result(
            text, lang, department, function, _confidence(top, total), ambiguous, candidates, evidence, overlap,
            departments,
        )  # fmt: skip

    def _overlap(
        self, fired: list[str], department: str, function: str | None, listed: list[tuple[int, float, str, str]]
    ) -> str | None:
        """The overlap that makes the answer ambiguous: one whose cue fired next to a side it names, else
        the one whose sides are the two best-scoring candidates when they are close. `listed`: the
        candidates as (place of the department, -score, function or '', department)."""
        for ov in fired:
            sides = self.overlap_functions[ov]
            if department in sides or (function is not None and function in sides):
                return ov
        if len(listed) < 2:
            return None
        first, second = sorted([(neg, div, fn) for _, neg, fn, div in listed])[:2]  # best by score, as ranked before
        if -second[0] >= AMBIGUOUS_RATIO * -first[0]:
            pair = (first[2] or first[1], second[2] or second[1])
            if pair not in self._pair_overlap:
                self._pair_overlap[pair] = next(
                    (ov for ov, sides in self.overlap_functions.items() if pair[0] in sides and pair[1] in sides), None
                )
            return self._pair_overlap[pair]
        return None


def _meaning(hits: list[list[Any]], source: str, lines: dict[str, int]) -> Meaning:
    """A key's compiled hits split by kind; each term knows where it comes from (`lines`: the terms of
    terms.yaml and their lines)."""
    terms = []
    for kind, target, weight, sense, term, *head_only in hits:
        if kind == TERM:
            line = lines.get(term)
            where = source if line is None else OVERLAY
            terms.append(Hit(kind, target, weight, sense, term, bool(head_only and head_only[0]), where, line))
    return Meaning(
        tuple(terms), tuple(h[1] for h in hits if h[0] == CONTEXT), tuple(h[1] for h in hits if h[0] == OVERLAP)
    )


# How equal department totals are decided (README "How classify decides"): unclassified first, since a
# guess is never forced; then market before operations, because the article gives operations the work
# "judged on product data" and a duty whose evidence weighs the same both ways has not shown that (the
# principle: work "not judged on product data belongs to market"); then sales, which the article keeps
# out of both and which must be shown by deal-closing evidence that outweighs theirs. A division of
# one's own data that is none of these comes after them, by id.
TIE_ORDER = (UNCLASSIFIED, "market", "operations", "sales")
_TIE_RANK = {division: i for i, division in enumerate(TIE_ORDER)}


# round(x, 3) goes through decimal digits and costs four dictionary look-ups; the same few sums of weights
# come back duty after duty, so they are remembered (this saves 4% of a duty's time). Exact: scores are
# positive (weights are > 0), and equal positive floats are the same float.
_round3: Callable[[float], float] = lru_cache(maxsize=4096, typed=True)(partial(round, ndigits=3))

_OUTSIDE = frozenset({UNRELATED, "sales"})  # the job families outside both departments, whose head nouns decide
_CLAUSE_MARK = re.compile(r"[,;:!?。、·•|]|\.(?:\s|$)")  # a bare title has none of these
_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


def _title_end(folded: str, toks: list[Token]) -> tuple[int, int]:
    """Where a leading job title ends in the canonical string ("品牌经理：负责…" -> after 品牌经理), and where
    its last word (its head noun) ends; (0, -1) when the duty has no title."""
    lead = len(folded) - len(folded.lstrip())  # an indented duty has the same title
    colon = folded.find(":", lead + 1, lead + TITLE_MAX + 1)
    if colon < 0 or folded[colon - 1].isdigit() or colon + 1 >= len(folded):
        return 0, -1
    # a qualifier in brackets after the role ("用户研究(电商)", "Designer (Games)") is not its head
    bracket = folded.find("(", lead + 1, colon)
    head_before = bracket if bracket > 0 else colon
    head_end = -1
    for _kind, canon, start, _end, at in toks:
        if start > colon:
            return at, head_end
        if start < head_before:
            head_end = at + len(canon)
    return 0, -1


def _bare_title_end(folded: str, toks: list[Token]) -> int:
    """Where the last word of a duty that is only a job title ("Senior Reporter", "图书编辑") ends in the
    canonical string; -1 when the duty is longer than a title (more than BARE_TITLE_WORDS words or
    TITLE_MAX characters: "write to the reporter" is a duty) or has clause punctuation."""
    if not toks or len(toks) > BARE_TITLE_WORDS or len(folded.strip()) > TITLE_MAX or _CLAUSE_MARK.search(folded):
        return -1
    _kind, canon, _start, _end, at = toks[-1]
    return at + len(canon)


def _confidence(score: float, total: float) -> float:
    if score <= 0 or total <= 0:
        return 0.0
    return _round3(score / total * (1.0 - math.exp(-score / 3.0)))


def _original_span(toks: list[Token], match: Match) -> tuple[int, int]:
    """Where a match of the canonical string stands in the folded text (Latin words are shown whole)."""
    _key, start, end, ti = match
    kind, _canon, a, _a_end, at = toks[ti]
    if kind != LATIN:
        a += start - at
    # the token the match ends in: the last one that starts before its end
    tj = ti + 1
    while tj < len(toks) and toks[tj][4] < end:
        tj += 1
    kind, canon, b, b_end, at = toks[tj - 1]
    return a, b_end if kind == LATIN else b + min(len(canon), end - at)


class FuzzyVocabulary:
    """Corrects a word with one wrong, missing, extra or swapped letter to the one known word it must be.

    Latin words count letters; Korean words count jamo (so '커뮤니타' meets '커뮤니티') and need three
    syllables, since two-syllable Korean words one jamo apart are usually different words. The index of
    deletions is built on first need: a run whose words are all known never pays for it.
    """

    MIN_LETTERS = 5

    def __init__(self, words: Iterable[str], stems: Iterable[str]) -> None:
        """`words`: the known words (see `known_words`); `stems`: their English stems."""
        self.known = frozenset(words)
        self.known_stems = frozenset(stems)
        # one edit changes a word's length by one at most: longer words need no look (and a 10 MB "word"
        # would otherwise cost a deletion index of its own)
        self.longest = max(map(len, self.known), default=0) + 1
        self._deletes: dict[str, list[str]] | None = None
        self._cache: dict[str, str | None] = {}
        self._verdicts: dict[str, str | None] = {}

    def _eligible(self, word: str) -> bool:
        if len(word) > self.longest:
            return False
        if word.isascii():
            return len(word) >= self.MIN_LETTERS and word.isalpha()
        return len(word) >= 3 and len(_spell(word)) >= self.MIN_LETTERS

    def fix(self, word: str) -> str | None:
        """The known word a typo stands for, or None (remembered per word: a batch repeats its words)."""
        verdicts = self._verdicts
        return verdicts[word] if word in verdicts else self._verdict(word)

    def _verdict(self, word: str) -> str | None:
        """The known word a typo stands for, or None for a known, short or unmatched word (remembered)."""
        fixed = None
        if word not in self.known and self._eligible(word) and not (word.isascii() and stem(word) in self.known_stems):
            bare = word if word.isascii() else strip_particle(word)
            if bare != word:  # a particle is no typo: the word before it is corrected, or kept when known
                bare_fixed = self.fix(bare)
                fixed = None if bare_fixed is None else bare_fixed + word[len(bare) :]
            else:
                fixed = self.lookup(word)
                if fixed is not None and (_other_suffix(word, fixed) or _spelt_right(word)):
                    fixed = None
        remember(self._verdicts, word, fixed)
        return fixed

    def _index(self) -> dict[str, list[str]]:
        if self._deletes is None:
            deletes: dict[str, list[str]] = {}
            for word in sorted(self.known):
                if self._eligible(word):
                    spelled = _spell(word)
                    for d in {spelled, *_deletions(spelled)}:
                        deletes.setdefault(d, []).append(word)
            self._deletes = deletes
        return self._deletes

    def lookup(self, word: str) -> str | None:
        if word in self._cache:
            return self._cache[word]
        deletes = self._index()
        spelled = _spell(word)
        found: set[str] = set(deletes.get(spelled, ()))  # a letter missing from the input
        for d in _deletions(spelled):
            found.update(deletes.get(d, ()))  # an extra, wrong or swapped letter
        found = {w for w in found if _one_edit(_spell(w), spelled)}
        result = min(found) if len(found) == 1 else None
        remember(self._cache, word, result)
        return result


def known_words(words: Iterable[str]) -> tuple[list[str], list[str]]:
    """The words typos are corrected to, and their stems; English words also in the plural ('relases')."""
    known = set(words)
    known.update([w + "s" for w in known if w.isascii() and w.isalpha() and not w.endswith("s")])
    return sorted(known), sorted({stem(w) for w in known if w.isascii()})


# One-syllable Korean suffixes that make a noun of a person, a team or a place from a stem (분석+가,
# 개발+자, 전문+의, 운영+팀), or a verb (제작+하는): two words that differ only in one of them are two
# words, not a typo (기획가 is not a misspelt 기획자, 전문가 not a misspelt 전문의, 이용하는 not 이용자는).
_KO_SUFFIXES = frozenset("가자사원인의팀부실님장하")


def _other_suffix(word: str, fixed: str) -> bool:
    """Do `word` and its would-be correction differ only in a final suffix syllable of each?"""
    return (
        not word.isascii()
        and len(word) == len(fixed)
        and word[:-1] == fixed[:-1]
        and word[-1] in _KO_SUFFIXES
        and fixed[-1] in _KO_SUFFIXES
    )


def _spelt_right(word: str) -> bool:
    """Is this word one of its language's own, though one edit from a known word? (English: the
    dictionary knows it, see orgroles.lexicon.)"""
    if not word.isascii():
        return False
    from orgroles.lexicon import is_english_word  # loaded only when a correction is proposed

    return is_english_word(word)


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
