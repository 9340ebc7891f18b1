"""Factories: a small real-coded tree (鼓楼区, 云龙区) and people in it."""

from __future__ import annotations

import datetime as dt
import itertools

import factory

from minzheng.core import idnumber
from minzheng.core.models import Area, Household, HouseholdMembership, Person, Relation, User
from minzheng.core.places import load_xuzhou_reference

AREAS = {
    "city": "320300",
    "county_a": "320302",  # 鼓楼区
    "township_a": "320302001",  # 黄楼街道
    "community_a1": "320302001001",
    "community_a2": "320302001002",
    "township_a2": "320302002",  # 丰财街道
    "community_a3": "320302002001",
    "county_b": "320303",  # 云龙区
    "township_b": "320303001",  # 彭城街道
    "community_b1": "320303001001",
}
PASSWORD = "test-password-123"
_sequence = itertools.count(1)


def make_areas() -> dict[str, Area]:
    load_xuzhou_reference()
    for _key, code in AREAS.items():
        if len(code) == 12:
            Area.objects.get_or_create(
                code=code,
                defaults={
                    "name": f"测试社区{code[-3:]}",
                    "level": "community",
                    "parent_id": code[:9],
                    "is_synthetic": True,
                },
            )
    return {k: Area.objects.get(code=c) for k, c in AREAS.items()}


def make_user(username: str, role: str, area_code: str, duties: tuple[str, ...] = ()) -> User:
    """A user of `role` working in `area_code`, holding `duties` (岗位, granted by the
    system through the audited service, as the command line does)."""
    user = User(username=username, role=role, area_id=area_code, display_name=username)
    user.set_password(PASSWORD)
    user.save()
    if duties:
        from minzheng.core.duties import duty_grant

        for code in duties:
            duty_grant(actor=None, user=user, code=code)
    return user


# Counties of the city whose codes head the ID numbers made here, in turn: the birth
# date in a number is always the one asked for (a test of age must get that age, however
# many people the process made before it), and the 500 sequence numbers of one birth
# date and sex are used up in one county before the next county's code is taken.
_ID_COUNTIES = ("320302", "320303", "320305", "320311", "320312", "320321", "320322")
_per_birth: dict[tuple[dt.date, bool], itertools.count[int]] = {}


def new_id_number(birth: dt.date = dt.date(1980, 5, 17), male: bool = True) -> str:
    n = next(_per_birth.setdefault((birth, male), itertools.count()))
    county = _ID_COUNTIES[(n // 500) % len(_ID_COUNTIES)]
    day = birth + dt.timedelta(days=n // (500 * len(_ID_COUNTIES)))  # 3,500 alike: rare
    return idnumber.make(county, day, 2 * (n % 500) + (1 if male else 0))


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    id_number = factory.LazyFunction(new_id_number)
    name = factory.Sequence(lambda n: f"测试{n}")
    area_id = AREAS["community_a1"]
    phone = factory.Sequence(lambda n: f"139{n:08d}")


def make_household(area_code: str = AREAS["community_a1"], size: int = 3) -> Household:
    head = PersonFactory(area_id=area_code)
    household = Household.objects.create(
        number=f"H{next(_sequence):08d}", area_id=area_code, address="和平路1号", head=head
    )
    HouseholdMembership.objects.create(
        household=household, person=head, relation=Relation.HEAD, valid_from=dt.date(2020, 1, 1)
    )
    for _ in range(size - 1):
        child = PersonFactory(area_id=area_code, id_number=new_id_number(dt.date(2010, 3, 3)))
        HouseholdMembership.objects.create(
            household=household,
            person=child,
            relation=Relation.CHILD,
            valid_from=dt.date(2020, 1, 1),
        )
    return household
