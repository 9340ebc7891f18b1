/* ---
id: S006
title_zh: 高龄津贴档次错误或未到年龄即发放
title_en: Old-age allowance in the wrong band or before the qualifying birthday
severity: medium
references: [D14.6, D7.3]
description_zh: >
  定义：某月（covered_months）所发高龄津贴高于该月应发数额。应发数额按受益人出生日期计算：
  满某档年龄的生日所在月的次月起按该档发放（D7.3，不补发差额）；第一档对家庭类别在低收入
  类别之内的老人按两个第一档数额中较高者；未到第一档年龄的月份应发为 0。风险金额为各月
  超出部分之和（未到年龄的月份为全额）。
  不应报出的相似情形：生日次月起按新档发放（例如 2024-03-15 满 90 周岁、2024-04 起按第二档）；
  生日当月仍按原档发放；低收入老人按低收入第一档发放；发放低于应发数额（少发，不是风险）。
parameters:
  first_age:
    type: integer
    default: 80
    config_key: old_age.age.first
    description_zh: 高龄津贴起始年龄（第一档，周岁；示例值）
  second_age:
    type: integer
    default: 90
    config_key: old_age.age.second
    description_zh: 高龄津贴第二档年龄（周岁；示例值）
  third_age:
    type: integer
    default: 100
    config_key: old_age.age.third
    description_zh: 高龄津贴第三档年龄（周岁；示例值）
  first_amount:
    type: money
    default: "50.00"
    config_key: old_age.amount.first
    description_zh: 高龄津贴第一档（元/人·月；示例值）
  second_amount:
    type: money
    default: "100.00"
    config_key: old_age.amount.second
    description_zh: 高龄津贴第二档（元/人·月；示例值）
  third_amount:
    type: money
    default: "300.00"
    config_key: old_age.amount.third
    description_zh: 高龄津贴第三档（元/人·月；示例值）
  first_low_income_amount:
    type: money
    default: "100.00"
    config_key: old_age.amount.first_low_income
    description_zh: 高龄津贴第一档（低收入老年人，元/人·月；0 表示不细分；示例值）
  low_income_statuses:
    type: text_list
    default: [dibao, extreme_poverty, near_dibao]
    config_key: old_age.low_income_statuses
    description_zh: 高龄津贴按低收入细分时的家庭类别（示例值）
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
WITH due AS (
    SELECT
        m.*,
        p.id_number,
        p.birth_date,
        CAST(CASE
            WHEN m.month_index > (YEAR(p.birth_date) + $third_age) * 12 + MONTH(p.birth_date)
                THEN $third_amount
            WHEN m.month_index > (YEAR(p.birth_date) + $second_age) * 12 + MONTH(p.birth_date)
                THEN $second_amount
            WHEN m.month_index > (YEAR(p.birth_date) + $first_age) * 12 + MONTH(p.birth_date)
                THEN CASE
                    WHEN h.programme IN ($low_income_statuses)
                        THEN GREATEST($first_amount, $first_low_income_amount)
                    ELSE $first_amount
                END
            ELSE 0
        END AS DECIMAL(14, 2)) AS allowed
    FROM paid_months AS m
    JOIN persons AS p ON p.person_id = m.beneficiary_id
    LEFT JOIN households AS h ON h.household_id = p.household_id
    WHERE m.programme = 'old_age_allowance' AND p.birth_date IS NOT NULL
)
SELECT
    id_number,
    MAX(household_id) AS household_id,
    MAX(area_code) AS area_code,
    programme,
    MIN(month) AS first_month,
    MAX(month) AS last_month,
    COUNT(DISTINCT month) AS months,
    SUM(amount - allowed) AS amount_at_risk,
    '{"birth_date": "' || CAST(MIN(birth_date) AS VARCHAR)
        || '", "highest_paid": "' || CAST(MAX(amount) AS VARCHAR)
        || '", "allowed_in_first_month": "' || CAST(MIN(allowed) AS VARCHAR) || '"}' AS evidence
FROM due
WHERE amount > allowed
GROUP BY id_number, programme
