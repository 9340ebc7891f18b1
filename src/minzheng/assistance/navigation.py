"""The assistance section of the navigation bar."""

from minzheng.core.navigation import NavDomain, NavItem, register_domain
from minzheng.core.roles import Capability


def register() -> None:
    register_domain(
        NavDomain(
            "社会救助",
            (
                NavItem("待办案件", "assistance:queue", Capability.VIEW_PERSONAL),
                NavItem("全部案件", "assistance:list", Capability.VIEW_PERSONAL),
                NavItem("保障对象", "assistance:enrolments", Capability.VIEW_PERSONAL),
                NavItem("政策计算器", "assistance:calculator", Capability.VIEW_PERSONAL),
                NavItem("先办后核统计", "assistance:figures", Capability.VIEW_DASHBOARD),
                NavItem("保障金额（按月）", "assistance:money", Capability.VIEW_DASHBOARD),
                NavItem("保障对象名册", "assistance:roster", Capability.VIEW_DASHBOARD),
                NavItem("政策模拟测算", "assistance:simulations", Capability.SIMULATE_POLICY),
            ),
        )
    )
