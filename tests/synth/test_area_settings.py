"""The synthetic city's own area standards: real areas below the city, valid money."""

from __future__ import annotations

import decimal

from minzheng.analytics.schema import AREA_SETTINGS
from minzheng.core import divisions
from minzheng.synth.area_settings import area_settings_table


def test_area_settings_name_real_counties_and_townships_with_money_values() -> None:
    table = area_settings_table()
    assert table.schema.equals(AREA_SETTINGS)
    counties = {c.code for c in divisions.counties()}
    townships = {t.code: t.county_code for t in divisions.townships()}
    rows = table.to_pylist()
    assert {r["key"] for r in rows} == {"dibao.standard.urban", "dibao.standard.rural"}
    for row in rows:
        code = row["area_code"]
        assert code in counties or townships[code] in counties, code
        assert decimal.Decimal(row["value"]) > 0
    # a township below a county that sets its own standard: "most specific wins" is exercised
    assert any(
        len(r["area_code"]) == 9 and r["area_code"][:6] in {s["area_code"] for s in rows}
        for r in rows
    )
    # one area, one key: versions differ in their effective date
    versions = [(r["area_code"], r["key"], r["effective"]) for r in rows]
    assert len(versions) == len(set(versions))
