"""The HTML report: classify results or an audit as one self-contained page to open or send. Pure: data in,
one string out.

The page needs no network (a Content-Security-Policy forbids it: no CDN, no remote font, fonts from the
system with a Chinese and Korean fallback stack), and every text from a duty, a chart or the knowledge is
escaped with html.escape, so a hostile duty shows as text and never becomes markup, after its control and
bidi characters are turned into the visible stand-ins the terminal shows (terminal.visible). The summary is drawn as
CSS bars; the duties are a real <table> that a small inline script sorts (click a heading) and filters (the
select boxes, or a URL hash such as #department=market&sort=confidence&order=desc, which is how the browser
test drives it). An audit adds its org chart as nested boxes, each department coloured by its division.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from html import escape as escape_markup
from typing import TYPE_CHECKING, Any

from orgroles.summary import summarise
from orgroles.terminal import visible
from orgroles.text import text_of
from orgroles.words import capitalised, word

if TYPE_CHECKING:
    from orgroles.audit import AuditReport, DutyVerdict
    from orgroles.model import Company

Names = Mapping[str, Mapping[str, str]]  # id -> {lang: name}, as the compiled knowledge holds them

DIVISIONS = ("market", "operations", "sales", "unclassified")


# one colour per division, the same in the bars, the badges and the org chart (readable on white)
def escape(text: str, quote: bool = True) -> str:
    """Text for the page: shown as the terminal shows it (no raw control or bidi character), then escaped."""
    return escape_markup(visible(text), quote)


COLOURS = {"market": "#b0308a", "operations": "#0f7c8c", "sales": "#a36a00", "unclassified": "#6b6b6b"}

# Latin first, then the CJK faces of the page's language ahead of the other's (a Han character is drawn
# in the Korean or Chinese form by the face that draws it), then the generic family.
_LATIN = 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial'
_KO = '"Apple SD Gothic Neo", "Malgun Gothic", "Noto Sans CJK KR", "Noto Sans KR", "Source Han Sans K", "NanumGothic"'
_ZH = '"PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC"'
_FONTS = {
    "en": f"{_LATIN}, {_ZH}, {_KO}, sans-serif",
    "ko": f"{_LATIN}, {_KO}, {_ZH}, sans-serif",
    "zh": f"{_LATIN}, {_ZH}, {_KO}, sans-serif",
}

_CSS = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font-family: %(en)s; margin: 0 auto; max-width: 1400px; padding: 24px; color: #1d1d1f; line-height: 1.45; }
:lang(ko) { font-family: %(ko)s; }
:lang(zh) { font-family: %(zh)s; }
h1 { font-size: 1.6em; margin: 0 0 .4em; }
h2 { font-size: 1.2em; margin: 1.6em 0 .6em; border-bottom: 1px solid #ddd; padding-bottom: .2em; }
h3 { font-size: 1em; margin: 1em 0 .4em; color: #444; }
.bars { display: grid; grid-template-columns: minmax(8em, max-content) 1fr 7em; gap: 4px 12px; align-items: center; }
.bar { height: 1.1em; border-radius: 3px; min-width: 2px; }
.count { font-variant-numeric: tabular-nums; color: #444; }
.facts { display: flex; gap: 24px; flex-wrap: wrap; margin-top: 12px; }
.fact b { font-size: 1.3em; }
.controls { display: flex; gap: 16px; align-items: center; flex-wrap: wrap; margin: 8px 0; }
table { border-collapse: collapse; width: 100%%; font-size: .92em; }
th, td { border-bottom: 1px solid #e3e3e3; padding: 6px 8px; text-align: left; vertical-align: top; }
th { background: #f5f5f7; position: sticky; top: 0; cursor: pointer; user-select: none; white-space: nowrap; }
th[aria-sort=ascending]::after { content: " \\25B2"; }
th[aria-sort=descending]::after { content: " \\25BC"; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.text { min-width: 14em; max-width: 28em; overflow-wrap: anywhere; }
td[data-col=question] { max-width: 26em; color: #333; }
td[data-col=evidence] { min-width: 14em; }
tr[hidden] { display: none; }
.badge { display: inline-block; color: #fff; border-radius: 3px; padding: 0 6px; font-size: .85em;
         white-space: nowrap; }
.muted { color: #777; }
ul.evidence { margin: 0; padding-left: 1.1em; font-size: .9em; }
.chart { display: flex; gap: 16px; flex-wrap: wrap; align-items: flex-start; }
.company { border: 2px solid #333; border-radius: 6px; padding: 8px 12px; margin-bottom: 12px;
           font-weight: bold; display: inline-block; }
.center { border: 1px solid #bbb; border-radius: 6px; padding: 8px; background: #fafafa; min-width: 14em; }
.center > .name { font-weight: bold; margin-bottom: 6px; }
.dept { border-left: 6px solid; border-radius: 4px; background: #fff; padding: 6px 8px; margin: 6px 0;
        box-shadow: 0 1px 2px rgba(0,0,0,.12); }
.dept > .name { font-weight: bold; }
.dept ul { margin: 4px 0 0; padding-left: 1.1em; font-size: .9em; }
.legend { display: flex; gap: 12px; margin: 6px 0 12px; font-size: .9em; }
footer { margin-top: 2em; color: #777; font-size: .85em; }
@media print { th { position: static; } .controls { display: none; } }
"""

