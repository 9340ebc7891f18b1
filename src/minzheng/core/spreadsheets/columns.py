"""The columns of the household import template and the words accepted in them.

The header text is the contract with the people who fill the sheet in: the reader
finds columns by header (so their order may change and extra columns are ignored),
and the error workbook and messages name fields by the same text.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from minzheng.core.models import DisabilityType, Household, Person, Relation
from minzheng.core.text import limit_of


class Need(StrEnum):
    ALWAYS = "always"  # every row
    HEAD = "head"  # the head's row; members' rows may leave it blank (same household)
    OPTIONAL = "optional"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    need: Need
    width: int
    note: str
    text: bool = False  # formatted as text in the template, so Excel keeps every digit


COLUMNS: tuple[Column, ...] = (
    Column("household_number", "家庭编号", Need.ALWAYS, 14, "同一家庭的成员填写相同的编号", True),
    Column("area_code", "村（社区）代码", Need.HEAD, 16, "12位区划代码，见“区划代码”表", True),
    Column("address", "住址", Need.HEAD, 28, "家庭住址；成员行可不填"),
    Column("name", "姓名", Need.ALWAYS, 10, ""),
    Column("id_number", "公民身份号码", Need.ALWAYS, 22, "18位，末位X可大写或小写", True),
    Column("relation", "与户主关系", Need.ALWAYS, 14, "每户有且只有一名“户主”"),
    Column("phone", "联系电话", Need.OPTIONAL, 14, "7至12位数字", True),
    Column("disability_type", "残疾类别", Need.OPTIONAL, 12, "无残疾不填"),
    Column("disability_grade", "残疾等级", Need.OPTIONAL, 10, "1级至4级，与残疾类别同时填写"),
    Column("disability_certificate", "残疾人证号", Need.OPTIONAL, 22, "", True),
    Column("hukou_address", "户籍地址", Need.OPTIONAL, 28, ""),
    Column("since", "加入日期", Need.OPTIONAL, 12, "如2024-03-01；不填为导入当日"),
)
# The models' own limits (core/text.py applies them everywhere else too).
MAX_LENGTH = {
    "household_number": limit_of(Household._meta.get_field("number")),
    "address": limit_of(Household._meta.get_field("address")),
    "name": limit_of(Person._meta.get_field("name")),
    "disability_certificate": limit_of(Person._meta.get_field("disability_certificate")),
    "hukou_address": limit_of(Person._meta.get_field("hukou_address")),
}
DATA_SHEET = "家庭成员"
ERROR_FIELD_HEADER = "错误字段"
ERROR_MESSAGE_HEADER = "错误说明"


def _relation_words() -> dict[str, str]:
    """Labels, codes and each half of a label such as 儿媳/女婿 → the relation code."""
    words: dict[str, str] = {}
    for code, label in Relation.choices:
        words[code] = code
        words[str(label)] = code
        for part in str(label).split("/"):
            words[part] = code
    words.update({"父亲": "parent", "母亲": "parent", "儿子": "child", "女儿": "child"})
    words.update({"丈夫": "spouse", "妻子": "spouse", "夫": "spouse", "妻": "spouse"})
    return words


def _disability_words() -> dict[str, str]:
    """Labels with or without the 残疾 suffix, and codes → the disability code."""
    words: dict[str, str] = {}
    for code, label in DisabilityType.choices:
        if not code:
            continue
        words[code] = code
        words[str(label)] = code
        words[str(label).removesuffix("残疾")] = code
    return words


RELATION_WORDS = _relation_words()
DISABILITY_WORDS = _disability_words()
RELATION_LABELS = [str(label) for _, label in Relation.choices]
DISABILITY_LABELS = [str(label) for code, label in DisabilityType.choices if code]
GRADE_LABELS = ["1级", "2级", "3级", "4级"]
