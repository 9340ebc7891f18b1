"""The marriage registrar's post (婚姻登记员, D9): a duty held on top of a role.

Registration is the work of named registrars at the registry, not of every
caseworker of the county: the duty grants the capability, the role's area still
sets the scope (D0.3)."""

from __future__ import annotations

from minzheng.core.roles import Duty, Role

REGISTRAR = "marriage_registrar"
REGISTER = "marriage_register"  # the capability: appointments, registrations, certificates

MARRIAGE_REGISTRAR = Duty(
    code=REGISTRAR,
    label="婚姻登记员",
    capabilities=frozenset({REGISTER}),
    roles=frozenset({Role.TOWNSHIP_REVIEWER, Role.COUNTY_APPROVER, Role.CITY_ADMIN}),
    rule="D9.1",
)
