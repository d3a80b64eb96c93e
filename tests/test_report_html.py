"""The HTML report: one self-contained page for classify and audit, opened in a real browser (headless
Chromium from the system's packages; .ci/run installs it and sets ORGROLES_REQUIRE_BROWSER=1, so there a
missing browser fails instead of skipping). The page must render, hold every duty, filter and sort in the
page, show hostile text as text, and load nothing from the network."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from rich.cells import cell_len

from orgroles import report_html
from orgroles.audit import audit_company
from orgroles.engine import explainer
from orgroles.exports import fix_html, fix_svg
from orgroles.knowledge import Library

from .conftest import EXE
from .html_page import duty_texts, read_table

HOSTILE = [
    "<img src=x onerror=\"document.body.setAttribute('data-pwned', 1)\">",
    "</td></tr></table><script>document.title = 'pwned'</script>",
    '"><svg onload=alert(1)> brand strategy',
    "&lt;b&gt; escaped already &amp; seo",
]
DUTIES = [
    "brand strategy and slogan",
    "press releases and media relations",
    "커뮤니티 운영과 리텐션 관리",
    "用户运营，提升留存与转化",
    "close deals with enterprise clients",
    "브랜드 전략 수립과 SNS 운영",
    "zzz qqq",
    "앱스토어 최적화와 키워드 순위 관리",
    "新媒体内容策划与公众号运营",
    *HOSTILE,
]


def _browser() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


BROWSER = _browser()
needs_browser = pytest.mark.skipif(
    BROWSER is None and not os.environ.get("ORGROLES_REQUIRE_BROWSER"),
    reason="no headless Chromium here (apt-get install chromium); .ci/run installs it",
)


def _chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert BROWSER is not None, "ORGROLES_REQUIRE_BROWSER is set but no chromium is installed"
    profile = tmp_path / "chromium-profile"  # its own profile: runs in parallel never share one
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", f"--user-data-dir={profile}"]
    return subprocess.run([BROWSER, *flags, *args], capture_output=True, text=True, timeout=120)


def dom(tmp_path: Path, page: Path, hash_: str = "") -> str:
    """The page's DOM after its script ran, as Chromium holds it (the URL hash drives filter and sort)."""
    done = _chromium(tmp_path, "--dump-dom", page.as_uri() + hash_)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def orgroles(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([EXE, *args], capture_output=True, text=True, input=stdin, timeout=120)


@pytest.fixture(scope="module")
def classified(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, object]]]:
    """The page `classify --format html` writes for DUTIES, and the same answers as JSON lines."""
    folder = tmp_path_factory.mktemp("report")
    duties = folder / "duties.txt"
    duties.write_text("\n".join(DUTIES) + "\n", encoding="utf-8")
    page = folder / "report.html"
    done = orgroles("classify", "--file", str(duties), "--format", "html")
    assert done.returncode == 0, done.stderr
    page.write_text(done.stdout, encoding="utf-8")
    answers = [
        json.loads(line) for line in orgroles("classify", "--file", str(duties), "-f", "jsonl").stdout.splitlines()
    ]
    return page, answers


# -- the page itself ---------------------------------------------------------------------------------------


def test_the_page_needs_no_network(classified: tuple[Path, list[dict[str, object]]]) -> None:
    page = classified[0].read_text(encoding="utf-8")
    assert "default-src 'none'" in page  # the browser itself refuses any load from elsewhere
    assert not re.search(r"https?:|//[a-z]|@import|url\(|@font-face", page, re.IGNORECASE)
    assert "Noto Sans CJK KR" in page and "Microsoft YaHei" in page  # system fonts, CJK fallbacks


def test_hostile_text_is_escaped_not_markup(classified: tuple[Path, list[dict[str, object]]]) -> None:
    page = classified[0].read_text(encoding="utf-8")
    assert page.count("<script") == 1 and "<img" not in page and "<svg" not in page
    assert duty_texts(page) == DUTIES  # every duty, as written, in input order


