"""Forms of the screening pages and API. They parse; the services decide, and their
errors land on the field of the same name (`core.forms.attach_errors`)."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils import timezone

from minzheng.core.forms import IsoDateInput
from minzheng.core.models import Area, DisabilityType, Household, User
from minzheng.core.roles import Capability
from minzheng.core.text import NOTE_MAX_LENGTH, TextFormField, form_text
from minzheng.screening.models import Campaign, KeyHousehold, VisitMethod, VisitOutcome
from minzheng.screening.population import GRADES, MAX_AGE, MAX_HOUSEHOLD_SIZE, Population
from minzheng.screening.services.campaigns import MAX_ROUND_WORKING_DAYS, ORGANISING_LEVELS
from minzheng.screening.services.tracking import Placement

LAYER_HINT = "如：低保、特困、防返贫监测对象、低保边缘、刚性支出困难"


def _optional_int(label: str, low: int, high: int) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=low, max_value=high, required=False)


def _text(label: str, rows: int = 3, required: bool = True) -> forms.CharField:
    """A note (multi-line, bounded like every note: core/text.py)."""
    return TextFormField(
        label=label,
        multiline=True,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": rows}),
        required=required,
    )


class CampaignForm(forms.Form):
    name = form_text(Campaign, "name")
    description = _text("说明", rows=2, required=False)
    layer = form_text(Campaign, "layer", label="人群层级（标签）")
    area_codes = TextFormField(
        label="排查区划（区划代码，多个用空格分隔；留空为整个组织区划）",
        max_length=2000,
        required=False,
    )
    min_age = _optional_int("年龄下限（岁，含）", 0, MAX_AGE)
    max_age = _optional_int("年龄上限（岁，含）", 0, MAX_AGE)
    disability_types = forms.MultipleChoiceField(
        label="残疾类别",
        choices=[c for c in DisabilityType.choices if c[0]],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    disability_grades = forms.TypedMultipleChoiceField(
        label="残疾等级",
        choices=[(g, f"{g}级") for g in GRADES],
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    min_household_size = _optional_int("家庭人数下限", 1, MAX_HOUSEHOLD_SIZE)
    max_household_size = _optional_int("家庭人数上限", 1, MAX_HOUSEHOLD_SIZE)
    living_alone_min_age = _optional_int("独居老人（年满多少岁且一人户）", 0, MAX_AGE)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        areas = Area.objects.filter(
            code__startswith=user.scope_prefix, level__in=ORGANISING_LEVELS
        ).order_by("code")
        self.fields["area_code"] = forms.ChoiceField(
            label="组织区划", choices=[(a.code, f"{a.name}（{a.code}）") for a in areas]
        )
        self.fields["layer"].help_text = LAYER_HINT
        self.order_fields(["name", "area_code", "layer", "description"])

    def clean_area_codes(self) -> tuple[str, ...]:
        raw = self.cleaned_data.get("area_codes") or ""
        codes = tuple(dict.fromkeys(c for c in re.split(r"[\s,，、;；]+", raw) if c))
        bad = [c for c in codes if not c.isdigit() or len(c) not in (6, 9, 12)]
        if bad:
            raise forms.ValidationError(f"区划代码应为6、9或12位数字：{'、'.join(bad)}")
        return codes

    def population(self) -> Population:
        data = self.cleaned_data
        return Population(
            area_codes=data["area_codes"],
            min_age=data["min_age"],
            max_age=data["max_age"],
            disability_types=tuple(data["disability_types"]),
            disability_grades=tuple(sorted(data["disability_grades"])),
            min_household_size=data["min_household_size"],
            max_household_size=data["max_household_size"],
            living_alone_min_age=data["living_alone_min_age"],
        )


class RoundForm(forms.Form):
    starts_on = forms.DateField(
        label="开始日期", initial=timezone.localdate, widget=IsoDateInput()
    )
    working_days = forms.IntegerField(
        label="期限（工作日，自开始日期次日起算）", min_value=1, max_value=MAX_ROUND_WORKING_DAYS
    )


class NoteForm(forms.Form):
    note = _text("意见/说明", rows=2, required=False)


class PlacementFields(forms.Form):
    """What placing a household under tracked help needs (checked by the service)."""

    reason = form_text(KeyHousehold, "reason", label="纳入重点帮扶原因", required=False)
    help_plan = _text("帮扶计划", rows=3, required=False)
    next_follow_up_on = forms.DateField(
        label="下次跟踪日期", widget=IsoDateInput(), required=False
    )

    def placement(self, responsible: User | None = None) -> Placement:
        data = self.cleaned_data
        return Placement(data["reason"], data["help_plan"], data["next_follow_up_on"], responsible)


class VisitForm(PlacementFields):
    visited_on = forms.DateField(
        label="走访日期", initial=timezone.localdate, widget=IsoDateInput()
    )
    method = forms.ChoiceField(label="方式", choices=VisitMethod.choices)
    situation = _text("走访情况（家庭收入、健康、住房、就业、就学等）")
    outcome = forms.ChoiceField(label="走访结论", choices=VisitOutcome.choices)

    field_order = ["visited_on", "method", "situation", "outcome"]


def _staff_for(household: Household) -> list[User]:
    """Who may be responsible: staff who work cases and whose area includes the household."""
    codes = [household.area_id, *(a.code for a in household.area.ancestors())]
    staff = User.objects.filter(is_active=True, area_id__in=codes).order_by("area_id", "id")
    return [u for u in staff if u.can(Capability.EDIT_PERSONAL)]


class KeyHouseholdForm(PlacementFields):
    started_on = forms.DateField(
        label="纳入日期", initial=timezone.localdate, widget=IsoDateInput()
    )

    def __init__(self, *args: Any, household: Household, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.staff = _staff_for(household)
        self.fields["responsible"] = forms.TypedChoiceField(
            label="帮扶责任人",
            coerce=int,
            choices=[
                ("", "本人"),
                *((u.pk, f"{u}（{u.get_role_display()}）") for u in self.staff),
            ],
            empty_value=None,
            required=False,
        )
        self.order_fields(["reason", "help_plan", "responsible", "started_on"])

    def responsible(self) -> User | None:
        """The chosen member of staff; None means whoever places the household."""
        chosen = self.cleaned_data.get("responsible")
        return next((u for u in self.staff if u.pk == chosen), None)


class FollowUpForm(forms.Form):
    followed_on = forms.DateField(
        label="跟踪日期", initial=timezone.localdate, widget=IsoDateInput()
    )
    method = forms.ChoiceField(label="方式", choices=VisitMethod.choices)
    note = _text("帮扶情况")
    next_follow_up_on = forms.DateField(label="下次跟踪日期", widget=IsoDateInput())


class CloseForm(forms.Form):
    reason = form_text(KeyHousehold, "closed_reason", label="结束帮扶原因", required=True)
