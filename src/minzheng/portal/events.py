"""The events applicants and recipients are told of, and what each message may say.

Every field is the masked minimum (D13.2, PIPL): a case number the applicant already
holds, a programme, a month, a date, an office. Never a name, an ID number, a phone or
an amount — a message may be read by whoever holds the phone. Whether a person may
refuse the SMS of an event is written here by hand from the rules: decisions and
requests for documents must reach the applicant (D1.8 written notice, D6 一次告知),
a failed payment must too (D13.3: re-issued within days, the recipient may need to act);
reminders may be refused.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Event:
    code: str
    label: str
    fields: tuple[str, ...]  # the placeholders a template of this event may use
    opt_out: bool  # may the person refuse its SMS?


# A template names a field by its Chinese label: {受理编号}, {救助项目} ...
FIELD_LABELS = {
    "case": "受理编号",
    "programme": "救助项目",
    "result": "办理结果",
    "deadline": "截止日期",
    "month": "月份",
    "office": "经办单位",
}

EVENTS: dict[str, Event] = {
    e.code: e
    for e in (
        Event("decision", "审批结果", ("case", "programme", "result", "office"), False),
        Event("documents", "补正材料", ("case", "programme", "deadline", "office"), False),
        Event("deadline", "办理时限提醒", ("case", "programme", "deadline", "office"), True),
        Event("payment_failed", "发放失败", ("programme", "month", "office"), False),
        Event("proof_of_life", "待遇资格认证提醒", ("programme", "deadline", "office"), True),
    )
}


def event(code: str) -> Event:
    try:
        return EVENTS[code]
    except KeyError:
        raise LookupError(f"未声明的通知事项：{code}") from None


EVENT_CHOICES = [(e.code, e.label) for e in EVENTS.values()]
