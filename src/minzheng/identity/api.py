"""The review queue of likely duplicates in the JSON API (issue 16; D0.1, D5.3): the
pairs the user's area holds (both records inside it, D0.3), paginated and audited
like the page; the two records masked; decisions, merges and undoing through the
same services and workflow as the page (the county approver's, audited)."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from minzheng.core.api.access import require
from minzheng.core.api.bounds import PathId
from minzheng.core.forms import refusal
from minzheng.core.masking import mask_id_number, mask_phone
from minzheng.core.models import Person, TransitionLog, User
from minzheng.core.paging import PageQuery, audited_page_slice
from minzheng.core.roles import Capability
from minzheng.core.text import api_text
from minzheng.core.workflow import ActionNotPermitted, WorkflowError
from minzheng.identity import selectors, services
from minzheng.identity.evidence import FIELDS, evidence_rows
from minzheng.identity.models import MatchPair
from minzheng.identity.workflows import PAIR

router = Router(tags=["identity"])


class RecordOut(Schema):
    """One side of a pair, masked like every other answer (full numbers only through
    the audited disclosure of core)."""

    person_id: int
    name: str
    id_number_masked: str
    birth_date: str
    gender: str
    area_code: str
    area_name: str
    residence_address: str
    phone_masked: str
    merged_into: int | None

    @staticmethod
    def of(p: Person) -> RecordOut:
        return RecordOut(
            person_id=p.pk,
            name=p.name,
            id_number_masked=mask_id_number(p.id_number),
            birth_date=p.birth_date.isoformat(),
            gender=p.gender,
            area_code=p.area_id,
            area_name=p.area.name,
            residence_address=p.residence_address,
            phone_masked=mask_phone(p.phone),
            merged_into=p.merged_into_id,
        )


class IncomingOut(Schema):
    """A departmental feed's record whose ID number the registry does not hold."""

    name: str
    id_number_masked: str
    feeds: list[str]


class EvidenceOut(Schema):
    field: str
    label: str
    weight: float
    verdict: str


class PairOut(Schema):
    id: int
    status: str
    status_label: str
    probability: float
    match_weight: float
    model_version: str
    source: str
    weak_chain: bool
    area_code: str
    person_a: RecordOut
    person_b: RecordOut | None  # empty for a departmental feed's record (source feed)
    incoming: IncomingOut | None
    evidence: list[EvidenceOut]

    @staticmethod
    def of(pair: MatchPair) -> PairOut:
        return PairOut(
            id=pair.pk,
            status=pair.status,
            status_label=PAIR.states[pair.status],
            probability=pair.probability,
            match_weight=pair.match_weight,
            model_version=pair.model_version,
            source=pair.source,
            weak_chain=pair.weak_chain,
            area_code=pair.area_id,
            person_a=RecordOut.of(pair.person_a),
            person_b=RecordOut.of(pair.person_b) if pair.person_b else None,
            incoming=IncomingOut(
                name=pair.incoming.get("name", ""),
                id_number_masked=mask_id_number(pair.incoming_id_number),
                feeds=list(pair.incoming.get("feeds", [])),
            )
            if pair.from_feed
            else None,
            evidence=[
                EvidenceOut(field=key, label=row.label, weight=row.weight, verdict=row.verdict)
                for key, row in zip(FIELDS, evidence_rows(pair), strict=True)
            ],
        )


class PairQuery(PageQuery):
    status: str = Field("pending", max_length=32, description="状态；all 为全部")


class PairPage(Schema):
    count: int
    page: int
    items: list[PairOut]


Note = api_text(TransitionLog, "note")


class DecisionIn(Schema):
    decision: str = Field(
        pattern="^(same|different)$", max_length=9, description="same 同一人 / different 不同人"
    )
    note: Note = ""  # type: ignore[valid-type]


class MergeIn(Schema):
    keep: str = Field(pattern="^(a|b)$", max_length=1, description="保留档案：a 人员甲 / b 人员乙")
    note: Note = ""  # type: ignore[valid-type]


class UndoIn(Schema):
    note: Note  # type: ignore[valid-type]


@router.get("/pairs", response=PairPage, summary="疑似重复人员（本辖区，两份档案均在辖区内）")
def pair_list(request: HttpRequest, page: Query[PairQuery]) -> PairPage:
    user = require(request, Capability.VIEW_PERSONAL)
    qs = selectors.pairs_visible(user)
    if page.status != "all":
        if page.status not in PAIR.states:
            raise ValidationError({"status": f"没有“{page.status}”这个状态"})
        qs = qs.filter(status=page.status)
    count, rows = audited_page_slice(
        qs,
        page,
        actor=user,
        object_type="identity.matchpair",
        criteria={"状态": PAIR.criterion(page.status)},
    )
    return PairPage(count=count, page=page.page, items=[PairOut.of(p) for p in rows])


@router.get("/pairs/{int:pk}", response=PairOut, summary="疑似重复详情（并列比对，记录查看日志）")
def pair_detail(request: HttpRequest, pk: PathId) -> PairOut:
    user = require(request, Capability.VIEW_PERSONAL)
    return PairOut.of(selectors.pair_for_reading(user, pk))


def _act(request: HttpRequest, pk: int, run: Callable[[User, MatchPair], object]) -> PairOut:
    user = require(request, Capability.EDIT_PERSONAL)
    pair = selectors.pair_for_reading(user, pk, log=False)
    try:
        run(user, pair)
    except ActionNotPermitted as refused:
        raise PermissionDenied(str(refused)) from None
    except WorkflowError as exc:  # on the field it is about, when it is about one
        raise refusal(exc) from exc
    return PairOut.of(selectors.pair_for_reading(user, pk, log=False))


@router.post("/pairs/{int:pk}/decision", response=PairOut, summary="复核认定（县级）")
def pair_decide(request: HttpRequest, pk: PathId, payload: DecisionIn) -> PairOut:
    return _act(
        request,
        pk,
        lambda user, pair: services.decide(
            actor=user, pair=pair, same=payload.decision == "same", note=payload.note
        ),
    )


@router.post("/pairs/{int:pk}/merge", response=PairOut, summary="合并档案（可撤销）")
def pair_merge(request: HttpRequest, pk: PathId, payload: MergeIn) -> PairOut:
    def run(user: User, pair: MatchPair) -> object:
        keep = pair.person_a if payload.keep == "a" else pair.person_b
        if keep is None:  # a feed's record: nothing to merge
            raise WorkflowError("部门数据记录不是登记档案，无需合并")
        return services.merge(actor=user, pair=pair, keep=keep, note=payload.note)

    return _act(request, pk, run)


@router.post("/pairs/{int:pk}/undo", response=PairOut, summary="撤销合并（须说明理由）")
def pair_undo(request: HttpRequest, pk: PathId, payload: UndoIn) -> PairOut:
    return _act(
        request,
        pk,
        lambda user, pair: services.undo_merge(actor=user, pair=pair, note=payload.note),
    )
