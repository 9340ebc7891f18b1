/* ---
id: S016
title_zh: 同一老人同一餐次重复享受助餐补贴
title_en: One person's subsidised meal claimed twice for one meal time
severity: high
references: [D7.2, D14.4]
description_zh: >
  定义：同一人（person_id）同一日同一餐次（早餐、午餐、晚餐）有两条以上实名补贴助餐记录——
  在两个助餐点各享受一次，或在同一助餐点重复记录（平台以唯一约束防止，导入的台账可能不同）。
  每人一条，月份为重复的日期所在月份；风险金额为每一重复餐次补贴之和减去其中最高的一笔
  （一餐次只补贴一次）。
  不应报出的相似情形：同一日在一个助餐点吃午餐、在另一个助餐点吃晚餐；不同日期在不同助餐点
  用同一餐次；两位老人在同一助餐点同一餐次用餐。
  未导出助餐记录时，本规则不报出。
parameters: {}
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
WITH twice AS (
    SELECT
        m.person_id,
        m.served_on,
        m.meal,
        COUNT(*) AS claims,
        COUNT(DISTINCT m.canteen_id) AS canteens,
        MIN(m.canteen_id) AS first_canteen,
        MAX(m.canteen_id) AS last_canteen,
        SUM(m.subsidy) - MAX(m.subsidy) AS excess
    FROM elderly_meal_records AS m
    WHERE m.served_on < $period_end
    GROUP BY m.person_id, m.served_on, m.meal
    HAVING COUNT(*) > 1
)
SELECT
    p.id_number,
    MAX(p.household_id) AS household_id,
    MAX(p.area_code) AS area_code,
    'elderly_meal_subsidy' AS programme,
    MIN(t.served_on) AS first_month,
    MAX(t.served_on) AS last_month,
    COUNT(DISTINCT YEAR(t.served_on) * 12 + MONTH(t.served_on)) AS months,
    SUM(t.excess) AS amount_at_risk,
    '{"meal_times_twice": ' || CAST(COUNT(*) AS VARCHAR)
        || ', "claims": ' || CAST(SUM(t.claims) AS VARCHAR)
        || ', "most_canteens": ' || CAST(MAX(t.canteens) AS VARCHAR)
        || ', "canteen_ids": "' || CAST(MIN(t.first_canteen) AS VARCHAR) || ' / '
        || CAST(MAX(t.last_canteen) AS VARCHAR)
        || '", "first_day": "' || CAST(MIN(t.served_on) AS VARCHAR) || '"}' AS evidence
FROM twice AS t
JOIN persons AS p ON p.person_id = t.person_id
GROUP BY p.id_number
