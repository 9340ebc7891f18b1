"""The matcher runs without Django (tach.toml: a Django-free utility; docs/identity.md)."""

from __future__ import annotations

import subprocess
import sys


def test_every_matching_module_imports_without_django() -> None:
    modules = ["normalize", "features", "model", "pipeline", "params", "spark"]
    code = (
        "import sys\n"
        + "".join(f"import minzheng.matching.{name}\n" for name in modules)
        + "import minzheng.synth.duplicates\n"
        + "from minzheng.matching import pipeline, params\n"
        + "pipeline.COMPARISON_NAMES, params.latest()\n"
        + "assert 'django' not in sys.modules, 'django imported'\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