@needs_browser
def test_the_page_renders_with_every_duty_in_the_table(
    tmp_path: Path, classified: tuple[Path, list[dict[str, object]]]
) -> None:
    page, answers = classified
    shown = dom(tmp_path, page)
    assert 'data-ready="1"' in shown  # the page's script ran to its end
    table = read_table(shown)
    assert table.scripts == 1  # no hostile duty became a script, an image or a handler
    assert not re.search(r"<body[^>]*data-pwned", shown) and "<title>pwned" not in shown
    assert [r.cells["text"] for r in table.rows] == DUTIES
    assert not any(r.hidden for r in table.rows)
    assert [r.attrs["data-department"] for r in table.rows] == [a["department"] for a in answers]
    assert f"{len(DUTIES)} of {len(DUTIES)} duties shown" in shown


@needs_browser
@pytest.mark.parametrize("department", ["market", "operations", "sales", "unclassified"])
def test_the_filter_keeps_only_the_department_asked_for(
    tmp_path: Path, classified: tuple[Path, list[dict[str, object]]], department: str
) -> None:
    page, answers = classified
    table = read_table(dom(tmp_path, page, f"#department={department}"))
    visible = [r.cells["text"] for r in table.rows if not r.hidden]
    expected = [a["text"] for a in answers if a["department"] == department]
    assert expected and visible == expected
    assert len(table.rows) == len(DUTIES)  # hidden, not removed: clearing the filter brings them back


@needs_browser
def test_a_filter_naming_no_department_shows_everything(
    tmp_path: Path, classified: tuple[Path, list[dict[str, object]]]
) -> None:
    table = read_table(dom(tmp_path, classified[0], "#department=%3Cnosuch%3E"))
    assert not any(r.hidden for r in table.rows)


@needs_browser
def test_sorting_by_confidence_orders_the_rows(
    tmp_path: Path, classified: tuple[Path, list[dict[str, object]]]
) -> None:
    page, answers = classified
    shown = dom(tmp_path, page, "#sort=confidence&order=desc")
    rows = read_table(shown).rows
    confidences = [float(str(r.cells["confidence"]).rstrip("%")) for r in rows]
    assert confidences == sorted(confidences, reverse=True)
    assert sorted(r.cells["text"] for r in rows) == sorted(DUTIES)
    assert 'aria-sort="descending"' in shown
    # ties keep the input order
    by_confidence = sorted(answers, key=lambda a: -float(str(a["confidence"])))
    assert [r.cells["text"] for r in rows] == [a["text"] for a in by_confidence]


# What a user does by hand, as a script the test adds after the page's own: pick "operations" in the select,
# then click the Confidence heading twice (ascending, then descending).
USER_ACTIONS = """<script>
var select = document.querySelector("select[data-filter=department]");
select.value = "operations";
select.dispatchEvent(new Event("change"));
var heading = document.querySelector("th[data-col=confidence]");
heading.click();
heading.click();
document.body.setAttribute("data-hash", location.hash);
</script></body>"""


@needs_browser
def test_the_select_box_and_the_headings_work_by_hand(
    tmp_path: Path, classified: tuple[Path, list[dict[str, object]]]
) -> None:
    page, answers = classified
    acted = tmp_path / "acted.html"
    acted.write_text(page.read_text(encoding="utf-8").replace("</body>", USER_ACTIONS), encoding="utf-8")
    shown = dom(tmp_path, acted)
    rows = [r for r in read_table(shown).rows if not r.hidden]
    operations = [a for a in answers if a["department"] == "operations"]
    assert [r.cells["text"] for r in rows] == [
        a["text"] for a in sorted(operations, key=lambda a: -float(str(a["confidence"])))
    ]
    assert f"{len(operations)} of {len(DUTIES)} duties shown" in shown
    # the view is in the address, to link it
    assert 'data-hash="#department=operations&amp;sort=confidence&amp;order=desc"' in shown


@needs_browser
def test_the_page_draws_in_a_browser_screenshot(
    tmp_path: Path, classified: tuple[Path, list[dict[str, object]]]
) -> None:
    shot = tmp_path / "report.png"
    done = _chromium(tmp_path, "--hide-scrollbars", "--window-size=1280,1000", f"--screenshot={shot}",
                     classified[0].as_uri())  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 30_000  # a blank page of that size is a few kilobytes


# -- audit -------------------------------------------------------------------------------------------------


