"""The matcher's behaviours a user notices: spelling variants, scripts, typos, senses, and never forcing a guess."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from orgroles.api import classify, classify_many
from orgroles.engine import Explainer, explainer
from orgroles.errors import UsageError
from orgroles.matcher import FuzzyVocabulary
from orgroles.text import fold, stem, strip_particle


@pytest.fixture(scope="module")
def ex() -> Explainer:
    return explainer()


def answer(ex: Explainer, text: str) -> tuple[str, str | None]:
    r = ex.run(text)
    return r.department, r.function


@pytest.mark.parametrize("word", ["operation", "operations", "operating", "operate"])
def test_english_inflections_meet(word: str) -> None:
    assert stem(word) == stem("operation")


@pytest.mark.parametrize(
    "text",
    ["community operation", "Community Operations", "COMMUNITY OPERATING", "ｃｏｍｍｕｎｉｔｙ ｏｐｅｒａｔｉｏｎｓ"],
)
def test_case_width_and_inflection_do_not_matter(ex: Explainer, text: str) -> None:
    assert answer(ex, text) == answer(ex, "community operation")
    assert answer(ex, text)[0] == "operations"


@pytest.mark.parametrize("text", ["커뮤니티를 운영합니다", "커뮤니티 운영", "커뮤니티운영"])
def test_korean_particles_and_spacing(ex: Explainer, text: str) -> None:
    assert answer(ex, text) == ("operations", "user-ops")


@pytest.mark.parametrize("text", ["위기 관리", "위기관리", "보도 자료 작성", "보도자료 작성"])
def test_korean_terms_match_with_or_without_spaces(ex: Explainer, text: str) -> None:
    assert answer(ex, text) == ("market", "pr")


def test_a_korean_term_never_matches_across_two_words(ex: Explainer) -> None:
    r = ex.as_dict(ex.run("반영 업데이트"))  # 영업 (sales) stands across 반영|업데이트
    assert r["department"] != "sales"
    assert all(e["term"] != "영업" for e in r["evidence"])


def test_no_term_spans_clause_punctuation(ex: Explainer) -> None:
    assert answer(ex, "Open a new store. Listing prices weekly")[1] != "app-store-ops"


def test_korean_compound_without_space(ex: Explainer) -> None:
    assert answer(ex, "콘텐츠운영") == answer(ex, "콘텐츠 운영") == ("operations", "content-ops")


def test_chinese_without_spaces(ex: Explainer) -> None:
    assert answer(ex, "负责公众号内容运营和选题排版") == ("operations", "content-ops")
    assert answer(ex, "负责品牌定位与品牌视觉规范") == ("market", "brand")


def test_mixed_scripts(ex: Explainer) -> None:
    assert answer(ex, "KOL 마케팅 담당")[0] == "market"
    assert answer(ex, "负责 App Store 的 ASO 优化") == ("operations", "app-store-ops")


@pytest.mark.parametrize(
    ("typo", "right"),
    [
        ("comunity operation", "community operation"),
        ("user retenton", "user retention"),
        ("커뮤니타 운영", "커뮤니티 운영"),
    ],
)
def test_one_typo_in_a_long_word_still_matches(ex: Explainer, typo: str, right: str) -> None:
    assert answer(ex, typo) == answer(ex, right)
    assert answer(ex, typo)[0] != "unclassified"


@pytest.mark.parametrize(
    ("plural", "singular"),
    [
        ("manage KOLs for the launch", "manage KOL for the launch"),
        ("keep SKUs listed and priced", "keep SKU listed and priced"),
        ("shoot TVCs for the brand", "shoot TVC for the brand"),
        ("grow DAUs", "grow DAU"),
        ("design KVs for the campaign", "design KV for the campaign"),
        ("send EDMs to members", "send EDM to members"),
        ("write ads copy", "write ad copy"),
    ],
)
def test_plurals_of_acronyms_and_short_words_meet_their_singular(ex: Explainer, plural: str, singular: str) -> None:
    assert answer(ex, plural) == answer(ex, singular)
    assert ex.as_dict(ex.run(plural))["evidence"], plural


def test_short_words_that_are_no_plurals_keep_their_s() -> None:
    assert stem("its") == "its" and stem("pos") == "pos" and stem("news") == "news"
    assert stem("kols") == stem("kol") and stem("ads") == stem("ad")


@pytest.mark.parametrize("invisible", ["\u00ad", "\u200d", "\u200c", "\u2060", "\ufeff"])
@pytest.mark.parametrize(
    ("word", "rest"), [("brand", " strategy"), ("리텐션", " 관리"), ("品牌", "定位"), ("retention", "")]
)
def test_an_invisible_format_character_inside_a_word_does_not_split_it(
    ex: Explainer, invisible: str, word: str, rest: str
) -> None:
    split = word[:2] + invisible + word[2:] + rest
    assert answer(ex, split) == answer(ex, word + rest) != ("unclassified", None)


def test_a_zero_width_space_parts_words() -> None:
    assert fold("brand\u200bstrategy") == "brand strategy"


def test_typo_evidence_shows_the_word_as_written(ex: Explainer) -> None:
    r = ex.as_dict(ex.run("user retenton"))
    assert any("retenton" in e["text"] for e in r["evidence"])


def test_short_words_match_whole_words_only(ex: Explainer) -> None:
    r = ex.as_dict(ex.run("product roadmap for engineers"))
    assert all(e["term"].lower() != "pr" for e in r["evidence"])


@pytest.mark.parametrize(
    "text",
    ["server operations and on-call", "서버 운영 및 인프라 관리", "负责服务器运维和机房运营", "warehouse operations"],
)
def test_operations_of_servers_or_warehouses_is_not_internet_operations(ex: Explainer, text: str) -> None:
    assert answer(ex, text)[0] == "unclassified"


def test_hongbo_is_pr_or_promotion_by_context(ex: Explainer) -> None:
    assert answer(ex, "언론 홍보 및 보도자료 배포") == ("market", "pr")
    assert answer(ex, "신제품 판매 촉진을 위한 제품 홍보")[1] != "pr"


def test_gihoek_as_product_planning_is_outside_both(ex: Explainer) -> None:
    assert answer(ex, "서비스 기획 및 화면 설계, 기능 정의서 작성")[0] == "unclassified"
    assert answer(ex, "마케팅 캠페인 기획")[0] == "market"


def test_event_marketing_vs_activity_operations(ex: Explainer) -> None:
    assert answer(ex, "plan the product launch event and trade show booth") == ("market", "marketing-planning")
    assert answer(ex, "负责签到、抽奖等站内活动的策划与执行，活动结束后复盘")[1] == "activity-ops"


@pytest.mark.parametrize(
    "text",
    [
        "close enterprise deals and own the quarterly sales quota",
        "광고 영업 및 신규 고객사 발굴",
        "负责大客户签约与回款",
    ],
)
def test_deal_closing_is_sales(ex: Explainer, text: str) -> None:
    assert answer(ex, text) == ("sales", None)


@pytest.mark.parametrize(
    "text",
    [
        "backend software engineer (Java)",
        "급여 및 회계 결산",
        "负责公司法务合同审核",
        "asdf qwer zxcv",
        "ㅁㄴㅇㄹ",
        "   ",
    ],
)
def test_unrelated_work_is_unclassified_with_low_confidence(ex: Explainer, text: str) -> None:
    r = ex.run(text)
    assert r.department == "unclassified" and r.function is None
    assert r.confidence < 0.5


def test_ambiguous_overlap_asks_its_question(ex: Explainer) -> None:
    r = ex.as_dict(ex.run("community manager"))
    assert r["ambiguous"] is True
    assert r["question"]


def test_reason_follows_the_language(ex: Explainer) -> None:
    assert "retention" in ex.as_dict(ex.run("user retention"))["reason"]
    assert "리텐션" in ex.as_dict(ex.run("사용자 리텐션 관리"))["reason"]
    assert "留存" in ex.as_dict(ex.run("提升用户留存率"))["reason"]
    assert "留存" in ex.as_dict(ex.run("user retention"), lang="zh")["reason"]


def test_candidates_are_sorted_and_deterministic(ex: Explainer) -> None:
    r = ex.as_dict(ex.run("brand PR new media community events SEO"), top=10)
    scores = [c["score"] for c in r["candidates"]]
    assert scores == sorted(scores, reverse=True)
    assert r == ex.as_dict(ex.run("brand PR new media community events SEO"), top=10)


def test_a_long_line_is_linear_not_explosive(ex: Explainer) -> None:
    r = ex.run("brand strategy " * 50_000)  # ~750 kB: must simply finish
    assert r.department == "market"


@pytest.mark.parametrize("word", ["x" * 5_000_000, "가" * 1_000_000, "brandx" * 500_000])
def test_one_enormous_word_is_not_typo_corrected(ex: Explainer, word: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # a one-edit search over a word of millions of letters would build millions of copies of it
    def no_search(self: FuzzyVocabulary, typo: str) -> None:
        raise AssertionError(f"a {len(typo):,}-letter word was searched for typos")

    monkeypatch.setattr(FuzzyVocabulary, "lookup", no_search)
    r = ex.run(word)
    assert r.department == "unclassified" and r.evidence == []


def test_public_api_returns_models_and_rejects_empty() -> None:
    one = classify("user retention")
    assert one.department == "operations" and one.function == "user-ops"
    many = list(classify_many(["press release", "", "品牌定位"]))
    assert [m.department for m in many] == ["market", "unclassified", "market"]
    with pytest.raises(UsageError):
        classify("  ")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_never_raises_and_is_deterministic(text: str) -> None:
    a = classify_many([text])
    b = classify_many([text])
    assert list(a) == list(b)


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(["Brand Strategy", "User Retention", "press release", "社群运营", "앱스토어 최적화"]))
def test_case_width_and_whitespace_do_not_change_the_answer(text: str) -> None:
    base = classify(text)
    fullwidth = "".join(chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else ch for ch in text)
    for variant in (text.upper(), text.lower(), f"  {text}\t", fold(text), fullwidth):
        other = classify(variant)
        assert (other.department, other.function, other.confidence) == (base.department, base.function, base.confidence)


def test_the_card_wraps_chinese_without_starting_a_line_with_punctuation() -> None:
    from orgroles.card import width_of, wrap

    lines = wrap("讲企业的品牌故事（愿景、理念、文化）、老板的个人故事", 12)
    assert all(width_of(line) <= 12 for line in lines)
    assert not any(line[0] in "，。、；：）" for line in lines)
    assert "".join(lines) == "讲企业的品牌故事（愿景、理念、文化）、老板的个人故事"
    assert wrap("Is the community a retention channel", 14) == ["Is the", "community a", "retention", "channel"]


@pytest.mark.parametrize(
    ("text", "says"), [("operations", "Too little to decide"), ("운영", "근거가 부족"), ("运营", "依据不足")]
)
def test_too_little_evidence_says_so_instead_of_belonging_to_neither(ex: Explainer, text: str, says: str) -> None:
    r = ex.as_dict(ex.run(text))
    assert r["department"] == "unclassified" and r["candidates"][0]["department"] == "operations"
    assert says in r["reason"] and ex.names["operations"][r["lang"]] in r["reason"]


def test_unrelated_work_keeps_the_principle_as_its_reason(ex: Explainer) -> None:
    r = ex.as_dict(ex.run("서버 운영 및 장애 대응"))
    assert r["department"] == "unclassified" and "속하지 않는다" in r["reason"]


def test_only_the_first_million_characters_of_a_duty_are_read(ex: Explainer) -> None:
    padding = "x " * 500_000  # 1,000,000 characters of nothing
    assert ex.run(padding + "brand strategy").department == "unclassified"
    r = ex.as_dict(ex.run("brand strategy " + padding))
    assert r["department"] == "market" and r["text"].startswith("brand strategy")


@pytest.mark.parametrize(
    "text",
    [
        "Backend Engineer: build the services behind user retention, activation and conversion",
        "Product Manager (Growth): run experiments on onboarding to lift activation and retention",
        "产品经理（增长）：负责新用户激活与留存实验",
        "백엔드 개발자: 회원 가입 전환과 리텐션 지표를 높이는 서비스 개발",
    ],
)
def test_a_titles_head_noun_outside_both_departments_decides_over_duty_words(ex: Explainer, text: str) -> None:
    duty = fold(text).partition(":")[2]
    assert ex.run(duty).department == "operations"  # the duty words alone are operations
    assert ex.run(text).department == "unclassified"


def test_only_the_titles_head_noun_weighs_most_and_a_qualifier_in_brackets_is_no_head(ex: Explainer) -> None:
    def weight_of(text: str, word: str) -> float:
        return next(e["weight"] for e in ex.as_dict(ex.run(text))["evidence"] if e["text"] == word)

    plain = weight_of("build services with an engineer", "engineer")
    assert weight_of("Backend Engineer: build services", "Engineer") > 2 * plain  # the head: more than a title word
    assert weight_of("Engineer (Backend): build services", "Engineer") > 2 * plain
    assert weight_of("Engineer Backend: build services", "Engineer") == 2 * plain  # a title word, not its head


@pytest.mark.parametrize(("singular", "plural"), [("page", "pages"), ("sale", "sales"), ("site", "sites")])
def test_a_short_word_ending_in_e_meets_its_plural(singular: str, plural: str) -> None:
    assert stem(singular) == stem(plural)


def test_accounting_is_not_a_social_account(ex: Explainer) -> None:
    assert stem("accounting") != stem("account")
    assert ex.run("accounting operations: month-end close and reconciliations").department == "unclassified"
    assert ex.run("account operations on our social channels").department != "unclassified"


@pytest.mark.parametrize(
    ("word", "read"),
    [
        ("데이터분석가", "데이터분석가"),
        ("콘텐츠기획가", "콘텐츠기획가"),
        ("디자이너가", "디자이너"),
        ("프로모션이", "프로모션"),
        ("브랜드매니저와", "브랜드매니저"),
        ("브랜드채널로", "브랜드채널"),
        ("유입경로", "유입경로"),
    ],
)
def test_a_korean_particle_is_dropped_only_after_the_sound_it_follows(word: str, read: str) -> None:
    # 가/와/로 follow a vowel, 이/과 a final consonant: after the other kind the syllable is the word's own
    assert strip_particle(word) == read


def test_a_korean_person_noun_written_together_keeps_its_suffix(ex: Explainer) -> None:
    assert ex.run("데이터분석가: 지표 정의와 대시보드 구축").department == "unclassified"


def test_a_korean_word_with_another_suffix_is_no_typo() -> None:
    vocab = FuzzyVocabulary(["기획자", "커뮤니티"], [])
    assert vocab.fix("기획가") is None  # a planner (-가), not a misspelt 기획자
    assert vocab.fix("커뮤니타") == "커뮤니티"  # a typo in the last syllable is still corrected


@pytest.mark.parametrize(
    ("text", "not_meant"),
    [
        ("Build the React front end", "reach"),
        ("Submit weekly expense reports", "summit"),
        ("Mix audio for podcasts", "audit"),
        ("Enter our designs in contests", "content"),
        ("Look after small business owners", "Tmall"),
    ],
)
def test_a_real_english_word_is_never_corrected_into_a_term(ex: Explainer, text: str, not_meant: str) -> None:
    evidence = ex.as_dict(ex.run(text))["evidence"]
    assert all(e["term"].lower() != not_meant for e in evidence), evidence


def test_a_korean_particle_is_no_typo() -> None:
    vocab = FuzzyVocabulary(["전환율", "커뮤니티", "이용자"], [])
    assert vocab.fix("전환을") is None  # 전환 + the particle 을, not a misspelt 전환율
    assert vocab.fix("커뮤니타를") == "커뮤니티를"  # the word before the particle is still corrected
    assert vocab.fix("이용하는") is None  # the verb 이용하- + 는, not a misspelt 이용자는


def test_the_dictionary_is_not_loaded_for_a_duty_it_need_not_check() -> None:
    code = (
        "import sys\nfrom orgroles import classify\nclassify('community operation')\n"
        "print('spellchecker' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout == "False\n"


def test_a_chinese_titles_head_noun_counts_though_a_longer_term_took_its_first_characters(ex: Explainer) -> None:
    # the scan reads 网络营销 first; the title's head 营销顾问 (a sales role) still counts, and decides
    r = ex.as_dict(ex.run("网络营销顾问：在线回复咨询，引导客户下单"))
    assert {"网络营销", "营销顾问"} <= {e["term"] for e in r["evidence"]}
    assert r["department"] == "sales"


@pytest.mark.parametrize(
    ("as_role", "as_audience"),
    [
        (
            "Reporter: cover city council meetings and file daily news stories",
            "PR Specialist: pitch our launch to reporters and arrange their interviews",
        ),
        ("记者：跑政法口，采访当事人并撰写新闻报道", "公关专员：维护与记者的日常联系，安排媒体采访"),
        ("기자: 경제 분야를 취재하고 기사를 송고한다", "홍보 담당: 경제지 기자에게 보도자료를 보내고 인터뷰를 잡는다"),
    ],
)
def test_a_head_only_role_noun_names_the_job_only_as_the_titles_head(
    ex: Explainer, as_role: str, as_audience: str
) -> None:
    # the reporter as the title's head is a newsroom job, outside both departments; the same word in
    # a PR duty names the people PR addresses, and the duty stays PR
    assert answer(ex, as_role)[0] == "unclassified"
    audience = ex.as_dict(ex.run(as_audience))
    assert (audience["department"], audience["function"]) == ("market", "pr")
    assert not any(e["department"] == "unclassified" for e in audience["evidence"])  # the word adds nothing


@pytest.mark.parametrize("title", ["Senior Reporter", "新闻记者", "방송기자"])
def test_a_bare_title_is_its_own_head(ex: Explainer, title: str) -> None:
    r = ex.as_dict(ex.run(title))
    assert r["department"] == "unclassified"
    assert any(e["department"] == "unclassified" for e in r["evidence"])  # the role itself is the evidence


def test_a_head_only_word_inside_a_duty_adds_nothing(ex: Explainer) -> None:
    r = ex.as_dict(ex.run("Moderator: review flagged posts against the community rules"))
    assert any(e["term"] == "moderator" and e["department"] == "unclassified" for e in r["evidence"])
    r = ex.as_dict(ex.run("Community Manager: recruit a volunteer moderator for each forum board"))
    assert not any(e["term"] == "moderator" and e["department"] == "unclassified" for e in r["evidence"])
