"""YAML -> validated KnowledgeBase and CaseBook; every problem is reported with its file and data path."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from orgroles.errors import DataError, UsageError
from orgroles.matcher import UNRELATED
from orgroles.model import LANGS, CaseBook, Company, Division, Function, KnowledgeBase
from orgroles.paths import MAX_DATA_BYTES, cases_path, knowledge_path
from orgroles.text import did_you_mean, fold_name

M = TypeVar("M", bound=BaseModel)


def format_path(loc: Iterable[int | str]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


MAX_BYTES = MAX_DATA_BYTES
MAX_DEPTH = 40  # the deepest real structure (company > centers > departments > duties > text) is ~8
MAX_NODES = 500_000  # after expanding anchors: refuses "billion laughs" before anything is built


@dataclass(frozen=True)
class YamlDoc:
    """A parsed YAML file: its plain data, and its bytes for the line and column of any data path.

    The node tree that gives places is built again from the bytes the first time a place is asked for
    (a problem to report): held beside the data and the models it would double the memory of a large chart.
    """

    path: Path
    data: Any
    raw: bytes

    @cached_property
    def node(self) -> Any:
        loader = _Loader(self.raw)  # parse_yaml read these bytes: UTF-8, of a checked shape
        try:
            return loader.get_single_node()
        finally:
            loader.dispose()

    def where(self, loc: Iterable[int | str]) -> str:
        """'line L, column C' of the deepest node of `loc` that exists in the file."""
        node = self.node
        mark = node.start_mark
        for part in loc:
            if isinstance(node, yaml.MappingNode):
                pair = next(((k, v) for k, v in node.value if k.value == part), None)
                if pair is None:
                    break
                mark, node = pair[0].start_mark, pair[1]  # a key's own line, not its value's
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
                node = node.value[part]
                mark = node.start_mark
            else:
                break
        return f"line {mark.line + 1}, column {mark.column + 1}"


def read_yaml(path: Path) -> YamlDoc:
    """Read a YAML file safely: plain data only, size, depth and alias expansion bounded, one-line errors."""
    return parse_yaml(path, read_bytes(path))


def read_bytes(path: Path) -> bytes:
    """A data file's bytes, at most MAX_BYTES (a larger file is refused), with one-line errors."""
    try:
        with path.open("rb") as stream:
            raw = stream.read(MAX_BYTES + 1)  # a pipe or a device has no size to ask for first
    except FileNotFoundError:
        raise DataError([f"{path}: no such file"]) from None
    except IsADirectoryError:
        raise DataError([f"{path}: is a directory, not a YAML file"]) from None
    except OSError as exc:
        raise DataError([f"{path}: cannot read: {exc.strerror or exc}"]) from None
    if len(raw) > MAX_BYTES:
        raise DataError([f"{path}: larger than {MAX_BYTES:,} bytes; refused"])
    return raw


def parse_yaml(path: Path, raw: bytes) -> YamlDoc:
    """YAML bytes already read (the cache compiles exactly the bytes it hashed), parsed as read_yaml does."""
    if len(raw) > MAX_BYTES:
        raise DataError([f"{path}: larger than {MAX_BYTES:,} bytes; refused"])
    raw = _as_utf8(path, raw)
    try:
        loader = _Loader(raw)  # (the pure-Python loader checks the characters here: a NUL is refused)
    except yaml.YAMLError as exc:
        raise _not_yaml(path, exc) from None
    try:
        node = loader.get_single_node()
        if node is None:
            raise DataError([f"{path}: the file is empty"])
        _check_shape(node, path)
        data = loader.construct_document(node)
    except yaml.YAMLError as exc:
        raise _not_yaml(path, exc) from None
    finally:
        loader.dispose()
    if data is None:
        raise DataError([f"{path}: the file is empty"])
    return YamlDoc(path, data, raw)


def _not_yaml(path: Path, exc: yaml.YAMLError) -> DataError:
    """The one-line error for a file the parser refused, with its line and column when it tells them."""
    mark = getattr(exc, "problem_mark", None)
    where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark is not None else ""
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    return DataError([f"{path}: {where}not valid YAML: {problem}"])


