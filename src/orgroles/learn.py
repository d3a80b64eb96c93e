"""Proposing terms from labelled misses: which words would fix them, and whether they generalise.

Pure: it takes labelled records and the compiled knowledge in use, and returns the proposed terms with
the figures that judge them; orgroles.cli reads the file, writes terms.yaml and prints. The method:

1. Classify every item; a miss is a wrong department, or a wrong function where the item names one.
2. Candidates are the words and two-word phrases of each item in its own language, by the canonical form
   the matcher uses (English stems, Korean without particles and spaces, Chinese runs of 2-4
   characters). A candidate is proposed for a label (the item's function, else its department;
   `unrelated` for neither) when at least `min_support` misses of that label contain it and at least
   PRECISION of all items containing it carry that label (rare under every other label).
3. Candidates are tried greedily, most support first, each at the weights of WEIGHTS on top of those
   kept so far: one is kept when it fixes at least MIN_NET more items of the file than it breaks.
4. Figures: accuracy before and after on the file, and a k-fold cross-validated estimate (learnt on k-1
   folds, scored on the held-out one), so a user sees whether the terms generalise or only memorise.

Deterministic: every list is sorted, folds go by position in the file, ties break on the text.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from orgroles.batch import NEITHER, accuracy, department_correct
from orgroles.engine import Explainer
from orgroles.matcher import TERM, UNCLASSIFIED, UNRELATED
from orgroles.overlay import apply_overlay, term_key
from orgroles.text import HAN, HANGUL, LATIN, Reader, detect_lang, fold

PRECISION = 0.8  # share of the items containing a candidate that must carry its label
WEIGHTS = (2.0, 3.0)  # 2.0 alone reaches the matcher's MIN_SCORE; 3.0 outweighs one competing term
MIN_NET = 2  # a term must fix at least this many more items of the file than it breaks
DEFAULT_MIN_SUPPORT = 3  # misses of one label containing the candidate: sensible for a few hundred rows
DEFAULT_MAX_TERMS = 40
DEFAULT_FOLDS = 5
NEITHER_LABELS = (NEITHER, UNCLASSIFIED)  # the labels whose fixing term points at `unrelated`

# English words that say nothing about a department (they stand in every kind of duty)
_EN_GRAMMAR = (
    "a an and are as at be by for from has have in into is it its of on or our that the their this to "
    "we will with you your us all any can may more new other such than then they was were who also "
    "etc per via within across including include"
)
STOPWORDS = frozenset(_EN_GRAMMAR.split())

# Korean words of grammar, not of work (verb endings, "for", "through"), and Chinese characters of grammar
# that a phrase does not start or end with ("的产" from "…的产品" is not a term)
_KO_GRAMMAR = "한다 합니다 하는 하고 하며 하여 해야 있는 있습니다 위한 대한 통한 통해 된다 됩니다 및 등 또는"
KO_STOPWORDS = frozenset(_KO_GRAMMAR.split())
ZH_EDGES = frozenset("的了和与及或等在对为是并将把从向其之以于被由而且则")

# Called with the work done so far and the whole of it (classifications and trials).
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Item:
    """One labelled duty: its text, language, label and what the matcher reads in it."""

    text: str
    lang: str
    department: str  # the gold label as given (market, operations, sales, unclassified, neither)
    function: str | None
    has_function: bool  # the record names a function (then the function is scored too)
    target: str  # what a term fixing it points at: the function, else the department, else unrelated
    canon: str  # the canonical form, where a term's key is looked for


def items_of(records: Iterable[dict[str, Any]], division_of: dict[str, str]) -> list[Item]:
    """Labelled records (as batch.read_labelled gives them) as items to learn from."""
    out = []
    reader = Reader()
    for r in records:
        gold, function = r["department"], r.get("function")
        if gold in NEITHER_LABELS:
            target = UNRELATED
        elif function is not None and division_of.get(function) == gold:
            target = function
        else:
            target = gold
        lang = r.get("lang") or detect_lang(r["text"])
        canon = reader.read(fold(r["text"])).canon
        out.append(Item(r["text"], lang, gold, function, "function" in r, target, canon))
    return out


@dataclass
class Score:
    """Right answers out of all: for the department, and for the function where items name one (the
    counts of eval's batch.Tally, two of them, kept as four fields: `learn --format json` writes each as
    correct, total, accuracy, in that order)."""

    department_right: int = 0
    department_total: int = 0
    function_right: int = 0
    function_total: int = 0

    def add(self, other: Score) -> None:
        self.department_right += other.department_right
        self.department_total += other.department_total
        self.function_right += other.function_right
        self.function_total += other.function_total

    @property
    def department(self) -> float | None:
        return accuracy(self.department_right, self.department_total)

    @property
    def function(self) -> float | None:
        return accuracy(self.function_right, self.function_total)

    def as_dict(self) -> dict[str, Any]:
        return {
            "department": {"correct": self.department_right, "total": self.department_total,
                           "accuracy": self.department},
            "function": {"correct": self.function_right, "total": self.function_total, "accuracy": self.function},
        }  # fmt: skip


@dataclass(frozen=True)
class Proposal:
    """A proposed term: where it points, how heavy, how many misses carry it, what it fixes and breaks."""

    lang: str
    term: str
    target: str
    department: str  # the division of the target (or unclassified for `unrelated`)
    weight: float
    support: int
    fixes: int  # items of the file it makes right, on its own on top of the knowledge in use
    breaks: int  # items of the file it makes wrong, the same way
    replaces: list[str] = field(default_factory=list)  # targets the knowledge gave this term before (re-pointed)


@dataclass
class Learned:
    """What `learn` found: the proposals and the figures that judge them."""

    proposals: list[Proposal]
    before: Score
    after: Score
    cross_validated: Score
    folds: int
    misses: int  # misses before
    fold_terms: list[int] = field(default_factory=list)  # terms learnt in each fold

    def as_dict(self) -> dict[str, Any]:
        return {
            "before": self.before.as_dict(),
            "after": self.after.as_dict(),
            "cross_validated": self.cross_validated.as_dict(),
            "folds": self.folds,
            "fold_terms": self.fold_terms,
            "misses": self.misses,
            "terms": [asdict(p) for p in self.proposals],
        }


def verdict(ex: Explainer, item: Item) -> tuple[bool, bool]:
    """(department right, function right) for one item, as `eval` counts them."""
    r = ex.run(item.text)
    ok = department_correct(r.department, item.department)
    return ok, ok and r.function == item.function


def score(ex: Explainer, items: list[Item]) -> tuple[Score, list[bool]]:
    """The score on `items`, and for each item whether it is right (department, and function if named)."""
    s = Score()
    right = []
    for item in items:
        ok, fn_ok = verdict(ex, item)
        s.department_total += 1
        s.department_right += ok
        if item.has_function:
            s.function_total += 1
            s.function_right += fn_ok
        right.append(ok and (fn_ok or not item.has_function))
    return s, right


def overlay_of(proposals: Iterable[Proposal]) -> dict[str, Any]:
    """Proposals as the plain overlay `apply_overlay` takes (no lines: they are not in a file yet)."""
    return {"terms": [[p.term, p.target, p.weight, None, 0] for p in proposals]}


# -- candidates ----------------------------------------------------------------------------------------------


def candidates_of(item: Item) -> dict[str, str]:
    """Canonical key -> the phrase to write in terms.yaml, for the words and short phrases of an item
    in its own language."""
    folded = fold(item.text)
    toks = Reader().read(folded).toks
    out: dict[str, str] = {}
    want = {"en": LATIN, "ko": HANGUL, "zh": HAN}[item.lang]
    prev: tuple[int, str, str, int] | None = None  # (kind, canon, surface, end) of the word before
    for kind, canon, start, end, _pos in toks:
        surface = folded[start:end]
        if kind != want:
            prev = None
            continue
        if kind == HAN:
            for n in (2, 3, 4):
                for i in range(len(canon) - n + 1):
                    gram = canon[i : i + n]
                    if gram[0] not in ZH_EDGES and gram[-1] not in ZH_EDGES:
                        out.setdefault(gram, gram)
            prev = None
            continue
        word = canon if kind == HANGUL else surface
        usable = (
            len(canon) >= (3 if kind == LATIN else 2)
            and not canon.isdigit()
            and surface not in STOPWORDS
            and canon not in KO_STOPWORDS
        )
        if usable:
            out.setdefault(canon, word)
        if prev is not None and usable and folded[prev[3] : start].isspace():
            phrase = f"{prev[2]} {word}"
            out.setdefault(term_key(phrase), phrase)
        prev = (kind, canon, word, end) if usable else None
    return out


@dataclass(frozen=True)
class Candidate:
    key: str
    term: str
    lang: str
    target: str
    support: int
    precision: float


def rank_candidates(
    items: list[Item], right: list[bool], table: dict[str, list[Any]], min_support: int
) -> list[Candidate]:
    """Candidates frequent in one label's misses and rare under every other label, most support first."""
    by_label: dict[str, Counter[str]] = defaultdict(Counter)  # key -> label -> items containing it
    in_misses: dict[tuple[str, str], int] = Counter()  # (key, label) -> misses containing it
    written: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)  # (key, lang) -> phrases
    for item, ok in zip(items, right, strict=True):
        for key, term in candidates_of(item).items():
            by_label[key][item.target] += 1
            written[key, item.lang][term] += 1
            if not ok:
                in_misses[key, item.target] += 1
    out = []
    for (key, label), support in in_misses.items():
        if support < min_support:
            continue
        counts = by_label[key]
        precision = counts[label] / sum(counts.values())
        if precision < PRECISION:
            continue
        if any(h[0] == TERM and h[1] == label for h in table.get(key, ())):
            continue  # the knowledge has it already, for this label
        langs = sorted((lang for k, lang in written if k == key), key=lambda lg: (-sum(written[key, lg].values()), lg))
        lang = langs[0]
        term = min(written[key, lang].items(), key=lambda kv: (-kv[1], kv[0]))[0]  # its commonest spelling
        if term_key(term) != key:
            continue
        out.append(Candidate(key, term, lang, label, support, round(precision, 4)))
    out.sort(key=lambda c: (-c.support, -c.precision, -len(c.key), c.key, c.target))
    return out


