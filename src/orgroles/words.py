"""The interface words: every label the card, the tables, the audit and the HTML report put around the
knowledge, in English, Korean and Chinese, in one table, so that one label is spelt one way everywhere.

Knowledge (names, terms, reasons, questions) lives in data/; these are only the words around it. Cheap to
import (a dict and a function): the one-duty card uses it, and `orgroles classify "…"` starts fast.
"""

from __future__ import annotations

from orgroles.text import in_lang

WORDS: dict[str, tuple[str, str, str]] = {
    # -- punctuation between words: Chinese takes the full-width forms, Korean and English the ASCII ones
    # (compiled.py has its own copy: the reasons it compiles are cached under a hash of its code)
    "colon": (": ", ": ", "："),
    "comma": (", ", ", ", "、"),
    "in_parens": (" ({text})", " ({text})", "（{text}）"),
    # -- the answer to a duty: the card, the classify table and the HTML report
    "duty": ("Duty", "업무", "职责"),
    "department": ("Department", "부서", "部门"),
    "division": ("Division", "부문", "部门类别"),
    "function": ("Function", "기능", "职能"),
    "confidence": ("Confidence", "신뢰도", "置信度"),
    "evidence": ("Evidence", "근거", "依据"),
    "question": ("Deciding question", "판단 질문", "判断问题"),
    "reason": ("Why", "이유", "理由"),
    "candidates": ("Candidates", "후보", "候选"),
    "departments": ("Departments", "부서별 점수", "部门得分"),
    "ambiguous": ("ambiguous", "판단 필요", "存在歧义"),
    "unclassified": ("unclassified", "미분류", "未分类"),  # the HTML report capitalises the English
    "row_number": ("#", "#", "#"),
    "classifying": ("classifying", "분류 중", "分类中"),
    "lines": ("lines", "줄", "行"),
    # where a piece of evidence came from (its `source`): the knowledge in use, or a line of terms.yaml
    "source-shipped": ("shipped", "기본 지식", "内置知识"),
    "source-data": ("your departments.yaml", "내 departments.yaml", "你的 departments.yaml"),
    "source-overlay": ("terms.yaml line {line}", "terms.yaml {line}행", "terms.yaml 第{line}行"),
    "source-correction": (
        "correction, terms.yaml line {line}",
        "수정, terms.yaml {line}행",
        "更正，terms.yaml 第{line}行",
    ),
    "unmarked": ("unmarked: {source}", "표시 없음: {source}", "未标注：{source}"),  # evidence shown plain
    # -- classify --summary
    "total_duties": ("{n} duties", "업무 {n}건", "共 {n} 项职责"),
    "count": ("Duties", "건수", "数量"),
    "share": ("Share", "비율", "占比"),
    # -- the cards of a function, a division, a company; compare, explain, cycle, list, tree
    "company": ("Company", "회사", "公司"),
    "mission": ("Mission", "미션", "使命"),
    "duties": ("Duties", "주요 업무", "职责"),  # a function's own duties
    "deliverables": ("Deliverables", "산출물", "产出物"),
    "kpis": ("KPIs", "핵심 지표", "考核指标"),
    "product_data": ("product data", "제품 데이터", "产品数据"),
    "not_product_data": ("not product data", "제품 데이터 아님", "非产品数据"),
    "reporting": ("Reporting", "보고 체계", "汇报关系"),
    "also_called": ("Also called", "다른 이름", "又称"),
    "overlaps": ("Overlaps", "겹치는 영역", "交叉地带"),
    "companies": ("In the example companies", "예시 회사에서", "案例公司中"),
    "functions": ("Functions", "기능", "职能"),
    "creates": ("Creates", "창출하는 가치", "创造的价值"),
    "judged_on": ("Judged on", "평가 기준", "考核依据"),
    "horizon": ("Time horizon", "시간 범위", "时间维度"),
    "essence": ("Essence", "본질", "本质"),
    "goal": ("Goal", "목표", "目标"),
    "example_duties": ("Example duties", "업무 예시", "典型工作"),
    "outside_model": ("outside the reference model", "기준 모델 밖", "不在参考模型内"),
    "center": ("Center", "센터", "中心"),
    "scope": ("Scope", "범위", "范围"),
    "accountable": ("Accountable for", "책임", "负责"),
    "notes": ("Notes", "특이점", "特别之处"),
    "differences": ("Differences", "차이", "差异"),
    "none": ("—", "—", "—"),
    "only-a": ("only in {a}", "{a}에만 있음", "仅{a}有"),
    "only-b": ("only in {b}", "{b}에만 있음", "仅{b}有"),
    "split": ("split across departments", "여러 부서에 나뉨", "分散在多个部门"),
    "division-diff": (
        "held by a different kind of department",
        "다른 성격의 부서가 맡음",
        "由不同类型的部门负责",
    ),
    "scope-diff": ("online/offline differs", "온라인/오프라인이 다름", "线上/线下不同"),
    "center-diff": ("organised under different centers", "소속 센터 구성이 다름", "隶属中心不同"),
    "misplaced": ("outside its division", "부문 밖", "跨部门类别"),
    "online": ("online", "온라인", "线上"),
    "offline": ("offline", "오프라인", "线下"),
    "both": ("online and offline", "온·오프라인", "线上线下"),
    "shared_ground": ("Shared ground", "공통점", "共同点"),
    "value_logic": ("Value logic", "가치의 논리", "价值逻辑"),
    "example": ("Example", "예시", "例子"),
    "step": ("Step", "단계", "步骤"),
    "content": ("Content", "내용", "内容"),
    "purpose": ("Purpose", "목적", "目的"),
    "plus_one": ("+1", "+1", "+1"),
    "reference": ("Reference model", "기준 모델", "参考模型"),
    "id": ("id", "id", "id"),
    "name": ("Name", "이름", "名称"),
    "industry": ("Industry", "업종", "行业"),
    "source": ("Source", "출처", "出处"),
    "views": (  # 10만 / 10万: Korean and Chinese count in units of ten thousand
        "{views:,} views, {conversions} conversions",
        "조회 {wan}만 회, 전환 {conversions}건",
        "阅读{wan}万次，转化{conversions}次",
    ),
    # -- audit: the table, the Markdown and the HTML report
    "audit_heading": ("Audit of {name}", "{name} 감사 결과", "{name}审计结果"),
    "findings": ("Findings", "발견 사항", "发现"),
    "no_findings": ("No findings.", "발견 사항 없음.", "没有发现。"),
    "severity": ("Severity", "심각도", "级别"),
    "kind": ("Finding", "항목", "类型"),
    "why": ("Why / deciding question", "이유 / 판단 질문", "理由 / 判断问题"),
    "fit_per_department": ("Fit per department", "부서별 적합도", "各部门匹配度"),
    "duties_that_fit": ("Duties that fit", "맞는 업무", "匹配的职责"),
    "severity-warning": ("warning", "경고", "警告"),
    "severity-info": ("info", "참고", "提示"),
    # the kinds of finding, by their codes in audit.py
    "kind-misplaced": ("in the other division", "다른 부문의 업무", "属于另一类部门"),
    "kind-sales-in-market": ("sales inside the market department", "마케팅팀 안의 영업", "市场部里的销售"),
    "kind-split": ("function split", "기능 분산", "职能分散"),
    "kind-missing": ("function missing", "기능 없음", "职能缺失"),
    "kind-ambiguous": ("needs a decision", "판단 필요", "需要判断"),
    "kind-unrecognised": ("not recognised", "인식 안 됨", "无法识别"),
    # -- the HTML report's own
    "classify_title": ("orgroles report: {n} duties", "orgroles 보고서: 업무 {n}건", "orgroles 报告：{n} 项职责"),
    "audit_title": ("orgroles audit: {name}", "orgroles 감사: {name}", "orgroles 审计：{name}"),
    "summary": ("Summary", "요약", "汇总"),
    "by_department": ("By department", "부서별", "按部门"),
    "by_function": ("By function", "기능별", "按职能"),
    "by_division": ("Duties by division", "부문별 업무", "各类别的职责"),
    "ambiguous_count": ("Ambiguous (needs a decision)", "모호함 (판단 필요)", "有歧义（需要判断）"),
    "duty_list": ("Duties", "업무", "职责"),  # the heading of the table of every duty given
    "chart": ("Org chart, coloured by division", "조직도 (부문별 색)", "组织架构（按部门类别着色）"),
    "all": ("all", "전체", "全部"),
    "shown": ("{shown} of {total} duties shown", "업무 {total}건 중 {shown}건 표시", "显示 {shown} / {total} 项职责"),
    "sort_hint": ("Click a column heading to sort.", "열 제목을 누르면 정렬됩니다.", "点击列标题排序。"),
    "tagged": ("tagged in the chart", "조직도에 지정됨", "组织架构中已标注"),
    "footer": (
        "Made by orgroles. Market creates awareness; operations connects product and user.",
        "orgroles가 만들었습니다. 마케팅은 인지도를 만들고, 운영은 제품과 사용자를 잇습니다.",
        "由 orgroles 生成。市场部建立认知；运营连接产品与用户。",
    ),
}


def word(key: str, lang: str, **fmt: object) -> str:
    """One interface word in a language (en, ko or zh), its {placeholders} filled from `fmt`."""
    return in_lang(WORDS[key], lang, **fmt)


def capitalised(text: str) -> str:
    """A word as a heading or a name in a list starts: 'unclassified' -> 'Unclassified' (Hangul and Han
    have no case, so they stay as they are)."""
    return text[:1].upper() + text[1:]
