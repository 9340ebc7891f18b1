/* ---
id: S005
title_zh: 发放金额高于标准上限
title_en: Amount above what the standard in force allows
severity: medium
references: [D14.5, D1.14, D1.18, D4.3]
description_zh: >
  定义：某月所发金额（covered_months，补发月份按其本月金额）高于该月可发的上限：
  低保（dibao）为该月有效的低保标准 × 保障人数（enrolments.covered_members，缺失时为家庭人数），单人保为
  1 × 标准；标准取该月末以前生效、覆盖家庭所在社区的最细一级区划设置（area_settings，
  D1.18：社区、乡镇或区县），没有则取全市设置（城市/农村按家庭）；困难残疾人生活补贴为标准 ×
  生活补贴最高比例；重度残疾人护理补贴为城市/农村护理补贴标准。风险金额为各月超出部分之和。
  不应报出的相似情形：区县标准高于全市标准的家庭；年中提标后按新标准发放；按旧月份标准补发的
  欠发；恰好等于上限；渐退期金额（另计，不超过上限时不报）。
parameters:
  dibao_standard_urban:
    type: money
    default: "780.00"
    config_key: dibao.standard.urban
    description_zh: 全市城市低保标准（元/人·月；默认值为D3.4示例；区县标准见 area_settings）
  dibao_standard_rural:
    type: money
    default: "755.00"
    config_key: dibao.standard.rural
    description_zh: 全市农村低保标准（元/人·月；默认值为D3.4示例；区县标准见 area_settings）
  living_max_ratio:
    type: ratio
    default: "1"
    config_key: supervision.disability_living.max_ratio
    description_zh: 困难残疾人生活补贴最高为低保标准的倍数（D4.3，全额发放为 1 倍；示例值）
  care_amount_urban:
    type: money
    default: "130.00"
    config_key: disability_care.amount.urban
    description_zh: 重度残疾人护理补贴（城市，元/人·月；示例值）
  care_amount_rural:
    type: money
    default: "90.00"
    config_key: disability_care.amount.rural
    description_zh: 重度残疾人护理补贴（农村，元/人·月；示例值）
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
WITH checked AS (
    SELECT m.*, h.urban_rural, COALESCE(e.covered_members, h.size, 1) AS covered
    FROM paid_months AS m
    JOIN households AS h ON h.household_id = m.household_id
    LEFT JOIN enrolments AS e ON e.enrolment_id = m.enrolment_id
    WHERE m.programme IN (
        'dibao', 'dibao_single_person', 'disability_living_subsidy', 'disability_care_subsidy'
    )
),
area_standard AS (
    -- the most specific area setting in force in each paid month (D1.18)
    SELECT line_id, month, value
    FROM (
        SELECT
            c.line_id,
            c.month,
            CAST(s.value AS DECIMAL(12, 2)) AS value,
            ROW_NUMBER() OVER (
                PARTITION BY c.line_id, c.month
                ORDER BY LENGTH(s.area_code) DESC, s.effective DESC
            ) AS rank_in_area
        FROM checked AS c
        JOIN area_settings AS s
            ON SUBSTRING(c.area_code, 1, LENGTH(s.area_code)) = s.area_code
        WHERE s.key = 'dibao.standard.' || c.urban_rural
          AND YEAR(s.effective) * 12 + MONTH(s.effective) <= c.month_index
    ) AS ranked
    WHERE rank_in_area = 1
),
capped AS (
    SELECT
        c.*,
        CASE
            WHEN c.urban_rural = 'rural' THEN COALESCE(a.value, $dibao_standard_rural)
            ELSE COALESCE(a.value, $dibao_standard_urban)
        END AS standard
    FROM checked AS c
    LEFT JOIN area_standard AS a ON a.line_id = c.line_id AND a.month = c.month
),
over AS (
    SELECT
        *,
        CAST(CASE
            WHEN programme = 'dibao' THEN standard * covered
            WHEN programme = 'dibao_single_person' THEN standard
            WHEN programme = 'disability_living_subsidy' THEN standard * $living_max_ratio
            WHEN urban_rural = 'rural' THEN $care_amount_rural
            ELSE $care_amount_urban
        END AS DECIMAL(14, 2)) AS cap
    FROM capped
)
SELECT
    p.id_number,
    MAX(o.household_id) AS household_id,
    MAX(o.area_code) AS area_code,
    o.programme,
    MIN(o.month) AS first_month,
    MAX(o.month) AS last_month,
    COUNT(DISTINCT o.month) AS months,
    SUM(o.amount - o.cap) AS amount_at_risk,
    '{"highest_paid": "' || CAST(MAX(o.amount) AS VARCHAR)
        || '", "cap": "' || CAST(MIN(o.cap) AS VARCHAR)
        || '", "standard": "' || CAST(MIN(o.standard) AS VARCHAR)
        || '", "covered_members": ' || CAST(MAX(o.covered) AS VARCHAR) || '}' AS evidence
FROM over AS o
JOIN persons AS p ON p.person_id = o.beneficiary_id
WHERE o.amount > o.cap
GROUP BY p.id_number, o.programme
