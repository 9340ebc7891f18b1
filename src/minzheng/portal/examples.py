"""Labelled example content (示例): a guide for each programme and licensing item and a
template for each event and channel, so a new installation and the demo show complete
pages. Every version is marked `is_example`; the city office replaces them with the
local texts through the same audited service (a new version)."""

from __future__ import annotations

import datetime as dt

from minzheng.assistance.models import Programme
from minzheng.licensing.items import all_items
from minzheng.portal.content import content_keys, content_publish
from minzheng.portal.models import ContentVersion

BASIS = "示例内容（须按本地政策核定后发布）"
WHERE = "户籍所在地乡镇人民政府（街道办事处）便民服务中心，或委托村（居）民委员会代为提交"

PROGRAMME_GUIDES = {
    Programme.DIBAO: (
        "共同生活的家庭成员人均收入低于当地最低生活保障标准，且家庭财产状况符合当地规定的，"
        "可以申请最低生活保障。",
        ["申请书", "户口簿", "居民身份证", "家庭收入和财产情况声明", "家庭经济状况核对授权书"],
    ),
    Programme.EXTREME_POVERTY: (
        "老年人、残疾人以及未满十六周岁的未成年人，无劳动能力、无生活来源，"
        "且无法定赡养、抚养、扶养义务人或者其义务人无履行能力的，可以申请特困人员救助供养。",
        ["申请书", "户口簿", "居民身份证", "残疾人证（残疾人申请时）", "生活自理能力评估材料"],
    ),
    Programme.ORPHAN: (
        "父母均死亡或被人民法院宣告死亡、失踪的未满十八周岁的儿童，由监护人申请孤儿基本生活费。",
        ["申请书", "儿童户口簿", "父母死亡或宣告死亡、失踪的证明", "监护人居民身份证"],
    ),
    Programme.UNSUPPORTED_CHILD: (
        "父母双方均符合重残、重病、服刑、强制隔离戒毒、失联等情形之一的儿童，"
        "由监护人申请事实无人抚养儿童基本生活补贴。",
        ["申请书", "儿童户口簿", "父母情形的证明材料", "监护人居民身份证"],
    ),
    Programme.TEMPORARY: (
        "因火灾、交通事故等意外事件，或家庭成员突发重大疾病等原因，导致基本生活暂时出现严重困难的"
        "家庭或个人，可以申请临时救助；情况紧急的可先行救助。",
        ["申请书", "居民身份证", "困难情形的说明或证明", "信用承诺书（申请先办后核时）"],
    ),
    Programme.DISABILITY_LIVING_SUBSIDY: (
        "持有第三代残疾人证、享受最低生活保障（或按规定纳入范围的低保边缘家庭）的残疾人，"
        "可以申请困难残疾人生活补贴；可在任一乡镇（街道）提出，转户籍所在地办理。",
        ["申请书", "居民身份证", "第三代残疾人证", "户口簿"],
    ),
    Programme.DISABILITY_CARE_SUBSIDY: (
        "持有第三代残疾人证、残疾等级为一级或二级且需要长期照护的残疾人，"
        "可以申请重度残疾人护理补贴；可在任一乡镇（街道）提出，转户籍所在地办理。",
        ["申请书", "居民身份证", "第三代残疾人证", "户口簿"],
    ),
    Programme.OLD_AGE_ALLOWANCE: (
        "本地户籍、年满规定年龄的老年人，按年龄段享受高龄津贴；"
        "民政部门每月从户籍登记中列出新满龄的老人，经确认后发放，无需另行申请。",
        ["居民身份证", "户口簿", "本人或代理人银行账户"],
    ),
    Programme.ELDERLY_CARE_SERVICE_SUBSIDY: (
        "经能力评估确定需要照护的经济困难老年人，按评估等级享受养老服务补贴。",
        ["申请书", "居民身份证", "户口簿", "老年人能力评估结果"],
    ),
}

TEMPLATES = {
    "decision": "您的{救助项目}申请（受理编号{受理编号}）已有办理结果：{办理结果}。"
    "书面决定请到{经办单位}领取。",
    "documents": "您的{救助项目}申请（受理编号{受理编号}）需补正材料，"
    "请于{截止日期}前到{经办单位}提交，清单可凭受理编号查询。",
    "deadline": "您的{救助项目}申请（受理编号{受理编号}）将于{截止日期}到期，"
    "如有疑问请联系{经办单位}。",
    "payment_failed": "您{月份}的{救助项目}资金发放未成功，请尽快到{经办单位}核对收款账户。",
    "proof_of_life": "请于{截止日期}前完成{救助项目}待遇资格认证，可到{经办单位}办理。",
}


def _body(key: str) -> dict[str, object]:
    ck = content_keys()[key]
    if ck.programme:
        who, documents = PROGRAMME_GUIDES[Programme(ck.programme)]
        return {"who": who, "documents": documents, "where": WHERE, "notes": ""}
    if ck.licence:
        item = all_items()[ck.licence]
        return {
            "who": f"拟办理“{item.name}”的单位，按{item.basis}提出申请。",
            "documents": [name for _code, name in item.materials],
            "where": f"{item.levels_label}民政部门政务服务窗口",
            "notes": "",
        }
    return {"text": TEMPLATES[ck.event]}


def seed_example_content(on: dt.date) -> int:
    """Example versions of every key that has none yet; returns how many were written."""
    taken = set(ContentVersion.objects.values_list("key", flat=True))
    written = 0
    for key, ck in content_keys().items():
        if key in taken:
            continue
        content_publish(
            actor=None,
            key=key,
            title=ck.label.split("：", 1)[-1],
            body=_body(key),
            effective_from=on,
            basis=BASIS,
            is_example=True,
        )
        written += 1
    return written
