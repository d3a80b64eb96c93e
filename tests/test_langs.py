"""The answer's language when --lang and ORGROLES_LANG say nothing: the input's script, a chart's own
language (its `lang:` key, else the majority of its texts), then the locale; through the installed command."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from orgroles.langs import locale_lang, majority_lang, most_voted
from tests.conftest import EXE


def orgroles(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANG", "ORGROLES_LANG")}
    return subprocess.run([EXE, *args], capture_output=True, text=True, env={**clean, **env}, timeout=60)


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"LANG": "ko_KR.UTF-8"}, "ko"),
        ({"LANG": "zh_CN.GB18030"}, "zh"),
        ({"LANG": "zh_TW.UTF-8@stroke"}, "zh"),
        ({"LANG": "ko"}, "ko"),
        ({"LC_ALL": "zh_CN.UTF-8", "LC_MESSAGES": "en_US.UTF-8", "LANG": "ko_KR.UTF-8"}, "zh"),
        ({"LC_MESSAGES": "zh_CN.UTF-8", "LANG": "ko_KR.UTF-8"}, "zh"),
        ({"LC_ALL": "C.UTF-8", "LANG": "ko_KR.UTF-8"}, None),  # the first one set decides, C included
        ({"LC_ALL": "", "LANG": "ko_KR.UTF-8"}, "ko"),  # an empty variable is unset
        ({"LANG": "fr_FR.UTF-8"}, None),
        ({}, None),
    ],
)
def test_locale_variables_in_posix_order(env: dict[str, str], expected: str | None) -> None:
    assert locale_lang(env) == expected


def test_majority_is_one_vote_per_text_not_per_character() -> None:
    long_chinese = "负责公司品牌的整体战略规划与执行以及所有线上线下渠道的宣传推广工作" * 3
    assert majority_lang(["brand strategy", "press releases", "seo", long_chinese]) is None
    assert majority_lang(["브랜드 전략", "보도자료", "SEO", "用户运营"]) == "ko"
    assert majority_lang([]) is None


def test_classify_answers_in_the_locale_language_when_the_duty_is_latin() -> None:
    done = orgroles("classify", "community operation", "-f", "json", LANG="ko_KR.UTF-8")
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert answer["lang"] == "ko" and "운영" in answer["reason"]


def test_the_script_of_the_duty_beats_the_locale() -> None:
    answer = json.loads(orgroles("classify", "用户运营", "-f", "json", LANG="ko_KR.UTF-8").stdout)
    assert answer["lang"] == "zh"


@pytest.mark.parametrize(("env", "expected"), [({"ORGROLES_LANG": "en"}, "en"), ({"LC_ALL": "zh_CN.UTF-8"}, "zh")])
def test_orgroles_lang_and_lc_all_beat_lang(env: dict[str, str], expected: str) -> None:
    answer = json.loads(orgroles("classify", "community operation", "-f", "json", LANG="ko_KR.UTF-8", **env).stdout)
    assert answer["lang"] == expected


def test_a_command_without_input_text_follows_the_locale() -> None:
    done = orgroles("list", "divisions", LANG="ko_KR.UTF-8", COLUMNS="100")
    assert done.returncode == 0, done.stderr
    assert "마케팅팀" in done.stdout and "Marketing department" not in done.stdout
    assert "Marketing department" in orgroles("list", "divisions", LANG="C.UTF-8", COLUMNS="100").stdout


def _chart(tmp_path: Path, duties: list[str], lang: str | None = None) -> Path:
    lines = ["schema_version: 1", "companies:", "  - id: mixed", "    name: Mixed Co"]
    if lang:
        lines.append(f"    lang: {lang}")
    lines += ["    centers:", "      - id: hq", "        name: HQ", "        departments:",
              "          - id: team", "            name: Team", "            duties:"]  # fmt: skip
    lines += [f"              - {json.dumps(d, ensure_ascii=False)}" for d in duties]
    path = tmp_path / "chart.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_one_long_chinese_duty_does_not_turn_an_english_audit_chinese(tmp_path: Path) -> None:
    chart = _chart(tmp_path, ["brand strategy", "press releases", "user retention", "负责品牌战略规划与执行" * 5])
    report = json.loads(orgroles("audit", str(chart), "-f", "json").stdout)
    assert report["lang"] == "en"


def test_an_audit_follows_the_majority_of_its_chart(tmp_path: Path) -> None:
    chart = _chart(tmp_path, ["브랜드 전략 수립", "보도자료 배포", "커뮤니티 운영", "SEO"])
    assert json.loads(orgroles("audit", str(chart), "-f", "json").stdout)["lang"] == "ko"


def test_a_lang_key_decides_the_chart_language(tmp_path: Path) -> None:
    chart = _chart(tmp_path, ["brand strategy", "press releases"], lang="zh")
    assert json.loads(orgroles("audit", str(chart), "-f", "json").stdout)["lang"] == "zh"
    assert json.loads(orgroles("audit", str(chart), "-f", "json", "--lang", "ko").stdout)["lang"] == "ko"
    bad = _chart(tmp_path, ["brand strategy"], lang="fr")
    done = orgroles("audit", str(bad), "-f", "json")
    assert done.returncode == 1 and "lang" in done.stderr and "Traceback" not in done.stderr


def test_an_english_chart_follows_the_locale(tmp_path: Path) -> None:
    chart = _chart(tmp_path, ["brand strategy", "press releases"])
    assert json.loads(orgroles("audit", str(chart), "-f", "json", LANG="zh_CN.UTF-8").stdout)["lang"] == "zh"


def test_init_writes_the_starter_in_the_locale_language() -> None:
    done = orgroles("init", "-", LANG="ko_KR.UTF-8")
    assert done.returncode == 0 and "name: 우리 회사" in done.stdout
    assert "name: 우리 회사" not in orgroles("init", "-", LANG="C.UTF-8").stdout


def test_a_batch_and_a_chart_break_a_tie_between_languages_the_same_way() -> None:
    # one rule (langs.most_voted) for a batch's answers and a chart's duties: Latin, then ko, then zh
    assert most_voted(["zh", "ko", "zh", "ko"]) == "ko"
    assert most_voted(["zh", "en"]) == "en"
    assert most_voted([]) is None
    assert majority_lang(["用户运营", "사용자 운영"]) == "ko"
    assert majority_lang(["用户运营", "user operations"]) is None
