"""The demo district's spring meeting: jubilees, a volunteer of the year, thank-you diplomas, numbered and printable."""

from __future__ import annotations

from datetime import date
from io import BytesIO

from pypdf import PdfReader

from db.core.database import Database
from db.demo import generate_demo
from db.demo.recognition import spring_meeting
from db.recognition.models import RecognitionKind
from db.recognition.printout import build_diploma_job
from db.recognition.register import list_recognitions
from db.recognition.suggestions import jubilee_suggestions, volunteer_shortlist
from reports.recognition import build_diplomas

TODAY = date(2026, 11, 26)


def test_the_demo_prepares_the_spring_meetings_recognitions(database: Database) -> None:
    generate_demo(database, members=300, seed=3, today=TODAY)
    day, occasion, decision = spring_meeting(2026)
    with database.reading() as session:
        spring = list_recognitions(session, occasion=occasion)
        everything = list_recognitions(session)
        jubilees_left = jubilee_suggestions(session, 2026, TODAY)
        shortlist = volunteer_shortlist(session, 2026, TODAY)
        job = build_diploma_job(session, spring)
    kinds = [record.kind for record in spring]
    assert kinds.count(RecognitionKind.VOLUNTEER_OF_THE_YEAR) == 1
    assert kinds.count(RecognitionKind.THANK_YOU) >= 1 and kinds.count(RecognitionKind.JUBILEE) >= 1
    assert [record.number for record in spring] == [f"2026-{n:03d}" for n in range(1, len(spring) + 1)]
    assert all(record.awarded_on == day and record.decision == decision for record in spring)
    assert all([signer.role for signer in record.signers] == ["chair", "secretary"] for record in spring)
    assert all(record.jubilee_years in (10, 25, 40, 50) for record in spring if record.kind == RecognitionKind.JUBILEE)
    (last_year,) = [record for record in everything if record.year == 2025]
    assert (last_year.number, last_year.kind) == ("2025-001", RecognitionKind.VOLUNTEER_OF_THE_YEAR)
    # Those recognised are no longer suggested: their jubilee is given, last year's volunteer is off the list.
    given = {record.member_id for record in spring if record.kind == RecognitionKind.JUBILEE}
    assert not given & {suggestion.member_id for suggestion in jubilees_left}
    assert last_year.member_id not in {candidate.member_id for candidate in shortlist}
    pages = PdfReader(BytesIO(build_diplomas(job.diplomas, design_number=1))).pages
    assert len(pages) == len(spring)
    assert spring[0].member_name in pages[0].extract_text()
