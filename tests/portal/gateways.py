"""SMS gateways for tests (MINZHENG_SMS_GATEWAY): one that fails a set number of
times before it succeeds, remembering what it was given."""

from __future__ import annotations

from typing import ClassVar

from minzheng.portal.channels import DeliveryFailed


class FlakyGateway:
    failures: ClassVar[int] = 0  # how many sends fail before one succeeds
    sent: ClassVar[list[tuple[str, str]]] = []

    def send(self, phone: str, text: str) -> str:
        if FlakyGateway.failures > 0:
            FlakyGateway.failures -= 1
            raise DeliveryFailed("网关暂时不可用")
        FlakyGateway.sent.append((phone, text))
        return f"ok-{len(FlakyGateway.sent)}"


class BrokenGateway:
    def send(self, phone: str, text: str) -> str:
        raise ConnectionError("connection refused")
