"""Accounts: every user has one role and works in one area (D0.3)."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from minzheng.core.models.places import Area
from minzheng.core.roles import ROLE_CAPABILITIES, Capability, Role


class User(AbstractUser):
    role = models.CharField(
        _("角色"), max_length=24, choices=Role.choices, default=Role.CASEWORKER
    )
    area = models.ForeignKey(
        Area,
        verbose_name=_("工作区划"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    display_name = models.CharField(_("姓名"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.display_name or self.username

    @property
    def scope_prefix(self) -> str:
        if self.area is None:
            raise PermissionError("用户未分配工作区划")
        return self.area.prefix

    def can(self, capability: Capability | str) -> bool:
        """Whether the role, or one of the duties held (岗位), grants `capability`."""
        if not self.is_active or self.area_id is None:
            return False
        if capability in ROLE_CAPABILITIES.get(self.role, frozenset()):
            return True
        if not self.duty_codes:
            return False
        from minzheng.core.duties import capabilities_of

        return capability in capabilities_of(self.duty_codes)

    @cached_property
    def duty_codes(self) -> frozenset[str]:
        """The duties this user holds now (one query, cached on the instance)."""
        if self.pk is None:
            return frozenset()
        return frozenset(
            DutyGrant.objects.filter(user_id=self.pk, revoked_at__isnull=True).values_list(
                "duty", flat=True
            )
        )

    def has_duty(self, code: str) -> bool:
        return code in self.duty_codes

    def acts_as(self, roles: frozenset[str] | set[str]) -> bool:
        """Whether a step open to `roles` (role codes and duty codes) is open to this
        user: by role, or by a duty held."""
        return self.role in roles or not self.duty_codes.isdisjoint(roles)

    def reaches(self, area_code: str) -> bool:
        """Whether an area code lies in this user's area or beneath it."""
        return self.area_id is not None and area_code.startswith(self.scope_prefix)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# Token use is recorded at most this often per token, so that an API request does
# not cost a database write (issue 9, item 6).
TOKEN_USE_RESOLUTION = dt.timedelta(minutes=1)


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def usable(self) -> ApiTokenQuerySet:
        now = timezone.now()
        return self.filter(revoked_at__isnull=True).filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now)
        )

    def user_for(self, token: str) -> User | None:
        row = self.usable().filter(digest=_digest(token)).select_related("user", "user__area")
        found = row.first()
        if found is None or not found.user.is_active:
            return None
        now = timezone.now()
        if found.last_used_at is None or now - found.last_used_at >= TOKEN_USE_RESOLUTION:
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        return found.user


class DutyGrant(models.Model):
    """A duty (岗位) held by a user on top of their role, granted and revoked by the
    city office through `core.duties` (audited). Revoked grants stay as history."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="duty_grants")
    duty = models.CharField(_("岗位"), max_length=32)
    granted_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    granted_at = models.DateTimeField(_("授予时间"))
    revoked_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("岗位授予")
        verbose_name_plural = _("岗位授予")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "duty"],
                condition=models.Q(revoked_at__isnull=True),
                name="duty_held_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.duty}"


class ApiToken(models.Model):
    """A bearer token for the JSON API. Only its SHA-256 digest is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    label = models.CharField(_("用途"), max_length=100)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("过期时间"), null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("接口令牌")
        verbose_name_plural = _("接口令牌")

    def __str__(self) -> str:
        return f"{self.user} · {self.label}"

    @classmethod
    def issue(
        cls, *, user: User, label: str, lifetime: dt.timedelta | None = None
    ) -> tuple[ApiToken, str]:
        """Create a token; the clear value is returned once and never stored. It
        expires after `lifetime`, by default the declared `API_TOKEN_LIFETIME`."""
        clear = secrets.token_urlsafe(32)
        expires = timezone.now() + (lifetime or settings.API_TOKEN_LIFETIME)
        token = cls.objects.create(
            user=user, label=label, digest=_digest(clear), expires_at=expires
        )
        return token, clear

    @property
    def is_usable(self) -> bool:
        expired = self.expires_at is not None and self.expires_at <= timezone.now()
        return self.revoked_at is None and not expired
