"""Likely duplicates among the people a household import would create (issue 16, D0.1
one person, one record; D5.3 nobody helped twice).

The new-person form shows the registered people a typed record most likely is before
a second record is created (docs/identity.md, "Registration"); an import creates many
at once, so it asks the same question of every row whose ID number the registry does
not hold, through the record matcher an app registers (`core.extensions`, identity's
today; core imports no domain). The candidates of the whole file are fetched and
scored in one pass, not a query per row. A row so matched — in the grey zone or above
the automatic threshold: both are a person with another ID number — is refused, so
the file stays all-or-nothing: the clerk checks it and writes the registered number,
or registers the person alone on the new-person form, which lets them confirm "not
the same person". A candidate outside the importer's area is not described (D0.3).
Until the matcher's thresholds are configured nothing is matched.
"""

from __future__ import annotations

from minzheng.core.extensions import match_records
from minzheng.core.masking import mask_id_number, mask_name
from minzheng.core.models import Person, User
from minzheng.core.spreadsheets.parsing import MemberRow
from minzheng.core.spreadsheets.reader import RowError

FIELD = "公民身份号码"
ONE_BY_ONE = "如确非同一人，请在“新增人员”页面单独登记"
NEUTRAL = "此人须核实身份后单独登记，不能批量导入；请在“新增人员”页面登记"


def _records(
    rows: list[MemberRow], registered: dict[str, Person], addresses: dict[str, str]
) -> dict[int, dict[str, object]]:
    """The rows that would create a person, as matcher records keyed by row number (a
    member's row may leave the address to the head's row)."""
    return {
        r.row: {
            "id_number": r.id_number,
            "name": r.name,
            "address": r.address or addresses.get(r.household_number) or None,
            "phone": r.phone or None,
        }
        for r in rows
        if r.id_number and r.name and r.id_number not in registered
    }


def likely_duplicates(
    actor: User,
    rows: list[MemberRow],
    registered: dict[str, Person],
    addresses: dict[str, str],
) -> list[RowError]:
    """One error per row whose person is likely someone already registered under
    another ID number, naming the candidate masked when the importer may see them."""
    errors = []
    for number, match in sorted(match_records(_records(rows, registered, addresses)).items()):
        candidate = match.person
        if actor.reaches(candidate.area_id):
            message = (
                f"疑似登记库中已有此人：{mask_name(candidate.name)}"
                f"（{mask_id_number(candidate.id_number)}，匹配概率{match.probability:.0%}），"
                f"身份证号码不同；如是同一人，请填写登记库中的身份证号码；{ONE_BY_ONE}"
            )
        else:
            message = NEUTRAL
        errors.append(RowError(number, FIELD, message))
    return errors
