"""Free text typed by people: one rule for every write path.

A name with U+0000 in it was accepted and then broke every Excel export of its
area (openpyxl refuses control characters). The rule here is applied by the API
schemas (`api_text`), the web forms (`TextFormField`), the spreadsheet import
(`text_problem`) and, as the last line, by a guard on every save of a domain
model (`check_model_text`), so a management command or a forgotten path cannot
store such text either.

The rule, per field:
- single-line text (a model `CharField`: names, addresses, numbers, reasons):
  no control characters at all — tab and line breaks included;
- multi-line notes (a model `TextField`: findings, opinions, situations):
  line breaks and tabs are allowed, `\\r\\n` and `\\r` become `\\n`; other
  control characters are not;
- never: lone surrogates (they cannot be stored as UTF-8), the non-characters
  U+FFFE/U+FFFF and the bidirectional overrides (they make text display in an
  order other than the one stored);
- leading and trailing white space is trimmed at the boundaries (forms, API,
  import) — the guard on save only refuses, it never rewrites a value;
- the length limit is the model field's `max_length`, counted in characters
  after trimming; a note (TextField) has no column limit and is bounded by
  `NOTE_MAX_LENGTH`.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Annotated, Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.deconstruct import deconstructible
from pydantic import AfterValidator, BeforeValidator, Field, WithJsonSchema
from pydantic_core import PydanticCustomError

NOTE_MAX_LENGTH = 4000  # about two printed pages of notes
_ALWAYS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff\u202a-\u202e\u2066-\u2069"
_MULTILINE_FORBIDDEN = re.compile(f"[{_ALWAYS}]")
_SINGLE_LINE_FORBIDDEN = re.compile(f"[{_ALWAYS}\t\n\r\u2028\u2029]")


def normalize(value: str, *, multiline: bool = False) -> str:
    """Trimmed; in multi-line notes every line break becomes `\\n`."""
    if multiline:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.strip()


def text_problem(value: str, *, max_length: int | None, multiline: bool = False) -> str | None:
    """What is wrong with an already normalised value, said without the field's name
    (the caller puts the name or the row in front), or None."""
    pattern = _MULTILINE_FORBIDDEN if multiline else _SINGLE_LINE_FORBIDDEN
    if found := pattern.search(value):
        return f"含有不可见的控制字符（{_describe(found.group())}），请删除后重新输入"
    if max_length is not None and len(value) > max_length:
        return f"不能超过{max_length}个字，实际为{len(value)}个字"
    return None


def _describe(char: str) -> str:
    if char in "\n\r\u2028\u2029":
        return "换行，此处只能填写一行"
    if char == "\t":
        return "制表符"
    return f"U+{ord(char):04X}"


def clean_text(value: str, *, label: str, max_length: int | None, multiline: bool = False) -> str:
    """The normalised value, or a ValidationError whose message names the field."""
    value = normalize(value, multiline=multiline)
    problem = text_problem(value, max_length=max_length, multiline=multiline)
    if problem:
        raise ValidationError(f"{label}{problem}", code="text")
    return value


def _model_field(model: type[models.Model], name: str) -> models.CharField[Any, Any]:
    field = model._meta.get_field(name)
    assert isinstance(field, models.CharField | models.TextField), (model, name)
    return field  # type: ignore[return-value]


def is_multiline(field: models.Field[Any, Any]) -> bool:
    """The per-field decision: a model TextField holds notes that may run over lines."""
    return isinstance(field, models.TextField)


def limit_of(field: models.Field[Any, Any]) -> int:
    return field.max_length or NOTE_MAX_LENGTH


# --- the API (pydantic schemas of django-ninja) ---------------------------------


def api_text(model: type[models.Model], name: str) -> Any:
    """The type of an API field that is stored in `model.name`: same length limit,
    same line rule, the model's Chinese label in the message."""
    field = _model_field(model, name)
    label, multiline = str(field.verbose_name), is_multiline(field)
    max_length = limit_of(field)

    def check(value: str) -> str:
        try:
            return clean_text(value, label=label, max_length=max_length, multiline=multiline)
        except ValidationError as exc:
            raise PydanticCustomError("text", "{message}", {"message": exc.messages[0]}) from exc

    extra: dict[str, Any] = {"maxLength": max_length}
    return Annotated[str, AfterValidator(check), Field(description=label, json_schema_extra=extra)]


