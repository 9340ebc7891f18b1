/* ---
id: S011
title_zh: 工作人员及村（居）干部近亲属享受救助未备案
title_en: Near relatives of staff and village cadres paid without being filed
severity: medium
references: [D14.9, D1.10]
description_zh: >
  定义：某月（covered_months）发放了需近亲属备案的项目（默认低保、单人保、特困），而该户登记的
  某一家庭成员在工作人员及村（居）干部近亲属名册（staff_relatives）中，且其近亲属备案日期为空，
  或备案月晚于该月（人情保、关系保，D1.10）。风险金额为未备案月份所发金额之和。
  不应报出的相似情形：发放月以前（含当月）已备案；名册中的亲属不在受助家庭；不需备案的项目
  （如高龄津贴）。
parameters:
  filed_programmes:
    type: text_list
    default: [dibao, dibao_single_person, extreme_poverty]
    config_key: supervision.staff_relatives.programmes
    description_zh: 工作人员近亲属享受时须单独备案的项目（D1.10；示例值）
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
WITH paid AS (
    SELECT m.* FROM paid_months AS m WHERE m.programme IN ($filed_programmes)
),
relatives AS (
    SELECT p.household_id, r.staff_role, r.kinship,
        YEAR(r.filed_on) * 12 + MONTH(r.filed_on) AS filed_index
    FROM staff_relatives AS r
    JOIN persons AS p ON p.person_key = r.person_key
),
flagged AS (
    SELECT p.line_id, p.month, p.amount, p.programme, p.household_id, p.area_code,
        p.beneficiary_id, MIN(r.staff_role) AS staff_role, MIN(r.kinship) AS kinship
    FROM paid AS p
    JOIN relatives AS r ON r.household_id = p.household_id
    WHERE r.filed_index IS NULL OR r.filed_index > p.month_index
    GROUP BY p.line_id, p.month, p.amount, p.programme, p.household_id, p.area_code, p.beneficiary_id
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
    '{"staff_role": "' || MIN(f.staff_role) || '", "kinship": "' || MIN(f.kinship)
        || '", "unfiled_months": ' || CAST(COUNT(DISTINCT f.month) AS VARCHAR) || '}' AS evidence
FROM flagged AS f
JOIN persons AS p ON p.person_id = f.beneficiary_id
GROUP BY p.id_number, f.programme
