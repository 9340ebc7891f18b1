"""People and households (D0.1, D0.3, D1.4)."""

from __future__ import annotations

import datetime as dt
from functools import reduce
from operator import or_
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connections, models
from django.db.models import Q, QuerySet
from django.db.models.lookups import StartsWith
from django.utils.translation import gettext_lazy as _

from minzheng.core import idnumber
from minzheng.core.codes import DISABILITY_GRADES, DisabilityType, Gender, LifeStatus, Relation
from minzheng.core.models.scoped import ScopedQuerySet
from minzheng.core.models.search import SEARCH_COUNT_CAP, ByCodePoint, PairsAfterFirst

_PATTERN = ["varchar_pattern_ops"]


def _is_name(text: str) -> bool:
    """What `search` reads as (part of) a name rather than an ID number or phone."""
    normalized = idnumber.normalize(text)
    return (
        bool(text)
        and len(normalized) != 18
        and not (len(normalized) >= 4 and normalized[:-1].isdigit())
    )


class PersonQuerySet(ScopedQuerySet["Person"]):
    def search(self, text: str, *, limit: int | None = SEARCH_COUNT_CAP + 1) -> PersonQuerySet:
        """What a caseworker types, each kind answered from its own index (D0.1):

        - a whole ID number (18 characters) → exact;
        - 4–17 digits (the last may be X) → the ID number's last characters, and from
          7 digits on also the start of a phone number (both prefix matches);
        - one character → names beginning with it (a surname: browsing a family name);
        - two or more → names containing the text (a full name, a surname and given
          name, or a given name without the surname).

        Names come in name order (by code point, then id) and, with `limit`, only
        the first `limit` of them: a page never shows more (the count stops at
        SEARCH_COUNT_CAP + 1), and a common name's page is then read from its index
        in that order rather than gathered whole and sorted (`search.py`). Apply
        every other filter (scope, status) before `search`: the limit applies to
        the rows of the query it is called on. Exports pass `limit=None`.
        """
        text = text.strip()
        if not text:
            return self.none()
        normalized = idnumber.normalize(text)
        if len(normalized) == 18:
            return self.filter(id_number=normalized)
        if len(normalized) >= 4 and normalized[:-1].isdigit():
            by_tail = Q(id_number_reversed__startswith=normalized[::-1])
            if normalized.isdigit() and len(normalized) >= 7:
                return self.filter(by_tail | Q(phone__startswith=normalized))
            return self.filter(by_tail)
        return self._names(text, limit)

    def search_first_ids(self, text: str, limit: int) -> tuple[list[int], bool]:
        """The ids of the first `limit` people `search` finds, and whether it finds more
        (households by a member: docs/search.md). A name is read as `search` reads it,
        each part by its own statement from its own index in name order, at most
        `limit` + 1 names each, with the name (from the index alone for names beginning
        with the text); the parts are merged here in the same order (code point, id).
        Other kinds (ID tail, phone) take any `limit` + 1 of their matches."""
        text = text.strip()
        if not text:
            return [], False
        if _is_name(text):
            in_order = (ByCodePoint("name"), "id")
            found: set[tuple[str, int]] = set()
            for part in self._name_parts(text):
                found.update(part.order_by(*in_order).values_list("name", "id")[: limit + 1])
            ids = [pk for _, pk in sorted(found)]
        else:
            ids = list(self.search(text, limit=None).values_list("id", flat=True)[: limit + 1])
        return ids[:limit], len(ids) > limit

    def _names(self, text: str, limit: int | None) -> PersonQuerySet:
        in_order = (ByCodePoint("name"), "id")
        if limit is None:
            return reduce(or_, self._name_parts(text)).order_by(*in_order)
        candidates = self._first_names(text, limit)
        if candidates is not None:
            return self.filter(pk__in=candidates).order_by(*in_order)
        # SQLite allows no LIMIT inside a union (and scans anyway): an OR of the parts.
        firsts = [part.order_by(*in_order).values("pk")[:limit] for part in self._name_parts(text)]
        return self.filter(reduce(or_, (Q(pk__in=f) for f in firsts))).order_by(*in_order)

    def _name_parts(self, text: str) -> list[PersonQuerySet]:
        parts = [self.filter(StartsWith(ByCodePoint("name"), text))]
        if len(text) > 1:  # one character is a surname: only names beginning with it
            parts.append(self.filter(name__pairs_after_first=text))
        return parts

    def _first_names(self, text: str, limit: int | None) -> QuerySet[Any] | None:
        """The ids of the first `limit` names of each part, each read from its own index
        in result order; together they hold the first `limit` of all (docs/search.md).
        A union, not an OR of two subqueries (which PostgreSQL answers by a scan). None
        when the text is no name, or without a limit, or where a union takes no LIMIT."""
        if limit is None or not _is_name(text):
            return None
        in_order = (ByCodePoint("name"), "id")
        first, *others = (
            p.order_by(*in_order).values("pk")[:limit] for p in self._name_parts(text)
        )
        if not others:
            return first
        if not connections[self.db].features.supports_slicing_ordering_in_compound:
            return None
        return first.union(*others)

    def alive(self) -> PersonQuerySet:
        return self.filter(life_status=LifeStatus.ALIVE)