def _as_utf8(path: Path, raw: bytes) -> bytes:
    """The file's bytes as UTF-8, which the parser reads: as they are when they are UTF-8; re-encoded when
    they are, unmistakably, UTF-16 or UTF-32 with a byte-order mark, Chinese GB18030 or Korean CP949 (a
    chart saved by an editor set to the system's code page), as classify's input is read."""
    try:
        raw.decode("utf-8")  # checked only: as text it would be a second, larger copy of the file
        return raw
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
    from orgroles.charsets import detect

    encoding = detect(raw, at_end=True)
    if encoding is None:
        raise DataError(
            [f"{path}: line {line}: not valid UTF-8, nor clearly Chinese (GB18030) or Korean (CP949): save it as UTF-8"]
        )
    return raw.decode(encoding).encode("utf-8")


_SafeLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_KINDS = {"int": "an integer", "float": "a number", "bool": "true or false", "timestamp": "a date"}


class _Loader(_SafeLoader):  # type: ignore[misc]
    """The safe loader, with a value its tag cannot hold (`!!int abc`, `2020-13-45`, `!!bool maybe`, an
    integer of 5,000 digits) reported as a YAML error at the value's line, like any other, not a crash."""

    def construct_object(self, node: Any, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep)
        except yaml.YAMLError:
            raise
        except (ValueError, TypeError, KeyError, AttributeError, OverflowError) as exc:
            kind = _KINDS.get(str(node.tag).rpartition(":")[2], f"a {node.tag} value")
            value = str(node.value)
            shown = repr(value if len(value) <= 40 else value[:37] + "...")
            hint = "; quote it to keep it as text" if not str(node.tag).startswith("tag:yaml.org,2002:str") else ""
            raise yaml.constructor.ConstructorError(
                None, None, f"{shown} is not {kind}{hint}", node.start_mark
            ) from exc


def _check_shape(root: Any, path: Path) -> None:
    """Refuse nesting deeper than MAX_DEPTH and anchors that expand past MAX_NODES, without expanding them."""
    stack = [(root, 1)]
    seen: set[int] = set()
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            mark = node.start_mark
            raise DataError([f"{path}: line {mark.line + 1}: nested deeper than {MAX_DEPTH} levels"])
        if not isinstance(node, yaml.CollectionNode):
            continue  # no keys, no children: only collections are remembered (a set entry per node adds up)
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            keys: set[str] = set()
            for key, _value in node.value:
                line, column = key.start_mark.line + 1, key.start_mark.column + 1
                if not isinstance(key, yaml.ScalarNode):
                    raise DataError(
                        [f"{path}: line {line}, column {column}: a key must be a word, not a list or mapping"]
                    )
                if key.value in keys:
                    raise DataError([f"{path}: line {line}, column {column}: the key {key.value!r} is given twice"])
                keys.add(key.value)
        stack.extend((child, depth + 1) for child in _children(node))
    _check_expansion(root, path)


def _check_expansion(root: Any, path: Path) -> None:
    """Count the values the document expands to, and how deep it nests, each anchor once, without
    expanding it (depth first, without recursion: a chain of thousands of anchors must not exhaust the
    stack). Depth is checked here too: an alias repeats its anchor's nesting where it stands. Only
    collections are in the tables: a scalar is one value, one level (and 100,000 entries less)."""
    sizes: dict[int, int] = {}
    heights: dict[int, int] = {}
    open_nodes: set[int] = set()  # on the current path: meeting one again means an anchor contains itself

    def size(node: Any) -> int:
        return sizes[id(node)] if isinstance(node, yaml.CollectionNode) else 1

    def height(node: Any) -> int:
        return heights[id(node)] if isinstance(node, yaml.CollectionNode) else 1

    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if children_done:
            open_nodes.discard(key)
            children = _children(node)
            sizes[key] = 1 + sum(map(size, children))
            heights[key] = 1 + max(map(height, children), default=0)
            if sizes[key] > MAX_NODES:
                raise DataError([f"{path}: anchors and aliases expand to more than {MAX_NODES:,} values; refused"])
            if heights[key] > MAX_DEPTH:
                mark = node.start_mark
                raise DataError(
                    [f"{path}: line {mark.line + 1}: anchors and aliases nest deeper than {MAX_DEPTH} levels"]
                )
        elif key in open_nodes:
            mark = node.start_mark
            raise DataError([f"{path}: line {mark.line + 1}: an anchor contains itself and would expand without end"])
        elif key not in sizes:
            open_nodes.add(key)
            stack.append((node, True))
            stack.extend((child, False) for child in _children(node) if isinstance(child, yaml.CollectionNode))


