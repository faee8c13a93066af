"""What a press release printout shows: plain data gathered here and drawn by ``reports.media``.

The letterhead is the district's name and the office's address, phone and e-mail as the district filled them in
for its register description (``db.privacy.register``): one place for the office's facts.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from db.core.district import get_district
from db.media.items import load_item
from db.members.models import Member
from db.privacy.register import read_register_settings

_POSTAL_TOWN = re.compile(r"\b\d{5}\s+([^\d,]+?)\s*$")


@dataclass(frozen=True)
class PressRelease:
    """A press release ready to print, in its language ("fi", "sv" or "en")."""

    language: str
    district: str
    address: str
    phone: str
    email: str
    title: str
    body: str  # paragraphs separated by blank lines
    place: str  # the town of the dateline ("Vaasa 12.3.2026"), or "" when the address names none
    day: date
    embargo_until: datetime | None
    further_information: str
    author: str


def town_of(address: str) -> str:
    """The town of a Finnish or Swedish postal address written on one line: "Hovioikeudenpuistikko 13, 65100 Vaasa"."""
    match = _POSTAL_TOWN.search(address.strip())
    return match.group(1).strip() if match else ""


def press_release(session: Session, item_id: uuid.UUID, today: date, language: str | None = None) -> PressRelease:
    """Gather the press release of a media item (any kind prints the same way), in its language unless told.

    The date is the day it was sent, else the planned day, else ``today``; more information names the author
    when the item gives no one else.
    """
    item = load_item(session, item_id)
    district = get_district(session)
    settings = read_register_settings(session)
    author = item.author_name or ""
    if item.author_id is not None:
        member = session.get(Member, item.author_id)
        if member is not None and member.erased_at is None:
            author = f"{member.first_name} {member.last_name}"
    return PressRelease(
        language=language or item.language.value,
        district=district.name,
        address=settings.address,
        phone=settings.phone,
        email=settings.email,
        title=item.title,
        body=item.body,
        place=town_of(settings.address),
        day=item.sent_on or item.planned_on or today,
        embargo_until=item.embargo_until,
        further_information=item.further_information or author,
        author=author,
    )
