"""The calculator request: JSON in, validated facts out (contract: docs/assistance-policy.md).

Every field is checked — type, vocabulary, range, unknown keys — and every
error is reported with its path (`household.members[1].incomes.wages`) and a
Chinese message. Facts that contradict each other (two household heads, a
birth date after the decision date, an ID number whose birth date differs)
are errors too: the engine must never decide on facts a caseworker mistyped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any

from minzheng.assistance.policy.facts import (
    Credit,
    Expenditure,
    Household,
    Member,
    Property,
    TemporaryNeed,
    Vehicle,
)
from minzheng.assistance.policy.member_request import read_member
from minzheng.assistance.policy.money import ZERO
from minzheng.assistance.policy.parameter_specs import SPECS_BY_KEY
from minzheng.assistance.policy.parameter_types import InvalidValue, parse_value
from minzheng.assistance.policy.request_reader import PLACEHOLDER_DATE, Reader, RequestError, join
from minzheng.assistance.policy.review import PreviousDecision
from minzheng.assistance.policy.vocabulary import (
    ApplicationChannel,
    AreaClass,
    AssistanceStatus,
    Document,
    EmergencyKind,
    ExpenditureKind,
    Programme,
    Relation,
    TemporaryType,
)

VERSION = "1"
TOP_FIELDS = {
    "version",
    "decision_date",
    "area_class",
    "programmes",
    "parameters",
    "household",
    "temporary",
    "application",
    "review",
}
HOUSEHOLD_FIELDS = {
    "members",
    "property",
    "expenditures",
    "income_unstable",
    "review_class",
    "credit",
    "assistance_status",
}


@dataclass(frozen=True)
class Application:
    """The programme applied for, for the one-time notification (D1.5) and fast track (D6)."""

    programme: Programme
    channel: ApplicationChannel
    fast_track: bool
    submitted: tuple[tuple[Document, str | None], ...]


@dataclass(frozen=True)
class ReviewRequest:
    previous: tuple[PreviousDecision, ...]
    voluntary_exit: bool


@dataclass(frozen=True)
class CalculatorRequest:
    household: Household
    programmes: tuple[Programme, ...]
    parameters: Mapping[str, str]
    application: Application | None
    review: ReviewRequest | None


def parse_request(data: object) -> CalculatorRequest:
    """Validate the whole request; raise `RequestError` listing every problem."""
    r = Reader()
    top = r.obj(data, "", TOP_FIELDS)
    if "version" in top and top["version"] != VERSION:
        r.fail("version", f'不支持的版本，应为 "{VERSION}"')
    day = r.required(top, "decision_date", "", r.date, PLACEHOLDER_DATE)
    area = r.required(top, "area_class", "", r.coder(AreaClass, AreaClass.URBAN), AreaClass.URBAN)
    members = _household_members(r, top, day)
    _check_members(r, members)
    member_ids = {member.id for member in members}
    parts = _household_parts(r, top.get("household"))
    temporary = r.optional(top, "temporary", "", partial(_temporary, r), None)
    programmes = r.optional(top, "programmes", "", partial(_programmes, r), tuple(Programme))
    overrides = r.optional(top, "parameters", "", partial(_parameters, r), {})
    application = r.optional(top, "application", "", partial(_application, r, member_ids), None)
    review = r.optional(top, "review", "", partial(_review, r), None)
    if r.errors:
        raise RequestError(r.errors)
    household = Household(day, area, tuple(members), temporary=temporary, **parts)
    return CalculatorRequest(household, programmes, overrides, application, review)


def _household_parts(r: Reader, value: object) -> dict[str, Any]:
    """The household's fields other than its members, as keyword arguments of `Household`."""
    path = "household"
    data = r.obj(value, path, HOUSEHOLD_FIELDS) if isinstance(value, Mapping) else {}
    return {
        "property": r.optional(data, "property", path, partial(_property, r), Property()),
        "expenditures": r.optional(data, "expenditures", path, partial(_expenditures, r), ()),
        "income_unstable": r.optional(data, "income_unstable", path, r.flag, False),
        "review_class": r.optional(data, "review_class", path, r.text, None),
        "credit": r.optional(data, "credit", path, partial(_credit, r), Credit()),
        "assistance_status": r.optional(
            data,
            "assistance_status",
            path,
            r.coder(AssistanceStatus, AssistanceStatus.NONE),
            AssistanceStatus.NONE,
        ),
    }