def _children(node: Any) -> list[Any]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def validate(model: type[M], doc: YamlDoc) -> M:
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        problems: dict[str, str] = {}
        for err in exc.errors(include_url=False):
            # pydantic names the branches of a union in the path ('text.Text.ko', 'text.constrained-str'):
            # a user's file has no such keys, so one place gets one message
            loc = _user_loc(err["loc"])
            where = f"{doc.path}: {doc.where(loc)}: {format_path(loc)}"
            message = _plain_message(err, union=len(loc) < len(err["loc"]))
            if err["type"] in _UNKNOWN_KEY and loc:
                message += did_you_mean(str(loc[-1]), _keys_at(model, loc[:-1]))
            problems.setdefault(where, message)
        raise DataError([f"{where}: {message}" for where, message in problems.items()]) from None


def _keys_at(model: type[BaseModel], loc: Iterable[int | str]) -> list[str]:
    """The keys the model allows at a data path (for did-you-mean on an unknown key); [] when unsure."""
    import types
    import typing

    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue  # an item of the list whose type was unwrapped below
        if part not in _fields_of(current):
            return []
        current = _fields_of(current)[part].annotation
        while typing.get_origin(current) in (list, typing.Union, types.UnionType, typing.Annotated):
            args = [a for a in typing.get_args(current) if a is not type(None)]
            if typing.get_origin(current) is typing.Annotated:
                args = args[:1]
            models = [a for a in args if _fields_of(a)]
            current = models[0] if models else args[0] if args else None
    return list(_fields_of(current))


def _fields_of(kind: Any) -> dict[str, Any]:
    """The fields of a model or of a pydantic dataclass (model.Duty); {} for any other type."""
    fields = getattr(kind, "__pydantic_fields__", None) if isinstance(kind, type) else None
    return fields or {}


# pydantic's words for a mapping expected and for an unknown key, from a model and from a dataclass (Duty)
_MAPPING_TYPE = ("model_type", "model_attributes_type", "dataclass_type", "dataclass_args_type")
_UNKNOWN_KEY = ("extra_forbidden", "unexpected_keyword_argument")

_UNION_HINTS = {
    "text": "give a text, or a mapping with en, ko and zh texts",
    "name": "give a name, or a mapping with en, ko and zh names",
    "industry": "give a text, or a mapping with en, ko and zh texts",
    "accountable_for": "give a text, or a mapping with en, ko and zh texts",
}


def _is_branch(part: int | str) -> bool:
    return isinstance(part, str) and (part[:1].isupper() or "-" in part)


def _user_loc(loc: tuple[int | str, ...]) -> tuple[int | str, ...]:
    """The path as the file has it: cut where pydantic names a branch of a union ('name.Text.ko')."""
    for i, part in enumerate(loc):
        if _is_branch(part):
            return loc[:i]
    return loc


def _plain_message(err: Any, union: bool = False) -> str:
    """pydantic's message in the words of a YAML file's author."""
    loc = _user_loc(err["loc"])
    if union and loc and loc[-1] in _UNION_HINTS:
        return _UNION_HINTS[str(loc[-1])]
    kind = err["type"]
    if kind in _MAPPING_TYPE and len(loc) > 1 and loc[-2] == "duties":
        return "give the duty as text, or a mapping with text and function"
    if kind in _UNKNOWN_KEY:
        return "unknown key"
    if kind == "missing":
        return "required key is missing"
    if kind == "too_short" and isinstance(err.get("input"), list | dict | str):
        return "must not be empty"
    if kind == "string_too_short":
        return "must not be empty"
    if kind in (*_MAPPING_TYPE, "dict_type"):
        return "should be a mapping (key: value lines)"
    msg: str = err["msg"]
    return msg.removeprefix("Value error, ")


Loc = tuple[int | str, ...]


class Problems(list[str]):
    """Problems of one file, each 'FILE: line L, column C: data.path: message'."""

    def __init__(self, doc: YamlDoc) -> None:
        super().__init__()
        self.doc = doc

    def add(self, loc: Loc, message: str) -> None:
        self.append(f"{self.doc.path}: {self.doc.where(loc)}: {format_path(loc)}: {message}")

    def ref(self, loc: Loc, value: str, allowed: list[str], what: str) -> None:
        if value not in allowed:
            self.add(loc, f"unknown {what} {value!r}{did_you_mean(value, allowed)}")

    def unique(self, loc: Loc, ids: list[str], what: str) -> None:
        seen: set[str] = set()
        for i, item in enumerate(ids):
            if item in seen:
                self.add((*loc, i, "id"), f"duplicate {what} id {item!r}")
            seen.add(item)


