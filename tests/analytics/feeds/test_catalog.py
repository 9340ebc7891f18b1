"""The feed declarations (D5.2): keyed by ID number (D0.1), money as decimal(12, 2)."""

from __future__ import annotations

import pyarrow as pa
import pytest

from minzheng.analytics.feeds.catalog import FEEDS, Kind, feed


@pytest.mark.parametrize("name", sorted(FEEDS))
def test_every_feed_is_keyed_by_a_citizen_id_number_and_never_uses_float(name: str) -> None:
    spec = FEEDS[name]
    assert spec.fields[0].name == "id_number"
    assert spec.fields[0].kind is Kind.ID_NUMBER
    assert not any(pa.types.is_floating(f.type) for f in spec.schema)
    for f in spec.fields:
        if f.kind is Kind.MONEY:
            assert f.arrow_type == pa.decimal128(12, 2)
        if f.kind is Kind.CODE:
            assert f.choices


def test_the_ten_partner_feeds_of_the_issue_are_declared() -> None:
    assert set(FEEDS) == {
        "deaths",
        "medical_settlements",
        "disability_certificates",
        "housing_safety",
        "students",
        "unemployment_registrations",
        "social_insurance_wages",
        "vehicles",
        "real_estate",
        "business_registrations",
        # funds supervision (issue 11, D14.8–D14.10)
        "public_employees",
        "staff_relatives",
        "assistance_reviews",
    }


def test_headers_are_unique_so_a_file_column_maps_to_one_field() -> None:
    for spec in FEEDS.values():
        names = [f.name for f in spec.fields] + [f.title_zh for f in spec.fields]
        assert len(names) == len(set(names)), spec.name


def test_an_unknown_feed_is_refused_with_the_list_of_known_ones() -> None:
    with pytest.raises(KeyError, match="medical_settlements"):
        feed("hospital")
