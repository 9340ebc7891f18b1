/* ---
view: household_lines
description_zh: >
  每户的低保标准（城乡有别，D3.4；区县可自定标准，D1.18）、低保边缘线（低保标准 × 倍数 × 人数，
  D3.5）以及是否在低收入人口动态监测范围内（D5.1）。低保标准取本期（期末前）生效的版本：
  户所在社区、街道（乡镇）或区县在 area_settings 中有自定标准的，取最具体的区划；都没有的，
  取全市标准（参数）。W001–W009 共用这一定义：参数只在此声明一次，规则在头部以
  uses: [household_lines] 引用，加载时作为第一个 CTE 内联，按规则各自的参数取值绑定。
parameters:
  monitored_programmes:
    type: text_list
    default: [dibao, extreme_poverty, poverty_relapse_monitoring, near_dibao,
              rigid_hardship, other_hardship]
    config_key: monitoring.layers
    description_zh: 纳入低收入人口动态监测的类别（D5.1）
  near_dibao_ratio:
    type: ratio
    default: "1.5"
    config_key: near_dibao.income_ratio
    description_zh: 低保边缘家庭人均收入上限为低保标准的倍数（D3.5）
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
outputs: [household_id, area_code, head_person_id, urban_rural, programme, layer_label, size,
          monthly_income, deposits, monitored, dibao_standard, near_dibao_line]
--- */
-- Every household, not only the low-income ones: W007 applies the line to the income
-- after a wage drop, W008 and W009 to incomes other than the registry's.
-- An area's own standard (D1.18) is resolved once per area, not per household: each
-- area of the registry takes the setting of the longest code that is a prefix of its
-- own (D0.2 codes nest: county 320321, township 320321101, community 320321101001),
-- newest version in force first; households then meet their area by equality.
SELECT
    household_id,
    area_code,
    head_person_id,
    urban_rural,
    programme,
    -- The layer in words for the evidence a caseworker reads, never the code: the
    -- labels of core.codes.MonitoringLayer (tests/core/test_codes.py ties them).
    CASE programme
        WHEN 'dibao' THEN '最低生活保障'
        WHEN 'extreme_poverty' THEN '特困人员救助供养'
        WHEN 'poverty_relapse_monitoring' THEN '防止返贫监测对象'
        WHEN 'near_dibao' THEN '低保边缘家庭'
        WHEN 'rigid_hardship' THEN '刚性支出困难家庭'
        WHEN 'other_hardship' THEN '其他困难人员'
        ELSE '低收入人口'
    END AS layer_label,
    size,
    monthly_income,
    deposits,
    programme IN ($monitored_programmes) AS monitored,
    standard AS dibao_standard,
    $near_dibao_ratio * size * standard AS near_dibao_line
FROM (
    SELECT
        h.household_id,
        h.area_code,
        h.head_person_id,
        h.urban_rural,
        h.programme,
        h.size,
        h.monthly_income,
        h.deposits,
        CASE
            WHEN h.urban_rural = 'rural' THEN COALESCE(a.rural, $dibao_standard_rural)
            ELSE COALESCE(a.urban, $dibao_standard_urban)
        END AS standard
    FROM households AS h
    LEFT JOIN (
        SELECT
            area_code,
            MAX(CASE WHEN key = 'dibao.standard.urban' THEN value END) AS urban,
            MAX(CASE WHEN key = 'dibao.standard.rural' THEN value END) AS rural
        FROM (
            SELECT
                ar.area_code,
                s.key,
                CAST(s.value AS DECIMAL(12, 2)) AS value,
                ROW_NUMBER() OVER (
                    PARTITION BY ar.area_code, s.key
                    ORDER BY LENGTH(s.area_code) DESC, s.effective DESC
                ) AS rank_in_area
            FROM areas AS ar
            JOIN area_settings AS s
                ON SUBSTRING(ar.area_code, 1, LENGTH(s.area_code)) = s.area_code
            WHERE s.effective < $period_end
              AND s.key IN ('dibao.standard.urban', 'dibao.standard.rural')
        ) AS ranked
        WHERE rank_in_area = 1
        GROUP BY area_code
    ) AS a ON a.area_code = h.area_code
) AS lines
