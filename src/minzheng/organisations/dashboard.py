"""The organisations' figures on the dashboard (社会组织): this year's fee reductions,
the lists in force, party branches and open registration applications in the user's
area. No personal data."""

from __future__ import annotations

from django.utils import timezone

from minzheng.core.extensions import Figure
from minzheng.core.models import User
from minzheng.organisations.figures import organisation_figures


def organisations_panel(user: User) -> tuple[str, list[Figure]]:
    today = timezone.localdate()
    f = organisation_figures(user.scope_prefix, today.year, today)
    return "社会组织", [
        Figure("正常登记", str(f.registered)),
        Figure("活动异常名录在列", str(f.listed_abnormal)),
        Figure("严重违法失信名单在列", str(f.listed_serious)),
        Figure(f"{today.year}年降费减负（元）", f"{f.fee_reduction_amount:,.2f}"),
        Figure("待审查涉企收费项目", str(f.fee_items_to_review)),
        Figure("党组织", str(f.party_branches)),
        Figure("应建未建党组织", "未设置" if f.without_branch is None else str(f.without_branch)),
        Figure("办理中的登记申请", str(f.registration_open)),
        Figure("认领帮扶家庭", str(f.adopted_households)),
    ]
