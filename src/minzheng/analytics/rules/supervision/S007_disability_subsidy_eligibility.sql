/* ---
id: S007
title_zh: 残疾人两项补贴对象不符合等级类别或证件无效
title_en: Disability subsidy for an ineligible grade or type, or without a valid certificate
severity: medium
references: [D14.6, D4.1, D4.2]
description_zh: >
  定义：某月（covered_months）发放困难残疾人生活补贴或重度残疾人护理补贴，而受益人在该月
  没有有效的残疾人证：取该月末以前签发的最新一张证（残联 disability_certificates），其状态为
  注销；或部门数据与登记库都没有该人的残疾记录。护理补贴另要求等级不高于护理补贴等级上限
  （一、二级），或属扩展类别（智力、精神）且不高于扩展等级上限（三、四级，D4.2）。部门数据
  没有该人的证时，按登记库的残疾类别和等级判断。风险金额为这些月份所发金额之和（注销日期
  不在数据中：以最新一张证注销计，自其签发月后的发放都计入，是上限）。
  未做：第三代残疾人证的有效期（部门数据中尚无有效期字段）。
  不应报出的相似情形：旧证注销后换发新证（取最新一张）；三、四级智力或精神残疾人领取护理补贴
  （扩展范围）；生活补贴不限等级；证件在发放月之后才注销并换发的情形按新证判断。
parameters:
  care_max_grade:
    type: integer
    default: 2
    config_key: supervision.disability_care.max_grade
    description_zh: 护理补贴：残疾等级上限（一级最重；示例值，与 disability_care.max_grade 一致）
  care_extended_types:
    type: text_list
    default: [intellectual, mental]
    config_key: supervision.disability_care.extended_types
    description_zh: 护理补贴扩展范围的残疾类别（示例值，与 disability_care.extended_max_grade 一致）
  care_extended_max_grade:
    type: integer
    default: 4
    config_key: supervision.disability_care.extended_max_grade
    description_zh: 护理补贴扩展范围的等级上限（示例值）
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
WITH subsidy AS (
    SELECT m.*, p.id_number, p.person_key, p.disability_type AS registry_type,
        p.disability_grade AS registry_grade
    FROM paid_months AS m
    JOIN persons AS p ON p.person_id = m.beneficiary_id
    WHERE m.programme IN ('disability_living_subsidy', 'disability_care_subsidy')
),
latest AS (
    SELECT line_id, month, disability_type, grade, status
    FROM (
        SELECT
            s.line_id,
            s.month,
            c.disability_type,
            c.grade,
            c.status,
            ROW_NUMBER() OVER (
                PARTITION BY s.line_id, s.month
                ORDER BY c.issue_date DESC, c.status DESC
            ) AS newest
        FROM subsidy AS s
        JOIN disability_certificates AS c ON c.person_key = s.person_key
        WHERE YEAR(c.issue_date) * 12 + MONTH(c.issue_date) <= s.month_index
    ) AS ranked
    WHERE newest = 1
),
judged AS (
    SELECT
        s.*,
        CASE
            WHEN c.status IS NULL AND s.registry_type = '' THEN 'no_certificate'
            WHEN c.status = 'cancelled' THEN 'certificate_cancelled'
            WHEN s.programme = 'disability_care_subsidy'
                AND COALESCE(c.grade, s.registry_grade) > $care_max_grade
                AND NOT (
                    COALESCE(c.disability_type, s.registry_type) IN ($care_extended_types)
                    AND COALESCE(c.grade, s.registry_grade) <= $care_extended_max_grade
                ) THEN 'grade_not_eligible'
        END AS reason,
        COALESCE(c.disability_type, s.registry_type) AS disability_type,
        COALESCE(c.grade, s.registry_grade) AS grade
    FROM subsidy AS s
    LEFT JOIN latest AS c ON c.line_id = s.line_id AND c.month = s.month
)
SELECT
    id_number,
    MAX(household_id) AS household_id,
    MAX(area_code) AS area_code,
    programme,
    MIN(month) AS first_month,
    MAX(month) AS last_month,
    COUNT(DISTINCT month) AS months,
    SUM(amount) AS amount_at_risk,
    '{"reason": "' || MIN(reason) || '", "disability_type": "' || COALESCE(MIN(disability_type), '')
        || '", "grade": ' || COALESCE(CAST(MIN(grade) AS VARCHAR), 'null') || '}' AS evidence
FROM judged
WHERE reason IS NOT NULL
GROUP BY id_number, programme
