/* ---
id: S012
title_zh: 逾期未复核仍发放
title_en: Paid while the periodic review is overdue
severity: low
references: [D14.10, D1.16]
description_zh: >
  定义：需定期复核的项目（默认低保、单人保）的一个救助对象记录（enrolment）在某月仍被发放，而
  该月已超过复核期限：最近一次复核（复核记录 assistance_reviews 中申请人或户主、同一项目、该月
  以前的最新复核日期；没有复核记录时为记录的起始月）所在月加上复核间隔月数早于该月。
  风险金额为逾期月份所发金额之和。
  不应报出的相似情形：新纳入未满一个复核周期；按期复核后继续发放；复核日期恰在期限月内。
  复核记录一条都没有导入时（无从判断），本规则不报出。
  复核间隔取最长的一档（默认 12 个月，D1.16 每年复核），每半年复核一类的家庭尚无分类数据，未做。
parameters:
  review_programmes:
    type: text_list
    default: [dibao, dibao_single_person]
    config_key: supervision.review.programmes
    description_zh: 须定期复核的项目（D1.16；示例值）
  review_interval_months:
    type: integer
    default: 12
    config_key: supervision.review.interval_months
    description_zh: 复核间隔（月；D1.16 收入稳定家庭每年复核；示例值）
uses: [paid_months]
outputs:
  id_number: text
  household_id: int64
  area_code: text
  programme: text
  first_month: date
  last_month: date
  months: integer
  amount_at_risk: amount
  evidence: text
--- */
WITH paid AS (
    SELECT m.*, e.starts_on, e.applicant_person_id
    FROM paid_months AS m
    JOIN enrolments AS e ON e.enrolment_id = m.enrolment_id
    WHERE m.programme IN ($review_programmes)
),
last_review AS (
    SELECT
        p.line_id,
        p.month,
        MAX(YEAR(r.review_date) * 12 + MONTH(r.review_date)) AS review_index,
        MAX(r.review_date) AS review_date
    FROM paid AS p
    JOIN persons AS who ON who.person_id IN (p.applicant_person_id, p.payee_id)
    JOIN assistance_reviews AS r
        ON r.person_key = who.person_key AND r.programme = p.programme
    WHERE YEAR(r.review_date) * 12 + MONTH(r.review_date) <= p.month_index
    GROUP BY p.line_id, p.month
),
flagged AS (
    SELECT
        p.*,
        COALESCE(l.review_index, YEAR(p.starts_on) * 12 + MONTH(p.starts_on)) AS since_index,
        l.review_date
    FROM paid AS p
    LEFT JOIN last_review AS l ON l.line_id = p.line_id AND l.month = p.month
    WHERE p.month_index
        > COALESCE(l.review_index, YEAR(p.starts_on) * 12 + MONTH(p.starts_on))
          + $review_interval_months
      -- no review record loaded at all: no evidence either way, the rule stays silent
      AND EXISTS (SELECT 1 FROM assistance_reviews)
)
SELECT
    p.id_number,
    MAX(f.household_id) AS household_id,
    MAX(f.area_code) AS area_code,
    f.programme,
    MIN(f.month) AS first_month,
    MAX(f.month) AS last_month,
    COUNT(DISTINCT f.month) AS months,
    SUM(f.amount) AS amount_at_risk,
    '{"last_review": ' || COALESCE('"' || CAST(MAX(f.review_date) AS VARCHAR) || '"', 'null')
        || ', "enrolled_from": "' || CAST(MIN(f.starts_on) AS VARCHAR)
        || '", "overdue_months": ' || CAST(COUNT(DISTINCT f.month) AS VARCHAR) || '}' AS evidence
FROM flagged AS f
JOIN persons AS p ON p.person_id = f.beneficiary_id
GROUP BY p.id_number, f.programme