# Sorts by a cell's data-sort (numbers as numbers), filters on each select's data-filter key (a row's
# data-* attribute), and reads/writes both from the URL hash so that a filtered view can be linked.
_SCRIPT = r"""
(function () {
  var table = document.getElementById("duties");
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var place = new Map(rows.map(function (row, i) { return [row, i]; }));  // ties keep the input order
  var selects = Array.prototype.slice.call(document.querySelectorAll("select[data-filter]"));
  var shown = document.getElementById("shown");
  var template = shown.getAttribute("data-template");
  var state = {sort: "", order: "asc"};

  function readHash() {
    var params = new URLSearchParams(location.hash.replace(/^#/, ""));
    selects.forEach(function (s) {
      var v = params.get(s.getAttribute("data-filter"));
      s.value = v !== null && Array.prototype.some.call(s.options, function (o) { return o.value === v; }) ? v : "";
    });
    state.sort = params.get("sort") || "";
    state.order = params.get("order") === "desc" ? "desc" : "asc";
  }
  function writeHash() {
    var params = new URLSearchParams();
    selects.forEach(function (s) { if (s.value) params.set(s.getAttribute("data-filter"), s.value); });
    if (state.sort) { params.set("sort", state.sort); params.set("order", state.order); }
    var text = params.toString();
    try {  // some browsers refuse history changes on file:// pages: the view still changes, the link does not
      history.replaceState(null, "", text ? "#" + text : location.pathname + location.search);
    } catch (e) { /* keep the page working */ }
  }
  function key(row, column) {
    var cell = row.querySelector('[data-col="' + column + '"]');
    var v = cell ? cell.getAttribute("data-sort") : "";
    var n = parseFloat(v);
    return v !== "" && !isNaN(n) && isFinite(v) ? n : (v || "");
  }
  function apply() {
    var count = 0;
    rows.forEach(function (row) {
      var keep = selects.every(function (s) {
        return !s.value || row.getAttribute("data-" + s.getAttribute("data-filter")) === s.value;
      });
      row.hidden = !keep;
      if (keep) { count += 1; }
    });
    var order = rows.slice();
    if (state.sort) {
      var sign = state.order === "desc" ? -1 : 1;
      order.sort(function (a, b) {
        var x = key(a, state.sort), y = key(b, state.sort);
        if (typeof x === typeof y) {
          return sign * (x < y ? -1 : x > y ? 1 : 0) || (place.get(a) - place.get(b));
        }
        return typeof x === "number" ? -1 : 1;
      });
    }
    order.forEach(function (row) { body.appendChild(row); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
      var col = th.getAttribute("data-col");
      if (col === state.sort) { th.setAttribute("aria-sort", state.order === "desc" ? "descending" : "ascending"); }
      else { th.removeAttribute("aria-sort"); }
    });
    shown.textContent = template.replace("{shown}", count).replace("{total}", rows.length);
    document.body.setAttribute("data-shown", String(count));
  }
  selects.forEach(function (s) { s.addEventListener("change", function () { apply(); writeHash(); }); });
  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
    th.addEventListener("click", function () {
      var col = th.getAttribute("data-col");
      state.order = state.sort === col && state.order === "asc" ? "desc" : "asc";
      state.sort = col;
      apply(); writeHash();
    });
  });
  window.addEventListener("hashchange", function () { readHash(); apply(); });
  readHash();
  apply();
  document.body.setAttribute("data-ready", "1");
})();
"""

# no network at all: only the page's own inline style and script run, and images only from data: URLs
_CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"


