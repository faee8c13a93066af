"""Erasure and the access request against every area that landed after them.

A member named after the canary is, through each area's own operations, called, a caller on the calling lists, on
a meeting's attendance list (stepping out of one §, dissenting on another, responsible for an action), the author
of a media item and of an article in the member paper, recognised with a diploma, the district chair who signs the
diplomas of others, and in the export log of the printouts of all these. The access request must name each area;
after the erasure the canary must be in no table, no change-log value and no operation label.
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from io import BytesIO

from pypdf import PdfReader
from sqlalchemy import select

from db.branches.models import PositionRole
from db.branches.operations import PositionData, add_position
from db.calling.callers import add_member_caller
from db.calling.campaigns import QuestionData
from db.calling.entry import RowEntry, enter_row
from db.calling.models import CallSheet, QuestionKind, SheetRow
from db.calling.printing import build_print_job, choose_sheets
from db.core.database import Database
from db.core.i18n import N_, Label
from db.media.items import MediaItemData, create_item
from db.media.models import MediaItemKind
from db.meetings.actions import add_action
from db.meetings.agenda import add_item
from db.meetings.attendance import add_attendee, attendees, remove_attendee
from db.meetings.meetings import create_meeting
from db.meetings.printing import build_meeting_printout
from db.meetings.records import ActionData, AttendeeData, ItemData, MeetingData
from db.members.operations import create_member
from db.members.records import MembershipData
from db.newsletters.articles import ArticleData, add_article
from db.privacy.access import access_json, access_request
from db.privacy.erasure import erase_member
from db.privacy.export_log import ExportKind, record_export
from db.recognition.models import Recognition, RecognitionKind
from db.recognition.printout import build_diploma_job
from db.recognition.records import RecognitionData
from db.recognition.register import give_recognition
from reports.privacy_access import build_access_pdf
from tests.db.calling_helpers import assign_all, quick_caller, simple_campaign
from tests.db.newsletter_helpers import new_issue, new_publication
from tests.db.privacy_helpers import CANARY, RichPerson, add_rich_person, canary_traces, person

NOW = datetime.now(UTC)
TODAY = NOW.date()


@dataclass(frozen=True)
class Everywhere:
    rich: RichPerson
    other_id: uuid.UUID
    meeting_id: uuid.UUID


def _calling(database: Database, rich: RichPerson) -> None:
    campaign_id = simple_campaign(database, questions=(QuestionData(QuestionKind.FREE_TEXT, "Mitä kuuluu?"),))
    with database.transaction("Add caller") as session:
        canary_caller = add_member_caller(session, rich.member_id)
    assign_all(database, campaign_id, [canary_caller, quick_caller(database, "Pekka Pikasoittaja")])
    with database.transaction("Enter") as session:
        row = session.execute(select(SheetRow).where(SheetRow.member_id == rich.member_id)).scalar_one()
        sheet = session.get(CallSheet, row.sheet_id)
        assert sheet is not None
        entry = RowEntry("RES", {1: f"{CANARY} voi hyvin"}, note=f"{CANARY} soitti", message=f"{CANARY} muuttaa")
        enter_row(session, sheet, row.row, entry, TODAY)
    # The printout of every sheet, logged as the calling command logs it (the callers named as its recipients).
    with database.reading() as session:
        sheets = choose_sheets(session, campaign_id, None)
        job = build_print_job(session, campaign_id, sheets, TODAY, NOW)
    callers = ", ".join(sorted({sheet.caller for sheet in job.printout.sheets}))
    assert CANARY in callers
    with database.transaction("Call sheets") as session:
        record_export(
            session,
            ExportKind.CALL_SHEET,
            job.description,
            job.member_ids,
            recipient=Label(N_("Callers: {names}"), names=callers),
        )


def _meetings(database: Database, rich: RichPerson, other_id: uuid.UUID) -> uuid.UUID:
    with database.transaction("Plan meeting") as session:
        meeting_id = create_meeting(
            session,
            MeetingData(body_id=rich.body_id, held_on=TODAY, starts_at=time(18, 0), place="Vaasa"),
            agenda=False,
        )
        listed = {person.member_id: person.id for person in attendees(session, meeting_id)}
        canary_attendee = listed.get(rich.member_id) or add_attendee(
            session, meeting_id, AttendeeData(member_id=rich.member_id)
        )
        guest = add_attendee(session, meeting_id, AttendeeData(member_id=other_id))
        add_item(session, meeting_id, ItemData("Avustus", recused=(canary_attendee,)))
        dissented = add_item(
            session, meeting_id, ItemData("Budjetti", dissent="Liian kallis", dissenters=(canary_attendee,))
        )
        add_action(session, dissented, ActionData("Hanki tarjoukset", responsible_id=rich.member_id))
    # The window labels taking somebody off the list with their name (desktop/meetings/attendance_section.py).
    with database.transaction(
        Label(N_("Take {name} off the list of {meeting}"), name=f"{CANARY} Vortigaunt", meeting="PH 1")
    ) as session:
        remove_attendee(session, guest)
    with database.reading() as session:
        job = build_meeting_printout(session, meeting_id, TODAY, NOW)
    with database.transaction("Meeting papers printed") as session:
        record_export(session, ExportKind.OTHER, job.description, job.member_ids)
    return meeting_id


def _media_and_paper(database: Database, rich: RichPerson) -> None:
    with database.transaction("Media") as session:
        create_item(session, MediaItemData(MediaItemKind.OP_ED, "Mielipide", author_id=rich.member_id), TODAY)
    issue_id = new_issue(database, new_publication(database))
    with database.transaction("Article") as session:
        add_article(session, ArticleData(issue_id, "Kevätkokous", author_id=rich.member_id))


def _recognitions(database: Database, rich: RichPerson, other_id: uuid.UUID) -> None:
    with database.transaction("Recognitions") as session:
        # The canary chairs the district board now, so the diplomas of others are signed in their name.
        add_position(
            session, PositionData(rich.member_id, rich.body_id, PositionRole.CHAIR, TODAY - timedelta(days=30))
        )
        own = give_recognition(session, RecognitionData(rich.member_id, RecognitionKind.VOLUNTEER_OF_THE_YEAR, TODAY))
        signed = give_recognition(session, RecognitionData(other_id, RecognitionKind.VOLUNTEER_OF_THE_YEAR, TODAY))
        assert any(CANARY in signer.name for signer in signed.signers)
        job = build_diploma_job(session, [own, signed])
        record_export(session, ExportKind.OTHER, job.description, job.member_ids)


def _everywhere(database: Database) -> Everywhere:
    rich = add_rich_person(database)
    with database.transaction("Add member") as session:
        other_id = create_member(
            session, person("Ville", "Virta"), [], MembershipData(rich.branch_id, joined_on=date(2015, 1, 1))
        )
    _calling(database, rich)
    meeting_id = _meetings(database, rich, other_id)
    _media_and_paper(database, rich)
    _recognitions(database, rich, other_id)
    return Everywhere(rich, other_id, meeting_id)


def test_the_access_request_names_every_area(database: Database) -> None:
    everywhere = _everywhere(database)
    with database.reading() as session:
        report = access_json(access_request(session, everywhere.rich.member_id, TODAY))
    others = report["other_records"]
    for table in (
        "call",
        "call_sheet_row",
        "call_task",
        "caller",
        "meeting_attendee",
        "agenda_item",
        "action_item",
        "media_item",
        "publication_article",
        "recognition",
    ):
        assert others.get(table), table
    # Where the person stepped out and where they dissented, not the whole minutes.
    assert {item["title"] for item in others["agenda_item"]} == {"Avustus", "Budjetti"}
    described = [export["description"] for export in report["exports"]]
    assert any(text.startswith("Call sheets") for text in described)
    assert any(text.startswith("Papers of the meeting") for text in described)
    assert any(text.startswith("Diplomas") for text in described)
    json.dumps(report)


def test_the_access_request_pdf_reads_the_other_records_in_the_person_s_language(database: Database) -> None:
    everywhere = _everywhere(database)
    with database.reading() as session:
        report = access_request(session, everywhere.rich.member_id, TODAY)
    text = " ".join(page.extract_text() for page in PdfReader(BytesIO(build_access_pdf(report, "sv"))).pages).split(
        "Övriga poster", 1
    )[1]
    flat = " ".join(text.split())
    assert "Möte: Piirihallitus 1/2026" in flat  # the meeting by its body and number, not its id
    assert "Närvaro: Närvarande" in flat
    ids = re.search(r".{80}[0-9a-f]{8}-[0-9a-f]{4}-.{40}", flat)
    assert ids is None, ids.group(0)  # no ids
    assert "created_at" not in flat and "member_id" not in flat


def test_erasure_leaves_the_canary_in_no_area(database: Database) -> None:
    everywhere = _everywhere(database)
    before = canary_traces(database)
    for table in ("call:", "call_task:", "recognition:", "export_log:", "operation:"):
        assert any(trace.startswith(table) for trace in before), table

    with database.transaction("Erase personal data") as session:
        erase_member(session, everywhere.rich.member_id, NOW)

    assert canary_traces(database) == []


def test_a_name_the_retention_rules_keep_stays_on_the_diplomas_it_signed(database: Database) -> None:
    everywhere = _everywhere(database)
    with database.transaction("Purge") as session:
        erase_member(session, everywhere.rich.member_id, NOW, keep_name=True)
    with database.reading() as session:
        signers = session.execute(
            select(Recognition.signers).where(Recognition.member_id == everywhere.other_id)
        ).scalar_one()
    assert signers is not None and f"{CANARY} Vortigaunt" in signers
