/* ---
view: household_lines
description_zh: >
  每户的低保标准（城乡有别，D3.4）、低保边缘线（低保标准 × 倍数 × 人数，D3.5）以及是否在
  低收入人口动态监测范围内（D5.1）。W001–W009 共用这一定义：参数只在此声明一次，规则在头部
  以 uses: [household_lines] 引用，加载时作为第一个 CTE 内联，按规则各自的参数取值绑定。
parameters:
  monitored_programmes:
    type: text_list
    default: [dibao, extreme_poverty, poverty_relapse_monitoring, near_dibao,
              rigid_expenditure_hardship, other_hardship]
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
    description_zh: 城市低保标准（元/人·月；默认值为D3.4示例）
  dibao_standard_rural:
    type: money
    default: "755.00"
    config_key: dibao.standard.rural
    description_zh: 农村低保标准（元/人·月；默认值为D3.4示例）
outputs: [household_id, area_code, head_person_id, urban_rural, programme, size,
          monthly_income, deposits, monitored, dibao_standard, near_dibao_line]
--- */
-- Every household, not only the low-income ones: W007 applies the line to the income
-- after a wage drop, W008 and W009 to incomes other than the registry's.
SELECT
    household_id,
    area_code,
    head_person_id,
    urban_rural,
    programme,
    size,
    monthly_income,
    deposits,
    programme IN ($monitored_programmes) AS monitored,
    CASE WHEN urban_rural = 'rural' THEN $dibao_standard_rural ELSE $dibao_standard_urban END
        AS dibao_standard,
    $near_dibao_ratio * size
        * CASE WHEN urban_rural = 'rural' THEN $dibao_standard_rural
               ELSE $dibao_standard_urban END AS near_dibao_line
FROM households
