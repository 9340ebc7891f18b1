"""The rulebook's rules in words, for people: a reason reads as a sentence with a
"依据" (basis) line naming the rule in Chinese; the rule number stays for tooltips,
tests and the written decision's annex (docs/assistance-policy.md, "Reasons")."""

from __future__ import annotations

from minzheng.assistance.policy.outcome import Reason

RULE_TITLES = {
    "D1.2": "最低生活保障：申请",
    "D1.4": "最低生活保障：共同生活的家庭成员",
    "D1.5": "最低生活保障：一次性告知",
    "D1.6": "最低生活保障：调查核实",
    "D1.11": "最低生活保障：家庭收入的计算",
    "D1.12": "最低生活保障：刚性支出扣减",
    "D1.13": "最低生活保障：收入与财产条件",
    "D1.14": "最低生活保障：保障金额",
    "D1.15": "最低生活保障：单人保",
    "D1.16": "最低生活保障：动态管理与复核",
    "D1.17": "最低生活保障：就业渐退",
    "D1.18": "最低生活保障：保障标准",
    "D2.1": "特困人员：认定条件",
    "D2.2": "特困人员：无劳动能力",
    "D2.3": "特困人员：无生活来源",
    "D2.4": "特困人员：法定义务人无履行能力",
    "D2.5": "特困人员与儿童保障：择一享受",
    "D2.6": "特困人员：年满十六周岁后的继续供养",
    "D2.7": "特困人员：终止供养",
    "D2.8": "特困人员：生活自理能力与照料等级",
    "D2.9": "特困人员：供养标准",
    "D3.1": "临时救助",
    "D3.2": "孤儿基本生活保障",
    "D3.3": "事实无人抚养儿童保障",
    "D3.5": "低保边缘家庭认定",
    "D3.6": "刚性支出困难家庭认定",
    "D6.1": "信用+救助：信用承诺",
    "D6.2": "信用+救助：先行救助",
    "D6.4": "信用+救助：失信记录",
    "D4.1": "困难残疾人生活补贴：对象范围",
    "D4.2": "重度残疾人护理补贴：对象与残疾人证",
    "D4.3": "残疾人两项补贴：补贴标准",
    "D4.4": "残疾人两项补贴：与其他待遇的衔接",
    "D7.3": "高龄津贴",
    "D7.4": "经济困难老年人服务补贴",
}


def rule_title(rule: str) -> str:
    """The rule in words; a rule without a title is named as the rulebook's article."""
    return RULE_TITLES.get(rule, "社会救助政策规定")


def plain_message(item: Reason) -> str:
    """The reason's sentence without its leading rule number."""
    prefix = f"{item.rule} "
    return item.message[len(prefix) :] if item.message.startswith(prefix) else item.message
