"""Media work: outlets and their contacts, and the media items of the district (press releases, op-eds, posts …).

An outlet is a newspaper, radio or TV station or a web publication; its **contacts** are journalists and editors,
people who are not members: their names, e-mails and phones are personal data and are kept only on
:class:`OutletContact` rows, never copied elsewhere, so that deleting a contact for good
(``db.media.contacts.erase_contact``) leaves nothing of them behind. A media item names the outlets it went to,
not the people.
"""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.core.base import Base, Synced, text_enum
from db.core.i18n import N_


class OutletKind(enum.StrEnum):
    NEWSPAPER = "newspaper"
    RADIO = "radio"
    TV = "tv"
    WEB = "web"
    OTHER = "other"


class OutletLanguage(enum.StrEnum):
    FI = "fi"
    SV = "sv"
    BILINGUAL = "bilingual"
    OTHER = "other"


class MediaItemKind(enum.StrEnum):
    PRESS_RELEASE = "press_release"
    OP_ED = "op_ed"
    LETTER_TO_EDITOR = "letter_to_editor"
    WEBSITE_POST = "website_post"
    SOCIAL_MEDIA_POST = "social_media_post"
    INTERVIEW = "interview"
    APPEARANCE = "appearance"  # on radio, TV, a panel
    COVERAGE = "coverage"  # a clipping: what an outlet wrote about the district


class MediaItemStatus(enum.StrEnum):
    IDEA = "idea"
    DRAFT = "draft"
    SENT = "sent"
    PUBLISHED = "published"
    REJECTED = "rejected"


class ItemLanguage(enum.StrEnum):
    FI = "fi"
    SV = "sv"
    EN = "en"


OUTLET_KIND_LABELS = {
    OutletKind.NEWSPAPER: N_("Newspaper"),
    OutletKind.RADIO: N_("Radio"),
    OutletKind.TV: N_("TV"),
    OutletKind.WEB: N_("Web"),
    OutletKind.OTHER: N_("Other outlet"),
}
OUTLET_LANGUAGE_LABELS = {
    OutletLanguage.FI: N_("Finnish"),
    OutletLanguage.SV: N_("Swedish"),
    OutletLanguage.BILINGUAL: N_("Bilingual"),
    OutletLanguage.OTHER: N_("Other language"),
}
MEDIA_ITEM_KIND_LABELS = {
    MediaItemKind.PRESS_RELEASE: N_("Press release"),
    MediaItemKind.OP_ED: N_("Op-ed"),
    MediaItemKind.LETTER_TO_EDITOR: N_("Letter to the editor"),
    MediaItemKind.WEBSITE_POST: N_("Website post"),
    MediaItemKind.SOCIAL_MEDIA_POST: N_("Social media post"),
    MediaItemKind.INTERVIEW: N_("Interview"),
    MediaItemKind.APPEARANCE: N_("Appearance"),
    MediaItemKind.COVERAGE: N_("Coverage"),
}
MEDIA_ITEM_STATUS_LABELS = {
    MediaItemStatus.IDEA: N_("Idea"),
    MediaItemStatus.DRAFT: N_("Draft"),
    MediaItemStatus.SENT: N_("Sent"),
    MediaItemStatus.PUBLISHED: N_("Published"),
    MediaItemStatus.REJECTED: N_("Rejected"),
}


class Outlet(Synced, Base):
    """A newspaper, radio or TV station, or web publication the district works with."""

    __tablename__ = "media_outlet"

    name: Mapped[str] = mapped_column(String(200), index=True)
    kind: Mapped[OutletKind] = mapped_column(text_enum(OutletKind, "outlet_kind"), default=OutletKind.NEWSPAPER)
    area: Mapped[str | None] = mapped_column(String(200), default=None)  # where it is read: a town, the region
    language: Mapped[OutletLanguage] = mapped_column(
        text_enum(OutletLanguage, "outlet_language"), default=OutletLanguage.FI
    )
    # The newsroom's own address and phone (an organisation's, not a person's).
    email: Mapped[str | None] = mapped_column(String(254), default=None)
    phone: Mapped[str | None] = mapped_column(String(40), default=None)
    website: Mapped[str | None] = mapped_column(String(500), default=None)
    notes: Mapped[str | None] = mapped_column(default=None)
    active: Mapped[bool] = mapped_column(default=True)


class OutletContact(Synced, Base):
    """A journalist or editor at an outlet: personal data of somebody who is not a member.

    ``erased_at`` is set when the contact is deleted for good: the values are gone, from the change log too, and
    undo refuses to bring them back (``db.core.undo`` refuses any row with ``erased_at``).
    """

    __tablename__ = "media_contact"

    outlet_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("media_outlet.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str | None] = mapped_column(String(200), default=None)  # e.g. "political reporter"
    email: Mapped[str | None] = mapped_column(String(254), default=None)
    phone: Mapped[str | None] = mapped_column(String(40), default=None)
    notes: Mapped[str | None] = mapped_column(default=None)
    erased_at: Mapped[datetime | None] = mapped_column(default=None)


class MediaItem(Synced, Base):
    """One piece of media work: a press release, an op-ed, a post, an interview, a clipping."""

    __tablename__ = "media_item"
    __table_args__ = (Index("ix_media_item_dates", "published_on", "sent_on", "planned_on"),)

    kind: Mapped[MediaItemKind] = mapped_column(text_enum(MediaItemKind, "media_item_kind"))
    title: Mapped[str] = mapped_column(String(300))
    status: Mapped[MediaItemStatus] = mapped_column(
        text_enum(MediaItemStatus, "media_item_status"), default=MediaItemStatus.IDEA
    )
    # A member (an elected representative is one too); or a name when the author is not in the register.
    author_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("member.id"), index=True, default=None)
    author_name: Mapped[str | None] = mapped_column(String(200), default=None)
    planned_on: Mapped[date | None] = mapped_column(default=None)
    sent_on: Mapped[date | None] = mapped_column(default=None)
    published_on: Mapped[date | None] = mapped_column(default=None)
    link: Mapped[str | None] = mapped_column(String(500), default=None)
    topic: Mapped[str | None] = mapped_column(String(200), default=None)  # a theme or a campaign ("Kuntavaalit")
    notes: Mapped[str | None] = mapped_column(default=None)
    # The text of a press release, op-ed or post, as printed (paragraphs separated by blank lines).
    body: Mapped[str] = mapped_column(default="")
    language: Mapped[ItemLanguage] = mapped_column(
        text_enum(ItemLanguage, "media_item_language"), default=ItemLanguage.FI
    )
    # A press release: not to be published before this moment (None: free to publish at once).
    embargo_until: Mapped[datetime | None] = mapped_column(default=None)
    # A press release: whom journalists ask for more (a name and a phone), printed at its end.
    further_information: Mapped[str | None] = mapped_column(default=None)


class MediaItemOutlet(Synced, Base):
    """An outlet a media item was sent to (or appeared in), and when that outlet published it."""

    __tablename__ = "media_item_outlet"
    __table_args__ = (UniqueConstraint("item_id", "outlet_id"),)

    item_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("media_item.id"))
    outlet_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("media_outlet.id"), index=True)
    published_on: Mapped[date | None] = mapped_column(default=None)
