"""The meeting papers read back from the PDF: invitation with agenda, minutes in Finnish and Swedish, the register."""

from __future__ import annotations

import re
import uuid
from dataclasses import replace
from datetime import UTC, date, datetime
from io import BytesIO

import pytest
from pypdf import PdfReader

from db.core.database import Database
from db.core.district import Language
from db.core.i18n import format_day, translator
from db.meetings.actions import add_action
from db.meetings.agenda import add_item, decide_as_proposed, live_items, update_item
from db.meetings.attendance import add_attendee, attendees, set_attendance, set_officers
from db.meetings.models import AttendanceStatus, AttendeeRole, ItemKind, SectionNumbering
from db.meetings.printing import build_meeting_printout, build_register_printout
from db.meetings.records import ActionData, AttendeeData, ItemData
from db.meetings.settings import MeetingSettingsData
from db.meetings.workflow import approve_minutes, mark_signed, send_to_checkers
from reports.meetings import build_agenda, build_decision_register, build_minutes
from tests.db.meetings_helpers import make_board, plan

DAY = date(2026, 3, 10)
NOW = datetime(2026, 3, 20, 9, 0, tzinfo=UTC)
NAMES = ("Åsa Öhman", "Łukasz Świątek", "Ayşe Yılmaz", "Thị Nguyễn", "Þóra Sigurðardóttir", "Øyvind Kjærgaard")


def _text(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(BytesIO(pdf)).pages]


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _in_order(text: str, words: list[str]) -> bool:
    """Whether ``words`` occur in ``text`` one after the other."""
    at = 0
    for word in words:
        at = text.find(word, at)
        if at < 0:
            return False
        at += len(word)
    return True


def held_meeting(database: Database, language: Language, *, signed: bool = False) -> uuid.UUID:
    """A board meeting as a secretary writes it up: people coming and going, a conflict of interest, a dissent,
    actions, and an action from the meeting before under follow-up."""
    board = make_board(database, settings=MeetingSettingsData(language=language))
    earlier = plan(database, board, date(2026, 2, 10), agenda=False)
    with database.transaction("Earlier") as session:
        item = add_item(session, earlier, ItemData("Vappu", decision="Päätettiin."))
        add_action(session, item, ActionData("Tilaa vappujulisteet", responsible_name="Toiminnanjohtaja"))
    meeting_id = plan(database, board, DAY, notice_sent_on=date(2026, 3, 1))
    with database.transaction("Minutes") as session:
        people = {person.name: person.id for person in attendees(session, meeting_id)}
        items = live_items(session, meeting_id)
        finances = next(item for item in items if item.kind == ItemKind.ORDINARY)
        set_attendance(session, people["Łukasz Świątek"], AttendanceStatus.EXCUSED)
        set_attendance(session, people["Þóra Sigurðardóttir"], AttendanceStatus.ABSENT)
        set_attendance(session, people["Pär Lindqvist"], AttendanceStatus.PRESENT, from_section=3)
        set_attendance(session, people["Eero Aalto"], AttendanceStatus.PRESENT, to_section=9)
        add_attendee(session, meeting_id, AttendeeData(name="Anna Ombud", role=AttendeeRole.STAFF))
        set_officers(
            session,
            meeting_id,
            chair=people["Åsa Öhman"],
            secretary=people["Ayşe Yılmaz"],
            checkers=[people["Thị Nguyễn"], people["Märta Källström"]],
        )
        update_item(
            session,
            finances.id,
            ItemData(
                finances.title,
                background="Piirin talous on tasapainossa.\nKevään kampanja maksaa 2 000 €.",
                proposal="Hyväksytään kampanjan talousarvio.",
                decision="Hyväksyttiin kampanjan talousarvio.",
                recused=(people["Pär Lindqvist"],),
                dissenters=(people["Eero Aalto"],),
                dissent="Kampanja on liian kallis.",
            ),
        )
        add_action(
            session,
            finances.id,
            ActionData("Tee tarjouspyyntö painotaloille", responsible_id=board.people["Märta Källström"], due_on=DAY),
        )
        decide_as_proposed(session, [item.id for item in items])
    if signed:
        with database.transaction("Signed") as session:
            send_to_checkers(session, meeting_id, DAY)
            mark_signed(session, meeting_id, date(2026, 3, 14), "Vaasa")
            approve_minutes(session, meeting_id, date(2026, 3, 16))
    return meeting_id


