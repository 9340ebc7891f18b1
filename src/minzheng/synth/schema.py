"""Parquet schemas of the synthetic city (and of the registry snapshot).

The analytics side reads files with exactly these columns, whether they come
from the generator (`minzheng synth_parquet`) or from a snapshot of the live
registry. Money is decimal128(12, 2) — never float.
"""

from __future__ import annotations

import pyarrow as pa

MONEY = pa.decimal128(12, 2)

AREAS = pa.schema(
    [
        ("area_code", pa.string()),  # 6, 9 or 12 digits (D0.2)
        ("name", pa.string()),
        ("level", pa.string()),  # city / county / township / community
        ("parent_code", pa.string()),
        ("urban_rural", pa.string()),  # urban / rural
        ("is_synthetic", pa.bool_()),
    ]
)

PERSONS = pa.schema(
    [
        ("person_id", pa.int64()),
        ("id_number", pa.string()),
        ("name", pa.string()),
        ("gender", pa.string()),  # M / F, derived from the ID number
        ("birth_date", pa.date32()),
        ("household_id", pa.int64()),
        ("relation", pa.string()),  # values of core.models.Relation
        ("area_code", pa.string()),  # 12-digit community code
        ("hukou_county_code", pa.string()),  # first 6 digits of the ID number's place
        ("phone", pa.string()),
        ("disability_type", pa.string()),  # "" when none; values of DisabilityType
        ("disability_grade", pa.int8()),  # null when none; 1 (most severe) .. 4
        ("life_status", pa.string()),  # alive / deceased
        ("death_date", pa.date32()),
        ("employment", pa.string()),  # employed / unemployed / retired / student / none
        ("school_stage", pa.string()),  # "" or primary/junior/senior/vocational/college
        ("monthly_income", MONEY),  # counted income (D1.11), yuan per month
    ]
)

HOUSEHOLDS = pa.schema(
    [
        ("household_id", pa.int64()),
        ("number", pa.string()),
        ("area_code", pa.string()),
        ("urban_rural", pa.string()),
        ("address", pa.string()),
        ("head_person_id", pa.int64()),
        ("size", pa.int16()),
        ("monthly_income", MONEY),  # household total of counted income
        ("per_capita_income", MONEY),
        ("programme", pa.string()),  # "" / dibao / extreme_poverty / near_dibao / ...
        ("owns_second_dwelling", pa.bool_()),
        ("owns_vehicle", pa.bool_()),
        ("deposits", MONEY),
    ]
)

# Not a Parquet file of the contract: the effective-dated memberships behind
# `persons.household_id`, which the demo database loader stores as
# HouseholdMembership rows (current stays, stays closed by death, and earlier
# stays in a parent's household ended by marriage).
MEMBERSHIPS = pa.schema(
    [
        ("person_id", pa.int64()),
        ("household_id", pa.int64()),
        ("relation", pa.string()),
        ("valid_from", pa.date32()),
        ("valid_to", pa.date32()),  # null while current; exclusive end
        ("reason", pa.string()),
    ]
)