def check_knowledge(kb: KnowledgeBase, doc: YamlDoc) -> list[str]:
    """Cross-references the schema cannot see: ids unique, every reference resolves, aliases unambiguous."""
    problems = Problems(doc)
    division_ids = [d.id for d in kb.divisions]
    function_ids = [f.id for f in kb.functions]
    problems.unique(("divisions",), division_ids, "division")
    problems.unique(("functions",), function_ids, "function")
    problems.unique(("overlaps",), [o.id for o in kb.overlaps], "overlap")
    for i, fn in enumerate(kb.functions):
        if fn.id in division_ids:
            problems.add(("functions", i, "id"), f"{fn.id!r} is already a division id")
        problems.ref(("functions", i, "division"), fn.division, division_ids, "division")
    either = function_ids + division_ids
    for i, ov in enumerate(kb.overlaps):
        for j, f in enumerate(ov.functions):
            problems.ref(("overlaps", i, "functions", j), f, either, "function or division")
        for j, ans in enumerate(ov.answers):
            problems.ref(("overlaps", i, "answers", j, "function"), ans.function, either, "function or division")
    targets = [*either, UNRELATED]
    senses = sorted({g.sense for g in kb.vocabulary.terms if g.sense})
    for i, group in enumerate(kb.vocabulary.terms):
        problems.ref(("vocabulary", "terms", i, "target"), group.target, targets, "target")
        if group.head_only and group.sense is not None:
            # a role noun that counts only as a title's head already has its sense fixed by that place
            problems.add(("vocabulary", "terms", i, "sense"), "a head_only group takes no sense")
    for i, rule in enumerate(kb.vocabulary.contexts):
        problems.ref(("vocabulary", "contexts", i, "sense"), rule.sense, senses, "sense")
        if rule.then is not None:
            problems.ref(("vocabulary", "contexts", i, "then"), rule.then, targets, "target")
    for i, step in enumerate(kb.cycle.steps):
        if step.number != i + 1:
            problems.add(("cycle", "steps", i, "number"), f"expected {i + 1}, found {step.number}")
    owner: dict[str, str] = {}
    entries: list[tuple[str, int, Division | Function]] = [
        *(("divisions", i, d) for i, d in enumerate(kb.divisions)),
        *(("functions", i, f) for i, f in enumerate(kb.functions)),
    ]
    for kind, i, item in entries:
        for name in names_of(item):
            key = fold_name(name)
            if key in owner and owner[key] != item.id:
                problems.add((kind, i), f"name {name!r} also names {owner[key]!r}; names must be unambiguous")
            owner.setdefault(key, item.id)
    return problems


def check_cases(book: CaseBook, kb: KnowledgeBase, doc: YamlDoc) -> list[str]:
    """Cross-references of companies and org charts: unique ids, known functions and divisions."""
    problems = Problems(doc)
    division_ids = [d.id for d in kb.divisions]
    function_ids = [f.id for f in kb.functions]
    problems.unique(("companies",), [c.id for c in book.companies], "company")
    for i, company in enumerate(book.companies):
        if company.id in division_ids or company.id in function_ids:
            problems.add(("companies", i, "id"), f"{company.id!r} is already a division or function id")
        problems.unique(("companies", i, "centers"), [c.id for c in company.centers], "center")
        seen: set[str] = set()
        for j, center in enumerate(company.centers):
            for k, dept in enumerate(center.departments):
                loc: Loc = ("companies", i, "centers", j, "departments", k)
                if dept.id in seen:
                    problems.add((*loc, "id"), f"duplicate department id {dept.id!r}")
                seen.add(dept.id)
                if dept.division is not None:
                    problems.ref((*loc, "division"), dept.division, division_ids, "division")
                for m, duty in enumerate(dept.duties):
                    if duty.function is not None:
                        problems.ref((*loc, "duties", m, "function"), duty.function, function_ids, "function")
                    if duty.division is not None:
                        problems.ref((*loc, "duties", m, "division"), duty.division, division_ids, "division")
    return problems


def names_of(item: Division | Function) -> Iterator[str]:
    yield item.id
    for lang in LANGS:
        yield item.name.get(lang)
        yield from item.aliases.get(lang)


def alt_names_of(item: Division | Function) -> Iterator[str]:
    """Alternative names (企划部 names both brand and the whole market department): looked up last."""
    for alt in item.alt_names:
        for lang in LANGS:
            yield alt.get(lang)


@dataclass(frozen=True)
class Entity:
    kind: str  # "division" | "function" | "company"
    id: str