# -- learning --------------------------------------------------------------------------------------------------


def propose(
    compiled: dict[str, Any],
    items: list[Item],
    min_support: int = DEFAULT_MIN_SUPPORT,
    max_terms: int = DEFAULT_MAX_TERMS,
    progress: Callable[[], None] | None = None,
) -> list[Proposal]:
    """The terms that fix the most misses of `items` and break the fewest, greedily, at most `max_terms`."""
    base = Explainer(compiled)
    _, right = score(base, items)
    ranked = rank_candidates(items, right, compiled["table"], min_support)
    current = compiled
    state = list(right)
    kept: list[tuple[Candidate, float]] = []
    for cand in ranked:
        if len(kept) >= max_terms:
            break
        if progress is not None:
            progress()
        touched = [i for i, item in enumerate(items) if cand.key in item.canon]
        if sum(not state[i] for i in touched) < MIN_NET:
            continue  # the misses it stands in are fixed already (by a term kept before): it cannot gain enough
        best: tuple[int, float, list[tuple[int, bool]]] | None = None
        for weight in WEIGHTS:
            trial = Explainer(apply_overlay(current, _one(cand, weight), words=False))
            changes = []
            for i in touched:
                ok = _right(trial, items[i])
                if ok != state[i]:
                    changes.append((i, ok))
            net = sum(1 if ok else -1 for _, ok in changes)
            if best is None or net > best[0]:
                best = (net, weight, changes)
        if best is None or best[0] < MIN_NET:
            continue
        net, weight, changes = best
        current = apply_overlay(current, _one(cand, weight), words=False)
        for i, ok in changes:
            state[i] = ok
        kept.append((cand, weight))
    # what each kept term fixes and breaks on its own, on top of the knowledge in use
    out = []
    for cand, weight in kept:
        alone = Explainer(apply_overlay(compiled, _one(cand, weight)))
        fixes = breaks = 0
        for i, item in enumerate(items):
            if cand.key in item.canon:
                ok = _right(alone, item)
                fixes += ok and not right[i]
                breaks += right[i] and not ok
        if fixes - breaks < MIN_NET:
            continue  # it helped only together with another term: not worth a reviewer's time
        division = compiled["division_of"].get(cand.target, cand.target)
        known = sorted({h[1] for h in compiled["table"].get(cand.key, ()) if h[0] == TERM})
        out.append(Proposal(cand.lang, cand.term, cand.target, division, weight, cand.support, fixes, breaks, known))
    return out


