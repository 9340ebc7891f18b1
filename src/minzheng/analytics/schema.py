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


# The payments side (issue 10, D13): what the funds-supervision rules read of the
# payroll. Written by the same nightly snapshot (`minzheng.payments.snapshot`, hooked
# into the registry snapshot) into the same directory. Money here is decimal(14, 2):
# the ledger's own precision, yuan to the fen, never float. People are referred to by
# `person_id` (the registry's `persons.person_id`): like the registry snapshot, only
# `persons` carries the ID number and the store's `person_key`, so a rule that meets a
# feed joins through `persons`. Account numbers are written in full, as the registry
# snapshot writes ID numbers: the snapshot is internal analytics input, not a publication.
PAYMENT_MONEY = pa.decimal128(14, 2)

ENROLMENTS = pa.schema(
    [
        ("enrolment_id", pa.int64()),
        ("household_id", pa.int64()),
        ("programme", pa.string()),  # values of core.codes.Programme
        ("applicant_person_id", pa.int64()),  # the personal programmes' beneficiary
        ("area_code", pa.string()),  # the household's community
        ("status", pa.string()),  # active / gradual_exit / ended
        ("starts_on", pa.date32()),  # first day of the first month paid
        ("ends_on", pa.date32()),  # null while in force
        ("monthly_amount", PAYMENT_MONEY),  # the amount in force now
        ("covered_members", pa.int16()),
        ("from_roll", pa.bool_()),  # entered by the beneficiary-roll import
    ]
)

PAYEE_ACCOUNTS = pa.schema(
    [
        ("person_id", pa.int64()),  # the account holder on record (one account a person)
        ("bank", pa.string()),
        ("account_number", pa.string()),
        ("holder_name", pa.string()),
        ("social_security_card", pa.bool_()),
        ("verified_on", pa.date32()),
    ]
)

PAYROLL_LINES = pa.schema(
    [
        ("line_id", pa.int64()),
        ("reference", pa.string()),  # the bank file's reference
        ("cycle_id", pa.int64()),
        ("cycle_kind", pa.string()),  # regular / correction
        ("cycle_status", pa.string()),  # the cycle's workflow state
        ("county_code", pa.string()),  # the cycle's county
        ("programme", pa.string()),
        ("month", pa.date32()),  # first day of the month paid
        ("person_id", pa.int64()),  # the payee (head of household or beneficiary)
        ("household_id", pa.int64()),
        ("area_code", pa.string()),  # the household's community
        ("enrolment_id", pa.int64()),
        ("payee_name", pa.string()),  # as frozen at computation
        ("bank", pa.string()),
        ("account_number", pa.string()),
        ("holder_name", pa.string()),
        ("base", PAYMENT_MONEY),
        ("arrears", PAYMENT_MONEY),
        ("gradual_exit", PAYMENT_MONEY),
        ("deductions", PAYMENT_MONEY),
        ("total", PAYMENT_MONEY),  # base + arrears + gradual_exit - deductions
        ("arrears_months", pa.list_(pa.string())),  # YYYY-MM of each month of arrears
        ("status", pa.string()),  # pending / held / sent / paid / failed / returned / reissued
        ("held_reason", pa.string()),
        ("bank_reason", pa.string()),
        ("reissue_of_line_id", pa.int64()),  # null unless a re-issue
        ("recovery_id", pa.int64()),  # the recovery order deducted, or null
        ("institution_id", pa.int64()),  # paid to an institution (集中供养, D13.1), or null
        ("answered_on", pa.date32()),  # the bank's answer (or held when sent), or null
    ]
)

