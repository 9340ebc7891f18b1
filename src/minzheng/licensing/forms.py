"""Forms of the licensing pages. They only parse; the services and the workflow check
the rules and their refusals land on the named field (Chinese)."""

from __future__ import annotations

from typing import Any

from django import forms

from minzheng.core.forms import IsoDateInput
from minzheng.core.models import Area, AreaLevel, User
from minzheng.core.text import form_text
from minzheng.licensing.items import LicensingItem, item_choices
from minzheng.licensing.models import ApplicantKind, ClockPause, LicenceApplication, PauseStage

NOTE_REQUIRED = {"decline", "withdraw", "request_extension", "refuse_extension", "refuse", "pause"}
NOTE_LABELS = {
    "request_correction": "其他补正要求",
    "request_extension": "延期理由",
    "refuse": "不予许可的理由（书面决定载明）",
    "grant": "决定意见",
    "pause": "告知内容",
}


class ItemChoiceForm(forms.Form):
    item = forms.ChoiceField(label="许可事项", choices=[("", "请选择")])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["item"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "请选择"), *item_choices()]


def _authorities(user: User, declared: LicensingItem) -> list[tuple[str, str]]:
    """The counties and the city the user reaches that handle the item."""
    areas = Area.objects.filter(
        level__in=[AreaLevel(level) for level in declared.levels],
        code__startswith=user.scope_prefix,
    ).order_by("code")
    return [(a.code, f"{a.name}民政局") for a in areas]


class IntakeForm(forms.Form):
    """Intake at the window: the applicant and the checklist of the chosen item."""

    authority = forms.ChoiceField(label="办理机关")
    applicant_kind = forms.ChoiceField(label="申请人类型", choices=ApplicantKind.choices)
    applicant_name = form_text(LicenceApplication, "applicant_name")
    applicant_code = forms.RegexField(
        label="统一社会信用代码或身份证号码",
        regex=r"^[0-9A-Za-z]{18}$",
        error_messages={"invalid": "应为18位数字或字母"},
    )
    contact_phone = forms.RegexField(
        label="联系电话",
        regex=r"^[0-9-]{7,20}$",
        error_messages={"invalid": "请填写正确的电话号码"},
    )
    subject = form_text(LicenceApplication, "subject")
    materials = forms.MultipleChoiceField(
        label="已收材料（对照清单勾选）", required=False, widget=forms.CheckboxSelectMultiple
    )
    received_on = forms.DateField(label="收件日期", widget=IsoDateInput())
    joint = forms.BooleanField(
        label="统一、联合或集中办理（办结时限四十五个工作日）", required=False
    )

    def __init__(self, *args: Any, user: User, item: LicensingItem, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        authority, materials = self.fields["authority"], self.fields["materials"]
        assert isinstance(authority, forms.ChoiceField)
        assert isinstance(materials, forms.ChoiceField)
        authority.choices = _authorities(user, item)
        materials.choices = list(item.materials)


class ActionForm(forms.Form):
    """The fields of one workflow action on the application page."""

    def __init__(
        self, data: Any = None, *, action: str, item: LicensingItem, received: list[str]
    ) -> None:
        super().__init__(data, prefix=action)
        if action == "accept":
            self.fields["materials"] = forms.MultipleChoiceField(
                label="已收材料",
                choices=list(item.materials),
                required=False,
                widget=forms.CheckboxSelectMultiple,
                initial=received,
            )
        if action == "request_correction":
            missing = [(c, n) for c, n in item.materials if c not in received]
            self.fields["missing"] = forms.MultipleChoiceField(
                label="须补正的材料（一次性告知）",
                choices=list(item.materials),
                required=False,
                widget=forms.CheckboxSelectMultiple,
                initial=[c for c, _ in missing],
            )
        if action == "pause":
            self.fields["stage"] = forms.ChoiceField(
                label="不计时环节", choices=PauseStage.choices
            )
            self.fields["notice_number"] = form_text(ClockPause, "notice_number")
        self.fields["note"] = form_text(
            LicenceApplication,
            "decision_reason",
            label=NOTE_LABELS.get(action, "意见/说明"),
            required=action in NOTE_REQUIRED,
        )
