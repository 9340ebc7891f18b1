"""The benefits section of the navigation bar."""

from minzheng.core.navigation import NavDomain, NavItem, register_domain
from minzheng.core.roles import Capability


def register() -> None:
    register_domain(
        NavDomain(
            "残疾人与老年人补贴",
            (
                NavItem("两项补贴申请", "benefits:home", Capability.VIEW_PERSONAL),
                NavItem("高龄津贴", "benefits:old_age", Capability.VIEW_PERSONAL),
                NavItem("补贴发放对象", "benefits:recipients", Capability.VIEW_PERSONAL),
                NavItem("补贴复核", "benefits:reviews", Capability.VIEW_PERSONAL),
                NavItem("养老服务补贴", "benefits:care_service", Capability.VIEW_PERSONAL),
            ),
        )
    )
