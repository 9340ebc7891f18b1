/* ---
id: S008
title_zh: 收款人不是救助对象本人或户主
title_en: Payee is not the beneficiary or the head of household
severity: high
references: [D14.7, D13.1, D13.2]
description_zh: >
  定义：发放到个人账户（不是集中供养机构账户）的一笔已发出资金，实际收款人——账户在收款账户
  登记（payee_accounts）中的持有人，没有登记时为明细的收款人——既不是应收款人（按人项目为
  救助对象本人，按户项目为家庭现户主），也不是其配偶（同一户中一人为户主、另一人与户主关系
  为配偶），也不是可由家庭成员代收的项目（孤儿、事实无人抚养儿童由监护人代收，D13.1）中
  同户的家庭成员。风险金额为这些明细的实发金额（total）之和。
  不应报出的相似情形：集中供养的特困人员发放到机构账户（D13.1）；孤儿津贴由同户的祖父母
  （监护人）代收；夫妻共用一个账户；户主变更后按新户主发放。
parameters:
  family_programmes:
    type: text_list
    default: [orphan, unsupported_child]
    config_key: supervision.payee.family_programmes
    description_zh: 可由同户家庭成员（监护人）代收的项目（D13.1；示例值）
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
WITH holders AS (
    -- an account registered to several people (spouses) has one row here
    SELECT account_number, MIN(person_id) AS holder_id
    FROM payee_accounts
    GROUP BY account_number
),
received AS (
    SELECT
        l.*,
        -- the payee when the account is registered to the payee, else its holder on record
        CASE
            WHEN own.person_id IS NOT NULL THEN l.payee_id
            ELSE COALESCE(a.holder_id, l.payee_id)
        END AS receiver_id,
        CASE WHEN l.household_programme THEN h.head_person_id ELSE l.beneficiary_id END AS due_id
    FROM paid_lines AS l
    LEFT JOIN payee_accounts AS own
        ON own.account_number = l.account_number AND own.person_id = l.payee_id
    LEFT JOIN holders AS a ON a.account_number = l.account_number
    LEFT JOIN households AS h ON h.household_id = l.household_id
    WHERE l.institution_id IS NULL
),
flagged AS (
    SELECT r.*
    FROM received AS r
    JOIN persons AS due ON due.person_id = r.due_id
    LEFT JOIN persons AS got ON got.person_id = r.receiver_id
    WHERE r.receiver_id <> r.due_id
      AND NOT (
          got.household_id = due.household_id
          AND (
              (got.relation = 'spouse' AND due.relation = 'head')
              OR (got.relation = 'head' AND due.relation = 'spouse')
              OR r.programme IN ($family_programmes)
          )
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
    '{"receiver_person_id": ' || CAST(MIN(f.receiver_id) AS VARCHAR)
        || ', "due_person_id": ' || CAST(MIN(f.due_id) AS VARCHAR)
        || ', "lines": ' || CAST(COUNT(*) AS VARCHAR) || '}' AS evidence
FROM flagged AS f
JOIN persons AS p ON p.person_id = f.due_id
GROUP BY p.id_number, f.programme