LEDGER = pa.schema(
    [
        ("entry_id", pa.int64()),  # append order
        ("kind", pa.string()),  # issued / paid / failed / returned / reissued / recovered
        ("amount", PAYMENT_MONEY),
        ("programme", pa.string()),
        ("county_code", pa.string()),  # the batch's (or recovery order's) area
        ("cycle_id", pa.int64()),
        ("line_id", pa.int64()),
        ("recovery_id", pa.int64()),
        ("person_id", pa.int64()),  # the line's payee or the recovery order's person
        ("month", pa.date32()),  # the line's month; null for a repayment
        ("at", pa.timestamp("us", tz="Asia/Shanghai")),
        ("note", pa.string()),
        ("payable_id", pa.int64()),  # institutional_payables.payable_id, or null
    ]
)

# Each month a line pays, its own and each month of arrears, with that month's amount
# (claimed once per person, programme and month: no month is paid twice, D13.3). A
# re-issue has none of its own: it pays the months of the line it re-issues.
COVERED_MONTHS = pa.schema(
    [
        ("line_id", pa.int64()),  # payroll_lines.line_id
        ("person_id", pa.int64()),  # the line's person
        ("programme", pa.string()),
        ("month", pa.date32()),  # first day of the month paid for
        ("amount", PAYMENT_MONEY),  # what the line pays for that month
        ("arrears", pa.bool_()),  # a month of arrears, not the line's own month
    ]
)

PAYMENT_STOPS = pa.schema(
    [
        ("stop_id", pa.int64()),
        ("enrolment_id", pa.int64()),
        ("person_id", pa.int64()),  # the payee no longer paid under the enrolment
        ("programme", pa.string()),
        ("cause", pa.string()),  # death / termination / breach
        ("event_on", pa.date32()),  # the death, the decision
        ("from_month", pa.date32()),  # first month not paid (D13.5)
        ("rule", pa.string()),  # D13.5, D13.5 D2.7, D6.4
        ("reason", pa.string()),
        ("recorded_at", pa.timestamp("us", tz="Asia/Shanghai")),
    ]
)

RECOVERY_ORDERS = pa.schema(
    [
        ("recovery_id", pa.int64()),
        ("person_id", pa.int64()),
        ("programme", pa.string()),
        ("county_code", pa.string()),
        ("amount", PAYMENT_MONEY),  # to recover
        ("months", pa.list_(pa.string())),  # YYYY-MM of each month it recovers
        ("reason", pa.string()),
        ("rule", pa.string()),
        ("instalment", PAYMENT_MONEY),  # deducted per later line at most
        ("recovered", PAYMENT_MONEY),  # repaid or deducted so far
        ("status", pa.string()),  # open / repaid / written_off
        ("written_off_reason", pa.string()),  # empty unless written off
        ("written_off_at", pa.timestamp("us", tz="Asia/Shanghai")),  # null unless written off
        ("stop_id", pa.int64()),  # the stop that opened it, or null
        ("breach_id", pa.int64()),  # the fast-track breach it recovers (D6.4), or null
        ("created_at", pa.timestamp("us", tz="Asia/Shanghai")),
    ]
)

INSTITUTIONS = pa.schema(
    [
        ("institution_id", pa.int64()),
        ("name", pa.string()),
        ("credit_code", pa.string()),  # unified social credit code (18 characters)
        ("county_code", pa.string()),
        ("bank", pa.string()),
        ("account_number", pa.string()),
        ("holder_name", pa.string()),  # must be the institution's name (D13.2)
    ]
)

PLACEMENTS = pa.schema(
    [
        ("placement_id", pa.int64()),
        ("person_id", pa.int64()),
        ("institution_id", pa.int64()),
        ("starts_on", pa.date32()),  # first day of the first month in the institution
        ("ends_on", pa.date32()),  # first day of the month they left; null while there
    ]
)

