"""Licensing items as declared data (D15.3): the bureau's own items with their limits as
setting keys, the check that refuses an item naming an undeclared or non-integer
setting, and a malformed declaration refused with the file named."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from minzheng.licensing import items
from minzheng.licensing.items import all_items, check_items, items_from_yaml

ITEM = """
- code: {code}
  name: "测试事项"
  basis: "测试依据"
  levels: [county]
  statutory_limit: {statutory}
  promised_limit: licensing.promised.working_days
  materials:
    application: "申请书"
"""


def test_the_bureaus_items_and_their_limits_are_settings():
    declared = all_items()
    assert set(declared) >= {"funeral_facility", "public_cemetery", "eldercare_filing"}
    for code in ("funeral_facility", "public_cemetery", "eldercare_filing"):
        assert declared[code].statutory_limit == "licensing.statutory.working_days"
        assert declared[code].promised_limit == "licensing.promised.working_days"
    assert declared["public_cemetery"].levels == ("county",)
    assert check_items() == []


@pytest.mark.parametrize(
    "statutory", ["licensing.no_such.working_days", "licensing.extension.extends_promised"]
)
def test_an_item_must_name_a_declared_integer_setting(tmp_path, monkeypatch, statutory):
    path = tmp_path / "licensing_items.yaml"
    path.write_text(ITEM.format(code="bad_item", statutory=statutory), encoding="utf-8")
    bad = {i.code: i for i in items_from_yaml(path, app="test")}
    monkeypatch.setattr(items, "all_items", lambda: bad)
    (error,) = check_items()
    assert error.id == "minzheng.E102" and statutory in error.msg


def test_a_malformed_item_is_refused_naming_the_file(tmp_path):
    path = tmp_path / "licensing_items.yaml"
    path.write_text('- code: x\n  name: "缺字段"\n', encoding="utf-8")
    with pytest.raises(ImproperlyConfigured, match=r"licensing_items\.yaml"):
        items_from_yaml(path, app="test")
