"""orgroles eval and orgroles learn: measure the classifier on a labelled file, and propose terms that
would fix its misses."""

from __future__ import annotations

import shlex
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from orgroles.cli.common import (
    DataOpt,
    EncodingOpt,
    ExportOpt,
    ForceOpt,
    Format,
    FormatOpt,
    PlainLangOpt,
    app,
    check_export,
    emit,
    emit_json,
    emit_text,
    reported,
)
from orgroles.errors import InputError, UsageError
from orgroles.text import did_you_mean


@app.command("eval")
def eval_(
    file: Annotated[str, typer.Argument(help="JSONL or CSV with text and department; optional function and lang.")],
    column: Annotated[
        str, typer.Option("--column", metavar="NAME", help="The field that holds the duty (JSONL key or CSV column).")
    ] = "text",
    label_column: Annotated[
        str, typer.Option("--label-column", metavar="NAME", help="The field that holds the department label.")
    ] = "department",
    only: Annotated[
        list[str] | None,
        typer.Option(
            "--only",
            metavar="KEY=VALUE",
            help="Keep records whose KEY equals VALUE (any case), e.g. confidence=high; lang= uses the detected "
            "language where a record has none.",
        ),
    ] = None,
    misses: Annotated[int, typer.Option("--misses", min=-1, help="How many misses to list (-1: all).")] = 20,
    encoding: EncodingOpt = None,
    fmt: FormatOpt = Format.table,
    data: DataOpt = None,
    export: ExportOpt = None,
    force: ForceOpt = False,
) -> None:
    """Measure the classifier on labelled duties: accuracy by department, function, language and confidence.

    A label 'neither' counts as right when the tool says sales or unclassified; labels are read in any
    case ('Market', 'OPERATIONS'). Function accuracy is counted only where a record has a 'function' key.
    Accuracy by confidence shows whether a high confidence can be trusted more than a low one.

    Examples:

    \b
      orgroles eval examples/labelled.jsonl
      orgroles eval postings.jsonl --only lang=ko --misses -1
      orgroles eval staff.csv --column duty --label-column team_label
    """
    from orgroles import engine
    from orgroles.batch import EvalReport, parse_filters, read_labelled
    from orgroles.text import detect_lang

    with reported():
        check_export(export, fmt is Format.table, force)
        # the label and duty fields go by the names the file gives them as well as by the standard ones
        standard = {label_column: "department", column: "text"}
        wanted = {standard.get(k, k): v.casefold() for k, v in parse_filters(only or []).items()}
        ex = engine.explainer(data)
        report = EvalReport()
        keys: set[str] = {"lang"}  # the keys the records have, to name them when --only matches nothing
        if encoding is not None:
            from orgroles.charsets import check_encoding

            encoding = check_encoding(encoding)
        for record in read_labelled(file, ex.functions, encoding, column, label_column):
            keys.update(record)
            lang = record.get("lang") or detect_lang(record["text"])
            if any(str(lang if k == "lang" else record.get(k)).casefold() != v for k, v in wanted.items()):
                continue
            result = ex.as_dict(ex.run(record["text"]))
            report.add(record, result, lang)
        if report.department.total == 0:
            if not wanted:
                raise UsageError(f"{file}: no labelled records")
            unknown = [k for k in wanted if k not in keys]
            hint = f"; no record has {unknown[0]!r}{did_you_mean(unknown[0], keys - {'_line'})}" if unknown else ""
            raise UsageError(f"{file}: no labelled records match --only{hint}")
        payload = report.as_dict(misses)
        if fmt is Format.json:
            return emit_json(payload)
        from orgroles.render import eval_report

        emit(eval_report(payload), export, force)


_LEARNT = {
    "en": ("{terms} terms proposed from {misses} misses of {items} items; wrote {out}",
           "department accuracy on the file: {before} before, {after} with the terms; {cross} cross-validated "
           "({folds} folds)",
           "function accuracy: {before} before, {after} after, {cross} cross-validated",
           "review the file, keep it in your --data folder as terms.yaml, and measure: orgroles eval FILE --data DIR"),
    "ko": ("{items}개 중 틀린 {misses}개에서 용어 {terms}개를 제안했습니다. {out} 파일에 썼습니다",
           "파일의 부서 정확도: 적용 전 {before}, 적용 후 {after}; 교차 검증 {cross} ({folds}겹)",
           "기능 정확도: 적용 전 {before}, 적용 후 {after}, 교차 검증 {cross}",
           "파일을 검토한 뒤 --data 폴더에 terms.yaml로 두고 측정하세요: orgroles eval FILE --data DIR"),
    "zh": ("从 {items} 条中的 {misses} 条错例提出 {terms} 个词；已写入 {out}",
           "文件上的部门准确率：之前 {before}，加词后 {after}；交叉验证 {cross}（{folds} 折）",
           "职能准确率：之前 {before}，之后 {after}，交叉验证 {cross}",
           "请审阅该文件，再以 terms.yaml 放入 --data 文件夹并测量：orgroles eval FILE --data DIR"),
}  # fmt: skip


