"""The policy engine imports no Django: it runs in the calculator API, in reviews and in batch."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import minzheng.assistance.policy as policy

PACKAGE = Path(policy.__file__).parent


def test_importing_the_policy_engine_loads_no_django_module() -> None:
    code = (
        "import sys, minzheng.assistance.policy;"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'django'))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_no_module_of_the_engine_imports_django_or_makes_floats() -> None:
    for path in PACKAGE.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "import django" not in text and "from django" not in text, path.name
        assert "float(" not in text, path.name


def test_modules_stay_under_500_lines() -> None:
    for path in PACKAGE.glob("*.py"):
        assert len(path.read_text(encoding="utf-8").splitlines()) < 500, path.name