def _name(names: Names, key: str | None, lang: str) -> str:
    """A division or function id in the page's language (unclassified has no card of its own)."""
    if not key:
        return ""
    if key == "unclassified":
        return _unclassified(lang)
    found = names.get(key)
    return found.get(lang, key) if found else key


def _unclassified(lang: str) -> str:
    """The unclassified bucket's name (the card's word), capitalised as the division names beside it are."""
    return capitalised(word("unclassified", lang))


def _attr(value: object) -> str:
    return escape(str(value), quote=True)


def _badge(names: Names, division: str, lang: str) -> str:
    colour = COLOURS.get(division, COLOURS["unclassified"])
    return f'<span class="badge" style="background:{colour}">{escape(_name(names, division, lang))}</span>'


def _bars(counted: Mapping[str, Mapping[str, Any]], order: Iterable[str], total: int, label: Any, colour: Any) -> str:
    """One labelled bar per key of `order` that summarise counted, as wide as its share of `total`."""
    cells = []
    for key in order:
        n = counted[key]["count"] if key in counted else 0
        if not n:
            continue
        share = n / total if total else 0.0
        cells.append(
            f'<div class="label">{escape(label(key))}</div>'
            f'<div><div class="bar" style="width:{share * 100:.1f}%;background:{colour(key)}"'
            f' title="{n}"></div></div><div class="count">{n} ({share:.0%})</div>'
        )
    return f'<div class="bars">{"".join(cells)}</div>'


def _summary(counted: Mapping[str, Any], lang: str, bars: str) -> str:
    """The summary section: its bars, then how many duties are ambiguous and how many unclassified."""
    return (
        f'<section id="summary"><h2>{escape(word("summary", lang))}</h2>' + bars + '<div class="facts">'
        f'<div class="fact" id="ambiguous-count"><b>{counted["ambiguous"]["count"]}</b> '
        f"{escape(word('ambiguous_count', lang))}</div>"
        f'<div class="fact" id="unclassified-count"><b>{counted["unclassified"]["count"]}</b> '
        f"{escape(_unclassified(lang))}</div></div></section>"
    )


def _page(lang: str, title: str, sections: Sequence[str]) -> str:
    css = _CSS % _FONTS
    return (
        f'<!DOCTYPE html>\n<html lang="{_attr(lang)}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{css}</style>\n</head>\n<body>\n<h1>{escape(title)}</h1>\n"
        + "\n".join(sections)
        + f"\n<footer>{escape(word('footer', lang))}</footer>\n<script>{_SCRIPT}</script>\n</body>\n</html>\n"
    )


def _controls(filters: Sequence[tuple[str, str, list[tuple[str, str]]]], total: int, lang: str) -> str:
    """Select boxes (data-filter KEY, label, [(value, shown name)]) and the 'n of m shown' line."""
    boxes = []
    for key, label, options in filters:
        opts = f'<option value="">{escape(word("all", lang))}</option>' + "".join(
            f'<option value="{_attr(v)}">{escape(shown)}</option>' for v, shown in options
        )
        boxes.append(f'<label>{escape(label)} <select data-filter="{_attr(key)}">{opts}</select></label>')
    template = word("shown", lang, shown="{shown}", total="{total}")
    initial = word("shown", lang, shown=total, total=total)
    return (
        f'<div class="controls">{"".join(boxes)}'
        f'<span id="shown" data-template="{_attr(template)}">{escape(initial)}</span>'
        f'<span class="muted">{escape(word("sort_hint", lang))}</span></div>'
    )


def _head(columns: Sequence[tuple[str, str]], lang: str, passthrough: Sequence[str] = ()) -> str:
    """The heading row: the row number, the input's own columns (named as the file names them), ours."""
    ours = [f'<th data-col="{c}">{escape(word(k, lang))}</th>' for c, k in columns]
    theirs = [f'<th data-col="field-{k}">{escape(name)}</th>' for k, name in enumerate(passthrough)]
    return "<thead><tr>" + "".join(ours[:1] + theirs + ours[1:]) + "</tr></thead>"


def _cell(col: str, content: str, sort: object, css: str = "") -> str:
    klass = f' class="{css}"' if css else ""
    return f'<td data-col="{col}" data-sort="{_attr(sort)}"{klass}>{content}</td>'


def _text_cell(text: str, lang: str) -> str:
    return _cell("text", f'<span lang="{_attr(lang)}">{escape(text)}</span>', text, "text")


def _list(items: Sequence[str]) -> str:
    if not items:
        return '<span class="muted">—</span>'
    return '<ul class="evidence">' + "".join(f"<li>{escape(i)}</li>" for i in items) + "</ul>"