# Money paid to an organisation rather than a person (payments.payables, D13.1): one row
# per payable, i.e. per source object (an approved meal settlement, a facility subsidy);
# its ledger entries carry `payable_id`. `subject_*` is what it pays for (for the
# elderly programmes `elderly.facility` and `elderly_facility_register.facility_id`).
INSTITUTIONAL_PAYABLES = pa.schema(
    [
        ("payable_id", pa.int64()),
        ("programme", pa.string()),  # elderly_meal_subsidy / elderly_operating_subsidy / …
        ("county_code", pa.string()),  # the county that pays
        ("month", pa.date32()),  # first day of the month paid for
        ("amount", PAYMENT_MONEY),
        ("status", pa.string()),  # pending / sent / paid / failed / returned
        ("source_kind", pa.string()),  # elderly.settlement / elderly.subsidy
        ("source_id", pa.int64()),
        ("subject_kind", pa.string()),  # elderly.facility
        ("subject_id", pa.int64()),
        ("payee_kind", pa.string()),  # elderly.operator
        ("payee_ref", pa.int64()),
        ("payee_name", pa.string()),
        ("payee_credit_code", pa.string()),
        ("bank", pa.string()),
        ("account_number", pa.string()),
        ("holder_name", pa.string()),
        ("bank_reason", pa.string()),
        ("answered_on", pa.date32()),  # the bank's last failure or return, or null
        ("reissues", pa.int16()),
        ("created_at", pa.timestamp("us", tz="Asia/Shanghai")),
    ]
)

PAYMENTS: dict[str, pa.Schema] = {
    "enrolments": ENROLMENTS,
    "payee_accounts": PAYEE_ACCOUNTS,
    "payroll_lines": PAYROLL_LINES,
    "ledger": LEDGER,
    "covered_months": COVERED_MONTHS,
    "payment_stops": PAYMENT_STOPS,
    "recovery_orders": RECOVERY_ORDERS,
    "institutions": INSTITUTIONS,
    "placements": PLACEMENTS,
    "institutional_payables": INSTITUTIONAL_PAYABLES,
}


# Elderly services (issue 14, D7): where homes and facilities are, for the 15-minute
# circle (`minzheng.analytics.elderly`). Longitude/latitude in degrees in the system of
# the county outlines (GCJ-02-like, core/data/README.md). Written beside the registry
# snapshot by the synthetic city (`minzheng.synth.geo_parquet`) or by the elderly app.
COMMUNITY_POINTS = pa.schema(
    [
        ("area_code", pa.string()),  # 12-digit community code
        ("longitude", pa.float64()),
        ("latitude", pa.float64()),
    ]
)

HOME_POINTS = pa.schema(
    [
        ("household_id", pa.int64()),  # households.household_id
        ("area_code", pa.string()),
        ("longitude", pa.float64()),
        ("latitude", pa.float64()),
    ]
)

ELDERLY_FACILITIES = pa.schema(
    [
        ("facility_id", pa.int64()),
        ("kind", pa.string()),  # service_centre / station / canteen / day_care / care_home
        ("name", pa.string()),
        ("area_code", pa.string()),  # the community it stands in
        ("parent_id", pa.int64()),  # the hub of its network ("1+N"), or null
        ("longitude", pa.float64()),
        ("latitude", pa.float64()),
        ("capacity", pa.int32()),  # seats or beds
    ]
)

ELDERLY: dict[str, pa.Schema] = {
    "community_points": COMMUNITY_POINTS,
    "home_points": HOME_POINTS,
    "facilities": ELDERLY_FACILITIES,
}


# The elderly-care funds (issue 14 items 5 and 6), written by the elderly app beside the
# registry snapshot (`minzheng.elderly.snapshot`) for the supervision platform: which
# facilities exist and when they were open (a facility paid while closed), their
# capacity and the real-name meal records (a canteen claiming more meals than its
# capacity; one person claimed at two canteens on one day), and what was approved for
# payment (joined to `institutional_payables` by `payable_id`).
ELDERLY_FACILITY_REGISTER = pa.schema(
    [
        ("facility_id", pa.int64()),
        ("kind", pa.string()),  # service_centre / station / canteen / day_care / care_home
        ("name", pa.string()),
        ("area_code", pa.string()),  # the community it stands in
        ("operator_id", pa.int64()),
        ("operator_credit_code", pa.string()),  # may be empty
        ("capacity", pa.int32()),  # seats (canteen) or beds; a canteen's meals a meal time
        ("opened_on", pa.date32()),
        ("status", pa.string()),  # open / suspended / closed (today)
        ("closed_on", pa.date32()),  # the closure's effective day, or null
    ]
)

