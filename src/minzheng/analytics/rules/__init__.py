"""Rule files (SQL + YAML cases) and the per-engine function allow-lists.

A package only so that `importlib.resources` finds the files when Minzheng is
installed; there is no Python code here. See docs/analytics.md.
"""
