"""Media items: add, change, move through their statuses, list and find.

An item goes idea → draft → sent → published, or is rejected (an outlet did not take it). Work can start later in
that line (a clipping is published when it is recorded; an interview is sent to nobody), so a status may move
forward past others; it may go one step back to correct a slip; a rejected item can be reworked (draft) or offered
elsewhere (sent). Reaching "sent" or "published" fills in that date when it is empty.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session

from db.core.base import utcnow
from db.core.errors import KansliError, ValidationError
from db.core.i18n import _
from db.core.text import fold
from db.media.models import (
    MEDIA_ITEM_STATUS_LABELS,
    ItemLanguage,
    MediaItem,
    MediaItemKind,
    MediaItemOutlet,
    MediaItemStatus,
    Outlet,
)
from db.members.models import Member

_ORDER = (MediaItemStatus.IDEA, MediaItemStatus.DRAFT, MediaItemStatus.SENT, MediaItemStatus.PUBLISHED)


def allowed_statuses(current: MediaItemStatus) -> tuple[MediaItemStatus, ...]:
    """The statuses an item in ``current`` may move to (see the module's description), in the usual order."""
    if current == MediaItemStatus.REJECTED:
        return (MediaItemStatus.DRAFT, MediaItemStatus.SENT)
    index = _ORDER.index(current)
    allowed = list(_ORDER[index + 1 :])
    if index > 0:
        allowed.insert(0, _ORDER[index - 1])
    if current in (MediaItemStatus.DRAFT, MediaItemStatus.SENT):
        allowed.append(MediaItemStatus.REJECTED)
    return tuple(allowed)


class StatusChangeError(KansliError):
    def __init__(self, current: MediaItemStatus, wanted: MediaItemStatus) -> None:
        super().__init__(
            _("An item that is “{current}” cannot become “{wanted}”.").format(
                current=_(MEDIA_ITEM_STATUS_LABELS[current]), wanted=_(MEDIA_ITEM_STATUS_LABELS[wanted])
            )
        )


class MediaItemNotFoundError(KansliError):
    def __init__(self) -> None:
        super().__init__(_("The media item was not found; it may have been deleted."))


class AmbiguousMediaItemError(KansliError):
    def __init__(self, text: str) -> None:
        super().__init__(_("More than one media item matches {text}; give more of its id.").format(text=text))


class NoSuchMediaItemError(KansliError):
    def __init__(self, text: str) -> None:
        super().__init__(_("No media item matches {text}; `kansli media list` shows them.").format(text=text))


@dataclass(frozen=True)
class MediaItemData:
    """A media item as a form edits it."""

    kind: MediaItemKind
    title: str
    status: MediaItemStatus = MediaItemStatus.IDEA
    author_id: uuid.UUID | None = None
    author_name: str | None = None
    planned_on: date | None = None
    sent_on: date | None = None
    published_on: date | None = None
    link: str | None = None
    topic: str | None = None
    notes: str | None = None
    body: str = ""
    language: ItemLanguage = ItemLanguage.FI
    embargo_until: datetime | None = None
    further_information: str | None = None
    outlet_ids: tuple[uuid.UUID, ...] = ()


@dataclass(frozen=True)
class MediaItemRow:
    """A media item as the list shows it."""

    id: uuid.UUID
    kind: MediaItemKind
    title: str
    status: MediaItemStatus
    author: str  # the member's name, or the name typed in
    author_id: uuid.UUID | None
    outlets: tuple[str, ...]
    planned_on: date | None
    sent_on: date | None
    published_on: date | None
    topic: str | None
    link: str | None

    @property
    def short_id(self) -> str:
        """The last eight characters of the id, as `kansli media list` prints them."""
        return self.id.hex[-8:]

    @property
    def day(self) -> date | None:
        """The date that tells where the item stands: published, else sent, else planned."""
        return self.published_on or self.sent_on or self.planned_on


@dataclass(frozen=True)
class MediaFilter:
    """Which items a list shows; empty means no restriction."""

    year: int | None = None  # items whose published, sent or planned date falls in the year (or with none)
    kinds: tuple[MediaItemKind, ...] = ()
    statuses: tuple[MediaItemStatus, ...] = ()
    outlet_id: uuid.UUID | None = None
    author_id: uuid.UUID | None = None
    text: str = ""  # any part of the title, topic or author
    topics: tuple[str, ...] = field(default_factory=tuple)


def check_item(data: MediaItemData) -> MediaItemData:
    """Return the item tidied, or raise :class:`ValidationError` naming the first problem."""
    title = " ".join(data.title.split())
    if not title:
        raise ValidationError("title", _("Give the media item a title."))
    if data.sent_on and data.published_on and data.published_on < data.sent_on:
        raise ValidationError("published_on", _("The item is published before it was sent."))
    author_name = " ".join((data.author_name or "").split()) or None
    if data.author_id is not None:
        author_name = None  # the member's own name is shown, never a copy of it
    link = (data.link or "").strip() or None
    if link is not None and len(link) > 500:
        raise ValidationError("link", _("The link is longer than 500 characters."))
    return replace(
        data,
        title=title[:300],
        author_name=author_name,
        link=link,
        topic=" ".join((data.topic or "").split()) or None,
        notes=(data.notes or "").strip() or None,
        body=data.body.strip(),
        further_information=(data.further_information or "").strip() or None,
        outlet_ids=tuple(dict.fromkeys(data.outlet_ids)),
    )


_FIELDS = (
    "kind",
    "title",
    "author_id",
    "author_name",
    "planned_on",
    "sent_on",
    "published_on",
    "link",
    "topic",
    "notes",
    "body",
    "language",
    "embargo_until",
    "further_information",
)


def _apply(item: MediaItem, data: MediaItemData) -> None:
    for name in _FIELDS:
        value = getattr(data, name)
        if getattr(item, name) != value:
            setattr(item, name, value)


def create_item(session: Session, data: MediaItemData, today: date) -> uuid.UUID:
    """Add a media item with its outlets; return its id. A status past "idea" fills in its date as a change would."""
    data = check_item(data)
    _check_author(session, data.author_id)
    item = MediaItem(kind=data.kind, title=data.title, status=MediaItemStatus.IDEA)
    _apply(item, data)
    session.add(item)
    session.flush()
    _write_outlets(session, item.id, data.outlet_ids)
    if data.status != MediaItemStatus.IDEA:
        _set_status(item, data.status, today)
    session.flush()
    return item.id


def update_item(session: Session, item_id: uuid.UUID, data: MediaItemData, today: date) -> None:
    """Change a media item and its outlets; a changed status must be one :func:`allowed_statuses` allows."""
    data = check_item(data)
    _check_author(session, data.author_id)
    item = load_item(session, item_id)
    _apply(item, data)
    _write_outlets(session, item_id, data.outlet_ids)
    if data.status != item.status:
        set_item_status(session, item_id, data.status, today)
    session.flush()


def _check_author(session: Session, author_id: uuid.UUID | None) -> None:
    if author_id is None:
        return
    member = session.get(Member, author_id)
    if member is None or member.deleted_at is not None:
        raise ValidationError("author_id", _("The author was not found in the register."))


def load_item(session: Session, item_id: uuid.UUID) -> MediaItem:
    item = session.get(MediaItem, item_id)
    if item is None or item.deleted_at is not None:
        raise MediaItemNotFoundError
    return item


def set_item_status(session: Session, item_id: uuid.UUID, status: MediaItemStatus, today: date) -> None:
    """Move an item to ``status``, filling in the sent or published date when it is empty.

    Raises:
        StatusChangeError: when the move is not one :func:`allowed_statuses` allows.
    """
    item = load_item(session, item_id)
    if status == item.status:
        return
    if status not in allowed_statuses(item.status):
        raise StatusChangeError(item.status, status)
    _set_status(item, status, today)
    session.flush()


def _set_status(item: MediaItem, status: MediaItemStatus, today: date) -> None:
    # Only the date of the status reached is filled in: an item recorded as published straight away keeps its sent
    # date empty rather than an invented one.
    item.status = status
    if status == MediaItemStatus.SENT and item.sent_on is None:
        item.sent_on = today
    if status == MediaItemStatus.PUBLISHED and item.published_on is None:
        item.published_on = today


def delete_item(session: Session, item_id: uuid.UUID, now: datetime) -> None:
    """Delete a media item (softly, as every delete; undo brings it back)."""
    load_item(session, item_id).deleted_at = now
    session.flush()


def _write_outlets(session: Session, item_id: uuid.UUID, outlet_ids: Sequence[uuid.UUID]) -> None:
    """Make the item's outlets exactly ``outlet_ids``; a removed outlet's row is marked deleted and revived later."""
    rows = {
        row.outlet_id: row
        for row in session.execute(select(MediaItemOutlet).where(MediaItemOutlet.item_id == item_id)).scalars()
    }
    wanted = set(outlet_ids)
    if wanted:
        live = set(
            session.execute(select(Outlet.id).where(Outlet.id.in_(wanted), Outlet.deleted_at.is_(None))).scalars()
        )
        if live != wanted:
            raise ValidationError("outlet_ids", _("An outlet of the item was not found; it may have been deleted."))
    for outlet_id in outlet_ids:
        row = rows.get(outlet_id)
        if row is None:
            session.add(MediaItemOutlet(item_id=item_id, outlet_id=outlet_id))
        elif row.deleted_at is not None:
            row.deleted_at = None
    for outlet_id, row in rows.items():
        if outlet_id not in wanted and row.deleted_at is None:
            row.deleted_at = utcnow()


def set_outlet_published(session: Session, item_id: uuid.UUID, outlet_id: uuid.UUID, published_on: date | None) -> None:
    """Record when one of the outlets published the item (an op-ed sent to three papers, printed by two)."""
    row = session.execute(
        select(MediaItemOutlet).where(
            MediaItemOutlet.item_id == item_id,
            MediaItemOutlet.outlet_id == outlet_id,
            MediaItemOutlet.deleted_at.is_(None),
        )
    ).scalar_one_or_none()
    if row is None:
        raise ValidationError("outlet_ids", _("The item was not sent to that outlet."))
    row.published_on = published_on
    session.flush()


def item_data(session: Session, item_id: uuid.UUID) -> MediaItemData:
    """Read an item back for a form."""
    item = load_item(session, item_id)
    outlets = tuple(
        session.execute(
            select(MediaItemOutlet.outlet_id)
            .where(MediaItemOutlet.item_id == item_id, MediaItemOutlet.deleted_at.is_(None))
            .order_by(MediaItemOutlet.created_at)
        ).scalars()
    )
    values = {name: getattr(item, name) for name in _FIELDS}
    return MediaItemData(status=item.status, outlet_ids=outlets, **values)


def _filtered(statement: Select[tuple[MediaItem]], media_filter: MediaFilter) -> Select[tuple[MediaItem]]:
    if media_filter.kinds:
        statement = statement.where(MediaItem.kind.in_(media_filter.kinds))
    if media_filter.statuses:
        statement = statement.where(MediaItem.status.in_(media_filter.statuses))
    if media_filter.author_id is not None:
        statement = statement.where(MediaItem.author_id == media_filter.author_id)
    if media_filter.topics:
        statement = statement.where(MediaItem.topic.in_(media_filter.topics))
    if media_filter.outlet_id is not None:
        statement = statement.where(
            MediaItem.id.in_(
                select(MediaItemOutlet.item_id).where(
                    MediaItemOutlet.outlet_id == media_filter.outlet_id, MediaItemOutlet.deleted_at.is_(None)
                )
            )
        )
    if media_filter.year is not None:
        start, end = date(media_filter.year, 1, 1), date(media_filter.year, 12, 31)
        day = MediaItem.published_on
        statement = statement.where(
            or_(
                MediaItem.published_on.between(start, end),
                (day.is_(None)) & MediaItem.sent_on.between(start, end),
                (day.is_(None)) & MediaItem.sent_on.is_(None) & MediaItem.planned_on.between(start, end),
                (day.is_(None)) & MediaItem.sent_on.is_(None) & MediaItem.planned_on.is_(None),
            )
        )
    return statement


def list_items(session: Session, media_filter: MediaFilter | None = None) -> list[MediaItemRow]:
    """The media items the filter takes, newest first (by the published, sent or planned date; undated first)."""
    media_filter = media_filter or MediaFilter()
    items = list(
        session.execute(_filtered(select(MediaItem).where(MediaItem.deleted_at.is_(None)), media_filter)).scalars()
    )
    rows = _rows(session, items)
    if media_filter.text.strip():
        wanted = fold(media_filter.text)
        rows = [row for row in rows if wanted in fold(f"{row.title} {row.topic or ''} {row.author}")]
    rows.sort(key=lambda row: row.title.casefold())
    rows.sort(key=lambda row: row.day or date.max, reverse=True)
    return rows


def _rows(session: Session, items: Sequence[MediaItem]) -> list[MediaItemRow]:
    ids = [item.id for item in items]
    outlets: dict[uuid.UUID, list[str]] = defaultdict(list)
    authors: dict[uuid.UUID, str] = {}
    for start in range(0, len(ids), 5000):
        chunk = ids[start : start + 5000]
        for item_id, name in session.execute(
            select(MediaItemOutlet.item_id, Outlet.name)
            .join(Outlet, Outlet.id == MediaItemOutlet.outlet_id)
            .where(MediaItemOutlet.item_id.in_(chunk), MediaItemOutlet.deleted_at.is_(None))
            .order_by(Outlet.name)
        ).tuples():
            outlets[item_id].append(name)
    author_ids = list({item.author_id for item in items if item.author_id is not None})
    for start in range(0, len(author_ids), 5000):
        for member_id, first, last in session.execute(
            select(Member.id, Member.first_name, Member.last_name).where(
                # An erased author is named by nobody: the item stays, the name is gone.
                Member.id.in_(author_ids[start : start + 5000]),
                Member.erased_at.is_(None),
            )
        ).tuples():
            authors[member_id] = f"{first} {last}"
    return [
        MediaItemRow(
            id=item.id,
            kind=item.kind,
            title=item.title,
            status=item.status,
            author=authors.get(item.author_id, "") if item.author_id else item.author_name or "",
            author_id=item.author_id,
            outlets=tuple(outlets.get(item.id, ())),
            planned_on=item.planned_on,
            sent_on=item.sent_on,
            published_on=item.published_on,
            topic=item.topic,
            link=item.link,
        )
        for item in items
    ]


def item_rows(session: Session, item_ids: Iterable[uuid.UUID]) -> list[MediaItemRow]:
    """The list rows of some items, in the order given (deleted ones left out)."""
    wanted = list(item_ids)
    items = {
        item.id: item
        for item in session.execute(
            select(MediaItem).where(MediaItem.id.in_(wanted), MediaItem.deleted_at.is_(None))
        ).scalars()
    }
    rows = {row.id: row for row in _rows(session, list(items.values()))}
    return [rows[item_id] for item_id in wanted if item_id in rows]


def topics(session: Session) -> list[str]:
    """The topics items have been given, for a form's completer (most used first)."""
    counts: dict[str, int] = defaultdict(int)
    for (topic,) in session.execute(
        select(MediaItem.topic).where(MediaItem.deleted_at.is_(None), MediaItem.topic.is_not(None))
    ).tuples():
        if topic:
            counts[topic] += 1
    return sorted(counts, key=lambda topic: (-counts[topic], topic.casefold()))


def find_item(session: Session, text: str) -> uuid.UUID:
    """Find a media item by its id or the end of its id (as `kansli media list` prints it)."""
    wanted = text.strip().lower().replace("-", "")
    matches = [
        item_id
        for item_id in session.execute(select(MediaItem.id).where(MediaItem.deleted_at.is_(None))).scalars()
        if len(wanted) >= 4 and (item_id.hex.endswith(wanted) or item_id.hex.startswith(wanted))
    ]
    if len(matches) > 1:
        raise AmbiguousMediaItemError(text)
    if not matches:
        raise NoSuchMediaItemError(text)
    return matches[0]
