"""The printable certificate record (结婚登记/离婚登记证件存根, A4 PDF): what the
registry keeps on file and hands over with the certificate. ID numbers are masked as
on screen; the footer names who printed it, so a copy is traced to its audit entry."""

from __future__ import annotations

from django.utils import timezone

from minzheng.core.documents import (
    Document,
    KeyValues,
    Paragraph,
    Signature,
    chinese_date,
    render_pdf,
)
from minzheng.core.masking import mask_id_number
from minzheng.core.models import User
from minzheng.marriage.models import Certificate, Kind

TEXT = {
    Kind.MARRIAGE: "甲乙双方自愿结婚，经审查符合《中华人民共和国民法典》关于结婚的规定，"
    "准予登记，发给结婚证。",
    Kind.DIVORCE: "甲乙双方自愿离婚，并已对子女抚养、财产及债务处理等事项协商一致，"
    "经审查符合《中华人民共和国民法典》关于协议离婚的规定，准予登记，发给离婚证。",
}


def certificate_document(certificate: Certificate, printed_by: User) -> Document:
    case = certificate.registration or certificate.divorce
    assert case is not None
    kind = Kind(certificate.kind)
    title = "结婚登记证件存根" if kind == Kind.MARRIAGE else "离婚登记证件存根"
    items = [
        ("证件字号", certificate.number),
        ("发证日期", chinese_date(certificate.issued_on)),
        ("甲方姓名", case.party_a_name),
        ("甲方公民身份号码", mask_id_number(case.party_a_id_number)),
        ("乙方姓名", case.party_b_name),
        ("乙方公民身份号码", mask_id_number(case.party_b_id_number)),
        ("登记机关", certificate.registry.name),
    ]
    if certificate.replaces_id is not None:
        items.append(("补发（替代证件）", f"{certificate.replaces} · {certificate.reason}"))
    now = timezone.localtime()
    return Document(
        title=title,
        authority=certificate.registry.name,
        reference=certificate.number,
        date=certificate.issued_on,
        blocks=[
            KeyValues(items, columns=1),
            Paragraph(TEXT[kind]),
            Signature(signers=("婚姻登记员",)),
        ],
        footer=f"由{printed_by.username}于{now:%Y-%m-%d %H:%M}打印",
    )


def certificate_pdf(certificate: Certificate, printed_by: User) -> bytes:
    return render_pdf(certificate_document(certificate, printed_by))
