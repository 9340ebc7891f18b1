"""Forms of the hotline pages (intake and the ticket's actions)."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.utils import timezone

from minzheng.core.forms import CommunityChoiceField, IsoDateInput
from minzheng.core.models import Area, Person, User
from minzheng.core.text import form_text
from minzheng.hotline import services
from minzheng.hotline.models import (
    Call,
    DeathOffer,
    FuneralHome,
    Line,
    MandatoryReport,
    PoliceReferral,
    Satisfaction,
    Ticket,
)
from minzheng.hotline.workflows import ESCALATE

PHONE = r"^\d{3,12}$"


class IntakeForm(forms.Form):
    line = forms.ChoiceField(label="热线", choices=Line.choices)
    category = forms.ChoiceField(label="类别")
    urgency = forms.ChoiceField(label="紧急程度")
    caller_name = form_text(Call, "caller_name")
    callback_phone = forms.RegexField(
        label="回拨电话",
        regex=PHONE,
        error_messages={"invalid": "回拨电话应为3至12位数字", "required": "请填写回拨电话"},
    )
    account = form_text(Call, "account", label="来电事项（发生了什么）")
    address = form_text(Ticket, "address")
    id_number = forms.CharField(
        label="当事人身份证号（已登记时关联登记库）", max_length=18, required=False
    )
    reporter_institution = form_text(
        MandatoryReport,
        "institution",
        label="强制报告人单位（学校、医院等密切接触未成年人的单位来电时填写）",
        required=False,
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        cats = services.line_categories(Line.CHILDREN, today) + [
            c
            for c in services.line_categories(Line.FUNERAL, today)
            if c not in services.line_categories(Line.CHILDREN, today)
        ]
        cast(forms.ChoiceField, self.fields["category"]).choices = cats
        cast(forms.ChoiceField, self.fields["urgency"]).choices = services.urgencies(today)
        self.fields["area_code"] = CommunityChoiceField(user, label_suffix="")
        self.fields["area_code"].label = "事发地（村、社区）"
        self.order_fields(["line", "category", "urgency", "caller_name", "callback_phone"])

    def clean_id_number(self) -> Person | None:
        number = self.cleaned_data["id_number"].strip().upper()
        if not number:
            return None
        person = Person.objects.filter(id_number=number).first()
        if person is None:
            raise forms.ValidationError("登记库中没有该身份证号，可留空后再关联")
        return person

    def intake_kwargs(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            "line": d["line"],
            "category": d["category"],
            "urgency": d["urgency"],
            "call": services.CallIn(
                caller_name=d["caller_name"],
                callback_phone=d["callback_phone"],
                account=d["account"],
                received_at=timezone.now(),
            ),
            "area": Area.objects.get(code=d["area_code"]),
            "address": d["address"],
            "person": d["id_number"],
            "reporter_institution": d["reporter_institution"],
        }


class NoteForm(forms.Form):
    note = forms.CharField(
        label="意见或说明", widget=forms.Textarea, max_length=2000, required=False
    )


class UnitForm(NoteForm):
    unit = forms.ModelChoiceField(label="承办单位", queryset=Area.objects.none())

    def __init__(self, *args: Any, ticket: Ticket, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        code = ticket.area_id
        unit = cast(forms.ModelChoiceField, self.fields["unit"])
        unit.queryset = Area.objects.filter(code__in=[code[:6], code[:9]])
        unit.initial = code[:6]
        self.fields["unit"].error_messages["invalid_choice"] = (
            "请选择事发地所在的县（区）或乡镇（街道）"
        )


class RateForm(forms.Form):
    satisfaction = forms.ChoiceField(label="评价结果", choices=Satisfaction.choices)


class MergeForm(NoteForm):
    into = forms.CharField(label="合并到工单编号", max_length=20)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_into(self) -> Ticket:
        from minzheng.hotline.selectors import ticket_by_number

        found = ticket_by_number(self.user, self.cleaned_data["into"])
        if found is None:
            raise forms.ValidationError("未找到该工单编号")
        return found


class EscalateForm(forms.Form):
    duty_officer = forms.ModelChoiceField(label="值班人员", queryset=User.objects.none())

    def __init__(self, *args: Any, ticket: Ticket, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        code = ticket.area_id
        above = {code[:4] + "00", code[:6], code[:9], code}  # city, county, township, here
        candidates = [
            u.pk
            for u in User.objects.filter(is_active=True, area_id__in=above).select_related("area")
            if u.can(ESCALATE)
        ]
        officer = cast(forms.ModelChoiceField, self.fields["duty_officer"])
        officer.queryset = User.objects.filter(pk__in=candidates)
        self.fields["duty_officer"].error_messages["invalid_choice"] = "请选择负责事发地的值班人员"


class PoliceForm(forms.Form):
    police_unit = form_text(
        PoliceReferral,
        "police_unit",
        initial="110指挥中心",
        error_messages={"required": "请填写接收的公安机关"},
    )
    reference = form_text(PoliceReferral, "reference")


class FeedbackForm(forms.Form):
    feedback = form_text(MandatoryReport, "feedback", label="反馈内容", required=True)


class ApplyForm(forms.Form):
    programme = forms.ChoiceField(
        label="救助项目",
        choices=[("unsupported_child", "事实无人抚养儿童保障"), ("orphan", "孤儿基本生活保障")],
    )


class HomeForm(forms.Form):
    home = forms.ModelChoiceField(label="殡仪馆", queryset=FuneralHome.objects.all())


class CollectedForm(forms.Form):
    at = forms.DateTimeField(label="接运完成时间", initial=timezone.now)


class DeathOfferForm(forms.Form):
    id_number = forms.CharField(label="死者身份证号", max_length=18)
    death_date = forms.DateField(label="死亡日期", widget=IsoDateInput())

    def clean_id_number(self) -> Person:
        person = Person.objects.filter(
            id_number=self.cleaned_data["id_number"].strip().upper()
        ).first()
        if person is None:
            raise forms.ValidationError("登记库中没有该身份证号")
        return person


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        label="核实结果", choices=[("confirm", "属实，登记死亡"), ("decline", "不属实，不予登记")]
    )
    note = form_text(DeathOffer, "note")


def today() -> dt.date:
    return timezone.localdate()
