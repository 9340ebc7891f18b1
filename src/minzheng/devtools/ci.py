"""Whether we run under continuous integration: the one answer every check uses.

The README promises that under CI a missing component (PostgreSQL, Chromium, a CJK
font, Java + pyspark) fails the run instead of skipping. CI services set `CI` to
different truthy spellings (`true` on GitHub and GitLab, `1` elsewhere, `yes` by
hand), so every spelling counts, and `0`, `false`, `no` or empty do not.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

TRUTHY = frozenset({"1", "true", "yes", "on"})


def under_ci(environ: Mapping[str, str] | None = None) -> bool:
    value = (os.environ if environ is None else environ).get("CI", "")
    return value.strip().lower() in TRUTHY
