"""Roles and what each may do. Capabilities are named, never numeric codes.

Scope (which records) is separate from capability (which actions): every user
works in one area and reaches that area and everything beneath it (D0.3).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CASEWORKER = "caseworker", _("社区（村）经办人")
    TOWNSHIP_REVIEWER = "township_reviewer", _("乡镇（街道）审核人")
    COUNTY_APPROVER = "county_approver", _("县（区）审批人")
    CITY_ADMIN = "city_admin", _("市级管理员")
    AUDITOR = "auditor", _("审计监督员")
    LEADER = "leader", _("领导（只读看板）")


class Capability(StrEnum):
    VIEW_PERSONAL = "view_personal"  # lists and details of people, households, cases
    EDIT_PERSONAL = "edit_personal"  # create and change people, households, cases
    EXPORT_PERSONAL = "export_personal"
    VIEW_DASHBOARD = "view_dashboard"  # aggregate figures, no personal data
    VIEW_AUDIT = "view_audit"
    MANAGE_CALENDAR = "manage_calendar"
    MANAGE_CONFIG = "manage_config"
    MANAGE_ACCOUNTS = "manage_accounts"  # unlock log-ins locked by throttling
    # run policy simulations and read who would enter or leave (issue 15 item 4)
    SIMULATE_POLICY = "simulate_policy"


_STAFF = {
    Capability.VIEW_PERSONAL,
    Capability.EDIT_PERSONAL,
    Capability.EXPORT_PERSONAL,
    Capability.VIEW_DASHBOARD,
}

ROLE_CAPABILITIES: dict[str, frozenset[Capability]] = {
    Role.CASEWORKER: frozenset(_STAFF - {Capability.VIEW_DASHBOARD}),
    Role.TOWNSHIP_REVIEWER: frozenset(_STAFF),
    Role.COUNTY_APPROVER: frozenset(_STAFF | {Capability.SIMULATE_POLICY}),
    Role.CITY_ADMIN: frozenset(
        _STAFF
        | {
            Capability.VIEW_AUDIT,
            Capability.MANAGE_CALENDAR,
            Capability.MANAGE_CONFIG,
            Capability.MANAGE_ACCOUNTS,
            Capability.SIMULATE_POLICY,
        }
    ),
    Role.AUDITOR: frozenset(
        {
            Capability.VIEW_PERSONAL,
            Capability.EXPORT_PERSONAL,
            Capability.VIEW_DASHBOARD,
            Capability.VIEW_AUDIT,
        }
    ),
    Role.LEADER: frozenset({Capability.VIEW_DASHBOARD}),
}


@dataclass(frozen=True)
class Duty:
    """A post (岗位) held on top of a role: a hotline operator, a marriage registrar…

    A duty adds capabilities (plain strings, the declaring app's own) and may be
    named in a workflow step's `roles`; it never widens scope — a duty-holder still
    reaches only their own area and beneath it (D0.3). Apps declare their duties on
    their AppConfig (`duties = (Duty(...), ...)`); `core.duties` collects them, and
    the city office grants them (`core.duties.duty_grant`, audited).
    """

    code: str
    label: str
    capabilities: frozenset[str]
    roles: frozenset[str]  # the roles that may hold it
    rule: str = ""  # the rule behind it, e.g. "D8.3"
