/* ---
id: W005
title_zh: 低收入家庭新入学学生
title_en: Newly enrolled student from a low-income family
severity: low
references: [D5.1, D5.2, D3.1, D1.4, D3.5]
description_zh: >
  教育部门推送的学籍信息中本月入学的在读学生，其家庭在动态监测范围内（D5.1）或家庭登记
  收入低于低保边缘线（D3.5）：转介教育资助，核实支出型困难（D3.1）；在读本科及以下学生
  计入共同生活家庭成员（D1.4）。
uses: [household_lines]  # _views/household_lines.sql: lines and monitoring layers
parameters: {}
outputs:
  id_number: text
  household_id: int64
  area_code: text
  school_name: text
  stage: text
  enrolment_date: date
  evidence: text
--- */
WITH entrants AS (
    SELECT
        person_key,
        school_name,
        stage,
        enrolment_date,
        ROW_NUMBER() OVER (PARTITION BY person_key ORDER BY enrolment_date DESC, student_number)
            AS rank_in_person
    FROM students
    WHERE status = 'enrolled'
      AND enrolment_date >= $period_start
      AND enrolment_date < $period_end
)
SELECT
    p.id_number,
    p.household_id,
    p.area_code,
    e.school_name,
    e.stage,
    e.enrolment_date,
    CAST(e.enrolment_date AS VARCHAR) || '入学' || e.school_name || '（'
        -- in words (core.codes.RegistrySchoolStage, tied by tests/core/test_codes.py)
        || CASE e.stage
            WHEN 'preschool' THEN '学前'
            WHEN 'primary' THEN '小学'
            WHEN 'junior' THEN '初中'
            WHEN 'senior' THEN '普通高中'
            WHEN 'vocational' THEN '中职'
            WHEN 'college' THEN '高等教育'
            ELSE '在学'
        END || '）；'
        || CASE
            WHEN h.monitored THEN '家庭在监测范围（' || h.layer_label || '）'
            ELSE '家庭月收入' || CAST(h.monthly_income AS VARCHAR) || '元/' || CAST(h.size AS VARCHAR)
                || '人，低于低保边缘线'
        END || '，宜转介教育资助' AS evidence
FROM entrants AS e
JOIN persons AS p ON p.person_key = e.person_key
JOIN household_lines AS h ON h.household_id = p.household_id
WHERE e.rank_in_person = 1
  AND (
      h.monitored OR h.monthly_income < h.near_dibao_line
  )
