"""Under CI every spelling of a true `CI` counts (the README: a missing component fails
CI), and a missing component fails there instead of skipping."""

from __future__ import annotations

import pytest

from minzheng.devtools.ci import under_ci
from tests.components import missing_component


@pytest.mark.parametrize("value", ["true", "True", "1", "yes", " TRUE "])
def test_every_truthy_spelling_is_ci(value):
    assert under_ci({"CI": value}) is True


@pytest.mark.parametrize("value", ["", "0", "false", "no", "off"])
def test_falsy_or_absent_is_not_ci(value):
    assert under_ci({"CI": value}) is False
    assert under_ci({}) is False


def test_a_missing_component_fails_under_ci(monkeypatch):
    monkeypatch.setenv("CI", "1")
    with pytest.raises(pytest.fail.Exception, match=r"CI 环境缺少必需组件.*找不到 java"):
        missing_component("找不到 java")


def test_a_missing_component_skips_on_a_developer_machine(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="找不到 java"):
        missing_component("找不到 java")