def _one(cand: Candidate, weight: float) -> dict[str, Any]:
    return {"terms": [[cand.term, cand.target, weight, None, 0]]}


def _right(ex: Explainer, item: Item) -> bool:
    ok, fn_ok = verdict(ex, item)
    return ok and (fn_ok or not item.has_function)


def folds_for(n_items: int, folds: int) -> int:
    """The folds of the estimate: as asked, but no more than items (and none for a single item)."""
    return max(2, min(folds, n_items)) if n_items >= 2 else 1


def planned_work(n_items: int, max_terms: int, folds: int) -> int:
    """A measure of the work `learn` does, for a progress bar: candidates tried, on the file and each fold."""
    return (folds_for(n_items, folds) + 1) * max(1, min(max_terms * 4, n_items))


def learn(
    compiled: dict[str, Any],
    items: list[Item],
    min_support: int = DEFAULT_MIN_SUPPORT,
    max_terms: int = DEFAULT_MAX_TERMS,
    folds: int = DEFAULT_FOLDS,
    progress: Progress | None = None,
) -> Learned:
    """Propose terms on all of `items`, score them on the file, and estimate by k-fold cross-validation
    how they would do on items not learnt from (each fold learns its own terms on the other folds)."""
    folds = folds_for(len(items), folds)
    total = planned_work(len(items), max_terms, folds)
    done = 0

    def tick() -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(min(done, total), total)

    base = Explainer(compiled)
    before, right = score(base, items)
    proposals = propose(compiled, items, min_support, max_terms, tick)
    after, _ = score(Explainer(apply_overlay(compiled, overlay_of(proposals))), items)
    cross = Score()
    fold_terms = []
    if folds >= 2:
        for f in range(folds):
            train = [item for i, item in enumerate(items) if i % folds != f]
            held_out = [item for i, item in enumerate(items) if i % folds == f]
            learnt = propose(compiled, train, min_support, max_terms, tick)
            fold_terms.append(len(learnt))
            s, _ = score(Explainer(apply_overlay(compiled, overlay_of(learnt))), held_out)
            cross.add(s)
    if progress is not None:
        progress(total, total)
    return Learned(proposals, before, after, cross, folds, right.count(False), fold_terms)