def _household_members(r: Reader, top: Mapping[str, object], day: dt.date) -> list[Member]:
    household = top.get("household")
    if not isinstance(household, Mapping):
        r.fail("household", "必填字段缺失或不是对象")
        return []
    if "members" not in household:
        r.fail("household.members", "必填字段缺失")
        return []
    entries = r.items(household["members"], "household.members")
    if not entries:
        r.fail("household.members", "至少需要一名成员（户主/申请人）")
    return [
        read_member(r, value, f"household.members[{i}]", day) for i, value in enumerate(entries)
    ]


def _check_members(r: Reader, members: list[Member]) -> None:
    seen: set[str] = set()
    for index, member in enumerate(members):
        if member.id and member.id in seen:
            r.fail(f"household.members[{index}].id", f"成员编号 {member.id} 重复")
        seen.add(member.id)
    heads = sum(1 for m in members if m.relation is Relation.HEAD)
    if members and heads != 1:
        r.fail(
            "household.members",
            f"须有且只有一名 relation 为 head 的户主（申请人），实际 {heads} 名",
        )


def _property(r: Reader, value: object, path: str) -> Property:
    data = r.obj(value, path, {"dwellings", "vehicles", "deposits"})
    vehicles = [
        _vehicle(r, item, f"{join(path, 'vehicles')}[{i}]")
        for i, item in enumerate(r.optional(data, "vehicles", path, r.items, []))
    ]
    return Property(
        dwellings=r.optional(data, "dwellings", path, partial(_count, r), 0),
        vehicles=tuple(vehicles),
        deposits=r.optional(data, "deposits", path, r.money, ZERO),
    )


def _count(r: Reader, value: object, path: str) -> int:
    return r.integer(value, path, low=0, high=99)


def _vehicle(r: Reader, value: object, path: str) -> Vehicle:
    data = r.obj(value, path, {"work_use", "value"})
    return Vehicle(
        work_use=r.optional(data, "work_use", path, r.flag, False),
        value=r.optional(data, "value", path, r.money, None),
    )


def _expenditures(r: Reader, value: object, path: str) -> tuple[Expenditure, ...]:
    data = r.obj(value, path, {kind.value for kind in ExpenditureKind})
    return tuple(
        Expenditure(ExpenditureKind(key), r.money(amount, join(path, key)))
        for key, amount in data.items()
        if key in {kind.value for kind in ExpenditureKind} and amount is not None
    )


def _credit(r: Reader, value: object, path: str) -> Credit:
    data = r.obj(value, path, {"pledge_signed", "breach_in_force"})
    return Credit(
        pledge_signed=r.optional(data, "pledge_signed", path, r.flag, False),
        breach_in_force=r.optional(data, "breach_in_force", path, r.flag, False),
    )


def _temporary(r: Reader, value: object, path: str) -> TemporaryNeed:
    path = path or "temporary"
    data = r.obj(value, path, {"type", "cost", "emergency_kind"})
    kind = r.required(
        data,
        "type",
        path,
        r.coder(TemporaryType, TemporaryType.EMERGENCY),
        TemporaryType.EMERGENCY,
    )
    emergency = r.optional(
        data, "emergency_kind", path, r.coder(EmergencyKind, EmergencyKind.OTHER), None
    )
    if emergency is not None and kind is not TemporaryType.EMERGENCY:
        r.fail(join(path, "emergency_kind"), "仅急难型（emergency）可填写突发事件类别")
    cost = r.required(data, "cost", path, r.money, ZERO)
    return TemporaryNeed(kind, cost, emergency)


