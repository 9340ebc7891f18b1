"""Parquet schemas of the registry snapshot: what the analytic rules read of the registry.

Analytics owns its input schemas. Whoever writes a snapshot writes these columns:
the Django side (`minzheng.warning.snapshot`, from the live registry) and the
synthetic-city generator (`minzheng synth_parquet`, for the benchmark and the
demo). Money is decimal128(12, 2) — never float.

`persons.person_key` is the analytic store's integer key of the person's ID
number (`minzheng.analytics.keys`): writers leave it null and the store fills
it in (`keys.key_registry`), so that the snapshot and every imported feed carry
the same key for the same person and rules join on an integer.
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
        ("person_key", pa.int64()),  # the store's key of id_number; null until keyed
        ("id_number", pa.string()),
        ("name", pa.string()),
        ("gender", pa.string()),  # M / F, derived from the ID number
        ("birth_date", pa.date32()),
        ("household_id", pa.int64()),
        ("relation", pa.string()),  # values of core.codes.Relation
        ("area_code", pa.string()),  # 12-digit community code
        ("hukou_county_code", pa.string()),  # first 6 digits of the ID number's place
        ("phone", pa.string()),
        ("disability_type", pa.string()),  # "" when none; values of core.codes.DisabilityType
        ("disability_grade", pa.int8()),  # null when none; 1 (most severe) .. 4
        ("life_status", pa.string()),  # alive / deceased
        ("death_date", pa.date32()),
        ("employment", pa.string()),  # core.codes.RegistryEmployment
        ("school_stage", pa.string()),  # "" or core.codes.RegistrySchoolStage
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

# Versioned settings set for an area below the city (a county's own dibao
# standard, D1.18): every version, so that a rule takes the one in force in its
# period. The city-wide value of a setting reaches the rules as a parameter; a
# rule resolves the most specific area whose code is a prefix of the household's
# (D0.2 codes are hierarchical: 320321 ⊃ 320321101 ⊃ 320321101001).
AREA_SETTINGS = pa.schema(
    [
        ("area_code", pa.string()),  # 6 (county), 9 (township) or 12 digits (community)
        ("key", pa.string()),  # configuration key, e.g. dibao.standard.rural
        ("value", pa.string()),  # as configured; checked against the parameter's type
        ("effective", pa.date32()),  # in force from this day until the next version
    ]
)

REGISTRY: dict[str, pa.Schema] = {
    "areas": AREAS,
    "persons": PERSONS,
    "households": HOUSEHOLDS,
    "area_settings": AREA_SETTINGS,
}
