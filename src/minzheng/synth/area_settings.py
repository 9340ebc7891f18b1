"""Synthetic county standards: settings that differ from the city's in a few areas.

Counties set their own dibao standard (D1.18), so a snapshot of the registry
carries the settings of areas below the city (`area_settings`, schema in
`minzheng.analytics.schema`). The synthetic city gets a few such versions — three
counties below the city's example rural standard, one above, and one township of
that county above its county — so that the benchmark and the tests exercise the
rules' "most specific area wins" join at city scale. The values are invented for
the synthetic city, not any county's published standard.
"""

from __future__ import annotations

import datetime as dt

import pyarrow as pa

from minzheng.analytics.schema import AREA_SETTINGS
from minzheng.core import divisions

RURAL = "dibao.standard.rural"
URBAN = "dibao.standard.urban"
# (county code, key, value, effective): two versions for some, so that a rule has to
# take the one in force in its period.
COUNTY_VERSIONS: tuple[tuple[str, str, str, dt.date], ...] = (
    ("320321", RURAL, "720", dt.date(2023, 7, 1)),  # 丰县
    ("320321", RURAL, "740", dt.date(2024, 7, 1)),
    ("320322", RURAL, "735", dt.date(2024, 1, 1)),  # 沛县
    ("320324", RURAL, "730", dt.date(2024, 1, 1)),  # 睢宁县
    ("320382", RURAL, "765", dt.date(2024, 1, 1)),  # 邳州市
    ("320382", URBAN, "790", dt.date(2024, 1, 1)),
)
TOWNSHIP_COUNTY, TOWNSHIP_VALUE = "320382", "775"


def area_settings_table() -> pa.Table:
    """The synthetic city's settings below city level, in the snapshot's schema."""
    rows = [
        {"area_code": code, "key": key, "value": value, "effective": effective}
        for code, key, value, effective in COUNTY_VERSIONS
    ]
    township = next(t for t in divisions.townships() if t.county_code == TOWNSHIP_COUNTY)
    rows.append(
        {
            "area_code": township.code,
            "key": RURAL,
            "value": TOWNSHIP_VALUE,
            "effective": dt.date(2024, 4, 1),
        }
    )
    return pa.Table.from_pylist(rows, schema=AREA_SETTINGS)