@needs_browser
def test_the_audit_page_draws_the_chart_by_division_and_filters(tmp_path: Path) -> None:
    done = orgroles("audit", "company-b", "--format", "html")
    assert done.returncode == 0, done.stderr
    page = tmp_path / "audit.html"
    page.write_text(done.stdout, encoding="utf-8")
    report = json.loads(orgroles("audit", "company-b", "-f", "json").stdout)
    shown = dom(tmp_path, page, "#division=sales")
    rows = read_table(shown).rows
    assert [r.cells["text"] for r in rows] == [d["text"] for d in report["duties"]]
    assert [r.cells["text"] for r in rows if not r.hidden] == [
        d["text"] for d in report["duties"] if d["division"] == "sales"
    ]
    # company B's market department sells: its box is coloured sales, the brand department market
    boxes = re.findall(r'<div class="dept" data-division="([a-z]+)"[^>]*><div class="name">([^<]+)', shown)
    assert ("sales", "Marketing department ") in boxes and ("market", "Brand department ") in boxes


def test_audit_export_html_is_the_report_page(tmp_path: Path) -> None:
    page = tmp_path / "audit.html"
    done = orgroles("audit", "company-a", "--export", str(page))
    assert done.returncode == 0, done.stderr
    assert "Audit of" in done.stdout  # the table is still drawn on the terminal
    assert len(read_table(page.read_text(encoding="utf-8")).rows) == len(
        json.loads(orgroles("audit", "company-a", "-f", "json").stdout)["duties"]
    )


def test_classify_export_html_is_the_report_page(tmp_path: Path) -> None:
    page = tmp_path / "out.html"
    done = orgroles("classify", "seo", "用户运营", "--export", str(page))
    assert done.returncode == 0, done.stderr
    assert duty_texts(page.read_text(encoding="utf-8")) == ["seo", "用户运营"]


def test_the_audit_page_is_pure_and_escapes_the_chart(lib: Library) -> None:
    ex = explainer()
    company = lib.companies["company-c"]
    page = report_html.audit_page(audit_company(company, ex, "ko"), company, ex.names)
    assert page.startswith("<!DOCTYPE html>") and '<html lang="ko">' in page
    assert page.count('<div class="dept"') == sum(len(c.departments) for c in company.centers)


# -- the terminal exports: no format garbles Chinese or Korean ----------------------------------------------


def test_svg_export_gives_wide_characters_two_cells(tmp_path: Path) -> None:
    svg = tmp_path / "card.svg"
    done = orgroles("show", "品牌部", "--export", str(svg))
    assert done.returncode == 0, done.stderr
    text = svg.read_text(encoding="utf-8")
    ET.fromstring(text)  # well-formed
    assert "@font-face" not in text and not re.search(r"url\([\"']?[a-z]", text)  # no remote font
    runs = re.findall(r'textLength="([0-9.]+)"[^>]*>([^<]+)</text>', text)
    [char_width] = {round(float(n) / len(t), 3) for n, t in runs if t.strip() and t.isascii() and "&" not in t}
    wide = [(float(n), t) for n, t in runs if "品牌" in t]
    assert wide
    for length, t in wide:
        plain = t.replace("&#160;", " ")
        assert length == pytest.approx(char_width * cell_len(plain), rel=1e-3)  # not char_width * len(plain)


def test_fix_svg_widens_only_runs_with_wide_characters() -> None:
    svg = '<text x="0" textLength="24.4" y="1">ab</text><text x="0" textLength="24.4" y="1">品牌</text>'
    fixed = fix_svg(svg, cell_len)
    assert 'textLength="24.4" y="1">ab<' in fixed and 'textLength="48.8" y="1">品牌<' in fixed


def test_html_export_boxes_wide_characters_in_two_columns(tmp_path: Path) -> None:
    page = tmp_path / "card.html"
    done = orgroles("compare", "company-a", "company-b", "--lang", "ko", "--export", str(page))
    assert done.returncode == 0, done.stderr
    text = page.read_text(encoding="utf-8")
    code = text[text.index("<code") : text.index("</code>")]
    outside = re.sub(r'<span class="w">.</span>', "", code)
    assert not any(cell_len(ch) == 2 for ch in outside)  # every wide character is boxed
    assert ".w { display: inline-block; width: 2ch;" in text


def test_fix_html_leaves_tags_and_ascii_alone() -> None:
    html = '<style></style><pre><code style="x"><span style="color: #800">品 a&amp;b</span>\n</code></pre>'
    fixed = fix_html(html, cell_len)
    assert '<span style="color: #800"><span class="w">品</span> a&amp;b</span>' in fixed
