"""The user's terms.yaml: checked against the knowledge in use, then applied to its compiled form.

A terms.yaml in a --data folder extends the knowledge (the shipped one, or the folder's own
departments.yaml) instead of replacing it: its terms and context rules are added, a term the knowledge
already has takes the overlay's target and weight, and its corrections pin exact duties. Data flows one
way: `read_overlay` (YAML and pydantic, only when the cache is rebuilt) gives plain data; `apply_overlay`
(pure) puts it into the compiled knowledge, which keeps the line of every overlay term and correction, so
that each answer can say where its evidence came from (`source` and `line` of the evidence).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from orgroles.matcher import CONTEXT, OVERLAP, TERM, UNCLASSIFIED, UNRELATED, known_words
from orgroles.text import HANGUL, LATIN, canonical, fold, tokens_of

if TYPE_CHECKING:
    from orgroles.knowledge import YamlDoc
    from orgroles.model import ContextRule, Correction, KnowledgeBase, TermGroup, TermsOverlay

_LATIN_WORD = re.compile(r"[a-z0-9]+")


def correction_key(text: str) -> str:
    """The form a correction is matched on: folded (case, full/half width), spaces trimmed and single."""
    return " ".join(fold(text).split())


def term_key(term: str) -> str:
    """The canonical key a term is matched by (what makes two spellings the same term)."""
    return canonical(fold(term))[0]


# -- reading and checking -----------------------------------------------------------------------------------


def read_overlay(path: Path, raw: bytes, kb: KnowledgeBase) -> dict[str, Any]:
    """terms.yaml (its bytes already read), validated and cross-checked against `kb`, as plain data."""
    from orgroles.knowledge import parse_yaml

    doc = parse_yaml(path, raw)
    return plain_overlay(checked_overlay(doc, kb), doc)


def load_overlay(path: Path, kb: KnowledgeBase) -> TermsOverlay:
    """terms.yaml from its file, validated and cross-checked (for `orgroles validate`)."""
    from orgroles.knowledge import read_yaml

    return checked_overlay(read_yaml(path), kb)


def checked_overlay(doc: YamlDoc, kb: KnowledgeBase) -> TermsOverlay:
    """The overlay, or a DataError listing every problem at once, in file order: the items that are valid
    on their own are cross-checked even when others break the schema."""
    from pydantic import ValidationError

    from orgroles.errors import DataError
    from orgroles.knowledge import validate
    from orgroles.model import ContextRule, Correction, TermGroup, TermsOverlay

    try:
        overlay = validate(TermsOverlay, doc)
    except DataError as exc:
        problems = list(exc.problems)
        data = doc.data if isinstance(doc.data, dict) else {}
        parts: dict[str, list[tuple[int, Any]]] = {}
        for key, model in (("terms", TermGroup), ("contexts", ContextRule), ("corrections", Correction)):
            parts[key] = []
            items = data.get(key)
            for i, item in enumerate(items if isinstance(items, list) else []):
                try:
                    parts[key].append((i, model.model_validate(item)))
                except ValidationError:
                    if key == "terms" and (salvaged := _salvage_group(item)) is not None:
                        parts[key].append((i, salvaged))  # its target and good terms are still checked
        problems += check_overlay_parts(parts["terms"], parts["contexts"], parts["corrections"], kb, doc)
        raise DataError(sorted(problems, key=_line_in)) from None
    if problems := check_overlay(overlay, kb, doc):
        raise DataError(problems)
    return overlay


def _salvage_group(item: Any) -> TermGroup | None:
    """What can be checked of a term group the schema refused: its target, sense and well-formed terms."""
    from orgroles.model import LANGS, TermGroup

    if not isinstance(item, dict) or not isinstance(item.get("target"), str):
        return None
    sense = item.get("sense") if isinstance(item.get("sense"), str) else None
    terms = {
        lang: {k: v for k, v in item[lang].items() if isinstance(k, str) and k.strip() and isinstance(v, int | float)}
        for lang in LANGS
        if isinstance(item.get(lang), dict)
    }
    return TermGroup.model_construct(target=item["target"], sense=sense, **terms)  # type: ignore[arg-type]


def _line_in(problem: str) -> int:
    """The line a problem names ('FILE: line 12, column 3: …'), for listing problems in file order."""
    _, _, rest = problem.partition(": line ")
    number = rest.split(",")[0].split(":")[0]
    return int(number) if number.isdigit() else 0


def looks_like_overlay(data: Any) -> bool:
    """A parsed YAML document with only the keys of terms.yaml."""
    return isinstance(data, dict) and bool(data) and set(data) <= {"terms", "contexts", "corrections"}


def line_of(doc: YamlDoc, loc: tuple[int | str, ...]) -> int:
    """The line (from 1) where a data path stands in the file."""
    return int(doc.where(loc).split()[1].rstrip(","))


def check_overlay(overlay: TermsOverlay, kb: KnowledgeBase, doc: YamlDoc) -> list[str]:
    """What the schema cannot see: targets, senses and departments known, no term or duty given twice."""
    return check_overlay_parts(
        list(enumerate(overlay.terms)), list(enumerate(overlay.contexts)), list(enumerate(overlay.corrections)), kb, doc
    )


def check_overlay_parts(
    term_groups: list[tuple[int, TermGroup]],
    context_rules: list[tuple[int, ContextRule]],
    corrections: list[tuple[int, Correction]],
    kb: KnowledgeBase,
    doc: YamlDoc,
) -> list[str]:
    """check_overlay on the items of each list with their index in the file (those that are valid)."""
    from orgroles.knowledge import Problems
    from orgroles.model import LANGS

    problems = Problems(doc)
    division_ids = [d.id for d in kb.divisions]
    function_ids = [f.id for f in kb.functions]
    targets = [*function_ids, *division_ids, UNRELATED]
    known_senses = {g.sense for g in kb.vocabulary.terms if g.sense} | {r.sense for r in kb.vocabulary.contexts}
    group_senses = sorted(known_senses | {g.sense for _, g in term_groups if g.sense})
    rule_senses = sorted(known_senses | {r.sense for _, r in context_rules})
    seen: dict[str, int] = {}  # term key -> the line it was first given on
    for i, group in term_groups:
        problems.ref(("terms", i, "target"), group.target, targets, "target")
        if group.sense is not None:
            problems.ref(("terms", i, "sense"), group.sense, rule_senses, "sense")
        if not any(group.get(lang) for lang in LANGS):
            problems.add(("terms", i), "give at least one term under en, ko or zh")
        for lang in LANGS:
            for term in group.get(lang):
                loc: tuple[int | str, ...] = ("terms", i, lang, term)
                key = term_key(term)
                if len(key.strip()) < 2:
                    problems.add(loc, f"the term {term!r} is too short to match (two letters at least)")
                elif key in seen:
                    problems.add(loc, f"duplicate term {term!r} (already given on line {seen[key]})")
                else:
                    seen[key] = line_of(doc, loc)
    rule_lines: dict[str, int] = {}
    for i, rule in context_rules:
        if rule.id in rule_lines:
            problems.add(("contexts", i, "id"), f"duplicate context rule id {rule.id!r} (line {rule_lines[rule.id]})")
        rule_lines.setdefault(rule.id, line_of(doc, ("contexts", i)))
        problems.ref(("contexts", i, "sense"), rule.sense, group_senses, "sense")
        if rule.then is not None:
            problems.ref(("contexts", i, "then"), rule.then, targets, "target")
    departments = [*division_ids, UNCLASSIFIED]
    pinned: dict[str, int] = {}
    for i, fix in corrections:
        problems.ref(("corrections", i, "department"), fix.department, departments, "department")
        if fix.function is not None:
            if fix.department == UNCLASSIFIED:
                problems.add(("corrections", i, "function"), "an unclassified duty has no function; leave it out")
            elif fix.function not in function_ids:
                problems.ref(("corrections", i, "function"), fix.function, function_ids, "function")
            elif fix.department in division_ids and kb_division(kb, fix.function) != fix.department:
                problems.add(
                    ("corrections", i, "function"),
                    f"{fix.function!r} is a function of {kb_division(kb, fix.function)!r}, not of {fix.department!r}",
                )
        key = correction_key(fix.text)
        if key in pinned:
            problems.add(("corrections", i, "text"), f"this duty is already corrected on line {pinned[key]}")
        else:
            pinned[key] = line_of(doc, ("corrections", i))
    return problems


def kb_division(kb: KnowledgeBase, function: str) -> str:
    return next(f.division for f in kb.functions if f.id == function)


def plain_overlay(overlay: TermsOverlay, doc: YamlDoc) -> dict[str, Any]:
    """The overlay as JSON-safe lists, each item with its line in terms.yaml."""
    from orgroles.model import LANGS

    terms = [
        # a head-only group's terms carry a sixth item, True, as their compiled hits do
        [term, group.target, weight, group.sense, line_of(doc, ("terms", i, lang, term)), *([True] * group.head_only)]
        for i, group in enumerate(overlay.terms)
        for lang in LANGS
        for term, weight in group.get(lang).items()
    ]
    contexts = [
        [rule.id, rule.sense, rule.then, [cue for lang in LANGS for cue in rule.when.get(lang)]]
        for rule in overlay.contexts
    ]
    corrections = [
        [fix.text, fix.department, fix.function, line_of(doc, ("corrections", i))]
        for i, fix in enumerate(overlay.corrections)
    ]
    return {"terms": terms, "contexts": contexts, "corrections": corrections}


# -- applying -------------------------------------------------------------------------------------------------


def apply_overlay(compiled: dict[str, Any], overlay: dict[str, Any], words: bool = True) -> dict[str, Any]:
    """The compiled knowledge with the overlay's terms, context rules and corrections (a new dict; the
    given one is not changed). `words=False` leaves the typo-correction vocabulary as it is (cheaper, for
    trying many terms one after another)."""
    from orgroles.compiled import propagate_overlap_cues

    out = dict(compiled)
    table: dict[str, list[Any]] = dict(compiled["table"])
    prefixes: dict[str, list[int]] = dict(compiled["prefixes"])
    breaks: dict[str, list[int]] = dict(compiled["breaks"])
    lines: dict[str, int] = dict(compiled.get("overlay_terms", {}))
    new_words: set[str] = set()
    changed: list[str] = []
    for term, target, weight, sense, line, *head_only in overlay.get("terms", []):
        key, _toks, gaps = canonical(fold(term))
        if len(key.strip()) < 2:
            continue  # refused when the file is checked; the cheap path of `learn` never proposes one
        # the overlay's meaning replaces whatever terms (and names) the knowledge gave this key
        table[key] = [hit for hit in table.get(key, []) if hit[0] != TERM] + [
            [TERM, target, weight, sense, term, *head_only]
        ]
        changed.append(key)
        latin = _LATIN_WORD.match(key)
        prefix = latin.group() if latin else key[:2]
        prefixes[prefix] = sorted({*prefixes.get(prefix, []), len(key)}, reverse=True)
        if gaps:
            breaks[key] = sorted({*breaks.get(key, []), *gaps})
        lines[term] = line
        if words:
            new_words.update(word for kind, word, _s, _e in tokens_of(fold(term)) if kind in (LATIN, HANGUL))
    rules: list[list[Any]] = [list(rule) for rule in compiled["rules"]]
    for rule_id, sense, then, cues in overlay.get("contexts", []):
        known = [r for r in rules if r[0] == rule_id]
        if known:  # a rule the knowledge has: the overlay's version replaces it, cues and all
            known[0][1:] = [sense, then]
            for key, hits in list(table.items()):
                if any(h[0] == CONTEXT and h[1] == rule_id for h in hits):
                    table[key] = [h for h in hits if not (h[0] == CONTEXT and h[1] == rule_id)]
        else:
            rules.insert(0, [rule_id, sense, then])  # the user's own rule is tried first
        for cue in cues:
            key = canonical(fold(cue))[0]
            if len(key.strip()) >= 2:
                table[key] = [*table.get(key, []), [CONTEXT, rule_id, 0.0, None, cue]]
                changed.append(key)
                latin = _LATIN_WORD.match(key)
                prefix = latin.group() if latin else key[:2]
                prefixes[prefix] = sorted({*prefixes.get(prefix, []), len(key)}, reverse=True)
    if changed:
        # an overlay term that contains an overlap's cue signals that overlap too, as shipped terms do
        cue_keys = {k: v for k, v in table.items() if any(h[0] == OVERLAP for h in v)}
        sub = {**{k: [list(h) for h in v] for k, v in cue_keys.items()}, **{k: list(table[k]) for k in changed}}
        propagate_overlap_cues(sub)
        for key in changed:
            table[key] = sub[key]
    out["table"], out["prefixes"], out["breaks"], out["rules"] = table, prefixes, breaks, rules
    if new_words - set(compiled["words"]):
        out["words"], out["stems"] = known_words({*compiled["words"], *new_words})
    out["overlay_terms"] = lines
    corrections = dict(compiled.get("corrections", {}))
    for text, department, function, line in overlay.get("corrections", []):
        corrections[correction_key(text)] = [department, function, line, text]
    out["corrections"] = corrections
    return out
