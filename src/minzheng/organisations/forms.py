"""Forms of the organisation pages. They only parse; `validation.check_organisation`
and the services judge, and their errors are attached to the named field (Chinese)."""

from __future__ import annotations

from django import forms

from minzheng.core.forms import IsoDateInput
from minzheng.core.settings_registry import setting
from minzheng.core.spreadsheets.forms import ImportUploadForm
from minzheng.organisations.models import (
    BranchKind,
    FeeCheck,
    FeeKind,
    OrgType,
    ResponsiblePost,
    ReviewResult,
)
from minzheng.organisations.services.reports import Filing

REQUIRED = {"required": "必填"}


def _money(label: str, *, required: bool = True) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        max_digits=14,
        decimal_places=2,
        required=required,
        error_messages={
            "required": "必填",
            "invalid": "应为金额（元），如 30000.00",
            "max_decimal_places": "最多两位小数",
            "max_digits": "金额过大",
            "max_whole_digits": "金额过大",
        },
    )


def _date(label: str, *, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        widget=IsoDateInput(),
        required=required,
        error_messages={"required": "必填", "invalid": "应为日期，如 2026-03-15"},
    )


class OrganisationForm(forms.Form):
    """Every field is read as text and judged by `check_organisation` (shared with the
    import), so the form and the import refuse the same values in the same words."""

    name = forms.CharField(label="名称", required=False)
    credit_code = forms.CharField(label="统一社会信用代码", required=False)
    org_type = forms.ChoiceField(label="组织类型", choices=[("", "—"), *OrgType.choices])
    area = forms.CharField(
        label="住所所在区划代码", required=False, help_text="9位乡镇（街道）或12位村（社区）代码"
    )
    address = forms.CharField(label="住所", required=False)
    legal_rep_name = forms.CharField(label="法定代表人", required=False)
    legal_rep_id_number = forms.CharField(label="法定代表人身份证号码", required=False)
    sponsor_unit = forms.CharField(label="业务主管单位", required=False)
    business_scope = forms.CharField(label="业务范围", widget=forms.Textarea, required=False)
    registered_capital = forms.CharField(label="注册资金（元）", required=False)
    member_units = forms.CharField(label="单位会员数", required=False, initial="0")
    member_individuals = forms.CharField(label="个人会员数", required=False, initial="0")
    registered_on = forms.CharField(label="成立登记日期", widget=IsoDateInput(), required=False)
    decision = forms.CharField(label="登记决定文号", required=False)


class ChangeForm(OrganisationForm):
    on = _date("变更日期")

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["decision"].label = "变更决定文号"


class DecisionForm(forms.Form):
    decision = forms.CharField(label="决定文号", required=False)
    on = _date("决定日期")
    note = forms.CharField(label="事实与理由", widget=forms.Textarea, required=False)


class ResponsibleForm(forms.Form):
    post = forms.ChoiceField(label="职务", choices=ResponsiblePost.choices)
    name = forms.CharField(label="姓名", required=False, max_length=50)
    id_number = forms.CharField(label="身份证号码", required=False)
    from_date = _date("任职日期")


class ReportForm(forms.Form):
    year = forms.IntegerField(
        label="报告年度",
        min_value=2000,
        max_value=2100,
        error_messages={
            "required": "必填",
            "invalid": "应为年份，如 2025",
            "min_value": "应为年份，如 2025",
            "max_value": "应为年份，如 2025",
        },
    )
    sponsor_filed_on = _date("报送业务主管单位日期", required=False)
    filed_on = _date("报送登记管理机关日期")
    income = _money("本年收入（元）")
    expenditure = _money("本年支出（元）")
    net_assets = _money("年末净资产（元）")
    staff_count = forms.IntegerField(
        label="专职工作人员数",
        min_value=0,
        initial=0,
        error_messages={"required": "必填", "invalid": "应为整数", "min_value": "不能为负数"},
    )
    activities = forms.CharField(label="业务活动情况", widget=forms.Textarea, required=False)

    def filing(self) -> Filing:
        d = self.cleaned_data
        return Filing(
            year=d["year"],
            filed_on=d["filed_on"],
            sponsor_filed_on=d["sponsor_filed_on"],
            income=d["income"],
            expenditure=d["expenditure"],
            net_assets=d["net_assets"],
            staff_count=d["staff_count"],
            activities=d["activities"],
        )


class ReviewForm(forms.Form):
    result = forms.ChoiceField(
        label="审查结论", choices=[("", "—"), *ReviewResult.choices], required=False
    )
    note = forms.CharField(label="审查意见", widget=forms.Textarea, required=False)


class NoteForm(forms.Form):
    note = forms.CharField(label="意见或理由", widget=forms.Textarea, required=False)


class PenaltyForm(forms.Form):
    decision = forms.CharField(label="处罚决定文号", required=False)
    decided_on = _date("处罚日期")
    fine = _money("罚款金额（元，警告不填）", required=False)


class RemoveForm(forms.Form):
    note = forms.CharField(label="整改情况及移出理由", widget=forms.Textarea, required=False)


class OrganisationImportForm(ImportUploadForm):
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["file"].label = "社会组织登记表（.xlsx）"


