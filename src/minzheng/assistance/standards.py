"""Programme standards as versioned configuration (D1.18), on core's settings registry.

The policy engine declares its keys (`policy/parameter_specs.yaml`) and the procedure
its limits (`settings.yaml` beside this module); core's registry reads both. This
module resolves the engine's keys for an area and a date through core's one resolver
and seeds the labelled example defaults, with the ten rises of the dibao standard.
"""

from __future__ import annotations

import datetime as dt

from minzheng.assistance.policy.parameter_specs import PARAMETER_SPECS
from minzheng.core.config import values
from minzheng.core.models import Area
from minzheng.core.settings_write import seed_examples

POLICY_KEYS = tuple(spec.key for spec in PARAMETER_SPECS)


def parameters_for(area: Area, on: dt.date) -> dict[str, str]:
    """Every policy key's value in force on `on` for `area` (`core.config.values`)."""
    return values(POLICY_KEYS, area=area, on=on)


# Ten consecutive rises (十连增) of the example dibao standards, yuan/month, from 2016.
# Labelled examples: they end at D3.4's example standards (urban 780, rural 755).
EXAMPLE_RISES = {
    "dibao.standard.urban": ["560", "585", "610", "635", "660", "685", "710", "735", "760", "780"],
    "dibao.standard.rural": ["470", "510", "550", "590", "625", "655", "685", "710", "735", "755"],
}


def seed_example_standards(first_year: int = 2016) -> int:
    """City-wide example values for every assistance key not yet configured; returns rows
    written. Standards with a rise history get one version per year from `first_year`."""
    return seed_examples(apps=["assistance"], first_year=first_year, rises=EXAMPLE_RISES)
