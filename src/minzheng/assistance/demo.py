"""Demo data of the assistance domain: the labelled example standards."""

from __future__ import annotations

from minzheng.assistance.standards import seed_example_standards


def seed_demo(**_: object) -> str:
    written = seed_example_standards()
    return f"录入示例救助标准与办理时限：{written}条（均标注为示例）" if written else ""
