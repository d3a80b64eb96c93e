"""eval as a user with their own file runs it: other column names, labels in any case, --only lang with the
detected language, accuracy by confidence band, and the shipped example file; through the installed command."""

from __future__ import annotations

import csv
import json
import subprocess
from pathlib import Path

from .conftest import EXE

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "labelled.jsonl"
ROWS = [
    ("brand positioning and slogan", "Market", "Brand"),
    ("press releases and media relations", "MARKET", "pr"),
    ("커뮤니티 운영과 리텐션 관리", "operations", "user-ops"),
    ("신규 유저 유치와 리텐션 개선", " Operations ", "User-Ops"),
    ("用户拉新与留存", "operations", "user-ops"),
    ("negotiate contracts and close deals", "Neither", ""),
]


def orgroles(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([EXE, *args], capture_output=True, text=True, timeout=60)


def staff_csv(tmp_path: Path) -> Path:
    path = tmp_path / "staff.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        rows = csv.writer(out)
        rows.writerow(["id", "duty", "department", "label", "function"])  # the HR export's own department
        for i, (text, label, function) in enumerate(ROWS):
            rows.writerow([i, text, "HQ", label, function])
    return path


def evaluate(*args: str) -> dict[str, object]:
    done = orgroles("eval", *args, "-f", "json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def test_csv_with_its_own_column_names_and_labels_in_any_case(tmp_path: Path) -> None:
    report = evaluate(str(staff_csv(tmp_path)), "--column", "duty", "--label-column", "label")
    assert report["department"] == {"total": 6, "correct": 6, "accuracy": 1.0}
    assert report["by_label"].keys() == {"market", "operations", "neither"}  # type: ignore[attr-defined]
    assert report["function"]["total"] == 5  # type: ignore[index]  # an empty function cell is no label


def test_jsonl_with_its_own_keys(tmp_path: Path) -> None:
    path = tmp_path / "mine.jsonl"
    path.write_text(
        "\n".join(json.dumps({"duty": t, "team": lab}, ensure_ascii=False) for t, lab, _ in ROWS) + "\n",
        encoding="utf-8",
    )
    assert evaluate(str(path), "--column", "duty", "--label-column", "team")["department"]["total"] == 6  # type: ignore[index]


def test_a_missing_label_column_is_named_with_a_hint(tmp_path: Path) -> None:
    done = orgroles("eval", str(staff_csv(tmp_path)), "--column", "duty", "--label-column", "lable")
    assert done.returncode == 1
    assert done.stderr == (
        f"orgroles: error: {tmp_path / 'staff.csv'}: no label column 'lable' (did you mean 'label'?) "
        "(columns: id, duty, department, label, function; see --label-column)\n"
    )
    no_text = orgroles("eval", str(staff_csv(tmp_path)))
    assert no_text.returncode == 1 and "no column 'text'" in no_text.stderr


def test_a_misspelt_label_gets_a_suggestion(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"text": "seo", "department": "Operation"}\n', encoding="utf-8")
    done = orgroles("eval", str(path))
    assert done.returncode == 1 and "(did you mean 'operations'?)" in done.stderr


def test_only_lang_uses_the_detected_language_where_a_record_has_none(tmp_path: Path) -> None:
    report = evaluate(str(staff_csv(tmp_path)), "--column", "duty", "--label-column", "label", "--only", "lang=KO")
    assert report["department"]["total"] == 2  # type: ignore[index]
    assert list(report["by_lang"]) == ["ko"]  # type: ignore[call-overload]


def test_only_compares_labels_in_any_case(tmp_path: Path) -> None:
    report = evaluate(str(staff_csv(tmp_path)), "--column", "duty", "--label-column", "label", "--only", "label=market")
    assert report["department"]["total"] == 2  # type: ignore[index]


def test_accuracy_by_confidence_band() -> None:
    report = evaluate(str(EXAMPLE))
    bands: dict[str, dict[str, int]] = report["by_confidence"]  # type: ignore[assignment]
    assert set(bands) <= {"0.0-0.2", "0.2-0.4", "0.4-0.6", "0.6-0.8", "0.8-1.0"}
    assert list(bands) == sorted(bands)
    assert sum(b["total"] for b in bands.values()) == report["department"]["total"]  # type: ignore[index]
    assert sum(b["correct"] for b in bands.values()) == report["department"]["correct"]  # type: ignore[index]
    table = orgroles("eval", str(EXAMPLE), "--misses", "0").stdout
    assert "By confidence" in table and "0.8-1.0" in table


def test_the_shipped_example_file_is_labelled_in_three_languages() -> None:
    records = [json.loads(line) for line in EXAMPLE.read_text(encoding="utf-8").splitlines()]
    assert {r["lang"] for r in records} == {"en", "ko", "zh"}
    assert {r["department"] for r in records} == {"market", "operations", "neither"}
    report = evaluate(str(EXAMPLE))
    assert report["department"]["total"] == len(records)  # type: ignore[index]
    assert report["department"]["accuracy"] >= 0.8  # type: ignore[index,operator]
