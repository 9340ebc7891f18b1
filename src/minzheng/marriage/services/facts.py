"""What the platform's records say about a couple: their registry records, marriages
in force, and their kinship where one household records both (D9.1)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Q

from minzheng.core import idnumber
from minzheng.core.models import Person
from minzheng.marriage.models import MaritalStatus, MaritalStatusChange, MarriageRegistration
from minzheng.marriage.rules import Kinship, Party, kinship_from_relations


def normalized_id(field: str, raw: str, today: dt.date) -> idnumber.IdNumberFacts:
    try:
        return idnumber.parse(raw, today=today)
    except idnumber.InvalidIdNumber as exc:
        raise ValidationError({field: str(exc)}) from None


def married_in_records(number: str, person: Person | None) -> bool:
    """A marriage in force: registered here and not dissolved, or the person's latest
    recorded status is married (a marriage registered elsewhere)."""
    own = MarriageRegistration.objects.filter(
        Q(party_a_id_number=number) | Q(party_b_id_number=number),
        status="registered",
        dissolved_on__isnull=True,
    )
    if own.exists():
        return True
    if person is None:
        return False
    latest = MaritalStatusChange.objects.filter(person=person).order_by("-effective_on", "-id")
    status = latest.values_list("status", flat=True).first()
    return status == MaritalStatus.MARRIED


def kinship_in_records(a: Person | None, b: Person | None) -> Kinship:
    """Kinship from one current household's relations; unknown otherwise."""
    if a is None or b is None:
        return Kinship.UNKNOWN
    ma, mb = a.current_membership(), b.current_membership()
    if ma is None or mb is None or ma.household_id != mb.household_id:
        return Kinship.UNKNOWN
    return kinship_from_relations(ma.relation, mb.relation)


@dataclass(frozen=True)
class PartyFacts:
    number: str
    person: Person | None
    party: Party


def party_facts(field: str, raw: str, today: dt.date) -> PartyFacts:
    facts = normalized_id(field, raw, today)
    person = Person.objects.filter(id_number=facts.number).first()
    married = married_in_records(facts.number, person)
    # the household registration: the record's, else where the number was first issued
    hukou = (person.hukou_area_id or "")[:6] if person is not None else ""
    party = Party(facts.gender, facts.birth_date, married, hukou or facts.division_code)
    return PartyFacts(facts.number, person, party)
