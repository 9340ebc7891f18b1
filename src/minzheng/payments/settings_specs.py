"""The payments settings' example values. The settings themselves are declared in
`settings.yaml` beside this module and read by core's settings registry."""

from __future__ import annotations

from minzheng.core.settings_write import seed_examples


def seed_example_settings() -> int:
    """The labelled example values of every payments setting not yet configured
    (audited, through the one write path of the registry)."""
    return seed_examples(apps=["payments"])
