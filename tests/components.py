"""Optional components of the test run (Chromium, a CJK font, Java + pyspark).

On a developer's machine a missing component skips its tests with a message saying
how to install it; under CI (`minzheng.devtools.ci.under_ci`: any truthy `CI`) the
same message fails the run, as the README promises — CI never passes by skipping.
"""

from __future__ import annotations

from typing import NoReturn

import pytest

from minzheng.devtools.ci import under_ci


def missing_component(message: str) -> NoReturn:
    if under_ci():
        pytest.fail(f"CI 环境缺少必需组件（a required component is missing under CI）：{message}")
    pytest.skip(message)
