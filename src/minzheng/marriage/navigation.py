"""The marriage section of the navigation bar."""

from typing import cast

from minzheng.core.navigation import NavDomain, NavItem, register_domain
from minzheng.core.roles import Capability
from minzheng.marriage.duties import REGISTER

# The registrar's capability comes from the duty, not a role (User.can takes both).
REGISTRAR = cast(Capability, REGISTER)


def register() -> None:
    register_domain(
        NavDomain(
            "婚姻登记",
            (
                NavItem("登记业务", "marriage:home", REGISTRAR),
                NavItem("婚姻登记预约", "marriage:appointments", REGISTRAR),
                NavItem("婚姻登记统计", "marriage:statistics", Capability.VIEW_DASHBOARD),
            ),
        )
    )
