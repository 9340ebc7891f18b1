"""The evidence of a pair in words: each field's comparison with its weight (log₂ of
how much likelier the agreement is for the same person than for two people)."""

from __future__ import annotations

from dataclasses import dataclass

from minzheng.identity.models import MatchPair

FIELDS = {
    "id": "公民身份号码",
    "name": "姓名",
    "birth": "出生日期",
    "sex": "性别",
    "address": "地址",
    "phone": "联系电话",
}


@dataclass(frozen=True)
class EvidenceRow:
    label: str
    weight: float
    verdict: str


def evidence_rows(pair: MatchPair) -> list[EvidenceRow]:
    rows = []
    for key, label in FIELDS.items():
        weight = float(pair.evidence.get(key, 0.0))
        verdict = (
            "支持同一人" if weight > 0.5 else ("支持不同人" if weight < -0.5 else "无明显依据")
        )
        rows.append(EvidenceRow(label, weight, verdict))
    return rows
