/* ---
id: S015
title_zh: 助餐点申报补贴餐次超过接待能力
title_en: Canteen claiming more subsidised meals than its capacity
severity: medium
references: [D7.2, D14.5]
description_zh: >
  定义：一个老年助餐点在某日某一餐次（早餐、午餐、晚餐）的实名补贴助餐记录数超过其接待能力：
  登记的座位数（elderly_facility_register.capacity，按“每一餐次可供餐数”理解）乘以
  supervision.canteen_capacity.max_ratio（默认 1 倍，示例值；大于 1 可容许一餐次内翻台）。
  每个助餐点一条，月份为超出的日期所在月份；风险金额为超出部分餐次（按记录顺序，排在能力以内
  之后录入的记录）的补贴之和。
  不应报出的相似情形：某餐次恰好等于接待能力；同一日午餐、晚餐各自不超过接待能力（全天合计
  超过座位数）；登记表未填写接待能力的助餐点。
  未导出助餐记录或设施登记表时，本规则不报出。
parameters:
  max_ratio:
    type: ratio
    default: "1"
    config_key: supervision.canteen_capacity.max_ratio
    description_zh: 助餐点每一餐次补贴餐数最多为登记座位数的倍数（示例值）
outputs:
  id_number: text
  household_id: int64
  area_code: text
  programme: text
  first_month: date
  last_month: date
  months: integer
  amount_at_risk: amount
  subject: text
  subject_name: text
  evidence: text
--- */
WITH ranked AS (
    SELECT
        m.canteen_id,
        m.served_on,
        m.meal,
        m.subsidy,
        ROW_NUMBER() OVER (
            PARTITION BY m.canteen_id, m.served_on, m.meal ORDER BY m.meal_id
        ) AS n
    FROM elderly_meal_records AS m
    WHERE m.served_on < $period_end
),
crowded AS (
    SELECT
        r.canteen_id,
        r.served_on,
        r.meal,
        MAX(c.capacity) AS capacity,
        MAX(c.name) AS name,
        MAX(c.area_code) AS area_code,
        MAX(r.n) AS meals,
        SUM(CASE WHEN r.n > c.capacity * $max_ratio THEN r.subsidy ELSE 0 END) AS excess_subsidy
    FROM ranked AS r
    JOIN elderly_facility_register AS c ON c.facility_id = r.canteen_id
    WHERE c.capacity IS NOT NULL
    GROUP BY r.canteen_id, r.served_on, r.meal
    HAVING MAX(r.n) > MAX(c.capacity) * $max_ratio
)
SELECT
    CAST(NULL AS VARCHAR) AS id_number,
    CAST(NULL AS BIGINT) AS household_id,
    MAX(x.area_code) AS area_code,
    'elderly_meal_subsidy' AS programme,
    MIN(x.served_on) AS first_month,
    MAX(x.served_on) AS last_month,
    COUNT(DISTINCT YEAR(x.served_on) * 12 + MONTH(x.served_on)) AS months,
    SUM(x.excess_subsidy) AS amount_at_risk,
    'elderly.facility:' || CAST(x.canteen_id AS VARCHAR) AS subject,
    MAX(x.name) AS subject_name,
    '{"facility_id": ' || CAST(x.canteen_id AS VARCHAR)
        || ', "capacity": ' || CAST(MAX(x.capacity) AS VARCHAR)
        || ', "meal_times_over": ' || CAST(COUNT(*) AS VARCHAR)
        || ', "days_over": ' || CAST(COUNT(DISTINCT x.served_on) AS VARCHAR)
        || ', "most_meals": ' || CAST(MAX(x.meals) AS VARCHAR)
        || ', "first_day": "' || CAST(MIN(x.served_on) AS VARCHAR) || '"}' AS evidence
FROM crowded AS x
GROUP BY x.canteen_id