# -- classify ---------------------------------------------------------------------------------------------

_CLASSIFY_COLUMNS = [
    ("n", "row_number"), ("text", "duty"), ("department", "department"), ("function", "function"),
    ("confidence", "confidence"), ("evidence", "evidence"), ("question", "question"),
]  # fmt: skip


def classification_page(
    results: Sequence[Mapping[str, Any]],
    names: Names,
    lang: str,
    columns: Sequence[str] = (),
    fields: Sequence[Mapping[str, str]] = (),
) -> str:
    """The report of a classify run: a summary chart and a sortable, filterable table of every duty.

    `columns` are the input's other columns (a CSV's name, team, ...), shown after the row number;
    `fields` holds their cells, one mapping per result.
    """
    counted = summarise(results)
    total, departments, functions = counted["total"], counted["departments"], counted["functions"]
    function_order = [k for k in names if k not in DIVISIONS] + sorted(set(functions) - set(names))

    def colour_of_function(key: str) -> str:
        return COLOURS.get(functions[key]["department"], COLOURS["unclassified"])

    summary = _summary(
        counted,
        lang,
        f"<h3>{escape(word('by_department', lang))}</h3>"
        + _bars(departments, DIVISIONS, total, lambda k: _name(names, k, lang), lambda k: COLOURS.get(k, "#999"))
        + f"<h3>{escape(word('by_function', lang))}</h3>"
        + _bars(functions, function_order, total, lambda k: _name(names, k, lang), colour_of_function),
    )
    rows = []
    for i, r in enumerate(results, 1):
        cells = fields[i - 1] if i <= len(fields) else {}
        passthrough = "".join(
            _cell(f"field-{k}", escape(cells.get(c) or ""), cells.get(c) or "") for k, c in enumerate(columns)
        )
        department, function = str(r["department"]), r["function"]
        evidence = [f"{e['text']} → {_name(names, e['function'] or e['department'], lang)}" for e in r["evidence"]]
        question = r["question"] or ""
        rows.append(
            f'<tr data-department="{_attr(department)}">'
            + _cell("n", str(i), i, "num")
            + passthrough
            + _text_cell(str(r["text"]), str(r["lang"]))
            + _cell("department", _badge(names, department, lang), _name(names, department, lang))
            + _cell("function", escape(_name(names, function, lang)), _name(names, function, lang))
            + _cell("confidence", f"{float(r['confidence']):.0%}", f"{float(r['confidence']):.3f}", "num")
            + _cell("evidence", _list(evidence), len(evidence))
            + _cell("question", escape(question), question)
            + "</tr>"
        )
    present = [(d, _name(names, d, lang)) for d in DIVISIONS if departments[d]["count"]]
    table = (
        f'<section id="table"><h2>{escape(word("duty_list", lang))}</h2>'
        + _controls([("department", word("department", lang), present)], total, lang)
        + f'<table id="duties">{_head(_CLASSIFY_COLUMNS, lang, columns)}<tbody>{"".join(rows)}</tbody></table>'
        "</section>"
    )
    return _page(lang, word("classify_title", lang, n=total), [summary, table])


# -- audit ------------------------------------------------------------------------------------------------

_AUDIT_COLUMNS = [
    ("n", "row_number"), ("text", "duty"), ("chart-department", "department"), ("division", "division"),
    ("function", "function"), ("confidence", "confidence"), ("evidence", "evidence"),
    ("question", "question"),
]  # fmt: skip


def _chart(company: Company, verdicts: Sequence[DutyVerdict], names: Names, lang: str) -> str:
    """The org chart as nested boxes: company, its centers side by side, departments coloured by the
    division most of their duties belong to (a misplaced department shows in the other colour)."""
    from orgroles.audit import department_colours

    duties = [d for c in company.centers for dept in c.departments for d in dept.duties]
    colours = department_colours(company, {id(d): v for d, v in zip(duties, verdicts, strict=True)})
    by_duty = dict(zip(map(id, duties), verdicts, strict=True))
    centers = []
    for center in company.centers:
        depts = []
        for dept in center.departments:
            division = colours.get(dept.id) or "unclassified"
            items = []
            for duty in dept.duties:
                v = by_duty[id(duty)]
                tag = _name(names, v.function or v.division, lang)
                items.append(
                    f'<li lang="{_attr(lang)}">{escape(v.text)} <span class="muted">· {escape(tag)}</span></li>'
                )
            depts.append(
                f'<div class="dept" data-division="{_attr(division)}" '
                f'style="border-color:{COLOURS.get(division, COLOURS["unclassified"])}">'
                f'<div class="name">{escape(text_of(dept.name, lang))} {_badge(names, division, lang)}</div>'
                f"<ul>{''.join(items)}</ul></div>"
            )
        centers.append(
            f'<div class="center"><div class="name">{escape(text_of(center.name, lang))}</div>{"".join(depts)}</div>'
        )
    legend = "".join(_badge(names, d, lang) for d in DIVISIONS)
    return (
        f'<section id="chart"><h2>{escape(word("chart", lang))}</h2><div class="legend">{legend}</div>'
        f'<div class="company">{escape(text_of(company.name, lang))}</div>'
        f'<div class="chart">{"".join(centers)}</div></section>'
    )


