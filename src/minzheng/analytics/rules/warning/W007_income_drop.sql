/* ---
id: W007
title_zh: 社保缴费工资大幅下降
title_en: Sharp drop in social-insurance wages
severity: medium
references: [D5.1, D5.2, D1.11, D1.16, D3.5]
description_zh: >
  人社部门推送的社保缴费工资：前若干个月（默认3个月）每月都有缴费，本月工资（无记录按0计）
  比前几个月的月均下降一半以上（比例可配置）。只报两类家庭：在动态监测范围内的（收入变化
  需复核，D1.16），以及按下降后的工资计算，家庭登记收入将低于低保边缘线的（D3.5）。
uses: [household_lines]  # _views/household_lines.sql: lines and monitoring layers
parameters:
  lookback_months:
    type: integer
    default: 3
    config_key: warning.income_drop.lookback_months
    description_zh: 与本月比较的前几个月（月数）
  drop_ratio:
    type: ratio
    default: "0.5"
    config_key: warning.income_drop.ratio
    description_zh: 本月工资比前几个月月均下降的比例达到此值即预警
outputs:
  id_number: text
  household_id: int64
  area_code: text
  previous_total: money
  current_wage: money
  evidence: text
--- */
-- Reads wage_months (one row per person key and month, summed over employers when the
-- wage file was imported), so wages in every look-back month is a row count.
-- Averages are compared by cross-multiplying with the month count: exact decimal
-- arithmetic on every engine, no division and so no rounding differences. Zeros are
-- typed DECIMAL(12, 2) so that every engine prints a month without wages as 0.00.
WITH wages AS (
    SELECT
        person_key,
        SUM(CASE WHEN month >= $period_start THEN wage ELSE CAST(0 AS DECIMAL(12, 2)) END)
            AS current_wage,
        SUM(CASE WHEN month < $period_start THEN wage ELSE CAST(0 AS DECIMAL(12, 2)) END)
            AS previous_total,
        COUNT(CASE WHEN month < $period_start THEN month END) AS previous_months
    FROM wage_months
    WHERE month >= $period_start - INTERVAL ($lookback_months) MONTH
      AND month < $period_end
    GROUP BY person_key
),
dropped AS (
    SELECT *
    FROM wages
    WHERE previous_months = $lookback_months
      AND previous_total > 0
      AND previous_total - current_wage * $lookback_months >= $drop_ratio * previous_total
)
SELECT
    p.id_number,
    p.household_id,
    p.area_code,
    d.previous_total,
    d.current_wage,
    '社保缴费工资：前' || CAST($lookback_months AS VARCHAR) || '个月合计'
        || CAST(d.previous_total AS VARCHAR) || '元，本月' || CAST(d.current_wage AS VARCHAR) || '元；'
        || CASE
            WHEN h.monitored
                THEN '家庭在监测范围（' || h.layer_label || '），需复核收入'
            ELSE '按本月工资计，家庭收入将低于低保边缘线'
        END AS evidence
FROM dropped AS d
JOIN persons AS p ON p.person_key = d.person_key
JOIN household_lines AS h ON h.household_id = p.household_id
WHERE h.monitored
   -- household income with this member's average replaced by this month's wage:
   -- n * income - previous_total + n * current < n * near-dibao line
   OR h.monthly_income * $lookback_months - d.previous_total + d.current_wage * $lookback_months
       < $lookback_months * h.near_dibao_line
