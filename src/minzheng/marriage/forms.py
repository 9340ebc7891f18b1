"""Forms of the registry's pages. They only parse; the services check the rules and
their refusals are attached to the field they name (Chinese)."""

from __future__ import annotations

from typing import Any

from django import forms

from minzheng.core.forms import IsoDateInput
from minzheng.core.text import NOTE_MAX_LENGTH, TextFormField, form_text
from minzheng.marriage.models import Appointment, Certificate, Divorce, Kind, MarriageRegistration


class RegistryChoiceField(forms.ModelChoiceField):
    def __init__(self, registries: Any, **kwargs: Any) -> None:
        super().__init__(queryset=registries, label="婚姻登记处", empty_label=None, **kwargs)
        self.error_messages = {**self.error_messages, "invalid_choice": "请选择您辖区内的登记处"}


class AppointmentForm(forms.Form):
    def __init__(self, *args: Any, registries: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields = {
            "registry": RegistryChoiceField(registries),
            "day": forms.DateField(label="预约日期", widget=IsoDateInput()),
            "kind": forms.ChoiceField(label="办理事项", choices=Kind.choices),
            "party_a_name": form_text(Appointment, "party_a_name"),
            "party_b_name": form_text(Appointment, "party_b_name"),
            "phone": form_text(Appointment, "phone"),
        }


def _id_field(label: str) -> forms.CharField:
    return forms.CharField(label=label, max_length=18, min_length=1)


class MarriageForm(forms.Form):
    def __init__(self, *args: Any, registries: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields = {
            "registry": RegistryChoiceField(registries),
            "party_a_name": form_text(MarriageRegistration, "party_a_name"),
            "party_a_id_number": _id_field("甲方公民身份号码"),
            "party_b_name": form_text(MarriageRegistration, "party_b_name"),
            "party_b_id_number": _id_field("乙方公民身份号码"),
            "declaration_signed": forms.BooleanField(
                label="双方已亲自签署无配偶及无禁止结婚亲属关系的声明", required=False
            ),
        }


class DivorceForm(forms.Form):
    def __init__(self, *args: Any, registries: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields = {
            "registry": RegistryChoiceField(registries),
            "party_a_name": form_text(Divorce, "party_a_name"),
            "party_a_id_number": _id_field("甲方公民身份号码"),
            "party_b_name": form_text(Divorce, "party_b_name"),
            "party_b_id_number": _id_field("乙方公民身份号码"),
            "marriage_certificate_number": form_text(Divorce, "marriage_certificate_number"),
            "agreement_children": form_text(Divorce, "agreement_children", required=False),
            "agreement_property": form_text(Divorce, "agreement_property", required=False),
            "agreement_debts": form_text(Divorce, "agreement_debts", required=False),
        }


class NoteForm(forms.Form):
    note = TextFormField(
        label="意见或理由", required=False, multiline=True, max_length=NOTE_MAX_LENGTH
    )


class WithdrawForm(NoteForm):
    party = forms.ChoiceField(
        label="撤回方", choices=[("", "请选择"), ("party_a", "甲方"), ("party_b", "乙方")],
        required=False,
    )  # fmt: skip


class PresentForm(forms.Form):
    both_present = forms.BooleanField(label="双方均已亲自到场", required=False)


class ReplaceForm(forms.Form):
    def __init__(self, *args: Any, registries: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields = {
            "registry": RegistryChoiceField(registries),
            "reason": form_text(Certificate, "reason", required=False, label="补领原因"),
        }