class Person(models.Model):
    """A resident. Gender and birth date are derived from the ID number, never typed."""

    id_number = models.CharField(_("公民身份号码"), max_length=18, unique=True)
    # Reversed, so that "the last digits of the ID number" is a prefix match.
    id_number_reversed = models.CharField(max_length=18, editable=False)
    name = models.CharField(_("姓名"), max_length=50)
    gender = models.CharField(_("性别"), max_length=1, choices=Gender.choices, editable=False)
    birth_date = models.DateField(_("出生日期"), editable=False)
    area = models.ForeignKey(
        "core.Area",
        verbose_name=_("管理区划"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("负责该人员的村（社区）"),
        db_index=False,  # person_area_prefix below serves scope (LIKE 'prefix%') and joins
    )
    hukou_area = models.ForeignKey(
        "core.Area",
        verbose_name=_("户籍地"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        db_index=False,  # person_hukou_area below, without the unused pattern twin
    )
    hukou_address = models.CharField(_("户籍地址"), max_length=200, blank=True)
    residence_address = models.CharField(_("居住地址"), max_length=200, blank=True)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    disability_type = models.CharField(
        _("残疾类别"),
        max_length=16,
        choices=[("", "无"), *DisabilityType.choices],
        blank=True,
        default="",
    )
    disability_grade = models.PositiveSmallIntegerField(
        _("残疾等级"), null=True, blank=True, choices=list(DISABILITY_GRADES.items())
    )
    disability_certificate = models.CharField(_("残疾人证号"), max_length=20, blank=True)
    life_status = models.CharField(
        _("状态"), max_length=10, choices=LifeStatus.choices, default=LifeStatus.ALIVE
    )
    death_date = models.DateField(_("死亡日期"), null=True, blank=True)
    is_synthetic = models.BooleanField(_("合成数据"), default=False)
    # Set while this record is merged into another (identity resolution, D0.1: one
    # person, one record): the record stays, empty, and is hidden from search, lists
    # and pickers; its page leads to the kept record. Undoing the merge clears it.
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("已并入档案"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        editable=False,
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("人员")
        verbose_name_plural = _("人员")
        ordering = ["id"]
        # Each index is justified by the query that uses it: docs/search.md. On
        # PostgreSQL the pattern operator class serves both `=` and `LIKE 'prefix%'`
        # whatever the database's collation; SQLite ignores the operator class.
        # The two name indexes (a B-tree in code-point order and a GIN index of
        # character pairs, core/models/search.py) are created by migration 0008,
        # on PostgreSQL with a collation and an expression Django cannot declare
        # for SQLite as well.
        indexes = [
            models.Index(fields=["area"], name="person_area_prefix", opclasses=_PATTERN),
            models.Index(fields=["hukou_area"], name="person_hukou_area"),
            models.Index(fields=["id_number_reversed"], name="person_id_tail", opclasses=_PATTERN),
            models.Index(fields=["phone"], name="person_phone_prefix", opclasses=_PATTERN),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(life_status="alive", death_date__isnull=True)
                | Q(life_status="deceased", death_date__isnull=False),
                name="person_death_date_matches_status",
            ),
            models.CheckConstraint(
                condition=Q(disability_type="", disability_grade__isnull=True)
                | (~Q(disability_type="") & Q(disability_grade__isnull=False)),
                name="person_disability_type_and_grade_together",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        try:
            facts = idnumber.parse(self.id_number)
        except idnumber.InvalidIdNumber as exc:
            raise ValidationError({"id_number": str(exc)}) from exc
        self.id_number = facts.number
        if self.life_status == LifeStatus.DECEASED and self.death_date is None:
            raise ValidationError({"death_date": "已故人员必须填写死亡日期"})
        if self.death_date and self.death_date < facts.birth_date:
            raise ValidationError({"death_date": "死亡日期早于出生日期"})
        if bool(self.disability_type) != bool(self.disability_grade):
            raise ValidationError({"disability_grade": "残疾类别与残疾等级须同时填写"})

    def derive_from_id_number(self) -> None:
        facts = idnumber.parse(self.id_number)
        self.id_number = facts.number
        self.id_number_reversed = facts.number[::-1]
        self.birth_date = facts.birth_date
        self.gender = facts.gender

    def save(self, *args: object, **kwargs: object) -> None:
        self.derive_from_id_number()
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def age_on(self, day: dt.date) -> int:
        """Completed years on `day` (a person born 29 Feb turns a year older on 1 Mar)."""
        years = day.year - self.birth_date.year
        if (day.month, day.day) < (self.birth_date.month, self.birth_date.day):
            years -= 1
        return years

    def current_membership(self) -> HouseholdMembership | None:
        return self.memberships.filter(valid_to__isnull=True).select_related("household").first()


Person._meta.get_field("name").register_lookup(PairsAfterFirst)


class HouseholdQuerySet(ScopedQuerySet["Household"]):
    pass


class Household(models.Model):
    """A household (家庭). Membership is effective-dated: see HouseholdMembership."""

    number = models.CharField(_("家庭编号"), max_length=24, unique=True)
    area = models.ForeignKey(
        "core.Area",
        verbose_name=_("所属村（社区）"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # household_area_prefix below serves scope and joins
    )
    address = models.CharField(_("住址"), max_length=200)
    head = models.ForeignKey(
        Person,
        verbose_name=_("户主"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="headed_households",
    )
    is_synthetic = models.BooleanField(_("合成数据"), default=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = HouseholdQuerySet.as_manager()

    class Meta:
        verbose_name = _("家庭")
        verbose_name_plural = _("家庭")
        ordering = ["id"]
        indexes = [
            models.Index(fields=["area"], name="household_area_prefix", opclasses=_PATTERN),
        ]

    def __str__(self) -> str:
        return self.number

    def members_on(self, day: dt.date) -> models.QuerySet[HouseholdMembership]:
        return self.memberships.filter(valid_from__lte=day).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gt=day)
        )

    def current_members(self) -> models.QuerySet[HouseholdMembership]:
        return self.memberships.filter(valid_to__isnull=True).select_related("person")


class HouseholdMembershipQuerySet(ScopedQuerySet["HouseholdMembership"]):
    scope_field = "household__area__code"

    def current(self) -> HouseholdMembershipQuerySet:
        return self.filter(valid_to__isnull=True)


class HouseholdMembership(models.Model):
    """A person's membership of a household from `valid_from` until `valid_to` (exclusive).

    A join or leave closes one row and opens another; rows are never overwritten,
    so the household's composition on any past date can be reconstructed.
    """

    household = models.ForeignKey(
        Household, verbose_name=_("家庭"), on_delete=models.PROTECT, related_name="memberships"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("人员"), on_delete=models.PROTECT, related_name="memberships"
    )
    relation = models.CharField(_("与户主关系"), max_length=16, choices=Relation.choices)
    valid_from = models.DateField(_("加入日期"))
    valid_to = models.DateField(_("离开日期"), null=True, blank=True)
    reason = models.CharField(_("变动原因"), max_length=200, blank=True)

    objects = HouseholdMembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("家庭成员")
        verbose_name_plural = _("家庭成员")
        ordering = ["household_id", "valid_from", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(valid_to__isnull=True),
                name="one_current_household_per_person",
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=models.F("valid_from")),
                name="membership_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id}@{self.household_id}"


class HouseholdSerial(models.Model):
    """The last serial handed out per community: household numbers are the community's
    12-digit division code and a 6-digit serial (see core.household_numbers)."""

    area = models.OneToOneField(
        "core.Area",
        verbose_name=_("村（社区）"),
        on_delete=models.PROTECT,
        primary_key=True,
        related_name="+",
    )
    last = models.PositiveIntegerField(_("已用序号"), default=0)

    class Meta:
        verbose_name = _("家庭编号序号")
        verbose_name_plural = _("家庭编号序号")

    def __str__(self) -> str:
        return f"{self.area_id}:{self.last}"
