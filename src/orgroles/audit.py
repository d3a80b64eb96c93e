"""audit: hold a company's org chart against the article's principle, duty by duty. Pure: no I/O, no printing."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from functools import cached_property
from typing import TYPE_CHECKING, Any

from orgroles.text import in_lang, text_of
from orgroles.words import word

if TYPE_CHECKING:
    from orgroles.engine import Explainer
    from orgroles.model import Company, Department, Duty, Lang

WARNING, INFO = "warning", "info"
SEVERITY_ORDER = {WARNING: 0, INFO: 1}
IN_MODEL = ("market", "operations")
DIVISIONS = (*IN_MODEL, "sales")

# Finding kinds: stable codes for JSON and --strict; the renderer words them.
MISPLACED = "misplaced"  # a duty of the other division than its department's
SALES_IN_MARKET = "sales-in-market"  # deal-closing sales inside a market department
SPLIT = "split"  # one function in several departments
MISSING = "missing"  # a function of the reference model nobody does
AMBIGUOUS = "ambiguous"  # a duty on an overlap: the deciding question
UNRECOGNISED = "unrecognised"  # a duty nothing recognises

# The audit's own sentences (interface words; the knowledge itself comes from departments.yaml).
SAY: dict[str, tuple[str, str, str]] = {
    "split": (
        "'{function}' is split across departments ({departments}): say who owns it, or why it is shared.",
        "'{function}' 기능이 여러 부서({departments})에 나뉘어 있다. 누가 책임지는지, 왜 나누는지 정하라.",
        "「{function}」分散在多个部门（{departments}）：明确由谁负责，或说明为何共担。",
    ),
    "missing": (
        "No department covers '{function}': fine if the company does not need it, a gap if it does.",
        "'{function}' 기능을 맡은 부서가 없다. 필요 없다면 괜찮지만, 필요하다면 빈틈이다.",
        "没有部门承担「{function}」：不需要则无妨，需要则是空缺。",
    ),
    "unrecognised": (
        "Nothing in this duty builds awareness or a product-user connection: it belongs to neither "
        "department, or it needs clearer wording.",
        "이 업무에는 인지도를 만들거나 제품과 사용자를 잇는 내용이 없다. "
        "어느 부서의 일도 아니거나, 더 분명히 적어야 한다.",
        "这项职责既不建立认知，也不连接产品与用户：要么不属于两个部门，要么需要写得更清楚。",
    ),
}


def say(key: str, lang: str, **fmt: str) -> str:
    return in_lang(SAY[key], lang, **fmt)


SEVERITY = {MISPLACED: WARNING, SALES_IN_MARKET: WARNING, SPLIT: INFO, MISSING: INFO, AMBIGUOUS: INFO,
            UNRECOGNISED: WARNING}  # fmt: skip


# Verdicts and findings are slotted: a chart of 100,000 duties holds one or two of each per duty, and a
# __dict__ apiece would be a third of the audit's memory.
@dataclass(frozen=True, slots=True)
class DutyVerdict:
    """Where one duty belongs: from its tag in the chart when it has one, else from the classifier."""

    department: str  # department id in the chart
    text: str
    division: str  # market | operations | sales | unclassified
    function: str | None
    tagged: bool
    ambiguous: bool
    question: str | None
    evidence: list[str]
    reason: str
    confidence: float | None = None  # the classifier's, for an untagged duty (a tag is the chart's word)


@dataclass(frozen=True, slots=True)
class Finding:
    kind: str
    severity: str
    department: str | None
    duty: str | None
    function: str | None
    evidence: list[str]
    why: str


@dataclass
class DepartmentFit:
    department: str
    name: str
    division: str | None  # what the department is: its `division`, else what its name says
    duties: int = 0
    fitting: int = 0

    @property
    def share(self) -> float | None:
        return round(self.fitting / self.duties, 3) if self.duties and self.division else None


@dataclass
class AuditReport:
    company: str
    name: str
    lang: str
    findings: list[Finding] = field(default_factory=list)
    departments: list[DepartmentFit] = field(default_factory=list)
    verdicts: list[DutyVerdict] = field(default_factory=list)
    function_names: dict[str, str] = field(default_factory=dict)  # id -> name in `lang`, for the reports

    @cached_property
    def _department_names(self) -> dict[str, str]:
        """Department id -> name, looked up once per finding (asked for once the report is complete)."""
        names: dict[str, str] = {}
        for d in self.departments:
            names.setdefault(d.department, d.name)
        return names

    def department_name(self, dept_id: str | None) -> str:
        return self._department_names.get(dept_id or "", dept_id or "")

    def worst(self) -> str | None:
        return min((f.severity for f in self.findings), key=SEVERITY_ORDER.__getitem__, default=None)

    def as_dict(self) -> dict[str, Any]:
        """The JSON report (its keys are public interface)."""
        return {key: list(value) if isinstance(value, Iterator) else value for key, value in self.as_parts().items()}

    def as_parts(self) -> dict[str, Any]:
        """as_dict with the findings and duties as iterators of their objects, made as they are written
        (json_stream.py): the JSON of a large chart is never all in memory at once."""
        return {
            "company": self.company,
            "name": self.name,
            "lang": self.lang,
            "findings": map(_plain, self.findings),
            "summary": [
                {
                    "department": d.department,
                    "name": d.name,
                    "division": d.division,
                    "duties": d.duties,
                    "fitting": d.fitting,
                    "share": d.share,
                }
                for d in self.departments
            ],
            "duties": map(_plain, self.verdicts),
        }


def _plain(record: Finding | DutyVerdict) -> dict[str, Any]:
    """A finding or verdict as a JSON object, its keys in the order of its fields."""
    return {f.name: getattr(record, f.name) for f in fields(record)}


def department_division(dept: Department, ex: Explainer, lang: Lang) -> str | None:
    """What a department is: its declared division, else the division its name points at ('品牌部' -> market)."""
    if dept.division:
        return dept.division
    result = ex.run(text_of(dept.name, lang))
    return result.department if result.department in DIVISIONS else None


def judge_duty(dept_id: str, duty: Duty, ex: Explainer, lang: Lang) -> DutyVerdict:
    text = duty.in_lang(lang)
    answer = ex.as_dict(ex.run(text), lang=lang)
    if duty.function or duty.division:
        function = duty.function
        division = ex.division_of(function) if function else str(duty.division)
        tagged = True
    else:
        function, division, tagged = answer["function"], answer["department"], False
    return DutyVerdict(
        department=dept_id,
        text=text,
        division=division,
        function=function,
        tagged=tagged,
        ambiguous=bool(answer["ambiguous"]) and not tagged,
        question=answer["question"] if not tagged else None,
        evidence=[e["text"] for e in answer["evidence"]],
        reason=answer["reason"] if not tagged else ex.reason(division, function, lang),
        confidence=None if tagged else answer["confidence"],
    )


def audit_company(company: Company, ex: Explainer, lang: Lang, duties: bool = True) -> AuditReport:
    """The findings and fit of a chart; `duties`: keep each duty's verdict too (the JSON report and the
    page list them; the table and Markdown show only findings, and need not hold 100,000 of them)."""
    report = AuditReport(company.id, text_of(company.name, lang), lang)
    report.function_names = {f: ex.names[f][lang] for f in ex.function_order}
    holders: dict[str, list[str]] = {}
    names = {d.id: text_of(d.name, lang) for c in company.centers for d in c.departments}
    for center in company.centers:
        for dept in center.departments:
            kind = department_division(dept, ex, lang)
            fit = DepartmentFit(dept.id, text_of(dept.name, lang), kind)
            for duty in dept.duties:
                v = judge_duty(dept.id, duty, ex, lang)
                if duties:
                    report.verdicts.append(v)
                fit.duties += 1
                fit.fitting += v.division == kind
                if v.function and dept.id not in holders.setdefault(v.function, []):
                    holders[v.function].append(dept.id)
                report.findings += _duty_findings(v, kind, ex, lang)
            report.departments.append(fit)
    for function in ex.function_order:
        depts = holders.get(function, [])
        if len(depts) > 1:
            why = say("split", lang, function=ex.names[function][lang], departments=", ".join(names[d] for d in depts))
            report.findings.append(Finding(SPLIT, SEVERITY[SPLIT], None, None, function, depts, why))
        elif not depts:
            why = say("missing", lang, function=ex.names[function][lang])
            report.findings.append(Finding(MISSING, SEVERITY[MISSING], None, None, function, [], why))
    report.findings.sort(key=lambda f: (SEVERITY_ORDER[f.severity], f.kind, f.department or "", f.duty or ""))
    return report


def _duty_findings(v: DutyVerdict, kind: str | None, ex: Explainer, lang: Lang) -> list[Finding]:
    out = []
    if v.division == "unclassified":
        why = say("unrecognised", lang)
        out.append(Finding(UNRECOGNISED, SEVERITY[UNRECOGNISED], v.department, v.text, None, v.evidence, why))
        return out
    if v.division == "sales" and kind == "market":
        why = ex.reason("sales", None, lang)
        out.append(Finding(SALES_IN_MARKET, SEVERITY[SALES_IN_MARKET], v.department, v.text, None, v.evidence, why))
    elif kind in DIVISIONS and v.division in DIVISIONS and v.division != kind:
        why = ex.reason(v.division, v.function, lang)
        out.append(Finding(MISPLACED, SEVERITY[MISPLACED], v.department, v.text, v.function, v.evidence, why))
    if v.ambiguous and v.question:
        out.append(Finding(AMBIGUOUS, SEVERITY[AMBIGUOUS], v.department, v.text, v.function, v.evidence, v.question))
    return out


def judge_chart(company: Company, ex: Explainer, lang: Lang) -> dict[int, DutyVerdict]:
    """id(duty) -> its verdict, for every duty of a company."""
    return {
        id(duty): judge_duty(dept.id, duty, ex, lang)
        for center in company.centers
        for dept in center.departments
        for duty in dept.duties
    }


def department_colours(company: Company, verdicts: dict[int, DutyVerdict]) -> dict[str, str | None]:
    """Department id -> the division most of its duties belong to (tags first, else the classifier)."""
    out: dict[str, str | None] = {}
    for center in company.centers:
        for dept in center.departments:
            counts = Counter(verdicts[id(d)].division for d in dept.duties)
            counts.pop("unclassified", None)
            # on a tie the division that differs from the declared one wins: a misplaced department stands out
            out[dept.id] = min(counts, key=lambda d: (-counts[d], d == dept.division, d)) if counts else dept.division
    return out


def severity_name(severity: str, lang: str) -> str:
    return word(f"severity-{severity}", lang)


def kind_name(kind: str, lang: str) -> str:
    return word(f"kind-{kind}", lang)


def to_markdown(report: AuditReport) -> str:
    """The report as Markdown, for a wiki page or a pull request."""
    return "".join(f"{line}\n" for line in markdown_lines(report))


def markdown_lines(report: AuditReport) -> Iterator[str]:
    """The lines of to_markdown one by one (without their line break), to be written as they come."""
    lg = report.lang

    def cell(text: str | None) -> str:
        return (text or "").replace("|", "\\|").replace("\n", " ")

    yield from [f"# {word('audit_heading', lg, name=report.name)}", "", f"## {word('findings', lg)}", ""]
    if report.findings:
        yield from [
            f"| {word('severity', lg)} | {word('kind', lg)} | {word('department', lg)} | "
            f"{word('duty', lg)} | {word('why', lg)} |",
            "|---|---|---|---|---|",
        ]
        for f in report.findings:
            what = f.duty or (f.function and report.function_names.get(f.function)) or ""
            department = cell(report.department_name(f.department))
            yield (
                f"| {severity_name(f.severity, lg)} | {kind_name(f.kind, lg)} | {department} | "
                f"{cell(what)} | {cell(f.why)} |"
            )
    else:
        yield word("no_findings", lg)
    yield from ["", f"## {word('fit_per_department', lg)}", ""]
    yield f"| {word('department', lg)} | {word('division', lg)} | {word('duties_that_fit', lg)} |"
    yield "|---|---|---|"
    for d in report.departments:
        share = "—" if d.share is None else f"{d.fitting}/{d.duties} ({d.share:.0%})"
        yield f"| {cell(d.name)} | {d.division or '—'} | {share} |"
