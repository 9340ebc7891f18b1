"""Demo data of a domain that builds on the assistance cases."""

from __future__ import annotations

DEMO_AFTER = ("assistance", "not_installed")
CALLS: list[dict[str, object]] = []


def seed_demo(**options: object) -> str:
    CALLS.append(options)
    return "后加领域的演示数据"
