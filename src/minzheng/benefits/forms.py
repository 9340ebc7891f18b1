"""Forms of the benefits pages: they only parse; the services check and their errors
land on the named field (in Chinese)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from minzheng.assistance.policy.benefit_vocabulary import (
    AssistanceStatus,
    CertificateGeneration,
    WelfareAllowance,
)
from minzheng.assistance.policy.vocabulary import CareItem
from minzheng.benefits.services.enrolment import STOP_LABELS
from minzheng.core.codes import DISABILITY_GRADES, DisabilityType
from minzheng.core.forms import IsoDateInput
from minzheng.core.idnumber import InvalidIdNumber, parse
from minzheng.core.text import TextFormField

TYPED_STATUSES = [
    (s.value, s.label)
    for s in (AssistanceStatus.NONE, AssistanceStatus.NEAR_DIBAO, AssistanceStatus.LOW_INCOME)
]


def _money(label: str, **kwargs: object) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        max_digits=12,
        decimal_places=2,
        min_value=0,
        max_value=1_000_000,
        **kwargs,  # type: ignore[arg-type]
    )


class DisabilityApplicationForm(forms.Form):
    id_number = forms.CharField(label="申请人公民身份号码", max_length=18, min_length=18)
    name = TextFormField(label="申请人姓名", max_length=50)
    living = forms.BooleanField(label="申请困难残疾人生活补贴", required=False, initial=True)
    care = forms.BooleanField(label="申请重度残疾人护理补贴", required=False, initial=True)
    disability_type = forms.ChoiceField(label="残疾类别", choices=DisabilityType.choices)
    disability_grade = forms.TypedChoiceField(
        label="残疾等级", choices=list(DISABILITY_GRADES.items()), coerce=int
    )
    certificate_generation = forms.ChoiceField(
        label="残疾人证版本", choices=[(g.value, g.label) for g in CertificateGeneration]
    )
    certificate_issued_on = forms.DateField(label="残疾人证签发日期", widget=IsoDateInput())
    certificate_expires_on = forms.DateField(
        label="残疾人证有效期至（第三代证必填）", required=False, widget=IsoDateInput()
    )
    care_need_months = forms.IntegerField(
        label="长期照护需求（月）", min_value=0, max_value=1200, initial=0
    )
    assistance_status = forms.ChoiceField(
        label="家庭救助身份（低保、特困以在册信息为准）", choices=TYPED_STATUSES
    )
    own_fixed_income = _money("本人固定收入（元/月）", initial=0)
    others_income = _money("其他家庭成员收入（元/月）", initial=0)
    elderly_care_allowance = _money("已享受老年人护理补贴（元/月）", required=False)
    work_injury_care = _money("已享受工伤保险生活护理费（元/月）", required=False)
    work_injury_disability = _money("已享受工伤保险伤残津贴（元/月）", required=False)
    retired_cadre_care = _money("已享受离休干部护理费（元/月）", required=False)
    applied_on = forms.DateField(
        label="申请日期", initial=timezone.localdate, widget=IsoDateInput()
    )

    def clean_id_number(self) -> str:
        try:
            return parse(self.cleaned_data["id_number"]).number
        except InvalidIdNumber as exc:
            raise ValidationError(str(exc)) from None

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        generation = data.get("certificate_generation")
        expires, issued = data.get("certificate_expires_on"), data.get("certificate_issued_on")
        if generation == CertificateGeneration.THIRD and not expires:
            self.add_error("certificate_expires_on", "第三代残疾人证须填写有效期")
        if expires and issued and expires < issued:
            self.add_error("certificate_expires_on", "有效期早于签发日期")
        if not data.get("living") and not data.get("care"):
            self.add_error("living", "请至少选择一项补贴")
        return data

    def application_fields(self) -> dict[str, object]:
        data = self.cleaned_data
        allowances = {
            kind.value: str(data[kind.value])
            for kind in WelfareAllowance
            if data.get(kind.value) is not None
        }
        keep = [
            "living",
            "care",
            "disability_type",
            "disability_grade",
            "certificate_generation",
            "certificate_issued_on",
            "certificate_expires_on",
            "care_need_months",
            "assistance_status",
            "own_fixed_income",
            "others_income",
            "applied_on",
        ]
        return {**{k: data[k] for k in keep}, "welfare_allowances": allowances}


class NoteForm(forms.Form):
    note = TextFormField(
        label="意见或理由",
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": 300}),
        multiline=True,
    )


class AreaForm(forms.Form):
    """A batch runs over an area of the user's (their own by default)."""

    area = forms.CharField(
        label="区划代码（不填为本辖区）",
        required=False,
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )

    def clean_area(self) -> str:
        code = self.cleaned_data["area"].strip()
        if code and not code.isdigit():
            raise ValidationError("区划代码应为数字")
        return code


class MonthForm(AreaForm):
    month = forms.DateField(label="批次月份（任一日期）", widget=IsoDateInput())


class LifeCheckForm(forms.Form):
    checked_on = forms.DateField(label="认证日期", widget=IsoDateInput())
    method = TextFormField(label="认证方式（如上门、视频、刷脸）", max_length=40)


class StopForm(forms.Form):
    cause = forms.ChoiceField(label="停发原因", choices=list(STOP_LABELS.items()))
    event_on = forms.DateField(label="事件日期", widget=IsoDateInput())
    note = TextFormField(label="说明", required=False, max_length=300)


class CareApplicationForm(forms.Form):
    """The care-service subsidy's application (D7.4): the applicant by ID number and name."""

    id_number = forms.CharField(label="申请人公民身份号码", max_length=18, min_length=18)
    name = TextFormField(label="申请人姓名", max_length=50)
    applied_on = forms.DateField(label="申请日期", widget=IsoDateInput())
    assistance_status = forms.ChoiceField(label="家庭救助身份（乡镇核实）", choices=TYPED_STATUSES)


class AssessmentForm(forms.Form):
    """An assessment of the six daily-living items (D2.8), by whom and when (D7.4)."""

    id_number = forms.CharField(label="老年人公民身份号码", max_length=18, min_length=18)
    name = TextFormField(label="老年人姓名", max_length=50)
    assessor = TextFormField(label="评估人员", max_length=40)
    assessor_org = TextFormField(label="评估机构", max_length=100)
    assessed_on = forms.DateField(label="评估日期", widget=IsoDateInput())
    items_unable = forms.MultipleChoiceField(
        label="不能自理的项目",
        required=False,
        choices=[(item.value, item.label) for item in CareItem],
        widget=forms.CheckboxSelectMultiple,
    )


class CertificateRenewalForm(forms.Form):
    """A renewed (or re-assessed) disability certificate as shown (D4.2); the service
    checks the dates and the person's place, its errors naming the field."""

    generation = forms.ChoiceField(
        label="残疾人证版本",
        choices=[(g.value, g.label) for g in CertificateGeneration],
        initial=CertificateGeneration.THIRD.value,
    )
    disability_type = forms.ChoiceField(label="残疾类别", choices=DisabilityType.choices)
    disability_grade = forms.TypedChoiceField(
        label="残疾等级", choices=list(DISABILITY_GRADES.items()), coerce=int
    )
    issued_on = forms.DateField(label="签发日期", widget=IsoDateInput())
    expires_on = forms.DateField(
        label="有效期至（第三代证必填）", required=False, widget=IsoDateInput()
    )
