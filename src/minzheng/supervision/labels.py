"""Words for what a run publishes in codes: the rule's title (from the supervision rule
files' headers, `title_zh`) and the evidence's field names (the rule files' JSON keys).
Pages show these, never the codes (issue 17: no rule codes or English words)."""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from pathlib import Path

# The header line `title_zh: …` of a rule file (docs/analytics.md, rule file format).
_TITLE = re.compile(r"^title_zh:\s*(.+?)\s*$", re.MULTILINE)
# The supervision rule set's directory in the analytics package (package data, read as
# text: the app imports nothing of analytics but its published schema).
_RULES = ("minzheng.analytics.rules", "supervision")


@lru_cache(maxsize=1)
def rule_titles() -> dict[str, str]:
    """Rule id → Chinese title, read once per process from the rule files' headers."""
    try:
        base = Path(str(resources.files(_RULES[0]).joinpath(_RULES[1])))
    except ModuleNotFoundError:  # pragma: no cover - analytics is part of the package
        return {}
    titles = {}
    for path in sorted(base.glob("S[0-9][0-9][0-9]_*.sql")):
        if found := _TITLE.search(path.read_text(encoding="utf-8")[:4000]):
            titles[path.name[:4]] = found.group(1)
    return titles


def rule_title(rule_id: str) -> str:
    return rule_titles().get(rule_id, "资金监管比对问题")


EVIDENCE_LABELS = {
    "allowed_in_first_month": "首月允许金额",
    "amount": "金额（元）",
    "answered": "银行回盘",
    "birth_date": "出生日期",
    "canteen_ids": "涉及助餐点（编号）",
    "cap": "上限（元）",
    "capacity": "接待能力（每餐次座位数）",
    "cause": "原因",
    "claims": "补贴记录条数",
    "closed_on": "停业关闭日期",
    "counties": "涉及县（区）",
    "covered_members": "保障人数",
    "cycle_id": "发放批次",
    "days_over": "超出能力天数",
    "death_date": "死亡日期",
    "disability_type": "残疾类别",
    "due_person_id": "应收款人",
    "duplicated_months": "重复发放月份",
    "enrolled_from": "纳入保障日期",
    "enrolment_id": "保障记录",
    "facility_id": "设施编号",
    "first_day": "首次发生日期",
    "first_payable_id": "首笔应付款编号",
    "grade": "残疾等级",
    "highest_paid": "最高发放额（元）",
    "holder_person_id": "账户持有人",
    "households_on_account": "同一账户收款户数",
    "kept_programme": "保留项目",
    "kinds_of_reason": "原因类别",
    "kinship": "亲属关系",
    "last_review": "最近复核",
    "line_id": "发放明细",
    "line_total": "明细合计（元）",
    "lines": "明细笔数",
    "meal_times_over": "超出能力餐次数",
    "meal_times_twice": "重复享受餐次数",
    "most_canteens": "同一餐次最多助餐点数",
    "most_meals": "单餐次最多补贴餐数",
    "opened_on": "开业日期",
    "overdue_months": "逾期月数",
    "overlap_months": "重叠月份",
    "paid_months": "发放月数",
    "payables": "拨付笔数",
    "reason": "原因",
    "receiver_person_id": "实际收款人",
    "sent_out": "送银行金额（元）",
    "staff_role": "工作人员身份",
    "standard": "标准（元）",
    "stopped_from": "停发起始月",
    "stopped_programme": "应停项目",
    "unfiled_months": "未备案月数",
}


def evidence_label(key: str) -> str:
    return EVIDENCE_LABELS.get(key, key)
