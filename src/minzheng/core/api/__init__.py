"""Core endpoints of the JSON API: me, areas, persons, households, audit, calendar."""

from minzheng.core.api.auth import auth
from minzheng.core.api.endpoints import router

__all__ = ["auth", "router"]