@pytest.mark.parametrize("language", [Language.FI, Language.SV])
def test_minutes_read_back_in_the_language_and_custom_of_the_meeting(database: Database, language: Language) -> None:
    meeting_id = held_meeting(database, language, signed=True)
    with database.reading() as session:
        job = build_meeting_printout(session, meeting_id, DAY, NOW)
    pages = _text(build_minutes(job.printout))
    text = _flat("\n".join(pages))
    _ = translator(language.value).gettext
    for name in NAMES:
        assert name in text, name  # every letter came through the embedded font
    # Roles already translated in the catalogs: the Finnish and Swedish words themselves.
    chair, secretary = {"fi": ("Puheenjohtaja", "Sihteeri"), "sv": ("Ordförande", "Sekreterare")}[language.value]
    assert chair in text and secretary in text
    # § numbers in the language's style: "3 §" in Finnish, "§ 3" in Swedish.
    if language == Language.FI:
        assert "3 § " in text and "§ 3" not in text
    else:
        assert "§ 3 " in text and "3 §" not in text
    # The proposal and the decision, the conflict of interest, the dissent and the action of the finances item.
    assert f"{_('Proposal:')} Hyväksytään kampanjan talousarvio." in text
    assert f"{_('Decision:')} Hyväksyttiin kampanjan talousarvio." in text
    assert _("{names} stepped out for this item owing to a conflict of interest.").format(names="Pär Lindqvist") in text
    assert f"{_('Dissent:')} Eero Aalto: Kampanja on liian kallis." in text
    assert "Tee tarjouspyyntö painotaloille — Märta Källström" in text
    # Arrivals and departures, at their §, and the range beside the name.
    assert _("{name} arrived at the meeting before this item.").format(name="Pär Lindqvist") in text
    assert _("{name} left the meeting after this item.").format(name="Eero Aalto") in text
    # The follow-up lists the action of the meeting before.
    assert "Tilaa vappujulisteet" in text and "PH 1/2026" in text
    # Signed minutes: no watermark; pages numbered "n (m)".
    assert _("DRAFT") not in text
    assert all(f"{number} ({len(pages)})" in page for number, page in enumerate(pages, 1))
    # The signature block in the language's custom, with the place and the day of signing.
    tail = _flat(pages[-1])
    signed = f"Vaasa, {format_day(date(2026, 3, 14), language.value)}"
    assert signed in tail
    if language == Language.SV:
        # "Vid protokollet": the secretary; then "Justeras", place and date: the chair and the checkers.
        order = [
            _("Minutes kept by"),
            "Ayşe Yılmaz",
            _("Adjusted"),
            signed,
            "Åsa Öhman",
            "Märta Källström",
            "Thị Nguyễn",
        ]
    else:
        # The chair and the secretary sign; then "checked and approved", place and date, and the two checkers.
        order = ["Åsa Öhman", "Ayşe Yılmaz", _("Minutes checked and approved"), signed, "Märta Källström", "Thị Nguyễn"]
    assert _in_order(tail, order), (order, tail)
    # The last § stands on the page of the signatures.
    assert _("Closing of the meeting") in tail


def test_a_draft_is_watermarked_and_says_so(database: Database) -> None:
    meeting_id = held_meeting(database, Language.FI)
    with database.reading() as session:
        job = build_meeting_printout(session, meeting_id, DAY, NOW)
    _ = translator("fi").gettext
    pages = _text(build_minutes(job.printout))
    assert all(_("DRAFT") in page for page in pages)
    approved = replace(job.printout, state="approved")
    assert not any(_("DRAFT") in page for page in _text(build_minutes(approved)))
    # Unsigned minutes leave the place and date to be written by hand.
    assert "____" in pages[-1]


