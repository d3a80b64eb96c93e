"""Side-by-side views over the knowledge base: two companies, two functions, two divisions."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from orgroles.errors import UsageError

if TYPE_CHECKING:  # kept light: render imports duty_key on the classify path
    from orgroles.knowledge import Entity, Library
    from orgroles.model import Company, Department, Duty, Text


@dataclass(frozen=True)
class Placement:
    """Where one company keeps a function: the department, its center, and the department's scope."""

    department: str
    department_name: Text | str
    center: str
    center_name: Text | str
    department_division: str | None
    scope: str | None


@dataclass(frozen=True)
class FunctionRow:
    key: str  # a function id, or a division id (sales) for duties that are no function of the model
    division: str
    a: list[Placement]
    b: list[Placement]
    differences: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class CompanyComparison:
    a: Company
    b: Company
    rows: list[FunctionRow]


# difference codes, stable for JSON; the renderer words them per language
ONLY_A, ONLY_B, CENTER, SCOPE, SPLIT, DIVISION = "only-a", "only-b", "center", "scope", "split", "division"


def placements(company: Company, key_of: Callable[[Duty], str | None] | None = None) -> dict[str, list[Placement]]:
    """Function (or division) id -> the departments of `company` that do it, in chart order.

    `key_of` says where a duty belongs (default: its tag); a user's chart passes the classifier's verdicts.
    """
    key_of = key_of or duty_key
    out: dict[str, list[Placement]] = {}
    for center in company.centers:
        for dept in center.departments:
            for key in sorted({k for duty in dept.duties if (k := key_of(duty))}):
                out.setdefault(key, []).append(_placement(center.id, center.name, dept))
    return out


def duty_key(duty: Duty) -> str | None:
    """The function a duty is tagged with, else its division (sales duties are no function of the model)."""
    return duty.function or duty.division


def _placement(center_id: str, center_name: Text | str, dept: Department) -> Placement:
    return Placement(dept.id, dept.name, center_id, center_name, dept.division, dept.scope)


def compare_companies(lib: Library, a: str, b: str) -> CompanyComparison:
    """Two example companies by id."""
    return compare_charts(lib, lib.companies[a], lib.companies[b])


def compare_charts(
    lib: Library, ca: Company, cb: Company, key_of: Callable[[Duty], str | None] | None = None
) -> CompanyComparison:
    """Two companies, example or a user's chart: one row per function either of them does."""
    pa, pb = placements(ca, key_of), placements(cb, key_of)
    order = [f.id for f in lib.kb.functions] + [d.id for d in lib.kb.divisions]
    rows = []
    for key in order:
        left, right = pa.get(key, []), pb.get(key, [])
        if not left and not right:
            continue
        rows.append(FunctionRow(key, lib.division_of(key), left, right, _differences(left, right)))
    return CompanyComparison(ca, cb, rows)


def _differences(left: list[Placement], right: list[Placement]) -> list[str]:
    if not left:
        return [ONLY_B]
    if not right:
        return [ONLY_A]
    diffs = []
    if len(left) > 1 or len(right) > 1:
        diffs.append(SPLIT)
    if {p.department_division for p in left} != {p.department_division for p in right}:
        diffs.append(DIVISION)
    if {p.scope for p in left} != {p.scope for p in right}:
        diffs.append(SCOPE)
    # centers are company-specific names, so compare what kind of center holds the function
    if len({p.center for p in left}) != len({p.center for p in right}):
        diffs.append(CENTER)
    return diffs


def misplaced(placement: Placement, division: str) -> bool:
    """A department of one division doing another division's work (company B's market dept selling)."""
    return placement.department_division is not None and placement.department_division != division


def check_same_kind(lib: Library, a: str, b: str) -> tuple[Entity, Entity]:
    ea, eb = lib.resolve(a), lib.resolve(b)
    if ea.kind != eb.kind:
        raise UsageError(
            f"cannot compare a {ea.kind} ({ea.id}) with a {eb.kind} ({eb.id}): "
            "name two companies, two functions or two divisions"
        )
    if ea.id == eb.id:
        raise UsageError(f"{a!r} and {b!r} both name {ea.id!r}: name two different things")
    return ea, eb
