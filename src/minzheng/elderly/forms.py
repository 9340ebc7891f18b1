"""Forms of the elderly-services pages. They only parse: the checks that matter live in
`validation.check_facility` and the services, shared with the Excel imports."""

from __future__ import annotations

from django import forms

from minzheng.core.spreadsheets.forms import ImportUploadForm
from minzheng.elderly.models import FacilityKind, Meal, OperatorType, Service


class FacilityForm(forms.Form):
    name = forms.CharField(label="设施名称", max_length=100, required=False)
    kind = forms.ChoiceField(label="设施类型", choices=FacilityKind.choices, required=False)
    operator = forms.CharField(label="运营方名称", max_length=100, required=False)
    operator_type = forms.ChoiceField(
        label="运营方类型", choices=OperatorType.choices, required=False
    )
    parent = forms.CharField(
        label="所属服务中心",
        max_length=100,
        required=False,
        help_text="中心的设施名称；服务网络中心本身留空",
    )
    area = forms.CharField(label="所在村（社区）区划代码", max_length=12, required=False)
    address = forms.CharField(label="地址", max_length=200, required=False)
    longitude = forms.CharField(label="经度（国测局坐标）", max_length=20, required=False)
    latitude = forms.CharField(label="纬度（国测局坐标）", max_length=20, required=False)
    hours = forms.CharField(label="开放时间", max_length=100, required=False)
    services = forms.MultipleChoiceField(
        label="服务项目",
        choices=Service.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    capacity = forms.CharField(label="服务能力（床位或座位）", max_length=10, required=False)
    opened_on = forms.DateField(label="开业日期", required=False)


class FacilityChangeForm(FacilityForm):
    on = forms.DateField(label="变更生效日期")


class FacilityActionForm(forms.Form):
    action = forms.ChoiceField(
        label="事项",
        choices=[("suspend", "暂停服务"), ("resume", "恢复服务"), ("close", "停业关闭")],
    )
    on = forms.DateField(label="生效日期")
    note = forms.CharField(label="说明", widget=forms.Textarea(attrs={"rows": 2}), required=False)


class FacilityImportForm(ImportUploadForm):
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["file"].label = "养老服务设施表（.xlsx）"


class MealForm(forms.Form):
    canteen = forms.IntegerField(label="助餐点", widget=forms.Select)
    served_on = forms.DateField(label="就餐日期")
    meal = forms.ChoiceField(label="餐次", choices=Meal.choices)
    id_number = forms.CharField(label="身份证号码", max_length=18)
    name = forms.CharField(label="姓名", max_length=50, required=False)
    price = forms.CharField(label="餐费（元）", max_length=10)

    def __init__(self, *args: object, canteens: list[tuple[int, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["canteen"].widget.choices = canteens


class MealImportForm(ImportUploadForm):
    canteen = forms.IntegerField(label="助餐点", widget=forms.Select)
    served_on = forms.DateField(label="就餐日期")

    def __init__(self, *args: object, canteens: list[tuple[int, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["file"].label = "助餐点日报（.xlsx）"
        self.fields["canteen"].widget.choices = canteens


class SettlementForm(forms.Form):
    canteen = forms.IntegerField(label="助餐点", widget=forms.Select)
    month = forms.CharField(label="结算月份", max_length=7, help_text="如2026-11")

    def __init__(self, *args: object, canteens: list[tuple[int, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["canteen"].widget.choices = canteens


class SettlementActionForm(forms.Form):
    action = forms.ChoiceField(
        label="办理", choices=[("submit", "提交审批"), ("approve", "审批通过"), ("return", "退回")]
    )
    note = forms.CharField(label="意见", widget=forms.Textarea(attrs={"rows": 2}), required=False)


class SubsidyForm(forms.Form):
    facility = forms.IntegerField(label="设施", widget=forms.Select)
    kind = forms.ChoiceField(
        label="补贴类型", choices=[("operating", "运营补贴"), ("construction", "建设补贴")]
    )
    month = forms.CharField(
        label="所属月份", max_length=7, help_text="如2026-11；运营补贴须为已结束的月份"
    )

    def __init__(self, *args: object, facilities: list[tuple[int, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["facility"].widget.choices = facilities


class OperatorAccountForm(forms.Form):
    bank = forms.CharField(label="开户银行", max_length=60)
    account_number = forms.CharField(label="账号", max_length=32, help_text="8至32位数字")
    holder_name = forms.CharField(label="户名", max_length=100, help_text="须为运营方名称")
