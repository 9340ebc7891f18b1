"""The analytics package runs without Django (architecture: "analytics (no Django imports)")."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import minzheng.analytics


def all_modules() -> list[str]:
    return sorted(
        info.name
        for info in pkgutil.walk_packages(minzheng.analytics.__path__, "minzheng.analytics.")
        if not info.name.endswith("__main__")
    )


def test_every_analytics_module_imports_without_django_or_spark() -> None:
    modules = all_modules()
    assert "minzheng.analytics.runner" in modules
    assert "minzheng.analytics.feeds.importer" in modules
    code = (
        "import sys\n"
        + "".join(f"import {name}\n" for name in ["minzheng.analytics", *modules])
        + "assert 'django' not in sys.modules, 'django imported'\n"
        + "assert 'pyspark' not in sys.modules, 'pyspark imported eagerly'\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
