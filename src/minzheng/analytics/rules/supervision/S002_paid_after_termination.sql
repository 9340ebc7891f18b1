/* ---
id: S002
title_zh: 终止或退出后仍发放
title_en: Paid after termination or exit
severity: high
references: [D14.2, D2.7, D13.5, D1.17]
description_zh: >
  定义：某月（covered_months，含补发月份）由某一救助对象记录（enrolment）发放，而该记录的
  停发月不晚于该月。停发月取二者中较早者：记录的终止月（enrolments.ends_on，已不再发放的
  第一个月）；因终止或失信登记的停发（payment_stops，cause 为 termination 或 breach）的
  from_month（事件当月之后按 payments.stop.months_after 计，D13.5）。风险金额为这些月份
  所发金额之和。
  不应报出的相似情形：终止以前月份的补发在终止后才发出；渐退期内的发放（渐退期尚未结束，
  ends_on 仍为空或在其后，D1.17）；同一家庭终止后重新纳入、由新的记录发放；因死亡停发的
  或受益人在停发月以前已死亡的（由 S001 报出，不重复）；已失败、退回的明细。
parameters: {}
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
WITH stops AS (
    SELECT enrolment_id, MIN(stop_month) AS stop_month, MIN(cause) AS cause
    FROM (
        SELECT e.enrolment_id, e.ends_on AS stop_month, 'ended' AS cause
        FROM enrolments AS e
        WHERE e.ends_on IS NOT NULL
        UNION ALL
        SELECT s.enrolment_id, s.from_month AS stop_month, s.cause
        FROM payment_stops AS s
        WHERE s.cause IN ('termination', 'breach')
    ) AS events
    WHERE NOT EXISTS (
        SELECT 1 FROM payment_stops AS d
        WHERE d.enrolment_id = events.enrolment_id AND d.cause = 'death'
    )
    GROUP BY enrolment_id
),
flagged AS (
    SELECT m.*, s.stop_month, s.cause
    FROM paid_months AS m
    JOIN stops AS s ON s.enrolment_id = m.enrolment_id
    WHERE m.month_index >= YEAR(s.stop_month) * 12 + MONTH(s.stop_month)
      -- ended because the beneficiary died: S001's finding, not counted twice
      AND NOT EXISTS (
          SELECT 1 FROM persons AS dead
          WHERE dead.person_id = m.beneficiary_id
            AND dead.death_date IS NOT NULL
            AND dead.death_date < s.stop_month
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
    SUM(f.amount) AS amount_at_risk,
    '{"enrolment_id": ' || CAST(MIN(f.enrolment_id) AS VARCHAR)
        || ', "stopped_from": "' || CAST(MIN(f.stop_month) AS VARCHAR)
        || '", "cause": "' || MIN(f.cause)
        || '", "paid_months": ' || CAST(COUNT(DISTINCT f.month) AS VARCHAR) || '}' AS evidence
FROM flagged AS f
JOIN persons AS p ON p.person_id = f.beneficiary_id
GROUP BY p.id_number, f.programme