def test_the_invitation_lists_the_invited_the_agenda_with_proposals_and_the_open_actions(database: Database) -> None:
    meeting_id = held_meeting(database, Language.FI)
    with database.reading() as session:
        job = build_meeting_printout(session, meeting_id, DAY, NOW)
    _ = translator("fi").gettext
    text = _flat("\n".join(_text(build_agenda(job.printout))))
    assert _("Invitation and agenda").upper() in text and "PH 2/2026" in text
    assert all(name in text for name in NAMES)  # everyone invited, absent or not
    assert f"{_('Proposal:')} {_('The meeting is declared lawfully convened and quorate.')}" in text
    assert "Tilaa vappujulisteet" in text  # the open action from February, under follow-up
    assert _("Decision:") not in text  # an agenda proposes; it does not decide
    assert "Hyväksyttiin kampanjan talousarvio." not in text
    # The person who calls the meeting signs the invitation.
    assert text.rstrip().rsplit(_("Welcome!"), 1)[1].strip().startswith("Åsa Öhman")


def test_running_numbers_print_through_the_year(database: Database) -> None:
    board = make_board(
        database, settings=MeetingSettingsData(numbering=SectionNumbering.RUNNING_YEAR, language=Language.SV)
    )
    first = plan(database, board, date(2026, 1, 20))
    second = plan(database, board, date(2026, 2, 20))
    with database.reading() as session:
        count = len(live_items(session, first))
        job = build_meeting_printout(session, second, DAY, NOW)
    text = _flat("\n".join(_text(build_minutes(job.printout))))
    assert f"§ {count + 1} " in text and f"§ {2 * count} " in text and "§ 1 " not in text


def test_the_register_of_a_year(database: Database) -> None:
    meeting_id = held_meeting(database, Language.FI, signed=True)
    with database.reading() as session:
        job = build_register_printout(session, date(2026, 1, 1), date(2026, 12, 31), "fi", NOW)
    _ = translator("fi").gettext
    assert job.member_ids  # Märta Källström is named as responsible
    text = _flat("\n".join(_text(build_decision_register(job.printout))))
    assert _("Decisions and actions") in text
    assert "Hyväksyttiin kampanjan talousarvio." in text and "Tee tarjouspyyntö painotaloille" in text
    assert "PH 1/2026" in text and "PH 2/2026" in text
    draft = _("Draft")
    # PH 1/2026 was never signed: its decision is marked as a draft; PH 2/2026 is approved.
    assert draft in text
    assert meeting_id


def test_the_last_item_and_the_signatures_share_the_page_before_when_they_fit(database: Database) -> None:
    """The closing § goes with the signatures, but onto a new page only when the page in hand has no room.

    (A KeepTogether nested in another measures as taller than any page, which used to push the closing § and the
    signatures onto a page of their own after an almost empty one.)"""
    meeting_id = held_meeting(database, Language.FI, signed=True)
    with database.reading() as session:
        job = build_meeting_printout(session, meeting_id, DAY, NOW)
    short = replace(job.printout, items=(job.printout.items[0], job.printout.items[-1]))
    _ = translator("fi").gettext
    pages = _text(build_minutes(short))
    assert len(pages) == 1, pages
    assert _in_order(_flat(pages[0]), [_("Closing of the meeting"), _("Minutes checked and approved"), "Thị Nguyễn"])


@pytest.mark.parametrize("language", ["en", "fi", "sv"])
def test_a_due_date_in_the_follow_up_stays_on_one_line(database: Database, language: str) -> None:
    board = make_board(database)
    earlier = plan(database, board, date(2026, 2, 10), agenda=False)
    with database.transaction("Earlier") as session:
        item = add_item(session, earlier, ItemData("Vappu", decision="Päätettiin."))
        # Overdue (bold) with the widest day and month: 28.12. / 28/12/.
        add_action(
            session, item, ActionData("Tilaa julisteet", responsible_name="Toiminnanjohtaja", due_on=date(2025, 12, 28))
        )
    meeting_id = plan(database, board, DAY)
    with database.reading() as session:
        job = build_meeting_printout(session, meeting_id, DAY, NOW, language)
    due = format_day(date(2025, 12, 28), language)
    for build in (build_agenda, build_minutes):
        text = "\n".join(_text(build(job.printout)))
        assert due in text, (due, text)