@dataclass(frozen=True)
class Library:
    """The loaded knowledge base and example companies, with lookups by id and by any name."""

    kb: KnowledgeBase
    cases: CaseBook

    @cached_property
    def divisions(self) -> dict[str, Division]:
        return {d.id: d for d in self.kb.divisions}

    @cached_property
    def functions(self) -> dict[str, Function]:
        return {f.id: f for f in self.kb.functions}

    @cached_property
    def companies(self) -> dict[str, Company]:
        return {c.id: c for c in self.cases.companies}

    @cached_property
    def names(self) -> dict[str, Entity]:
        """Folded name -> entity; ids, names and aliases in every language."""
        index: dict[str, Entity] = {}
        for kind, items in (("division", self.kb.divisions), ("function", self.kb.functions)):
            for item in items:
                for name in names_of(item):
                    index.setdefault(fold_name(name), Entity(kind, item.id))
        for kind, items in (("division", self.kb.divisions), ("function", self.kb.functions)):
            for item in items:
                for name in alt_names_of(item):
                    index.setdefault(fold_name(name), Entity(kind, item.id))
        for company in self.cases.companies:
            ent = Entity("company", company.id)
            index.setdefault(fold_name(company.id), ent)
            names = [company.name] if isinstance(company.name, str) else [company.name.get(lg) for lg in LANGS]
            for name in names:
                index.setdefault(fold_name(name), ent)
        for key, ent in list(index.items()):
            short = strip_unit_word(key)
            if short and short != key:
                index.setdefault(short, ent)
        return index

    def resolve(self, name: str) -> Entity:
        key = fold_name(name)
        found = self.names.get(key) or self.names.get(strip_unit_word(key))
        if found is None:
            import difflib

            close = difflib.get_close_matches(key, sorted(self.names), n=6, cutoff=0.6)
            shown = list(dict.fromkeys(self.names[k].id for k in close))[:3]  # ids, as a user types them
            hint = f" (did you mean {', '.join(repr(i) for i in shown)}?)" if shown else ""
            raise UsageError(f"no division, function or company is called {name!r}{hint}")
        return found

    def division_of(self, key: str) -> str:
        """The division of a function id; a division id is its own."""
        return self.functions[key].division if key in self.functions else key


_UNIT_WORDS = sorted(
    (
        "department",
        "dept",
        "team",
        "division",
        "center",
        "centre",
        "部门",
        "部",
        "中心",
        "팀",
        "부서",
        "부",
        "본부",
    ),
    key=len,
    reverse=True,  # longest first: 본부 before 부
)


def strip_unit_word(key: str) -> str:
    """'branddepartment' -> 'brand', '品牌部' -> '品牌', '브랜드팀' -> '브랜드': how people name a unit."""
    for word in _UNIT_WORDS:
        if key.endswith(word) and len(key) > len(word) + 1:
            return key[: -len(word)]
    return key


def load_knowledge(path: Path, raw: bytes | None = None) -> KnowledgeBase:
    """departments.yaml alone, validated and cross-checked (what the classifier needs); `raw`: its bytes,
    when they were read already."""
    doc = read_yaml(path) if raw is None else parse_yaml(path, raw)
    kb = validate(KnowledgeBase, doc)
    if problems := check_knowledge(kb, doc):
        raise DataError(problems)
    return kb


def load_orgchart(path: Path, kb: KnowledgeBase) -> CaseBook:
    """A user's org chart (the schema of cases.yaml), validated and cross-checked against the knowledge."""
    doc = read_yaml(path)
    try:
        book = validate(CaseBook, doc)
    except DataError as exc:  # the cross-references too, in the same pass (chart_check.py says why)
        from orgroles.chart_check import check_chart_refs, in_file_order

        raise DataError(in_file_order(exc.problems + check_chart_refs(doc, kb))) from None
    if problems := check_cases(book, kb, doc):
        raise DataError(problems)
    return book


def load_library(directory: Path | None = None) -> Library:
    """Load and cross-check both data files; a user's folder may hold either or both of them."""
    kb_path = knowledge_path(directory)
    problems: list[str] = []
    kb = cases = None
    try:
        kb_doc = read_yaml(kb_path)
        kb = validate(KnowledgeBase, kb_doc)
        problems += check_knowledge(kb, kb_doc)
    except DataError as exc:
        problems += exc.problems
    try:
        cases_doc = read_yaml(cases_path(directory))
        cases = validate(CaseBook, cases_doc)
        if kb is not None:
            problems += check_cases(cases, kb, cases_doc)
    except DataError as exc:
        problems += exc.problems
    if problems or kb is None or cases is None:
        raise DataError(problems)
    return Library(kb=kb, cases=cases)
