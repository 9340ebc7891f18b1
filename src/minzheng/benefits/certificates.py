"""The disability certificate in force for a case (D4.2): the application's, unless a
renewal (`CertificateRenewal`, recorded from the certificate shown) was issued on or
after it — then the latest renewal's. Who records renewals: the offices that receive
and check the applications (D4.5), the community and the township."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from minzheng.benefits.models import (
    BenefitReview,
    CertificateRenewal,
    ReviewTrigger,
    SubsidyApplication,
)
from minzheng.core.roles import Role

# D4.5: the township checks the certificate; the community receives the application.
RECORDERS = frozenset({Role.CASEWORKER, Role.TOWNSHIP_REVIEWER})


@dataclass(frozen=True)
class Certificate:
    generation: str
    issued_on: dt.date
    expires_on: dt.date | None
    renewal: CertificateRenewal | None = None


def certificate_in_force(app: SubsidyApplication) -> Certificate:
    latest = (
        CertificateRenewal.objects.filter(
            person_id=app.person_id, issued_on__gte=app.certificate_issued_on
        )
        .order_by("-issued_on", "-id")
        .first()
    )
    if latest is None:
        return Certificate(
            app.certificate_generation, app.certificate_issued_on, app.certificate_expires_on
        )
    return Certificate(latest.generation, latest.issued_on, latest.expires_on, latest)


def expired(certificate: Certificate, day: dt.date) -> bool:
    """D4.2: the expiry date itself is still valid, the day after is not."""
    return certificate.expires_on is not None and certificate.expires_on < day


def renewed_certificate(review: BenefitReview, today: dt.date) -> Certificate | None:
    """For a review of an expired certificate: the renewal recorded since, when valid on
    `today` (its cause is gone); else None."""
    if review.trigger != ReviewTrigger.CERTIFICATE_EXPIRED:
        return None
    app = SubsidyApplication.objects.filter(grants__enrolment=review.enrolment_id).first()
    if app is None:
        return None
    held = certificate_in_force(app)
    if held.renewal is None or expired(held, today):
        return None
    return held
