"""Who is acting, and from where: set per request by the middleware, per command by the CLI.

The audit trail reads it, so service functions need not pass the IP around.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestContext:
    ip: str = ""
    channel: str = "cli"  # web / api / cli


_current: contextvars.ContextVar[RequestContext | None] = contextvars.ContextVar(
    "minzheng_request_context", default=None
)


def current() -> RequestContext:
    return _current.get() or RequestContext()


@contextmanager
def acting_from(ctx: RequestContext) -> Iterator[None]:
    token = _current.set(ctx)
    try:
        yield
    finally:
        _current.reset(token)
