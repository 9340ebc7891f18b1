"""Entry point of `python -m minzheng.analytics` (see `minzheng.analytics.cli`)."""

import sys

from minzheng.analytics.cli import main

sys.exit(main())
