"""Forms of the web pages. They only parse; the services validate against the
registry and their errors are attached to the named field (shown in Chinese)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from minzheng.core.models import (
    Area,
    AreaLevel,
    DisabilityType,
    Household,
    HouseholdMembership,
    Person,
    Relation,
    User,
)
from minzheng.core.text import form_text
from minzheng.core.workflow.definitions import WorkflowError


class IsoDateInput(forms.DateInput):
    """A browser date picker: it only accepts ISO dates, whatever the UI language."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def attach_errors(form: forms.Form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form, each message on its own field."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.error_dict.items():
        target = field if field in form.fields else None
        for error in errors:
            form.add_error(target, error.messages[0] if target is None else error)


def refusal(exc: ValidationError | WorkflowError) -> ValidationError:
    """A service's or the workflow's refusal as form errors: a refused transition lands on
    the field it names (a missing note on `note`), otherwise on the form as a whole."""
    if isinstance(exc, ValidationError):
        return exc
    return ValidationError({exc.field: str(exc)}) if exc.field else ValidationError(str(exc))


class CommunityChoiceField(forms.ChoiceField):
    def __init__(self, user: User, **kwargs: Any) -> None:
        communities = Area.objects.filter(
            level=AreaLevel.COMMUNITY, code__startswith=user.scope_prefix
        ).select_related("parent")
        choices = [(a.code, f"{a.parent.name if a.parent else ''}{a.name}") for a in communities]
        super().__init__(choices=choices, label="所属村（社区）", **kwargs)


class PersonForm(forms.Form):
    id_number = forms.CharField(label="公民身份号码", max_length=18, min_length=1)
    name = form_text(Person, "name")
    phone = forms.RegexField(
        label="联系电话",
        regex=r"^\d{7,12}$",
        required=False,
        error_messages={"invalid": "电话号码应为7至12位数字"},
    )
    residence_address = form_text(Person, "residence_address")
    hukou_address = form_text(Person, "hukou_address")
    disability_type = forms.ChoiceField(
        label="残疾类别", choices=[("", "无"), *DisabilityType.choices], required=False
    )
    disability_grade = forms.TypedChoiceField(
        label="残疾等级",
        choices=[("", "—"), *[(g, f"{g}级") for g in (1, 2, 3, 4)]],
        coerce=int,
        empty_value=None,
        required=False,
    )
    disability_certificate = form_text(Person, "disability_certificate")
    # Ticked after the form showed likely duplicates (issue 16): register anyway.
    not_duplicate = forms.BooleanField(label="已核对，确认不是已登记的人员", required=False)

    def __init__(self, *args: Any, user: User, joins: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area_code"] = CommunityChoiceField(user)
        if joins:  # registered from a household's page: joins that household too
            member = MemberForm()
            for name in ("relation", "since", "reason"):
                self.fields[name] = member.fields[name]


class HouseholdForm(forms.Form):
    """The household's number is generated (core.household_numbers), never typed."""

    address = form_text(Household, "address", help_text="保存后系统自动生成18位家庭编号，无需填写")
    head_id_number = forms.CharField(label="户主身份证号", max_length=18)
    since = forms.DateField(
        label="建户日期",
        initial=timezone.localdate,
        widget=IsoDateInput(),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area_code"] = CommunityChoiceField(user)


class MemberForm(forms.Form):
    id_number = forms.CharField(label="成员身份证号", max_length=18)
    relation = forms.ChoiceField(
        label="与户主关系", choices=[c for c in Relation.choices if c[0] != "head"]
    )
    since = forms.DateField(
        label="加入日期",
        initial=timezone.localdate,
        widget=IsoDateInput(),
    )
    reason = form_text(HouseholdMembership, "reason")


class LeaveForm(forms.Form):
    until = forms.DateField(label="离开日期", widget=IsoDateInput())
    reason = form_text(HouseholdMembership, "reason", label="迁出原因", required=True)

    def clean_until(self) -> dt.date:
        until: dt.date = self.cleaned_data["until"]
        if until > timezone.localdate() + dt.timedelta(days=31):
            raise ValidationError("离开日期不能晚于一个月以后")
        return until
