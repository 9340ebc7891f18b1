/* ---
id: W006
title_zh: 低收入家庭住房鉴定为危房
title_en: Unsafe housing of a low-income household
severity: high
references: [D5.1, D5.2, D3.1, D3.5]
description_zh: >
  住建部门推送本月的住房安全鉴定结果为C级或D级（危房，等级可配置），房屋所有人所在家庭
  在动态监测范围内（D5.1）或家庭登记收入低于低保边缘线（D3.5）：需入户核实，转介
  危房改造，必要时先行临时救助（D3.1）。
uses: [household_lines]  # _views/household_lines.sql: lines and monitoring layers
parameters:
  unsafe_grades:
    type: text_list
    default: [C, D]
    config_key: warning.housing.unsafe_grades
    description_zh: 视为危房的鉴定等级
outputs:
  id_number: text
  household_id: int64
  area_code: text
  assessment_id: text
  grade: text
  assessment_date: date
  evidence: text
--- */
-- The worst grade of the month per owner (D is worse than C), latest first on a tie.
WITH unsafe AS (
    SELECT
        person_key,
        assessment_id,
        grade,
        assessment_date,
        ROW_NUMBER() OVER (
            PARTITION BY person_key ORDER BY grade DESC, assessment_date DESC, assessment_id
        ) AS rank_in_person
    FROM housing_safety
    WHERE grade IN ($unsafe_grades)
      AND assessment_date >= $period_start
      AND assessment_date < $period_end
)
SELECT
    p.id_number,
    p.household_id,
    p.area_code,
    u.assessment_id,
    u.grade,
    u.assessment_date,
    CAST(u.assessment_date AS VARCHAR) || '住房安全鉴定为' || u.grade || '级；'
        || CASE
            WHEN h.monitored THEN '家庭在监测范围（' || h.layer_label || '）'
            ELSE '家庭月收入' || CAST(h.monthly_income AS VARCHAR) || '元/' || CAST(h.size AS VARCHAR)
                || '人，低于低保边缘线'
        END AS evidence
FROM unsafe AS u
JOIN persons AS p ON p.person_key = u.person_key
JOIN household_lines AS h ON h.household_id = p.household_id
WHERE u.rank_in_person = 1
  AND (
      h.monitored OR h.monthly_income < h.near_dibao_line
  )
