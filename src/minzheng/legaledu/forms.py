"""Forms of the legal-education pages (they parse; the services check)."""

from __future__ import annotations

from typing import Any

from django import forms

from minzheng.core.forms import IsoDateInput
from minzheng.core.models import Area, User
from minzheng.core.text import form_text
from minzheng.legaledu.models import Activity, ActivityKind, StudyPlan


class AreaCodeField(forms.RegexField):
    """A division code (6, 9 or 12 digits) of an area that exists; whether the user
    reaches it is the service's check, on this field."""

    def __init__(self, label: str) -> None:
        super().__init__(
            regex=r"^\d{6}(\d{3}){0,2}$",
            label=label,
            help_text="行政区划代码，如本人所在区划",
            error_messages={"invalid": "请填写6、9或12位行政区划代码"},
        )

    def clean(self, value: Any) -> Area:
        code = super().clean(value)
        area = Area.objects.filter(code=code).first()
        if area is None:
            raise forms.ValidationError("没有这个行政区划代码")
        return area


class ActivityForm(forms.Form):
    kind = forms.ChoiceField(label="活动类型", choices=ActivityKind.choices)
    held_on = forms.DateField(label="活动日期", widget=IsoDateInput())
    area = AreaCodeField("活动地点（区划代码）")
    venue = form_text(Activity, "venue")
    topic = form_text(Activity, "topic")
    organiser = form_text(Activity, "organiser")
    participant_count = forms.IntegerField(
        label="参加人数", required=False, min_value=1, max_value=1_000_000
    )
    attendees = forms.ModelMultipleChoiceField(
        label="参加学习的工作人员（学法活动）",
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        attendees = self.fields["attendees"]
        assert isinstance(attendees, forms.ModelMultipleChoiceField)
        attendees.queryset = User.objects.filter(
            area__code__startswith=user.scope_prefix, is_active=True
        ).order_by("username")


class PlanForm(forms.Form):
    area = AreaCodeField("单位（区划代码）")
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    planned_sessions = forms.IntegerField(label="计划学法次数", min_value=1, max_value=365)
    content = form_text(StudyPlan, "content")
