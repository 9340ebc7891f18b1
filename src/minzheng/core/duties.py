"""Duties (岗位): posts held on top of a role, declared by the apps that need them.

A role says at which level someone works (community, township, county, city) and
what any staff member there may do; a duty adds the work of one post — a hotline
operator, a marriage registrar, an organisation registrar. Each app declares its
duties on its AppConfig (`duties = (Duty(...), ...)`, `core.roles.Duty`); this module
collects them, answers which capabilities a set of duties grants, and is the one
place that grants and revokes them (the city office, audited). A duty never widens
scope: its holder reaches only their own area and beneath it (D0.3).
"""

from __future__ import annotations

from functools import cache

from django.apps import apps
from django.core import checks
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from minzheng.core.audit import audit_record
from minzheng.core.models import AuditAction, DutyGrant, User
from minzheng.core.roles import Capability, Duty, Role


@cache
def all_duties() -> dict[str, Duty]:
    """Every declared duty by code, in the order of INSTALLED_APPS."""
    found: dict[str, Duty] = {}
    for config in apps.get_app_configs():
        for duty in getattr(config, "duties", ()):
            found.setdefault(duty.code, duty)
    return found


def duty_label(code: str) -> str:
    duty = all_duties().get(code)
    return duty.label if duty else code


@cache
def capabilities_of(codes: frozenset[str]) -> frozenset[str]:
    """The capabilities granted by holding these duties (unknown codes grant none)."""
    known = all_duties()
    return frozenset(c for code in codes if code in known for c in known[code].capabilities)


def duties_for_role(role: str) -> list[Duty]:
    """The duties a user of this role may hold (for the grant form)."""
    return [d for d in all_duties().values() if role in d.roles]


def _forget(user: User) -> None:
    user.__dict__.pop("duty_codes", None)


def _check_actor(actor: User | None, user: User) -> None:
    if actor is None:  # the command line and the demo act as the system
        return
    if not actor.can(Capability.MANAGE_ACCOUNTS):
        raise PermissionDenied("您无权授予或撤销岗位")
    if user.area_id is None or not actor.reaches(user.area_id):
        # The same words whether the account exists elsewhere or not at all.
        raise ValidationError({"username": "用户名不存在或不在您的管辖区域内"})


@transaction.atomic
def duty_grant(*, actor: User | None, user: User, code: str, note: str = "") -> DutyGrant:
    """Give `user` the duty `code`. Refused, naming the field, when the duty is
    unknown, the user's role may not hold it, or the user already holds it."""
    _check_actor(actor, user)
    duty = all_duties().get(code)
    if duty is None:
        raise ValidationError({"duty": f"岗位“{code}”不存在"})
    if user.role not in duty.roles:
        role = Role(user.role).label if user.role in Role.values else user.role
        raise ValidationError({"duty": f"{role}不能担任“{duty.label}”岗位"})
    if DutyGrant.objects.filter(user=user, duty=code, revoked_at__isnull=True).exists():
        raise ValidationError({"duty": f"该用户已担任“{duty.label}”岗位"})
    grant = DutyGrant.objects.create(
        user=user, duty=code, granted_by=actor, granted_at=timezone.now(), note=note
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=grant,
        area_code=user.area_id or "",
        after={"username": user.username, "duty": code},
        summary=f"授予 {user.username} 岗位“{duty.label}”",
    )
    _forget(user)
    return grant


@transaction.atomic
def duty_revoke(*, actor: User | None, user: User, code: str, note: str) -> DutyGrant:
    """Take the duty `code` from `user`, with a reason; the grant stays as history."""
    _check_actor(actor, user)
    if not note.strip():
        raise ValidationError({"note": "撤销岗位须填写理由"})
    grant = (
        DutyGrant.objects.select_for_update()
        .filter(user=user, duty=code, revoked_at__isnull=True)
        .first()
    )
    if grant is None:
        raise ValidationError({"duty": f"该用户未担任“{duty_label(code)}”岗位"})
    grant.revoked_at = timezone.now()
    grant.revoked_by = actor
    grant.note = note.strip()
    grant.save(update_fields=["revoked_at", "revoked_by", "note"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=grant,
        area_code=user.area_id or "",
        before={"duty": code, "held": True},
        after={"duty": code, "held": False, "note": grant.note},
        summary=f"撤销 {user.username} 岗位“{duty_label(code)}”：{grant.note}",
    )
    _forget(user)
    return grant


def check_duties(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """System check: every declared duty is usable (minzheng.E002)."""
    errors: list[checks.CheckMessage] = []
    seen: dict[str, str] = {}

    def bad(text: str) -> None:
        errors.append(checks.Error(text, id="minzheng.E002"))

    for config in apps.get_app_configs():
        for duty in getattr(config, "duties", ()):
            where = f"{config.label}: duty {duty.code!r}"
            if not isinstance(duty, Duty):
                bad(f"{config.label}: duties must be core.roles.Duty, got {duty!r}")
                continue
            if duty.code in seen:
                bad(f"{where} is declared by {seen[duty.code]} too")
            seen.setdefault(duty.code, config.label)
            if duty.code in Role.values:
                bad(f"{where} has a role's code")
            if not duty.code or len(duty.code) > 32 or not duty.code.isidentifier():
                bad(f"{where}: a code is an identifier of at most 32 characters")
            if not duty.label.strip():
                bad(f"{where} has no Chinese label")
            if not duty.roles or not set(duty.roles) <= set(Role.values):
                bad(f"{where}: roles must be among {sorted(Role.values)}")
            if not duty.capabilities:
                bad(f"{where} grants no capability")
    return errors
