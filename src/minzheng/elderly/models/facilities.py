"""The register of elderly-service facilities (issue 14 item 1, D7.2): service centres,
stations, canteens, day-care centres and care homes, each run by an operator, linked to
its network's hub ("1+3" / "1+N" as data), with its place, hours, services and capacity.
A facility is a workflow case: its status changes only through the engine, and every
change is a dated `FacilityEvent` (opened, suspended, resumed, closed, changed)."""

from __future__ import annotations

import datetime as dt
from typing import Self

from django.db import models
from django.utils.translation import gettext_lazy as _

from minzheng.core.models import WorkflowCase
from minzheng.core.models.scoped import ScopedQuerySet
from minzheng.core.workflow import get_workflow


class FacilityKind(models.TextChoices):
    SERVICE_CENTRE = "service_centre", _("区域性养老服务中心")
    STATION = "station", _("社区养老服务站")
    CANTEEN = "canteen", _("老年助餐点")
    DAY_CARE = "day_care", _("日间照料中心")
    CARE_HOME = "care_home", _("养老机构")


class Service(models.TextChoices):
    """Services a facility offers (a facility may offer several)."""

    MEALS = "meals", _("助餐")
    DAY_CARE = "day_care", _("日间照料")
    HOME_VISITS = "home_visits", _("上门服务")
    BATHING = "bathing", _("助浴")
    HEALTH = "health", _("健康管理")
    REHABILITATION = "rehabilitation", _("康复护理")
    ACTIVITIES = "activities", _("文化娱乐")
    RESIDENTIAL = "residential", _("全托照护")


class OperatorType(models.TextChoices):
    PUBLIC = "public", _("公办（政府或村居委会）")
    ORGANISATION = "organisation", _("社会组织")
    ENTERPRISE = "enterprise", _("企业")


class Operator(models.Model):
    """Who runs facilities: a small record the organisations register may later grow
    into (then `credit_code` links the two)."""

    name = models.CharField(_("运营方名称"), max_length=100, unique=True)
    operator_type = models.CharField(_("运营方类型"), max_length=16, choices=OperatorType.choices)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    # Where its subsidies are paid (payments' institutional payables, D13.1); the holder
    # must be the operator itself (D13.2). Set by `services.funds.operator_account_save`.
    bank = models.CharField(_("开户银行"), max_length=60, blank=True)
    account_number = models.CharField(_("账号"), max_length=32, blank=True)
    holder_name = models.CharField(_("户名"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("运营方")
        verbose_name_plural = _("运营方")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def masked_number(self) -> str:
        from minzheng.payments.models.accounts import mask_account_number

        return mask_account_number(self.account_number)


class FacilityQuerySet(ScopedQuerySet["Facility"]):
    def serving(self) -> Self:
        return self.filter(status="open")


class Facility(WorkflowCase):
    """`area` (the case's) is the community the facility stands in: scope follows it.
    Coordinates are longitude/latitude in degrees, GCJ-02 (the system of the county
    outlines and of Chinese web maps; docs/elderly.md)."""

    workflow_name = "elderly_facility"

    name = models.CharField(_("设施名称"), max_length=100, unique=True)
    kind = models.CharField(_("设施类型"), max_length=16, choices=FacilityKind.choices)
    operator = models.ForeignKey(
        Operator, verbose_name=_("运营方"), on_delete=models.PROTECT, related_name="facilities"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("所属服务中心"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="satellites",
    )
    address = models.CharField(_("地址"), max_length=200)
    longitude = models.DecimalField(_("经度（国测局坐标）"), max_digits=9, decimal_places=6)
    latitude = models.DecimalField(_("纬度（国测局坐标）"), max_digits=8, decimal_places=6)
    hours = models.CharField(_("开放时间"), max_length=100)
    services = models.JSONField(_("服务项目"), default=list)
    capacity = models.PositiveIntegerField(_("服务能力（床位或座位）"))
    opened_on = models.DateField(_("开业日期"))
    created_by = models.ForeignKey(
        "core.User", verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+"
    )

    objects = FacilityQuerySet.as_manager()

    class Meta:
        verbose_name = _("养老服务设施")
        verbose_name_plural = _("养老服务设施")
        ordering = ["area_id", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def status_label(self) -> str:
        return get_workflow(self.workflow_name).label(self.status)

    @property
    def services_label(self) -> str:
        labels = dict(Service.choices)
        return "、".join(str(labels.get(s, s)) for s in self.services)

    def open_on(self, day: dt.date) -> bool:
        """Serving on `day` by its dated history (not today's status): opened on or
        before the day, and the last suspension or closure before it was lifted."""
        state = False
        for event in self.events.all():  # ordered by date
            if event.on > day:
                break
            if event.kind in (EventKind.OPENED, EventKind.RESUMED):
                state = True
            elif event.kind in (EventKind.SUSPENDED, EventKind.CLOSED):
                state = False
        return state


class EventKind(models.TextChoices):
    OPENED = "opened", _("开业")
    CHANGED = "changed", _("信息变更")
    SUSPENDED = "suspended", _("暂停服务")
    RESUMED = "resumed", _("恢复服务")
    CLOSED = "closed", _("停业关闭")


class FacilityEventQuerySet(ScopedQuerySet["FacilityEvent"]):
    scope_field = "facility__area__code"


class FacilityEvent(models.Model):
    """One dated event of a facility's history; never edited. `on` is the day it takes
    effect (a suspension from 1 May: not serving on 1 May)."""

    facility = models.ForeignKey(Facility, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(_("事项"), max_length=16, choices=EventKind.choices)
    on = models.DateField(_("生效日期"))
    note = models.TextField(_("说明"), blank=True)
    recorded_by = models.ForeignKey(
        "core.User", verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    objects = FacilityEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("设施状态记录")
        verbose_name_plural = _("设施状态记录")
        ordering = ["on", "id"]

    def __str__(self) -> str:
        return f"{self.facility_id}:{self.kind}@{self.on}"
