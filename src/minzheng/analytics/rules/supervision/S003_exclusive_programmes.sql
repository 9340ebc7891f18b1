/* ---
id: S003
title_zh: 同一人同月享受互斥项目
title_en: The same person in mutually exclusive programmes in one month
severity: high
references: [D14.3, D4.4, D2.5, D1.4]
description_zh: >
  定义：同一人（按人项目为救助对象本人；按户项目为该户登记的每一名家庭成员）在同一个月份
  （covered_months）同时由两个互斥项目发放，互斥关系由排斥矩阵给出，每一对写作“保留项目:
  应停项目”：特困与低保（特困人员不再享受低保，extreme_poverty:dibao）；D4.4 残疾人两项补贴
  （特困人员两项补贴都不享受；孤儿、事实无人抚养儿童只享受护理补贴）；未成年人孤儿保障与特困
  （选择孤儿保障的不再认定特困，D2.5）。报出应停项目：风险金额为该项目在重叠月份所发金额
  （按户项目为全户金额，是上限）。
  不应报出的相似情形：月末从一个项目转入另一个互斥项目（前一项目本月止、后一项目次月起，
  没有重叠月份）；矩阵允许同时享受的组合（生活补贴与护理补贴、低保与残疾人两项补贴、
  低保与高龄津贴）；已失败、退回的明细。
parameters:
  exclusive_pairs:
    type: text_list
    default: ["extreme_poverty:dibao", "extreme_poverty:dibao_single_person",
              "extreme_poverty:disability_living_subsidy", "extreme_poverty:disability_care_subsidy",
              "orphan:disability_living_subsidy", "unsupported_child:disability_living_subsidy",
              "orphan:extreme_poverty", "unsupported_child:extreme_poverty"]
    config_key: supervision.exclusion_matrix
    description_zh: 互斥项目排斥矩阵，每项为“保留项目:应停项目”（D14.3、D4.4、D2.5；示例值）
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
WITH received AS (
    -- each person's programmes by month: a personal programme's beneficiary, and every
    -- registered member of a household paid a household programme
    SELECT m.beneficiary_id AS person_id, m.programme, m.month, m.amount, m.household_id, m.area_code
    FROM paid_months AS m
    WHERE NOT m.household_programme
    UNION ALL
    SELECT p.person_id, m.programme, m.month, m.amount, m.household_id, m.area_code
    FROM paid_months AS m
    JOIN persons AS p ON p.household_id = m.household_id
    WHERE m.household_programme
),
stopped AS (
    SELECT
        b.person_id,
        b.programme,
        b.month,
        b.household_id,
        b.area_code,
        SUM(b.amount) AS amount,
        MIN(a.programme) AS kept
    FROM received AS b
    JOIN (
        SELECT DISTINCT person_id, programme, month FROM received
    ) AS a
        ON a.person_id = b.person_id AND a.month = b.month
    WHERE a.programme || ':' || b.programme IN ($exclusive_pairs)
    GROUP BY b.person_id, b.programme, b.month, b.household_id, b.area_code
)
SELECT
    p.id_number,
    MAX(s.household_id) AS household_id,
    MAX(s.area_code) AS area_code,
    s.programme,
    MIN(s.month) AS first_month,
    MAX(s.month) AS last_month,
    COUNT(DISTINCT s.month) AS months,
    SUM(s.amount) AS amount_at_risk,
    '{"kept_programme": "' || MIN(s.kept) || '", "stopped_programme": "' || s.programme
        || '", "overlap_months": ' || CAST(COUNT(DISTINCT s.month) AS VARCHAR) || '}' AS evidence
FROM stopped AS s
JOIN persons AS p ON p.person_id = s.person_id
GROUP BY p.id_number, s.programme
