"""The navigation bar, by domain, showing only what the user's role may open."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from minzheng.core.roles import Capability


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    capability: Capability


@dataclass(frozen=True)
class NavDomain:
    label: str
    items: tuple[NavItem, ...]


DOMAINS: list[NavDomain] = [
    NavDomain(
        "基础信息",
        (
            NavItem("人员查询", "core:person_search", Capability.VIEW_PERSONAL),
            NavItem("家庭查询", "core:household_search", Capability.VIEW_PERSONAL),
            NavItem("登记人员", "core:person_new", Capability.EDIT_PERSONAL),
            NavItem("新建家庭", "core:household_new", Capability.EDIT_PERSONAL),
            NavItem("家庭导入", "core:household_import", Capability.EDIT_PERSONAL),
        ),
    ),
    NavDomain("统计看板", (NavItem("领导看板", "core:dashboard", Capability.VIEW_DASHBOARD),)),
    NavDomain(
        "系统管理",
        (
            NavItem("审计日志", "core:audit_list", Capability.VIEW_AUDIT),
            NavItem("标准与参数", "core:settings", Capability.VIEW_DASHBOARD),
            NavItem("工作日调整", "core:calendar", Capability.MANAGE_CALENDAR),
            NavItem("解除登录锁定", "core:login_unlock", Capability.MANAGE_ACCOUNTS),
            NavItem("岗位管理", "core:duties", Capability.MANAGE_ACCOUNTS),
        ),
    ),
]


def register_domain(domain: NavDomain) -> None:
    """Domains add their section when their app loads (AppConfig.ready)."""
    if domain.label not in {d.label for d in DOMAINS}:
        DOMAINS.insert(len(DOMAINS) - 1, domain)


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_domains": []}
    visible = []
    for domain in DOMAINS:
        items = [
            {"label": i.label, "url": reverse(i.url_name)}
            for i in domain.items
            if user.can(i.capability)
        ]
        if items:
            visible.append({"label": domain.label, "items": items})
    return {"nav_domains": visible}
