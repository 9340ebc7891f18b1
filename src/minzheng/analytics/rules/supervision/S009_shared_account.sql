/* ---
id: S009
title_zh: 同一账户为多个无关家庭收款
title_en: One account receiving for several unrelated households
severity: high
references: [D14.7, D13.2]
description_zh: >
  定义：同一个人账户（不是集中供养机构账户）在同一个月收到至少“家庭数下限”个不同家庭的
  已发出资金（payroll_lines 按明细月份）。对每个这样的月份，账户持有人（payee_accounts）
  所在家庭以外的每个家庭报出一条：身份证号为该家庭那笔明细的收款人，风险金额为该家庭在
  这些月份打入该账户的实发金额之和。账户没有登记持有人时，每个家庭都报出。
  不应报出的相似情形：同一户中夫妻共用一个账户（一个家庭）；集中供养机构账户收多名特困
  人员的供养金（D13.1）；同一账户在不同月份先后属于不同家庭（按月判断）；持有人自己家庭的
  发放。
parameters:
  min_households:
    type: integer
    default: 2
    config_key: supervision.shared_account.min_households
    description_zh: 同一账户同月收款的不同家庭数达到此数即报出（示例值）
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
WITH personal AS (
    SELECT l.*
    FROM paid_lines AS l
    WHERE l.institution_id IS NULL AND l.account_number IS NOT NULL AND l.account_number <> ''
),
shared AS (
    SELECT account_number, month, COUNT(DISTINCT household_id) AS households
    FROM personal
    GROUP BY account_number, month
    HAVING COUNT(DISTINCT household_id) >= $min_households
),
holders AS (
    SELECT a.account_number, a.person_id, p.household_id
    FROM payee_accounts AS a
    LEFT JOIN persons AS p ON p.person_id = a.person_id
),
flagged AS (
    SELECT l.*, s.households, first_holder.holder_id
    FROM personal AS l
    JOIN shared AS s ON s.account_number = l.account_number AND s.month = l.month
    LEFT JOIN (
        SELECT account_number, MIN(person_id) AS holder_id FROM holders GROUP BY account_number
    ) AS first_holder ON first_holder.account_number = l.account_number
    -- the households of the account's holders on record receive on it legitimately
    WHERE NOT EXISTS (
        SELECT 1 FROM holders AS h
        WHERE h.account_number = l.account_number AND h.household_id = l.household_id
    )
)
SELECT
    p.id_number,
    MAX(f.household_id) AS household_id,
    MAX(f.area_code) AS area_code,
    f.programme,
    MIN(f.month) AS first_month,
    MAX(f.month) AS last_month,
    COUNT(DISTINCT f.month) AS months,
    SUM(f.total) AS amount_at_risk,
    '{"holder_person_id": ' || COALESCE(CAST(MIN(f.holder_id) AS VARCHAR), 'null')
        || ', "households_on_account": ' || CAST(MAX(f.households) AS VARCHAR)
        || ', "lines": ' || CAST(COUNT(*) AS VARCHAR) || '}' AS evidence
FROM flagged AS f
JOIN persons AS p ON p.person_id = f.payee_id
GROUP BY p.id_number, f.programme
