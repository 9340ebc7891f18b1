"""`minzheng` — the one command-line entry point for administration.

It is Django's management utility with Minzheng's settings: `minzheng demo`,
`minzheng seed_demo`, `minzheng synth_parquet`, `minzheng import_divisions`,
`minzheng audit_verify`, `minzheng migrate`, ...
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minzheng.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv if argv is not None else sys.argv)


if __name__ == "__main__":
    main()