class ObjectionForm(forms.Form):
    raised_by = forms.CharField(label="异议人", required=False, max_length=50)
    content = forms.CharField(label="异议内容", widget=forms.Textarea, required=False)


def score_form(sheet: dict[str, int]) -> type[forms.Form]:
    """A score sheet with one field per configured indicator (D10.8)."""
    label_of = setting("organisations.evaluation.indicators").label_of
    fields = {
        f"score_{code}": forms.IntegerField(
            label=f"{label_of(code)}（满分{top}）",
            min_value=0,
            max_value=top,
            error_messages={
                "required": "请填写得分",
                "invalid": "应为整数",
                "min_value": f"得分应在0至{top}分之间",
                "max_value": f"得分应在0至{top}分之间",
            },
        )
        for code, top in sheet.items()
    }
    return type("ScoreForm", (forms.Form,), fields)


class RegistrationIntakeForm(forms.Form):
    """Intake of a registration application (D10.6): the authority, the checklist of the
    licensing item and the dates; the proposed register data for establishment and
    change come from `OrganisationForm`'s fields (see `registration_form`)."""

    authority = forms.ChoiceField(label="办理机关（登记管理机关）")
    contact_phone = forms.RegexField(
        label="联系电话",
        regex=r"^[0-9-]{7,20}$",
        error_messages={"required": "必填", "invalid": "请填写正确的电话号码"},
    )
    materials = forms.MultipleChoiceField(
        label="已收材料（对照清单勾选）", required=False, widget=forms.CheckboxSelectMultiple
    )
    received_on = _date("收件日期")
    sponsor_approved_on = _date("业务主管单位同意日期", required=False)
    reason = forms.CharField(label="申请理由", widget=forms.Textarea, required=False)


def registration_form(kind: str, authorities: list[tuple[str, str]], materials: list) -> type:
    """The intake form of one kind: establishment and change carry the register's fields
    (without the decision number and date, which the grant gives)."""
    register_fields = kind != "deregistration"
    bases = (
        (OrganisationForm, RegistrationIntakeForm)
        if register_fields
        else (RegistrationIntakeForm,)
    )

    class Form(*bases):  # type: ignore[misc]
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)
            for name in ("decision", "registered_on", "reason" if register_fields else ""):
                self.fields.pop(name, None)
            if kind == "establishment":
                self.fields["credit_code"].label = "统一社会信用代码（赋码）"
            self.fields["authority"].choices = authorities
            self.fields["materials"].choices = materials

    return Form


def _int(label: str, *, minimum: int = 0, maximum: int = 1_000_000) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=minimum,
        max_value=maximum,
        error_messages={
            "required": "必填",
            "invalid": "应为整数",
            "min_value": f"不能小于{minimum}",
            "max_value": f"不能大于{maximum}",
        },
    )


class SupervisionFactsForm(forms.Form):
    party_members = _int("党员人数")
    trade_association = forms.BooleanField(
        label="行业协会商会（涉企收费纳入监管）", required=False
    )


class FeeItemForm(forms.Form):
    kind = forms.ChoiceField(label="收费类别", choices=FeeKind.choices)
    name = forms.CharField(label="收费项目", required=False)
    standard = _money("收费标准（元）")
    charged_per = forms.CharField(label="计费单位", required=False, help_text="如：元/年·家")
    assembly_decision = forms.CharField(label="会员（代表）大会决议（会费必填）", required=False)
    assembly_decided_on = _date("表决通过日期（会费必填）", required=False)
    pricing_basis = forms.CharField(label="收费依据（经营服务性收费必填）", required=False)
    from_date = _date("执行日期")


class FeeActForm(forms.Form):
    findings = forms.MultipleChoiceField(
        label="审查发现的问题",
        choices=FeeCheck.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(label="审查意见", widget=forms.Textarea, required=False)


class FeeReductionForm(forms.Form):
    measure = forms.CharField(label="减免措施", required=False)
    on = _date("实施日期")
    amount = _money("减免金额（元）")
    enterprises = _int("惠及企业数")
    fee_item = forms.TypedChoiceField(
        label="对应收费项目", required=False, coerce=int, empty_value=None
    )


class BranchForm(forms.Form):
    name = forms.CharField(label="党组织名称", required=False)
    kind = forms.ChoiceField(label="组建方式", choices=BranchKind.choices)
    established_on = _date("成立日期")
    secretary = forms.CharField(label="书记", required=False)
    members = _int("党员人数")


class ConfirmForm(forms.Form):
    """A confirmation: the page says what the action does."""


def assessment_form(sheet: dict[str, int]) -> type[forms.Form]:
    """Year, and per aspect of `organisations.party.aspects` a score and its evidence (D10.3)."""
    label_of = setting("organisations.party.aspects").label_of
    fields: dict[str, forms.Field] = {"year": _int("评定年度", minimum=2000, maximum=2100)}
    for code, top in sheet.items():
        fields[f"score_{code}"] = _int(f"{label_of(code)}（满分{top}）", maximum=top)
        fields[f"evidence_{code}"] = forms.CharField(
            label=f"{label_of(code)}：佐证材料", widget=forms.Textarea, required=False
        )
    return type("AssessmentForm", (forms.Form,), fields)
