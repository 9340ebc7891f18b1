/* ---
id: W001
title_zh: 单次住院个人自付费用过高
title_en: High out-of-pocket cost of one hospital stay
severity: high
references: [D5.4, D5.1, D3.1]
description_zh: >
  医保每月推送结算数据；一次住院经基本医保、大病保险、医疗救助等各项保障后，
  个人自付仍超过预警线即预警：纳入动态监测的人员（D5.1 各层）超过 6000 元，
  其他农村居民超过 10000 元（D5.4 示例，均为可配置参数）。可能需要临时救助（D3.1）。
uses: [household_lines]  # _views/household_lines.sql: lines and monitoring layers
parameters:
  monitored_threshold:
    type: money
    default: "6000.00"
    config_key: warning.medical.out_of_pocket_threshold.monitored
    description_zh: 监测对象单次住院个人自付预警线（元）
  rural_threshold:
    type: money
    default: "10000.00"
    config_key: warning.medical.out_of_pocket_threshold.rural
    description_zh: 其他农村居民单次住院个人自付预警线（元）
outputs:
  id_number: text
  household_id: int64
  area_code: text
  stay_id: text
  out_of_pocket: money
  layer: text
  evidence: text
--- */
-- One stay may be settled in several rows (interim and final settlement): sum per stay.
-- Feeds meet the registry on the store's integer person key (see docs/analytics.md).
WITH stays AS (
    SELECT person_key, stay_id, SUM(out_of_pocket) AS out_of_pocket
    FROM medical_settlements
    WHERE visit_type = 'inpatient'
      AND settlement_date >= $period_start
      AND settlement_date < $period_end
    GROUP BY person_key, stay_id
),
layered AS (
    SELECT
        p.id_number,
        p.household_id,
        p.area_code,
        s.stay_id,
        s.out_of_pocket,
        CASE
            WHEN h.monitored THEN 'monitored'
            WHEN h.urban_rural = 'rural' THEN 'rural'
        END AS layer
    FROM stays AS s
    JOIN persons AS p ON p.person_key = s.person_key
    JOIN household_lines AS h ON h.household_id = p.household_id
)
SELECT
    id_number,
    household_id,
    area_code,
    stay_id,
    out_of_pocket,
    layer,
    '单次住院个人自付' || CAST(out_of_pocket AS VARCHAR) || '元，超过'
        || CASE
            WHEN layer = 'monitored'
                THEN '监测对象预警线' || CAST($monitored_threshold AS VARCHAR)
            ELSE '农村居民预警线' || CAST($rural_threshold AS VARCHAR)
        END || '元' AS evidence
FROM layered
WHERE (layer = 'monitored' AND out_of_pocket > $monitored_threshold)
   OR (layer = 'rural' AND out_of_pocket > $rural_threshold)