def _findings(report: AuditReport) -> str:
    from orgroles.audit import kind_name, severity_name

    lang = report.lang
    if not report.findings:
        none = escape(word("no_findings", lang))
        return f'<section id="findings"><h2>{escape(word("findings", lang))}</h2><p>{none}</p></section>'
    rows = []
    for f in report.findings:
        what = f.duty or (f.function and report.function_names.get(f.function)) or ""
        rows.append(
            f'<tr class="{_attr(f.severity)}"><td>{escape(severity_name(f.severity, lang))}</td>'
            f"<td>{escape(kind_name(f.kind, lang))}</td><td>{escape(report.department_name(f.department))}</td>"
            f"<td>{escape(what)}</td><td>{escape(f.why)}</td></tr>"
        )
    head = "".join(
        f"<th>{escape(t)}</th>"
        for t in (word("severity", lang), word("kind", lang), word("department", lang),
                  word("duty", lang), word("why", lang))
    )  # fmt: skip
    return (
        f'<section id="findings"><h2>{escape(word("findings", lang))}</h2>'
        f'<table class="findings"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></section>'
    )


def audit_page(report: AuditReport, company: Company, names: Names) -> str:
    """The report of an audit: the org chart coloured by division, a summary chart, the findings, and a
    sortable table of every duty filterable by department and by division."""
    lang = report.lang
    verdicts = report.verdicts
    # the chart's duties counted as a batch's answers are: by the division each duty belongs to
    counted = summarise({"department": v.division, "function": v.function, "ambiguous": v.ambiguous} for v in verdicts)
    total, divisions = counted["total"], counted["departments"]
    dept_names = {d.department: d.name for d in report.departments}
    summary = _summary(
        counted,
        lang,
        f"<h3>{escape(word('by_division', lang))}</h3>"
        + _bars(divisions, DIVISIONS, total, lambda k: _name(names, k, lang), lambda k: COLOURS.get(k, "#999")),
    )
    rows = []
    for i, v in enumerate(verdicts, 1):
        confidence = (
            _cell("confidence", escape(word("tagged", lang)), "1.001", "num muted")
            if v.tagged or v.confidence is None
            else _cell("confidence", f"{v.confidence:.0%}", f"{v.confidence:.3f}", "num")
        )
        dept_name = dept_names.get(v.department, v.department)
        rows.append(
            f'<tr data-department="{_attr(v.department)}" data-division="{_attr(v.division)}">'
            + _cell("n", str(i), i, "num")
            + _text_cell(v.text, lang)
            + _cell("chart-department", escape(dept_name), dept_name)
            + _cell("division", _badge(names, v.division, lang), _name(names, v.division, lang))
            + _cell("function", escape(_name(names, v.function, lang)), _name(names, v.function, lang))
            + confidence
            + _cell("evidence", _list(v.evidence), len(v.evidence))
            + _cell("question", escape(v.question or ""), v.question or "")
            + "</tr>"
        )
    dept_options = [(d.department, d.name) for d in report.departments]
    division_options = [(d, _name(names, d, lang)) for d in DIVISIONS if divisions[d]["count"]]
    filters = [
        ("department", word("department", lang), dept_options),
        ("division", word("division", lang), division_options),
    ]
    table = (
        f'<section id="table"><h2>{escape(word("duty_list", lang))}</h2>'
        + _controls(filters, total, lang)
        + f'<table id="duties">{_head(_AUDIT_COLUMNS, lang)}<tbody>{"".join(rows)}</tbody></table></section>'
    )
    sections = [_chart(company, verdicts, names, lang), summary, _findings(report), table]
    return _page(lang, word("audit_title", lang, name=report.name), sections)
