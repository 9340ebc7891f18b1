/* ---
view: over_property_limits
description_zh: >
  家庭成员名下财产超出低收入人口财产规定（D1.13）的家庭：非生产经营用车超过上限、住宅
  套数超过上限，或有注册资本超过上限的存续经营主体。W008、W009 共用：规则先在名为 members
  的 CTE 中列出待查家庭的成员（household_id, person_key），本视图内联在其后，只查这些成员。
reads:
  members: {household_id: int64, person_key: int64}
parameters:
  work_vehicle_types:
    type: text_list
    default: [motorcycle, tricycle]
    config_key: warning.property.work_vehicle_types
    description_zh: 视为生产生活用车、不计入车辆限制的车辆类型（D1.13）
  max_non_work_vehicles:
    type: integer
    default: 1
    config_key: low_income.property.max_non_work_vehicles
    description_zh: 家庭成员名下非生产经营用车上限（辆，示例值）
  max_dwellings:
    type: integer
    default: 1
    config_key: low_income.property.max_dwellings
    description_zh: 家庭成员名下住宅套数上限（套，示例值）
  max_registered_capital:
    type: money
    default: "100000.00"
    config_key: warning.property.max_registered_capital
    description_zh: 家庭成员存续经营主体注册资本上限（元）
outputs: [household_id]
--- */
-- The feeds are read for the members of the rule's candidate households only (a
-- semi-join on the person key): a handful of households, not the whole city.
SELECT m.household_id
FROM members AS m
JOIN vehicles AS v ON v.person_key = m.person_key
WHERE v.status = 'normal' AND v.vehicle_type NOT IN ($work_vehicle_types)
GROUP BY m.household_id
HAVING COUNT(*) > $max_non_work_vehicles
UNION
SELECT m.household_id
FROM members AS m
JOIN real_estate AS r ON r.person_key = m.person_key
WHERE r.status = 'valid' AND r.usage = 'residential'
GROUP BY m.household_id
HAVING COUNT(*) > $max_dwellings
UNION
SELECT m.household_id
FROM members AS m
JOIN business_registrations AS b ON b.person_key = m.person_key
WHERE b.status = 'active' AND COALESCE(b.registered_capital, 0) > $max_registered_capital
