"""The synthetic village/community layer under the real townships."""

from __future__ import annotations

from collections import Counter

from minzheng.analytics import schema
from minzheng.core import divisions
from minzheng.synth import communities, geography


def test_about_fourteen_communities_per_township_with_statistical_codes():
    layer = communities.build_communities(seed=5)
    townships = {t.code: t for t in divisions.townships()}
    assert 2_300 <= len(layer) <= 2_900
    assert len({c.code for c in layer}) == len(layer)
    for c in layer:
        assert len(c.code) == 12 and c.code[:9] in townships
        number = int(c.code[9:])
        assert 1 <= number <= 199 or 200 <= number <= 399
        assert c.name.endswith("村" if c.is_village else "社区")
        assert c.urban_rural == ("urban" if townships[c.code[:9]].is_street else "rural")


def test_names_are_unique_within_a_township():
    layer = communities.build_communities(seed=5)
    per_township = Counter((c.code[:9], c.name) for c in layer)
    assert max(per_township.values()) == 1


def test_the_layer_depends_on_the_seed_only():
    assert communities.build_communities(1) == communities.build_communities(1)
    assert communities.build_communities(1) != communities.build_communities(2)


def test_areas_table_follows_the_schema_and_the_tree(city):
    areas = city.areas
    assert areas.schema.equals(schema.AREAS)
    rows = areas.to_pylist()
    codes = {r["area_code"] for r in rows}
    levels = Counter(r["level"] for r in rows)
    assert levels["city"] == 1 and levels["county"] == 11 and levels["township"] == 186
    for r in rows:
        assert r["level"] == "city" or r["parent_code"] in codes
        assert r["is_synthetic"] == (r["level"] == "community")


def test_population_spreads_over_all_counties(persons):
    counties = Counter(p["area_code"][:6] for p in persons)
    assert set(counties) == set(geography.COUNTY_POPULATION_10K)
    assert counties["320382"] > counties["320303"]  # 邳州 is far bigger than 云龙
