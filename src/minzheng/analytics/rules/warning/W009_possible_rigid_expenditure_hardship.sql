/* ---
id: W009
title_zh: 未纳入救助的疑似刚性支出困难家庭
title_en: Household on no programme that looks like rigid-expenditure hardship
severity: low
references: [D5.1, D3.6, D5.4, D1.13]
description_zh: >
  未享受任何救助、未纳入监测的家庭，收入不低于低保边缘线（否则见W008），人均年收入低于
  上年度当地城镇或农村居民人均可支配收入，存款、车辆、住房、经营主体未见不符合低收入人口
  财产规定的情况（D1.13），而近12个月
  医保结算的个人自付合计超过家庭同期收入的一定比例（默认60%，D3.6）：疑似刚性支出困难家庭。
# _views/household_lines.sql: lines and monitoring layers;
# _views/over_property_limits.sql: the property rules (D1.13), checked for `members`
uses: [household_lines, over_property_limits]
parameters:
  disposable_income_urban:
    type: money
    default: "45000.00"
    config_key: reference.disposable_income.urban
    description_zh: 上年度当地城镇居民人均可支配收入（元/人·年；示例值）
  disposable_income_rural:
    type: money
    default: "25000.00"
    config_key: reference.disposable_income.rural
    description_zh: 上年度当地农村居民人均可支配收入（元/人·年；示例值）
  rigid_expenditure_ratio:
    type: ratio
    default: "0.6"
    config_key: rigid_hardship.expenditure_ratio
    description_zh: 刚性支出占家庭收入的比例超过此值（D3.6，各地60%–80%）
  window_months:
    type: integer
    default: 12
    config_key: household.expenditure_months
    description_zh: 统计刚性支出的月数（D3.6：近12个月）
  deposit_months:
    type: ratio
    default: "36"
    config_key: low_income.property.deposit_months
    description_zh: 人均存款须低于此月数的低保标准（示例值）
outputs:
  id_number: text
  household_id: int64
  area_code: text
  out_of_pocket_12m: money
  household_income_12m: money
  evidence: text
--- */
-- Income over the window is the registry's monthly household income times the
-- window; ratios are compared by multiplication (exact decimals on every engine).
-- Spending is summed for every household, but the property checks run only for the
-- few candidate households whose spending is over the ratio.
WITH standards AS (
    SELECT
        household_id, area_code, size, head_person_id, monthly_income, deposits, programme,
        dibao_standard AS standard,
        near_dibao_line,
        CASE WHEN urban_rural = 'rural' THEN $disposable_income_rural
             ELSE $disposable_income_urban END AS disposable_income
    FROM household_lines
),
candidates AS (
    SELECT household_id, area_code, size, head_person_id, monthly_income
    FROM standards
    WHERE programme = ''
      AND size > 0
      AND monthly_income >= near_dibao_line
      AND monthly_income * 12 < disposable_income * size
      AND deposits < $deposit_months * standard * size
),
spending AS (
    SELECT p.household_id, SUM(s.out_of_pocket) AS out_of_pocket
    FROM medical_settlements AS s
    JOIN persons AS p ON p.person_key = s.person_key
    WHERE s.settlement_date >= $period_end - INTERVAL ($window_months) MONTH
      AND s.settlement_date < $period_end
    GROUP BY p.household_id
),
hardship AS (
    SELECT c.*, s.out_of_pocket, c.monthly_income * $window_months AS income_window
    FROM candidates AS c
    JOIN spending AS s ON s.household_id = c.household_id
    WHERE s.out_of_pocket > $rigid_expenditure_ratio * c.monthly_income * $window_months
),
members AS (
    SELECT p.household_id, p.person_key
    FROM persons AS p
    JOIN hardship AS h ON h.household_id = p.household_id
),
eligible AS (
    SELECT h.*
    FROM hardship AS h
    LEFT JOIN over_property_limits AS o ON o.household_id = h.household_id
    WHERE o.household_id IS NULL
)
SELECT
    head.id_number,
    h.household_id,
    h.area_code,
    h.out_of_pocket AS out_of_pocket_12m,
    h.income_window AS household_income_12m,
    '未纳入救助；近' || CAST($window_months AS VARCHAR) || '个月医疗个人自付'
        || CAST(h.out_of_pocket AS VARCHAR) || '元，家庭同期收入' || CAST(h.income_window AS VARCHAR)
        || '元，超过刚性支出比例' || CAST($rigid_expenditure_ratio AS VARCHAR) AS evidence
FROM eligible AS h
LEFT JOIN persons AS head ON head.person_id = h.head_person_id
