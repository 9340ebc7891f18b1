/* ---
id: W004
title_zh: 低收入家庭成员新登记失业
title_en: A member of a low-income household newly registered unemployed
severity: medium
references: [D5.1, D5.2, D1.16, D3.5]
description_zh: >
  人社部门推送本月新办理的失业登记：登记人所在家庭在动态监测范围内（D5.1），或家庭登记
  收入低于低保边缘线（D3.5）。家庭收入可能下降，需复核（D1.16）或主动告知救助政策。
uses: [household_lines]  # _views/household_lines.sql: lines and monitoring layers
parameters: {}
outputs:
  id_number: text
  household_id: int64
  area_code: text
  registration_date: date
  programme: text
  evidence: text
--- */
WITH registered AS (
    SELECT person_key, MIN(registration_date) AS registration_date
    FROM unemployment_registrations
    WHERE registration_date >= $period_start AND registration_date < $period_end
    GROUP BY person_key
)
SELECT
    p.id_number,
    p.household_id,
    p.area_code,
    r.registration_date,
    h.programme,
    CAST(r.registration_date AS VARCHAR) || '办理失业登记；'
        || CASE
            WHEN h.monitored
                THEN '家庭在监测范围（' || h.layer_label || '），需复核家庭收入'
            ELSE '家庭月收入' || CAST(h.monthly_income AS VARCHAR) || '元/' || CAST(h.size AS VARCHAR)
                || '人，低于低保边缘线，宜主动告知救助政策'
        END AS evidence
FROM registered AS r
JOIN persons AS p ON p.person_key = r.person_key
JOIN household_lines AS h ON h.household_id = p.household_id
WHERE h.monitored OR h.monthly_income < h.near_dibao_line
