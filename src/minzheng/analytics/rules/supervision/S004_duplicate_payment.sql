/* ---
id: S004
title_zh: 同一项目同月重复发放
title_en: Duplicate payment in one programme and month
severity: high
references: [D14.4, D13.3]
description_zh: >
  定义：同一受益人（按身份证号，故同一人在两个区县各有一条登记、各被发放一次也算）在同一项目、
  同一月份有两笔及以上资金已发出的发放明细（payroll_lines 按明细本身月份；按人项目按救助对象
  本人，按户项目按收款的户主）。风险金额为各笔本月金额（基本金额 + 渐退金额）之和减去其中
  最大的一笔。
  不应报出的相似情形：失败、退回后在更正批次中补发（原明细状态为 reissued，不计）；同一
  监护人代两名孤儿收款（受益人不同）；按月补发以前月份（补发月份不是明细本身的月份）；
  同一人同月不同项目。
parameters: {}
uses: [paid_lines]
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
WITH doubled AS (
    SELECT
        p.id_number,
        l.programme,
        l.month,
        MAX(l.household_id) AS household_id,
        MAX(l.area_code) AS area_code,
        COUNT(*) AS lines,
        COUNT(DISTINCT l.county_code) AS counties,
        SUM(l.own_amount) - MAX(l.own_amount) AS extra
    FROM paid_lines AS l
    JOIN persons AS p ON p.person_id = l.beneficiary_id
    GROUP BY p.id_number, l.programme, l.month
    HAVING COUNT(*) > 1
)
SELECT
    id_number,
    MAX(household_id) AS household_id,
    MAX(area_code) AS area_code,
    programme,
    MIN(month) AS first_month,
    MAX(month) AS last_month,
    COUNT(*) AS months,
    SUM(extra) AS amount_at_risk,
    '{"lines": ' || CAST(SUM(lines) AS VARCHAR)
        || ', "counties": ' || CAST(MAX(counties) AS VARCHAR)
        || ', "duplicated_months": ' || CAST(COUNT(*) AS VARCHAR) || '}' AS evidence
FROM doubled
GROUP BY id_number, programme
