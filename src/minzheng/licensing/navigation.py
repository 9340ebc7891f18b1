"""The licensing section of the navigation bar."""

from minzheng.core.navigation import NavDomain, NavItem, register_domain
from minzheng.core.roles import Capability


def register() -> None:
    register_domain(
        NavDomain(
            "行政许可",
            (
                NavItem("许可事项", "licensing:item_list", Capability.VIEW_PERSONAL),
                NavItem("许可申请", "licensing:application_list", Capability.VIEW_PERSONAL),
                NavItem("按时办结率", "licensing:rates", Capability.VIEW_DASHBOARD),
            ),
        )
    )
