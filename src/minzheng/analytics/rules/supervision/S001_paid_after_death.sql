/* ---
id: S001
title_zh: 死亡后仍发放
title_en: Paid after death
severity: high
references: [D14.1, D13.5, D2.7]
description_zh: >
  定义：受益人（按人发放项目为救助对象本人，按户发放项目为收款的户主）已死亡——死亡日期取登记库
  persons.death_date 与部门死亡信息（deaths）中最早的一个——而某月仍被发放（covered_months，
  含补发月份），且该月不早于政策停发月：死亡当月之后一个月起停发的项目（默认全部项目，
  D13.5 payments.stop.months_after = 1），停发月为死亡次月；不发放死亡当月的项目，停发月为死亡当月。
  风险金额为停发月及以后各月所发金额之和。
  不应报出的相似情形：死亡当月的发放（政策仍发放该月）；死亡后才补发的死亡以前月份的欠发；
  户主死亡后按户项目改由新户主收款；已失败、退回的明细（资金未发出）。
parameters:
  death_month_paid:
    type: text_list
    default: [dibao, dibao_single_person, extreme_poverty, orphan, unsupported_child, temporary,
              disability_living_subsidy, disability_care_subsidy, old_age_allowance,
              elderly_care_service_subsidy]
    config_key: supervision.paid_after_death.death_month_paid
    description_zh: 死亡当月仍照发、次月起停发的项目（D13.5；未列出的项目自死亡当月起停发；示例值）
uses: [paid_months]
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
WITH died AS (
    SELECT person_id, MIN(death_date) AS death_date
    FROM (
        SELECT p.person_id, p.death_date
        FROM persons AS p
        WHERE p.death_date IS NOT NULL
        UNION ALL
        SELECT p.person_id, d.death_date
        FROM deaths AS d
        JOIN persons AS p ON p.person_key = d.person_key
    ) AS reported
    GROUP BY person_id
),
flagged AS (
    SELECT m.*, d.death_date
    FROM paid_months AS m
    JOIN died AS d ON d.person_id = m.beneficiary_id
    WHERE m.month_index >= YEAR(d.death_date) * 12 + MONTH(d.death_date)
        + CASE WHEN m.programme IN ($death_month_paid) THEN 1 ELSE 0 END
)
SELECT
    p.id_number,
    MAX(f.household_id) AS household_id,
    MAX(f.area_code) AS area_code,
    f.programme,
    MIN(f.month) AS first_month,
    MAX(f.month) AS last_month,
    COUNT(DISTINCT f.month) AS months,
    SUM(f.amount) AS amount_at_risk,
    '{"death_date": "' || CAST(MIN(f.death_date) AS VARCHAR)
        || '", "paid_months": ' || CAST(COUNT(DISTINCT f.month) AS VARCHAR)
        || ', "amount": "' || CAST(SUM(f.amount) AS VARCHAR) || '"}' AS evidence
FROM flagged AS f
JOIN persons AS p ON p.person_id = f.beneficiary_id
GROUP BY p.id_number, f.programme