MONEY_TEXT_MAX = 16  # "9999999999.99" and some spaces: longer is not an amount


def api_money(label: str) -> Any:
    """An amount in yuan an API accepts (a JSON number or a string): positive, at most
    two decimals and 12 digits; a string longer than MONEY_TEXT_MAX is refused before it
    is parsed, so the published schema bounds it like every other string."""

    def short(value: object) -> object:
        if isinstance(value, str) and len(value) > MONEY_TEXT_MAX:
            raise PydanticCustomError(
                "money", "{message}", {"message": f"{label}不能超过{MONEY_TEXT_MAX}个字符"}
            )
        return value

    schema = {
        "anyOf": [
            {"type": "number", "exclusiveMinimum": 0},
            {
                "type": "string",
                "maxLength": MONEY_TEXT_MAX,
                "pattern": r"^\s*\d{1,10}(\.\d{1,2})?\s*$",
            },
        ],
        "description": label,
    }
    return Annotated[
        Decimal,
        BeforeValidator(short),
        Field(gt=0, max_digits=12, decimal_places=2),
        WithJsonSchema(schema),
    ]


# --- web forms ------------------------------------------------------------------


@deconstructible
class TextValidator:
    """The form-side check (the value is already trimmed by the form field)."""

    def __init__(self, label: str, multiline: bool = False) -> None:
        self.label, self.multiline = label, multiline

    def __call__(self, value: str) -> None:
        problem = text_problem(value, max_length=None, multiline=self.multiline)
        if problem:
            raise ValidationError(f"{self.label}{problem}", code="text")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TextValidator) and (self.label, self.multiline) == (
            other.label,
            other.multiline,
        )


class TextFormField(forms.CharField):
    """A CharField that applies the rule: trimmed, line rule, length limit."""

    def __init__(self, *, multiline: bool = False, **kwargs: Any) -> None:
        self.multiline = multiline
        if multiline:
            kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 3}))
        super().__init__(**kwargs)
        self.validators.append(TextValidator(str(self.label or ""), multiline))

    def to_python(self, value: Any) -> str:
        text = super().to_python(value) or ""
        return normalize(text, multiline=self.multiline) if text else text


def form_text(
    model: type[models.Model], name: str, *, label: str | None = None, **kwargs: Any
) -> TextFormField:
    """A form field for text stored in `model.name`: the model's limit and line rule;
    `label` when the form words it differently from the model."""
    field = _model_field(model, name)
    kwargs.setdefault("required", not field.blank)
    return TextFormField(
        label=label or str(field.verbose_name),
        max_length=limit_of(field),
        multiline=is_multiline(field),
        **kwargs,
    )


def text_formfield(db_field: models.Field[Any, Any], **kwargs: Any) -> forms.Field | None:
    """`formfield_callback` of a ModelForm: its free-text fields under the rule."""
    is_text = isinstance(db_field, models.CharField | models.TextField)
    if not is_text or db_field.choices:
        return db_field.formfield(**kwargs)
    kwargs.setdefault("required", not db_field.blank)
    kwargs.setdefault("label", str(db_field.verbose_name))
    return TextFormField(max_length=limit_of(db_field), multiline=is_multiline(db_field), **kwargs)


# --- the guard on save ------------------------------------------------------------


def check_model_text(instance: models.Model) -> None:
    """Refuse (never rewrite) a text value that breaks the rule, naming the field."""
    errors: dict[str, str] = {}
    for field in instance._meta.concrete_fields:
        if not isinstance(field, models.CharField | models.TextField):
            continue
        value = getattr(instance, field.attname)
        if not isinstance(value, str) or not value:
            continue
        problem = text_problem(value, max_length=limit_of(field), multiline=is_multiline(field))
        if problem:
            errors[field.name] = f"{field.verbose_name}{problem}"
    if errors:
        raise ValidationError(errors)