ELDERLY_FACILITY_EVENTS = pa.schema(
    [
        ("facility_id", pa.int64()),
        ("event", pa.string()),  # opened / changed / suspended / resumed / closed
        ("on", pa.date32()),  # the day it takes effect (not serving from a suspension's day)
    ]
)

ELDERLY_MEAL_RECORDS = pa.schema(
    [
        ("meal_id", pa.int64()),
        ("person_id", pa.int64()),
        ("canteen_id", pa.int64()),  # elderly_facility_register.facility_id
        ("served_on", pa.date32()),
        ("meal", pa.string()),  # breakfast / lunch / dinner
        ("category", pa.string()),  # aged / low_income / disabled
        ("price", PAYMENT_MONEY),
        ("subsidy", PAYMENT_MONEY),
    ]
)

ELDERLY_FUND_ITEMS = pa.schema(
    [
        ("source_kind", pa.string()),  # elderly.settlement / elderly.subsidy
        ("source_id", pa.int64()),
        ("facility_id", pa.int64()),
        ("purpose", pa.string()),  # meal_settlement / operating / construction
        ("month", pa.date32()),
        ("meals", pa.int32()),  # subsidised meals settled; null for a subsidy
        ("amount", PAYMENT_MONEY),
        ("status", pa.string()),  # the item's workflow state (draft … approved)
        ("payable_id", pa.int64()),  # institutional_payables.payable_id once approved
    ]
)

ELDERLY_FUNDS: dict[str, pa.Schema] = {
    "elderly_facility_register": ELDERLY_FACILITY_REGISTER,
    "elderly_facility_events": ELDERLY_FACILITY_EVENTS,
    "elderly_meal_records": ELDERLY_MEAL_RECORDS,
    "elderly_fund_items": ELDERLY_FUND_ITEMS,
}


# Funds supervision (issue 11, D14): what a supervision run publishes, one row per
# finding (`findings.parquet` of the run), read by the supervision app. The key is stable
# across runs (rule, person or subject, programme, first month), so that a finding judged a false
# alarm is not raised again (D14.12).
SUPERVISION_FINDINGS = pa.schema(
    [
        ("run_id", pa.string()),
        ("rule_id", pa.string()),  # S001 ...
        ("period", pa.string()),  # YYYY-MM: the month the run checked up to
        ("platform", pa.string()),  # assistance / elderly / disability
        ("finding_key", pa.string()),  # sha256 hex of rule_id|id_number|programme|first_month
        # the beneficiary (or the payee, for account checks); null for a subject's finding
        ("id_number", pa.string()),
        ("household_id", pa.int64()),  # households.household_id, or null
        ("area_code", pa.string()),  # the beneficiary's community (12 digits)
        ("programme", pa.string()),  # the programme code paid
        ("first_month", pa.string()),  # YYYY-MM
        ("last_month", pa.string()),  # YYYY-MM
        ("months", pa.int32()),  # months concerned
        ("amount_at_risk", PAYMENT_MONEY),  # yuan paid that should not have been
        ("evidence", pa.string()),  # JSON object: the fields that show it
        # Added for findings about an organisation, not a person (S014, S015: a facility):
        # `subject` = "elderly.facility:<facility_id>" and its name; id_number is then
        # null and the key is built from the subject. Null for a person's finding.
        ("subject", pa.string()),
        ("subject_name", pa.string()),
    ]
)
# The columns a findings file had before `subject` was added (still accepted on ingest).
SUPERVISION_FINDINGS_V1 = pa.schema(list(SUPERVISION_FINDINGS)[:14])