@app.command()
def learn(
    file: Annotated[str, typer.Argument(help="Labelled duties as eval reads them: JSONL or CSV, text and department.")],
    out: Annotated[
        Path,
        typer.Option("--out", "-o", metavar="FILE", help="Where to write the terms.yaml it proposes.", dir_okay=False),
    ],
    min_support: Annotated[
        int, typer.Option("--min-support", min=1, help="Misses of one label a term must stand in, at least.")
    ] = 3,
    max_terms: Annotated[
        int, typer.Option("--max-terms", min=1, max=1000, help="How many terms to propose, at most.")
    ] = 40,
    folds: Annotated[int, typer.Option("--folds", min=2, max=20, help="Folds of the cross-validated estimate.")] = 5,
    encoding: EncodingOpt = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite --out if it exists.")] = False,
    fmt: FormatOpt = Format.table,
    lang: PlainLangOpt = None,
    data: DataOpt = None,
) -> None:
    """Propose terms that would fix the misses of a labelled file, as a commented terms.yaml to review.

    Words and short phrases frequent in one label's misses and rare under every other label, each with
    its weight, support and how many items of the file it fixes and breaks. Prints the accuracy before
    and after on the file, and a k-fold cross-validated estimate: close to 'after' when the terms
    generalise, far below it when they only memorise the file. Never writes the shipped data.

    \b
    Example: orgroles learn labelled.jsonl --out terms.yaml && orgroles eval labelled.jsonl --data .
    """
    from orgroles import learn as learning
    from orgroles.batch import read_labelled
    from orgroles.compiled import load_compiled
    from orgroles.paths import overlay_path, shipped_data_dir

    with reported():
        target = out.resolve()
        if target.is_relative_to(shipped_data_dir().resolve()):
            raise UsageError(f"{out}: learn never writes the shipped data; give a file in your own folder")
        in_use = overlay_path(data)
        if in_use is not None and in_use.resolve() == target:
            # the proposal holds only the new terms: writing it there would lose the ones in use
            raise UsageError(f"{out} is the terms.yaml in use; write the proposal elsewhere and merge it by hand")
        if out.exists() and not force:
            raise UsageError(f"{out} exists; add --force to overwrite it")
        if not target.parent.is_dir():
            raise InputError(f"{out}: no folder {str(out.parent)!r} to write it in")
        if encoding is not None:
            from orgroles.charsets import check_encoding

            encoding = check_encoding(encoding)
        compiled = load_compiled(data)
        records = read_labelled(file, frozenset(compiled["functions"]), encoding)
        items = learning.items_of(records, compiled["division_of"])
        if not items:
            raise UsageError(f"{file}: no labelled records")
        lg = lang.value if lang else "en"
        with _learn_progress(learning.planned_work(len(items), max_terms, folds), lg) as progress:
            learned = learning.learn(compiled, items, min_support, max_terms, folds, progress)
        command = f"orgroles learn {shlex.quote(Path(file).name)}"
        text = learning.to_yaml(learned, Path(file).name, command)
        try:
            with out.open("w" if force else "x", encoding="utf-8") as stream:
                stream.write(text)
        except FileExistsError:
            raise UsageError(f"{out} exists; add --force to overwrite it") from None
        except OSError as exc:
            raise InputError(f"{out}: cannot write: {exc.strerror or exc}") from None
        payload = {**learned.as_dict(), "out": str(out)}
        if fmt is Format.json:
            return emit_json(payload)
        emit_text(_learn_summary(learned, out, lg))


def _learn_summary(learned: Any, out: Path, lang: str) -> str:
    from orgroles.terminal import visible

    def pct(value: float | None) -> str:
        return "—" if value is None else f"{value:.1%}"

    words = _LEARNT[lang]
    b, a, c = learned.before, learned.after, learned.cross_validated
    lines = [
        words[0].format(terms=len(learned.proposals), misses=learned.misses, items=b.department_total,
                        out=visible(str(out))),
        words[1].format(before=pct(b.department), after=pct(a.department), cross=pct(c.department),
                        folds=learned.folds),
    ]  # fmt: skip
    if b.function_total:
        lines.append(words[2].format(before=pct(b.function), after=pct(a.function), cross=pct(c.function)))
    for p in learned.proposals:
        lines.append(
            f"  {p.lang}  {visible(p.term)} → {p.target}  weight {p.weight:g}  support {p.support}  "
            f"fixes {p.fixes}  breaks {p.breaks}" + (f"  (was {', '.join(p.replaces)})" if p.replaces else "")
        )
    lines.append(words[3])
    return "\n".join(lines) + "\n"


@contextmanager
def _learn_progress(total: int, lang: str) -> Iterator[Any]:
    """A progress bar on stderr while learn works on a long file, when stderr is a terminal."""
    if total < 200 or sys.stderr is None or not sys.stderr.isatty():
        yield None
        return
    from orgroles.render import progress_bar

    with progress_bar(total, lang) as update:  # type: ignore[arg-type]
        yield lambda done, _total: update(done, done)
