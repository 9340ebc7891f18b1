/* ---
id: W008
title_zh: 未纳入救助的疑似低保或低保边缘家庭
title_en: Household on no programme that looks dibao-eligible or near-dibao
severity: medium
references: [D5.1, D3.5, D1.13, D1.11, D1.2]
description_zh: >
  未享受任何救助、未纳入监测的家庭，按登记收入与本月社保缴费工资（取较高者）计算的家庭
  月收入低于低保边缘线（低保标准的1.5倍，D3.5），且各部门数据未见不符合财产规定的情况
  （D1.13，取低收入人口的财产规定：非生产经营用车、住宅套数、较大经营主体、存款不超过上限）。
  收入低于低保标准的标为疑似低保（dibao），其余为疑似低保边缘（near_dibao）。
  工作人员应主动告知政策（D1.2）。
# _views/household_lines.sql: lines and monitoring layers;
# _views/over_property_limits.sql: the property rules (D1.13), checked for `members`
uses: [household_lines, over_property_limits]
parameters:
  deposit_months:
    type: ratio
    default: "36"
    config_key: low_income.property.deposit_months
    description_zh: 人均存款须低于此月数的低保标准（示例值）
outputs:
  id_number: text
  household_id: int64
  area_code: text
  layer: text
  household_income: money
  household_size: integer
  evidence: text
--- */
-- Income is the greater of the registry's household income and the sum over members
-- of max(registry income, this month's wages). Registry income is thus a lower bound,
-- so households already above the line are dropped first and the feeds are read only
-- for the few that remain.
WITH candidates AS (
    SELECT
        household_id,
        area_code,
        size,
        head_person_id,
        deposits,
        monthly_income AS registry_income,
        dibao_standard AS standard,
        near_dibao_line
    FROM household_lines
    WHERE programme = ''
      AND size > 0
      AND monthly_income < near_dibao_line
),
members AS (
    SELECT p.household_id, p.person_key, p.monthly_income
    FROM persons AS p
    JOIN candidates AS c ON c.household_id = p.household_id
    WHERE p.life_status = 'alive'
),
-- Wages are read for the members of the candidate households only (a semi-join),
-- from wage_months: one row per person and month, already summed over employers.
wages AS (
    SELECT w.person_key, SUM(w.wage) AS wage
    FROM wage_months AS w
    JOIN members AS m ON m.person_key = w.person_key
    WHERE w.month >= $period_start AND w.month < $period_end
    GROUP BY w.person_key
),
income AS (
    SELECT
        m.household_id,
        SUM(GREATEST(m.monthly_income, COALESCE(w.wage, m.monthly_income))) AS income
    FROM members AS m
    LEFT JOIN wages AS w ON w.person_key = m.person_key
    GROUP BY m.household_id
),
incomes AS (
    SELECT c.*, GREATEST(c.registry_income, COALESCE(i.income, c.registry_income)) AS income
    FROM candidates AS c
    LEFT JOIN income AS i ON i.household_id = c.household_id
),
eligible AS (
    SELECT c.*
    FROM incomes AS c
    LEFT JOIN over_property_limits AS o ON o.household_id = c.household_id
    WHERE c.income < c.near_dibao_line
      AND o.household_id IS NULL
      AND c.deposits < $deposit_months * c.standard * c.size
)
SELECT
    head.id_number,
    e.household_id,
    e.area_code,
    CASE WHEN e.income < e.standard * e.size THEN 'dibao' ELSE 'near_dibao' END AS layer,
    e.income AS household_income,
    e.size AS household_size,
    '未纳入救助；家庭月收入' || CAST(e.income AS VARCHAR) || '元/' || CAST(e.size AS VARCHAR)
        || '人，低于'
        || CASE WHEN e.income < e.standard * e.size THEN '低保标准' ELSE '低保边缘线' END
        || '（标准' || CAST(e.standard AS VARCHAR) || '元/人·月）；车辆、住房、经营主体、存款'
        || '未超出低收入人口财产规定' AS evidence
FROM eligible AS e
LEFT JOIN persons AS head ON head.person_id = e.head_person_id