# -- the file it writes --------------------------------------------------------------------------------------


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.1%}"


def to_yaml(learned: Learned, source: str, command: str) -> str:
    """The proposal as a commented terms.yaml: one group per term, each with its label and figures."""
    b, a, c = learned.before, learned.after, learned.cross_validated
    lines = [
        f"# Terms proposed by `{command}`: review each one before you keep it.",
        f"# Department accuracy on {source}: {_pct(b.department)} before, {_pct(a.department)} with these terms;",
        f"# {learned.folds}-fold cross-validated: {_pct(c.department)} (terms learnt on the other folds, scored "
        "on the held-out one).",
    ]
    if b.function_total:
        lines.append(
            f"# Function accuracy: {_pct(b.function)} before, {_pct(a.function)} after, {_pct(c.function)} "
            "cross-validated."
        )
    lines += [
        "# For each term: the label it points at, its weight, its support (misses of that label that contain",
        "# it), and how many items of the file it fixes and breaks on its own.",
        "# Keep it in your --data folder as terms.yaml; `orgroles eval FILE --data FOLDER` measures it.",
    ]
    if not learned.proposals:
        return "\n".join([*lines, "# No term fixes enough misses to propose: nothing to add.", "terms: []", ""])
    lines.append("terms:")
    for p in learned.proposals:
        label = p.department if p.target == p.department else f"{p.department}/{p.target}"
        if p.target == UNRELATED:
            label = "neither (unrelated)"
        lines += [
            f"  # label {label} · weight {p.weight:g} · support {p.support} · fixes {p.fixes} · breaks {p.breaks}"
            + (f" · re-points a known term (was {', '.join(p.replaces)}): check it" if p.replaces else ""),
            f"  - target: {p.target}",
            f"    {p.lang}: {{{_quote(p.term)}: {p.weight:g}}}",
        ]
    return "\n".join(lines) + "\n"


def _quote(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is valid YAML)."""
    import json

    return json.dumps(text, ensure_ascii=False)
