"""The payments section of the navigation bar."""

from minzheng.core.navigation import NavDomain, NavItem, register_domain
from minzheng.core.roles import Capability


def register() -> None:
    register_domain(
        NavDomain(
            "资金发放",
            (
                NavItem("发放批次", "payments:cycle_list", Capability.VIEW_PERSONAL),
                NavItem("追回单", "payments:recovery_list", Capability.VIEW_PERSONAL),
                NavItem("供养机构", "payments:institution_list", Capability.VIEW_PERSONAL),
                NavItem("单位资金拨付", "payments:payable_list", Capability.VIEW_PERSONAL),
                NavItem("发放汇总", "payments:totals", Capability.VIEW_DASHBOARD),
            ),
        )
    )
