/* ---
id: W002
title_zh: 救助或监测家庭成员死亡
title_en: Death of a member of a household on assistance or under monitoring
severity: high
references: [D5.1, D5.2, D1.16, D2.7]
description_zh: >
  公安、卫健、殡葬推送的死亡信息中，死者所在家庭正在享受救助或纳入动态监测（D5.1）：
  需核减保障人口、重新核定家庭收入（D1.16）；特困人员死亡即终止供养（D2.7）。
  死者若是家庭中登记收入最高的成员（主要收入来源），家庭可能陷入困境，一并标出。
uses: [household_lines]  # _views/household_lines.sql: lines and monitoring layers
parameters: {}
outputs:
  id_number: text
  household_id: int64
  area_code: text
  death_date: date
  programme: text
  main_earner: boolean
  evidence: text
--- */
-- Several departments may report the same death: the earliest date counts.
WITH died AS (
    SELECT person_key, MIN(death_date) AS death_date
    FROM deaths
    WHERE death_date >= $period_start AND death_date < $period_end
    GROUP BY person_key
),
deceased AS (
    SELECT
        p.id_number,
        p.household_id,
        p.area_code,
        p.monthly_income,
        d.death_date,
        h.programme
    FROM died AS d
    JOIN persons AS p ON p.person_key = d.person_key
    JOIN household_lines AS h ON h.household_id = p.household_id
    WHERE h.monitored
),
-- The main earner is the member with the highest counted income (D1.11), the
-- deceased included; only the few affected households are scanned.
top_income AS (
    SELECT p.household_id, MAX(p.monthly_income) AS top_income
    FROM persons AS p
    WHERE p.household_id IN (SELECT household_id FROM deceased)
    GROUP BY p.household_id
),
flagged AS (
    SELECT
        d.*,
        COALESCE(d.monthly_income > 0 AND d.monthly_income >= t.top_income, FALSE) AS main_earner
    FROM deceased AS d
    JOIN top_income AS t ON t.household_id = d.household_id
)
SELECT
    id_number,
    household_id,
    area_code,
    death_date,
    programme,
    main_earner,
    '家庭成员于' || CAST(death_date AS VARCHAR) || '死亡（救助/监测类别：' || programme || '）'
        || CASE
            WHEN main_earner
                THEN '，系家庭主要收入来源（月收入' || CAST(monthly_income AS VARCHAR)
                    || '元），家庭可能陷入困难，需入户核实'
            ELSE '，需核减保障人口、重新核定'
        END AS evidence
FROM flagged
