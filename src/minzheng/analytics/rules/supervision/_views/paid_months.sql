/* ---
view: paid_months
description_zh: >
  已发放的每一个月：发放明细（payroll_lines）所付的每个月份（covered_months，本月及补发月份各一行、
  每人每项目每月只记一次，D13.3），连同受益人、收款人、家庭和所在社区。受益人：按户发放的项目
  为收款的户主，按人发放的项目为救助对象本人（enrolments.applicant_person_id；孤儿等由监护人
  代收时收款人不是受益人）。只计状态为已发送、已支付或已补发（原明细失败后已重新发放）的明细，
  只计本期末以前的月份。month_index = 年 × 12 + 月，便于按月比较。
parameters:
  paid_statuses:
    type: text_list
    default: [sent, paid, reissued]
    config_key: supervision.paid_line_statuses
    description_zh: 视为资金已发出的发放明细状态（已发送、已支付、失败后已补发的原明细）
  household_programmes:
    type: text_list
    default: [dibao]
    config_key: supervision.household_programmes
    description_zh: 按户发放给户主的项目；其余项目按人发放（D13.2）
outputs: [line_id, beneficiary_id, payee_id, programme, household_programme, month, month_index,
          amount, arrears, household_id, area_code, enrolment_id, county_code]
--- */
SELECT
    c.line_id,
    CASE
        WHEN c.programme IN ($household_programmes) THEN l.person_id
        ELSE COALESCE(e.applicant_person_id, l.person_id)
    END AS beneficiary_id,
    l.person_id AS payee_id,
    c.programme,
    c.programme IN ($household_programmes) AS household_programme,
    c.month,
    YEAR(c.month) * 12 + MONTH(c.month) AS month_index,
    c.amount,
    c.arrears,
    l.household_id,
    l.area_code,
    l.enrolment_id,
    l.county_code
FROM covered_months AS c
JOIN payroll_lines AS l ON l.line_id = c.line_id
LEFT JOIN enrolments AS e ON e.enrolment_id = l.enrolment_id
WHERE l.status IN ($paid_statuses) AND c.month < $period_end
