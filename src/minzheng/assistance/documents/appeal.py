"""How a citizen can challenge a decision: the wording printed on every decision.

These are national law, not local policy, so they are constants here rather than
configuration (the periods cannot be changed by a bureau's notice):

- 《中华人民共和国行政复议法》 (revised 2023, in force 1 January 2024), art. 20: an
  application for administrative review within 60 days of learning of the act;
  art. 24: against a department of a county-level government (the civil-affairs
  bureau) it goes to that people's government. The revision removed the former
  choice of the next-higher department (old art. 12) except for vertically led
  bodies (art. 27), so the notice names only the county-level people's government.
- 《中华人民共和国行政诉讼法》, art. 46: a lawsuit directly before a people's court
  within 6 months of learning of the act. No court is named: Jiangsu hears
  administrative cases in centrally designated courts, which the applicant's
  court registry tells them.

A locality that needs other wording changes it here, in one place, for every
assistance document.
"""

from __future__ import annotations

from minzheng.assistance.documents.common import Section
from minzheng.assistance.documents.issuers import county_government
from minzheng.core.documents.model import Paragraph
from minzheng.core.models import Area

REVIEW_DAYS = 60  # 行政复议法 art. 20
LAWSUIT_MONTHS = 6  # 行政诉讼法 art. 46


def appeal_text(area: Area) -> str:
    """The standard remedy clause, with the reviewing government named."""
    return (
        f"如对本决定不服，可以自收到本通知书之日起{REVIEW_DAYS}日内，依照《中华人民共和国"
        f"行政复议法》向{county_government(area)}申请行政复议；也可以自收到本通知书之日起"
        f"{LAWSUIT_MONTHS}个月内，依照《中华人民共和国行政诉讼法》直接向人民法院提起行政诉讼。"
    )


def appeal_section(area: Area) -> Section:
    return ("救济途径", [Paragraph(appeal_text(area))])
