"""The commented starter org chart that `orgroles init` writes, in each language; it audits cleanly."""

from __future__ import annotations

STARTER = {
    "en": """\
# Your org chart for orgroles. Describe your company here, then run:
#   orgroles audit orgchart.yaml          # findings against the article's principle
#   orgroles tree orgchart.yaml -f mermaid
# Editors can validate and complete this file: orgroles schema orgchart > orgchart.schema.json
schema_version: 1
companies:
  - id: my-company                 # lowercase-and-hyphens id
    name: My Company
    industry: Mobile app
    centers:                       # the centers (or groups) your departments belong to
      - id: marketing-center
        name: Marketing Center
        departments:
          - id: brand
            name: Brand team
            division: market       # what the department is meant to be: market, operations or sales
            scope: both            # online, offline or both
            accountable_for: The company's brand image
            duties:                # one duty per line, in your own words, in any language
              - Brand positioning, slogan and visual identity guidelines
              - Press releases, media relations and crisis communication
              - Product launch events and trade shows
      - id: operations-center
        name: Operations Center
        departments:
          - id: growth
            name: Growth operations
            division: operations
            scope: online
            accountable_for: New users, retention and conversion in the app
            duties:
              - Grow new users and improve 30-day retention
              - In-app promotions with sign-in rewards and coupons, reviewed on conversion data
              - App store optimization, keyword ranking and store listing
      - id: sales-center
        name: Sales Center
        departments:
          - id: sales
            name: Sales team
            division: sales
            scope: offline
            accountable_for: Signed contracts and revenue
            duties:
              - Close enterprise deals and meet the quarterly sales quota
""",
    "ko": """\
# orgroles용 조직도입니다. 회사를 여기에 적고 다음을 실행하세요.
#   orgroles audit orgchart.yaml          # 글의 원칙에 비춘 감사 결과
#   orgroles tree orgchart.yaml -f mermaid
# 편집기에서 검증과 자동 완성: orgroles schema orgchart > orgchart.schema.json
schema_version: 1
companies:
  - id: my-company                 # 소문자와 하이픈으로 된 id
    name: 우리 회사
    industry: 모바일 앱
    centers:                       # 부서가 속한 센터(본부)
      - id: marketing-center
        name: 마케팅 본부
        departments:
          - id: brand
            name: 브랜드팀
            division: market       # 부서의 성격: market, operations 또는 sales
            scope: both            # online, offline 또는 both
            accountable_for: 회사의 브랜드 이미지
            duties:                # 업무 한 줄에 하나씩, 자유롭게, 어느 언어로든
              - 브랜드 포지셔닝, 슬로건, 브랜드 아이덴티티 가이드라인
              - 보도자료 배포, 언론 관계, 위기 커뮤니케이션
              - 신제품 발표회와 전시회 기획
      - id: operations-center
        name: 운영 본부
        departments:
          - id: growth
            name: 그로스 운영팀
            division: operations
            scope: online
            accountable_for: 앱의 신규 유저, 리텐션, 전환
            duties:
              - 신규 유저 유치와 30일 리텐션 개선
              - 출석 체크 리워드와 쿠폰 등 앱 내 이벤트 운영, 전환 데이터로 회고
              - 앱스토어 최적화(ASO), 키워드 순위와 스토어 등록 관리
      - id: sales-center
        name: 영업 본부
        departments:
          - id: sales
            name: 영업팀
            division: sales
            scope: offline
            accountable_for: 계약 체결과 매출
            duties:
              - 기업 고객 계약 체결과 분기 영업 목표 달성
""",
    "zh": """\
# orgroles 组织架构文件。在这里描述你的公司，然后运行：
#   orgroles audit orgchart.yaml          # 按文章原则给出审计结果
#   orgroles tree orgchart.yaml -f mermaid
# 编辑器校验与补全：orgroles schema orgchart > orgchart.schema.json
schema_version: 1
companies:
  - id: my-company                 # 小写字母和连字符组成的 id
    name: 我们公司
    industry: 移动应用
    centers:                       # 部门所属的中心
      - id: marketing-center
        name: 市场中心
        departments:
          - id: brand
            name: 品牌部
            division: market       # 部门的定位：market、operations 或 sales
            scope: both            # online、offline 或 both
            accountable_for: 公司品牌形象
            duties:                # 每行一项职责，用自己的话写，任何语言均可
              - 品牌定位、品牌口号与品牌视觉规范
              - 撰写新闻稿、维护媒体关系、危机公关
              - 策划新品发布会与展会
      - id: operations-center
        name: 运营中心
        departments:
          - id: growth
            name: 用户运营部
            division: operations
            scope: online
            accountable_for: App 的新增用户、留存与转化
            duties:
              - 拉新与提升30日留存率
              - 策划签到、抽奖、优惠券等站内活动，按转化数据复盘
              - 应用商店ASO优化、关键词排名与上架管理
      - id: sales-center
        name: 销售中心
        departments:
          - id: sales
            name: 销售部
            division: sales
            scope: offline
            accountable_for: 签约与回款
            duties:
              - 大客户签约，完成季度销售业绩目标
""",
}