def _programmes(r: Reader, value: object, path: str) -> tuple[Programme, ...]:
    chosen = r.codes(value, path, Programme, Programme.DIBAO)
    if not chosen:
        r.fail(path, "至少选择一个项目，或省略此字段以计算全部项目")
    return tuple(programme for programme in Programme if programme in chosen)


def _parameters(r: Reader, value: object, path: str) -> dict[str, str]:
    """Overrides of single settings for a what-if calculation, each checked like configuration.

    JSON numbers and booleans are accepted and turned into the configuration's
    string form; a value that would not parse is reported here with its key.
    """
    path = path or "parameters"
    data = r.obj(value, path, set(SPECS_BY_KEY))
    result = {}
    for key, raw in data.items():
        spec = SPECS_BY_KEY.get(key)
        text = _setting_text(raw)
        if spec is None:
            continue
        if text is None:
            r.fail(join(path, key), "应为字符串或数字")
            continue
        try:
            parse_value(spec, text)
        except InvalidValue as exc:
            r.fail(join(path, key), f"配置项 {key}（{spec.label}）的值“{text}”无效：{exc}")
            continue
        result[key] = text
    return result


def _setting_text(raw: object) -> str | None:
    if isinstance(raw, bool):
        return "true" if raw else "false"
    if isinstance(raw, int | float):
        return repr(raw)
    return raw if isinstance(raw, str) else None


def _application(r: Reader, member_ids: set[str], value: object, path: str) -> Application:
    path = path or "application"
    data = r.obj(value, path, {"programme", "channel", "fast_track", "submitted_documents"})
    programme = r.required(
        data, "programme", path, r.coder(Programme, Programme.DIBAO), Programme.DIBAO
    )
    channel = r.optional(
        data,
        "channel",
        path,
        r.coder(ApplicationChannel, ApplicationChannel.IN_PERSON),
        ApplicationChannel.IN_PERSON,
    )
    entries = r.optional(data, "submitted_documents", path, r.items, [])
    submitted = tuple(
        _submitted(r, item, f"{join(path, 'submitted_documents')}[{i}]", member_ids)
        for i, item in enumerate(entries)
    )
    fast_track = r.optional(data, "fast_track", path, r.flag, False)
    return Application(programme, channel, fast_track, submitted)


def _submitted(
    r: Reader, value: object, path: str, member_ids: set[str]
) -> tuple[Document, str | None]:
    data = r.obj(value, path, {"code", "member_id"})
    document = r.required(
        data, "code", path, r.coder(Document, Document.APPLICATION_FORM), Document.APPLICATION_FORM
    )
    member_id = r.optional(data, "member_id", path, r.text, None)
    if member_id is not None and member_id not in member_ids:
        r.fail(join(path, "member_id"), f"没有编号为 {member_id} 的成员")
    return document, member_id


def _review(r: Reader, value: object, path: str) -> ReviewRequest:
    path = path or "review"
    data = r.obj(value, path, {"previous", "voluntary_exit"})
    entries = r.required(data, "previous", path, r.items, [])
    previous = tuple(
        _previous(r, item, f"{join(path, 'previous')}[{i}]") for i, item in enumerate(entries)
    )
    return ReviewRequest(previous, r.optional(data, "voluntary_exit", path, r.flag, False))


def _previous(r: Reader, value: object, path: str) -> PreviousDecision:
    data = r.obj(value, path, {"programme", "amount", "covered_members"})
    ids: list[Any] = r.optional(data, "covered_members", path, r.items, [])
    return PreviousDecision(
        programme=r.required(
            data, "programme", path, r.coder(Programme, Programme.DIBAO), Programme.DIBAO
        ),
        amount=r.required(data, "amount", path, r.money, ZERO),
        covered_members=tuple(
            r.text(item, f"{join(path, 'covered_members')}[{i}]") for i, item in enumerate(ids)
        ),
    )
