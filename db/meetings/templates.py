"""Agendas to start from, in the meeting's language.

The customary opening items, the body's ordinary business, the statutory items of spring and autumn meetings
(Finnish associations) and of the annual meeting and the constituent board meeting (Swedish custom), other
matters, the next meeting and the closing.

The wording follows ``../shared/research/mission.md`` §6.4: Finnish proposals are written as decisions to be
made ("Todetaan kokous laillisesti koolle kutsutuksi…"), Swedish ones as *att*-clauses ("att förklara mötet
behörigen utlyst och beslutfört"), so that a Swedish decision taken as proposed reads "Beslut: att …".
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from db.branches.models import BodyKind
from db.core.i18n import N_, translator
from db.meetings.models import MEMBERS_MEETINGS, ItemKind, MeetingKind
from db.meetings.records import ItemData

_Item = tuple[ItemKind, str, str | None]  # kind, title, proposal (N_ messages, formatted with {year})

_OPENING: _Item = (ItemKind.OPENING, N_("Opening of the meeting"), None)
_LAWFULNESS: _Item = (
    ItemKind.LAWFULNESS,
    N_("Lawfulness and quorum of the meeting"),
    N_("The meeting is declared lawfully convened and quorate."),
)
_CHECKERS: _Item = (
    ItemKind.OFFICERS,
    N_("Election of minute checkers"),
    N_("Minute checkers are elected, who also count the votes if needed."),
)
_MEETING_OFFICERS: _Item = (
    ItemKind.OFFICERS,
    N_("Election of the meeting's chair, secretary, two minute checkers and two vote counters"),
    None,
)
_VOTING_REGISTER: _Item = (
    ItemKind.VOTING_REGISTER,
    N_("Adoption of the voting register"),
    N_("The list of those present is adopted as the voting register."),
)
_AGENDA: _Item = (ItemKind.AGENDA, N_("Approval of the agenda"), N_("The agenda is approved as the order of business."))
_PREVIOUS: _Item = (
    ItemKind.PREVIOUS_MINUTES,
    N_("Minutes of the previous meeting"),
    N_("The minutes of the previous meeting are noted."),
)
_FOLLOW_UP: _Item = (
    ItemKind.FOLLOW_UP,
    N_("Follow-up of decisions"),
    N_("The state of the open action items is noted."),
)
_ANNOUNCEMENTS: _Item = (
    ItemKind.ANNOUNCEMENTS,
    N_("Announcements and correspondence"),
    N_("The announcements are noted."),
)
_OTHER: _Item = (ItemKind.OTHER_MATTERS, N_("Other matters"), None)
_NEXT: _Item = (ItemKind.NEXT_MEETING, N_("Next meeting"), None)
_CLOSING: _Item = (ItemKind.CLOSING, N_("Closing of the meeting"), None)

# The spring meeting of a Finnish association deals with the past year ({year}: the year before the meeting).
_SPRING: tuple[_Item, ...] = (
    (ItemKind.STATUTORY, N_("Annual report for {year}"), N_("The annual report is approved.")),
    (
        ItemKind.STATUTORY,
        N_("Financial statements for {year} and the operations auditor's statement"),
        N_("The financial statements and the auditor's statement are presented."),
    ),
    (ItemKind.STATUTORY, N_("Adoption of the financial statements"), N_("The financial statements are adopted.")),
    (
        ItemKind.STATUTORY,
        N_("Discharge from liability for the board and others accountable"),
        N_("The board and others accountable are discharged from liability for {year}."),
    ),
    (ItemKind.STATUTORY, N_("Motions to the meeting"), None),
)
# The autumn meeting deals with the coming year ({year}: the year after the meeting) and holds the elections.
_AUTUMN: tuple[_Item, ...] = (
    (ItemKind.STATUTORY, N_("Action plan for {year}"), N_("The action plan is approved.")),
    (ItemKind.STATUTORY, N_("Budget for {year}"), N_("The budget is approved.")),
    (ItemKind.STATUTORY, N_("Membership fees for {year}"), None),
    (ItemKind.STATUTORY, N_("Election of the chair of the board"), None),
    (ItemKind.STATUTORY, N_("Election of the other board members"), None),
    (ItemKind.STATUTORY, N_("Election of the operations auditors and their deputies"), None),
    (ItemKind.STATUTORY, N_("Election of representatives to the bodies where the association has seats"), None),
    (ItemKind.STATUTORY, N_("Motions to the meeting"), None),
)
# The annual meeting (årsmöte) does both in one; {year} is the year before the meeting, {next} the one after.
_ANNUAL: tuple[_Item, ...] = (
    (ItemKind.STATUTORY, N_("The board's annual report for {year}"), N_("The annual report is approved.")),
    (ItemKind.STATUTORY, N_("Financial report for {year}"), None),
    (ItemKind.STATUTORY, N_("The auditors' report"), None),
    (
        ItemKind.STATUTORY,
        N_("Adoption of the income statement and the balance sheet"),
        N_("The income statement and the balance sheet are adopted."),
    ),
    (
        ItemKind.STATUTORY,
        N_("Discharge from liability for the board"),
        N_("The board is discharged from liability for {year}."),
    ),
    (ItemKind.STATUTORY, N_("Membership fee for {next}"), None),
    (ItemKind.STATUTORY, N_("Action plan and budget for {next}"), None),
    (ItemKind.STATUTORY, N_("Election of the association's chair"), None),
    (ItemKind.STATUTORY, N_("Election of the other board members"), None),
    (ItemKind.STATUTORY, N_("Election of auditors and their deputies"), None),
    (ItemKind.STATUTORY, N_("Election of the nomination committee"), None),
    (ItemKind.STATUTORY, N_("Motions and proposals from the board"), None),
)
# The new board's first meeting assigns its roles; the bank asks for this protocol.
_CONSTITUENT: tuple[_Item, ...] = (
    (ItemKind.STATUTORY, N_("Election of the vice chair"), None),
    (ItemKind.STATUTORY, N_("Election of the secretary and the treasurer"), None),
    (
        ItemKind.STATUTORY,
        N_("Authorised signatories"),
        N_("The chair and the treasurer are authorised to sign for the association, each alone."),
    ),
    (ItemKind.STATUTORY, N_("Authority over bank accounts and payments"), None),
)
_EXECUTIVE_COMMITTEE: _Item = (ItemKind.STATUTORY, N_("Election of the executive committee"), None)
_CONSTITUENT_AFTER: tuple[_Item, ...] = (
    (ItemKind.STATUTORY, N_("Persons responsible for areas of work"), None),
    (ItemKind.STATUTORY, N_("Meeting schedule for the period"), None),
)


def _opening(kind: MeetingKind) -> tuple[_Item, ...]:
    if kind == MeetingKind.ANNUAL:
        # The Swedish order: the voting register and the officers before the question of lawful notice.
        return (_OPENING, _MEETING_OFFICERS, _VOTING_REGISTER, _LAWFULNESS, _AGENDA)
    if kind in MEMBERS_MEETINGS:
        return (_OPENING, _LAWFULNESS, _MEETING_OFFICERS, _AGENDA)
    if kind == MeetingKind.CONSTITUENT:
        return (_OPENING, _LAWFULNESS, _CHECKERS, _AGENDA)
    if kind == MeetingKind.EXTRA:
        return (_OPENING, _LAWFULNESS, _CHECKERS, _AGENDA)
    return (_OPENING, _LAWFULNESS, _CHECKERS, _AGENDA, _PREVIOUS, _FOLLOW_UP, _ANNOUNCEMENTS)


def _business(kind: MeetingKind, body_kind: BodyKind) -> tuple[_Item, ...]:
    if kind == MeetingKind.SPRING:
        return _SPRING
    if kind == MeetingKind.AUTUMN:
        return _AUTUMN
    if kind == MeetingKind.ANNUAL:
        return _ANNUAL
    if kind == MeetingKind.CONSTITUENT:
        middle = (_EXECUTIVE_COMMITTEE,) if body_kind == BodyKind.DISTRICT_BOARD else ()
        return _CONSTITUENT + middle + _CONSTITUENT_AFTER
    return ()


def _closing(kind: MeetingKind) -> tuple[_Item, ...]:
    if kind in MEMBERS_MEETINGS:
        return (_OTHER, _CLOSING) if kind == MeetingKind.ANNUAL else (_CLOSING,)
    if kind == MeetingKind.EXTRA:
        return (_CLOSING,)
    return (_OTHER, _NEXT, _CLOSING)


def agenda_template(
    kind: MeetingKind, body_kind: BodyKind, language: str, ordinary_items: Sequence[str], year: int
) -> list[ItemData]:
    """The agenda a new meeting starts with, worded in ``language``.

    Args:
        kind: the meeting's kind (a regular board meeting, a spring meeting …).
        body_kind: the body's kind (a district board's constituent meeting also elects the executive committee).
        language: "fi", "sv" or "en".
        ordinary_items: the titles of the body's ordinary business, already in ``language`` (regular meetings).
        year: the meeting's year (the statutory items name the year before or after it).
    """
    _t: Callable[[str], str] = translator(language).gettext

    def made(item: _Item) -> ItemData:
        kind_of_item, title, proposal = item
        previous, following = str(year - 1), str(year + 1)
        # A spring or annual meeting looks back at the year before; an autumn meeting plans the year after.
        named = following if kind == MeetingKind.AUTUMN else previous
        return ItemData(
            title=_t(title).format(year=named, next=following),
            kind=kind_of_item,
            proposal=_t(proposal).format(year=named, next=following) if proposal else None,
        )

    items = [made(item) for item in _opening(kind)]
    items.extend(made(item) for item in _business(kind, body_kind))
    if kind == MeetingKind.REGULAR:
        items.extend(ItemData(title=title, kind=ItemKind.ORDINARY) for title in ordinary_items)
    items.extend(made(item) for item in _closing(kind))
    return items
