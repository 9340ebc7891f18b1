"""The funeral line's records beside a ticket (D8.4): published fee lists and the
answers quoting them, body collections dispatched and completed, and a death
reported on the line offered to the registry — never applied until a person of the
deceased's area confirms it. Every write is audited and journalled on the ticket."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from minzheng.core.audit import audit_record
from minzheng.core.masking import mask_name
from minzheng.core.models import AuditAction, Person, User
from minzheng.core.roles import Capability
from minzheng.core.services import person_record_death
from minzheng.core.workflow.engine import check_record
from minzheng.hotline.journal import ticket_audit, ticket_event
from minzheng.hotline.models import (
    BodyCollection,
    Category,
    DeathOffer,
    Event,
    EventKind,
    FeeItem,
    FeeList,
    FuneralHome,
    OfferState,
    Ticket,
)


def fee_list_in_force(home: FuneralHome, on: dt.date) -> FeeList | None:
    return home.fee_lists.filter(effective_from__lte=on).order_by("-effective_from").first()


@transaction.atomic
def publish_fee_list(
    *,
    actor: User,
    home: FuneralHome,
    effective_from: dt.date,
    basis: str,
    items: list[tuple[str, str, Any, bool]],
) -> FeeList:
    """A new version of a home's published fee list (never an edit of an old one)."""
    if not actor.can(Capability.MANAGE_CONFIG):
        raise PermissionDenied("只有市级管理员可以发布收费标准")
    if not items:
        raise ValidationError({"items": "收费标准至少要有一个项目"})
    last = home.fee_lists.order_by("-version").first()
    fee_list = FeeList.objects.create(
        home=home,
        version=(last.version + 1) if last else 1,
        effective_from=effective_from,
        basis=basis,
        published_by=actor,
    )
    FeeItem.objects.bulk_create(
        FeeItem(fee_list=fee_list, name=n, unit=u, price=p, basic=b) for n, u, p, b in items
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=fee_list,
        summary=f"发布收费标准 {home} 第{fee_list.version}版，{effective_from}起执行",
    )
    return fee_list


@transaction.atomic
def answer_fee_enquiry(*, actor: User, ticket: Ticket, home: FuneralHome) -> Event:
    """The answer quotes the list in force on the day of the call, with its version."""
    check_record(ticket, "fee", actor)
    day = timezone.localtime(ticket.received_at).date()
    fee_list = fee_list_in_force(home, day)
    if fee_list is None:
        raise ValidationError({"home": "该殡仪馆在来电当日没有公布的收费标准"})
    prices = "；".join(f"{i.name}{i.price}元/{i.unit}" for i in fee_list.items.all())
    text = (
        f"按{home}收费标准第{fee_list.version}版（{fee_list.effective_from}起执行）答复：{prices}"
    )
    event = ticket_event(ticket, EventKind.FEE, actor, text, timezone.now())
    ticket_audit(actor, event, ticket, f"答复收费咨询 {ticket.number}")
    return event


@transaction.atomic
def dispatch_collection(*, actor: User, ticket: Ticket, home: FuneralHome) -> BodyCollection:
    """A body collection goes to a funeral home, due within the category's hours from
    the call (the ticket's limit, D8.4)."""
    check_record(ticket, "collection", actor)
    if ticket.category != Category.BODY_COLLECTION:
        raise ValidationError({"home": "只有遗体接运工单可以派车"})
    if BodyCollection.objects.filter(ticket=ticket).exists():
        raise ValidationError({"home": "该工单已派车"})
    now = timezone.now()
    row = BodyCollection.objects.create(
        ticket=ticket, home=home, collect_by=ticket.due_at, dispatched_at=now
    )
    ticket_event(
        ticket,
        EventKind.COLLECTION,
        actor,
        f"派{home}接运，时限{timezone.localtime(row.collect_by):%m-%d %H:%M}",
        now,
    )
    ticket_audit(actor, row, ticket, f"遗体接运派车 {ticket.number} → {home}")
    return row


@transaction.atomic
def record_collected(*, actor: User, ticket: Ticket, at: dt.datetime) -> BodyCollection:
    check_record(ticket, "collected", actor)
    row = BodyCollection.objects.select_for_update().filter(ticket=ticket).first()
    if row is None:
        raise ValidationError({"at": "该工单尚未派车"})
    if at < row.dispatched_at:
        raise ValidationError({"at": "接运完成时间不能早于派车时间"})
    row.collected_at = at
    row.save(update_fields=["collected_at"])
    late = "（超过时限）" if at > row.collect_by else ""
    ticket_event(ticket, EventKind.COLLECTED, actor, f"接运完成{late}", at)
    ticket_audit(
        actor, row, ticket, f"遗体接运完成 {ticket.number}{late}", action=AuditAction.UPDATE
    )
    return row


@transaction.atomic
def offer_death(*, actor: User, ticket: Ticket, person: Person, death_date: dt.date) -> DeathOffer:
    """A death reported on the funeral line is offered to the registry, never applied:
    `decide_death_offer` by a person of the deceased's area confirms it (D8.4)."""
    check_record(ticket, "death_offer", actor)
    if person.life_status == "deceased":
        raise ValidationError({"person": "登记库中该人员已是已故"})
    if death_date > timezone.localdate():
        raise ValidationError({"death_date": "死亡日期不能晚于今天"})
    if DeathOffer.objects.filter(ticket=ticket).exists():
        raise ValidationError({"person": "该工单已报送死亡信息"})
    now = timezone.now()
    offer = DeathOffer.objects.create(
        ticket=ticket, person=person, death_date=death_date, offered_at=now, offered_by=actor
    )
    ticket_event(
        ticket,
        EventKind.DEATH_OFFER,
        actor,
        f"报送登记库：{mask_name(person.name)} {death_date}，待确认",
        now,
    )
    ticket_audit(actor, offer, ticket, f"报送死亡信息 {ticket.number}，待确认")
    return offer


def offers_visible(user: User) -> Any:
    if not user.can(Capability.EDIT_PERSONAL):
        return DeathOffer.objects.none()
    return DeathOffer.objects.filter(person__area__code__startswith=user.scope_prefix)


@transaction.atomic
def decide_death_offer(*, actor: User, offer: DeathOffer, confirm: bool, note: str) -> DeathOffer:
    """A person confirms (the registry records the death — core.services, audited —
    and payments stop with the life status) or declines with a reason."""
    offer = (
        DeathOffer.objects.select_for_update().select_related("person", "ticket").get(pk=offer.pk)
    )
    if not actor.can(Capability.EDIT_PERSONAL) or not actor.reaches(offer.person.area_id):
        raise PermissionDenied("该人员不在您的管辖区域内")
    if offer.state != OfferState.OFFERED:
        raise ValidationError({"note": "该死亡信息已处理"})
    if not confirm and not note.strip():
        raise ValidationError({"note": "不予登记须写明核实情况"})
    if confirm:
        person_record_death(actor=actor, person=offer.person, death_date=offer.death_date)
    offer.state = OfferState.CONFIRMED if confirm else OfferState.DECLINED
    offer.decided_at, offer.decided_by, offer.note = timezone.now(), actor, note
    offer.save(update_fields=["state", "decided_at", "decided_by", "note"])
    ticket_event(
        offer.ticket,
        EventKind.DEATH_DECISION,
        actor,
        f"{offer.get_state_display()}：{note}".rstrip("："),
        offer.decided_at,
    )
    ticket_audit(
        actor,
        offer,
        offer.ticket,
        f"死亡信息{offer.get_state_display()} {offer.ticket.number}",
        action=AuditAction.UPDATE,
    )
    return offer
