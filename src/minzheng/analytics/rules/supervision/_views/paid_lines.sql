/* ---
view: paid_lines
description_zh: >
  资金已发出的发放明细（每行一笔，按明细本身的月份），连同受益人（按户项目为户主，按人项目为
  救助对象本人）与该明细本月金额（基本金额 + 渐退金额，不含补发）。不计失败、退回、已由补发
  取代的原明细，只计本期末以前的月份。
parameters:
  line_statuses:
    type: text_list
    default: [sent, paid]
    config_key: supervision.line_statuses
    description_zh: 视为本笔资金已发出的发放明细状态（不含已被补发取代的原明细）
  household_programmes:
    type: text_list
    default: [dibao]
    config_key: supervision.household_programmes
    description_zh: 按户发放给户主的项目；其余项目按人发放（D13.2）
outputs: [line_id, beneficiary_id, payee_id, programme, household_programme, month, month_index,
          own_amount, total, household_id, area_code, enrolment_id, county_code, account_number,
          institution_id]
--- */
SELECT
    l.line_id,
    CASE
        WHEN l.programme IN ($household_programmes) THEN l.person_id
        ELSE COALESCE(e.applicant_person_id, l.person_id)
    END AS beneficiary_id,
    l.person_id AS payee_id,
    l.programme,
    l.programme IN ($household_programmes) AS household_programme,
    l.month,
    YEAR(l.month) * 12 + MONTH(l.month) AS month_index,
    l.base + l.gradual_exit AS own_amount,
    l.total,
    l.household_id,
    l.area_code,
    l.enrolment_id,
    l.county_code,
    l.account_number,
    l.institution_id
FROM payroll_lines AS l
LEFT JOIN enrolments AS e ON e.enrolment_id = l.enrolment_id
WHERE l.status IN ($line_statuses) AND l.month < $period_end
