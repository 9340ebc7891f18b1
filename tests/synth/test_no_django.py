"""The generator runs without Django (the analytics side imports it in plain Python)."""

from __future__ import annotations

import subprocess
import sys

_CHECK = """
import sys
import minzheng.synth.parquet, minzheng.synth.population
assert not any(m == "django" or m.startswith("django.") for m in sys.modules), "django imported"
"""


def test_synth_imports_no_django():
    subprocess.run([sys.executable, "-c", _CHECK], check=True)
