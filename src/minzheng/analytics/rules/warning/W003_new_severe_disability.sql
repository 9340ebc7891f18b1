/* ---
id: W003
title_zh: 低收入家庭新增重度残疾人
title_en: New severe disability in a low-income household
severity: medium
references: [D4.1, D4.2, D5.1, D3.5, D1.15]
description_zh: >
  残联推送本月新发的残疾人证：一、二级（重度，D4.2；智力、精神残疾可按配置放宽到三、四级），
  持证人所在家庭在动态监测范围内（D5.1）或登记收入低于低保边缘线（D3.5），且登记库中此前
  未记为同等或更重的残疾。可能符合两项补贴（D4.1、D4.2）或单人保（D1.15）。
uses: [household_lines]  # _views/household_lines.sql: lines and monitoring layers
parameters:
  severe_max_grade:
    type: integer
    default: 2
    config_key: warning.severe_disability.max_grade
    description_zh: 重度残疾的最低等级（1级最重）
  intellectual_mental_max_grade:
    type: integer
    default: 2
    config_key: warning.severe_disability.intellectual_mental_max_grade
    description_zh: 智力、精神残疾按重度对待的最低等级（D4.2 可放宽到4）
outputs:
  id_number: text
  household_id: int64
  area_code: text
  certificate_number: text
  disability_type: text
  grade: integer
  issue_date: date
  evidence: text
--- */
WITH severe AS (
    SELECT
        person_key,
        certificate_number,
        disability_type,
        grade,
        issue_date,
        ROW_NUMBER() OVER (
            PARTITION BY person_key ORDER BY grade, issue_date, certificate_number
        ) AS rank_in_person
    FROM disability_certificates
    WHERE status = 'valid'
      AND issue_date >= $period_start
      AND issue_date < $period_end
      AND (
          grade <= $severe_max_grade
          OR (disability_type IN ('intellectual', 'mental')
              AND grade <= $intellectual_mental_max_grade)
      )
)
SELECT
    p.id_number,
    p.household_id,
    p.area_code,
    s.certificate_number,
    s.disability_type,
    s.grade,
    s.issue_date,
    '新办' || CAST(s.grade AS VARCHAR) || '级残疾人证（'
        -- in words (core.codes.DisabilityType, tied by tests/core/test_codes.py)
        || CASE s.disability_type
            WHEN 'visual' THEN '视力残疾'
            WHEN 'hearing' THEN '听力残疾'
            WHEN 'speech' THEN '言语残疾'
            WHEN 'physical' THEN '肢体残疾'
            WHEN 'intellectual' THEN '智力残疾'
            WHEN 'mental' THEN '精神残疾'
            WHEN 'multiple' THEN '多重残疾'
            ELSE '残疾'
        END || '，'
        || CAST(s.issue_date AS VARCHAR) || '）；'
        || CASE
            WHEN h.monitored THEN '家庭在监测范围（' || h.layer_label || '）'
            ELSE '家庭月收入' || CAST(h.monthly_income AS VARCHAR) || '元/' || CAST(h.size AS VARCHAR)
                || '人，低于低保边缘线'
        END AS evidence
FROM severe AS s
JOIN persons AS p ON p.person_key = s.person_key
JOIN household_lines AS h ON h.household_id = p.household_id
WHERE s.rank_in_person = 1
  AND (p.disability_grade IS NULL OR p.disability_grade > s.grade)
  AND (
      h.monitored OR h.monthly_income < h.near_dibao_line
  )
