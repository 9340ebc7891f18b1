"""Xuzhou's real divisions read without Django (`core.divisions`, D0.2).

The expected codes and names are typed from the National Bureau of Statistics list
(core/data/README.md), not read from the files under test.
"""

from __future__ import annotations

import subprocess
import sys

from minzheng.core import divisions

# GB/T 2260 codes of the districts, counties and county-level cities, and the
# statistical code of the development zone, as listed in core/data/README.md.
XUZHOU_COUNTIES = {
    "320302": ("鼓楼区", "urban"),
    "320303": ("云龙区", "urban"),
    "320305": ("贾汪区", "urban"),
    "320311": ("泉山区", "urban"),
    "320312": ("铜山区", "urban"),
    "320321": ("丰县", "rural"),
    "320322": ("沛县", "rural"),
    "320324": ("睢宁县", "rural"),
    "320371": ("徐州经济技术开发区", "urban"),
    "320381": ("新沂市", "rural"),
    "320382": ("邳州市", "rural"),
}


def test_the_eleven_county_level_units_with_their_class():
    found = {c.code: (c.name, c.urban_rural) for c in divisions.counties()}
    assert found == XUZHOU_COUNTIES


def test_186_townships_each_under_a_county_of_the_city():
    townships = divisions.townships()
    assert len(townships) == 186
    assert len({t.code for t in townships}) == 186
    for t in townships:
        assert len(t.code) == 9 and t.code[:6] == t.county_code in XUZHOU_COUNTIES


def test_streets_are_urban_towns_and_special_units_rural():
    by_code = {t.code: t for t in divisions.townships()}
    huanglou = by_code["320302001"]
    assert (huanglou.name, huanglou.urban_rural, huanglou.is_ordinary) == (
        "黄楼街道",
        "urban",
        True,
    )
    farm = by_code["320305401"]
    assert (farm.name, farm.urban_rural, farm.is_ordinary) == ("鹿庄粮棉原种场", "rural", False)
    assert divisions.township_urban_rural("大许镇") == "rural"
    assert divisions.township_urban_rural("王庄乡") == "rural"


def test_the_city_and_province():
    assert (divisions.CITY_CODE, divisions.CITY_NAME) == ("320300", "徐州市")
    assert (divisions.PROVINCE_CODE, divisions.PROVINCE_NAME) == ("320000", "江苏省")


def test_the_reader_imports_no_django():
    check = (
        "import sys\n"
        "from minzheng.core import divisions\n"
        "assert len(divisions.townships()) == 186\n"
        "assert not any(m == 'django' or m.startswith('django.') for m in sys.modules)\n"
    )
    subprocess.run([sys.executable, "-c", check], check=True, timeout=60)
