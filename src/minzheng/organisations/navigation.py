"""The organisations section of the navigation bar."""

from minzheng.core.navigation import NavDomain, NavItem, register_domain
from minzheng.core.roles import Capability


def register() -> None:
    register_domain(
        NavDomain(
            "社会组织",
            (
                NavItem("社会组织登记", "organisations:list", Capability.VIEW_PERSONAL),
                NavItem("登记申请", "organisations:applications", Capability.VIEW_PERSONAL),
                NavItem("年度工作报告", "organisations:reports", Capability.VIEW_PERSONAL),
                NavItem("信用名录", "organisations:credit", Capability.VIEW_PERSONAL),
                NavItem("等级评估", "organisations:evaluations", Capability.VIEW_PERSONAL),
                NavItem("涉企收费监管", "organisations:fees", Capability.VIEW_PERSONAL),
                NavItem("党建规范化", "organisations:party", Capability.VIEW_PERSONAL),
                NavItem("认领困难家庭", "organisations:adoptions", Capability.VIEW_PERSONAL),
            ),
        )
    )
