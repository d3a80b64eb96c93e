"""Pydantic models of the knowledge base and the example companies: frozen, strict about keys, no I/O."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints
from pydantic.dataclasses import dataclass

Lang = Literal["en", "ko", "zh"]
LANGS: tuple[Lang, ...] = ("en", "ko", "zh")

_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def _check_id(value: str) -> str:
    if not _ID.fullmatch(value):  # the whole value: '$' would let "acme\n" through
        raise ValueError(f"{value!r} is not a kebab-case id (lowercase letters, digits and single hyphens)")
    return value


Id = Annotated[str, AfterValidator(_check_id)]
NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Text(Frozen):
    """One phrase in all three languages."""

    en: NonEmpty
    ko: NonEmpty
    zh: NonEmpty

    def get(self, lang: Lang) -> str:
        return getattr(self, lang)  # type: ignore[no-any-return]


class Terms(Frozen):
    """Words a thing is called by, per language (names in job postings, synonyms, abbreviations)."""

    en: list[NonEmpty] = Field(min_length=1)
    ko: list[NonEmpty] = Field(min_length=1)
    zh: list[NonEmpty] = Field(min_length=1)

    def get(self, lang: Lang) -> list[str]:
        return getattr(self, lang)  # type: ignore[no-any-return]


class Kpi(Frozen):
    name: Text
    product_data: bool = Field(description="true when the figure is read from the product's own data")


class Division(Frozen):
    """market, operations or sales: what a kind of department creates and how it is judged."""

    id: Id
    name: Text
    aliases: Terms
    alt_names: list[Text] = []
    in_reference_model: bool = Field(description="false for sales: the article names it only to exclude it")
    creates: Text
    judged_on: Text
    horizon: Text
    essence: Text
    goal: Text
    reason: Text = Field(description="why a duty belongs here, as the classifier says it: one clause")
    kpis: list[Kpi] = []
    example_duties: list[Text] = []
    source: NonEmpty


class Function(Frozen):
    """One of the eleven functions the article describes inside market or operations."""

    id: Id
    division: Id
    name: Text
    aliases: Terms
    alt_names: list[Text] = []
    mission: Text
    duties: list[Text] = Field(min_length=1)
    deliverables: list[Text] = []
    kpis: list[Kpi] = []
    reporting: Text | None = None
    source: NonEmpty


class OverlapAnswer(Frozen):
    when: Text
    function: Id


class Overlap(Frozen):
    """A duty the article lets sit in either division, and the question that decides it."""

    id: Id
    topic: Text
    functions: list[Id] = Field(min_length=2, description="function or division ids on either side")
    terms: Terms
    question: Text
    answers: list[OverlapAnswer] = Field(min_length=2)
    source: NonEmpty


class AdvertorialExample(Frozen):
    views: int = Field(gt=0)
    conversions: int = Field(ge=0)
    lesson: Text


class Principle(Frozen):
    summary: Text
    shared_ground: Text
    value_logic: Text
    question: Text = Field(description="the deciding question when a duty leans both ways and no overlap names it")
    outside: Text = Field(description="why a duty that builds neither awareness nor a product-user tie is neither's")
    example: AdvertorialExample
    source: NonEmpty


class CycleStep(Frozen):
    number: int = Field(ge=1, le=9)
    name: Text
    content: Text
    purpose: Text


class Cycle(Frozen):
    name: Text
    author: Text
    book: Text
    steps: list[CycleStep] = Field(min_length=9, max_length=9)
    plus_one: Text = Field(description="what the article says of the '+1': nothing; recorded, not invented")
    source: NonEmpty


class Source(Frozen):
    id: Id
    kind: Literal["article", "book"]
    title: Text
    original_title: NonEmpty
    author: NonEmpty
    note: Text | None = None


def _check_weight(value: float) -> float:
    if round(value, 3) != value:
        raise ValueError(f"{value} has more than three decimals; give a weight like 1, 1.5 or 2.25")
    return value


# Three decimals at most: the matcher shows weights as given, and adds them without rounding.
Weight = Annotated[float, Field(gt=0, le=10), AfterValidator(_check_weight)]


class TermGroup(Frozen):
    """Words that point a duty at one target: a function id, a division id, or `unrelated`."""

    target: Id
    sense: Id | None = Field(None, description="names an ambiguous sense that context rules may re-point")
    head_only: bool = Field(
        False,
        description="role nouns that count only as the head of a job title (its last word, or a bare title):"
        " 'Reporter: ...' names the job, 'pitch stories to reporters' does not",
    )
    en: dict[NonEmpty, Weight] = {}
    ko: dict[NonEmpty, Weight] = {}
    zh: dict[NonEmpty, Weight] = {}

    def get(self, lang: Lang) -> dict[str, float]:
        return getattr(self, lang)  # type: ignore[no-any-return]


class ContextRule(Frozen):
    """When any `when` word stands in the same duty, terms of `sense` point at `then` (null: at nothing)."""

    id: Id
    sense: Id
    when: Terms
    then: Id | None
    why: Text


class Vocabulary(Frozen):
    terms: list[TermGroup] = []
    contexts: list[ContextRule] = []


class KnowledgeBase(Frozen):
    schema_version: Literal[1]
    sources: list[Source] = Field(min_length=1)
    principle: Principle
    divisions: list[Division] = Field(min_length=1)
    functions: list[Function] = Field(min_length=1)
    overlaps: list[Overlap] = []
    cycle: Cycle
    vocabulary: Vocabulary = Vocabulary()


# -- example companies and user org charts ------------------------------------------------------------


# A chart holds up to 100,000 duties: a slotted dataclass, validated as strictly as the models (frozen, no
# unknown key), takes a fifth of a BaseModel's memory (no __dict__, no set of the fields given).
@dataclass(frozen=True, slots=True, config=ConfigDict(extra="forbid"))
class Duty:
    """A duty as a company words it; `function`/`division` say where the article puts it, when known."""

    text: Text | NonEmpty
    function: Id | None = None
    division: Id | None = None

    def in_lang(self, lang: Lang) -> str:
        return self.text if isinstance(self.text, str) else self.text.get(lang)


def _duty_from_text(value: object) -> object:
    return {"text": value} if isinstance(value, str) else value


# In a chart a duty may be written as plain text: "- Brand positioning"
DutyItem = Annotated[Duty, BeforeValidator(_duty_from_text, json_schema_input_type=Duty | NonEmpty)]

Scope = Literal["online", "offline", "both"]


class Department(Frozen):
    id: Id
    name: Text | NonEmpty
    division: Id | None = Field(None, description="the division the department is nominally part of")
    scope: Scope | None = None
    accountable_for: Text | NonEmpty | None = None
    duties: list[DutyItem] = Field(min_length=1)
    note: Text | None = None


class Center(Frozen):
    id: Id
    name: Text | NonEmpty
    departments: list[Department] = Field(min_length=1)


class Company(Frozen):
    id: Id
    name: Text | NonEmpty
    industry: Text | NonEmpty | None = None
    centers: list[Center] = Field(min_length=1)
    notes: list[Text] = []
    source: NonEmpty | None = None
    lang: Lang | None = Field(None, description="the language to report in (default: most of the chart's texts)")


class CaseBook(Frozen):
    schema_version: Literal[1]
    companies: list[Company] = Field(min_length=1)


# -- the user's terms.yaml: terms and context rules on top of the knowledge, and exact corrections ------


class Correction(Frozen):
    """One duty pinned to an answer: matched on its folded text (case, width, spaces), answered with confidence 1."""

    text: NonEmpty
    department: Id = Field(description="market, operations, sales or unclassified")
    function: Id | None = Field(None, description="a function of that department, or none")


class TermsOverlay(Frozen):
    """terms.yaml in a --data folder: extends the knowledge in use instead of replacing it.

    `terms` and `contexts` have the shape of departments.yaml's `vocabulary:`; a term the knowledge
    already has takes the overlay's target and weight, a context rule with a known id replaces it.
    """

    terms: list[TermGroup] = []
    contexts: list[ContextRule] = []
    corrections: list[Correction] = []
