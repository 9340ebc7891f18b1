/* ---
id: S010
title_zh: 保障家庭有公职人员、车辆、经营主体或多套住房
title_en: Assisted household with a public employee, a non-work vehicle, a company or extra property
severity: medium
references: [D14.8, D1.13]
description_zh: >
  定义：某月（covered_months）发放了按家庭经济状况认定的项目（默认低保、单人保、特困），而该户
  登记的某一家庭成员在该月：在公职人员信息中在职（入职月不晚于该月、离职月不早于该月）；
  或名下有状态正常、非生产经营用途的机动车超过上限（登记月不晚于该月；登记日期为空视为一直
  在册）；或在存续的经营主体中任法定代表人或股东（成立月不晚于该月）；或全家名下有效住宅
  套数超过上限（登记月不晚于该月）。风险金额为这些月份所发金额之和。
  不应报出的相似情形：摩托车、三轮汽车等生产生活用车；已报废或转出的车辆；已注销、吊销的
  经营主体，个体工商户经营者；一套住房；离职以后月份的发放；不在该户登记的亲属名下的财产。
parameters:
  means_tested_programmes:
    type: text_list
    default: [dibao, dibao_single_person, extreme_poverty]
    config_key: supervision.assets.programmes
    description_zh: 核查家庭财产和公职人员的项目（按家庭经济状况认定的项目；示例值）
  work_vehicle_types:
    type: text_list
    default: [motorcycle, tricycle]
    config_key: warning.property.work_vehicle_types
    description_zh: 视为生产生活用车、不计入车辆限制的车辆类型（D1.13）
  max_non_work_vehicles:
    type: integer
    default: 0
    config_key: supervision.assets.max_non_work_vehicles
    description_zh: 保障家庭成员名下非生产经营用车上限（辆；D1.13 示例：不得有；示例值）
  business_roles:
    type: text_list
    default: [legal_representative, shareholder]
    config_key: supervision.assets.business_roles
    description_zh: 视为拥有经营主体的身份（示例值：法定代表人、股东；不含个体工商户经营者）
  max_dwellings:
    type: integer
    default: 1
    config_key: low_income.property.max_dwellings
    description_zh: 家庭成员名下住宅套数上限（套，示例值）
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
    SELECT m.* FROM paid_months AS m WHERE m.programme IN ($means_tested_programmes)
),
members AS (
    SELECT p.household_id, p.person_key
    FROM persons AS p
    WHERE p.household_id IN (SELECT household_id FROM paid)
),
spans AS (
    SELECT m.household_id, 'public_employee' AS kind,
        YEAR(e.start_date) * 12 + MONTH(e.start_date) AS from_index,
        YEAR(e.end_date) * 12 + MONTH(e.end_date) AS to_index
    FROM members AS m
    JOIN public_employees AS e ON e.person_key = m.person_key
    UNION ALL
    SELECT m.household_id, 'company' AS kind,
        COALESCE(YEAR(b.established_date) * 12 + MONTH(b.established_date), 0) AS from_index,
        CAST(NULL AS INT) AS to_index
    FROM members AS m
    JOIN business_registrations AS b ON b.person_key = m.person_key
    WHERE b.status = 'active' AND b.role IN ($business_roles)
),
vehicles_by_month AS (
    SELECT p.line_id, p.month, 'vehicle' AS kind
    FROM paid AS p
    JOIN members AS m ON m.household_id = p.household_id
    JOIN vehicles AS v ON v.person_key = m.person_key
    WHERE v.status = 'normal' AND v.vehicle_type NOT IN ($work_vehicle_types)
      AND COALESCE(YEAR(v.registration_date) * 12 + MONTH(v.registration_date), 0) <= p.month_index
    GROUP BY p.line_id, p.month
    HAVING COUNT(DISTINCT v.plate) > $max_non_work_vehicles
),
dwellings_by_month AS (
    SELECT p.line_id, p.month, 'dwellings' AS kind
    FROM paid AS p
    JOIN members AS m ON m.household_id = p.household_id
    JOIN real_estate AS r ON r.person_key = m.person_key
    WHERE r.status = 'valid' AND r.usage = 'residential'
      AND COALESCE(YEAR(r.registration_date) * 12 + MONTH(r.registration_date), 0) <= p.month_index
    GROUP BY p.line_id, p.month
    HAVING COUNT(DISTINCT r.certificate_number) > $max_dwellings
),
reasons AS (
    SELECT p.line_id, p.month, s.kind
    FROM paid AS p
    JOIN spans AS s ON s.household_id = p.household_id
    WHERE s.from_index <= p.month_index AND (s.to_index IS NULL OR s.to_index >= p.month_index)
    UNION ALL
    SELECT line_id, month, kind FROM vehicles_by_month
    UNION ALL
    SELECT line_id, month, kind FROM dwellings_by_month
),
flagged AS (
    SELECT p.*, r.kinds, r.first_kind
    FROM paid AS p
    JOIN (
        SELECT line_id, month, COUNT(DISTINCT kind) AS kinds, MIN(kind) AS first_kind
        FROM reasons
        GROUP BY line_id, month
    ) AS r ON r.line_id = p.line_id AND r.month = p.month
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
    '{"reason": "' || MIN(f.first_kind) || '", "kinds_of_reason": '
        || CAST(MAX(f.kinds) AS VARCHAR) || '}' AS evidence
FROM flagged AS f
JOIN persons AS p ON p.person_id = f.beneficiary_id
GROUP BY p.id_number, f.programme
