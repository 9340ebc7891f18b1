/* ---
id: S014
title_zh: 养老服务设施停业或未开业期间获拨资金
title_en: Elderly-care facility paid for a month it was closed or not yet open
severity: high
references: [D14.2, D7.2, D13.1]
description_zh: >
  定义：拨付给养老服务设施的资金（institutional_payables 中对象为 elderly.facility、状态为已发送
  或已支付的应付款；助餐补贴结算、运营补贴、建设补贴），其所属月份该设施不应获拨：
  （一）运营补贴、建设补贴（不按实际服务结算的项目）：到该月最后一天仍未开业（开业日取设施
  事件 opened 的最早日期，没有事件时取登记的开业日期），或停业关闭（事件 closed 的最早日期，
  没有事件时取登记的关闭日期）生效日在该月最后一天或以前——与养老服务资金编制、审批时的检查
  相同；（二）助餐补贴结算（supervision.facility_closed.served_programmes，按实际供餐结算）：
  整月未营业，即到该月最后一天仍未开业，或停业关闭在该月第一天或以前生效（月中关闭的，关闭
  以前供应的餐次仍可结算）。每个设施、每个项目一条，风险金额为这些月份所拨金额之和。
  不应报出的相似情形：下月1日停业关闭的设施获拨本月资金；暂停服务（未关闭）期间获拨的资金
  （暂停不停拨补贴）；当月最后一天开业的设施；月中关闭的助餐点结算本月（关闭前的）餐费；
  失败、退回或尚未发送的应付款。
  未导出养老服务设施登记表或应付款表时，本规则不报出。
parameters:
  payable_statuses:
    type: text_list
    default: [sent, paid]
    config_key: supervision.payable_statuses
    description_zh: 视为资金已拨出的机构应付款状态（已发送、已支付）
  served_programmes:
    type: text_list
    default: [elderly_meal_subsidy]
    config_key: supervision.facility_closed.served_programmes
    description_zh: 按实际服务结算的资金项目：当月有一天营业即可拨付（示例值：助餐补贴）
outputs:
  id_number: text
  household_id: int64
  area_code: text
  programme: text
  first_month: date
  last_month: date
  months: integer
  amount_at_risk: amount
  subject: text
  subject_name: text
  evidence: text
--- */
WITH facility_days AS (
    SELECT
        r.facility_id,
        MAX(r.name) AS name,
        MAX(r.area_code) AS area_code,
        COALESCE(MIN(CASE WHEN ev.event = 'opened' THEN ev."on" END), MAX(r.opened_on)) AS opened_on,
        COALESCE(MIN(CASE WHEN ev.event = 'closed' THEN ev."on" END), MAX(r.closed_on)) AS closed_on
    FROM elderly_facility_register AS r
    LEFT JOIN elderly_facility_events AS ev ON ev.facility_id = r.facility_id
    GROUP BY r.facility_id
),
paid AS (
    SELECT
        p.payable_id,
        p.subject_id AS facility_id,
        p.programme,
        p.month,
        YEAR(p.month) * 12 + MONTH(p.month) AS month_index,
        p.amount
    FROM institutional_payables AS p
    WHERE p.subject_kind = 'elderly.facility'
      AND p.status IN ($payable_statuses)
      AND p.month < $period_end
),
flagged AS (
    SELECT p.*, f.name, f.area_code, f.opened_on, f.closed_on
    FROM paid AS p
    JOIN facility_days AS f ON f.facility_id = p.facility_id
    WHERE f.opened_on IS NULL
       OR YEAR(f.opened_on) * 12 + MONTH(f.opened_on) > p.month_index
       OR (p.programme IN ($served_programmes) AND f.closed_on <= p.month)
       OR (p.programme NOT IN ($served_programmes)
           AND YEAR(f.closed_on) * 12 + MONTH(f.closed_on) <= p.month_index)
)
SELECT
    CAST(NULL AS VARCHAR) AS id_number,
    CAST(NULL AS BIGINT) AS household_id,
    MAX(x.area_code) AS area_code,
    x.programme,
    MIN(x.month) AS first_month,
    MAX(x.month) AS last_month,
    COUNT(DISTINCT x.month) AS months,
    SUM(x.amount) AS amount_at_risk,
    'elderly.facility:' || CAST(x.facility_id AS VARCHAR) AS subject,
    MAX(x.name) AS subject_name,
    '{"facility_id": ' || CAST(x.facility_id AS VARCHAR)
        || ', "opened_on": ' || COALESCE('"' || CAST(MAX(x.opened_on) AS VARCHAR) || '"', 'null')
        || ', "closed_on": ' || COALESCE('"' || CAST(MAX(x.closed_on) AS VARCHAR) || '"', 'null')
        || ', "payables": ' || CAST(COUNT(*) AS VARCHAR)
        || ', "first_payable_id": ' || CAST(MIN(x.payable_id) AS VARCHAR) || '}' AS evidence
FROM flagged AS x
GROUP BY x.facility_id, x.programme
