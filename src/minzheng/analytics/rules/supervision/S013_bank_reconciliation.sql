/* ---
id: S013
title_zh: 发放明细与银行回盘不平
title_en: Payroll lines that do not reconcile with the bank's returns
severity: high
references: [D14.11, D13.3, D13.4]
description_zh: >
  定义：银行已回盘的发放明细（有回盘日期，或状态为已支付、失败、退回），其台账（ledger）中
  发出的金额（issued、reissued）与银行回盘的金额（paid、failed、returned）之和不相等，或发出
  金额与明细实发金额（total）不相等（D13.3：发出 = 已付 + 失败 + 退回）。风险金额为两者差额的
  绝对值（多者为准）。
  不应报出的相似情形：已发送、银行尚未回盘的明细；失败后在更正批次中补发（原明细发出 = 失败，
  补发明细另有 reissued 与 paid，各自平衡）；被扣回追缴款的明细（recovered 不参与回盘平衡）。
  台账一条记录都没有时（未导出台账），本规则不报出。
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
WITH sums AS (
    SELECT
        g.line_id,
        SUM(CASE WHEN g.kind IN ('issued', 'reissued') THEN g.amount ELSE 0 END) AS sent_out,
        SUM(CASE WHEN g.kind IN ('paid', 'failed', 'returned') THEN g.amount ELSE 0 END) AS answered
    FROM ledger AS g
    WHERE g.line_id IS NOT NULL
    GROUP BY g.line_id
),
unbalanced AS (
    SELECT
        l.line_id,
        l.person_id,
        l.household_id,
        l.area_code,
        l.programme,
        l.month,
        l.cycle_id,
        l.total,
        COALESCE(s.sent_out, CAST(0 AS DECIMAL(14, 2))) AS sent_out,
        COALESCE(s.answered, CAST(0 AS DECIMAL(14, 2))) AS answered
    FROM payroll_lines AS l
    LEFT JOIN sums AS s ON s.line_id = l.line_id
    WHERE (l.answered_on IS NOT NULL OR l.status IN ('paid', 'failed', 'returned'))
      AND l.month < $period_end
      -- a ledger export without a single entry is a missing file, not unbalanced lines
      AND EXISTS (SELECT 1 FROM ledger)
)
SELECT
    p.id_number,
    MAX(u.household_id) AS household_id,
    MAX(u.area_code) AS area_code,
    u.programme,
    MIN(u.month) AS first_month,
    MAX(u.month) AS last_month,
    COUNT(DISTINCT u.month) AS months,
    SUM(GREATEST(ABS(u.sent_out - u.answered), ABS(u.total - u.sent_out))) AS amount_at_risk,
    '{"cycle_id": ' || COALESCE(CAST(MIN(u.cycle_id) AS VARCHAR), 'null')
        || ', "line_id": ' || CAST(MIN(u.line_id) AS VARCHAR)
        || ', "sent_out": "' || CAST(SUM(u.sent_out) AS VARCHAR)
        || '", "answered": "' || CAST(SUM(u.answered) AS VARCHAR)
        || '", "line_total": "' || CAST(SUM(u.total) AS VARCHAR) || '"}' AS evidence
FROM unbalanced AS u
JOIN persons AS p ON p.person_id = u.person_id
WHERE u.sent_out <> u.answered OR u.total <> u.sent_out
GROUP BY p.id_number, u.programme
