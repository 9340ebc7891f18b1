"""The screening section of the navigation bar."""

from minzheng.core.navigation import NavDomain, NavItem, register_domain
from minzheng.core.roles import Capability


def register() -> None:
    register_domain(
        NavDomain(
            "排查帮扶",
            (
                NavItem("排查活动", "screening:campaign_list", Capability.VIEW_PERSONAL),
                NavItem("我的排查对象", "screening:targets", Capability.VIEW_PERSONAL),
                NavItem("重点帮扶户", "screening:key_household_list", Capability.VIEW_PERSONAL),
            ),
        )
    )
